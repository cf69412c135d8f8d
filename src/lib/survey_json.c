/* survey_json.c — a check on site as the phone sends it (JSON) read into a
 * yj_survey, for `yijia serve`'s POST /staff/checks: every member's type and
 * range checked here, with a message naming the member, before anything
 * reaches the editor.  The field values themselves (amenity codes, opening
 * hours, phone) are validated by yj_survey_apply, as import validates them.
 * The server stays free of jansson; this file knows no HTTP. */
#include "json.h"

#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 2000-01-01 and 2100-01-01 in Unix milliseconds */
#define MS_MIN 946684800000.0
#define MS_MAX 4102444800000.0

struct yj_survey_doc {
    json_t *root;
    char *amenities;   /* the array's codes joined with ';' */
};

void yj_survey_doc_free(yj_survey_doc *doc)
{
    if (doc == NULL)
        return;
    yj_json_free(doc->root);
    free(doc->amenities);
    free(doc);
}

/* Member `key` as a required string. */
static yj_code need_string(const char **out, const json_t *obj,
                           const char *key, yj_error *err)
{
    json_t *v = yj_json_get(obj, key);

    if (v == NULL)
        return yj_fail(err, YJ_EINVAL, "%s: missing", key);
    if ((*out = yj_json_str(v)) == NULL)
        return yj_fail(err, YJ_EINVAL, "%s: a string is needed", key);
    return YJ_OK;
}

/* Member `key` as a number within [min, max]. */
static yj_code need_number(double *out, const json_t *obj, const char *key,
                           double min, double max, yj_error *err)
{
    json_t *v = yj_json_get(obj, key);

    if (v == NULL)
        return yj_fail(err, YJ_EINVAL, "%s: missing", key);
    if (!json_is_number(v) || !yj_json_num(v, out) || !isfinite(*out))
        return yj_fail(err, YJ_EINVAL, "%s: a number is needed", key);
    if (*out < min || *out > max)
        return yj_fail(err, YJ_EINVAL, "%s: %g is out of range (%g..%g)", key,
                       *out, min, max);
    return YJ_OK;
}

/* Member `key` as an optional string: NULL when absent or null. */
static yj_code maybe_string(const char **out, const json_t *obj,
                            const char *key, yj_error *err)
{
    json_t *v = yj_json_get(obj, key);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return YJ_OK;
    if ((*out = yj_json_str(v)) == NULL)
        return yj_fail(err, YJ_EINVAL, "%s: a string or null is needed", key);
    return YJ_OK;
}

/* "amenities": null/absent (unchanged) or an array of codes → "a;b". */
static yj_code amenities(yj_survey_doc *doc, const json_t *obj,
                         yj_error *err)
{
    json_t *v = yj_json_get(obj, "amenities");
    size_t n, i, total = 1;
    char *p;

    if (v == NULL || json_is_null(v))
        return YJ_OK;
    if (!json_is_array(v))
        return yj_fail(err, YJ_EINVAL, "amenities: an array of amenity "
                       "codes or null is needed");
    n = yj_json_size(v);
    if (n > 64)
        return yj_fail(err, YJ_EINVAL, "amenities: %zu codes; at most 64",
                       n);
    for (i = 0; i < n; i++) {
        const char *code = yj_json_str(yj_json_at(v, i));
        if (code == NULL || code[0] == '\0' || strchr(code, ';') != NULL ||
            strlen(code) > 64)
            return yj_fail(err, YJ_EINVAL, "amenities: element %zu is not an "
                           "amenity code", i + 1);
        total += strlen(code) + 1;
    }
    if ((doc->amenities = p = malloc(total)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    *p = '\0';
    for (i = 0; i < n; i++) {
        const char *code = yj_json_str(yj_json_at(v, i));
        size_t len = strlen(code);
        if (i > 0)
            *p++ = ';';
        memcpy(p, code, len + 1);
        p += len;
    }
    return YJ_OK;
}

static bool submission_id_ok(const char *id)
{
    size_t n = strlen(id);

    return n >= 8 && n <= 64 &&
           strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789_-") == n;
}

yj_code yj_survey_from_json(yj_survey_doc **out, yj_survey *s,
                            const char *text, size_t len, yj_error *err)
{
    yj_survey_doc *doc;
    const json_t *o;
    double ms;
    yj_code rc;

    *out = NULL;
    memset(s, 0, sizeof *s);
    if ((doc = calloc(1, sizeof *doc)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    if ((rc = yj_json_load(&doc->root, text, len, err)) != YJ_OK)
        goto out;
    o = doc->root;
    if (!json_is_object(o)) {
        rc = yj_fail(err, YJ_EPARSE, "a JSON object is needed");
        goto out;
    }
    if ((rc = need_string(&s->submission_id, o, "id", err)) != YJ_OK)
        goto out;
    if (!submission_id_ok(s->submission_id)) {
        rc = yj_fail(err, YJ_EINVAL, "id: 8 to 64 of A-Z, a-z, 0-9, _ and -");
        goto out;
    }
    if ((rc = need_string(&s->station_id, o, "station", err)) != YJ_OK)
        goto out;
    if (s->station_id[0] == '\0' || strlen(s->station_id) > 64) {
        rc = yj_fail(err, YJ_EINVAL, "station: a station id is needed");
        goto out;
    }
    if ((rc = need_number(&s->point.lon, o, "lon", -180.0, 180.0, err)) !=
            YJ_OK ||
        (rc = need_number(&s->point.lat, o, "lat", -90.0, 90.0, err)) !=
            YJ_OK ||
        (rc = need_number(&s->accuracy_m, o, "accuracy_m", 0.0, 1000.0,
                          err)) != YJ_OK ||
        (rc = need_number(&ms, o, "measured_at", -HUGE_VAL, HUGE_VAL,
                          err)) != YJ_OK)
        goto out;
    if (ms < MS_MIN || ms >= MS_MAX) {
        rc = yj_fail(err, YJ_EINVAL, "measured_at: Unix milliseconds of a "
                     "time from 2000 to 2100 are needed");
        goto out;
    }
    if (s->accuracy_m <= 0.0) {
        rc = yj_fail(err, YJ_EINVAL, "accuracy_m: more than 0 m is needed");
        goto out;
    }
    s->measured_at = (int64_t)floor(ms / 1000.0);
    if ((rc = amenities(doc, o, err)) != YJ_OK ||
        (rc = maybe_string(&s->opening_hours, o, "opening_hours", err)) !=
            YJ_OK ||
        (rc = maybe_string(&s->phone, o, "phone", err)) != YJ_OK ||
        (rc = maybe_string(&s->note, o, "note", err)) != YJ_OK)
        goto out;
    s->amenities = doc->amenities;
out:
    if (rc != YJ_OK) {
        yj_survey_doc_free(doc);
        memset(s, 0, sizeof *s);
        return rc;
    }
    *out = doc;
    return YJ_OK;
}

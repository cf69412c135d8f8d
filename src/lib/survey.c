/* survey.c — a check on site: a staff member standing at a station sends
 * the phone's GPS fix, its accuracy and time, and what they saw (amenities,
 * opening hours, phone, a note); yj_survey_apply makes it one change of the
 * editor, as `yijia edit` would, under the staff member's name.
 *
 * Invariants: nothing is written unless everything is valid and the point
 * lies inside the district and within SURVEY_MAX_OUTSIDE_M of the
 * station's township; a submission id is applied at most once (its row in
 * survey_submissions says by which change); the fields are normalised and
 * validated by import.c and station.c, the one set of rules every input
 * path keeps.  No SQL here: db_survey.c and the editor (db_edit.c) do it. */
#include "crs.h"
#include "db_edit.h"
#include "db_survey.h"
#include "error.h"
#include "shape.h"
#include "station.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* How far outside its township a checked station may be.  Township
 * outlines are those of the reference data (metres to tens of metres off
 * the real lines) and a station on a boundary road may stand in the next
 * township; 2 km is a walk that no one mistakes for the right door. */
#define SURVEY_MAX_OUTSIDE_M 2000.0
#define SURVEY_MAX_ACCURACY_M 1000.0
/* A phone's clock may run ahead of the server's: a fix up to a day
 * "later" than now is taken as made now (checked_on never tomorrow). */
#define SURVEY_FUTURE_S 86400
/* 2000-01-01 00:00 in Beijing: a checked_on date before it is refused
 * anyway (station.c). */
#define SURVEY_EARLIEST 946656000
#define SURVEY_STAFF_MAX 160
/* The mean Earth radius (IUGG), metres. */
#define EARTH_RADIUS_M 6371008.8

static bool valid_submission_id(const char *id)
{
    size_t n = strlen(id), i;

    if (n < 8 || n > 64)
        return false;
    for (i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* A name as the history and coord_source write it: 1-160 bytes of UTF-8
 * without control characters. */
static bool valid_staff(const char *name)
{
    size_t n = strlen(name), i;

    if (n == 0 || n > SURVEY_STAFF_MAX || !yj_utf8_valid(NULL, name, n))
        return false;
    for (i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return false;
    return true;
}

/* Unix time t in Beijing (UTC+8 all year): "YYYY-MM-DD", and with
 * `minutes` " HH:MM" after it. */
static void beijing(char *buf, size_t size, int64_t t, bool minutes)
{
    time_t local = (time_t)(t + 8 * 3600);
    struct tm tm;

    if (gmtime_r(&local, &tm) == NULL ||
        strftime(buf, size, minutes ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm) ==
            0)
        snprintf(buf, size, "?");
}

static yj_code check_input(const yj_survey *s, yj_error *err)
{
    int64_t now = (int64_t)time(NULL);

    if (s->submission_id == NULL || !valid_submission_id(s->submission_id))
        return yj_fail(err, YJ_EINVAL, "submission id: '%s' is not 8-64 "
                       "letters, digits, '_' or '-'",
                       s->submission_id ? s->submission_id : "");
    if (s->staff == NULL || !valid_staff(s->staff))
        return yj_fail(err, YJ_EINVAL, "staff: not a name (1-%d bytes of "
                       "UTF-8 without control characters)",
                       SURVEY_STAFF_MAX);
    if (s->station_id == NULL || s->station_id[0] == '\0')
        return yj_fail(err, YJ_EINVAL, "station: missing");
    if (!(fabs(s->point.lon) <= 180.0) || !(fabs(s->point.lat) <= 90.0))
        return yj_fail(err, YJ_EINVAL, "position: %.10g, %.10g is not a "
                       "longitude and latitude", s->point.lon, s->point.lat);
    if (!(s->accuracy_m > 0.0 && s->accuracy_m <= SURVEY_MAX_ACCURACY_M))
        return yj_fail(err, YJ_EINVAL, "accuracy: %.10g m is out of range "
                       "(more than 0, at most %.0f m)", s->accuracy_m,
                       SURVEY_MAX_ACCURACY_M);
    if (s->measured_at < SURVEY_EARLIEST ||
        s->measured_at > now + SURVEY_FUTURE_S) {
        if (s->measured_at < SURVEY_EARLIEST)
            return yj_fail(err, YJ_EINVAL,
                           "measured at: %lld is before "
                           "2000",
                           (long long)s->measured_at);
        return yj_fail(err, YJ_EINVAL, "measured at: %lld is in the future",
                       (long long)s->measured_at);
    }
    return YJ_OK;
}

/* The distance in metres from p to the nearest edge of `shape` (p being
 * outside it).  Each edge is measured in a plane tangent at p (the
 * equirectangular projection around p: x east, y north, metres): within 2
 * km of p its distances are off by less than a metre here, far better
 * than the 2 km test needs, and edges farther away only need to come out
 * farther than 2 km, which they do. */
static double distance_to_rings(const yj_shape *shape, yj_lonlat p)
{
    double k = EARTH_RADIUS_M * YJ_PI / 180.0;
    double kx = k * cos(p.lat * YJ_PI / 180.0);
    double best = HUGE_VAL;
    size_t r, i;

    for (r = 0; r < shape->n_rings; r++) {
        size_t first = shape->ring_start[r], end = shape->ring_start[r + 1];
        for (i = first; i + 1 < end; i++) {
            double ax = (shape->points[i].lon - p.lon) * kx;
            double ay = (shape->points[i].lat - p.lat) * k;
            double bx = (shape->points[i + 1].lon - p.lon) * kx;
            double by = (shape->points[i + 1].lat - p.lat) * k;
            double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            /* the foot of the perpendicular from p (the origin), clamped
             * to the edge */
            double t = len2 > 0.0 ? -(ax * dx + ay * dy) / len2 : 0.0;
            double x, y, d;
            t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
            x = ax + t * dx;
            y = ay + t * dy;
            d = sqrt(x * x + y * y);
            if (d < best)
                best = d;
        }
    }
    return best;
}

/* Refuse a point outside the station's district, or more than
 * SURVEY_MAX_OUTSIDE_M outside its township.  What the database has no
 * outline for is not tested: a station of a district without one (义蓬街道
 * of 钱塘区 in the shipped data), a township without a polygon (盈丰街道,
 * 湘湖国家旅游度假区) or none named; a station without a district is
 * tested against every district outline. */
static yj_code check_position(yj_editor *ed, const yj_station *st,
                              yj_lonlat p, yj_error *err)
{
    yj_shape *shapes = NULL;
    size_t n = 0, i;
    const char *township = st->text[YJ_F_TOWNSHIP];
    const char *district = st->text[YJ_F_DISTRICT];
    double outside = HUGE_VAL;
    bool inside = false;
    yj_code rc;

    if ((rc = yj_editor_outlines(&shapes, &n, ed, district, true, err)) !=
        YJ_OK)
        return rc;
    for (i = 0; i < n && !inside; i++)
        inside = yj_shape_contains(&shapes[i], p);
    yj_shapes_free(shapes, n);
    if (n > 0 && !inside && district[0] == '\0')
        return yj_fail_input(err, YJ_INPUT_POSITION, YJ_EINVAL,
                             "the position is outside the district: is this "
                             "the right station?");
    if (n > 0 && !inside)
        return yj_fail_input(err, YJ_INPUT_POSITION, YJ_EINVAL,
                             "the position is outside %s: is this the right "
                             "station?",
                             district);
    if (township[0] == '\0')
        return YJ_OK;
    if ((rc = yj_editor_outlines(&shapes, &n, ed, township, false, err)) !=
        YJ_OK)
        return rc;
    for (i = 0; i < n && outside > 0.0; i++) {
        double d = yj_shape_contains(&shapes[i], p)
                       ? 0.0 : distance_to_rings(&shapes[i], p);
        if (d < outside)
            outside = d;
    }
    yj_shapes_free(shapes, n);
    if (n > 0 && outside > SURVEY_MAX_OUTSIDE_M)
        /* rounded up, so that a refusal never reads "2.0 km" */
        return yj_fail_input(err, YJ_INPUT_POSITION, YJ_EINVAL,
                             "the position is %.1f km outside %s: is this "
                             "the right station?",
                             ceil(outside / 100.0) / 10.0, township);
    return YJ_OK;
}

/* The note as one line: control characters (a phone's line breaks)
 * become spaces, and the ends are trimmed.  Into buf[size]. */
static void note_line(char *buf, size_t size, const char *note)
{
    size_t n, i, start = 0;

    snprintf(buf, size, "%s", note);
    for (i = 0; buf[i] != '\0'; i++)
        if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
            buf[i] = ' ';
    while (buf[start] == ' ')
        start++;
    memmove(buf, buf + start, strlen(buf + start) + 1);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
}

/* The station after the check: position, precision, source, date and
 * the edits, normalised as import and edit normalise them, then
 * validated. */
static yj_code surveyed(yj_station *after, yj_editor *ed, const yj_survey *s,
                        yj_error *err)
{
    yj_field_values v;
    char lon[40], lat[40], when[40], day[16], source[400];
    char *notes = NULL;
    yj_code rc;

    memset(&v, 0, sizeof v);
    v.empty_clears = true;
    v.crs = "wgs84";
    yj_format_degrees(lon, sizeof lon, nearbyint(s->point.lon * 1e9) / 1e9);
    yj_format_degrees(lat, sizeof lat, nearbyint(s->point.lat * 1e9) / 1e9);
    beijing(when, sizeof when, s->measured_at, true);
    beijing(day, sizeof day, s->measured_at, false);
    snprintf(source, sizeof source, "现场核查 %s %s ±%ld m (GPS, WGS84)",
             s->staff, when,
             lround(s->accuracy_m) < 1 ? 1L : lround(s->accuracy_m));
    v.value[YJ_F_LON] = lon;
    v.value[YJ_F_LAT] = lat;
    v.value[YJ_F_COORD_SOURCE] = source;
    v.value[YJ_F_COORD_PRECISION] = "surveyed";
    v.value[YJ_F_CHECKED_ON] = day;
    v.value[YJ_F_AMENITIES] = s->amenities;
    if (s->amenities != NULL)  /* seen on site, not the programme's list */
        v.value[YJ_F_AMENITIES_SOURCE] = "survey";
    v.value[YJ_F_OPENING_HOURS] = s->opening_hours;
    v.value[YJ_F_PHONE] = s->phone;
    if (s->note != NULL) {
        const char *old = after->text[YJ_F_NOTES];
        size_t size = strlen(old) + strlen(s->note) + 64;
        char *line;
        if ((notes = malloc(size)) == NULL ||
            (line = malloc(strlen(s->note) + 1)) == NULL) {
            free(notes);
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        }
        note_line(line, strlen(s->note) + 1, s->note);
        if (line[0] == '\0')
            snprintf(notes, size, "%s", old);
        else
            snprintf(notes, size, "%s%s%s 核查：%s", old, old[0] ? "；" : "",
                     day, line);
        free(line);
        v.value[YJ_F_NOTES] = notes;
    }
    rc = yj_import_apply(after, ed, &v, YJ_CRS_WGS84, "check on site", err);
    if (rc == YJ_OK)
        rc = yj_station_validate(after, err);
    free(notes);
    if (rc != YJ_OK && rc != YJ_ENOMEM) {
        rc = YJ_EINVAL;  /* a bad value sent, whatever the parser called it */
        if (err != NULL)
            err->code = rc;
    }
    return rc;
}

yj_code yj_survey_apply(yj_survey_result *out, yj_editor *ed,
                        const yj_survey *s, yj_error *err)
{
    yj_station before, after;
    yj_survey clamped;
    int64_t now;
    char command[128], applied_to[64];
    long long change_id = 0;
    bool found = false, changed = false;
    yj_code rc;

    memset(out, 0, sizeof *out);
    memset(&before, 0, sizeof before);
    memset(&after, 0, sizeof after);
    if ((rc = check_input(s, err)) != YJ_OK)
        return rc;
    if (s->measured_at > (now = (int64_t)time(NULL))) {
        clamped = *s; /* a phone clock ahead: the fix was made by now */
        clamped.measured_at = now;
        s = &clamped;
    }
    snprintf(command, sizeof command, "serve: check on site %s",
             s->submission_id);
    if ((rc = yj_editor_begin(ed, s->staff, command, err)) != YJ_OK)
        return rc;
    /* inside the change: two servers given one resend apply it once */
    if ((rc = yj_editor_submission(&change_id, &found, applied_to,
                                   sizeof applied_to, ed, s->submission_id,
                                   err)) != YJ_OK)
        goto out;
    if (found && strcasecmp(applied_to, s->station_id) != 0) {
        /* the same id for another station: not a resend */
        rc = yj_fail(err, YJ_ECONFLICT, "submission id '%s' was applied to "
                     "station %s, not %s: a new check needs a new id",
                     s->submission_id, applied_to, s->station_id);
        goto out;
    }
    if (found) {
        out->change_id = change_id;
        out->duplicate = true;
        goto out;  /* rolled back: nothing written */
    }
    if ((rc = yj_editor_get(&before, ed, s->station_id, err)) != YJ_OK)
        goto out;
    if (!yj_station_in_service(&before)) {
        rc = yj_fail(err, YJ_ENOTFOUND, "station %s closed on %s",
                     before.text[YJ_F_ID], before.text[YJ_F_CLOSED_ON]);
        goto out;
    }
    if ((rc = check_position(ed, &before, s->point, err)) != YJ_OK ||
        (rc = yj_station_copy(&after, &before, err)) != YJ_OK ||
        (rc = surveyed(&after, ed, s, err)) != YJ_OK ||
        (rc = yj_editor_put(&changed, ed, &after, err)) != YJ_OK)
        goto out;
    /* The same check sent twice under two ids in one minute changes
     * nothing the second time: it is the change that made the station
     * what it is (whose history row this change will not keep). */
    change_id = yj_editor_open_change(ed);
    if (!changed &&
        (rc = yj_editor_last_change(&change_id, ed, before.text[YJ_F_ID],
                                    err)) != YJ_OK)
        goto out;
    if ((rc = yj_editor_submission_add(ed, s->submission_id, s->staff,
                                       before.text[YJ_F_ID], change_id,
                                       err)) != YJ_OK)
        goto out;
    rc = yj_editor_commit(NULL, ed, err);
    if (rc == YJ_OK)
        out->change_id = change_id;
out:
    if (rc != YJ_OK || out->duplicate)
        yj_editor_rollback(ed);
    yj_station_clear(&before);
    yj_station_clear(&after);
    return rc;
}

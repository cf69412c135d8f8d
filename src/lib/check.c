/* check.c — `yijia check`: what is wrong with the stations before staff
 * publish them.  Errors: a field breaking its rule (station.c's rules, the
 * ones every input path applies), a point outside the district outline
 * (its own district's, or every district outline when its district field
 * is empty or names none the database knows) or outside its own
 * township's polygon, the same name twice.  A point
 * outside its township that lands inside once read as GCJ-02 (or BD-09)
 * is reported as the coordinate-system mix-up it almost surely is (the
 * shift is about 500 m in Hangzhou).  Warnings: two precisely located
 * stations under 30 m apart (a duplicate?), locations known only to the
 * township or district, of unknown precision or not at all, a station not
 * verified on site in the last year, a phone number of too few or too
 * many digits.  Closed stations are not checked.  And how many stations
 * were checked on site (precision surveyed) in the last year
 * (yj_check_surveyed), for the report's summary. */
#include "areas.h"
#include "calendar.h"
#include "crs.h"
#include "error.h"
#include "i18n.h"
#include "shape.h"
#include "station.h"
#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define NEAR_DUPLICATE_M 30.0

typedef struct finding_rec {
    yj_check_level level;
    char id[40];
    char field[24];
    char message[320];
} finding_rec;

typedef struct checker {
    const char *today;  /* YYYY-MM-DD */
    yj_area_rec *areas;
    size_t n_areas;
    char **towns;       /* the gazetteer's townships: name, district, ... */
    size_t n_towns;
    yj_station *stations;
    size_t n_stations;
    finding_rec *findings;
    size_t n_findings;
    yj_error *err;
    yj_code rc;
} checker;

static int take_station(void *payload, const yj_station *s)
{
    checker *c = payload;
    yj_station *grown;

    if ((grown = realloc(c->stations,
                         (c->n_stations + 1) * sizeof *grown)) == NULL ||
        (c->stations = grown,
         yj_station_copy(&grown[c->n_stations], s, c->err) != YJ_OK)) {
        c->rc = yj_fail(c->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    c->n_stations++;
    return 0;
}

static void add(checker *c, yj_check_level level, const char *id,
                const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add(checker *c, yj_check_level level, const char *id,
                const char *field, const char *fmt, ...)
{
    finding_rec *grown, *f;
    va_list ap;

    if (c->rc != YJ_OK)
        return;
    if ((grown = realloc(c->findings,
                         (c->n_findings + 1) * sizeof *grown)) == NULL) {
        c->rc = yj_fail(c->err, YJ_ENOMEM, "out of memory");
        return;
    }
    c->findings = grown;
    f = &grown[c->n_findings++];
    f->level = level;
    snprintf(f->id, sizeof f->id, "%s", id);
    snprintf(f->field, sizeof f->field, "%s", field);
    va_start(ap, fmt);
    /* the message in the reader's language (N_ at each call) */
    vsnprintf(f->message, sizeof f->message, _(fmt), ap);
    va_end(ap);
}

static int take_township(void *payload, const yj_township_info *t)
{
    checker *c = payload;
    char **grown;

    if ((grown = realloc(c->towns, (c->n_towns + 2) * sizeof *grown)) ==
        NULL) {
        c->rc = yj_fail(c->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    c->towns = grown;
    grown[c->n_towns] = yj_strndup(t->name, strlen(t->name));
    grown[c->n_towns + 1] = yj_strndup(t->district, strlen(t->district));
    c->n_towns += 2;
    if (grown[c->n_towns - 2] == NULL || grown[c->n_towns - 1] == NULL) {
        c->rc = yj_fail(c->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    return 0;
}

/* Whether the gazetteer has township `town` in district `district`. */
static bool gazetteer_has(const checker *c, const char *town,
                          const char *district)
{
    size_t i;

    for (i = 0; i + 1 < c->n_towns; i += 2)
        if (strcmp(c->towns[i], town) == 0 &&
            strcmp(c->towns[i + 1], district) == 0)
            return true;
    return false;
}

/* The area of that name that has a polygon, or NULL. */
static const yj_area_rec *area_named(const checker *c, const char *name,
                                     bool district)
{
    return yj_area_named(c->areas, c->n_areas, name, district);
}

/* Would the point be inside `shape` if it had been given in `crs`? */
static bool inside_as(const yj_shape *shape, yj_lonlat p, yj_crs crs)
{
    yj_lonlat q;

    return yj_crs_convert(&q, p, crs, YJ_CRS_WGS84, NULL) == YJ_OK &&
           yj_shape_contains(shape, q);
}

static void check_location(checker *c, const yj_station *s)
{
    const char *id = s->text[YJ_F_ID];
    const yj_area_rec *district, *town;
    yj_lonlat p;

    if (!s->has_point) {
        add(c, YJ_CHECK_WARNING, id, "lon",
            N_("no coordinates yet (geocode it "
               "or set them by hand)"));
        return;
    }
    p.lon = s->lon;
    p.lat = s->lat;
    district = area_named(c, s->text[YJ_F_DISTRICT], true);
    if (district != NULL && !yj_shape_contains(&district->shape, p)) {
        add(c, YJ_CHECK_ERROR, id, "lon",
            N_("%.6f,%.6f lies outside %s (the "
               "district outline)"),
            p.lon, p.lat, district->name);
        return;
    }
    /* Whatever the district field says, a point lies in a district the
     * database has an outline of, unless the gazetteer places the
     * station's township in a district without one (义蓬街道 of 钱塘区). */
    if (district == NULL &&
        !(s->text[YJ_F_DISTRICT][0] != '\0' &&
          gazetteer_has(c, s->text[YJ_F_TOWNSHIP], s->text[YJ_F_DISTRICT]))) {
        const yj_area_rec *outline = NULL;
        size_t i;
        for (i = 0; i < c->n_areas; i++) {
            if (!c->areas[i].district || c->areas[i].shape.n_rings == 0)
                continue;
            if (yj_shape_contains(&c->areas[i].shape, p))
                break;
            outline = &c->areas[i];
        }
        if (i == c->n_areas && outline != NULL) {
            if (s->text[YJ_F_DISTRICT][0] == '\0')
                add(c, YJ_CHECK_ERROR, id, "lon",
                    N_("'%s' at %.6f,%.6f lies outside %s (the district "
                       "outline; its district is not set): check its "
                       "coordinates"), s->text[YJ_F_NAME],
                    p.lon, p.lat, outline->name);
            else
                add(c, YJ_CHECK_ERROR, id, "lon",
                    N_("'%s' at %.6f,%.6f lies outside %s (the district "
                       "outline; its district '%s' has none): check its "
                       "coordinates"), s->text[YJ_F_NAME],
                    p.lon, p.lat, outline->name, s->text[YJ_F_DISTRICT]);
            return;
        }
    }
    town = area_named(c, s->text[YJ_F_TOWNSHIP], false);
    if (town != NULL && !yj_shape_contains(&town->shape, p)) {
        if (inside_as(&town->shape, p, YJ_CRS_GCJ02))
            add(c, YJ_CHECK_ERROR, id, "lon",
                N_("%.6f,%.6f lies outside %s but "
                   "inside once read as GCJ-02: Amap/Tencent coordinates "
                   "stored "
                   "as WGS84? (convert them: yijia convert --from gcj02 --to "
                   "wgs84)"),
                p.lon, p.lat, town->name);
        else if (inside_as(&town->shape, p, YJ_CRS_BD09))
            add(c, YJ_CHECK_ERROR, id, "lon",
                N_("%.6f,%.6f lies outside %s but "
                   "inside once read as BD-09: Baidu coordinates stored as "
                   "WGS84? (convert them: yijia convert --from bd09 --to "
                   "wgs84)"),
                p.lon, p.lat, town->name);
        else
            add(c, YJ_CHECK_ERROR, id, "lon",
                N_("%.6f,%.6f lies outside its "
                   "township %s"),
                p.lon, p.lat, town->name);
    }
    if (yj_station_is_approximate(s)) {
        const char *prec = s->text[YJ_F_COORD_PRECISION];
        if (strcmp(prec, "unknown") == 0)
            add(c, YJ_CHECK_WARNING, id, "coord_precision",
                N_("how precise "
                   "the location is, is unknown: distances to it are "
                   "approximate; check it on a map or geocode it"));
        else if (strcmp(prec, "district") == 0)
            add(c, YJ_CHECK_WARNING, id, "coord_precision",
                N_("located only "
                   "to its district (%s): distances to it are approximate; "
                   "geocode it"),
                prec);
        else
            add(c, YJ_CHECK_WARNING, id, "coord_precision",
                N_("located only "
                   "to its township (%s): distances to it are approximate; "
                   "geocode it"),
                prec);
    }
}

/* The same day a year before `today` (29 February: 28 February). */
static long year_before(long today)
{
    int y, m, d;

    yj_civil_from_days(today, &y, &m, &d);
    return yj_days_from_civil(y - 1, m, m == 2 && d == 29 ? 28 : d);
}

/* Hangzhou re-verifies every station each year. */
static void check_date(checker *c, const yj_station *s)
{
    const char *on = s->text[YJ_F_CHECKED_ON];
    long on_day, today, year_ago;

    if (on[0] == '\0') {
        add(c, YJ_CHECK_WARNING, s->text[YJ_F_ID], "checked_on",
            N_("never "
               "verified on site: visit it and record the date (yijia edit %s "
               "--set checked_on=%s)"),
            s->text[YJ_F_ID], c->today);
        return;
    }
    /* A date that is not one is reported by the field rules already. */
    if (!yj_parse_date(&on_day, on) || !yj_parse_date(&today, c->today))
        return;
    year_ago = year_before(today);
    if (on_day < year_ago)
        add(c, YJ_CHECK_WARNING, s->text[YJ_F_ID], "checked_on",
            N_("last "
               "verified on %s, more than a year before %s: due for its yearly "
               "check"),
            on, c->today);
    else if (on_day > today)
        add(c, YJ_CHECK_ERROR, s->text[YJ_F_ID], "checked_on",
            N_("%s is after "
               "today (%s)"),
            on, c->today);
}

/* Each number of a phone field ("0571-8888 8888; 13800000000") should
 * have the 7 to 13 digits of a Chinese number (with its area code). */
static void check_phone(checker *c, const yj_station *s)
{
    const char *p = s->text[YJ_F_PHONE];

    while (*p != '\0') {
        size_t n = strcspn(p, ";,/"), digits = 0, i;
        for (i = 0; i < n; i++)
            digits += p[i] >= '0' && p[i] <= '9';
        if (digits > 0 && (digits < 7 || digits > 13))
            add(c, YJ_CHECK_WARNING, s->text[YJ_F_ID], "phone",
                N_("'%.*s' has "
                   "%zu digits: not a phone number (7-13 digits, area code "
                   "included)"),
                (int)n, p, digits);
        p += n;
        if (*p != '\0')
            p++;
    }
}

static void check_pairs(checker *c)
{
    size_t i, j;

    for (i = 0; i < c->n_stations; i++) {
        const yj_station *a = &c->stations[i];
        for (j = i + 1; j < c->n_stations; j++) {
            const yj_station *b = &c->stations[j];
            if (strcmp(a->text[YJ_F_NAME], b->text[YJ_F_NAME]) == 0)
                add(c, YJ_CHECK_ERROR, b->text[YJ_F_ID], "name",
                    N_("'%s' is also the name of %s"), b->text[YJ_F_NAME],
                    a->text[YJ_F_ID]);
            if (a->has_point && b->has_point &&
                !yj_station_is_approximate(a) &&
                !yj_station_is_approximate(b)) {
                yj_lonlat p, q;
                double d;
                p.lon = a->lon;
                p.lat = a->lat;
                q.lon = b->lon;
                q.lat = b->lat;
                d = yj_geodesic_distance_m(p, q);
                if (d < NEAR_DUPLICATE_M)
                    add(c, YJ_CHECK_WARNING, b->text[YJ_F_ID], "lon",
                        N_("%.0f m from %s: the same station twice?"), d,
                        a->text[YJ_F_ID]);
            }
        }
    }
}

static int by_level_then_id(const void *x, const void *y)
{
    const finding_rec *a = x, *b = y;
    int d;

    if (a->level != b->level)
        return a->level == YJ_CHECK_ERROR ? -1 : 1;
    if ((d = strcmp(a->id, b->id)) != 0)
        return d;
    return strcmp(a->field, b->field);
}

yj_code yj_check_run(size_t *errors, size_t *warnings, yj_db *db,
                     const char *today, yj_finding_fn fn, void *payload,
                     yj_error *err)
{
    checker c;
    size_t i;
    yj_code rc;

    memset(&c, 0, sizeof c);
    c.err = err;
    c.today = today;
    *errors = *warnings = 0;
    if ((rc = yj_areas_load(&c.areas, &c.n_areas, db, err)) != YJ_OK ||
        (rc = yj_db_townships(db, take_township, &c, err)) != YJ_OK ||
        (rc = c.rc) != YJ_OK ||
        (rc = yj_db_list(db, NULL, take_station, &c, err)) != YJ_OK ||
        (rc = c.rc) != YJ_OK)
        goto done;
    for (i = 0; i < c.n_stations; i++) {
        yj_error verr;
        if (yj_station_validate(&c.stations[i], &verr) != YJ_OK) {
            /* "field: what is wrong" (yj_field_error) */
            const char *sep = strstr(verr.message, yj_error_separator());
            size_t n = sep ? (size_t)(sep - verr.message) : 0;
            char field[24];
            snprintf(field, sizeof field, "%.*s", (int)n, verr.message);
            add(&c, YJ_CHECK_ERROR, c.stations[i].text[YJ_F_ID], field, "%s",
                sep ? sep + strlen(yj_error_separator()) : verr.message);
        }
        check_location(&c, &c.stations[i]);
        check_date(&c, &c.stations[i]);
        check_phone(&c, &c.stations[i]);
    }
    check_pairs(&c);
    if ((rc = c.rc) != YJ_OK)
        goto done;
    /* no finding: no array (qsort takes no NULL, even for 0 items) */
    if (c.n_findings > 0)
        qsort(c.findings, c.n_findings, sizeof *c.findings,
              by_level_then_id);
    for (i = 0; i < c.n_findings; i++) {
        yj_finding f;
        f.level = c.findings[i].level;
        f.id = c.findings[i].id;
        f.field = c.findings[i].field;
        f.message = c.findings[i].message;
        *(f.level == YJ_CHECK_ERROR ? errors : warnings) += 1;
        if (fn != NULL && fn(payload, &f))
            break;
    }
done:
    yj_areas_free(c.areas, c.n_areas);
    for (i = 0; i < c.n_towns; i++)
        free(c.towns[i]);
    free(c.towns);
    for (i = 0; i < c.n_stations; i++)
        yj_station_clear(&c.stations[i]);
    free(c.stations);
    free(c.findings);
    return rc;
}

/* ---- checked on site in the last year (yj_check_surveyed) -------------------- */

typedef struct survey_count {
    long today, year_ago;
    size_t surveyed, stations;
    yj_station_fn fn;
    void *payload;
} survey_count;

static int count_surveyed(void *payload, const yj_station *s)
{
    survey_count *sc = payload;
    long on;

    sc->stations++;
    if (s->has_point &&
        strcmp(s->text[YJ_F_COORD_PRECISION], "surveyed") == 0 &&
        yj_parse_date(&on, s->text[YJ_F_CHECKED_ON]) &&
        on >= sc->year_ago && on <= sc->today) {
        sc->surveyed++;
        return 0;
    }
    if (sc->fn != NULL && sc->fn(sc->payload, s) != 0)
        sc->fn = NULL;  /* stop hearing, go on counting */
    return 0;
}

yj_code yj_check_surveyed(size_t *surveyed, size_t *stations, yj_db *db,
                          const char *today, yj_station_fn fn, void *payload,
                          yj_error *err)
{
    survey_count sc;
    yj_code rc;

    *surveyed = *stations = 0;
    memset(&sc, 0, sizeof sc);
    if (today == NULL || !yj_parse_date(&sc.today, today))
        return yj_fail(err, YJ_EINVAL, "'%s' is not a date YYYY-MM-DD",
                       today ? today : "");
    sc.year_ago = year_before(sc.today);
    sc.fn = fn;
    sc.payload = payload;
    if ((rc = yj_db_list(db, NULL, count_surveyed, &sc, err)) != YJ_OK)
        return rc;
    *surveyed = sc.surveyed;
    *stations = sc.stations;
    return YJ_OK;
}

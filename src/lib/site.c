/* site.c — the workers' phone page: its files (web/, embedded into the
 * library at build time, so the tool and the server carry it) and the data
 * files it reads, made from the database:
 *
 *   data/stations.json   every station in service, as `yijia list --format
 *                        json` writes them (the same writer)
 *   data/places.json     the gazetteer yj_db_find_place searches
 *                        (yj_db_places), for the page's own search offline
 *   data/outlines.json   the townships' and the district's outlines (the
 *                        map), GeoJSON
 *   data/schedule.json   each station's open, closed and unknown spans
 *                        for SITE_DAYS days, from the opening-hours
 *                        evaluator: the page tells "开放至 17:00" offline
 *                        without a second evaluator of its own
 *
 * `yijia serve` serves both at / and /data/; yj_site_export writes them
 * into a directory any static web server can host. */
#include "yijia.h"

#include "db.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Days of opening spans a static export carries, from the day it is made
 * (after them the page says the hours are unknown: export again). */
#define SITE_DAYS 62
#define LOOKAHEAD_DAYS 8 /* yj_hours_status's horizon, in days */
#define UTC_OFFSET_S (8 * 3600)

struct site_asset {
    const char *name;
    const unsigned char *data;
    size_t len;
};

#include "site_assets.inc"

#define N_ASSETS (sizeof site_assets / sizeof site_assets[0])

static const char *media_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
    };
    const char *dot = strrchr(name, '.');
    size_t i;

    for (i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* The i-th embedded file's name, bytes and media type; false past the
 * last. */
static bool site_file(size_t i, const char **name, const void **data,
                      size_t *len, const char **type)
{
    if (i >= N_ASSETS)
        return false;
    *name = site_assets[i].name;
    *data = site_assets[i].data;
    *len = site_assets[i].len;
    *type = media_type(site_assets[i].name);
    return true;
}

bool yj_site_find(const void **data, size_t *len, const char **type,
                  const char *name)
{
    size_t i;
    const char *n;

    for (i = 0; i < N_ASSETS; i++)
        if (strcmp(site_assets[i].name, name) == 0)
            return site_file(i, &n, data, len, type);
    return false;
}

const char *const yj_site_data_names[] = {
    "stations.json", "places.json", "outlines.json", "schedule.json", NULL,
};

/* ---- data/stations.json ----------------------------------------------------- */

typedef struct listing {
    yj_writer *w;
    yj_error err;
    bool failed;
} listing;

static int list_one(void *payload, const yj_station *s)
{
    listing *l = payload;

    l->failed = yj_writer_station(l->w, s, &l->err) != YJ_OK;
    return l->failed;
}

static yj_code write_stations(FILE *fp, yj_db *db, yj_error *err)
{
    listing l;
    yj_code rc;

    memset(&l, 0, sizeof l);
    if ((rc = yj_writer_new(&l.w, fp, YJ_FORMAT_JSON, false, err)) != YJ_OK)
        return rc;
    rc = yj_db_list(db, NULL, list_one, &l, err);
    if (rc == YJ_OK && l.failed) {
        rc = l.err.code;
        if (err != NULL)
            *err = l.err;
    }
    if (rc == YJ_OK)
        rc = yj_writer_finish(l.w, err);
    yj_writer_free(l.w);
    return rc;
}

/* ---- data/places.json --------------------------------------------------------- */

static const char *kind_name(yj_place_kind k)
{
    return k == YJ_PLACE_STATION    ? "station"
           : k == YJ_PLACE_TOWNSHIP ? "township"
                                    : "landmark";
}

typedef struct place_out {
    FILE *fp;
    size_t n;
} place_out;

static int put_place(void *payload, const yj_place_info *p)
{
    place_out *o = payload;
    char lon[32], lat[32];

    fputs(o->n++ ? ",\n  {\"kind\": " : "\n  {\"kind\": ", o->fp);
    yj_writer_json_literal(o->fp, kind_name(p->kind));
    fputs(", \"name\": ", o->fp);
    yj_writer_json_literal(o->fp, p->name);
    fputs(", \"short_name\": ", o->fp);
    yj_writer_json_literal(o->fp, p->short_name);
    fputs(", \"detail\": ", o->fp);
    yj_writer_json_literal(o->fp, p->detail);
    if (p->has_point)
        fprintf(o->fp, ", \"lon\": %s, \"lat\": %s",
                yj_format_degrees(lon, sizeof lon, p->point.lon),
                yj_format_degrees(lat, sizeof lat, p->point.lat));
    else
        fputs(", \"lon\": null, \"lat\": null", o->fp);
    fprintf(o->fp, ", \"approximate\": %s}",
            p->approximate ? "true" : "false");
    return 0;
}

static yj_code write_places(FILE *fp, yj_db *db, yj_error *err)
{
    place_out o = {fp, 0};
    yj_code rc;

    fputs("{\"places\": [", fp);
    rc = yj_db_places(db, put_place, &o, err);
    fputs(o.n ? "\n]}\n" : "]}\n", fp);
    return rc;
}

/* ---- data/outlines.json ------------------------------------------------------- */

static int put_outline(void *payload, const yj_area *a)
{
    place_out *o = payload;

    if (a->shape == NULL)
        return 0;
    fputs(o->n++ ? ",\n  {\"type\": \"Feature\", \"properties\": {\"name\": "
                 : "\n  {\"type\": \"Feature\", \"properties\": {\"name\": ",
          o->fp);
    yj_writer_json_literal(o->fp, a->name);
    fputs(", \"kind\": ", o->fp);
    yj_writer_json_literal(o->fp, a->kind);
    fputs("}, \"geometry\": ", o->fp);
    yj_shape_write_geojson(o->fp, a->shape);
    fputc('}', o->fp);
    return 0;
}

static yj_code write_outlines(FILE *fp, yj_db *db, yj_error *err)
{
    place_out o = {fp, 0};
    yj_code rc;

    fputs("{\"type\": \"FeatureCollection\", \"features\": [", fp);
    rc = yj_db_areas(db, put_outline, &o, err);
    fputs(o.n ? "\n]}\n" : "]}\n", fp);
    return rc;
}

/* ---- data/schedule.json -------------------------------------------------------- */

typedef struct schedule_out {
    FILE *fp;
    const yj_calendar *cal;
    int64_t from, until;
    size_t n;
    yj_error err;
    bool failed;
} schedule_out;

/* The station's spans: [[t, state], ...], each state holding from t to
 * the next t (the last until `until`).  A change is found within
 * yj_hours_status's horizon; where it finds none, the state holds at
 * least that long, and the search goes on from a week later. */
static int put_schedule(void *payload, const yj_station *s)
{
    schedule_out *o = payload;
    yj_open_status st;
    yj_open_state last;
    int64_t t = o->from;

    fputs(o->n++ ? ",\n  " : "\n  ", o->fp);
    yj_writer_json_literal(o->fp, s->text[YJ_F_ID]);
    fputs(": [", o->fp);
    if (yj_hours_text_status(&st, s->text[YJ_F_OPENING_HOURS], o->cal, t,
                             &o->err) != YJ_OK) {
        o->failed = true;
        return 1;
    }
    last = st.state;
    fprintf(o->fp, "[%lld, \"%s\"]", (long long)t,
            yj_hours_state_name(st.state));
    while (t < o->until) {
        if (st.has_next) {
            t = st.next_change;
        } else {
            t += 7 * 86400;
        }
        if (t >= o->until)
            break;
        if (yj_hours_text_status(&st, s->text[YJ_F_OPENING_HOURS], o->cal,
                                 t, &o->err) != YJ_OK) {
            o->failed = true;
            return 1;
        }
        if (st.state != last) {
            fprintf(o->fp, ", [%lld, \"%s\"]", (long long)t,
                    yj_hours_state_name(st.state));
            last = st.state;
        }
    }
    fputc(']', o->fp);
    return 0;
}

/* Local midnight (Beijing) of the day holding t. */
static int64_t day_start(int64_t t)
{
    int64_t local = t + UTC_OFFSET_S;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);

    return day * 86400 - UTC_OFFSET_S;
}

static yj_code write_schedule(FILE *fp, yj_db *db, int64_t now,
                              yj_error *err)
{
    schedule_out o;
    yj_code rc;

    memset(&o, 0, sizeof o);
    o.fp = fp;
    o.cal = yj_db_calendar(db);
    o.from = day_start(now);
    o.until = o.from + (int64_t)SITE_DAYS * 86400;
    fprintf(fp, "{\"from\": %lld, \"until\": %lld, \"lookahead_days\": %d, "
                "\"utc_offset_s\": %d, \"stations\": {",
            (long long)o.from, (long long)o.until, LOOKAHEAD_DAYS,
            UTC_OFFSET_S);
    rc = yj_db_list(db, NULL, put_schedule, &o, err);
    if (rc == YJ_OK && o.failed) {
        rc = o.err.code;
        if (err != NULL)
            *err = o.err;
    }
    fputs(o.n ? "\n}}\n" : "}}\n", fp);
    return rc;
}

yj_code yj_site_write_data(FILE *fp, yj_db *db, const char *name,
                           int64_t now, yj_error *err)
{
    if (strcmp(name, "stations.json") == 0)
        return write_stations(fp, db, err);
    if (strcmp(name, "places.json") == 0)
        return write_places(fp, db, err);
    if (strcmp(name, "outlines.json") == 0)
        return write_outlines(fp, db, err);
    if (strcmp(name, "schedule.json") == 0)
        return write_schedule(fp, db, now, err);
    return yj_fail(err, YJ_ENOTFOUND, "no data file '%s'", name);
}

/* ---- the whole site into a directory ------------------------------------------ */

static yj_code make_dir(const char *path, yj_error *err)
{
    struct stat st;

    if (mkdir(path, 0777) == 0)
        return YJ_OK;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return YJ_OK;
    if (errno == EEXIST)
        return yj_fail(err, YJ_EINVAL, "%s exists and is not a directory",
                       path);
    return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
}

/* Write one file of the site (replaced whole, as every file yijia
 * writes: file.c). */
static yj_code write_file(const char *dir, const char *name,
                          const void *data, size_t len, yj_db *db,
                          int64_t now, yj_error *err)
{
    char path[4096];
    yj_replace *r = NULL;
    FILE *fp;
    yj_code rc;
    int fd;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
        sizeof path)
        return yj_fail(err, YJ_EINVAL, "%s: the name is too long", dir);
    if ((rc = yj_replace_begin(&r, path, err)) != YJ_OK)
        return rc;
    if ((fd = dup(yj_replace_fd(r))) < 0 || (fp = fdopen(fd, "w")) == NULL) {
        if (fd >= 0)
            close(fd);
        yj_replace_abort(r);
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    }
    if (data != NULL)
        rc = fwrite(data, 1, len, fp) == len ? YJ_OK
                                             : yj_fail(err, YJ_EIO, "%s: %s",
                                                       path, strerror(errno));
    else
        rc = yj_site_write_data(fp, db, strrchr(name, '/') + 1, now, err);
    if (fclose(fp) != 0 && rc == YJ_OK)
        rc = yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    if (rc != YJ_OK) {
        yj_replace_abort(r);
        return rc;
    }
    return yj_replace_commit(r, err);
}

yj_code yj_site_export(const char *dir, yj_db *db, int64_t now,
                       yj_error *err)
{
    char sub[4096];
    const char *name, *type;
    const void *data;
    size_t len, i;
    yj_code rc;

    if (dir[0] == '\0')
        return yj_fail(err, YJ_EINVAL, "an empty directory name");
    if ((size_t)snprintf(sub, sizeof sub, "%s/data", dir) >= sizeof sub)
        return yj_fail(err, YJ_EINVAL, "%s: the name is too long", dir);
    if ((rc = make_dir(dir, err)) != YJ_OK ||
        (rc = make_dir(sub, err)) != YJ_OK)
        return rc;
    /* the data first: a page never points at data that is not there */
    for (i = 0; yj_site_data_names[i] != NULL; i++) {
        char name_in_dir[64];
        snprintf(name_in_dir, sizeof name_in_dir, "data/%s",
                 yj_site_data_names[i]);
        if ((rc = write_file(dir, name_in_dir, NULL, 0, db, now, err)) !=
            YJ_OK)
            return rc;
    }
    for (i = 0; site_file(i, &name, &data, &len, &type); i++)
        if ((rc = write_file(dir, name, data, len, db, now, err)) != YJ_OK)
            return rc;
    return YJ_OK;
}

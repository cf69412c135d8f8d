/* dataset.c — loading and cross-checking the data directory: stations.csv,
 * places.csv and boundaries.csv.
 *
 * Everything is validated before anything is written: each file's rows on
 * their own (station.c's rules for stations), then across files: unique
 * station ids, stations naming known townships, polygons naming known
 * townships.  The first problem stops the load with "FILE:LINE: ..." */
#include "dataset.h"

#include "calendar.h"

#include "csv.h"
#include "error.h"
#include "i18n.h"
#include "station.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Read a whole file into a heap buffer. */
static yj_code read_file(char **out, size_t *len, const char *path,
                         yj_error *err)
{
    FILE *fp = NULL;
    char *buf = NULL, *grown;
    size_t cap = 0, n = 0, got;
    yj_code rc = YJ_OK;

    *out = NULL;
    if ((fp = fopen(path, "rb")) == NULL)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            if ((grown = realloc(buf, cap)) == NULL) {
                rc = yj_fail(err, YJ_ENOMEM, "%s: out of memory", path);
                goto out;
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp))
        rc = yj_fail(err, YJ_EIO, "%s: read error", path);
out:
    fclose(fp);
    if (rc != YJ_OK) {
        free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return YJ_OK;
}

static char *join_path(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, file);
    return p;
}

/* An open data file: its buffer and reader. */
typedef struct table {
    char *path, *buf;
    size_t len;
    yj_csv_reader *reader;
} table;

static void table_close(table *t)
{
    yj_csv_reader_free(t->reader);
    free(t->buf);
    free(t->path);
    memset(t, 0, sizeof *t);
}

/* Open dir/file and read its header row into *header (borrowed until the
 * next read).  An empty file is YJ_EPARSE. */
static yj_code table_open(table *t, const yj_csv_record **header,
                          const char *dir, const char *file, yj_error *err)
{
    yj_code rc;

    memset(t, 0, sizeof *t);
    if ((t->path = join_path(dir, file)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    if ((rc = read_file(&t->buf, &t->len, t->path, err)) == YJ_OK &&
        (rc = yj_csv_reader_new(&t->reader, t->buf, t->len, t->path, ',',
                                err)) == YJ_OK &&
        (rc = yj_csv_read(header, t->reader, err)) == YJ_OK &&
        *header == NULL)
        rc = yj_fail(err, YJ_EPARSE, "%s:1: empty file (no header)", t->path);
    if (rc != YJ_OK)
        table_close(t);
    return rc;
}

/* Generic rows of places.csv and boundaries.csv: the header is mapped to
 * `names` (all required, unknown columns rejected), and each row's values
 * are checked for UTF-8 and handed over in `names` order. */
#define MAX_COLUMNS 8
typedef yj_code (*row_fn)(yj_dataset *ds, const char *const *v, size_t line,
                          const char *path, yj_error *err);

static yj_code read_rows(yj_dataset *ds, const char *file,
                         const char *const *names, size_t n_names, row_fn fn,
                         yj_error *err)
{
    table t;
    const yj_csv_record *rec;
    int index[MAX_COLUMNS];
    const char *v[MAX_COLUMNS];
    size_t ncols, i;
    yj_code rc;

    if ((rc = table_open(&t, &rec, ds->dir, file, err)) != YJ_OK)
        return rc;
    for (i = 0; i < n_names; i++)
        index[i] = -1;
    ncols = rec->count;
    for (i = 0; i < rec->count; i++) {
        size_t k;
        for (k = 0; k < n_names && strcmp(names[k], rec->fields[i]) != 0; k++)
            ;
        if (k == n_names || index[k] >= 0) {
            if (k == n_names)
                rc = yj_fail(err, YJ_EPARSE,
                             "%s:%zu: column %zu: unknown "
                             "column '%s'",
                             t.path, rec->line, i + 1, rec->fields[i]);
            else
                rc = yj_fail(err, YJ_EPARSE,
                             "%s:%zu: column %zu: repeated "
                             "column '%s'",
                             t.path, rec->line, i + 1, rec->fields[i]);
            goto out;
        }
        index[k] = (int)i;
    }
    for (i = 0; i < n_names; i++) {
        if (index[i] < 0) {
            rc = yj_fail(err, YJ_EPARSE, "%s:%zu: missing required column "
                         "'%s'", t.path, rec->line, names[i]);
            goto out;
        }
    }
    while ((rc = yj_csv_read(&rec, t.reader, err)) == YJ_OK && rec != NULL) {
        if (rec->count != ncols) {
            rc = yj_fail(err, YJ_EPARSE, "%s:%zu: expected %zu columns as in "
                         "the header, found %zu", t.path, rec->line, ncols,
                         rec->count);
            goto out;
        }
        for (i = 0; i < n_names; i++) {
            size_t bad;
            v[i] = rec->fields[index[i]];
            if (!yj_utf8_valid(&bad, v[i], strlen(v[i]))) {
                rc = yj_fail(err, YJ_EINVAL, "%s:%zu: %s: invalid UTF-8 at "
                             "byte %zu", t.path, rec->line, names[i], bad + 1);
                goto out;
            }
        }
        if ((rc = fn(ds, v, rec->line, t.path, err)) != YJ_OK)
            goto out;
    }
out:
    table_close(&t);
    return rc;
}

static char *dup(const char *s)
{
    return yj_strndup(s, strlen(s));
}

static yj_place *find_place(yj_place *list, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0)
            return &list[i];
    return NULL;
}

static yj_place *find_township(const yj_dataset *ds, const char *name)
{
    return find_place(ds->townships, ds->n_townships, name);
}

enum { P_NAME, P_SHORT, P_KIND, P_DISTRICT, P_LON, P_LAT, P_SOURCE, P_NOTES };
static const char *const place_columns[] = {
    "name", "short_name", "kind", "district", "lon", "lat", "coord_source",
    "notes",
};

static bool is_landmark_kind(const char *kind)
{
    return strcmp(kind, "metro") == 0 || strcmp(kind, "landmark") == 0;
}

static yj_code place_row(yj_dataset *ds, const char *const *v, size_t line,
                         const char *path, yj_error *err)
{
    yj_place *p, *grown, **list;
    size_t *count;
    bool landmark = is_landmark_kind(v[P_KIND]);
    bool has_lon = v[P_LON][0] != '\0', has_lat = v[P_LAT][0] != '\0';
    double lon = 0, lat = 0;

    if (v[P_NAME][0] == '\0')
        return yj_fail(err, YJ_EINVAL, "%s:%zu: name: empty", path, line);
    if (!landmark && strcmp(v[P_KIND], "township") != 0 &&
        strcmp(v[P_KIND], "zone") != 0)
        return yj_fail(err, YJ_EINVAL, "%s:%zu: kind: '%s' is not township, "
                       "zone, metro or landmark", path, line, v[P_KIND]);
    if (find_place(ds->townships, ds->n_townships, v[P_NAME]) != NULL ||
        find_place(ds->landmarks, ds->n_landmarks, v[P_NAME]) != NULL)
        return yj_fail(err, YJ_EINVAL, "%s:%zu: name: '%s' is listed twice",
                       path, line, v[P_NAME]);
    if (has_lon != has_lat)
        return yj_fail(err, YJ_EINVAL, "%s:%zu: %s: empty while the other "
                       "coordinate is given", path, line,
                       has_lon ? "lat" : "lon");
    if (landmark && !has_lon)
        return yj_fail(err, YJ_EINVAL, "%s:%zu: lon: a %s needs its "
                       "coordinates", path, line, v[P_KIND]);
    if (has_lon && (!yj_parse_double(&lon, v[P_LON]) || lon < -180 ||
                    lon > 180))
        return yj_fail(err, YJ_EINVAL, "%s:%zu: lon: '%s' is not a longitude",
                       path, line, v[P_LON]);
    if (has_lat && (!yj_parse_double(&lat, v[P_LAT]) || lat < -90 ||
                    lat > 90))
        return yj_fail(err, YJ_EINVAL, "%s:%zu: lat: '%s' is not a latitude",
                       path, line, v[P_LAT]);
    if (has_lon && v[P_SOURCE][0] == '\0')
        return yj_fail(err, YJ_EINVAL, "%s:%zu: coord_source: empty, but "
                       "lon,lat are given", path, line);
    list = landmark ? &ds->landmarks : &ds->townships;
    count = landmark ? &ds->n_landmarks : &ds->n_townships;
    grown = realloc(*list, (*count + 1) * sizeof *grown);
    if (grown == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    *list = grown;
    p = &grown[(*count)++];
    memset(p, 0, sizeof *p);
    p->lon = lon;
    p->lat = lat;
    p->has_point = has_lon;
    if ((p->name = dup(v[P_NAME])) == NULL ||
        (p->short_name = dup(v[P_SHORT])) == NULL ||
        (p->kind = dup(v[P_KIND])) == NULL ||
        (p->district = dup(v[P_DISTRICT])) == NULL ||
        (p->coord_source = dup(v[P_SOURCE])) == NULL ||
        (p->notes = dup(v[P_NOTES])) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    return YJ_OK;
}

/* ---- WKT ------------------------------------------------------------------
 * boundaries.csv's polygons are checked by this small parser before
 * SpatiaLite sees them: the grammar of a 2D POLYGON or MULTIPOLYGON,
 * plain decimal coordinates (number.c) within lon ±180 and lat ±90,
 * closed rings of at least 4 points, a bounded number of points, and an
 * extent a township or district can have.  What passes is what the read
 * path (shape.c, coverage, the map) can use; the fuzzer is
 * tests/fuzz/fuzz_wkt.c. */

#define WKT_MAX_POINTS 1000000
#define WKT_MAX_EXTENT_DEG 10.0 /* a county of China is at most about 6° */

typedef struct wkt_parser {
    const char *text, *p;
    size_t points, ring_points;
    yj_lonlat first, last;
    yj_box box;
    yj_error *err;
} wkt_parser;

/* `what`: a message in the reader's language (_() at each call). */
static yj_code wkt_fail(wkt_parser *w, const char *what)
{
    size_t col = 1, n = 0;
    const char *q;

    for (q = w->text; q < w->p; q++)
        col += ((unsigned char)*q & 0xC0) != 0x80;
    while (w->p[n] != '\0' && n < 12 &&
           ((unsigned char)w->p[n] >= 0x80 || w->p[n] > ' '))
        n++;
    while (n > 0 && n < 12 && ((unsigned char)w->p[n] & 0xC0) == 0x80)
        n--; /* do not cut a character */
    if (*w->p == '\0')
        return yj_fail(w->err, YJ_EINVAL,
                       "not valid polygon text: %s at "
                       "character %zu (found the end)",
                       what, col);
    return yj_fail(w->err, YJ_EINVAL,
                   "not valid polygon text: %s at "
                   "character %zu (found '%.*s')",
                   what, col, (int)n, w->p);
}

static void wkt_space(wkt_parser *w)
{
    while (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r')
        w->p++;
}

static bool wkt_char(wkt_parser *w, char c)
{
    wkt_space(w);
    if (*w->p != c)
        return false;
    w->p++;
    return true;
}

/* One coordinate: a plain decimal within [-limit, limit]. */
static yj_code wkt_number(wkt_parser *w, double *out, double limit,
                          const char *axis)
{
    char token[64], msg[sizeof ((yj_error *)0)->message + 16];
    size_t n;
    yj_error e;

    wkt_space(w);
    n = strcspn(w->p, " \t\r\n,()");
    if (n == 0)
        return wkt_fail(w, _("expected a number"));
    if (n >= sizeof token)
        return wkt_fail(w, _("a number too long"));
    memcpy(token, w->p, n);
    token[n] = '\0';
    if (yj_parse_real(out, token, -limit, limit, &e) != YJ_OK) {
        snprintf(msg, sizeof msg, "%s %s", axis, e.message);
        return wkt_fail(w, msg);
    }
    w->p += n;
    return YJ_OK;
}

static yj_code wkt_ring(wkt_parser *w)
{
    yj_code rc;

    if (!wkt_char(w, '('))
        return wkt_fail(w, _("expected '(' opening a ring"));
    w->ring_points = 0;
    do {
        yj_lonlat p;
        const char *at;
        if (w->points == WKT_MAX_POINTS)
            return wkt_fail(w, _("more than 1000000 points"));
        if ((rc = wkt_number(w, &p.lon, 180.0, _("longitude"))) != YJ_OK)
            return rc;
        at = w->p;
        wkt_space(w);
        if (w->p == at)
            return wkt_fail(w, _("expected a space between lon and lat"));
        if ((rc = wkt_number(w, &p.lat, 90.0, _("latitude"))) != YJ_OK)
            return rc;
        if (w->ring_points == 0)
            w->first = p;
        w->last = p;
        if (w->points == 0) {
            w->box.west = w->box.east = p.lon;
            w->box.south = w->box.north = p.lat;
        }
        w->box.west = p.lon < w->box.west ? p.lon : w->box.west;
        w->box.east = p.lon > w->box.east ? p.lon : w->box.east;
        w->box.south = p.lat < w->box.south ? p.lat : w->box.south;
        w->box.north = p.lat > w->box.north ? p.lat : w->box.north;
        w->points++;
        w->ring_points++;
    } while (wkt_char(w, ','));
    if (!wkt_char(w, ')'))
        return wkt_fail(w, _("expected ',' and a point, or ')' closing the "
                             "ring"));
    if (w->ring_points < 4)
        return wkt_fail(w, _("a ring of fewer than 4 points (a closed ring "
                             "has 3 corners and the first point again)"));
    if (w->first.lon != w->last.lon || w->first.lat != w->last.lat)
        return wkt_fail(w, _("a ring that does not end at its first point"));
    return YJ_OK;
}

static yj_code wkt_polygon(wkt_parser *w)
{
    yj_code rc;

    if (!wkt_char(w, '('))
        return wkt_fail(w, _("expected '(' opening a polygon"));
    do {
        if ((rc = wkt_ring(w)) != YJ_OK)
            return rc;
    } while (wkt_char(w, ','));
    if (!wkt_char(w, ')'))
        return wkt_fail(w, _("expected ',' and a ring, or ')' closing the "
                             "polygon"));
    return YJ_OK;
}

yj_code yj_wkt_check(yj_box *box, size_t *points, const char *wkt,
                     yj_error *err)
{
    wkt_parser w;
    yj_code rc;
    bool multi;

    memset(&w, 0, sizeof w);
    w.text = w.p = wkt;
    w.err = err;
    wkt_space(&w);
    multi = strncmp(w.p, "MULTIPOLYGON", 12) == 0;
    if (!multi && strncmp(w.p, "POLYGON", 7) != 0)
        return wkt_fail(&w, _("expected POLYGON or MULTIPOLYGON"));
    w.p += multi ? 12 : 7;
    if (multi) {
        if (!wkt_char(&w, '('))
            return wkt_fail(&w, _("expected '(' opening the multipolygon"));
        do {
            if ((rc = wkt_polygon(&w)) != YJ_OK)
                return rc;
        } while (wkt_char(&w, ','));
        if (!wkt_char(&w, ')'))
            return wkt_fail(&w, _("expected ',' and a polygon, or ')' closing "
                                  "the multipolygon"));
    } else if ((rc = wkt_polygon(&w)) != YJ_OK) {
        return rc;
    }
    wkt_space(&w);
    if (*w.p != '\0')
        return wkt_fail(&w, _("text after the polygon"));
    if (w.box.east - w.box.west > WKT_MAX_EXTENT_DEG ||
        w.box.north - w.box.south > WKT_MAX_EXTENT_DEG)
        return yj_fail(err, YJ_EINVAL, "the polygon spans %.6g° × %.6g° "
                       "(lon %.6g..%.6g, lat %.6g..%.6g): a township or "
                       "district is at most %.0f° across",
                       w.box.east - w.box.west, w.box.north - w.box.south,
                       w.box.west, w.box.east, w.box.south, w.box.north,
                       WKT_MAX_EXTENT_DEG);
    if (box != NULL)
        *box = w.box;
    if (points != NULL)
        *points = w.points;
    return YJ_OK;
}

enum { B_NAME, B_LEVEL, B_SOURCE, B_WKT };
static const char *const boundary_columns[] = {"name", "level", "source",
                                               "wkt"};

static yj_code boundary_row(yj_dataset *ds, const char *const *v, size_t line,
                            const char *path, yj_error *err)
{
    const char *wkt = v[B_WKT];
    yj_code rc;

    if ((rc = yj_wkt_check(NULL, NULL, wkt, err)) != YJ_OK) {
        char where[512];
        snprintf(where, sizeof where, "%s:%zu: wkt", path, line);
        yj_error_prefix(err, where);
        return rc;
    }
    if (strcmp(v[B_LEVEL], "district") == 0) {
        yj_district *d, *grown = realloc(ds->districts, (ds->n_districts + 1) *
                                                            sizeof *grown);
        if (grown == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        ds->districts = grown;
        d = &ds->districts[ds->n_districts++];
        memset(d, 0, sizeof *d);
        d->line = line;
        if ((d->name = dup(v[B_NAME])) == NULL ||
            (d->source = dup(v[B_SOURCE])) == NULL ||
            (d->wkt = dup(wkt)) == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
    } else if (strcmp(v[B_LEVEL], "township") == 0 ||
               strcmp(v[B_LEVEL], "zone") == 0) {
        yj_place *t = find_township(ds, v[B_NAME]);
        if (t == NULL)
            return yj_fail(err, YJ_EINVAL, "%s:%zu: name: '%s' is not in %s",
                           path, line, v[B_NAME], YJ_PLACES_FILE);
        if (t->wkt != NULL)
            return yj_fail(err, YJ_EINVAL, "%s:%zu: name: a second polygon "
                           "for '%s'", path, line, v[B_NAME]);
        t->wkt_line = line;
        if ((t->wkt = dup(wkt)) == NULL ||
            (t->wkt_source = dup(v[B_SOURCE])) == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
    } else {
        return yj_fail(err, YJ_EINVAL, "%s:%zu: level: '%s' is not district, "
                       "township or zone", path, line, v[B_LEVEL]);
    }
    return YJ_OK;
}


/* qsort has no context argument in C11: sort (id, index) pairs instead. */
typedef struct id_ref {
    const char *id;
    size_t index;
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcasecmp(x->id, y->id);

    if (c != 0)
        return c;
    return (x->index > y->index) - (x->index < y->index);
}

static yj_code check_unique_ids(const yj_dataset *ds, const char *path,
                                yj_error *err)
{
    id_ref *refs;
    size_t i;
    yj_code rc = YJ_OK;

    if (ds->n_stations < 2)
        return YJ_OK;
    if ((refs = malloc(ds->n_stations * sizeof *refs)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    for (i = 0; i < ds->n_stations; i++) {
        refs[i].id = ds->stations[i].text[YJ_F_ID];
        refs[i].index = i;
    }
    qsort(refs, ds->n_stations, sizeof *refs, cmp_id_ref);
    for (i = 1; i < ds->n_stations && rc == YJ_OK; i++) {
        if (strcasecmp(refs[i - 1].id, refs[i].id) == 0)
            rc = yj_fail(err, YJ_EINVAL, "%s:%zu: id: '%s' is already used on "
                         "line %zu", path, ds->station_lines[refs[i].index],
                         refs[i].id, ds->station_lines[refs[i - 1].index]);
    }
    free(refs);
    return rc;
}

static yj_code read_stations(yj_dataset *ds, yj_error *err)
{
    table t;
    const yj_csv_record *rec;
    yj_columns cols;
    size_t cap = 0, i;
    yj_code rc;

    if ((rc = table_open(&t, &rec, ds->dir, YJ_STATIONS_FILE, err)) != YJ_OK)
        return rc;
    if ((rc = yj_columns_from_header(&cols, rec, t.path, err)) != YJ_OK)
        goto out;
    while ((rc = yj_csv_read(&rec, t.reader, err)) == YJ_OK && rec != NULL) {
        if (ds->n_stations == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            yj_station *s = realloc(ds->stations, ncap * sizeof *s);
            size_t *l = s ? realloc(ds->station_lines, ncap * sizeof *l) : NULL;
            if (s != NULL)
                ds->stations = s;
            if (l == NULL) {
                rc = yj_fail(err, YJ_ENOMEM, "out of memory");
                goto out;
            }
            ds->station_lines = l;
            cap = ncap;
        }
        rc = yj_station_from_record(&ds->stations[ds->n_stations], &cols, rec,
                                    t.path, err);
        if (rc != YJ_OK)
            goto out;
        ds->station_lines[ds->n_stations++] = rec->line;
    }
    if (rc != YJ_OK)
        goto out;
    if ((rc = check_unique_ids(ds, t.path, err)) != YJ_OK)
        goto out;
    for (i = 0; i < ds->n_stations; i++) {
        const char *town = ds->stations[i].text[YJ_F_TOWNSHIP];
        if (town[0] != '\0' && find_township(ds, town) == NULL) {
            rc = yj_fail(err, YJ_EINVAL, "%s:%zu: township: '%s' is not in "
                         "%s (use its full name, e.g. 城厢街道)", t.path,
                         ds->station_lines[i], town, YJ_PLACES_FILE);
            goto out;
        }
    }
out:
    table_close(&t);
    return rc;
}

yj_code yj_dataset_load_calendar(yj_dataset *ds, const char *path,
                                 yj_error *err)
{
    yj_calendar *cal = NULL;
    char *buf = NULL;
    size_t len = 0;
    yj_code rc;

    rc = read_file(&buf, &len, path, err);
    if (rc == YJ_OK)
        rc = yj_calendar_parse(&cal, buf, len, path, err);
    free(buf);
    if (rc == YJ_OK) {
        yj_calendar_free(ds->calendar);
        ds->calendar = cal;
    }
    return rc;
}

size_t yj_dataset_calendar_days(const yj_dataset *ds)
{
    return yj_calendar_count(ds->calendar);
}

/* The holiday calendar, optional: without it `PH` evaluates as unknown. */
static yj_code read_holidays(yj_dataset *ds, yj_error *err)
{
    size_t size = strlen(ds->dir) + sizeof "/" YJ_HOLIDAYS_FILE;
    char *path;
    yj_code rc = YJ_OK;
    FILE *probe;

    if ((path = malloc(size)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    snprintf(path, size, "%s/%s", ds->dir, YJ_HOLIDAYS_FILE);
    if ((probe = fopen(path, "rb")) != NULL || errno != ENOENT) {
        if (probe != NULL)
            fclose(probe);
        rc = yj_dataset_load_calendar(ds, path, err);
    }
    free(path);
    return rc;
}

yj_code yj_dataset_load(yj_dataset **out, const char *dir, yj_error *err)
{
    yj_dataset *ds;
    yj_code rc;

    *out = NULL;
    if ((ds = calloc(1, sizeof *ds)) == NULL || (ds->dir = dup(dir)) == NULL) {
        free(ds);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    rc = read_rows(ds, YJ_PLACES_FILE, place_columns,
                   sizeof place_columns / sizeof place_columns[0], place_row,
                   err);
    if (rc == YJ_OK)
        rc = read_rows(ds, YJ_BOUNDARIES_FILE, boundary_columns,
                       sizeof boundary_columns / sizeof boundary_columns[0],
                       boundary_row, err);
    if (rc == YJ_OK)
        rc = read_stations(ds, err);
    if (rc == YJ_OK)
        rc = read_holidays(ds, err);
    if (rc != YJ_OK) {
        yj_dataset_free(ds);
        return rc;
    }
    *out = ds;
    return YJ_OK;
}

static void free_places(yj_place *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].short_name);
        free(list[i].kind);
        free(list[i].district);
        free(list[i].coord_source);
        free(list[i].notes);
        free(list[i].wkt);
        free(list[i].wkt_source);
    }
    free(list);
}

void yj_dataset_free(yj_dataset *ds)
{
    size_t i;

    if (ds == NULL)
        return;
    for (i = 0; i < ds->n_stations; i++)
        yj_station_clear(&ds->stations[i]);
    free_places(ds->townships, ds->n_townships);
    free_places(ds->landmarks, ds->n_landmarks);
    yj_calendar_free(ds->calendar);
    for (i = 0; i < ds->n_districts; i++) {
        free(ds->districts[i].name);
        free(ds->districts[i].source);
        free(ds->districts[i].wkt);
    }
    free(ds->stations);
    free(ds->station_lines);
    free(ds->districts);
    free(ds->dir);
    free(ds);
}

size_t yj_dataset_station_count(const yj_dataset *ds)
{
    return ds->n_stations;
}

const yj_station *yj_dataset_station(const yj_dataset *ds, size_t i)
{
    return i < ds->n_stations ? &ds->stations[i] : NULL;
}

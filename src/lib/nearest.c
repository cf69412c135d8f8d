/* nearest.c — nearest stations: a k-nearest search with exact geodesic
 * ranking.
 *
 * The search reads the stations in a window around the origin (db_query.c:
 * range scans of the Z-order index when there is no filter, else the
 * R*Tree joined with the filtered table), ranks them by geodesic distance
 * (geodesic.c) and accepts the k best only when the k-th lies within the
 * radius the window is known to cover; otherwise the window grows —
 * straight to the k-th distance when k candidates were seen, else
 * doubling.  Every station closer than that radius is inside the window,
 * so the answer is exactly the brute-force ranking, ties broken by id.
 * Small databases, "every match" queries and windows that would reach a
 * pole or the antimeridian rank a full scan instead.
 *
 * Window radius: one degree of latitude is at least 110 574 m (the meridian
 * at the equator), one degree of longitude at latitude φ at least
 * 111 319 m·cos φ; a 0.1% margin covers the rest.
 *
 * Exact geodesics only where they matter: a cheap distance (equirectangular
 * on the WGS84 radii at the mean latitude) is within 0.05% of the geodesic
 * for points up to 3° apart below 70° of latitude (measured over 2M random
 * pairs in China); with a 0.5% margin it bounds the geodesic from both
 * sides, and only candidates whose lower bound does not exceed the k-th
 * upper bound are measured exactly.  Farther candidates are bounded the same
 * way by Lambert's formula for long lines (0.1% margin).  While a search
 * collects, candidates that cannot be among the k nearest are dropped
 * (prune), so far from every station it holds a few k, not a million.
 *
 * Points held in memory (yj_db_hold_points) come without ids: candidates
 * are ordered by row id until the end, when the ids of those tied at a
 * distance that decides the answer are read and each such tie is ordered
 * by id (name_ties). */
#include "crs.h"
#include "db.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define M_PER_DEG_LAT 110574.0
#define M_PER_DEG_LON_EQUATOR 111319.0
#define FULL_SCAN_MAX 256   /* databases this small: always a full scan */
#define MAX_WINDOW_DEG 20.0 /* beyond this, a full scan is as good */
#define APPROX_MAX_DEG 3.0
#define APPROX_MAX_LAT 70.0
#define APPROX_MARGIN 0.005
#define LAMBERT_MARGIN 0.001

typedef struct candidate {
    long long fid;
    double lon, lat;
    double low_m, high_m; /* bounds of the distance; equal once exact */
    double bearing_deg;   /* once exact */
    bool exact;
    bool id_known;        /* else id is "", ordered by fid for now */
    char id[40];
} candidate;

typedef struct ranking {
    yj_lonlat origin;
    candidate *items;
    size_t n, cap;
    size_t k;           /* the search's k (0: every match) */
    double cut;         /* a candidate nearer than this may be among the
                           k nearest; farther ones are not kept */
    size_t prune_at;    /* prune when this many are kept */
    int failed;
    bool bad_point;     /* a row's point is off the globe: this one */
    candidate bad;
} ranking;

static double approx_m(yj_lonlat a, double lon, double lat)
{
    const double e2 = 0.00669437999014, semi_major = 6378137.0;
    double mean = (a.lat + lat) / 2.0 * YJ_PI / 180.0;
    double s = sin(mean), w = 1.0 - e2 * s * s;
    double m = semi_major * (1.0 - e2) / (w * sqrt(w));
    double n = semi_major / sqrt(w);
    double dy = (lat - a.lat) * YJ_PI / 180.0 * m;
    double dx = (lon - a.lon) * YJ_PI / 180.0 * n * cos(mean);

    return sqrt(dx * dx + dy * dy);
}

/* Lambert's formula for long lines on WGS84: the great circle between the
 * reduced latitudes, corrected for the flattening to first order —
 * within 0.01% of the geodesic (tens of metres over thousands of km); so
 * with a 0.1% margin (and a metre) it bounds the geodesic from both sides
 * where approx_m does not reach, at the cost of a few sines. */
static double lambert_m(yj_lonlat a, double lon, double lat)
{
    const double semi_major = 6378137.0, f = 1.0 / 298.257223563;
    const double rad = YJ_PI / 180.0;
    double b1 = atan((1.0 - f) * tan(a.lat * rad));
    double b2 = atan((1.0 - f) * tan(lat * rad));
    double s1 = sin((b2 - b1) / 2.0), s2 = sin((lon - a.lon) * rad / 2.0);
    double h = s1 * s1 + cos(b1) * cos(b2) * s2 * s2;
    double sigma = 2.0 * asin(sqrt(fmin(1.0, h)));
    double p = (b1 + b2) / 2.0, q = (b2 - b1) / 2.0;
    double half = sigma / 2.0, c2 = cos(half) * cos(half);
    double sn2 = sin(half) * sin(half), x, y;

    if (sigma < 1e-9 || c2 < 1e-12)
        return semi_major * sigma; /* the same point; nearly antipodal */
    x = (sigma - sin(sigma)) * sin(p) * sin(p) * cos(q) * cos(q) / c2;
    y = (sigma + sin(sigma)) * cos(p) * cos(p) * sin(q) * sin(q) / sn2;
    return semi_major * (sigma - f / 2.0 * (x + y));
}

static int by_high(const void *a, const void *b);

/* Drop what cannot be among the k nearest: the k-th smallest upper bound
 * seen is a distance some k stations are within; a candidate whose lower
 * bound exceeds it is not one of them (its upper bound exceeds it too, so
 * the k-th smallest stays).  Keeps memory to a few k when a search ranks
 * a million candidates (an origin far from every station). */
static void prune(ranking *r)
{
    size_t i, kept = 0;

    qsort(r->items, r->n, sizeof *r->items, by_high);
    r->cut = fmin(r->cut, r->items[r->k - 1].high_m);
    for (i = 0; i < r->n; i++)
        if (r->items[i].low_m <= r->cut)
            r->items[kept++] = r->items[i];
    r->n = kept;
}

static void measure_exactly(candidate *c, yj_lonlat origin)
{
    yj_lonlat p;

    p.lon = c->lon;
    p.lat = c->lat;
    yj_geodesic_measure(&c->low_m, &c->bearing_deg, origin, p);
    c->high_m = c->low_m;
    c->exact = true;
}

static int collect(void *payload, const yj_candidate *c)
{
    ranking *r = payload;
    candidate *item;
    size_t id_len;

    /* Database contents are input too: a point off the globe (a row
     * edited by another tool) stops the search with a message, never a
     * hang or a distance of NaN. */
    if (!(fabs(c->lon) <= 180.0 && fabs(c->lat) <= 90.0)) {
        r->bad_point = true;
        r->bad.fid = c->fid;
        r->bad.lon = c->lon;
        r->bad.lat = c->lat;
        snprintf(r->bad.id, sizeof r->bad.id, "%s", c->id ? c->id : "");
        return 1;
    }
    if (r->k > 0 && r->n >= r->prune_at) {
        prune(r);
        /* again when as many more are kept: amortised, even when many
         * lie within the bounds' margin of the k-th */
        r->prune_at = 2 * r->n > 4 * r->k + 64 ? 2 * r->n : 4 * r->k + 64;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        candidate *grown = realloc(r->items, cap * sizeof *grown);
        if (grown == NULL) {
            r->failed = 1;
            return 1;
        }
        r->items = grown;
        r->cap = cap;
    }
    item = &r->items[r->n++];
    item->fid = c->fid;
    item->lon = c->lon;
    item->lat = c->lat;
    item->id_known = c->id != NULL;
    id_len = c->id != NULL ? strlen(c->id) : 0; /* ids are short */
    if (id_len >= sizeof item->id)
        id_len = sizeof item->id - 1;
    if (id_len > 0)
        memcpy(item->id, c->id, id_len);
    item->id[id_len] = '\0';
    if (fabs(c->lat - r->origin.lat) <= APPROX_MAX_DEG &&
        fabs(c->lon - r->origin.lon) <= APPROX_MAX_DEG &&
        fabs(c->lat) <= APPROX_MAX_LAT && fabs(r->origin.lat) <= APPROX_MAX_LAT) {
        double d = approx_m(r->origin, c->lon, c->lat);
        item->low_m = d * (1.0 - APPROX_MARGIN);
        item->high_m = d * (1.0 + APPROX_MARGIN);
    } else {
        double d = lambert_m(r->origin, c->lon, c->lat);
        item->low_m = fmax(0.0, d * (1.0 - LAMBERT_MARGIN) - 1.0);
        item->high_m = d * (1.0 + LAMBERT_MARGIN) + 1.0;
    }
    item->exact = false;
    if (item->low_m > r->cut)
        r->n--; /* cannot be among the k nearest: not kept */
    return 0;
}

static int by_high(const void *a, const void *b)
{
    double x = ((const candidate *)a)->high_m;
    double y = ((const candidate *)b)->high_m;
    return (x > y) - (x < y);
}

/* Nearest first (exact distances), then by id (by fid while the ids are
 * not known: one scan gives all candidates or none their ids). */
static int compare(const void *a, const void *b)
{
    const candidate *x = a, *y = b;

    if (x->low_m != y->low_m)
        return x->low_m < y->low_m ? -1 : 1;
    if (x->id_known && y->id_known)
        return strcmp(x->id, y->id);
    return (x->fid > y->fid) - (x->fid < y->fid);
}

/* Order by id each run of candidates at the same distance that reaches
 * into the first n, reading their ids if the scan did not give them. */
static yj_code name_ties(ranking *r, yj_db *db, size_t n, yj_error *err)
{
    size_t i = 0, j, m;
    yj_code rc;

    while (i < n && i < r->n) {
        for (j = i + 1; j < r->n && r->items[j].low_m == r->items[i].low_m;
             j++)
            ;
        for (m = i; j - i > 1 && m < j; m++) {
            candidate *c = &r->items[m];
            if (c->id_known)
                continue;
            if ((rc = yj_db_station_id(c->id, sizeof c->id, db, c->fid,
                                       err)) != YJ_OK)
                return rc;
            c->id_known = true;
        }
        if (j - i > 1)
            qsort(r->items + i, j - i, sizeof *r->items, compare);
        i = j;
    }
    return YJ_OK;
}

/* Keep the candidates that can be among the k nearest (k = 0: all) within
 * `limit`, measure them exactly and sort them. */
static void rank(ranking *r, size_t k, double limit)
{
    double cut = limit;
    size_t i, kept = 0;

    if (k > 0 && r->n >= k) {
        qsort(r->items, r->n, sizeof *r->items, by_high);
        cut = fmin(cut, r->items[k - 1].high_m);
    }
    for (i = 0; i < r->n; i++) {
        candidate *c = &r->items[i];
        if (c->low_m > cut)
            continue;
        if (!c->exact)
            measure_exactly(c, r->origin);
        r->items[kept++] = *c;
    }
    r->n = kept;
    if (r->n > 1) /* qsort must not see NULL, even for 0 items */
        qsort(r->items, r->n, sizeof *r->items, compare);
}

/* The candidates in `box` (NULL: everywhere, counting those without
 * coordinates into *unlocated if not NULL) that pass `filter`, ranked. */
static yj_code gather(ranking *r, yj_db *db, const yj_box *box,
                      const yj_filter *filter, size_t k, double limit,
                      size_t *unlocated, yj_error *err)
{
    yj_code rc;

    r->n = 0;
    r->k = k;
    r->cut = limit;
    r->prune_at = 4 * k + 64;
    if (box != NULL && yj_filter_is_empty(filter))
        rc = yj_db_scan_points(db, box, collect, r, err);
    else
        rc = yj_db_scan(db, box, filter, collect, r, unlocated, err);
    if (r->bad_point) {
        if (r->bad.id[0] == '\0' &&
            yj_db_station_id(r->bad.id, sizeof r->bad.id, db, r->bad.fid,
                             NULL) != YJ_OK)
            snprintf(r->bad.id, sizeof r->bad.id, "of row %lld",
                     r->bad.fid);
        return yj_fail(err, YJ_EDB, "station %s in the database has lon "
                       "%.10g, lat %.10g: out of range (-180..180, -90..90); "
                       "set its coordinates with `yijia locate` or rebuild",
                       r->bad.id, r->bad.lon, r->bad.lat);
    }
    if (rc == YJ_OK && r->failed)
        rc = yj_fail(err, YJ_ENOMEM, "out of memory ranking stations");
    if (rc == YJ_OK)
        rank(r, k, limit);
    return rc;
}

static bool window(yj_box *box, double *radius_m, yj_lonlat o, double h_lat)
{
    double far_lat = fabs(o.lat) + h_lat;
    double cos_far, h_lon;

    if (h_lat > MAX_WINDOW_DEG || far_lat >= 89.0)
        return false;
    cos_far = cos(far_lat * YJ_PI / 180.0);
    h_lon = h_lat * M_PER_DEG_LAT / (M_PER_DEG_LON_EQUATOR * cos_far);
    if (o.lon - h_lon < -180.0 || o.lon + h_lon > 180.0)
        return false;
    box->west = o.lon - h_lon;
    box->east = o.lon + h_lon;
    box->south = o.lat - h_lat;
    box->north = o.lat + h_lat;
    /* Both half-axes are h_lat·110574 m at least; keep a 0.1% margin. */
    *radius_m = 0.999 * h_lat * M_PER_DEG_LAT;
    return true;
}

/* The first window: about 2k stations at the local density (the 3x3
 * degrees around the origin, recorded at build time), else the mean. */
static double first_half_height(yj_db *db, yj_lonlat o, size_t k)
{
    size_t located;
    yj_box extent;
    double density = yj_db_local_density(db, o), area, h;
    double want = (double)(k < 4 ? 4 : k) * 2.0;

    if (!(density > 0.0)) {
        yj_db_extent(&located, &extent, db);
        area = (extent.east - extent.west) * (extent.north - extent.south);
        if (located == 0 || !(area > 0.0))
            return 0.01;
        density = (double)located / area;
    }
    /* window area 4·h²/cos φ holds want stations at `density` per deg² */
    h = sqrt(want / density * cos(o.lat * YJ_PI / 180.0) / 4.0);
    return h < 1e-4 ? 1e-4 : h;
}

/* Rank by the growing window; *done false means: do a full scan. */
static yj_code ranked_window(ranking *r, bool *done, yj_db *db,
                             const yj_near *q, const yj_filter *filter,
                             yj_error *err)
{
    double h = first_half_height(db, q->origin, q->k);
    double limit = q->within_m > 0.0 ? q->within_m : INFINITY;
    yj_code rc;

    *done = false;
    if (q->within_m > 0.0)
        h = fmin(h, q->within_m / M_PER_DEG_LAT / 0.999 * 1.0001);
    for (;;) {
        yj_box box;
        double radius;

        if (!window(&box, &radius, q->origin, h))
            return YJ_OK; /* too large: full scan */
        if ((rc = gather(r, db, &box, filter, q->k, limit, NULL, err))
            != YJ_OK)
            return rc;
        if (radius >= limit) {
            *done = true; /* every station within the limit is here */
            return YJ_OK;
        }
        if (r->n >= q->k) {
            double kth = r->items[q->k - 1].low_m;
            if (kth <= radius) {
                *done = true; /* no station outside is nearer */
                return YJ_OK;
            }
            /* Grow straight to what the k-th needs (or to the limit). */
            h = fmax(h * 1.25, fmin(kth, limit) / M_PER_DEG_LAT / 0.999 *
                                   1.0001);
        } else {
            h *= 2.0;
        }
    }
}

/* The results on their way to the caller's function, in rank order. */
typedef struct emitting {
    const candidate *items;
    size_t next; /* the index of the next station visited */
    yj_hit_fn fn;
    void *payload;
} emitting;

static int emit(void *payload, const yj_station *s)
{
    emitting *out = payload;
    const candidate *c = &out->items[out->next++];
    yj_hit hit;

    hit.rank = out->next;
    hit.station = s;
    hit.distance_m = c->low_m; /* exact: low = high */
    hit.bearing_deg = c->bearing_deg;
    hit.approximate = yj_station_is_approximate(s);
    return out->fn(out->payload, &hit);
}

yj_code yj_nearest(size_t *unlocated, yj_db *db, const yj_near *q,
                   const yj_filter *filter, yj_hit_fn fn, void *payload,
                   yj_error *err)
{
    emitting out;
    ranking r;
    size_t located, i, n;
    yj_box extent;
    bool done = false;
    yj_code rc;

    if ((rc = yj_crs_check_point(q->origin, err)) != YJ_OK)
        return rc;
    if (!(q->within_m >= 0.0) || !isfinite(q->within_m))
        return yj_fail(err, YJ_EINVAL, "radius %g m is not a distance",
                       q->within_m);
    memset(&r, 0, sizeof r);
    r.origin = q->origin;
    yj_db_extent(&located, &extent, db);
    if ((rc = yj_db_read_begin(db, err)) != YJ_OK)
        return rc;

    if (q->k > 0 && located > FULL_SCAN_MAX)
        rc = ranked_window(&r, &done, db, q, filter, err);
    if (rc == YJ_OK && !done) /* a scan of all counts the unlocated too */
        rc = gather(&r, db, NULL, filter, q->k,
                    q->within_m > 0.0 ? q->within_m : INFINITY, unlocated,
                    err);
    else if (rc == YJ_OK && unlocated != NULL)
        rc = yj_db_count_unlocated(unlocated, db, filter, err);

    n = r.n;
    if (q->k > 0 && n > q->k)
        n = q->k;
    if (rc == YJ_OK)
        rc = name_ties(&r, db, n, err);
    for (i = 0; i < n && !(q->within_m > 0.0 && r.items[i].low_m > q->within_m);
         i++)
        ;
    n = i; /* the results: those within the radius */
    if (rc == YJ_OK && n > 0) {
        long long *fids = malloc(n * sizeof *fids);
        int stop;
        if (fids == NULL)
            rc = yj_fail(err, YJ_ENOMEM, "out of memory ranking stations");
        for (i = 0; rc == YJ_OK && i < n; i++)
            fids[i] = r.items[i].fid;
        out.items = r.items;
        out.next = 0;
        out.fn = fn;
        out.payload = payload;
        if (rc == YJ_OK)
            rc = yj_db_visit_fids(db, fids, n, emit, &out, &stop, err);
        free(fids);
    }
    yj_db_read_end(db);
    free(r.items);
    return rc;
}

/* db_points.c — the located stations' points held in memory (see
 * db_points.h): three arrays in Z-order key order (28 bytes a station), the
 * key ranges of a box searched as db_query.c searches the stations_zorder
 * index, and the 1° density grid that the station_density table holds.
 * Read once from the index itself, in key order: no sort.  Handles on the
 * same content of the same file (a server's workers) share one copy:
 * points are reference-counted and a small table keeps the latest of each
 * file. */
#include "db_points.h"
#include "db_sqlite.h"
#include "error.h"
#include "zorder.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#define DENSITY_CELLS (180L * 360L) /* yj_density_cell's range */

struct yj_points {
    atomic_int refs;   /* handles (and the shared table) holding it */
    size_t n, cap;
    long long *zkey;   /* ascending */
    double (*lonlat)[2];
    uint32_t *fid;
    uint32_t *density; /* located stations per 1° cell */
};

static void free_points(yj_points *p);

void yj_points_free(yj_points *p)
{
    if (p == NULL || atomic_fetch_sub(&p->refs, 1) > 1)
        return;
    free_points(p);
}

static void free_points(yj_points *p)
{
    free(p->zkey);
    free(p->lonlat);
    free(p->fid);
    free(p->density);
    free(p);
}

static bool reserve(yj_points *p, size_t cap)
{
    long long *zkey;
    double (*lonlat)[2];
    uint32_t *fid;

    if (cap > (size_t)UINT32_MAX + 1) /* row ids fit in 32 bits */
        return false;

    if ((zkey = realloc(p->zkey, cap * sizeof *zkey)) != NULL)
        p->zkey = zkey;
    if ((lonlat = realloc(p->lonlat, cap * sizeof *lonlat)) != NULL)
        p->lonlat = lonlat;
    if ((fid = realloc(p->fid, cap * sizeof *fid)) != NULL)
        p->fid = fid;
    if (zkey == NULL || lonlat == NULL || fid == NULL)
        return false;
    p->cap = cap;
    return true;
}

static void count_density(yj_points *p, double lon, double lat)
{
    long cell = yj_density_cell(lon, lat);

    if (cell >= 0 && cell < DENSITY_CELLS)
        p->density[cell]++;
}

yj_code yj_points_load(yj_points **out, sqlite3 *sql, size_t hint,
                       const char *path, yj_error *err)
{
    static const char text[] =
        "SELECT fid, zkey, lon, lat FROM stations INDEXED BY stations_zorder "
        "WHERE zkey IS NOT NULL ORDER BY zkey";
    yj_points *p;
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    *out = NULL;
    if ((p = calloc(1, sizeof *p)) == NULL ||
        (p->density = calloc(DENSITY_CELLS, sizeof *p->density)) == NULL ||
        !reserve(p, hint > 0 ? hint : 1024)) {
        yj_points_free(p);
        return yj_fail(err, YJ_ENOMEM, "out of memory holding the points");
    }
    if ((rc = yj_db_prepare(&st, sql, text, err)) != YJ_OK) {
        yj_error_prefix(err, path);
        yj_points_free(p);
        return rc;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long long fid = sqlite3_column_int64(st, 0);
        if (fid < 0 || fid > (long long)UINT32_MAX) {
            rc = yj_fail(err, YJ_EINVAL, "%s: station row id %lld is beyond "
                         "what held points record (2^32 - 1)", path, fid);
            break;
        }
        if (p->n == p->cap &&
        !reserve(p, p->cap < 1024 ? 1024 : p->cap + p->cap / 2)) {
            rc = yj_fail(err, YJ_ENOMEM, "out of memory holding the points");
            break;
        }
        p->fid[p->n] = (uint32_t)fid;
        p->zkey[p->n] = sqlite3_column_int64(st, 1);
        p->lonlat[p->n][0] = sqlite3_column_double(st, 2);
        p->lonlat[p->n][1] = sqlite3_column_double(st, 3);
        count_density(p, p->lonlat[p->n][0], p->lonlat[p->n][1]);
        p->n++;
    }
    if (rc == YJ_OK && step != SQLITE_DONE)
        rc = yj_db_fail(err, sql, path);
    sqlite3_finalize(st);
    if (rc != YJ_OK) {
        yj_points_free(p);
        return rc;
    }
    atomic_store(&p->refs, 1);
    *out = p;
    return YJ_OK;
}

/* ---- one copy for every handle on the same content --------------------- */

#define SHARED_SLOTS 4

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    yj_points_key key;
    yj_points *points;  /* the table's reference, or NULL */
} shared[SHARED_SLOTS];

static bool same_key(const yj_points_key *a, const yj_points_key *b)
{
    return a->dev == b->dev && a->ino == b->ino &&
           a->generation == b->generation && a->counter == b->counter;
}

yj_points *yj_points_shared(const yj_points_key *key)
{
    yj_points *p = NULL;
    size_t i;

    pthread_mutex_lock(&shared_lock);
    for (i = 0; i < SHARED_SLOTS && p == NULL; i++)
        if (shared[i].points != NULL && same_key(&shared[i].key, key)) {
            p = shared[i].points;
            atomic_fetch_add(&p->refs, 1);
        }
    pthread_mutex_unlock(&shared_lock);
    return p;
}

void yj_points_share(yj_points *p, const yj_points_key *key)
{
    yj_points *gone = NULL;
    size_t i, slot = 0;

    pthread_mutex_lock(&shared_lock);
    /* points no handle holds any more (only this table) go first: a file
     * rebuilt again and again must not keep its old copies */
    for (i = 0; i < SHARED_SLOTS; i++)
        if (shared[i].points != NULL &&
            atomic_load(&shared[i].points->refs) == 1) {
            yj_points *unused = shared[i].points;
            shared[i].points = NULL;
            atomic_fetch_sub(&unused->refs, 1);
            free_points(unused);
        }
    /* the file's slot (its older content), else an empty one, else the
     * first */
    for (i = 0; i < SHARED_SLOTS; i++)
        if (shared[i].points != NULL && shared[i].key.dev == key->dev &&
            shared[i].key.ino == key->ino)
            break;
    if (i == SHARED_SLOTS)
        for (i = 0; i < SHARED_SLOTS && shared[i].points != NULL; i++)
            ;
    slot = i < SHARED_SLOTS ? i : 0;
    gone = shared[slot].points;
    atomic_fetch_add(&p->refs, 1);
    shared[slot].points = p;
    shared[slot].key = *key;
    pthread_mutex_unlock(&shared_lock);
    yj_points_free(gone);
}

void yj_points_unshare_all(void)
{
    size_t i;

    pthread_mutex_lock(&shared_lock);
    for (i = 0; i < SHARED_SLOTS; i++) {
        yj_points_free(shared[i].points);
        shared[i].points = NULL;
    }
    pthread_mutex_unlock(&shared_lock);
}

size_t yj_points_count(const yj_points *p)
{
    return p->n;
}

/* The first index whose key is not below `key`. */
static size_t lower_bound(const yj_points *p, long long key)
{
    size_t lo = 0, hi = p->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->zkey[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int yj_points_scan(const yj_points *p, const yj_box *box, yj_candidate_fn fn,
                   void *payload)
{
    long long lo[YJ_Z_MAX_RANGES], hi[YJ_Z_MAX_RANGES];
    size_t n = yj_z_ranges(lo, hi, box), r, i;
    yj_candidate c;

    c.id = NULL;
    for (r = 0; r < n; r++) {
        for (i = lower_bound(p, lo[r]); i < p->n && p->zkey[i] < hi[r]; i++) {
            c.lon = p->lonlat[i][0];
            c.lat = p->lonlat[i][1];
            if (c.lon < box->west || c.lon > box->east ||
                c.lat < box->south || c.lat > box->north)
                continue; /* in the cell, outside the box */
            c.fid = p->fid[i];
            if (fn(payload, &c))
                return 1;
        }
    }
    return 0;
}

/* The sum over cells [a, b] of the grid (the key range the SQL sums). */
static double cell_sum(const yj_points *p, long a, long b)
{
    double total = 0.0;
    long cell;

    for (cell = a < 0 ? 0 : a; cell <= b && cell < DENSITY_CELLS; cell++)
        total += p->density[cell];
    return total;
}

double yj_points_density(const yj_points *p, yj_lonlat at)
{
    double total = 0.0;
    int dy;

    for (dy = -1; dy <= 1; dy++)
        total += cell_sum(p, yj_density_cell(at.lon - 1.0, at.lat + dy),
                          yj_density_cell(at.lon + 1.0, at.lat + dy));
    return total / 9.0;
}

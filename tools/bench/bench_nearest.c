/* bench_nearest.c — the measuring side of bench_nearest.sh.
 *
 *   bench_nearest inproc DB Q BOX [AMENITY]   yj_nearest k=5: median, p99 (µs)
 *   bench_nearest held DB Q BOX               the same with the points held
 *                                             in memory (yj_db_hold_points);
 *                                             adds the time holding took (ms)
 *   bench_nearest knn DB Q BOX                SpatiaLite's VirtualKNN, k=5
 *   bench_nearest exec RUNS CMD ARG... [--vs ANCHOR ARG...]
 *                                             a whole process: median, p99
 *                                             (ms) and its peak memory (KiB);
 *                                             with --vs, the anchor too, in
 *                                             alternating blocks (two lines)
 * BOX is W,S,E,N: origins are drawn there (deterministically), inside
 * mainland China.  Prints "median p99 peak_kib". */
#define _DEFAULT_SOURCE /* wait4 */
#include <yijia.h>

#include <sqlite3.h>
#include <spatialite.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* "median p99 peak_kib", and " extra" when extra >= 0. */
static void report(double *t, size_t n, long peak_kib, double extra)
{
    qsort(t, n, sizeof *t, cmp_double);
    printf("%.2f %.2f %ld", t[n / 2],
           t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], peak_kib);
    if (extra >= 0.0)
        printf(" %.0f", extra);
    printf("\n");
}

static unsigned long long state = 2026;
static double uniform(double lo, double hi)
{
    unsigned long long z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return lo + (hi - lo) * ((double)(z >> 11) / 9007199254740992.0);
}

static yj_lonlat *origins(size_t q, const char *box)
{
    double w, s, e, n;
    yj_lonlat *o = malloc(q * sizeof *o);
    size_t i;

    if (o == NULL || sscanf(box, "%lf,%lf,%lf,%lf", &w, &s, &e, &n) != 4)
        exit(2);
    for (i = 0; i < q; i++) {
        do {
            o[i].lon = uniform(w, e);
            o[i].lat = uniform(s, n);
        } while (!yj_crs_in_mainland(o[i]));
    }
    return o;
}

static long peak_kib(int who)
{
    struct rusage ru;

    getrusage(who, &ru);
    return ru.ru_maxrss;
}

static int count_hit(void *payload, const yj_hit *hit)
{
    (void)hit;
    (*(size_t *)payload)++;
    return 0;
}

static int inproc(const char *path, size_t q, const char *box,
                  const char *amenity, bool hold)
{
    yj_db *db = NULL;
    yj_error err;
    yj_filter f = {.amenities = amenity};
    yj_lonlat *o = origins(q, box);
    double *t = malloc(q * sizeof *t), held_ms = 0.0;
    size_t i, hits = 0;

    if (yj_db_open(&db, path, &err) != YJ_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    if (hold) {
        double t0 = now_us();
        if (yj_db_hold_points(db, &err) != YJ_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        held_ms = (now_us() - t0) / 1000.0;
    }
    for (i = 0; i < q + 20; i++) { /* 20 warm-up queries, not counted */
        yj_near near = {o[i % q], 5, 0};
        double t0 = now_us();
        if (yj_nearest(NULL, db, &near, &f, count_hit, &hits, &err) != YJ_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        if (i >= 20)
            t[i - 20] = now_us() - t0;
    }
    report(t, q, peak_kib(RUSAGE_SELF), hold ? held_ms : -1.0);
    yj_db_close(db);
    free(o);
    free(t);
    return hits > 0 ? 0 : 1;
}

static int knn(const char *path, size_t q, const char *box)
{
    sqlite3 *sql = NULL;
    sqlite3_stmt *st = NULL;
    void *cache;
    yj_lonlat *o = origins(q, box);
    double *t = malloc(q * sizeof *t);
    size_t i, rows = 0;

    spatialite_initialize();
    cache = spatialite_alloc_connection();
    if (sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return 1;
    spatialite_init_ex(sql, cache, 0);
    if (sqlite3_prepare_v2(sql,
                           "SELECT fid, distance FROM KNN WHERE f_table_name = "
                           "'stations' AND f_geometry_column = 'geom' AND "
                           "ref_geometry = MakePoint(?1, ?2, 4326) AND "
                           "max_items = 5", -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "knn: %s\n", sqlite3_errmsg(sql));
        return 1;
    }
    for (i = 0; i < q + 20; i++) {
        double t0 = now_us();
        sqlite3_bind_double(st, 1, o[i % q].lon);
        sqlite3_bind_double(st, 2, o[i % q].lat);
        while (sqlite3_step(st) == SQLITE_ROW)
            rows++;
        sqlite3_reset(st);
        if (i >= 20)
            t[i - 20] = now_us() - t0;
    }
    report(t, q, peak_kib(RUSAGE_SELF), -1.0);
    sqlite3_finalize(st);
    sqlite3_close(sql);
    spatialite_cleanup_ex(cache);
    free(o);
    free(t);
    return rows > 0 ? 0 : 1;
}

/* One run of cmd: its wall time (ms) and peak memory (KiB); -1 if it
 * failed. */
static double exec_once(char **cmd, long *peak_kib)
{
    struct rusage ru;
    int status;
    double t0 = now_us();
    pid_t pid = fork();

    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL)
            _exit(127);
        execvp(cmd[0], cmd);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "exec: %s failed\n", cmd[0]);
        return -1.0;
    }
    if (ru.ru_maxrss > *peak_kib)
        *peak_kib = ru.ru_maxrss;
    return (now_us() - t0) / 1000.0;
}

#define BLOCK 10

/* RUNS runs of CMD, or of CMD and the anchor ANCHOR in alternating blocks
 * of BLOCK runs: both see the machine's drift alike, and each mostly runs
 * after itself, as in a block of its own (one after the other would leave
 * the small process the caches the big one emptied): a report line for
 * each. */
static int exec_runs(size_t runs, char **cmd, char **anchor)
{
    double *t = malloc(runs * sizeof *t), *u = malloc(runs * sizeof *u);
    long peak = 0, peak_anchor = 0;
    size_t i, j;

    for (i = 0; i < runs; i += BLOCK) {
        for (j = i; j < runs && j < i + BLOCK; j++)
            if ((t[j] = exec_once(cmd, &peak)) < 0.0)
                return 1;
        for (j = i; anchor != NULL && j < runs && j < i + BLOCK; j++)
            if ((u[j] = exec_once(anchor, &peak_anchor)) < 0.0)
                return 1;
    }
    report(t, runs, peak, -1.0);
    if (anchor != NULL)
        report(u, runs, peak_anchor, -1.0);
    free(t);
    free(u);
    return 0;
}

int main(int argc, char **argv)
{
    yj_error err;

    /* As the yijia tool does; the SpatiaLite anchors run under it too. */
    if (yj_db_process_init(&err) != YJ_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    if (argc >= 5 && strcmp(argv[1], "inproc") == 0)
        return inproc(argv[2], (size_t)strtoul(argv[3], NULL, 10), argv[4],
                      argc > 5 ? argv[5] : NULL, false);
    if (argc == 5 && strcmp(argv[1], "held") == 0)
        return inproc(argv[2], (size_t)strtoul(argv[3], NULL, 10), argv[4],
                      NULL, true);
    if (argc == 5 && strcmp(argv[1], "knn") == 0)
        return knn(argv[2], (size_t)strtoul(argv[3], NULL, 10), argv[4]);
    if (argc >= 4 && strcmp(argv[1], "exec") == 0) {
        char **anchor = NULL;
        int i;
        for (i = 3; i < argc; i++)
            if (strcmp(argv[i], "--vs") == 0) {
                argv[i] = NULL; /* ends CMD */
                anchor = argv + i + 1;
                break;
            }
        if (anchor != NULL && anchor[0] == NULL)
            return 2;
        return exec_runs((size_t)strtoul(argv[2], NULL, 10), argv + 3, anchor);
    }
    fprintf(stderr, "usage: see the comment at the top of bench_nearest.c\n");
    return 2;
}

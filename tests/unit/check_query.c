/* check_query.c — nearest stations: equal to a brute-force geodesic ranking
 * (ties by id) for random origins, on the shipped 44 stations and on a
 * synthetic database large enough for the windowed search; filters,
 * radius, stations without coordinates; place names; map links. */
#include "test_util.h"
#include "yijia.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 12345;
static double uniform(double lo, double hi)
{
    return tu_uniform(&rng, lo, hi);
}

static yj_lonlat ll(double lon, double lat)
{
    yj_lonlat p = {lon, lat};
    return p;
}

/* ---- a database per fixture ---------------------------------------------- */

static char dir[256];
static yj_db *db;
static yj_dataset *ds;

static void open_built(void)
{
    yj_error err;
    char path[512];

    snprintf(path, sizeof path, "%s/s.sqlite", dir);
    ck_assert_msg(yj_dataset_load(&ds, dir, &err) == YJ_OK, "%s", err.message);
    ck_assert_msg(yj_db_build(NULL, path, ds, &err) == YJ_OK, "%s",
                  err.message);
    ck_assert_msg(yj_db_open(&db, path, &err) == YJ_OK, "%s", err.message);
}

static void setup_shipped(void)
{
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    tu_copy_data(dir);
    open_built();
}

/* 3000 synthetic stations around Xiaoshan: clusters with several stations
 * on exactly the same point (ties), some without coordinates, varied
 * amenities, categories and townships. */
#define N_SYNTHETIC 3000
static void setup_synthetic(void)
{
    static const char *const towns[] = {"城厢街道", "北干街道", "瓜沥镇", ""};
    static const char *const cats[] = {"community", "bank", "union", "other"};
    static const char *const ams[] = {"rest", "rest;toilet",
                                      "drinking_water;rest;first_aid",
                                      "toilet;wifi"};
    size_t cap = (size_t)N_SYNTHETIC * 256 + 1024, used = 0;
    char *csv = malloc(cap);
    int i;

    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    tu_copy_data(dir);
    used += (size_t)snprintf(csv + used, cap - used,
        "id,name,address,township,category,amenities,lon,lat,coord_source,"
        "coord_precision\n");
    for (i = 0; i < N_SYNTHETIC; i++) {
        double lon = uniform(119.9, 120.7), lat = uniform(29.8, 30.4);
        if (i % 10 == 1 || i % 10 == 2) { /* share a point with i - 1 */
            lon = 120.0 + (double)(i / 10) * 0.0005;
            lat = 30.0 + (double)(i / 10) * 0.0002;
        }
        if (i % 97 == 0) /* no coordinates */
            used += (size_t)snprintf(csv + used, cap - used,
                "S%05d,合成站点%d,合成地址%d号,%s,%s,%s,,,,\n", i, i, i,
                towns[i % 4], cats[(i / 4) % 4], ams[(i / 16) % 4]);
        else
            used += (size_t)snprintf(csv + used, cap - used,
                "S%05d,合成站点%d,合成地址%d号,%s,%s,%s,%.6f,%.6f,synthetic,"
                "poi\n", i, i, i, towns[i % 4], cats[(i / 4) % 4],
                ams[(i / 16) % 4], lon, lat);
    }
    tu_write(dir, "stations.csv", csv);
    free(csv);
    open_built();
}

/* One station only: held points then start with room for one. */
static void setup_single(void)
{
    char *all, *second;

    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    tu_copy_data(dir);
    all = tu_read(tu_path(dir, "stations.csv"), NULL);
    second = strchr(strchr(all, '\n') + 1, '\n'); /* after XS001 */
    second[1] = '\0';
    tu_write(dir, "stations.csv", all);
    free(all);
    open_built();
}

static void teardown(void)
{
    yj_db_close(db);
    db = NULL;
    yj_dataset_free(ds);
    ds = NULL;
    tu_rmdir(dir);
}

/* ---- the brute force ----------------------------------------------------- */

typedef struct ranked {
    const char *id;
    double distance_m;
} ranked;

static int by_distance_then_id(const void *a, const void *b)
{
    const ranked *x = a, *y = b;

    if (x->distance_m != y->distance_m)
        return x->distance_m < y->distance_m ? -1 : 1;
    return strcmp(x->id, y->id);
}

static bool has_all(const char *list, const char *required)
{
    char want[128], *tok, *save = NULL;

    snprintf(want, sizeof want, "%s", required);
    for (tok = strtok_r(want, ",;", &save); tok != NULL;
         tok = strtok_r(NULL, ",;", &save)) {
        char padded[160], hay[512];
        snprintf(padded, sizeof padded, ";%s;", tok);
        snprintf(hay, sizeof hay, ";%s;", list);
        if (strstr(hay, padded) == NULL)
            return false;
    }
    return true;
}

static bool passes(const yj_station *s, const yj_filter *f)
{
    if (f == NULL)
        return true;
    if (f->township && strcmp(s->text[YJ_F_TOWNSHIP], f->township) != 0)
        return false;
    if (f->category && strcmp(s->text[YJ_F_CATEGORY], f->category) != 0)
        return false;
    if (f->amenities && !has_all(s->text[YJ_F_AMENITIES], f->amenities))
        return false;
    if (f->text && strstr(s->text[YJ_F_NAME], f->text) == NULL &&
        strstr(s->text[YJ_F_ADDRESS], f->text) == NULL)
        return false;
    return true;
}

/* The expected answer: every located station through the filter, ranked. */
static size_t brute_force(ranked *out, yj_lonlat o, const yj_filter *f,
                          double within_m)
{
    size_t i, n = 0;

    for (i = 0; i < yj_dataset_station_count(ds); i++) {
        const yj_station *s = yj_dataset_station(ds, i);
        double d;
        if (!s->has_point || !passes(s, f))
            continue;
        ck_assert_int_eq(yj_geodesic_inverse(&d, NULL, o, ll(s->lon, s->lat),
                                             NULL), YJ_OK);
        if (within_m > 0 && d > within_m)
            continue;
        out[n].id = s->text[YJ_F_ID];
        out[n].distance_m = d;
        n++;
    }
    qsort(out, n, sizeof *out, by_distance_then_id);
    return n;
}

typedef struct got {
    char ids[64][16];
    double distance[64];
    size_t n;
} got;

static int keep(void *payload, const yj_hit *hit)
{
    got *g = payload;

    ck_assert_uint_eq(hit->rank, g->n + 1);
    if (g->n < 64) {
        snprintf(g->ids[g->n], sizeof g->ids[0], "%s",
                 hit->station->text[YJ_F_ID]);
        g->distance[g->n] = hit->distance_m;
    }
    g->n++;
    return 0;
}

static void expect_same_ranking(yj_lonlat o, size_t k, const yj_filter *f,
                                double within_m)
{
    static ranked want[N_SYNTHETIC + 100];
    yj_near q = {o, k, within_m};
    yj_error err;
    got g;
    size_t n = brute_force(want, o, f, within_m), i;

    memset(&g, 0, sizeof g);
    ck_assert_msg(yj_nearest(NULL, db, &q, f, keep, &g, &err) == YJ_OK, "%s",
                  err.message);
    if (n > k)
        n = k;
    ck_assert_msg(g.n == n, "origin (%.6f, %.6f) k=%zu: %zu results, want "
                  "%zu", o.lon, o.lat, k, g.n, n);
    for (i = 0; i < n && i < 64; i++) {
        ck_assert_msg(strcmp(g.ids[i], want[i].id) == 0,
                      "origin (%.6f, %.6f) k=%zu rank %zu: %s, want %s",
                      o.lon, o.lat, k, i + 1, g.ids[i], want[i].id);
        ck_assert_double_eq(g.distance[i], want[i].distance_m);
    }
}

/* ---- the tests ----------------------------------------------------------- */

START_TEST(test_shipped_nearest_equals_brute_force)
{
    int i;

    for (i = 0; i < 300; i++) {
        yj_lonlat o = ll(uniform(119.9, 120.7), uniform(29.8, 30.4));
        expect_same_ranking(o, 1 + (size_t)(i % 7), NULL, 0);
    }
    /* On a township point: eight-way ties, broken by id. */
    expect_same_ranking(ll(120.248208, 30.164714), 10, NULL, 0);
}
END_TEST

START_TEST(test_synthetic_nearest_equals_brute_force)
{
    static const size_t ks[] = {1, 3, 5, 10, 40};
    yj_filter amenity = {.amenities = "toilet"};
    yj_filter two = {.amenities = "rest,first_aid"};
    yj_filter town = {.township = "北干街道", .category = "bank"};
    yj_filter text = {.text = "站点12"};
    int i;

    for (i = 0; i < 400; i++) {
        /* inside the cloud, at its edges and well outside it */
        yj_lonlat o = ll(uniform(119.5, 121.1), uniform(29.5, 30.7));
        expect_same_ranking(o, ks[i % 5], NULL, 0);
        if (i % 4 == 0) {
            expect_same_ranking(o, 5, &amenity, 0);
            expect_same_ranking(o, 3, &two, 0);
            expect_same_ranking(o, 2, &town, 0);
            expect_same_ranking(o, 4, &text, 0);
            expect_same_ranking(o, 10, NULL, 3000.0);
            expect_same_ranking(o, 5, &amenity, 20000.0);
        }
    }
    /* Exactly on shared points: ties broken by id. */
    for (i = 0; i < 50; i++)
        expect_same_ranking(ll(120.0 + i * 0.0005, 30.0 + i * 0.0002), 6,
                            NULL, 0);
    /* Far away (another province): the window grows to a full answer. */
    expect_same_ranking(ll(116.4, 39.9), 3, NULL, 0);
}
END_TEST

/* From anywhere on the globe — other continents, near the poles, near
 * the antipode of the stations — the ranking is the brute force's: far
 * candidates are bounded by Lambert's formula before they are measured,
 * and those that cannot be among the k nearest are dropped as the search
 * goes. */
START_TEST(test_far_origins_equal_brute_force)
{
    static const size_t ks[] = {1, 3, 5, 10};
    int i;

    for (i = 0; i < 120; i++) {
        yj_lonlat o = ll(uniform(-180.0, 180.0), uniform(-89.0, 89.0));
        expect_same_ranking(o, ks[i % 4], NULL, 0);
    }
    /* around the antipode of the stations (-59.7, -30.2) */
    for (i = 0; i < 20; i++)
        expect_same_ranking(ll(uniform(-60.5, -59.0), uniform(-31.0, -29.5)),
                            ks[i % 4], NULL, 0);
    expect_same_ranking(ll(0.0, 89.9), 5, NULL, 0);
    expect_same_ranking(ll(179.99, -60.0), 3, NULL, 0);
}
END_TEST

/* Points held in memory give the same answers; filtered queries, which
 * still read SQL, too. */
START_TEST(test_held_points_equal_brute_force)
{
    static const size_t ks[] = {1, 3, 5, 10, 40};
    yj_filter amenity = {.amenities = "toilet"};
    yj_error err;
    int i;

    ck_assert_msg(yj_db_hold_points(db, &err) == YJ_OK, "%s", err.message);
    ck_assert_int_eq(yj_db_hold_points(db, &err), YJ_OK); /* idempotent */
    for (i = 0; i < 200; i++) {
        yj_lonlat o = ll(uniform(119.5, 121.1), uniform(29.5, 30.7));
        expect_same_ranking(o, ks[i % 5], NULL, 0);
        if (i % 8 == 0) {
            expect_same_ranking(o, 5, &amenity, 0);
            expect_same_ranking(o, 10, NULL, 3000.0);
        }
    }
    for (i = 0; i < 50; i++)
        expect_same_ranking(ll(120.0 + i * 0.0005, 30.0 + i * 0.0002), 6,
                            NULL, 0);
    expect_same_ranking(ll(116.4, 39.9), 3, NULL, 0);
}
END_TEST

/* Another connection's change, as `yijia add/edit/remove` in another
 * process makes it: a copy of station `from` as `id` (moved to lonlat
 * unless NULL), or with id NULL, `from` purged. */
static void change_elsewhere(const char *from, const char *id,
                             const double *lonlat)
{
    char path[512];
    yj_editor *ed = NULL;
    yj_station s;
    yj_error err;

    snprintf(path, sizeof path, "%s/s.sqlite", dir);
    ck_assert_msg(yj_editor_open(&ed, path, 5000, false, &err) == YJ_OK,
                  "%s", err.message);
    ck_assert_msg(yj_editor_begin(ed, "test", "check_query", &err) == YJ_OK,
                  "%s", err.message);
    if (id == NULL) {
        ck_assert_msg(yj_editor_purge(ed, from, &err) == YJ_OK, "%s",
                      err.message);
    } else {
        ck_assert_msg(yj_editor_get(&s, ed, from, &err) == YJ_OK, "%s",
                      err.message);
        ck_assert_int_eq(yj_station_set(&s, YJ_F_ID, id, &err), YJ_OK);
        if (lonlat != NULL) {
            char num[32];
            snprintf(num, sizeof num, "%.6f", lonlat[0]);
            ck_assert_int_eq(yj_station_set(&s, YJ_F_LON, num, &err), YJ_OK);
            snprintf(num, sizeof num, "%.6f", lonlat[1]);
            ck_assert_int_eq(yj_station_set(&s, YJ_F_LAT, num, &err), YJ_OK);
            s.lon = lonlat[0];
            s.lat = lonlat[1];
        }
        ck_assert_msg(yj_editor_put(NULL, ed, &s, &err) == YJ_OK, "%s",
                      err.message);
        yj_station_clear(&s);
    }
    ck_assert_msg(yj_editor_commit(NULL, ed, &err) == YJ_OK, "%s",
                  err.message);
    yj_editor_close(ed);
}

static void expect_first(yj_lonlat o, size_t k, const char *const *ids)
{
    yj_near q = {o, k, 0};
    yj_error err;
    got g;
    size_t i;

    memset(&g, 0, sizeof g);
    ck_assert_msg(yj_nearest(NULL, db, &q, NULL, keep, &g, &err) == YJ_OK,
                  "%s", err.message);
    ck_assert_uint_eq(g.n, k);
    for (i = 0; i < k && ids[i] != NULL; i++)
        ck_assert_msg(strcmp(g.ids[i], ids[i]) == 0, "rank %zu: %s, want %s",
                      i + 1, g.ids[i], ids[i]);
}

/* Held points follow the file: a station added (its row id the largest,
 * its id the smallest of a tie), moved and removed by another connection
 * is found, found where it moved and no longer found. */
START_TEST(test_held_points_follow_changes)
{
    static const char *const tie[] = {"S00011", "S00012", NULL};
    static const char *const tie_added[] = {"A00011", "S00011", "S00012",
                                            NULL};
    static const char *const moved[] = {"B00500", NULL};
    const double far_corner[2] = {120.69, 30.39};
    yj_lonlat shared = ll(120.0005, 30.0002); /* S00011 and S00012 */
    yj_error err;

    ck_assert_msg(yj_db_hold_points(db, &err) == YJ_OK, "%s", err.message);
    expect_first(shared, 2, tie);
    change_elsewhere("S00011", "A00011", NULL);
    expect_first(shared, 3, tie_added);
    change_elsewhere("S00500", "B00500", far_corner);
    expect_first(ll(far_corner[0], far_corner[1]), 1, moved);
    change_elsewhere("A00011", NULL, NULL);
    expect_first(shared, 2, tie);
}
END_TEST

/* Held points of a one-station file grow as other connections add
 * stations one by one (each reload needs more room than the last held):
 * every station is found, nearest first. */
START_TEST(test_held_points_grow_from_one)
{
    yj_near q = {{120.25, 30.16}, 0, 0};
    yj_error err;
    got g;
    size_t i;

    ck_assert_msg(yj_db_hold_points(db, &err) == YJ_OK, "%s", err.message);
    for (i = 1; i <= 40; i++) {
        char id[16];
        double at[2] = {120.25 + (double)i * 0.001, 30.16};

        snprintf(id, sizeof id, "G%03zu", i);
        change_elsewhere("XS001", id, at);
        memset(&g, 0, sizeof g);
        ck_assert_msg(yj_nearest(NULL, db, &q, NULL, keep, &g, &err) == YJ_OK,
                      "%s", err.message);
        ck_assert_uint_eq(g.n, i + 1);
    }
    for (i = 1; i < g.n; i++)
        ck_assert(g.distance[i - 1] <= g.distance[i]);
    ck_assert_str_eq(g.ids[g.n - 1], "G040");
}
END_TEST

START_TEST(test_every_match_sorted_when_k_is_zero)
{
    static ranked want[N_SYNTHETIC + 100];
    yj_near q = {{120.3, 30.1}, 0, 0};
    yj_filter f = {.category = "bank"};
    size_t unlocated = 0;
    got g;

    memset(&g, 0, sizeof g);
    ck_assert_int_eq(yj_nearest(&unlocated, db, &q, &f, keep, &g, NULL),
                     YJ_OK);
    ck_assert_uint_eq(g.n, brute_force(want, q.origin, &f, 0));
    ck_assert_uint_gt(unlocated, 0);
}
END_TEST

START_TEST(test_unlocated_stations_are_counted)
{
    yj_near q = {{120.27, 30.16}, 3, 0};
    size_t unlocated = 0;
    yj_filter bank = {.category = "bank"};
    got g;

    memset(&g, 0, sizeof g);
    ck_assert_int_eq(yj_nearest(&unlocated, db, &q, NULL, keep, &g, NULL),
                     YJ_OK);
    ck_assert_uint_eq(unlocated, 4); /* XS016, XS022, XS037, XS044 */
    memset(&g, 0, sizeof g);
    ck_assert_int_eq(yj_nearest(&unlocated, db, &q, &bank, keep, &g, NULL),
                     YJ_OK);
    ck_assert_uint_eq(unlocated, 1); /* XS037, 义蓬 */
}
END_TEST

static int check_hit(void *payload, const yj_hit *hit)
{
    double d, b;

    (void)payload;
    ck_assert_int_eq(yj_geodesic_inverse(&d, &b, ll(120.2, 30.1),
                                         ll(hit->station->lon,
                                            hit->station->lat), NULL), YJ_OK);
    ck_assert_double_eq(hit->distance_m, d);
    ck_assert_double_eq_tol(hit->bearing_deg, b, 1e-9);
    ck_assert(hit->approximate); /* township-level points */
    return 0;
}

START_TEST(test_hit_bearing_matches_geodesic)
{
    yj_near q = {{120.2, 30.1}, 5, 0};

    ck_assert_int_eq(yj_nearest(NULL, db, &q, NULL, check_hit, NULL, NULL),
                     YJ_OK);
}
END_TEST

START_TEST(test_bad_queries_are_refused)
{
    yj_near q = {{NAN, 30}, 3, 0};
    yj_filter f = {.amenities = "sauna"};
    yj_error err;
    got g;

    ck_assert_int_eq(yj_nearest(NULL, db, &q, NULL, keep, &g, &err),
                     YJ_EINVAL);
    q.origin = ll(120, 95);
    ck_assert_int_eq(yj_nearest(NULL, db, &q, NULL, keep, &g, &err),
                     YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "latitude 95"));
    q.origin = ll(120, 30);
    q.within_m = -5;
    ck_assert_int_eq(yj_nearest(NULL, db, &q, NULL, keep, &g, &err),
                     YJ_EINVAL);
    q.within_m = 0;
    ck_assert_int_eq(yj_nearest(NULL, db, &q, &f, keep, &g, &err),
                     YJ_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "sauna"));
    /* a long unknown code is quoted cut between characters (the server
     * puts the message in JSON as it is; found by fuzz_serve) */
    f.amenities = "rfWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW城厢城厢城厢城厢城厢城厢";
    ck_assert_int_eq(yj_nearest(NULL, db, &q, &f, keep, &g, &err),
                     YJ_ENOTFOUND);
    ck_assert(yj_utf8_valid(NULL, err.message, strlen(err.message)));
    f.amenities = NULL;
    f.township = "火星";
    ck_assert_int_eq(yj_nearest(NULL, db, &q, &f, keep, &g, &err),
                     YJ_ENOTFOUND);
}
END_TEST

/* Issue 19, defect 8: database contents are input too.  A station whose
 * row says lon = 1e300 made nearest loop forever in the geodesic's
 * longitude reduction; now every query that meets it says which station,
 * and coverage and the map refuse it too. */
START_TEST(test_station_off_the_globe_in_the_database_is_an_error)
{
    static const size_t ks[] = {3, 44, 0};
    char path[512];
    sqlite3 *sql = NULL;
    yj_coverage cov;
    yj_error err;
    size_t i;
    FILE *fp;

    yj_db_close(db);
    db = NULL;
    snprintf(path, sizeof path, "%s/s.sqlite", dir);
    ck_assert_int_eq(sqlite3_open(path, &sql), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(sql, "UPDATE stations SET lon = 1e300 "
                                       "WHERE id = 'XS001'", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(sql);
    ck_assert_msg(yj_db_open(&db, path, &err) == YJ_OK, "%s", err.message);
    for (i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        yj_near q = {{120.248208, 30.164714}, ks[i], 0};
        got g;
        memset(&g, 0, sizeof g);
        ck_assert_int_eq(yj_nearest(NULL, db, &q, NULL, keep, &g, &err),
                         YJ_EDB);
        ck_assert_msg(strstr(err.message, "station XS001 in the database "
                                          "has lon 1e+300") != NULL,
                      "%s", err.message);
    }
    ck_assert_int_eq(yj_coverage_compute(&cov, db, 1000, 100, &err), YJ_EDB);
    ck_assert_ptr_nonnull(strstr(err.message, "XS001"));
    ck_assert_ptr_nonnull(fp = tmpfile());
    {
        yj_map_options o;
        memset(&o, 0, sizeof o);
        ck_assert_int_eq(yj_map_write(fp, db, &o, &err), YJ_EDB);
        ck_assert_ptr_nonnull(strstr(err.message, "XS001"));
    }
    fclose(fp);
}
END_TEST

/* The library checks what a caller (the tool, a server) passes: an
 * infinite radius or one past half the Earth is refused, never written
 * into JSON as inf. */
START_TEST(test_library_refuses_radii_out_of_range)
{
    yj_coverage cov;
    yj_map_options o;
    yj_error err;
    FILE *fp;

    ck_assert_int_eq(yj_coverage_compute(&cov, db, INFINITY, 100, &err),
                     YJ_EINVAL);
    ck_assert_int_eq(yj_coverage_compute(&cov, db, 2.1e7, 100, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_coverage_compute(&cov, db, NAN, 100, &err), YJ_EINVAL);
    memset(&o, 0, sizeof o);
    o.coverage = true;
    o.radius_m = INFINITY;
    ck_assert_ptr_nonnull(fp = tmpfile());
    ck_assert_int_eq(yj_map_write(fp, db, &o, &err), YJ_EINVAL);
    o.coverage = false;
    o.has_origin = true;
    o.origin = ll(1e300, 30);
    o.k = 3;
    ck_assert_int_eq(yj_map_write(fp, db, &o, &err), YJ_EINVAL);
    fclose(fp);
}
END_TEST

static void expect_place(const char *name, yj_place_kind kind,
                         const char *want_name, size_t want_found)
{
    yj_place_match m[8];
    size_t found = 0;
    yj_error err;

    ck_assert_msg(yj_db_find_place(m, 8, &found, db, name, &err) == YJ_OK,
                  "%s: %s", name, err.message);
    ck_assert_msg(found == want_found, "%s: %zu matches", name, found);
    if (want_found == 1) {
        ck_assert_int_eq(m[0].kind, kind);
        ck_assert_str_eq(m[0].name, want_name);
    }
}

START_TEST(test_places_resolve_in_order_of_preference)
{
    yj_place_match m[8];
    size_t found;
    yj_error err;

    expect_place("xs029", YJ_PLACE_STATION, "萧山区党湾镇卫东桥社区爱心驿家", 1);
    expect_place("城厢街道", YJ_PLACE_TOWNSHIP, "城厢街道", 1);
    expect_place("城厢", YJ_PLACE_TOWNSHIP, "城厢街道", 1);
    /* 新街 is a township's short name and a metro station's: the
     * township wins. */
    expect_place("新街", YJ_PLACE_TOWNSHIP, "新街街道", 1);
    expect_place("新街站", YJ_PLACE_LANDMARK, "新街站", 1);
    expect_place("湘湖", YJ_PLACE_LANDMARK, "湘湖站", 1);
    expect_place("萧山长运修理分公司爱心驿家", YJ_PLACE_STATION,
                 "萧山长运修理分公司爱心驿家", 1);
    expect_place("长运修理", YJ_PLACE_STATION, "萧山长运修理分公司爱心驿家", 1);
    /* A substring of many: ambiguous. */
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "驿家", &err), YJ_OK);
    ck_assert_uint_gt(found, 8);
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "火星", &err),
                     YJ_ENOTFOUND);
    /* Township points are approximate; metro stations are not. */
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "城厢", &err), YJ_OK);
    ck_assert(m[0].approximate && m[0].has_point);
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "湘湖站", &err), YJ_OK);
    ck_assert(!m[0].approximate && m[0].has_point);
    ck_assert_double_eq_tol(m[0].point.lon, 120.229885, 1e-9);
    /* 盈丰街道 has no point of its own. */
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "盈丰", &err), YJ_OK);
    ck_assert(!m[0].has_point);
}
END_TEST

/* Issue 18: names as people type them; the hubs of the gazetteer. */
START_TEST(test_places_trimmed_landmarks_and_did_you_mean)
{
    yj_place_match m[8];
    size_t found;
    yj_error err;
    char guess[128], full[256];

    expect_place("湘湖 ", YJ_PLACE_LANDMARK, "湘湖站", 1);
    expect_place("\xe3\x80\x80城厢\t", YJ_PLACE_TOWNSHIP, "城厢街道", 1);
    expect_place("杭州南站", YJ_PLACE_LANDMARK, "杭州南站", 1);
    expect_place("南站", YJ_PLACE_LANDMARK, "杭州南站", 1);
    expect_place("萧山国际机场", YJ_PLACE_LANDMARK, "萧山国际机场", 1);
    expect_place("机场", YJ_PLACE_LANDMARK, "萧山国际机场", 1);
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "杭州南站", &err),
                     YJ_OK);
    ck_assert(m[0].has_point && !m[0].approximate);
    ck_assert_double_eq_tol(m[0].point.lon, 120.292855, 1e-9);
    ck_assert_double_eq_tol(m[0].point.lat, 30.175093, 1e-9);
    ck_assert_int_eq(yj_db_find_place(m, 8, &found, db, "城箱", &err),
                     YJ_ENOTFOUND);
    ck_assert(yj_db_suggest_place(guess, sizeof guess, full, sizeof full, db,
                                  "城箱"));
    ck_assert_str_eq(guess, "城厢");
    ck_assert_str_eq(full, "城厢街道");
    ck_assert(yj_db_suggest_place(guess, sizeof guess, full, sizeof full, db,
                                  "chengxiang"));
    ck_assert_str_eq(guess, "城厢");
    ck_assert(yj_db_suggest_place(guess, sizeof guess, full, sizeof full, db,
                                  "湘胡站"));
    ck_assert_str_eq(guess, "湘湖站");
    ck_assert_str_eq(full, "");
    ck_assert(!yj_db_suggest_place(guess, sizeof guess, full, sizeof full,
                                   db, "火星"));
    ck_assert_str_eq(guess, "");
}
END_TEST

static int count(void *payload, const yj_station *s)
{
    (void)s;
    (*(size_t *)payload)++;
    return 0;
}

/* The filters take what people type: the same normaliser as import. */
START_TEST(test_filters_take_words_people_use)
{
    yj_filter f = YJ_FILTER_INIT;
    size_t by_word = 0, by_code = 0;
    yj_error err;

    f.category = "银行";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_word, &err), YJ_OK);
    f.category = "bank";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_code, &err), YJ_OK);
    ck_assert_uint_gt(by_code, 0);
    ck_assert_uint_eq(by_word, by_code);
    f.category = NULL;
    by_word = by_code = 0;
    f.amenities = " 热饭，饮用水 ";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_word, &err), YJ_OK);
    f.amenities = "food_heating;drinking_water";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_code, &err), YJ_OK);
    ck_assert_uint_gt(by_code, 0);
    ck_assert_uint_eq(by_word, by_code);
    f.amenities = "卫生问";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_word, &err), YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_AMENITY);
    ck_assert_str_eq(err.message, "unknown amenity '卫生问'; did you mean "
                                  "'卫生间' (toilet)?");
    f.amenities = NULL;
    f.township = "城厢 ";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_word, &err), YJ_OK);
    f.township = "城箱";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_word, &err), YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_TOWNSHIP);
    ck_assert_str_eq(err.message, "unknown township '城箱'; did you mean "
                                  "'城厢' (城厢街道)?");
    f.township = "火星";
    ck_assert_int_eq(yj_db_list(db, &f, count, &by_word, &err), YJ_ENOTFOUND);
    ck_assert_str_eq(err.message, "unknown township '火星'");
}
END_TEST

/* yj_db_count counts yj_db_list's stations; with one amenity, whether
 * any station records it (none of the shipped ones records a toilet). */
START_TEST(test_count_equals_the_list)
{
    static const char *const amenities[] = {"toilet", "卫生间", "drinking_water",
                                            "热饭,饮用水", "wifi"};
    yj_filter f = YJ_FILTER_INIT;
    size_t listed = 0, counted = 99, i;
    yj_error err;

    ck_assert_int_eq(yj_db_list(db, NULL, count, &listed, &err), YJ_OK);
    ck_assert_int_eq(yj_db_count(&counted, db, NULL, &err), YJ_OK);
    ck_assert_uint_gt(counted, 0);
    ck_assert_uint_eq(counted, listed);
    for (i = 0; i < sizeof amenities / sizeof amenities[0]; i++) {
        f.amenities = amenities[i];
        listed = 0;
        ck_assert_int_eq(yj_db_list(db, &f, count, &listed, &err), YJ_OK);
        ck_assert_int_eq(yj_db_count(&counted, db, &f, &err), YJ_OK);
        ck_assert_msg(counted == listed, "%s: %zu counted, %zu listed",
                      amenities[i], counted, listed);
    }
    f.amenities = "toilet";
    ck_assert_int_eq(yj_db_count(&counted, db, &f, &err), YJ_OK);
    ck_assert_uint_eq(counted, 0);
    f.amenities = NULL;
    f.category = "银行";
    ck_assert_int_eq(yj_db_count(&counted, db, &f, &err), YJ_OK);
    ck_assert_uint_gt(counted, 0);
    f.category = "castle";
    ck_assert_int_eq(yj_db_count(&counted, db, &f, &err), YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_CATEGORY);
}
END_TEST

/* Pull "key=a,b" out of a URL. */
static void param_pair(const char *url, const char *key, double *a, double *b)
{
    char pattern[64];
    const char *p;
    char *end;

    snprintf(pattern, sizeof pattern, "%s=", key);
    p = strstr(url, pattern);
    ck_assert_msg(p != NULL, "%s lacks %s", url, key);
    p += strlen(pattern);
    *a = strtod(p, &end);
    ck_assert(*end == ',');
    *b = strtod(end + 1, &end);
    ck_assert(*end == '&');
}

START_TEST(test_links_carry_converted_coordinates)
{
    yj_station s;
    yj_lonlat g, b;
    char url[2048];
    double x, y;

    ck_assert_int_eq(yj_db_get(&s, db, "XS001", NULL), YJ_OK);
    ck_assert_int_eq(yj_crs_convert(&g, ll(s.lon, s.lat), YJ_CRS_WGS84,
                                    YJ_CRS_GCJ02, NULL), YJ_OK);
    ck_assert_int_eq(yj_crs_convert(&b, ll(s.lon, s.lat), YJ_CRS_WGS84,
                                    YJ_CRS_BD09, NULL), YJ_OK);

    ck_assert_int_eq(yj_link_amap(url, sizeof url, &s, NULL), YJ_OK);
    ck_assert(strncmp(url, "https://uri.amap.com/marker?", 28) == 0);
    ck_assert_ptr_nonnull(strstr(url, "coordinate=gaode"));
    param_pair(url, "position", &x, &y); /* lon,lat */
    ck_assert_double_eq_tol(x, g.lon, 6e-7);
    ck_assert_double_eq_tol(y, g.lat, 6e-7);
    /* The name, percent-encoded: 萧 is E8 90 A7. */
    ck_assert_ptr_nonnull(strstr(url, "name=%E8%90%A7"));

    ck_assert_int_eq(yj_link_baidu(url, sizeof url, &s, NULL), YJ_OK);
    ck_assert(strncmp(url, "https://api.map.baidu.com/marker?", 33) == 0);
    ck_assert_ptr_nonnull(strstr(url, "coord_type=bd09ll"));
    param_pair(url, "location", &y, &x); /* lat,lng */
    ck_assert_double_eq_tol(x, b.lon, 6e-7);
    ck_assert_double_eq_tol(y, b.lat, 6e-7);
    /* Too small a buffer: refused, nothing truncated. */
    ck_assert_int_eq(yj_link_baidu(url, 40, &s, NULL), YJ_EINVAL);
    ck_assert_str_eq(url, "");
    yj_station_clear(&s);
    /* No coordinates, no link. */
    ck_assert_int_eq(yj_db_get(&s, db, "XS016", NULL), YJ_OK);
    ck_assert_int_eq(yj_link_amap(url, sizeof url, &s, NULL), YJ_EINVAL);
    yj_station_clear(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("query");
    TCase *shipped = tcase_create("shipped");
    TCase *synthetic = tcase_create("synthetic");
    TCase *single = tcase_create("single");

    tcase_add_checked_fixture(shipped, setup_shipped, teardown);
    tcase_set_timeout(shipped, 120);
    tcase_add_test(shipped, test_shipped_nearest_equals_brute_force);
    tcase_add_test(shipped, test_unlocated_stations_are_counted);
    tcase_add_test(shipped, test_hit_bearing_matches_geodesic);
    tcase_add_test(shipped, test_bad_queries_are_refused);
    tcase_add_test(shipped, test_places_resolve_in_order_of_preference);
    tcase_add_test(shipped, test_places_trimmed_landmarks_and_did_you_mean);
    tcase_add_test(shipped, test_filters_take_words_people_use);
    tcase_add_test(shipped, test_count_equals_the_list);
    tcase_add_test(shipped, test_links_carry_converted_coordinates);
    tcase_add_test(shipped,
                   test_station_off_the_globe_in_the_database_is_an_error);
    tcase_add_test(shipped, test_library_refuses_radii_out_of_range);
    suite_add_tcase(s, shipped);

    tcase_add_checked_fixture(synthetic, setup_synthetic, teardown);
    tcase_set_timeout(synthetic, 300);
    tcase_add_test(synthetic, test_synthetic_nearest_equals_brute_force);
    tcase_add_test(synthetic, test_far_origins_equal_brute_force);
    tcase_add_test(synthetic, test_every_match_sorted_when_k_is_zero);
    tcase_add_test(synthetic, test_held_points_equal_brute_force);
    tcase_add_test(synthetic, test_held_points_follow_changes);
    suite_add_tcase(s, synthetic);

    tcase_add_checked_fixture(single, setup_single, teardown);
    tcase_set_timeout(single, 300);
    tcase_add_test(single, test_held_points_grow_from_one);
    suite_add_tcase(s, single);
    return tu_run(s);
}

/* check_coverage.c — yj_coverage_compute and its JSON (coverage.c).  On the
 * shipped data: each township covered or not as the stations inside its
 * polygon and the stations naming it say (counted here independently),
 * the same at every radius, every township of the gazetteer in it; the share within the radius never falls as
 * the radius grows, is 1 once the radius reaches the township's farthest
 * point and below 1 before; the farthest point does not depend on the
 * radius; rows worst first; the JSON parses (jansson) and says the same.
 * On a synthetic township, a 2 km square with one station at its centre:
 * the shares are the circle's part of the square (π/16 at 500 m, π/4 at
 * 1 km), the farthest point a corner; a township without a station comes
 * first, uncovered; without any located station the unknowns are null. */
#include "shape.h"
#include "test_util.h"
#include "yijia.h"

#include <jansson.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256];
static char db_path[512];
static yj_db *db;

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(db_path, sizeof db_path, "%s/s.sqlite", dir);
    db = NULL;
}

static void teardown(void)
{
    yj_db_close(db);
    db = NULL;
    tu_rmdir(dir);
}

static void open_db(void)
{
    yj_error err;

    ck_assert_msg(yj_db_open(&db, db_path, &err) == YJ_OK, "%s",
                  err.message);
}

static void coverage(yj_coverage *c, double radius_m, double cell_m)
{
    yj_error err;

    ck_assert_msg(yj_coverage_compute(c, db, radius_m, cell_m, &err) == YJ_OK,
                  "%s", err.message);
}

static const yj_coverage_row *row_named(const yj_coverage *c,
                                        const char *name)
{
    size_t i;

    for (i = 0; i < c->n_rows; i++)
        if (strcmp(c->rows[i].name, name) == 0)
            return &c->rows[i];
    return NULL;
}

/* ---- what the rows should say, counted without coverage.c ---------------- */

typedef struct township_count {
    char name[64];
    size_t named;         /* stations in service naming it */
    size_t inside;        /* located stations inside its polygon */
    bool has_polygon, has_point;
} township_count;

typedef struct counts {
    township_count t[64];
    size_t n;
    yj_lonlat pts[256];
    size_t n_pts;
} counts;

static int count_township(void *payload, const yj_township_info *t)
{
    counts *c = payload;

    ck_assert_uint_lt(c->n, 64);
    snprintf(c->t[c->n].name, sizeof c->t[0].name, "%s", t->name);
    c->t[c->n].named = t->stations;
    c->t[c->n].has_polygon = t->has_polygon;
    c->t[c->n].has_point = t->has_point;
    c->n++;
    return 0;
}

static int count_point(void *payload, const yj_station *s)
{
    counts *c = payload;

    if (s->has_point) {
        ck_assert_uint_lt(c->n_pts, 256);
        c->pts[c->n_pts].lon = s->lon;
        c->pts[c->n_pts].lat = s->lat;
        c->n_pts++;
    }
    return 0;
}

static int count_inside(void *payload, const yj_area *a)
{
    counts *c = payload;
    size_t i, j;

    if (a->shape == NULL || strcmp(a->kind, "district") == 0)
        return 0;
    for (i = 0; i < c->n; i++)
        if (strcmp(c->t[i].name, a->name) == 0)
            for (j = 0; j < c->n_pts; j++)
                c->t[i].inside += yj_shape_contains(a->shape, c->pts[j]);
    return 0;
}

static void count(counts *c)
{
    yj_error err;

    memset(c, 0, sizeof *c);
    ck_assert_int_eq(yj_db_townships(db, count_township, c, &err), YJ_OK);
    ck_assert_int_eq(yj_db_list(db, NULL, count_point, c, &err), YJ_OK);
    ck_assert_int_eq(yj_db_areas(db, count_inside, c, &err), YJ_OK);
}

/* ---- the shipped data ------------------------------------------------------ */

static const double radii[] = {300, 1000, 3000, 10000, 40000};
#define N_RADII (sizeof radii / sizeof radii[0])
#define CELL_M 250.0

START_TEST(test_every_township_covered_as_its_stations_say)
{
    yj_coverage c[N_RADII];
    counts want;
    size_t r, i, covered = 0, rows = 0;

    tu_build(tu_data_dir(), db_path);
    open_db();
    count(&want);
    ck_assert_uint_eq(want.n, 28);
    ck_assert_uint_eq(want.n_pts, 40);
    for (r = 0; r < N_RADII; r++)
        coverage(&c[r], radii[r], CELL_M);
    for (i = 0; i < want.n; i++) {
        const township_count *t = &want.t[i];
        bool is_covered = t->named > 0 || t->inside > 0;
        rows++; /* every township, with a polygon, a point or neither */
        covered += is_covered;
        for (r = 0; r < N_RADII; r++) {
            const yj_coverage_row *row = row_named(&c[r], t->name);
            ck_assert_msg(row != NULL, "%s missing at %.0f m", t->name,
                          radii[r]);
            ck_assert_uint_eq(row->stations_named, t->named);
            ck_assert_msg(row->stations == t->inside, "%s: %zu inside, "
                          "counted %zu", t->name, row->stations, t->inside);
            ck_assert_int_eq(row->has_polygon, t->has_polygon);
        }
    }
    ck_assert_uint_gt(covered, 0);
    ck_assert_uint_lt(covered, rows); /* the shipped data leaves gaps */
    for (r = 0; r < N_RADII; r++) {
        ck_assert_uint_eq(c[r].n_rows, rows);
        ck_assert_uint_eq(c[r].townships, rows);
        ck_assert_uint_eq(c[r].townships_covered, covered);
        ck_assert_uint_eq(c[r].stations_located, 40);
        ck_assert_uint_eq(c[r].stations_approximate, 40);
        ck_assert_double_eq(c[r].radius_m, radii[r]);
        yj_coverage_clear(&c[r]);
        ck_assert_ptr_null(c[r].rows);
        ck_assert_uint_eq(c[r].n_rows, 0);
    }
}
END_TEST

START_TEST(test_figures_are_monotonic_in_the_radius)
{
    yj_coverage c[N_RADII];
    size_t r, i;

    tu_build(tu_data_dir(), db_path);
    open_db();
    for (r = 0; r < N_RADII; r++)
        coverage(&c[r], radii[r], CELL_M);
    for (r = 1; r < N_RADII; r++) {
        ck_assert_double_ge(c[r].share_within, c[r - 1].share_within);
        ck_assert_double_eq_tol(c[r].farthest_m, c[0].farthest_m, 1e-6);
        ck_assert_str_eq(c[r].farthest_township, c[0].farthest_township);
        ck_assert_double_eq_tol(c[r].area_km2, c[0].area_km2, 1e-9);
    }
    ck_assert_double_lt(c[0].share_within, c[N_RADII - 1].share_within);
    for (i = 0; i < c[0].n_rows; i++) {
        const yj_coverage_row *first = &c[0].rows[i];
        double last_share = -1;
        for (r = 0; r < N_RADII; r++) {
            const yj_coverage_row *row = row_named(&c[r], first->name);
            ck_assert_ptr_nonnull(row);
            ck_assert_uint_eq(row->cells, first->cells);
            ck_assert_double_eq_tol(row->farthest_m, first->farthest_m,
                                    1e-6);
            ck_assert_double_eq_tol(row->point_to_station_m,
                                    first->point_to_station_m, 1e-6);
            if (!row->has_polygon) {
                ck_assert_double_eq(row->share_within, -1);
                ck_assert_double_eq(row->area_km2, -1);
                continue;
            }
            ck_assert_msg(row->share_within >= last_share,
                          "%s: share %.4f at %.0f m below %.4f before",
                          row->name, row->share_within, radii[r],
                          last_share);
            ck_assert_double_le(row->share_within, 1.0);
            ck_assert_double_gt(row->area_km2, 0);
            ck_assert_uint_gt(row->cells, 0);
            /* all of it within reach once the radius passes its
             * farthest point; not before */
            if (radii[r] >= row->farthest_m)
                ck_assert_msg(row->share_within == 1.0, "%s: %.4f at %.0f m,"
                              " farthest %.0f m", row->name,
                              row->share_within, radii[r], row->farthest_m);
            else
                ck_assert_msg(row->share_within < 1.0, "%s: 1 at %.0f m, "
                              "farthest %.0f m", row->name, radii[r],
                              row->farthest_m);
            last_share = row->share_within;
        }
    }
    for (r = 0; r < N_RADII; r++)
        yj_coverage_clear(&c[r]);
}
END_TEST

START_TEST(test_rows_come_worst_first)
{
    yj_coverage c;
    size_t i;

    tu_build(tu_data_dir(), db_path);
    open_db();
    coverage(&c, 1000, CELL_M);
    for (i = 1; i < c.n_rows; i++) {
        const yj_coverage_row *a = &c.rows[i - 1], *b = &c.rows[i];
        bool ea = a->stations == 0 && a->stations_named == 0;
        bool eb = b->stations == 0 && b->stations_named == 0;
        ck_assert_msg(ea || !eb, "%s (covered) before %s (not)", a->name,
                      b->name);
        if (ea == eb)
            ck_assert_msg(a->share_within <= b->share_within, "%s %.3f before"
                          " %s %.3f", a->name, a->share_within, b->name,
                          b->share_within);
    }
    yj_coverage_clear(&c);
}
END_TEST

START_TEST(test_bad_radius_or_cell_is_refused)
{
    yj_coverage c;
    yj_error err;

    tu_build(tu_data_dir(), db_path);
    open_db();
    ck_assert_int_eq(yj_coverage_compute(&c, db, 0, 100, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_coverage_compute(&c, db, -5, 100, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_coverage_compute(&c, db, 1000, 9.9, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_coverage_compute(&c, db, 1000, 1001, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "1001"));
    ck_assert_ptr_null(c.rows);
}
END_TEST

/* The JSON report parses and holds what the struct holds. */
START_TEST(test_json_report_is_valid_and_agrees)
{
    yj_coverage c;
    json_t *root, *towns, *total;
    json_error_t jerr;
    char *buf = NULL;
    size_t len = 0, i, nulls = 0;
    FILE *fp;

    tu_build(tu_data_dir(), db_path);
    open_db();
    coverage(&c, 1000, CELL_M);
    ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
    yj_coverage_write_json(fp, &c);
    ck_assert_int_eq(fclose(fp), 0);
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    ck_assert_msg(root != NULL, "line %d: %s", jerr.line, jerr.text);
    ck_assert(json_is_object(root));
    ck_assert_int_eq(json_integer_value(json_object_get(root, "radius_m")),
                     1000);
    ck_assert_int_eq(json_integer_value(json_object_get(root, "cell_m")),
                     250);
    ck_assert(json_is_true(json_object_get(root, "approximate")));
    ck_assert_int_eq(json_integer_value(json_object_get(root,
                                                        "stations_located")),
                     40);
    towns = json_object_get(root, "townships");
    ck_assert(json_is_array(towns));
    ck_assert_uint_eq(json_array_size(towns), c.n_rows);
    for (i = 0; i < c.n_rows; i++) {
        json_t *t = json_array_get(towns, i), *v;
        ck_assert_str_eq(json_string_value(json_object_get(t, "name")),
                         c.rows[i].name);
        ck_assert_int_eq(json_integer_value(json_object_get(
                             t, "stations_inside")),
                         (json_int_t)c.rows[i].stations);
        ck_assert_int_eq(json_integer_value(json_object_get(t, "cells")),
                         (json_int_t)c.rows[i].cells);
        v = json_object_get(t, "share_within");
        if (c.rows[i].has_polygon) {
            ck_assert(json_is_number(v));
            ck_assert_double_eq_tol(json_number_value(v),
                                    c.rows[i].share_within, 1e-3);
            ck_assert(json_is_array(json_object_get(t, "farthest")));
        } else {
            ck_assert(json_is_null(v)); /* unknown, not -1 */
            ck_assert(json_is_null(json_object_get(t, "area_km2")));
            nulls++;
        }
    }
    ck_assert_uint_gt(nulls, 0); /* the shipped data has such townships */
    total = json_object_get(root, "total");
    ck_assert(json_is_object(total));
    ck_assert_int_eq(json_integer_value(json_object_get(total, "townships")),
                     (json_int_t)c.townships);
    ck_assert_int_eq(json_integer_value(json_object_get(total, "covered")),
                     (json_int_t)c.townships_covered);
    ck_assert_str_eq(json_string_value(json_object_get(total,
                                                       "farthest_township")),
                     c.farthest_township);
    json_decref(root);
    free(buf);
    yj_coverage_clear(&c);
}
END_TEST

/* ---- a township of known shape ------------------------------------------ */

/* 测试镇: a square of 2 km × 2 km (0.0207824° × 0.0180418°) centred on
 * 120.3,30.2; 空白镇: one of 1 km elsewhere, with no station; stations as
 * given ("" for none). */
static void build_squares(const char *stations)
{
    char text[2048];

    tu_write(dir, "places.csv",
             "name,short_name,kind,district,lon,lat,coord_source,notes\n"
             "测试镇,测试,township,萧山区,120.3,30.2,test: synthetic,\n"
             "空白镇,空白,township,萧山区,120.4,30.25,test: synthetic,\n");
    tu_write(dir, "boundaries.csv",
             "name,level,source,wkt\n"
             "萧山区,district,test: synthetic,\"MULTIPOLYGON(((120.2 30.1,"
             "120.5 30.1,120.5 30.3,120.2 30.3,120.2 30.1)))\"\n"
             "测试镇,township,test: synthetic,\"MULTIPOLYGON(((120.2896088 "
             "30.1909791,120.3103912 30.1909791,120.3103912 30.2090209,"
             "120.2896088 30.2090209,120.2896088 30.1909791)))\"\n"
             "空白镇,township,test: synthetic,\"MULTIPOLYGON(((120.395 "
             "30.245,120.405 30.245,120.405 30.255,120.395 30.255,"
             "120.395 30.245)))\"\n");
    snprintf(text, sizeof text,
             "id,name,address,district,township,category,amenities,"
             "amenities_source,opening_hours,phone,lon,lat,coord_source,"
             "coord_precision,source,notes\n%s", stations);
    tu_write(dir, "stations.csv", text);
    tu_build(dir, db_path);
    open_db();
}

#define CENTRE_STATION                                                      \
    "C1,中心站,测试镇中心路1号,萧山区,测试镇,community,rest,programme,,,"   \
    "120.3,30.2,test: synthetic,door,test,\n"

START_TEST(test_one_station_at_the_centre_of_a_square)
{
    yj_coverage c;
    const yj_coverage_row *sq, *empty;
    double pi = 3.14159265358979;

    build_squares(CENTRE_STATION);
    coverage(&c, 500, 20);
    ck_assert_uint_eq(c.n_rows, 2);
    ck_assert_uint_eq(c.townships_covered, 1);
    ck_assert_str_eq(c.rows[0].name, "空白镇"); /* uncovered first */
    sq = row_named(&c, "测试镇");
    empty = row_named(&c, "空白镇");
    ck_assert_ptr_nonnull(sq);
    ck_assert_uint_eq(sq->stations, 1);
    ck_assert_uint_eq(sq->stations_named, 1);
    ck_assert_uint_eq(empty->stations, 0);
    ck_assert_uint_eq(empty->stations_named, 0);
    ck_assert_double_eq_tol(sq->area_km2, 4.0, 0.04);
    ck_assert_uint_ge(sq->cells, 9500); /* 100 × 100 cells of 20 m */
    ck_assert_uint_le(sq->cells, 10500);
    ck_assert_double_eq_tol(sq->share_within, pi / 16, 0.01);
    ck_assert_double_eq_tol(sq->point_to_station_m, 0, 1e-6);
    /* the farthest cell centre: a corner, less half a cell's diagonal */
    ck_assert_double_eq_tol(sq->farthest_m, 1414.2, 20);
    ck_assert_double_eq_tol(fabs(sq->farthest.lon - 120.3), 0.0104, 0.0003);
    ck_assert_double_eq_tol(fabs(sq->farthest.lat - 30.2), 0.0090, 0.0003);
    ck_assert_double_eq(empty->share_within, 0);
    /* 空白镇's centre is about 14 km from the station */
    ck_assert_double_gt(empty->point_to_station_m, 10000);
    ck_assert_double_eq_tol(empty->farthest_m, empty->point_to_station_m,
                            1000);
    yj_coverage_clear(&c);

    coverage(&c, 1000, 20);
    ck_assert_double_eq_tol(row_named(&c, "测试镇")->share_within, pi / 4,
                            0.01);
    yj_coverage_clear(&c);
    coverage(&c, 1500, 20);
    ck_assert_double_eq(row_named(&c, "测试镇")->share_within, 1.0);
    ck_assert_double_eq(row_named(&c, "空白镇")->share_within, 0);
    yj_coverage_clear(&c);
}
END_TEST

/* No located station at all: distances are unknown (null in JSON), no
 * township is covered unless a station names it. */
START_TEST(test_without_located_stations_unknowns_are_null)
{
    yj_coverage c;
    json_t *root, *t;
    json_error_t jerr;
    char *buf = NULL;
    size_t len = 0, i;
    FILE *fp;

    build_squares("C1,无坐标站,测试镇中心路1号,萧山区,测试镇,community,rest,"
                  "programme,,,,,,,test,\n");
    coverage(&c, 1000, 50);
    ck_assert_uint_eq(c.stations_located, 0);
    ck_assert_uint_eq(c.townships_covered, 1); /* named by C1 */
    ck_assert_double_eq(c.farthest_m, -1);
    for (i = 0; i < c.n_rows; i++) {
        ck_assert_double_eq(c.rows[i].point_to_station_m, -1);
        ck_assert_double_eq(c.rows[i].farthest_m, -1);
        ck_assert_double_eq(c.rows[i].share_within, 0);
    }
    ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
    yj_coverage_write_json(fp, &c);
    ck_assert_int_eq(fclose(fp), 0);
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    ck_assert_msg(root != NULL, "line %d: %s", jerr.line, jerr.text);
    ck_assert(json_is_false(json_object_get(root, "approximate")));
    t = json_array_get(json_object_get(root, "townships"), 0);
    ck_assert(json_is_null(json_object_get(t, "farthest_m")));
    ck_assert(json_is_null(json_object_get(t, "farthest")));
    ck_assert(json_is_null(json_object_get(t, "point_to_station_m")));
    ck_assert(json_is_null(json_object_get(json_object_get(root, "total"),
                                           "farthest_m")));
    json_decref(root);
    free(buf);
    yj_coverage_clear(&c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_every_township_covered_as_its_stations_say);
    tcase_add_test(tc, test_figures_are_monotonic_in_the_radius);
    tcase_add_test(tc, test_rows_come_worst_first);
    tcase_add_test(tc, test_bad_radius_or_cell_is_refused);
    tcase_add_test(tc, test_json_report_is_valid_and_agrees);
    tcase_add_test(tc, test_one_station_at_the_centre_of_a_square);
    tcase_add_test(tc, test_without_located_stations_unknowns_are_null);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

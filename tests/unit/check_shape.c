/* check_shape.c — the SpatiaLite geometry BLOB decoder (shape.c) against
 * crafted BLOBs (issue 19, defect 5: a polygon of two empty rings was
 * freed twice, one empty ring read out of bounds, an empty shape's copy
 * passed NULL to memcpy), points off the globe (defect 8), and the good
 * case: what the build writes decodes, with its box computed from the
 * points.  Then the geometry of decoded shapes against known polygons:
 * area against PROJ's ellipsoidal polygon area (a square, a triangle, a
 * concave L, a square with a hole, either winding), containment in a
 * concave polygon and a hole, boxes meeting a shape or not (in the L's
 * notch, in the hole, across the antimeridian), and the GeoJSON written
 * (jansson) with exteriors and their holes. */
#include "shape.h"
#include "test_util.h"

#include <geodesic.h>
#include <jansson.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct blob {
    unsigned char b[4096];
    size_t n;
} blob;

static void put(blob *b, const void *p, size_t n)
{
    ck_assert(b->n + n <= sizeof b->b);
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

static void put_u32(blob *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    put(b, x, 4);
}

static void put_double(blob *b, double v)
{
    put(b, &v, 8); /* the host is little-endian (checked at build) */
}

/* Header of a MULTIPOLYGON of `parts` parts, with a stored MBR. */
static void start(blob *b, uint32_t parts, double w, double s, double e,
                  double n)
{
    unsigned char c;

    b->n = 0;
    c = 0x00;
    put(b, &c, 1);
    c = 0x01;
    put(b, &c, 1);
    put_u32(b, 4326);
    put_double(b, w);
    put_double(b, s);
    put_double(b, e);
    put_double(b, n);
    c = 0x7C;
    put(b, &c, 1);
    put_u32(b, 6);
    put_u32(b, parts);
}

static void part(blob *b, uint32_t rings)
{
    unsigned char c = 0x69;

    put(b, &c, 1);
    put_u32(b, 3);
    put_u32(b, rings);
}

/* A closed ring of the square [x, x+d] × [y, y+d]. */
static void square(blob *b, double x, double y, double d)
{
    put_u32(b, 5);
    put_double(b, x);
    put_double(b, y);
    put_double(b, x + d);
    put_double(b, y);
    put_double(b, x + d);
    put_double(b, y + d);
    put_double(b, x);
    put_double(b, y + d);
    put_double(b, x);
    put_double(b, y);
}

static void finish(blob *b)
{
    unsigned char c = 0xFE;

    put(b, &c, 1);
}

static void refused(const blob *b, const char *fragment)
{
    yj_shape s;
    yj_error err;

    memset(&err, 0, sizeof err);
    ck_assert_int_eq(yj_shape_from_blob(&s, b->b, b->n, &err), YJ_EDB);
    ck_assert_msg(strstr(err.message, fragment) != NULL,
                  "message '%s' lacks '%s'", err.message, fragment);
    ck_assert_ptr_null(s.points);
    ck_assert_ptr_null(s.ring_start);
    ck_assert_uint_eq(s.n_rings, 0);
}

START_TEST(test_good_multipolygon_decodes_with_its_own_box)
{
    yj_shape s, copy;
    yj_error err;
    blob b;
    yj_lonlat in = {120.05, 30.05}, hole = {120.15, 30.15}, out = {121, 31};

    /* the stored MBR is wrong on purpose: the box comes from the points */
    start(&b, 2, 0, 0, 1, 1);
    part(&b, 1);
    square(&b, 120.0, 30.0, 0.1);
    part(&b, 2);
    square(&b, 120.1, 30.1, 0.1);
    square(&b, 120.14, 30.14, 0.02); /* a hole */
    finish(&b);
    ck_assert_int_eq(yj_shape_from_blob(&s, b.b, b.n, &err), YJ_OK);
    ck_assert_uint_eq(s.n_rings, 3);
    ck_assert_uint_eq(s.n_points, 15);
    ck_assert_double_eq(s.box.west, 120.0);
    ck_assert_double_eq_tol(s.box.east, 120.2, 1e-12);
    ck_assert_double_eq(s.box.south, 30.0);
    ck_assert_double_eq_tol(s.box.north, 30.2, 1e-12);
    ck_assert(yj_shape_contains(&s, in));
    ck_assert(!yj_shape_contains(&s, hole));
    ck_assert(!yj_shape_contains(&s, out));
    ck_assert(yj_shape_area_m2(&s) > 2.0e8);
    ck_assert_int_eq(yj_shape_copy(&copy, &s, &err), YJ_OK);
    ck_assert_double_eq(yj_shape_area_m2(&copy), yj_shape_area_m2(&s));
    yj_shape_clear(&copy);
    yj_shape_clear(&s);
}
END_TEST

START_TEST(test_empty_rings_are_refused_without_double_free)
{
    blob b;

    /* two empty rings: realloc(p, 0) freed p, then the error path freed
     * it again */
    start(&b, 1, 0, 0, 0, 0);
    part(&b, 2);
    put_u32(&b, 0);
    put_u32(&b, 0);
    finish(&b);
    refused(&b, "a polygon ring of 0 points");
    /* one empty ring: the area read points[0] of nothing */
    start(&b, 1, 0, 0, 0, 0);
    part(&b, 1);
    put_u32(&b, 0);
    finish(&b);
    refused(&b, "a polygon ring of 0 points");
    /* an empty ring before a good one */
    start(&b, 1, 120, 30, 120.1, 30.1);
    part(&b, 2);
    put_u32(&b, 0);
    square(&b, 120, 30, 0.1);
    finish(&b);
    refused(&b, "ring of 0 points");
    /* a ring of 3 points cannot be closed */
    start(&b, 1, 120, 30, 120.1, 30.1);
    part(&b, 1);
    put_u32(&b, 3);
    put_double(&b, 120);
    put_double(&b, 30);
    put_double(&b, 121);
    put_double(&b, 30);
    put_double(&b, 120);
    put_double(&b, 30);
    finish(&b);
    refused(&b, "ring of 3 points");
    /* a polygon of no rings, a multipolygon of no parts */
    start(&b, 1, 120, 30, 120.1, 30.1);
    part(&b, 0);
    finish(&b);
    refused(&b, "0 rings");
    start(&b, 0, 120, 30, 120.1, 30.1);
    finish(&b);
    refused(&b, "0 parts");
}
END_TEST

START_TEST(test_counts_beyond_the_blob_are_refused)
{
    blob b;

    start(&b, 0xFFFFFFFFu, 0, 0, 0, 0);
    finish(&b);
    refused(&b, "parts");
    start(&b, 1, 0, 0, 0, 0);
    part(&b, 0xFFFFFFFFu);
    finish(&b);
    refused(&b, "rings");
    start(&b, 1, 0, 0, 0, 0);
    part(&b, 1);
    put_u32(&b, 0x10000000u);
    finish(&b);
    refused(&b, "cut short");
    /* trailing bytes */
    start(&b, 1, 0, 0, 0, 0);
    part(&b, 1);
    square(&b, 120, 30, 0.1);
    put_u32(&b, 0);
    finish(&b);
    refused(&b, "trailing");
}
END_TEST

START_TEST(test_points_off_the_globe_are_refused)
{
    static const double bad[][2] = {
        {1e300, 30}, {120, -1e300}, {INFINITY, 30}, {120, NAN},
        {180.5, 30}, {120, 90.5},
    };
    size_t i;
    blob b;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        start(&b, 1, 0, 0, 0, 0);
        part(&b, 1);
        put_u32(&b, 4);
        put_double(&b, 120);
        put_double(&b, 30);
        put_double(&b, bad[i][0]);
        put_double(&b, bad[i][1]);
        put_double(&b, 120.1);
        put_double(&b, 30.1);
        put_double(&b, 120);
        put_double(&b, 30);
        finish(&b);
        refused(&b, "out of range");
    }
}
END_TEST

START_TEST(test_not_a_blob)
{
    static const unsigned char junk[60] = {0};
    yj_shape s;
    yj_error err;

    ck_assert_int_eq(yj_shape_from_blob(&s, junk, sizeof junk, &err), YJ_EDB);
    ck_assert_int_eq(yj_shape_from_blob(&s, junk, 3, &err), YJ_EDB);
    ck_assert_int_eq(yj_shape_from_blob(&s, NULL, 0, &err), YJ_EDB);
}
END_TEST

/* An empty shape (an area without a polygon) copies without handing NULL
 * to memcpy (UBSan: nonnull-attribute). */
START_TEST(test_empty_shape_copies)
{
    yj_shape empty, copy;
    yj_error err;

    memset(&empty, 0, sizeof empty);
    ck_assert_int_eq(yj_shape_copy(&copy, &empty, &err), YJ_OK);
    ck_assert_uint_eq(copy.n_rings, 0);
    ck_assert_uint_eq(copy.ring_start[0], 0);
    ck_assert_double_eq(yj_shape_area_m2(&copy), 0);
    yj_shape_clear(&copy);
}
END_TEST

/* ---- geometry of known polygons --------------------------------------------- */

/* A closed ring through pts[0..n) (the first point repeated at the end). */
static void ring_of(blob *b, const double (*pts)[2], size_t n)
{
    size_t i;

    put_u32(b, (uint32_t)n + 1);
    for (i = 0; i <= n; i++) {
        put_double(b, pts[i % n][0]);
        put_double(b, pts[i % n][1]);
    }
}

static void decode(yj_shape *s, const blob *b)
{
    yj_error err;

    ck_assert_msg(yj_shape_from_blob(s, b->b, b->n, &err) == YJ_OK, "%s",
                  err.message);
}

/* The area of one ring on the WGS84 ellipsoid (PROJ, GeographicLib's
 * algorithm), unsigned. */
static double geod_area_m2(const double (*pts)[2], size_t n)
{
    struct geod_geodesic g;
    double lats[16], lons[16], area = 0, perimeter = 0;
    size_t i;

    ck_assert_uint_le(n, 16);
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    for (i = 0; i < n; i++) {
        lons[i] = pts[i][0];
        lats[i] = pts[i][1];
    }
    geod_polygonarea(&g, lats, lons, (int)n, &area, &perimeter);
    return fabs(area);
}

static const double square_ccw[][2] = {
    {120.0, 30.0}, {120.1, 30.0}, {120.1, 30.1}, {120.0, 30.1}};
static const double square_cw[][2] = {
    {120.0, 30.0}, {120.0, 30.1}, {120.1, 30.1}, {120.1, 30.0}};
static const double triangle[][2] = {
    {120.2, 30.0}, {120.35, 30.02}, {120.25, 30.2}};
/* an L: the square [120, 120.2] × [30, 30.2] less its north-east quarter */
static const double ell[][2] = {
    {120.0, 30.0}, {120.2, 30.0}, {120.2, 30.1}, {120.1, 30.1},
    {120.1, 30.2}, {120.0, 30.2}};
static const double hole[][2] = {
    {120.03, 30.03}, {120.07, 30.03}, {120.07, 30.07}, {120.03, 30.07}};

static void one_ring(yj_shape *s, const double (*pts)[2], size_t n)
{
    blob b;

    start(&b, 1, 0, 0, 0, 0);
    part(&b, 1);
    ring_of(&b, pts, n);
    finish(&b);
    decode(s, &b);
}

static void expect_area(const yj_shape *s, double want_m2)
{
    double got = yj_shape_area_m2(s);

    ck_assert_msg(fabs(got - want_m2) <= 0.005 * want_m2,
                  "area %.0f m², the ellipsoid's %.0f m² (%.3f %%)", got,
                  want_m2, 100 * (got - want_m2) / want_m2);
}

START_TEST(test_area_against_the_ellipsoid)
{
    yj_shape s;
    blob b;

    one_ring(&s, square_ccw, 4);
    expect_area(&s, geod_area_m2(square_ccw, 4));
    /* about 9.6 km × 11.1 km */
    ck_assert_double_eq_tol(yj_shape_area_m2(&s) / 1e6, 107.0, 1.5);
    yj_shape_clear(&s);
    one_ring(&s, square_cw, 4); /* the winding does not matter */
    expect_area(&s, geod_area_m2(square_ccw, 4));
    yj_shape_clear(&s);
    one_ring(&s, triangle, 3);
    expect_area(&s, geod_area_m2(triangle, 3));
    yj_shape_clear(&s);
    one_ring(&s, ell, 6);
    expect_area(&s, geod_area_m2(ell, 6));
    yj_shape_clear(&s);
    /* a hole subtracts, whichever way it is wound */
    start(&b, 1, 0, 0, 0, 0);
    part(&b, 2);
    ring_of(&b, square_ccw, 4);
    ring_of(&b, hole, 4);
    finish(&b);
    decode(&s, &b);
    expect_area(&s, geod_area_m2(square_ccw, 4) - geod_area_m2(hole, 4));
    yj_shape_clear(&s);
    /* two parts add */
    start(&b, 2, 0, 0, 0, 0);
    part(&b, 1);
    ring_of(&b, square_cw, 4);
    part(&b, 1);
    ring_of(&b, triangle, 3);
    finish(&b);
    decode(&s, &b);
    expect_area(&s, geod_area_m2(square_ccw, 4) + geod_area_m2(triangle, 3));
    yj_shape_clear(&s);
}
END_TEST

static yj_lonlat ll(double lon, double lat)
{
    yj_lonlat p = {lon, lat};
    return p;
}

static yj_box box(double w, double s, double e, double n)
{
    yj_box b = {w, s, e, n};
    return b;
}

START_TEST(test_containment_in_a_concave_polygon_and_a_hole)
{
    yj_shape s;
    blob b;

    one_ring(&s, ell, 6);
    ck_assert(yj_shape_contains(&s, ll(120.05, 30.05)));  /* the corner */
    ck_assert(yj_shape_contains(&s, ll(120.15, 30.05)));  /* east arm */
    ck_assert(yj_shape_contains(&s, ll(120.05, 30.15)));  /* north arm */
    ck_assert(!yj_shape_contains(&s, ll(120.15, 30.15))); /* the notch */
    ck_assert(!yj_shape_contains(&s, ll(120.25, 30.05)));
    ck_assert(!yj_shape_contains(&s, ll(119.95, 30.05)));
    ck_assert(!yj_shape_contains(&s, ll(120.05, 29.99)));
    yj_shape_clear(&s);

    start(&b, 1, 0, 0, 0, 0);
    part(&b, 2);
    ring_of(&b, square_ccw, 4);
    ring_of(&b, hole, 4);
    finish(&b);
    decode(&s, &b);
    ck_assert(yj_shape_contains(&s, ll(120.01, 30.05)));
    ck_assert(yj_shape_contains(&s, ll(120.09, 30.09)));
    ck_assert(!yj_shape_contains(&s, ll(120.05, 30.05)));
    ck_assert(!yj_shape_contains(&s, ll(120.2, 30.05)));
    yj_shape_clear(&s);
}
END_TEST

START_TEST(test_boxes_meeting_a_shape)
{
    yj_shape s;
    yj_box b;
    blob bl;

    one_ring(&s, ell, 6);
    b = box(120.01, 30.01, 120.02, 30.02); /* inside */
    ck_assert(yj_shape_meets_box(&s, &b));
    b = box(119.0, 29.0, 121.0, 31.0);     /* around it */
    ck_assert(yj_shape_meets_box(&s, &b));
    b = box(120.15, 30.05, 120.3, 30.06);  /* across the east edge */
    ck_assert(yj_shape_meets_box(&s, &b));
    b = box(120.12, 30.12, 120.18, 30.18); /* in the notch */
    ck_assert(!yj_shape_meets_box(&s, &b));
    b = box(120.3, 30.3, 120.4, 30.4);     /* apart */
    ck_assert(!yj_shape_meets_box(&s, &b));
    b = box(100.0, -10.0, -100.0, 40.0);   /* across the antimeridian */
    ck_assert(yj_shape_meets_box(&s, &b));
    b = box(170.0, -10.0, -170.0, 40.0);
    ck_assert(!yj_shape_meets_box(&s, &b));
    yj_shape_clear(&s);

    start(&bl, 1, 0, 0, 0, 0);
    part(&bl, 2);
    ring_of(&bl, square_ccw, 4);
    ring_of(&bl, hole, 4);
    finish(&bl);
    decode(&s, &bl);
    b = box(120.04, 30.04, 120.06, 30.06); /* in the hole */
    ck_assert(!yj_shape_meets_box(&s, &b));
    b = box(120.04, 30.04, 120.08, 30.06); /* out of the hole */
    ck_assert(yj_shape_meets_box(&s, &b));
    yj_shape_clear(&s);
    memset(&s, 0, sizeof s);
    b = box(-180, -90, 180, 90);
    ck_assert(!yj_shape_meets_box(&s, &b)); /* an empty shape */
}
END_TEST

/* The shape's GeoJSON, parsed. */
static json_t *geojson(const yj_shape *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    json_error_t jerr;
    json_t *root;

    ck_assert_ptr_nonnull(fp);
    yj_shape_write_geojson(fp, s);
    ck_assert_int_eq(fclose(fp), 0);
    root = json_loadb(buf, len, 0, &jerr);
    ck_assert_msg(root != NULL, "%s: %s", buf, jerr.text);
    free(buf);
    ck_assert_str_eq(json_string_value(json_object_get(root, "type")),
                     "MultiPolygon");
    return root;
}

START_TEST(test_geojson_puts_holes_in_their_exterior)
{
    json_t *root, *polys, *ring;
    yj_shape s;
    blob b;

    /* a hole, and a second part after it */
    start(&b, 2, 0, 0, 0, 0);
    part(&b, 2);
    ring_of(&b, square_ccw, 4);
    ring_of(&b, hole, 4);
    part(&b, 1);
    ring_of(&b, triangle, 3);
    finish(&b);
    decode(&s, &b);
    root = geojson(&s);
    polys = json_object_get(root, "coordinates");
    ck_assert_uint_eq(json_array_size(polys), 2);
    ck_assert_uint_eq(json_array_size(json_array_get(polys, 0)), 2);
    ck_assert_uint_eq(json_array_size(json_array_get(polys, 1)), 1);
    /* the exterior first, closed, its points as given */
    ring = json_array_get(json_array_get(polys, 0), 0);
    ck_assert_uint_eq(json_array_size(ring), 5);
    ck_assert_double_eq(json_number_value(json_array_get(
                            json_array_get(ring, 1), 0)), 120.1);
    ck_assert_double_eq(json_number_value(json_array_get(
                            json_array_get(ring, 4), 1)), 30.0);
    ring = json_array_get(json_array_get(polys, 0), 1);
    ck_assert_double_eq(json_number_value(json_array_get(
                            json_array_get(ring, 0), 0)), 120.03);
    json_decref(root);
    yj_shape_clear(&s);
    /* nothing: no polygon */
    memset(&s, 0, sizeof s);
    root = geojson(&s);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "coordinates")),
                      0);
    json_decref(root);
}
END_TEST

/* An island in a lake in an island: three nested rings.  By the even-odd
 * rule (yijia.h) the innermost is land again, so its area counts and it
 * is an exterior of its own in GeoJSON, not a second hole of the
 * outermost (which GeoJSON readers take as overlapping holes and drop). */
static const double lake[][2] = {
    {120.02, 30.02}, {120.08, 30.02}, {120.08, 30.08}, {120.02, 30.08}};
static const double islet[][2] = {
    {120.04, 30.04}, {120.06, 30.04}, {120.06, 30.06}, {120.04, 30.06}};

START_TEST(test_island_in_a_hole_is_land)
{
    json_t *root, *polys;
    yj_shape s;
    blob b;

    start(&b, 2, 0, 0, 0, 0);
    part(&b, 2);
    ring_of(&b, square_ccw, 4);
    ring_of(&b, lake, 4);
    part(&b, 1);
    ring_of(&b, islet, 4);
    finish(&b);
    decode(&s, &b);
    ck_assert(yj_shape_contains(&s, ll(120.01, 30.01)));
    ck_assert(!yj_shape_contains(&s, ll(120.03, 30.03)));
    ck_assert(yj_shape_contains(&s, ll(120.05, 30.05)));
    expect_area(&s, geod_area_m2(square_ccw, 4) - geod_area_m2(lake, 4) +
                        geod_area_m2(islet, 4));
    root = geojson(&s);
    polys = json_object_get(root, "coordinates");
    ck_assert_uint_eq(json_array_size(polys), 2);
    ck_assert_uint_eq(json_array_size(json_array_get(polys, 0)), 2);
    ck_assert_uint_eq(json_array_size(json_array_get(polys, 1)), 1);
    ck_assert_double_eq(json_number_value(json_array_get(json_array_get(
                            json_array_get(json_array_get(polys, 1), 0), 0),
                                                         0)), 120.04);
    json_decref(root);
    yj_shape_clear(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shape");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_good_multipolygon_decodes_with_its_own_box);
    tcase_add_test(tc, test_empty_rings_are_refused_without_double_free);
    tcase_add_test(tc, test_counts_beyond_the_blob_are_refused);
    tcase_add_test(tc, test_points_off_the_globe_are_refused);
    tcase_add_test(tc, test_not_a_blob);
    tcase_add_test(tc, test_empty_shape_copies);
    tcase_add_test(tc, test_area_against_the_ellipsoid);
    tcase_add_test(tc, test_containment_in_a_concave_polygon_and_a_hole);
    tcase_add_test(tc, test_boxes_meeting_a_shape);
    tcase_add_test(tc, test_geojson_puts_holes_in_their_exterior);
    tcase_add_test(tc, test_island_in_a_hole_is_land);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

/* check_shape.c — the SpatiaLite geometry BLOB decoder (shape.c) against
 * crafted BLOBs (issue 19, defect 5: a polygon of two empty rings was
 * freed twice, one empty ring read out of bounds, an empty shape's copy
 * passed NULL to memcpy), points off the globe (defect 8), and the good
 * case: what the build writes decodes, with its box computed from the
 * points. */
#include "shape.h"
#include "test_util.h"

#include <math.h>
#include <stdint.h>
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
    suite_add_tcase(s, tc);
    return tu_run(s);
}

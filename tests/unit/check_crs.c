/* check_crs.c — WGS84/GCJ-02/BD-09 conversion (published vectors, exact
 * inverses over 100k random points, the mainland boundary, bad values)
 * and geodesic distance/bearing against GeographicLib's published values. */
#include "crs.h"
#include "test_util.h"
#include "yijia.h"

#include <geodesic.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Published vectors (../shared/docs/crs-spatialite-proj.md §1.6): WGS84,
 * GCJ-02 and BD-09 of twelve places around Hangzhou. */
static const struct vec {
    double wlon, wlat, glon, glat, blon, blat;
} vectors[] = {
    {120.1485, 30.2425, 120.153210488, 30.240179907, 120.159725849, 30.246119644},
    {120.1825, 30.2440, 120.187110655, 30.241617730, 120.193696804, 30.247282284},
    {120.2125, 30.2905, 120.217034713, 30.288073673, 120.223513335, 30.294206387},
    {120.1650, 30.2760, 120.169665533, 30.273653315, 120.176262419, 30.279349107},
    {120.2100, 30.2450, 120.214536726, 30.242572758, 120.221017981, 30.248658278},
    {120.2930, 30.1750, 120.297474986, 30.172574175, 120.304072067, 30.178218277},
    {120.4340, 30.2295, 120.438544859, 30.227208323, 120.445084003, 30.233001349},
    {119.9600, 30.4000, 119.964599670, 30.397449262, 119.971143045, 30.403353392},
    {120.0830, 30.3050, 120.087820956, 30.302728209, 120.094328545, 30.308686497},
    {120.3000, 30.4200, 120.304502646, 30.417614246, 120.311093790, 30.423263927},
    {119.9600, 30.0500, 119.964570724, 30.047421956, 119.971107878, 30.053323993},
    {119.7250, 30.2330, 119.729894337, 30.230524657, 119.736385608, 30.236520339},
};
#define N_VECTORS (sizeof vectors / sizeof vectors[0])

static yj_lonlat ll(double lon, double lat)
{
    yj_lonlat p = {lon, lat};
    return p;
}

static yj_lonlat conv(yj_lonlat p, yj_crs from, yj_crs to)
{
    yj_lonlat out;
    yj_error err;

    ck_assert_msg(yj_crs_convert(&out, p, from, to, &err) == YJ_OK, "%s",
                  err.message);
    return out;
}

static double metres(yj_lonlat a, yj_lonlat b)
{
    double d;

    ck_assert_int_eq(yj_geodesic_inverse(&d, NULL, a, b, NULL), YJ_OK);
    return d;
}

/* The table has 9 decimals: agreement to rounding, 6e-10°. */
#define TABLE_TOL 6e-10

START_TEST(test_forward_matches_published_vectors)
{
    size_t i;

    for (i = 0; i < N_VECTORS; i++) {
        const struct vec *v = &vectors[i];
        yj_lonlat g = conv(ll(v->wlon, v->wlat), YJ_CRS_WGS84, YJ_CRS_GCJ02);
        yj_lonlat b = conv(ll(v->glon, v->glat), YJ_CRS_GCJ02, YJ_CRS_BD09);
        yj_lonlat wb = conv(ll(v->wlon, v->wlat), YJ_CRS_WGS84, YJ_CRS_BD09);
        ck_assert_double_eq_tol(g.lon, v->glon, TABLE_TOL);
        ck_assert_double_eq_tol(g.lat, v->glat, TABLE_TOL);
        ck_assert_double_eq_tol(wb.lon, v->blon, TABLE_TOL);
        ck_assert_double_eq_tol(wb.lat, v->blat, TABLE_TOL);
        /* From the table's rounded GCJ-02: that rounding (≤5e-10°) comes
         * through as well. */
        ck_assert_double_eq_tol(b.lon, v->blon, 2 * TABLE_TOL);
        ck_assert_double_eq_tol(b.lat, v->blat, 2 * TABLE_TOL);
    }
}
END_TEST

START_TEST(test_forward_matches_independent_package_vector)
{
    /* lnglat-converter's README: (106, 32) → GCJ and BD, full digits. */
    yj_lonlat g = conv(ll(106, 32), YJ_CRS_WGS84, YJ_CRS_GCJ02);
    yj_lonlat b = conv(ll(106, 32), YJ_CRS_WGS84, YJ_CRS_BD09);

    ck_assert_double_eq_tol(g.lon, 106.0038603381513, 1e-12);
    ck_assert_double_eq_tol(g.lat, 31.997775713491148, 1e-12);
    ck_assert_double_eq_tol(b.lon, 106.01040868983318, 1e-12);
    ck_assert_double_eq_tol(b.lat, 32.00356002052303, 1e-12);
}
END_TEST

START_TEST(test_bd09_uses_x_pi_not_pi)
{
    /* caijun/geoChina: Beijing railway station GCJ (116.42703, 39.90245)
     * is BD (116.43351, 39.90851) to 1e-5°; with π instead of x_pi the
     * result is tens of metres away. */
    yj_lonlat b = conv(ll(116.42703, 39.90245), YJ_CRS_GCJ02, YJ_CRS_BD09);

    ck_assert_double_eq_tol(b.lon, 116.43351, 1e-5);
    ck_assert_double_eq_tol(b.lat, 39.90851, 1e-5);
}
END_TEST

START_TEST(test_inverse_recovers_published_wgs84_to_micrometres)
{
    size_t i;

    for (i = 0; i < N_VECTORS; i++) {
        const struct vec *v = &vectors[i];
        yj_lonlat w1 = conv(ll(v->glon, v->glat), YJ_CRS_GCJ02, YJ_CRS_WGS84);
        yj_lonlat w2 = conv(ll(v->blon, v->blat), YJ_CRS_BD09, YJ_CRS_WGS84);
        yj_lonlat g = conv(ll(v->blon, v->blat), YJ_CRS_BD09, YJ_CRS_GCJ02);
        /* The table's own 9-decimal rounding is up to 0.06 mm. */
        ck_assert_double_le(metres(w1, ll(v->wlon, v->wlat)), 1e-3);
        ck_assert_double_le(metres(w2, ll(v->wlon, v->wlat)), 1e-3);
        ck_assert_double_le(metres(g, ll(v->glon, v->glat)), 1e-3);
    }
    /* The one-step inverse most libraries ship is 1.58 m off at P01: ours
     * is not. */
    ck_assert_double_le(metres(conv(ll(120.153210488, 30.240179907),
                                    YJ_CRS_GCJ02, YJ_CRS_WGS84),
                               ll(120.1485, 30.2425)), 1e-4);
}
END_TEST

/* A deterministic generator (splitmix64), so failures reproduce. */
static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;
static double uniform(double lo, double hi)
{
    return tu_uniform(&rng_state, lo, hi);
}

/* In the mainland and at least ~5 km from its edge. */
static bool well_inside(yj_lonlat p)
{
    static const double step = 0.05;
    return yj_crs_in_mainland(p) &&
           yj_crs_in_mainland(ll(p.lon + step, p.lat)) &&
           yj_crs_in_mainland(ll(p.lon - step, p.lat)) &&
           yj_crs_in_mainland(ll(p.lon, p.lat + step)) &&
           yj_crs_in_mainland(ll(p.lon, p.lat - step));
}

START_TEST(test_round_trips_within_a_millimetre_over_100k_points)
{
    size_t n = 0, tries = 0;
    double worst[4] = {0, 0, 0, 0};

    while (n < 100000) {
        yj_lonlat p = ll(uniform(73.5, 135.0), uniform(18.0, 53.5));
        yj_lonlat q;
        double d[4];
        tries++;
        if (!well_inside(p))
            continue;
        n++;
        /* GCJ → WGS → GCJ and BD → GCJ → BD, as the issue states them. */
        q = conv(conv(p, YJ_CRS_GCJ02, YJ_CRS_WGS84), YJ_CRS_WGS84, YJ_CRS_GCJ02);
        d[0] = metres(p, q);
        q = conv(conv(p, YJ_CRS_BD09, YJ_CRS_GCJ02), YJ_CRS_GCJ02, YJ_CRS_BD09);
        d[1] = metres(p, q);
        /* and the other way round, and across all three. */
        q = conv(conv(p, YJ_CRS_WGS84, YJ_CRS_GCJ02), YJ_CRS_GCJ02, YJ_CRS_WGS84);
        d[2] = metres(p, q);
        q = conv(conv(p, YJ_CRS_BD09, YJ_CRS_WGS84), YJ_CRS_WGS84, YJ_CRS_BD09);
        d[3] = metres(p, q);
        for (int k = 0; k < 4; k++) {
            ck_assert_msg(d[k] <= 1e-3, "round trip %d of (%.9f, %.9f) is "
                          "%.6f m off", k, p.lon, p.lat, d[k]);
            if (d[k] > worst[k])
                worst[k] = d[k];
        }
    }
    /* In fact they are exact to well under a micrometre. */
    for (int k = 0; k < 4; k++)
        ck_assert_double_le(worst[k], 1e-6);
    ck_assert_uint_gt(tries, n); /* the sampler did reject outside points */
}
END_TEST

/* The published formulas written out literally with libm (wandergis'
 * coordtransform), as the reference for the library's faster evaluation. */
#define REF_PI 3.1415926535897932384626
static void reference_wgs_to_gcj(double lon, double lat, double *glon,
                                 double *glat)
{
    const double a = 6378245.0, ee = 0.00669342162296594323;
    double x = lon - 105.0, y = lat - 35.0;
    double dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y +
                  0.2 * sqrt(fabs(x));
    double dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y +
                  0.1 * sqrt(fabs(x));
    double radlat, magic, sqrtmagic;

    dlat += (20.0 * sin(6.0 * x * REF_PI) + 20.0 * sin(2.0 * x * REF_PI)) * 2.0 / 3.0;
    dlat += (20.0 * sin(y * REF_PI) + 40.0 * sin(y / 3.0 * REF_PI)) * 2.0 / 3.0;
    dlat += (160.0 * sin(y / 12.0 * REF_PI) + 320 * sin(y * REF_PI / 30.0)) * 2.0 / 3.0;
    dlng += (20.0 * sin(6.0 * x * REF_PI) + 20.0 * sin(2.0 * x * REF_PI)) * 2.0 / 3.0;
    dlng += (20.0 * sin(x * REF_PI) + 40.0 * sin(x / 3.0 * REF_PI)) * 2.0 / 3.0;
    dlng += (150.0 * sin(x / 12.0 * REF_PI) + 300.0 * sin(x / 30.0 * REF_PI)) * 2.0 / 3.0;
    radlat = lat / 180.0 * REF_PI;
    magic = sin(radlat);
    magic = 1 - ee * magic * magic;
    sqrtmagic = sqrt(magic);
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sqrtmagic) * REF_PI);
    dlng = (dlng * 180.0) / (a / sqrtmagic * cos(radlat) * REF_PI);
    *glon = lon + dlng;
    *glat = lat + dlat;
}

static void reference_gcj_to_bd(double lon, double lat, double *blon,
                                double *blat)
{
    const double x_pi = REF_PI * 3000.0 / 180.0;
    double z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * x_pi);
    double theta = atan2(lat, lon) + 0.000003 * cos(lon * x_pi);

    *blon = z * cos(theta) + 0.0065;
    *blat = z * sin(theta) + 0.006;
}

START_TEST(test_forward_equals_literal_formulas_over_100k_points)
{
    double worst_gcj = 0, worst_bd = 0;
    size_t n = 0;

    while (n < 100000) {
        yj_lonlat p = ll(uniform(73.5, 135.0), uniform(18.0, 53.5)), q;
        double rlon, rlat;
        if (!yj_crs_in_mainland(p))
            continue;
        n++;
        q = conv(p, YJ_CRS_WGS84, YJ_CRS_GCJ02);
        reference_wgs_to_gcj(p.lon, p.lat, &rlon, &rlat);
        worst_gcj = fmax(worst_gcj, fmax(fabs(q.lon - rlon), fabs(q.lat - rlat)));
        q = conv(p, YJ_CRS_GCJ02, YJ_CRS_BD09);
        reference_gcj_to_bd(p.lon, p.lat, &rlon, &rlat);
        worst_bd = fmax(worst_bd, fmax(fabs(q.lon - rlon), fabs(q.lat - rlat)));
    }
    /* The bound is 1e-9°; the evaluation is a thousand times
     * closer than that. */
    ck_assert_msg(worst_gcj <= 1e-12, "GCJ-02 differs by %g°", worst_gcj);
    ck_assert_msg(worst_bd <= 1e-12, "BD-09 differs by %g°", worst_bd);
}
END_TEST

START_TEST(test_points_outside_mainland_china_are_not_shifted)
{
    static const double outside[][2] = {
        {126.98, 37.57},   /* Seoul: inside the usual bounding box */
        {125.75, 39.02},   /* Pyongyang */
        {139.69, 35.69},   /* Tokyo */
        {121.56, 25.04},   /* Taipei */
        {120.30, 22.63},   /* Kaohsiung */
        {119.57, 23.57},   /* Penghu */
        {114.17, 22.30},   /* Hong Kong, Kowloon */
        {114.13, 22.50},   /* Hong Kong, Sheung Shui */
        {113.54, 22.19},   /* Macau peninsula */
        {113.57, 22.13},   /* Macau, Cotai */
        {105.85, 21.03},   /* Hanoi */
        {106.95, 47.92},   /* Ulaanbaatar */
        {131.89, 43.12},   /* Vladivostok */
        {85.32, 27.72},    /* Kathmandu */
        {0.0, 0.0}, {-74.0, 40.7}, {180.0, 0.0}, {-180.0, -90.0},
        {0.0, 90.0}, {120.0, -30.0},
    };
    size_t i;
    int from, to;

    for (i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        yj_lonlat p = ll(outside[i][0], outside[i][1]);
        ck_assert_msg(!yj_crs_in_mainland(p), "point %zu is inside", i);
        for (from = 0; from < 3; from++) {
            for (to = 0; to < 3; to++) {
                yj_lonlat q = conv(p, (yj_crs)from, (yj_crs)to);
                ck_assert_msg(q.lon == p.lon && q.lat == p.lat,
                              "point %zu moved %s→%s", i,
                              yj_crs_name((yj_crs)from), yj_crs_name((yj_crs)to));
            }
        }
    }
}
END_TEST

START_TEST(test_mainland_cities_near_edges_are_shifted)
{
    static const double inside[][2] = {
        {114.06, 22.54},   /* Shenzhen, Futian: across the river from HK */
        {113.95, 22.50},   /* Shenzhen Bay */
        {114.27, 22.58},   /* Shenzhen, Yantian */
        {113.57, 22.27},   /* Zhuhai */
        {113.53, 22.13},   /* Hengqin, beside Macau */
        {109.51, 18.25},   /* Sanya */
        {110.33, 20.03},   /* Haikou */
        {121.47, 31.23},   /* Shanghai */
        {119.30, 26.08},   /* Fuzhou */
        {118.09, 24.48},   /* Xiamen */
        {126.64, 45.76},   /* Harbin */
        {87.62, 43.83},    /* Urumqi */
        {75.99, 39.47},    /* Kashgar */
        {91.13, 29.65},    /* Lhasa */
        {102.71, 25.04},   /* Kunming */
        {108.37, 22.82},   /* Nanning */
        {122.12, 37.51},   /* Weihai */
        {121.61, 38.91},   /* Dalian */
        {129.51, 42.89},   /* Yanji */
        {111.67, 40.82},   /* Hohhot */
        {120.27, 30.16},   /* Xiaoshan */
    };
    size_t i;

    for (i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        yj_lonlat p = ll(inside[i][0], inside[i][1]);
        yj_lonlat g = conv(p, YJ_CRS_WGS84, YJ_CRS_GCJ02);
        ck_assert_msg(yj_crs_in_mainland(p), "city %zu is outside", i);
        ck_assert_msg(metres(p, g) > 100.0, "city %zu not shifted", i);
    }
}
END_TEST

START_TEST(test_bad_values_are_refused_with_the_value)
{
    yj_lonlat out = {1, 2}, pts[3];
    yj_error err;
    size_t bad = 99;

    ck_assert_int_eq(yj_crs_convert(&out, ll(NAN, 30), YJ_CRS_WGS84,
                                     YJ_CRS_GCJ02, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "longitude nan"));
    ck_assert_int_eq(yj_crs_convert(&out, ll(120, INFINITY), YJ_CRS_GCJ02,
                                     YJ_CRS_WGS84, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "latitude inf"));
    ck_assert_int_eq(yj_crs_convert(&out, ll(120, 91.25), YJ_CRS_BD09,
                                     YJ_CRS_WGS84, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "latitude 91.25 is out of range"));
    ck_assert_int_eq(yj_crs_convert(&out, ll(-180.5, 0), YJ_CRS_WGS84,
                                     YJ_CRS_BD09, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "longitude -180.5"));
    ck_assert_double_eq(out.lon, 1); /* untouched on error */

    pts[0] = ll(120.1485, 30.2425);
    pts[1] = ll(120.2, -95);
    pts[2] = ll(120.3, 30.3);
    ck_assert_int_eq(yj_crs_convert_array(&bad, pts, 3, YJ_CRS_WGS84,
                                          YJ_CRS_GCJ02, &err), YJ_EINVAL);
    ck_assert_uint_eq(bad, 1);
    ck_assert_double_eq_tol(pts[0].lon, 120.153210488, TABLE_TOL);
    ck_assert_double_eq(pts[2].lon, 120.3);
}
END_TEST

START_TEST(test_edges_poles_antimeridian_and_negative_zero)
{
    yj_lonlat q = conv(ll(-0.0, -0.0), YJ_CRS_GCJ02, YJ_CRS_WGS84);

    ck_assert(q.lon == 0.0 && signbit(q.lon)); /* unchanged, sign and all */
    q = conv(ll(180, 90), YJ_CRS_BD09, YJ_CRS_GCJ02);
    ck_assert_double_eq(q.lon, 180);
    ck_assert_double_eq(q.lat, 90);
    q = conv(ll(-180, -90), YJ_CRS_WGS84, YJ_CRS_BD09);
    ck_assert_double_eq(q.lon, -180);
}
END_TEST

START_TEST(test_array_conversion_equals_single)
{
    yj_lonlat pts[N_VECTORS];
    size_t i;

    for (i = 0; i < N_VECTORS; i++)
        pts[i] = ll(vectors[i].blon, vectors[i].blat);
    ck_assert_int_eq(yj_crs_convert_array(NULL, pts, N_VECTORS,
                                          YJ_CRS_BD09, YJ_CRS_WGS84, NULL), YJ_OK);
    for (i = 0; i < N_VECTORS; i++) {
        yj_lonlat one = conv(ll(vectors[i].blon, vectors[i].blat),
                             YJ_CRS_BD09, YJ_CRS_WGS84);
        ck_assert(pts[i].lon == one.lon && pts[i].lat == one.lat);
    }
}
END_TEST

START_TEST(test_crs_names)
{
    yj_crs c;

    ck_assert(yj_crs_from_name(&c, "GCJ02") && c == YJ_CRS_GCJ02);
    ck_assert(yj_crs_from_name(&c, "bd09ll") && c == YJ_CRS_BD09);
    ck_assert(yj_crs_from_name(&c, "cgcs2000") && c == YJ_CRS_WGS84);
    ck_assert(!yj_crs_from_name(&c, "bd09mc")); /* Baidu Mercator: refused */
    /* the words people write, alone or in a longer name */
    ck_assert(yj_crs_from_name(&c, "高德") && c == YJ_CRS_GCJ02);
    ck_assert(yj_crs_from_name(&c, "高德坐标") && c == YJ_CRS_GCJ02);
    ck_assert(yj_crs_from_name(&c, "火星坐标") && c == YJ_CRS_GCJ02);
    ck_assert(!yj_crs_from_name(&c, "火星")); /* a planet, not a datum */
    ck_assert(yj_crs_from_name(&c, "百度") && c == YJ_CRS_BD09);
    ck_assert(yj_crs_from_name(&c, "gps") && c == YJ_CRS_WGS84);
    ck_assert(yj_crs_from_name(&c, "手机GPS") && c == YJ_CRS_WGS84);
    ck_assert(!yj_crs_from_name(&c, "谷歌"));
    ck_assert_str_eq(yj_crs_name(YJ_CRS_BD09), "bd09");
}
END_TEST

START_TEST(test_geodesic_matches_geographiclib)
{
    double s, az;

    /* GeographicLib's documented example: JFK (40.6, -73.8) to LHR
     * (51.6, -0.5): s12 = 5551759.400319 m, azi1 = 51.198882845580°. */
    ck_assert_int_eq(yj_geodesic_inverse(&s, &az, ll(-73.8, 40.6),
                                         ll(-0.5, 51.6), NULL), YJ_OK);
    ck_assert_double_eq_tol(s, 5551759.400319, 1e-3);
    ck_assert_double_eq_tol(az, 51.198882845580, 1e-9);

    /* Geoscience Australia's example, Flinders Peak to Buninyong:
     * 54972.271 m, azimuth 306°52'05.37" (GRS80; WGS84 differs by far
     * less than a millimetre here). */
    ck_assert_int_eq(yj_geodesic_inverse(&s, &az,
        ll(144.0 + 25.0 / 60 + 29.52440 / 3600, -(37.0 + 57.0 / 60 + 3.72030 / 3600)),
        ll(143.0 + 55.0 / 60 + 35.38390 / 3600, -(37.0 + 39.0 / 60 + 10.15610 / 3600)),
        NULL), YJ_OK);
    ck_assert_double_eq_tol(s, 54972.271, 0.0006);
    ck_assert_double_eq_tol(az, 306.0 + 52.0 / 60 + 5.37 / 3600, 0.006 / 3600);

    /* West Lake (P01) to Hangzhou East (P03), SpatiaLite ST_Distance(,1). */
    ck_assert_int_eq(yj_geodesic_inverse(&s, &az, ll(120.1485, 30.2425),
                                         ll(120.2125, 30.2905), NULL), YJ_OK);
    ck_assert_double_eq_tol(s, 8138.93506579722, 1e-6);

    /* Same point: 0 m, bearing 0 (not NaN). */
    ck_assert_int_eq(yj_geodesic_inverse(&s, &az, ll(120, 30), ll(120, 30),
                                         NULL), YJ_OK);
    ck_assert_double_eq(s, 0);
    ck_assert_double_eq(az, 0);
    /* Due west is 270, not -90. */
    ck_assert_int_eq(yj_geodesic_inverse(NULL, &az, ll(120, 0), ll(119, 0),
                                         NULL), YJ_OK);
    ck_assert_double_eq_tol(az, 270, 1e-9);
    ck_assert_int_eq(yj_geodesic_inverse(&s, NULL, ll(120, 0), ll(NAN, 0),
                                         NULL), YJ_EINVAL);
}
END_TEST

START_TEST(test_geodesic_agrees_with_proj_over_100k_pairs)
{
    struct geod_geodesic g;
    double worst_m = 0, worst_deg = 0;
    int i;

    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    for (i = 0; i < 100000; i++) {
        /* Mostly station-finder distances, some across the globe. */
        yj_lonlat a = ll(uniform(-180, 180), uniform(-89, 89)), b;
        double span = i % 10 == 0 ? 180.0 : (i % 10 == 1 ? 20.0 : 0.5);
        double s, az, ps, paz;
        b = ll(fmax(-180, fmin(180, a.lon + uniform(-span, span))),
               fmax(-90, fmin(90, a.lat + uniform(-span, span) / 2)));
        ck_assert_int_eq(yj_geodesic_inverse(&s, &az, a, b, NULL), YJ_OK);
        geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &ps, &paz, NULL);
        worst_m = fmax(worst_m, fabs(s - ps));
        if (ps > 1.0) {
            double d = fabs(fmod(az - paz + 540.0, 360.0) - 180.0);
            worst_deg = fmax(worst_deg, d);
        }
    }
    ck_assert_msg(worst_m < 1e-3, "distances differ by %g m", worst_m);
    ck_assert_msg(worst_deg < 1e-6, "bearings differ by %g°", worst_deg);
    /* Nearly antipodal: Vincenty does not converge; PROJ answers. */
    {
        double s, ps;
        ck_assert_int_eq(yj_geodesic_inverse(&s, NULL, ll(0, 0.5),
                                             ll(179.7, -0.5), NULL), YJ_OK);
        geod_inverse(&g, 0.5, 0, -0.5, 179.7, &ps, NULL, NULL);
        ck_assert_double_eq_tol(s, ps, 1e-6);
    }
}
END_TEST

/* Issue 19, defect 8: `while (l > π) l -= 2π` never ended for a longitude
 * of 1e300 (a damaged database row reaches the hot path unchecked).  Out
 * of range or not finite, a point has no distance (NaN), at once; the
 * public call says which value is wrong. */
START_TEST(test_geodesic_of_points_off_the_globe_ends)
{
    static const double bad[][2] = {
        {1e300, 30}, {-1e300, 30}, {INFINITY, 30}, {NAN, 30}, {120, 1e300},
        {180.000001, 30}, {120, -90.5},
    };
    yj_lonlat a = {120.2, 30.1}, b;
    double d, az;
    yj_error err;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b.lon = bad[i][0];
        b.lat = bad[i][1];
        ck_assert(isnan(yj_geodesic_distance_m(a, b)));
        ck_assert(isnan(yj_geodesic_distance_m(b, a)));
        yj_geodesic_measure(&d, &az, b, a);
        ck_assert(isnan(d));
        ck_assert_int_eq(yj_geodesic_inverse(&d, &az, a, b, &err), YJ_EINVAL);
    }
    /* the edges themselves are points: the antimeridian both ways */
    b.lon = -180;
    b.lat = 0;
    a.lon = 180;
    a.lat = 0;
    ck_assert_double_eq_tol(yj_geodesic_distance_m(a, b), 0, 1e-6);
    a.lon = 179.5;
    ck_assert_double_eq_tol(yj_geodesic_distance_m(a, b), 55659.7, 0.1);
}
END_TEST

START_TEST(test_compass_names)
{
    ck_assert_str_eq(yj_compass_zh(0), "北");
    ck_assert_str_eq(yj_compass_zh(22.49), "北");
    ck_assert_str_eq(yj_compass_zh(22.5), "东北");
    ck_assert_str_eq(yj_compass_zh(90), "东");
    ck_assert_str_eq(yj_compass_zh(135), "东南");
    ck_assert_str_eq(yj_compass_zh(180), "南");
    ck_assert_str_eq(yj_compass_zh(225), "西南");
    ck_assert_str_eq(yj_compass_zh(270), "西");
    ck_assert_str_eq(yj_compass_zh(315), "西北");
    ck_assert_str_eq(yj_compass_zh(337.5), "北");
    ck_assert_str_eq(yj_compass_zh(359.99), "北");
    ck_assert_str_eq(yj_compass_zh(-45), "西北");
    ck_assert_str_eq(yj_compass_zh(720 + 90), "东");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("crs");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_forward_matches_published_vectors);
    tcase_add_test(tc, test_forward_matches_independent_package_vector);
    tcase_add_test(tc, test_bd09_uses_x_pi_not_pi);
    tcase_add_test(tc, test_inverse_recovers_published_wgs84_to_micrometres);
    tcase_add_test(tc, test_round_trips_within_a_millimetre_over_100k_points);
    tcase_add_test(tc, test_forward_equals_literal_formulas_over_100k_points);
    tcase_add_test(tc, test_points_outside_mainland_china_are_not_shifted);
    tcase_add_test(tc, test_mainland_cities_near_edges_are_shifted);
    tcase_add_test(tc, test_bad_values_are_refused_with_the_value);
    tcase_add_test(tc, test_edges_poles_antimeridian_and_negative_zero);
    tcase_add_test(tc, test_array_conversion_equals_single);
    tcase_add_test(tc, test_crs_names);
    tcase_add_test(tc, test_geodesic_matches_geographiclib);
    tcase_add_test(tc, test_geodesic_agrees_with_proj_over_100k_pairs);
    tcase_add_test(tc, test_compass_names);
    tcase_add_test(tc, test_geodesic_of_points_off_the_globe_ends);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

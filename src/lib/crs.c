/* crs.c — WGS84 ⇄ GCJ-02 ⇄ BD-09 conversion (geodesics: geodesic.c).
 *
 * PROJ does not know
 * GCJ-02 or BD-09 (its maintainers declined, OSGeo/PROJ#982), so the shifts
 * are implemented here from the published formulas:
 *   - GCJ-02: Krasovsky a = 6378245, e² = 0.00669342162296594323, the
 *     polynomial-plus-sines offset evaluated at the WGS84 point;
 *   - BD-09: from GCJ-02 with x_pi = π·3000/180 (not π: that well-known bug
 *     puts points 17–72 m off).
 * Inverses have no closed form.  The usual one-step inverse is up to 2.7 m
 * off in Hangzhou; here the correction w ← w − (fwd(w) − target) repeats
 * until the forward image is within 1e-12° (0.1 µm) of the target, which
 * takes 3–4 steps in China.
 *
 * Where the shift applies.  GCJ-02 and BD-09 differ from WGS84 only in
 * mainland China.  A bounding box (the common 73.66–135.05°E, 3.86–53.55°N)
 * would shift Seoul, Pyongyang, Hanoi, Taipei, Hong Kong and Macau, so the
 * test is a point-in-polygon against a 60-vertex outline of mainland China
 * (Hainan included) drawn for this project, with Hong Kong and Macau cut out
 * by their own outlines.  Along land borders it is accurate to about 0.5°:
 * twin border towns (丹东/Sinuiju, 河口/Lao Cai) cannot be told apart, and
 * points there may be classified either way.  For an inverse, the shifted
 * answer is taken when it lies inside (its forward image is then the
 * input), else the unshifted one when the input lies outside. */
#include "crs.h"
#include "error.h"

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>


#define KRASOVSKY_A 6378245.0
#define KRASOVSKY_EE 0.00669342162296594323
static const double x_pi = YJ_PI * 3000.0 / 180.0;
static const double converged_deg = 1e-12;
enum { max_iterations = 20 };

/* ---- the region -------------------------------------------------------- */

typedef struct vertex {
    double lon, lat;
} vertex;

/* Mainland China, anticlockwise from the Vietnamese border at 东兴. */
static const vertex mainland[] = {
    {107.97, 21.54}, {108.20, 21.20}, {108.40, 19.80}, {108.50, 18.40},
    {109.60, 17.90}, {111.20, 19.20}, {111.00, 21.30}, {112.50, 21.45},
    {113.40, 21.85}, {114.30, 21.90}, {116.50, 22.60}, {118.00, 23.60},
    {119.20, 24.50}, {120.25, 25.40}, {120.80, 26.90}, {122.30, 29.50},
    {123.00, 31.00}, {122.30, 34.50}, {123.20, 37.40}, {124.25, 39.85},
    {124.33, 40.05}, {126.00, 40.90}, {126.60, 41.55}, {128.10, 41.35},
    {128.00, 42.00}, {129.40, 42.35}, {129.90, 42.90}, {130.60, 42.42},
    {130.70, 42.90}, {131.30, 44.90}, {133.00, 45.00}, {134.40, 47.50},
    {134.75, 48.30}, {132.50, 47.75}, {130.70, 47.90}, {130.50, 49.00},
    {127.50, 50.10}, {125.60, 53.00}, {123.30, 53.60}, {120.80, 53.25},
    {119.50, 50.40}, {117.80, 49.60}, {116.60, 49.85}, {115.50, 47.90},
    {119.00, 47.50}, {117.40, 46.50}, {113.60, 44.75}, {111.90, 43.68},
    {105.00, 41.60}, {96.40, 42.70},  {95.30, 44.30},  {91.00, 45.30},
    {90.60, 47.90},  {87.80, 49.20},  {85.30, 47.10},  {82.90, 47.20},
    {82.40, 45.60},  {80.00, 45.00},  {80.30, 42.90},  {75.40, 40.50},
    {73.50, 39.50},  {74.90, 37.30},  {75.40, 36.85},  {78.00, 35.50},
    {79.50, 32.50},  {81.00, 30.30},  {85.90, 28.10},  {88.00, 27.90},
    {89.50, 28.10},  {91.60, 27.90},  {94.00, 29.20},  {96.10, 29.40},
    {97.60, 28.30},  {98.60, 27.60},  {97.50, 24.80},  {97.80, 23.95},
    {99.30, 22.10},  {101.20, 21.20}, {102.00, 22.40}, {103.95, 22.52},
    {105.30, 23.30}, {106.70, 22.80}, {106.60, 21.97},
};

/* Hong Kong: the Shenzhen River and Shenzhen Bay to the north. */
static const vertex hong_kong[] = {
    {113.82, 22.13}, {113.82, 22.40}, {113.89, 22.43}, {114.03, 22.51},
    {114.08, 22.52}, {114.16, 22.545}, {114.23, 22.56}, {114.35, 22.56},
    {114.50, 22.50}, {114.50, 22.13},
};

/* Macau: the peninsula, Taipa and Cotai, east of 横琴. */
static const vertex macau[] = {
    {113.528, 22.186}, {113.535, 22.214}, {113.555, 22.216},
    {113.565, 22.200}, {113.610, 22.160}, {113.605, 22.105},
    {113.550, 22.105}, {113.548, 22.140}, {113.540, 22.170},
};

/* Crossing-number test (W. R. Franklin's pnpoly). */
static bool inside(const vertex *v, size_t n, double lon, double lat)
{
    bool in = false;
    size_t i, j;

    for (i = 0, j = n - 1; i < n; j = i++) {
        if (((v[i].lat > lat) != (v[j].lat > lat)) &&
            (lon < (v[j].lon - v[i].lon) * (lat - v[i].lat) /
                           (v[j].lat - v[i].lat) + v[i].lon))
            in = !in;
    }
    return in;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The exact test against the outlines. */
static bool in_mainland_exact(double lon, double lat)
{
    if (inside(hong_kong, COUNT(hong_kong), lon, lat) ||
        inside(macau, COUNT(macau), lon, lat))
        return false;
    return inside(mainland, COUNT(mainland), lon, lat);
}

/* A grid of 0.5° cells over the outline's box, each classified on first use
 * as wholly inside, wholly outside, or crossed by an edge (only those need
 * the exact test).  Most of China is one array load away. */
#define GRID_LON0 73.0
#define GRID_LAT0 17.5
#define GRID_CELL 0.5
#define GRID_W 124 /* 73.0 .. 135.0 */
#define GRID_H 74  /* 17.5 .. 54.5 */
enum { CELL_UNKNOWN = 0, CELL_IN, CELL_OUT, CELL_MIXED };
static _Atomic unsigned char grid[GRID_H][GRID_W];

/* Does segment a-b touch the box [x0,x1]x[y0,y1]?  (Liang–Barsky.) */
static bool segment_hits_box(vertex a, vertex b, double x0, double y0,
                             double x1, double y1)
{
    double t0 = 0.0, t1 = 1.0, dx = b.lon - a.lon, dy = b.lat - a.lat;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {a.lon - x0, x1 - a.lon, a.lat - y0, y1 - a.lat};
    int k;

    for (k = 0; k < 4; k++) {
        if (p[k] == 0.0) {
            if (q[k] < 0.0)
                return false;
        } else {
            double t = q[k] / p[k];
            if (p[k] < 0.0) {
                if (t > t1)
                    return false;
                if (t > t0)
                    t0 = t;
            } else {
                if (t < t0)
                    return false;
                if (t < t1)
                    t1 = t;
            }
        }
    }
    return true;
}

static bool outline_hits_box(const vertex *v, size_t n, double x0, double y0,
                             double x1, double y1)
{
    size_t i, j;

    for (i = 0, j = n - 1; i < n; j = i++)
        if (segment_hits_box(v[j], v[i], x0, y0, x1, y1))
            return true;
    return false;
}

static unsigned char classify_cell(int row, int col)
{
    double x0 = GRID_LON0 + col * GRID_CELL, y0 = GRID_LAT0 + row * GRID_CELL;
    double x1 = x0 + GRID_CELL, y1 = y0 + GRID_CELL;

    if (outline_hits_box(mainland, COUNT(mainland), x0, y0, x1, y1) ||
        outline_hits_box(hong_kong, COUNT(hong_kong), x0, y0, x1, y1) ||
        outline_hits_box(macau, COUNT(macau), x0, y0, x1, y1))
        return CELL_MIXED;
    return in_mainland_exact(x0 + GRID_CELL / 2, y0 + GRID_CELL / 2)
               ? CELL_IN : CELL_OUT;
}

bool yj_crs_in_mainland(yj_lonlat p)
{
    double fx = (p.lon - GRID_LON0) * (1.0 / GRID_CELL);
    double fy = (p.lat - GRID_LAT0) * (1.0 / GRID_CELL);
    int col, row;
    unsigned char cell;

    if (!(fx >= 0.0 && fx < GRID_W && fy >= 0.0 && fy < GRID_H))
        return false; /* also NaN */
    col = (int)fx;
    row = (int)fy;
    /* Racing threads compute the same value: relaxed order is enough. */
    cell = atomic_load_explicit(&grid[row][col], memory_order_relaxed);
    if (cell == CELL_UNKNOWN) {
        cell = classify_cell(row, col);
        atomic_store_explicit(&grid[row][col], cell, memory_order_relaxed);
    }
    if (cell == CELL_MIXED)
        return in_mainland_exact(p.lon, p.lat);
    return cell == CELL_IN;
}

/* ---- the shifts -------------------------------------------------------- */

/* Round to the nearest integer without a library call (|k| < 2^51, in
 * the default rounding mode): adding 1.5·2^52 drops the fraction, and
 * without -ffast-math the compiler keeps both steps. */
static double round_nearest(double k)
{
    static const double magic = 6755399441055744.0;

    return (k + magic) - magic;
}

/* sin(πk) and cos(πk).  k is reduced to the nearest quarter turn, leaving
 * |πf| ≤ π/4, where Taylor series to degree 17/18 are exact to 5e-17 (below
 * double rounding); the quarter turns rotate the result.  The shifts only
 * need |k| < 1e4, where the reduction is exact to 1e-13 of a turn.  Several
 * times faster than libm's sin() and cos(). */
static void sincospi(double k, double *s, double *c)
{
    double q = round_nearest(2.0 * k);
    double u = YJ_PI * (k - 0.5 * q);
    double u2 = u * u;
    double su = u * (1.0 + u2 * (-1.0 / 6 + u2 * (1.0 / 120 + u2 * (
                -1.0 / 5040 + u2 * (1.0 / 362880 + u2 * (-1.0 / 39916800 +
                u2 * (1.0 / 6227020800.0 + u2 * (-1.0 / 1307674368000.0 +
                u2 * (1.0 / 355687428096000.0)))))))));
    double cu = 1.0 + u2 * (-1.0 / 2 + u2 * (1.0 / 24 + u2 * (-1.0 / 720 +
                u2 * (1.0 / 40320 + u2 * (-1.0 / 3628800 + u2 * (
                1.0 / 479001600.0 + u2 * (-1.0 / 87178291200.0 + u2 * (
                1.0 / 20922789888000.0 + u2 * (-1.0 / 6402373705728000.0)))))))));

    switch ((long)q & 3) {
    case 0: *s = su;  *c = cu;  break;
    case 1: *s = cu;  *c = -su; break;
    case 2: *s = -su; *c = -cu; break;
    default: *s = -cu; *c = su; break;
    }
}

/* sin(πk) and cos(πk) to 1e-9, enough for BD-09's terms, which scale
 * them by 2e-5 and 3e-6 (an error below 1e-13°): k is reduced to the
 * nearest integer (|πf| ≤ π/2, Taylor to degree 15/14), whose parity gives
 * the sign — one polynomial each, no branches. */
static double sinpi_coarse(double k)
{
    double q = round_nearest(k), u = YJ_PI * (k - q), u2 = u * u;
    double s = u * (1.0 + u2 * (-1.0 / 6 + u2 * (1.0 / 120 + u2 * (
               -1.0 / 5040 + u2 * (1.0 / 362880 + u2 * (-1.0 / 39916800 +
               u2 * (1.0 / 6227020800.0 + u2 * (-1.0 / 1307674368000.0))))))));

    return ((long)q & 1) ? -s : s;
}

static double cospi_coarse(double k)
{
    double q = round_nearest(k), u = YJ_PI * (k - q), u2 = u * u;
    double c = 1.0 + u2 * (-1.0 / 2 + u2 * (1.0 / 24 + u2 * (-1.0 / 720 +
               u2 * (1.0 / 40320 + u2 * (-1.0 / 3628800 + u2 * (
               1.0 / 479001600.0 + u2 * (-1.0 / 87178291200.0)))))));

    return ((long)q & 1) ? -c : c;
}

/* The sines of the GCJ-02 polynomial.  The published formula takes ten
 * sines of πt·{6, 2, 1, 1/3, 1/12, 1/30}; all are multiples of πt/60, so
 * one sine-and-cosine pair and the multiple-angle identities give them
 * (4× faster; the identities add rounding of order 1e-13 m, far below the
 * 1e-9° the forward transform is held to). */
typedef struct harmonics {
    double s1, s1_3, s1_12, s1_30; /* sin(πt), sin(πt/3), sin(πt/12), sin(πt/30) */
    double s2, s6;                 /* sin(2πt), sin(6πt) */
} harmonics;

/* From s = sin v, c = cos v with v = πt/60. */
static harmonics sines_of(double s, double c)
{
    double s2 = s * s, c2 = c * c;
    {
    /* 2v = πt/30 */
    double s_30 = 2.0 * s * c;
    /* 5v = πt/12 */
    double s_12 = s * (16.0 * s2 * s2 - 20.0 * s2 + 5.0);
    double c_12 = c * (16.0 * c2 * c2 - 20.0 * c2 + 5.0);
    /* 10v, 20v = πt/3 */
    double s_6 = 2.0 * s_12 * c_12, c_6 = 1.0 - 2.0 * s_12 * s_12;
    double s_3 = 2.0 * s_6 * c_6, c_3 = 1.0 - 2.0 * s_6 * s_6;
    /* 60v = πt, 120v = 2πt, 360v = 6πt */
    double s_1 = s_3 * (3.0 - 4.0 * s_3 * s_3);
    double c_1 = c_3 * (4.0 * c_3 * c_3 - 3.0);
    double s_2 = 2.0 * s_1 * c_1;
    harmonics h;

    h.s1 = s_1;
    h.s1_3 = s_3;
    h.s1_12 = s_12;
    h.s1_30 = s_30;
    h.s2 = s_2;
    h.s6 = s_2 * (3.0 - 4.0 * s_2 * s_2);
    return h;
    }
}

/* GCJ-02 offset (degrees) of the WGS84 point w. */
static yj_lonlat gcj_offset(yj_lonlat w)
{
    static const double two_thirds = 2.0 / 3.0;
    /* metres → degrees on Krasovsky's meridian and prime-vertical radii */
    static const double k_lat = 180.0 / (KRASOVSKY_A * (1.0 - KRASOVSKY_EE) *
                                         YJ_PI);
    static const double k_lon = 180.0 / (KRASOVSKY_A * YJ_PI);
    double x = w.lon - 105.0, y = w.lat - 35.0;
    double sv, cv, common, dlat, dlon, sin_lat, cos_lat, magic, sqrt_magic;
    harmonics hx, hy;
    yj_lonlat d;

    sincospi(x / 60.0, &sv, &cv);
    hx = sines_of(sv, cv);
    sincospi(y / 60.0, &sv, &cv);
    hy = sines_of(sv, cv);
    common = (20.0 * hx.s6 + 20.0 * hx.s2) * two_thirds;
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y +
           0.2 * sqrt(fabs(x)) + common +
           (20.0 * hy.s1 + 40.0 * hy.s1_3) * two_thirds +
           (160.0 * hy.s1_12 + 320.0 * hy.s1_30) * two_thirds;
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y +
           0.1 * sqrt(fabs(x)) + common +
           (20.0 * hx.s1 + 40.0 * hx.s1_3) * two_thirds +
           (150.0 * hx.s1_12 + 300.0 * hx.s1_30) * two_thirds;

    sincospi(w.lat / 180.0, &sin_lat, &cos_lat);
    magic = 1.0 - KRASOVSKY_EE * sin_lat * sin_lat;
    sqrt_magic = sqrt(magic);
    d.lat = dlat * k_lat * magic * sqrt_magic;
    d.lon = dlon * k_lon * sqrt_magic / cos_lat;
    return d;
}

static yj_lonlat wgs_to_gcj(yj_lonlat w)
{
    yj_lonlat d = gcj_offset(w), g = {w.lon + d.lon, w.lat + d.lat};
    return g;
}

/* GCJ-02 → BD-09 as published: z = r + 2e-5·sin(y·x_pi), θ = atan2(y, x) +
 * 3e-6·cos(x·x_pi), (z cos θ, z sin θ) + (0.0065, 0.006).  cos θ and sin θ
 * are expanded as cos(θ0 + δ) with cos θ0 = x/r, sin θ0 = y/r and |δ| ≤
 * 3e-6 (so cos δ = 1 − δ²/2 and sin δ = δ − δ³/6 to double precision):
 * the same value without atan2, cos and sin. */
static yj_lonlat gcj_to_bd(yj_lonlat g)
{
    double r = sqrt(g.lon * g.lon + g.lat * g.lat), z, delta, cd, sd, c0, s0;
    yj_lonlat b;

    /* sin(y·x_pi) and cos(x·x_pi), with x_pi = π·50/3 */
    z = r + 0.00002 * sinpi_coarse(g.lat * (50.0 / 3.0));
    delta = 0.000003 * cospi_coarse(g.lon * (50.0 / 3.0));
    cd = 1.0 - delta * delta / 2.0;
    sd = delta - delta * delta * delta / 6.0;
    c0 = g.lon * (1.0 / r);
    s0 = g.lat * (1.0 / r);
    b.lon = z * (c0 * cd - s0 * sd) + 0.0065;
    b.lat = z * (s0 * cd + c0 * sd) + 0.006;
    return b;
}

/* The published one-step BD-09 → GCJ-02, the inverse's starting point. */
static yj_lonlat bd_to_gcj_approx(yj_lonlat b)
{
    double x = b.lon - 0.0065, y = b.lat - 0.006;
    double z = sqrt(x * x + y * y) - 0.00002 * sin(y * x_pi);
    double theta = atan2(y, x) - 0.000003 * cos(x * x_pi);
    yj_lonlat g = {z * cos(theta), z * sin(theta)};
    return g;
}

/* Solve fwd(p) = target by repeated correction from `p`. */
static yj_lonlat invert(yj_lonlat (*fwd)(yj_lonlat), yj_lonlat target,
                        yj_lonlat p)
{
    int i;

    for (i = 0; i < max_iterations; i++) {
        yj_lonlat f = fwd(p);
        double dlon = f.lon - target.lon, dlat = f.lat - target.lat;
        p.lon -= dlon;
        p.lat -= dlat;
        if (fabs(dlon) < converged_deg && fabs(dlat) < converged_deg)
            break;
    }
    return p;
}

/* The shifts restricted to mainland China, with exact inverses.  An
 * inverse takes the shifted answer A when A lies in the mainland (then
 * fwd(A) is the input), else the input itself when that lies outside (it
 * maps to itself); in the thin border band where neither holds, A. */
static yj_lonlat to_gcj_from_wgs(yj_lonlat w)
{
    return yj_crs_in_mainland(w) ? wgs_to_gcj(w) : w;
}

static yj_lonlat to_bd_from_gcj(yj_lonlat g)
{
    return yj_crs_in_mainland(g) ? gcj_to_bd(g) : g;
}

/* Shifts are under 0.02°: outside this box nothing can map inside. */
static bool far_outside(yj_lonlat p)
{
    return p.lon < 73.0 || p.lon > 135.2 || p.lat < 17.4 || p.lat > 54.1;
}

static yj_lonlat to_wgs_from_gcj(yj_lonlat g)
{
    yj_lonlat d, a;

    if (far_outside(g))
        return g;
    d = gcj_offset(g);
    a.lon = g.lon - d.lon;   /* the one-step inverse, then refined */
    a.lat = g.lat - d.lat;
    a = invert(wgs_to_gcj, g, a);
    return !yj_crs_in_mainland(a) && !yj_crs_in_mainland(g) ? g : a;
}

static yj_lonlat to_gcj_from_bd(yj_lonlat b)
{
    yj_lonlat a;

    if (far_outside(b))
        return b;
    a = invert(gcj_to_bd, b, bd_to_gcj_approx(b));
    return !yj_crs_in_mainland(a) && !yj_crs_in_mainland(b) ? b : a;
}

/* ---- public API -------------------------------------------------------- */

bool yj_crs_from_name(yj_crs *out, const char *name)
{
    static const struct {
        const char *name;
        yj_crs crs;
    } names[] = {
        {"wgs84", YJ_CRS_WGS84}, {"wgs-84", YJ_CRS_WGS84},
        {"cgcs2000", YJ_CRS_WGS84}, {"gcj02", YJ_CRS_GCJ02},
        {"gcj-02", YJ_CRS_GCJ02}, {"amap", YJ_CRS_GCJ02},
        {"bd09", YJ_CRS_BD09}, {"bd-09", YJ_CRS_BD09},
        {"bd09ll", YJ_CRS_BD09}, {"baidu", YJ_CRS_BD09},
        {"gps", YJ_CRS_WGS84},
    };
    /* the words people write, also inside a longer name (高德坐标) */
    static const struct {
        const char *word;
        yj_crs crs;
    } words[] = {
        {"高德", YJ_CRS_GCJ02}, {"火星坐标", YJ_CRS_GCJ02},
        {"腾讯", YJ_CRS_GCJ02}, {"百度", YJ_CRS_BD09},
        {"天地图", YJ_CRS_WGS84}, {"GPS", YJ_CRS_WGS84},
    };
    size_t i;

    for (i = 0; i < COUNT(names); i++) {
        if (strcasecmp(names[i].name, name) == 0) {
            *out = names[i].crs;
            return true;
        }
    }
    for (i = 0; i < COUNT(words); i++) {
        if (strstr(name, words[i].word) != NULL) {
            *out = words[i].crs;
            return true;
        }
    }
    return false;
}

const char *yj_crs_name(yj_crs crs)
{
    switch (crs) {
    case YJ_CRS_WGS84: return "wgs84";
    case YJ_CRS_GCJ02: return "gcj02";
    case YJ_CRS_BD09:  return "bd09";
    }
    return "unknown";
}

yj_code yj_crs_check_point(yj_lonlat p, yj_error *err)
{
    if (!isfinite(p.lon))
        return yj_fail(err, YJ_EINVAL, "longitude %g is not a number", p.lon);
    if (!isfinite(p.lat))
        return yj_fail(err, YJ_EINVAL, "latitude %g is not a number", p.lat);
    if (p.lon < -180.0 || p.lon > 180.0)
        return yj_fail(err, YJ_EINVAL,
                       "longitude %.10g is out of range (-180..180)", p.lon);
    if (p.lat < -90.0 || p.lat > 90.0)
        return yj_fail(err, YJ_EINVAL,
                       "latitude %.10g is out of range (-90..90)", p.lat);
    return YJ_OK;
}

/* Convert a valid point; WGS84 is the hub, GCJ-02 sits between it and
 * BD-09. */
static yj_lonlat convert(yj_lonlat p, yj_crs from, yj_crs to)
{
    if (from == to)
        return p;
    if (from == YJ_CRS_BD09)
        p = to_gcj_from_bd(p);
    else if (from == YJ_CRS_WGS84)
        p = to_gcj_from_wgs(p);
    /* p is now GCJ-02 */
    if (to == YJ_CRS_BD09)
        return to_bd_from_gcj(p);
    if (to == YJ_CRS_WGS84)
        return to_wgs_from_gcj(p);
    return p;
}

yj_code yj_crs_convert(yj_lonlat *out, yj_lonlat p, yj_crs from, yj_crs to,
                       yj_error *err)
{
    yj_code rc = yj_crs_check_point(p, err);

    if (rc != YJ_OK)
        return rc;
    *out = convert(p, from, to);
    return YJ_OK;
}

yj_code yj_crs_convert_array(size_t *bad_index, yj_lonlat *pts, size_t n,
                             yj_crs from, yj_crs to, yj_error *err)
{
    size_t i;

    for (i = 0; i < n; i++) {
        yj_code rc = yj_crs_check_point(pts[i], err);
        if (rc != YJ_OK) {
            if (bad_index != NULL)
                *bad_index = i;
            return rc;
        }
        pts[i] = convert(pts[i], from, to);
    }
    return YJ_OK;
}

const char *yj_compass_zh(double bearing_deg)
{
    static const char *const names[] = {"北", "东北", "东", "东南",
                                        "南", "西南", "西", "西北"};
    double d = fmod(bearing_deg, 360.0);

    if (!isfinite(d))
        return "";
    if (d < 0)
        d += 360.0;
    return names[(int)floor((d + 22.5) / 45.0) % 8];
}

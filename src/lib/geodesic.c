/* geodesic.c — distance and initial bearing on the WGS84 ellipsoid.
 *
 * Why not call PROJ's geod_inverse() directly: linking libproj makes every
 * run of the tool load 40-odd shared libraries (9 ms before main(), where a
 * whole `yijia nearest` must take under 5 ms).  So the hot path is
 * Vincenty's inverse formula (1975), iterated to 1e-12 rad, which agrees
 * with GeographicLib (PROJ's geodesic.h) to well under a millimetre —
 * tests/unit/check_crs.c compares the two over 100k random pairs.
 * Vincenty does not converge for nearly antipodal points; there, and only
 * there, PROJ's geod_inverse() is loaded on demand (dlopen) and used. */
#include "crs.h"
#include "error.h"

#include <geodesic.h>

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>

#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)
#define WGS84_B (WGS84_A * (1.0 - WGS84_F))
#define DEG (YJ_PI / 180.0)

/* ---- PROJ, for the cases Vincenty cannot do ------------------------------ */

typedef void (*geod_init_fn)(struct geod_geodesic *, double, double);
typedef void (*geod_inverse_fn)(const struct geod_geodesic *, double, double,
                                double, double, double *, double *,
                                double *);

static struct geod_geodesic proj_wgs84;
static geod_inverse_fn proj_inverse;
static pthread_once_t proj_once = PTHREAD_ONCE_INIT;

static void load_proj(void)
{
    void *lib = dlopen(YJ_PROJ_SONAME, RTLD_NOW | RTLD_LOCAL);
    geod_init_fn init;

    if (lib == NULL)
        return;
    /* POSIX: dlsym's object pointer converts to a function pointer. */
    *(void **)&init = dlsym(lib, "geod_init");
    *(void **)&proj_inverse = dlsym(lib, "geod_inverse");
    if (init == NULL || proj_inverse == NULL) {
        proj_inverse = NULL;
        return;
    }
    init(&proj_wgs84, WGS84_A, WGS84_F);
    /* The library stays loaded for the process's life. */
}

/* ---- Vincenty ------------------------------------------------------------ */

/* Distance (m) and initial azimuth (degrees, -180..180) from a to b; false
 * when the iteration does not converge (nearly antipodal points). */
static bool vincenty(double *s12, double *azi1, yj_lonlat a, yj_lonlat b)
{
    double l = (b.lon - a.lon) * DEG;
    double u1 = atan((1.0 - WGS84_F) * tan(a.lat * DEG));
    double u2 = atan((1.0 - WGS84_F) * tan(b.lat * DEG));
    double sin_u1 = sin(u1), cos_u1 = cos(u1);
    double sin_u2 = sin(u2), cos_u2 = cos(u2);
    double lambda, lambda_prev, sin_lambda, cos_lambda;
    double sin_sigma, cos_sigma, sigma, sin_alpha, cos2_alpha, cos_2sm, c;
    double u_sq, big_a, big_b, delta_sigma;
    int i;

    /* Longitude difference into [-π, π], in one step: a loop subtracting
     * 2π never ends for a longitude of 1e300 (a damaged database row), and
     * such points are refused here rather than measured. */
    if (!(fabs(a.lon) <= 180.0 && fabs(b.lon) <= 180.0 &&
          fabs(a.lat) <= 90.0 && fabs(b.lat) <= 90.0))
        return false;
    l = remainder(l, 2 * YJ_PI);
    lambda = l;
    for (i = 0; i < 200; i++) {
        double t1, t2;
        sin_lambda = sin(lambda);
        cos_lambda = cos(lambda);
        t1 = cos_u2 * sin_lambda;
        t2 = cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lambda;
        sin_sigma = sqrt(t1 * t1 + t2 * t2);
        if (sin_sigma == 0.0) { /* the same point */
            *s12 = 0.0;
            *azi1 = 0.0;
            return true;
        }
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lambda;
        sigma = atan2(sin_sigma, cos_sigma);
        sin_alpha = cos_u1 * cos_u2 * sin_lambda / sin_sigma;
        cos2_alpha = 1.0 - sin_alpha * sin_alpha;
        cos_2sm = cos2_alpha != 0.0
                      ? cos_sigma - 2.0 * sin_u1 * sin_u2 / cos2_alpha
                      : 0.0; /* along the equator */
        c = WGS84_F / 16.0 * cos2_alpha *
            (4.0 + WGS84_F * (4.0 - 3.0 * cos2_alpha));
        lambda_prev = lambda;
        lambda = l + (1.0 - c) * WGS84_F * sin_alpha *
                         (sigma + c * sin_sigma *
                                      (cos_2sm + c * cos_sigma *
                                                     (-1.0 + 2.0 * cos_2sm *
                                                                 cos_2sm)));
        if (fabs(lambda - lambda_prev) < 1e-13)
            break;
        if (fabs(lambda) > YJ_PI)
            return false;
    }
    if (i == 200)
        return false;
    u_sq = cos2_alpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B) /
           (WGS84_B * WGS84_B);
    big_a = 1.0 + u_sq / 16384.0 *
                      (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)));
    big_b = u_sq / 1024.0 *
            (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)));
    delta_sigma =
        big_b * sin_sigma *
        (cos_2sm + big_b / 4.0 *
                       (cos_sigma * (-1.0 + 2.0 * cos_2sm * cos_2sm) -
                        big_b / 6.0 * cos_2sm *
                            (-3.0 + 4.0 * sin_sigma * sin_sigma) *
                            (-3.0 + 4.0 * cos_2sm * cos_2sm)));
    *s12 = WGS84_B * big_a * (sigma - delta_sigma);
    *azi1 = atan2(cos_u2 * sin_lambda,
                  cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lambda) / DEG;
    return true;
}

/* Either way, a distance and an azimuth; NaN if PROJ is missing for an
 * antipodal pair, or for a point out of range (callers check points; this
 * keeps a bad one from looping or reaching PROJ). */
static void inverse(double *s12, double *azi1, yj_lonlat a, yj_lonlat b)
{
    if (vincenty(s12, azi1, a, b))
        return;
    if (!(fabs(a.lon) <= 180.0 && fabs(b.lon) <= 180.0 &&
          fabs(a.lat) <= 90.0 && fabs(b.lat) <= 90.0)) {
        *s12 = NAN; /* not a point on the globe: no distance */
        *azi1 = NAN;
        return;
    }
    pthread_once(&proj_once, load_proj);
    if (proj_inverse == NULL) {
        *s12 = NAN;
        *azi1 = NAN;
        return;
    }
    proj_inverse(&proj_wgs84, a.lat, a.lon, b.lat, b.lon, s12, azi1, NULL);
}

void yj_geodesic_measure(double *distance_m, double *bearing_deg,
                         yj_lonlat a, yj_lonlat b)
{
    double s12 = 0.0, azi1 = 0.0, deg;

    inverse(&s12, &azi1, a, b);
    *distance_m = s12;
    deg = s12 == 0.0 ? 0.0 : fmod(azi1 + 360.0, 360.0);
    *bearing_deg = deg >= 360.0 ? 0.0 : deg;
}

double yj_geodesic_distance_m(yj_lonlat a, yj_lonlat b)
{
    double s12, azi1;

    inverse(&s12, &azi1, a, b);
    return s12;
}

yj_code yj_geodesic_inverse(double *distance_m, double *bearing_deg,
                            yj_lonlat a, yj_lonlat b, yj_error *err)
{
    double s12, deg;
    yj_code rc;

    if ((rc = yj_crs_check_point(a, err)) != YJ_OK ||
        (rc = yj_crs_check_point(b, err)) != YJ_OK)
        return rc;
    yj_geodesic_measure(&s12, &deg, a, b);
    if (isnan(s12))
        return yj_fail(err, YJ_EDEPENDENCY, "nearly antipodal points need PROJ's "
                       "geodesics, and %s could not be loaded", YJ_PROJ_SONAME);
    if (distance_m != NULL)
        *distance_m = s12;
    if (bearing_deg != NULL)
        *bearing_deg = deg;
    return YJ_OK;
}

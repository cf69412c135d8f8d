/* crs.h — private parts of the coordinate module (crs.c, geodesic.c): the
 * point check they share and the hot-path geodesic of the nearest ranking,
 * without yj_geodesic_inverse's argument checks (callers pass valid
 * points). */
#ifndef YJ_CRS_H
#define YJ_CRS_H

#include "yijia.h"

/* π, since M_PI is not ISO C. */
#define YJ_PI 3.14159265358979323846

/* YJ_EINVAL naming a NaN, infinite or out-of-range coordinate of p. */
yj_code yj_crs_check_point(yj_lonlat p, yj_error *err);

/* Geodesic distance in metres on WGS84 (NaN when nearly antipodal points
 * needed PROJ and it could not be loaded, or a point is out of range or
 * not finite: callers check their points with yj_crs_check_point). */
double yj_geodesic_distance_m(yj_lonlat a, yj_lonlat b);

/* The same with the initial bearing, degrees in [0, 360): one solution of
 * the inverse problem for both, as yj_geodesic_inverse gives them. */
void yj_geodesic_measure(double *distance_m, double *bearing_deg,
                         yj_lonlat a, yj_lonlat b);

#endif

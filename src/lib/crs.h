/* crs.h — private: the hot-path geodesic used by the nearest ranking,
 * without yj_geodesic_inverse's argument checks (callers pass valid
 * points). */
#ifndef YJ_CRS_H
#define YJ_CRS_H

#include "yijia.h"

/* Geodesic distance in metres on WGS84. */
double yj_geodesic_distance_m(yj_lonlat a, yj_lonlat b);

#endif

/* zorder.h — private: the Z-order (Morton) key of a location, and the key
 * ranges that cover a box.  Stations are stored in key order and indexed
 * by key, so a window of the map is a few contiguous index ranges. */
#ifndef YJ_ZORDER_H
#define YJ_ZORDER_H

#include "yijia.h"

#include <stddef.h>

/* 31 bits per axis (lon over 360°, lat over 180°): a 62-bit key, positive
 * in SQLite's signed 64-bit integers; cells of 1.7e-7° at the finest. */
#define YJ_Z_BITS 31

/* The key of a point (lon in [-180, 180], lat in [-90, 90]). */
long long yj_z_key(double lon, double lat);

/* At most YJ_Z_MAX_RANGES half-open key ranges [lo, hi), in order, that
 * together hold every key of a point in `box` (and some outside it).
 * Returns how many. */
#define YJ_Z_MAX_RANGES 16
size_t yj_z_ranges(long long lo[YJ_Z_MAX_RANGES], long long hi[YJ_Z_MAX_RANGES],
                   const yj_box *box);

/* The 1° cell of a point, as station_density keys it. */
long yj_density_cell(double lon, double lat);

#endif

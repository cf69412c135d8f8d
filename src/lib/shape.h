/* shape.h — private: decoding SpatiaLite's polygon BLOBs into yj_shape
 * (the public side is in yijia.h).  A pure module: it knows nothing of
 * the database (areas.c loads the outlines from one). */
#ifndef YJ_SHAPE_H
#define YJ_SHAPE_H

#include "yijia.h"

/* Decode an uncompressed XY POLYGON or MULTIPOLYGON BLOB.  YJ_EDB for
 * anything else; YJ_ENOMEM. */
yj_code yj_shape_from_blob(yj_shape *out, const void *blob, size_t len,
                           yj_error *err);

/* A deep copy (YJ_ENOMEM). */
yj_code yj_shape_copy(yj_shape *dst, const yj_shape *src, yj_error *err);

/* True when p lies inside the outline (an odd number of rings round it). */
bool yj_shape_contains(const yj_shape *s, yj_lonlat p);
/* Area on the authalic sphere, m² (within 0.5 % of the ellipsoid here). */
double yj_shape_area_m2(const yj_shape *s);
/* Free what the shape owns and zero it. */
void yj_shape_clear(yj_shape *s);

#endif

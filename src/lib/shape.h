/* shape.h — private: decoding SpatiaLite's polygon BLOBs into yj_shape
 * (the public side is in yijia.h). */
#ifndef YJ_SHAPE_H
#define YJ_SHAPE_H

#include "yijia.h"

/* Decode an uncompressed XY POLYGON or MULTIPOLYGON BLOB.  YJ_EDB for
 * anything else; YJ_ENOMEM. */
yj_code yj_shape_from_blob(yj_shape *out, const void *blob, size_t len,
                           yj_error *err);

/* An area of the database (yj_db_areas), owned. */
typedef struct yj_area_rec {
    char *name;
    bool district;       /* the district outline, not a township */
    bool has_point;
    yj_lonlat point;     /* the representative point */
    yj_shape shape;      /* n_rings 0: no polygon */
} yj_area_rec;

/* All areas of the database, townships by name then the district (free
 * with yj_areas_free).  YJ_ENOMEM, YJ_EDB. */
yj_code yj_areas_load(yj_area_rec **out, size_t *n, yj_db *db,
                      yj_error *err);
void yj_areas_free(yj_area_rec *areas, size_t n);

/* The area named `name` that has a polygon: a township, or with
 * `district` the district outline; NULL when none. */
const yj_area_rec *yj_area_named(const yj_area_rec *areas, size_t n,
                                 const char *name, bool district);

/* A deep copy (YJ_ENOMEM). */
yj_code yj_shape_copy(yj_shape *dst, const yj_shape *src, yj_error *err);

/* True when p lies inside the outline (an odd number of rings round it). */
bool yj_shape_contains(const yj_shape *s, yj_lonlat p);
/* Area on the authalic sphere, m² (within 0.5 % of the ellipsoid here). */
double yj_shape_area_m2(const yj_shape *s);
/* Free what the shape owns and zero it. */
void yj_shape_clear(yj_shape *s);

#endif

/* areas.h — private: the township and district outlines of a database,
 * loaded once into memory for the modules that test many points against
 * them (the geocoder's gate, the checks, the map).  It sits above the db
 * module (which reads the rows: yj_db_areas, decoding each BLOB with
 * shape.c) and shape.c (which tests points against the outlines), so the
 * arrows point one way: shape.c calls neither this file nor the db. */
#ifndef YJ_AREAS_H
#define YJ_AREAS_H

#include "yijia.h"

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

#endif

/* dataset.h — private: the contents of a data directory after loading.
 * db.c writes these into the database; nothing else reads the files. */
#ifndef YJ_DATASET_H
#define YJ_DATASET_H

#include "yijia.h"

#define YJ_STATIONS_FILE "stations.csv"
#define YJ_PLACES_FILE "places.csv"
#define YJ_BOUNDARIES_FILE "boundaries.csv"
#define YJ_HOLIDAYS_FILE "holidays-cn.csv"

/* A place of places.csv: a township or zone (with its polygon from
 * boundaries.csv when there is one) or a landmark such as a metro station
 * (always with a point, never a polygon). */
typedef struct yj_place {
    char *name, *short_name, *kind, *district, *coord_source, *notes;
    double lon, lat;
    bool has_point;
    char *wkt;      /* MULTIPOLYGON in WGS84, or NULL */
    char *wkt_source;
    size_t wkt_line; /* line in boundaries.csv, for error messages */
} yj_place;

/* The district outline(s) of boundaries.csv. */
typedef struct yj_district {
    char *name, *source, *wkt;
    size_t line;
} yj_district;

struct yj_dataset {
    char *dir;
    yj_station *stations;
    size_t *station_lines;  /* line of each station in stations.csv */
    size_t n_stations;
    yj_place *townships;  /* kind township or zone */
    size_t n_townships;
    yj_place *landmarks;  /* kind metro */
    size_t n_landmarks;
    yj_district *districts;
    size_t n_districts;
    yj_calendar *calendar;  /* holidays-cn.csv, or NULL when absent */
};

/* Check a boundary's WKT before SpatiaLite sees it: a 2D POLYGON or
 * MULTIPOLYGON, plain decimal coordinates within lon ±180 and lat ±90,
 * closed rings of at least 4 points, at most 1,000,000 points, at most 10°
 * across.  *box and *points (either may be NULL) are its extent and
 * number of points.  YJ_EINVAL: "not valid polygon text: expected a
 * number at character 17 (found 'oops')", "the polygon spans ...". */
yj_code yj_wkt_check(yj_box *box, size_t *points, const char *wkt,
                     yj_error *err);

#endif

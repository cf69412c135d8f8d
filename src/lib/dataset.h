/* dataset.h — private: the contents of a data directory after loading.
 * db.c writes these into the database; nothing else reads the files. */
#ifndef YJ_DATASET_H
#define YJ_DATASET_H

#include "yijia.h"

#define YJ_STATIONS_FILE "stations.csv"
#define YJ_PLACES_FILE "places.csv"
#define YJ_BOUNDARIES_FILE "boundaries.csv"

/* A township (or zone) of places.csv, with its polygon from
 * boundaries.csv when there is one. */
typedef struct yj_township {
    char *name, *short_name, *kind, *district, *coord_source, *notes;
    double lon, lat;
    bool has_point;
    char *wkt;      /* MULTIPOLYGON in WGS84, or NULL */
    char *wkt_source;
    size_t wkt_line; /* line in boundaries.csv, for error messages */
} yj_township;

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
    yj_township *townships;
    size_t n_townships;
    yj_district *districts;
    size_t n_districts;
};

#endif

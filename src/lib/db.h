/* db.h — private: what the db module's files (db.c builds, db_query.c
 * reads, db_edit.c changes) share with each other and with the library's
 * modules above them (nearest.c ranks the candidate scan, site.c lists the
 * places).  No SQLite type crosses this header: only db*.c include
 * sqlite3.h. */
#ifndef YJ_DB_H
#define YJ_DB_H

#include "yijia.h"

/* "id, name, ..., notes" in field order: the one place the station column
 * list is spelled for SQL. */
void yj_db_station_columns(char *buf, size_t size);

/* A located station as the nearest search first sees it.  `id` is borrowed
 * for the duration of the callback; NULL when the scan read points held in
 * memory (yj_db_hold_points), which do not keep ids: yj_db_station_id
 * reads the few that a tie makes matter. */
typedef struct yj_candidate {
    long long fid;
    double lon, lat;
    const char *id;
} yj_candidate;

typedef int (*yj_candidate_fn)(void *payload, const yj_candidate *c);

/* The located stations in `box` (through the spatial index; NULL: all)
 * that pass `filter`.  A scan of all (box NULL) that runs to its end also
 * counts the matching stations without coordinates into *unlocated when
 * that is not NULL, so it needs no yj_db_count_unlocated after it.
 * YJ_ENOTFOUND for an unknown township, category or amenity. */
yj_code yj_db_scan(yj_db *db, const yj_box *box, const yj_filter *filter,
                   yj_candidate_fn fn, void *payload, size_t *unlocated,
                   yj_error *err);

/* The located stations in `box`, from the Z-order index alone (no table
 * rows read, no filter applied): the fast path of unfiltered queries.
 * Inside yj_db_read_begin/_end, from the held points if there are. */
yj_code yj_db_scan_points(yj_db *db, const yj_box *box, yj_candidate_fn fn,
                          void *payload, yj_error *err);

/* True when `filter` has no condition (NULL or all members empty). */
bool yj_filter_is_empty(const yj_filter *filter);

/* Call fn with the stations of row ids fids[0..n), in that order, each
 * borrowed from its row (valid during the call: nothing is copied), until
 * fn returns non-zero (then *stop is that value).  YJ_ENOTFOUND for a row
 * id without a row (the stations before it were visited). */
yj_code yj_db_visit_fids(yj_db *db, const long long *fids, size_t n,
                         yj_station_fn fn, void *payload, int *stop,
                         yj_error *err);

/* The id of the station with row id `fid`, into out[size] (cut to fit). */
yj_code yj_db_station_id(char *out, size_t size, yj_db *db, long long fid,
                         yj_error *err);

/* How many stations pass `filter` but have no coordinates. */
yj_code yj_db_count_unlocated(size_t *out, yj_db *db, const yj_filter *filter,
                              yj_error *err);

/* Hold one read transaction across several queries (one lock instead of
 * one per statement, and a page cache that stays valid).  Every begin
 * needs its end; end is harmless after a failed begin.  With points held,
 * begin reads them again when another connection changed the file. */
yj_code yj_db_read_begin(yj_db *db, yj_error *err);
void yj_db_read_end(yj_db *db);

/* Located stations per square degree around p (the 3x3 one-degree cells
 * centred on its cell), or 0 when none are recorded there. */
double yj_db_local_density(yj_db *db, yj_lonlat p);

/* A place of the gazetteer, as yj_db_places gives it (borrowed for the
 * call): a township (detail: its kind), a landmark (detail: its lines)
 * or a station in service (detail: its id). */
typedef struct yj_place_info {
    yj_place_kind kind;
    const char *name, *short_name, *detail;
    yj_lonlat point;    /* WGS84, when has_point */
    bool has_point;
    bool approximate;   /* as in yj_place_match */
} yj_place_info;
typedef int (*yj_place_fn)(void *payload, const yj_place_info *p);

/* Every place yj_db_find_place looks through — stations in service,
 * townships, landmarks, each in name order — for the phone page's
 * places.json (site.c), which searches them offline.  fn returns non-zero
 * to stop. */
yj_code yj_db_places(yj_db *db, yj_place_fn fn, void *payload,
                     yj_error *err);

#endif

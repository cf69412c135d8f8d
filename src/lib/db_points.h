/* db_points.h — private to the db module: the located stations' points held
 * in memory, sorted by Z-order key (yj_db_hold_points).  A long-lived
 * process searches them instead of the stations_zorder index; the handle
 * (db_query.c) decides when they are fresh. */
#ifndef YJ_DB_POINTS_H
#define YJ_DB_POINTS_H

#include "db.h"

#include <sqlite3.h>

typedef struct yj_points yj_points;

/* Read every located station's fid and point from `sql` (in the caller's
 * read transaction, so they agree with what it reads next); `hint` is the
 * expected count (0: unknown).  YJ_EDB naming `path`, YJ_ENOMEM, YJ_EINVAL
 * for a row id beyond 2^32 - 1. */
yj_code yj_points_load(yj_points **out, sqlite3 *sql, size_t hint,
                       const char *path, yj_error *err);
void yj_points_free(yj_points *p);

/* How many points are held. */
size_t yj_points_count(const yj_points *p);

/* The held points in `box`, as yj_db_scan_points gives them from the index
 * (but with c->id NULL: the ids are not held).  Returns non-zero when fn
 * asked to stop. */
int yj_points_scan(const yj_points *p, const yj_box *box, yj_candidate_fn fn,
                   void *payload);

/* Located stations per square degree around `at`, counted as the
 * station_density table counts them (yj_db_local_density). */
double yj_points_density(const yj_points *p, yj_lonlat at);

#endif

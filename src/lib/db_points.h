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

/* What identifies a file's content: device, inode, the build's
 * generation and SQLite's change counter (raised by every commit in
 * rollback-journal mode). */
typedef struct yj_points_key {
    unsigned long long dev, ino;
    unsigned long long generation; /* the build's (a rebuild may reuse an
                                      inode and a counter) */
    unsigned long counter;
} yj_points_key;

/* Points already read for `key` by a handle of this process (a new
 * reference: release it with yj_points_free), or NULL. */
yj_points *yj_points_shared(const yj_points_key *key);
/* Offer p (the caller keeps its own reference) for other handles on the
 * same content; it replaces what the table held for the same file. */
void yj_points_share(yj_points *p, const yj_points_key *key);
/* Drop the table's references (a long-lived program at its end). */
void yj_points_unshare_all(void);

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

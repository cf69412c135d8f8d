/* db_sqlite.h — private to the db module's files (db*.c): helpers over
 * SQLite types, which nothing outside the db module sees. */
#ifndef YJ_DB_SQLITE_H
#define YJ_DB_SQLITE_H

#include "yijia.h"

#include <sqlite3.h>

/* YJ_EDB with "what: <SQLite's message>". */
yj_code yj_db_fail(yj_error *err, sqlite3 *sql, const char *what);

/* Prepare `text` (YJ_EDB naming SQLite's message). */
yj_code yj_db_prepare(sqlite3_stmt **st, sqlite3 *sql, const char *text,
                      yj_error *err);
/* Step a statement that returns no rows, then reset it and clear its
 * bindings; YJ_EDB "what: ..." unless it completed. */
yj_code yj_db_step_done(sqlite3_stmt *st, sqlite3 *sql, const char *what,
                        yj_error *err);

/* Load SpatiaLite into `sql` (the write path only: its triggers maintain
 * the spatial index).  YJ_EDEPENDENCY saying which package is missing. */
yj_code yj_db_load_spatialite(sqlite3 *sql, yj_error *err);

/* Stamp geometry_columns_time, as SpatiaLite's per-row triggers did (the
 * build drops them): the layers of `table` (NULL: all) had rows inserted,
 * updated and/or deleted now.  GDAL trusts its cached layer statistics
 * only when they are newer than these times. */
enum { YJ_STAMP_INSERT = 1, YJ_STAMP_UPDATE = 2, YJ_STAMP_DELETE = 4 };
yj_code yj_db_stamp_layer(sqlite3 *sql, const char *table, unsigned what,
                          yj_error *err);

/* Run the schema migrations after version `from` (0: a new file) in the
 * caller's transaction, raising PRAGMA user_version step by step. */
yj_code yj_db_migrate(sqlite3 *sql, int from, yj_error *err);

/* A station row's values: "?1, ..., ?N, ?N+1, <geom from ?lon, ?lat>"
 * for INSERT INTO stations (<columns>, zkey, geom), and their binding:
 * the fields, the Z-order key (NULL unless yj_station_findable), and the
 * point (NULL without one). */
void yj_db_station_values_sql(char *buf, size_t size);
void yj_db_bind_station(sqlite3_stmt *st, const yj_station *s);

/* For the editor's other files (db_geocache.c, db_staff.c, db_survey.c),
 * from db_edit.c: its
 * connection (borrowed: valid until yj_editor_close), its file's schema
 * version (PRAGMA user_version; -1 unknown), and the time now as the
 * history writes it ("2026-05-04T09:30:00+08:00"). */
sqlite3 *yj_editor_sql(yj_editor *ed);
int yj_editor_schema_version(yj_editor *ed);
void yj_editor_now_text(char *buf, size_t size);

#endif

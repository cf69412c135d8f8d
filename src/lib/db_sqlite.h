/* db_sqlite.h — private to db.c and db_query.c: helpers over SQLite types,
 * which nothing outside the db module sees. */
#ifndef YJ_DB_SQLITE_H
#define YJ_DB_SQLITE_H

#include "yijia.h"

#include <sqlite3.h>

/* YJ_EDB with "what: <SQLite's message>". */
yj_code yj_db_fail(yj_error *err, sqlite3 *sql, const char *what);

#endif

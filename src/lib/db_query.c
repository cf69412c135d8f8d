/* db_query.c — the station database's read side: opening a database
 * read-only with plain SQLite (no SpatiaLite or PROJ start-up cost), the
 * filters, listing, lookups by id, the gazetteer, the spatial-index scan
 * that query.c ranks, and the read transactions that keep points held in
 * memory (db_points.c) those of the file.
 *
 * Invariants: every value is bound, never spliced into SQL; statements are
 * prepared once per handle and reset after use; the filter columns are
 * validated before any query runs (unknown values are YJ_ENOTFOUND). */
#include "calendar.h"
#include "crs.h"
#include "db.h"
#include "db_points.h"
#include "db_sqlite.h"
#include "db_staff.h"
#include "shape.h"
#include "error.h"
#include "file.h"
#include "station.h"
#include "text.h"
#include "vocab.h"
#include "zorder.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The statements a handle prepares on first use. */
enum {
    STMT_LIST,
    STMT_LIST_STORED,
    STMT_GET_ID,
    STMT_GET_FID,
    STMT_GET_FIDS,
    STMT_SCAN_BOX,
    STMT_SCAN_ALL,
    STMT_SCAN_ALL_UNFILTERED,
    STMT_COUNT_UNLOCATED,
    STMT_COUNT_FILTERED,
    STMT_TOWNSHIP,
    STMT_ZRANGE,
    STMT_DENSITY,
    STMT_ID_OF_FID,
    STMT_DATA_VERSION,
    STMT_BEGIN,
    STMT_COMMIT,
    STMT_COUNT
};

struct yj_db {
    sqlite3 *sql;
    char *path;
    sqlite3_stmt *stmt[STMT_COUNT];
    size_t located;
    yj_box extent;
    yj_calendar *calendar;  /* the holidays table */
    /* yj_open_at's memo: stations mostly share a few hours strings */
    char *memo_hours;
    int64_t memo_t;
    int memo_open;
    /* The points held in memory (yj_db_hold_points), or NULL, and the
     * data version they were read at; whether a read transaction is open
     * (yj_db_read_begin keeps held points those of its snapshot). */
    yj_points *points;
    long long points_version;
    bool in_txn;
    /* the file opened: a rebuild renames another into its place (and a
     * rebuild may get an inode back: the build's generation tells) */
    dev_t dev;
    ino_t ino;
    unsigned long long generation;
    /* A handle holding points also keeps the stations it has read, by row
     * id, as they were when the points were read (emptied with them):
     * a long-lived process answers again and again about the same
     * stations. */
    struct row_slot *rows;   /* ROW_SLOTS, or NULL */
};

#define ROW_SLOTS 2048 /* a power of two; a row's slot by its row id */

struct row_slot {
    long long fid;           /* 0: empty (row ids start at 1) */
    yj_station s;
};

static void forget_rows(yj_db *db)
{
    size_t i;

    for (i = 0; db->rows != NULL && i < ROW_SLOTS; i++)
        if (db->rows[i].fid != 0) {
            yj_station_clear(&db->rows[i].s);
            db->rows[i].fid = 0;
        }
}

/* The kept station of row `fid`, or NULL. */
static const yj_station *kept_row(const yj_db *db, long long fid)
{
    const struct row_slot *r;

    if (db->rows == NULL)
        return NULL;
    r = &db->rows[(unsigned long long)fid & (ROW_SLOTS - 1)];
    return r->fid == fid ? &r->s : NULL;
}

/* Keep a copy of station s of row fid (a failure to keep is no failure). */
static const yj_station *keep_row(yj_db *db, long long fid,
                                  const yj_station *s)
{
    struct row_slot *r;

    if (db->rows == NULL || fid <= 0)
        return NULL;
    r = &db->rows[(unsigned long long)fid & (ROW_SLOTS - 1)];
    if (r->fid != 0) {
        yj_station_clear(&r->s);
        r->fid = 0;
    }
    memset(&r->s, 0, sizeof r->s);
    if (yj_station_copy(&r->s, s, NULL) != YJ_OK) {
        yj_station_clear(&r->s);
        return NULL;
    }
    r->fid = fid;
    return &r->s;
}

/* The filter, as every filtered statement spells it (closed stations
 * never pass: they are kept for the record only): ?1 township, ?2
 * category, ?3 amenities (';'-separated), ?4 text, ?9 open at (Unix
 * time; ?5-?8 are a scan's box), ?10-?13 the filter's box (west, south,
 * east, north; west > east crosses the antimeridian). */
#define FILTER_SQL                                                          \
    "closed_on = '' AND (?1 IS NULL OR township = ?1) AND "                \
    "(?2 IS NULL OR category = ?2) AND "                                    \
    "(?3 IS NULL OR yj_has_amenities(amenities, ?3)) AND "                  \
    "(?4 IS NULL OR instr(name, ?4) > 0 OR instr(address, ?4) > 0) AND "  \
    "(?9 IS NULL OR yj_open_at(opening_hours, ?9)) AND "                  \
    "(?10 IS NULL OR (lat BETWEEN ?11 AND ?13 AND CASE WHEN ?10 <= ?12 "   \
    "THEN lon BETWEEN ?10 AND ?12 ELSE lon >= ?10 OR lon <= ?12 END))"

/* "@COLUMNS@" stands for the station columns. */
#define FID_ARM(n, param) \
    "SELECT " n ", @COLUMNS@ FROM stations WHERE fid = ?" param
#define FIDS_PER_STEP 8 /* the arms of STMT_GET_FIDS */
static const char *const stmt_text[STMT_COUNT] = {
    [STMT_LIST] = "SELECT @COLUMNS@ FROM stations WHERE " FILTER_SQL
                  " ORDER BY township = '', township, id",
    [STMT_LIST_STORED] = "SELECT @COLUMNS@ FROM stations WHERE " FILTER_SQL,
    [STMT_GET_ID] = "SELECT @COLUMNS@ FROM stations WHERE id = ?1",
    [STMT_GET_FID] = "SELECT @COLUMNS@ FROM stations WHERE fid = ?1",
    /* FIDS_PER_STEP rows by row id in one statement, numbered (an unbound
     * id finds no row) */
    [STMT_GET_FIDS] = FID_ARM("0", "1") " UNION ALL " FID_ARM("1", "2")
        " UNION ALL " FID_ARM("2", "3") " UNION ALL " FID_ARM("3", "4")
        " UNION ALL " FID_ARM("4", "5") " UNION ALL " FID_ARM("5", "6")
        " UNION ALL " FID_ARM("6", "7") " UNION ALL " FID_ARM("7", "8"),
    [STMT_SCAN_BOX] = "SELECT s.fid, s.lon, s.lat, s.id "
                      "FROM idx_stations_geom r JOIN stations s "
                      "ON s.fid = r.pkid WHERE r.xmin <= ?6 AND r.xmax >= ?5 "
                      "AND r.ymin <= ?8 AND r.ymax >= ?7 AND " FILTER_SQL,
    [STMT_SCAN_ALL] = "SELECT fid, lon, lat, id FROM stations WHERE "
                      FILTER_SQL,
    /* the same for an empty filter: half the cost to prepare, and the
     * statement a one-shot `yijia nearest` on a small file runs */
    [STMT_SCAN_ALL_UNFILTERED] = "SELECT fid, lon, lat, id FROM stations "
                                 "WHERE closed_on = ''",
    [STMT_COUNT_UNLOCATED] = "SELECT count(*) FROM stations "
                             "WHERE lon IS NULL AND " FILTER_SQL,
    [STMT_COUNT_FILTERED] = "SELECT count(*) FROM stations WHERE "
                            FILTER_SQL,
    [STMT_TOWNSHIP] = "SELECT name FROM townships WHERE name = ?1 OR "
                      "(short_name <> '' AND short_name = ?1)",
    [STMT_ZRANGE] = "SELECT fid, lon, lat, id FROM stations INDEXED BY "
                    "stations_zorder WHERE zkey >= ?1 AND zkey < ?2 "
                    "AND zkey IS NOT NULL",
    [STMT_DENSITY] = "SELECT total(stations) FROM station_density WHERE "
                     "cell BETWEEN ?1 AND ?2",
    [STMT_ID_OF_FID] = "SELECT id FROM stations WHERE fid = ?1",
    /* Inside BEGIN this starts the read transaction: the version is that
     * of the snapshot the transaction reads. */
    [STMT_DATA_VERSION] = "PRAGMA data_version",
    [STMT_BEGIN] = "BEGIN",
    [STMT_COMMIT] = "COMMIT",
};

/* yj_open_at(hours, t): 1 when the hours say open at Unix time t (unknown
 * and unreadable hours: 0).  Remembers the last answer: a listing asks
 * the same question of the same few strings a million times. */
static void open_at(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
    yj_db *db = sqlite3_user_data(ctx);
    const char *hours = (const char *)sqlite3_value_text(v[0]);
    int64_t t = sqlite3_value_int64(v[1]);
    yj_open_status st;
    char *copy;

    (void)argc;
    if (hours == NULL || hours[0] == '\0') {
        sqlite3_result_int(ctx, 0);
        return;
    }
    if (db->memo_hours != NULL && db->memo_t == t &&
        strcmp(db->memo_hours, hours) == 0) {
        sqlite3_result_int(ctx, db->memo_open);
        return;
    }
    if (yj_hours_text_status(&st, hours, db->calendar, t, NULL) != YJ_OK) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if ((copy = yj_strndup(hours, strlen(hours))) != NULL) {
        free(db->memo_hours);
        db->memo_hours = copy;
        db->memo_t = t;
        db->memo_open = st.state == YJ_HOURS_OPEN;
    }
    sqlite3_result_int(ctx, st.state == YJ_HOURS_OPEN);
}

static yj_code read_calendar(yj_db *db, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    if ((rc = yj_calendar_new(&db->calendar, err)) != YJ_OK)
        return rc;
    if (sqlite3_prepare_v2(db->sql, "SELECT date, kind FROM holidays", -1,
                           &st, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, db->path);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *date = (const char *)sqlite3_column_text(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        if ((rc = yj_calendar_add(db->calendar, date ? date : "",
                                  kind ? kind : "", err)) != YJ_OK) {
            yj_error_prefix(err, db->path);
            break;
        }
    }
    if (rc == YJ_OK && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

const yj_calendar *yj_db_calendar(const yj_db *db)
{
    return db->calendar;
}

/* yj_has_amenities(list, required): 1 when every ';'-separated code of
 * `required` is in `list`. */
static bool list_has(const char *list, const char *code, size_t n)
{
    const char *p = list;

    while (*p != '\0') {
        size_t len = strcspn(p, ";");
        if (len == n && memcmp(p, code, n) == 0)
            return true;
        p += len;
        if (*p == ';')
            p++;
    }
    return false;
}

static void has_amenities(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
    const char *list = (const char *)sqlite3_value_text(v[0]);
    const char *req = (const char *)sqlite3_value_text(v[1]);

    (void)argc;
    if (list == NULL || req == NULL) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    while (*req != '\0') {
        size_t n = strcspn(req, ";");
        if (n > 0 && !list_has(list, req, n)) {
            sqlite3_result_int(ctx, 0);
            return;
        }
        req += n;
        if (*req == ';')
            req++;
    }
    sqlite3_result_int(ctx, 1);
}

/* `template` with every "@COLUMNS@" replaced by `cols`, into text[size]
 * (false when it does not fit). */
static bool expand_columns(char *text, size_t size, const char *template,
                           const char *cols)
{
    static const char marker[] = "@COLUMNS@";
    const char *at;
    size_t used = 0, n;
    int w;

    while ((at = strstr(template, marker)) != NULL) {
        n = (size_t)(at - template);
        w = snprintf(text + used, size - used, "%.*s%s", (int)n, template,
                     cols);
        if (w < 0 || (size_t)w >= size - used)
            return false;
        used += (size_t)w;
        template = at + sizeof marker - 1;
    }
    w = snprintf(text + used, size - used, "%s", template);
    return w >= 0 && (size_t)w < size - used;
}

/* A statement of the handle, prepared on first use and reset for reuse. */
static yj_code statement(sqlite3_stmt **out, yj_db *db, int which,
                         yj_error *err)
{
    char cols[512], text[FIDS_PER_STEP * 640];

    if (db->stmt[which] == NULL) {
        yj_db_station_columns(cols, sizeof cols);
        if (!expand_columns(text, sizeof text, stmt_text[which], cols))
            return yj_fail(err, YJ_EDB, "%s: statement %d is too long",
                           db->path, which);
        if (sqlite3_prepare_v3(db->sql, text, -1, SQLITE_PREPARE_PERSISTENT,
                               &db->stmt[which], NULL) != SQLITE_OK)
            return yj_db_fail(err, db->sql, db->path);
    }
    sqlite3_reset(db->stmt[which]);
    sqlite3_clear_bindings(db->stmt[which]);
    *out = db->stmt[which];
    return YJ_OK;
}

/* Read the build-time extent, count and generation from meta (absent:
 * derive nothing).  The file is input like any other: a value that is
 * not a number in range is taken as absent (the extent as the whole
 * globe, which only widens nearest's first window). */
static void read_extent(yj_db *db)
{
    static const yj_box globe = {-180.0, -90.0, 180.0, 90.0};
    sqlite3_stmt *st = NULL;

    db->located = 0;
    db->extent = globe;
    db->generation = 0;
    if (sqlite3_prepare_v2(db->sql,
                           /* one range of the key (an IN list would
                            * build a temporary index) */
                           "SELECT key, value FROM meta WHERE key BETWEEN "
                           "'stations_extent' AND 'stations_located'",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        int64_t n;
        if (key == NULL || value == NULL)
            continue;
        if (strcmp(key, "stations_located") == 0) {
            if (yj_parse_int(&n, value, 0, UINT32_MAX, NULL) == YJ_OK)
                db->located = (size_t)n;
        } else if (strcmp(key, "stations_generation") == 0) {
            if (yj_parse_int(&n, value, 0, INT64_MAX, NULL) == YJ_OK)
                db->generation = (unsigned long long)n;
        } else if (strcmp(key, "stations_extent") == 0) {
            /* "west,south,east,north", written by the build */
            double v[4];
            char part[64];
            const char *p = value;
            size_t i, len;
            bool ok = true;
            for (i = 0; i < 4 && ok; i++) {
                len = strcspn(p, ",");
                ok = len < sizeof part && (i == 3) == (p[len] == '\0');
                if (ok) {
                    memcpy(part, p, len);
                    part[len] = '\0';
                    ok = yj_parse_real(&v[i], part, i % 2 ? -90.0 : -180.0,
                                       i % 2 ? 90.0 : 180.0, NULL) == YJ_OK;
                }
                p += len + (p[len] == ',');
            }
            if (ok && v[0] <= v[2] && v[1] <= v[3]) {
                db->extent.west = v[0];
                db->extent.south = v[1];
                db->extent.east = v[2];
                db->extent.north = v[3];
            }
        }
    }
    sqlite3_finalize(st);
}

/* After a writer was killed mid-change, its rollback journal beside the
 * file is "hot": a read-only connection may not roll it back
 * (SQLITE_READONLY_ROLLBACK).  A connection with write access does so as
 * soon as it reads; false when this process cannot. */
static bool recover_interrupted(const char *path)
{
    sqlite3 *sql = NULL;
    bool ok;

    if (access(path, W_OK) != 0)
        return false;
    ok = sqlite3_open_v2(path, &sql, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_busy_timeout(sql, 5000);
        ok = sqlite3_exec(sql, "PRAGMA user_version", NULL, NULL, NULL) ==
             SQLITE_OK;
    }
    sqlite3_close(sql);
    return ok;
}

/* Why a database could not be read, where SQLite's words would mislead
 * ("attempt to write a readonly database" from a reader). */
static yj_code unreadable(yj_db *db, const char *path, yj_error *err)
{
    int ext = sqlite3_extended_errcode(db->sql);

    if (ext == SQLITE_READONLY_ROLLBACK)
        return yj_fail(err, YJ_EDB, "%s: a change to it was interrupted and "
                       "only someone who may write to it can finish undoing "
                       "it: ask them to run `yijia --db %s upgrade`", path,
                       path);
    if ((ext & 0xff) == SQLITE_READONLY || (ext & 0xff) == SQLITE_CANTOPEN)
        return yj_fail(err, YJ_EDB, "%s: cannot be read without write access "
                       "to its directory (%s; a file in WAL mode needs its "
                       "-wal and -shm files): someone who may write to it "
                       "can switch it back with `yijia --db %s upgrade`",
                       path, sqlite3_errmsg(db->sql), path);
    if ((ext & 0xff) == SQLITE_BUSY)
        return yj_db_fail(err, db->sql, path);
    return yj_fail(err, YJ_ESCHEMA, "%s: not a database: %s", path,
                   sqlite3_errmsg(db->sql));
}

/* A handle holding a copy of `path`, not yet open; NULL without memory. */
static yj_db *db_new(const char *path)
{
    size_t size = strlen(path) + 1;
    yj_db *db;

    if ((db = calloc(1, sizeof *db)) == NULL ||
        (db->path = malloc(size)) == NULL) {
        free(db);
        return NULL;
    }
    memcpy(db->path, path, size);
    return db;
}

/* Open `path` read-only into db->sql.  The file opened is the one named
 * before and after the open: a rebuild renaming another into place in
 * between would leave the handle on one file and its record on the other.
 * On failure db->sql may still be set (the caller closes it). */
static yj_code open_same_file(yj_db *db, const char *path, yj_error *err)
{
    int tries;

    for (tries = 0;; tries++) {
        struct stat before, after;
        bool known = stat(path, &before) == 0;
        if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READONLY, NULL)
            != SQLITE_OK)
            return yj_db_fail(err, db->sql, path);
        if (known && stat(path, &after) == 0 &&
            before.st_dev == after.st_dev && before.st_ino == after.st_ino) {
            db->dev = after.st_dev;
            db->ino = after.st_ino;
            break;
        }
        if (tries == 2)
            return yj_fail(err, YJ_EBUSY, "%s is being replaced again and "
                           "again: try later", path);
        sqlite3_close(db->sql);
        db->sql = NULL;
    }
    /* A change being committed can hold the file for a moment: wait for
     * it rather than fail. */
    sqlite3_busy_timeout(db->sql, 5000);
    return YJ_OK;
}

/* The file's schema version (PRAGMA user_version), in the open read
 * transaction.  *retry: a change interrupted by a killed writer was just
 * rolled back (tried only when !recovered), so the open starts again. */
static yj_code read_version(int *version, bool *retry, yj_db *db,
                            const char *path, bool recovered, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;

    *retry = false;
    if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL)
        != SQLITE_OK) {
        rc = unreadable(db, path, err);
    } else if (sqlite3_step(st) == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
    } else if (sqlite3_extended_errcode(db->sql) ==
                   SQLITE_READONLY_ROLLBACK &&
               !recovered && recover_interrupted(path)) {
        *retry = true;
    } else {
        rc = unreadable(db, path, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The schema this yijia reads, with a stations table; YJ_ESCHEMA says
 * whether to upgrade or rebuild. */
static yj_code check_schema(yj_db *db, int version, const char *path,
                            yj_error *err)
{
    sqlite3_stmt *st = NULL;
    bool upgradable = version >= 2 && version < YJ_SCHEMA_VERSION;

    if (version != YJ_SCHEMA_VERSION && upgradable)
        return yj_fail(err, YJ_ESCHEMA,
                       "%s: schema version %d, this yijia reads %d (upgrade "
                       "it with `yijia --db %s upgrade`)",
                       path, version, YJ_SCHEMA_VERSION, path);
    if (version != YJ_SCHEMA_VERSION)
        return yj_fail(err, YJ_ESCHEMA,
                       "%s: schema version %d, this yijia reads %d (rebuild "
                       "it with `yijia --db %s build`)",
                       path, version, YJ_SCHEMA_VERSION, path);
    if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM stations LIMIT 0", -1, &st,
                           NULL) != SQLITE_OK)
        return yj_fail(err, YJ_ESCHEMA, "%s: not a yijia database (%s)", path,
                       sqlite3_errmsg(db->sql));
    sqlite3_finalize(st);
    return YJ_OK;
}

/* What queries need on the connection: the SQL functions, the holiday
 * calendar, the cache, and the extent of the stations. */
static yj_code prepare_queries(yj_db *db, const char *path, yj_error *err)
{
    yj_code rc;

    if (sqlite3_create_function(db->sql, "yj_has_amenities", 2,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                    SQLITE_INNOCUOUS,
                                NULL, has_amenities, NULL, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, path);
    if (sqlite3_create_function(db->sql, "yj_open_at", 2, SQLITE_UTF8, db,
                                open_at, NULL, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, path);
    if ((rc = read_calendar(db, err)) != YJ_OK)
        return rc;
    /* 8 MiB of page cache: the R*Tree's upper levels stay in memory.  A
     * listing's sort uses a second core (a million rows: 3.5 → 2.6 s). */
    sqlite3_exec(db->sql, "PRAGMA cache_size = -8192; PRAGMA threads = 2",
                 NULL, NULL, NULL);
    read_extent(db);
    return YJ_OK;
}

yj_code yj_db_open(yj_db **out, const char *path, yj_error *err)
{
    yj_db *db = NULL;
    int version = -1;
    bool recovered = false, retry = false;
    yj_code rc;

    *out = NULL;
    if ((rc = yj_file_check_source(path, err)) != YJ_OK)
        return rc;
    for (;;) {
        if ((db = db_new(path)) == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        /* Everything opening reads, in one read transaction: each one
         * costs the file's locks and a look for a journal (seven system
         * calls). */
        if ((rc = open_same_file(db, path, err)) == YJ_OK &&
            (rc = yj_db_read_begin(db, err)) == YJ_OK)
            rc = read_version(&version, &retry, db, path, recovered, err);
        if (rc != YJ_OK || !retry)
            break;
        recovered = true;
        yj_db_read_end(db);
        yj_db_close(db);
    }
    if (rc == YJ_OK)
        rc = check_schema(db, version, path, err);
    if (rc == YJ_OK)
        rc = prepare_queries(db, path, err);
    if (db->sql != NULL)
        yj_db_read_end(db);
    if (rc != YJ_OK) {
        yj_db_close(db);
        return rc;
    }
    *out = db;
    return YJ_OK;
}

static bool read_counter(unsigned long *counter, bool *wal, yj_db *db);
static yj_code data_version(long long *out, yj_db *db, yj_error *err);

bool yj_db_replaced(const yj_db *db)
{
    struct stat st;

    return stat(db->path, &st) != 0 || st.st_dev != db->dev ||
           st.st_ino != db->ino;
}

yj_code yj_db_content_tag(char *buf, size_t size, yj_db *db, yj_error *err)
{
    unsigned long counter;
    bool wal;

    /* the change counter: raised by every commit in rollback-journal
     * mode, which is the mode yijia keeps (README "The journal mode"); a
     * file another program switched to WAL gets a tag of this handle's
     * data version instead (per handle: at worst a needless 200) */
    if (!read_counter(&counter, &wal, db))
        return yj_fail(err, YJ_EDB, "%s: cannot read its change counter",
                       db->path);
    if (wal) {
        long long version = 0;
        if (yj_db_read_begin(db, err) != YJ_OK)
            return YJ_EDB;
        data_version(&version, db, NULL);
        yj_db_read_end(db);
        snprintf(buf, size, "%lx-%lx-w%llx-%p", (unsigned long)db->dev,
                 (unsigned long)db->ino, version, (void *)db);
        return YJ_OK;
    }
    snprintf(buf, size, "%lx-%lx-%llx-%lx", (unsigned long)db->dev,
             (unsigned long)db->ino, db->generation, counter);
    return YJ_OK;
}

void yj_db_close(yj_db *db)
{
    int i;

    if (db == NULL)
        return;
    for (i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(db->stmt[i]);
    sqlite3_close(db->sql);
    yj_calendar_free(db->calendar);
    yj_points_free(db->points);
    forget_rows(db);
    free(db->rows);
    free(db->memo_hours);
    free(db->path);
    free(db);
}

/* ---- read transactions and held points ---------------------------------- */

/* The data version of the file as the open read transaction sees it
 * (stepped inside BEGIN, the pragma is what starts that transaction). */
static yj_code data_version(long long *out, yj_db *db, yj_error *err)
{
    sqlite3_stmt *st;
    yj_code rc;

    if ((rc = statement(&st, db, STMT_DATA_VERSION, err)) != YJ_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    return rc;
}

/* Read the points (and the build-time extent, which edits keep current)
 * as of the open read transaction's snapshot, whose data version is
 * `version`. */
/* SQLite's file change counter (header offset 24, big-endian), raised by
 * every commit in rollback-journal mode, and whether the file is in WAL
 * mode (header offset 18: 2), where commits need not raise it. */
static bool read_counter(unsigned long *counter, bool *wal, yj_db *db)
{
    sqlite3_file *file = NULL;
    unsigned char head[28];

    if (sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_FILE_POINTER,
                             &file) != SQLITE_OK || file == NULL ||
        file->pMethods == NULL ||
        file->pMethods->xRead(file, head, sizeof head, 0) != SQLITE_OK)
        return false;
    *counter = (unsigned long)head[24] << 24 | (unsigned long)head[25] << 16 |
               (unsigned long)head[26] << 8 | head[27];
    *wal = head[18] == 2;
    return true;
}

static yj_code load_points(yj_db *db, long long version, size_t hint,
                           yj_error *err)
{
    yj_points *held = NULL;
    yj_points_key key;
    unsigned long counter;
    bool wal = true, shareable;
    yj_code rc;

    /* in the read transaction: no commit can raise the counter meanwhile */
    shareable = read_counter(&counter, &wal, db) && !wal;
    key.dev = (unsigned long long)db->dev;
    key.ino = (unsigned long long)db->ino;
    key.generation = db->generation;
    key.counter = shareable ? counter : 0;
    if (shareable)
        held = yj_points_shared(&key);
    if (held == NULL) {
        if ((rc = yj_points_load(&held, db->sql, hint, db->path, err)) !=
            YJ_OK)
            return rc;
        if (shareable)
            yj_points_share(held, &key);
    }
    yj_points_free(db->points);
    db->points = held;
    db->points_version = version;
    forget_rows(db); /* of the content before */
    if (db->rows == NULL)
        db->rows = calloc(ROW_SLOTS, sizeof *db->rows); /* NULL: none kept */
    read_extent(db);
    return YJ_OK;
}

yj_code yj_db_read_begin(yj_db *db, yj_error *err)
{
    sqlite3_stmt *st;
    yj_code rc;

    if ((rc = statement(&st, db, STMT_BEGIN, err)) != YJ_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    db->in_txn = rc == YJ_OK;
    /* Held points: read them again if another connection committed since
     * (the first read of a transaction after a change pays for it). */
    if (rc == YJ_OK && db->points != NULL) {
        long long version = 0;
        if ((rc = data_version(&version, db, err)) == YJ_OK &&
            version != db->points_version)
            rc = load_points(db, version, yj_points_count(db->points), err);
        if (rc != YJ_OK)
            yj_db_read_end(db);
    }
    return rc;
}

void yj_db_read_end(yj_db *db)
{
    sqlite3_stmt *st;
    int i;

    db->in_txn = false;
    if (sqlite3_get_autocommit(db->sql))
        return;
    /* Statements still holding rows would keep the transaction open. */
    for (i = 0; i < STMT_COUNT; i++)
        if (db->stmt[i] != NULL && i != STMT_COMMIT)
            sqlite3_reset(db->stmt[i]);
    if (statement(&st, db, STMT_COMMIT, NULL) == YJ_OK) {
        sqlite3_step(st);
        sqlite3_reset(st);
    }
}

yj_code yj_db_hold_points(yj_db *db, yj_error *err)
{
    long long version = 0;
    yj_code rc;

    if (db->points != NULL)
        return YJ_OK;
    if ((rc = yj_db_read_begin(db, err)) != YJ_OK)
        return rc;
    if ((rc = data_version(&version, db, err)) == YJ_OK)
        rc = load_points(db, version, db->located, err);
    yj_db_read_end(db);
    return rc;
}

/* The held points, inside a read transaction (whose begin made them
 * those of its snapshot, or failed); else NULL: read from SQL. */
static const yj_points *fresh_points(const yj_db *db)
{
    return db->in_txn ? db->points : NULL;
}

double yj_db_local_density(yj_db *db, yj_lonlat p)
{
    const yj_points *held = fresh_points(db);
    sqlite3_stmt *st;
    double total = 0.0;
    int dy;

    if (held != NULL)
        return yj_points_density(held, p);
    if (statement(&st, db, STMT_DENSITY, NULL) != YJ_OK)
        return 0.0;
    /* Row by row: three neighbouring cells are consecutive keys (one range
     * each, where `IN (nine cells)` built a temporary index every time). */
    for (dy = -1; dy <= 1; dy++) {
        sqlite3_bind_int64(st, 1, yj_density_cell(p.lon - 1.0, p.lat + dy));
        sqlite3_bind_int64(st, 2, yj_density_cell(p.lon + 1.0, p.lat + dy));
        if (sqlite3_step(st) == SQLITE_ROW)
            total += sqlite3_column_double(st, 0);
        sqlite3_reset(st);
    }
    return total / 9.0;
}

void yj_db_extent(size_t *located, yj_box *box, const yj_db *db)
{
    *located = db->located;
    *box = db->extent;
}

/* Fill *s from a row whose columns are the station fields in order.  The
 * text is read as bytes and copied once: sqlite3_column_text would first
 * copy each value to add its terminator (half the cost of a fetch). */
static yj_code row_to_station(yj_station *s, sqlite3_stmt *st, yj_error *err)
{
    char num[64];
    int f;

    memset(s, 0, sizeof *s);
    s->has_point = sqlite3_column_type(st, YJ_F_LON) != SQLITE_NULL &&
                   sqlite3_column_type(st, YJ_F_LAT) != SQLITE_NULL;
    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *text = "";
        const void *bytes;
        size_t len = 0;
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            if (s->has_point) {
                double v = sqlite3_column_double(st, f);
                *(f == YJ_F_LON ? &s->lon : &s->lat) = v;
                text = yj_format_degrees(num, sizeof num, v);
                len = strlen(text);
            }
        } else if ((bytes = sqlite3_column_blob(st, f)) != NULL) {
            text = bytes;
            len = (size_t)sqlite3_column_bytes(st, f);
        }
        if ((s->text[f] = yj_strndup(text, len)) == NULL) {
            yj_station_clear(s);
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        }
    }
    return YJ_OK;
}

/* The same for a listing: the text is borrowed from the row (valid until
 * the next step), lon/lat written into the caller's buffers; nothing is
 * allocated, so a listing of a million stations costs no malloc. */
static void row_to_borrowed_station(yj_station *s, sqlite3_stmt *st,
                                    int first, char lon[64], char lat[64])
{
    int f;

    memset(s, 0, sizeof *s);
    s->has_point =
        sqlite3_column_type(st, first + YJ_F_LON) != SQLITE_NULL &&
        sqlite3_column_type(st, first + YJ_F_LAT) != SQLITE_NULL;
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f == YJ_F_LON || f == YJ_F_LAT)
            continue;
        s->text[f] = (char *)sqlite3_column_text(st, first + f);
        if (s->text[f] == NULL)
            s->text[f] = (char *)"";
    }
    lon[0] = lat[0] = '\0';
    if (s->has_point) {
        s->lon = sqlite3_column_double(st, first + YJ_F_LON);
        s->lat = sqlite3_column_double(st, first + YJ_F_LAT);
        yj_format_degrees(lon, 64, s->lon);
        yj_format_degrees(lat, 64, s->lat);
    }
    s->text[YJ_F_LON] = lon;
    s->text[YJ_F_LAT] = lat;
}

/* ---- filters ------------------------------------------------------------- */

/* A filter checked and normalised for binding. */
typedef struct bound_filter {
    char township[256];  /* the full name, or "" */
    const char *category, *text;
    char amenities[256]; /* ';'-separated codes, or "" */
    bool open;
    int64_t open_at;
    const yj_box *bbox;
} bound_filter;

static bool given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* The name of `sql`'s rows (name, full name) that `word` most likely
 * means, as "城厢" with the full name in full[size] ("城厢街道"; "" when
 * the name is the full one); false when none is close. */
static bool suggest_name(char *shown, size_t shown_size, char *full,
                         size_t size, yj_db *db, const char *sql,
                         const char *word)
{
    sqlite3_stmt *st = NULL;
    char **names = NULL, **fulls = NULL;
    size_t n = 0, cap = 0, i;
    const char *found = NULL;
    bool ok = true;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
        return false;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        const char *b = (const char *)sqlite3_column_text(st, 1);
        if (a == NULL || a[0] == '\0' || b == NULL)
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            char **g1 = realloc(names, c * sizeof *g1);
            if (g1 != NULL)
                names = g1;
            char **g2 = g1 ? realloc(fulls, c * sizeof *g2) : NULL;
            if (g2 != NULL)
                fulls = g2;
            if (g1 == NULL || g2 == NULL) {
                ok = false;
                break;
            }
            cap = c;
        }
        names[n] = yj_strndup(a, strlen(a));
        fulls[n] = yj_strndup(b, strlen(b));
        if (names[n] == NULL || fulls[n] == NULL) {
            free(names[n]);
            free(fulls[n]);
            ok = false;
            break;
        }
        n++;
    }
    sqlite3_finalize(st);
    if (ok)
        found = yj_vocab_suggest(word, (const char *const *)names, n);
    for (i = 0; found != NULL && i < n; i++)
        if (names[i] == found) {
            yj_utf8_copy(shown, shown_size, names[i]);
            yj_utf8_copy(full, size,
                         strcmp(names[i], fulls[i]) == 0 ? "" : fulls[i]);
            break;
        }
    for (i = 0; i < n; i++) {
        free(names[i]);
        free(fulls[i]);
    }
    free(names);
    free(fulls);
    return found != NULL;
}

static const char township_names_sql[] =
    "SELECT name, name FROM townships UNION ALL "
    "SELECT short_name, name FROM townships WHERE short_name <> ''";

static yj_code resolve_township(char *out, size_t size, yj_db *db,
                                const char *name, yj_error *err)
{
    char folded[256], shown[128], full[256];
    sqlite3_stmt *st;
    yj_code rc;
    int step;

    yj_text_fold(folded, sizeof folded, name);
    if ((rc = statement(&st, db, STMT_TOWNSHIP, err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, folded, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return rc;
    if (!suggest_name(shown, sizeof shown, full, sizeof full, db,
                      township_names_sql, folded))
        return yj_fail_input(err, YJ_INPUT_TOWNSHIP, YJ_ENOTFOUND,
                             "unknown township '%s'", folded);
    if (full[0] == '\0')
        return yj_fail_input(err, YJ_INPUT_TOWNSHIP, YJ_ENOTFOUND,
                             "unknown township '%s'; did you mean '%s'?",
                             folded, shown);
    return yj_fail_input(err, YJ_INPUT_TOWNSHIP, YJ_ENOTFOUND,
                         "unknown township '%s'; did you mean '%s' (%s)?",
                         folded, shown, full);
}

static yj_code bind_filter_prepare(bound_filter *b, yj_db *db,
                                   const yj_filter *f, yj_error *err)
{
    yj_code rc;

    memset(b, 0, sizeof *b);
    if (f == NULL)
        return YJ_OK;
    if (given(f->category) &&
        (rc = yj_term_resolve(&b->category, yj_categories(), f->category,
                              err)) != YJ_OK)
        return rc;
    if (given(f->amenities) &&
        (rc = yj_term_list(b->amenities, sizeof b->amenities, yj_amenities(),
                           f->amenities, err)) != YJ_OK)
        return rc;
    if (given(f->township) &&
        (rc = resolve_township(b->township, sizeof b->township, db,
                               f->township, err)) != YJ_OK)
        return rc;
    b->text = given(f->text) ? f->text : NULL;
    b->open = f->open;
    b->open_at = f->open_at;
    if (f->bbox != NULL &&
        !(f->bbox->south <= f->bbox->north && f->bbox->south >= -90.0 &&
          f->bbox->north <= 90.0 && f->bbox->west >= -180.0 &&
          f->bbox->west <= 180.0 && f->bbox->east >= -180.0 &&
          f->bbox->east <= 180.0))
        return yj_fail(err, YJ_EINVAL, "the box %g,%g,%g,%g is not west, "
                       "south, east, north within -180..180 and -90..90 "
                       "(south <= north)", f->bbox->west, f->bbox->south,
                       f->bbox->east, f->bbox->north);
    b->bbox = f->bbox;
    return YJ_OK;
}

static void bind_filter(sqlite3_stmt *st, const bound_filter *b)
{
    if (b->township[0] != '\0')
        sqlite3_bind_text(st, 1, b->township, -1, SQLITE_STATIC);
    if (b->category != NULL)
        sqlite3_bind_text(st, 2, b->category, -1, SQLITE_STATIC);
    if (b->amenities[0] != '\0')
        sqlite3_bind_text(st, 3, b->amenities, -1, SQLITE_STATIC);
    if (b->text != NULL)
        sqlite3_bind_text(st, 4, b->text, -1, SQLITE_STATIC);
    if (b->open)
        sqlite3_bind_int64(st, 9, b->open_at);
    if (b->bbox != NULL) {
        sqlite3_bind_double(st, 10, b->bbox->west);
        sqlite3_bind_double(st, 11, b->bbox->south);
        sqlite3_bind_double(st, 12, b->bbox->east);
        sqlite3_bind_double(st, 13, b->bbox->north);
    }
}

/* ---- queries ------------------------------------------------------------- */

static yj_code list(yj_db *db, int which, const yj_filter *filter,
                   yj_station_fn fn, void *payload, yj_error *err)
{
    bound_filter b;
    sqlite3_stmt *st;
    yj_station s;
    yj_code rc;
    int step;

    if ((rc = bind_filter_prepare(&b, db, filter, err)) != YJ_OK ||
        (rc = statement(&st, db, which, err)) != YJ_OK)
        return rc;
    bind_filter(st, &b);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char lon[64], lat[64];
        row_to_borrowed_station(&s, st, 0, lon, lat);
        if (fn(payload, &s))
            break;
    }
    if (rc == YJ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    return rc;
}

yj_code yj_db_list(yj_db *db, const yj_filter *filter, yj_station_fn fn,
                   void *payload, yj_error *err)
{
    return list(db, STMT_LIST, filter, fn, payload, err);
}

yj_code yj_db_list_stored(yj_db *db, const yj_filter *filter,
                          yj_station_fn fn, void *payload, yj_error *err)
{
    return list(db, STMT_LIST_STORED, filter, fn, payload, err);
}

yj_code yj_db_get(yj_station *out, yj_db *db, const char *id, yj_error *err)
{
    sqlite3_stmt *st;
    yj_code rc;
    int step;

    memset(out, 0, sizeof *out);
    if ((rc = statement(&st, db, STMT_GET_ID, err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if ((step = sqlite3_step(st)) == SQLITE_ROW)
        rc = row_to_station(out, st, err);
    else if (step == SQLITE_DONE)
        rc = yj_fail(err, YJ_ENOTFOUND, "no station with id '%s'", id);
    else
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    return rc;
}

/* Statement `which` of the handle with ?1 = fid, stepped to its row:
 * YJ_OK with the row to read (reset *st after), YJ_ENOTFOUND, YJ_EDB. */
static yj_code row_of_fid(sqlite3_stmt **st, yj_db *db, int which,
                          long long fid, yj_error *err)
{
    yj_code rc;
    int step;

    if ((rc = statement(st, db, which, err)) != YJ_OK)
        return rc;
    sqlite3_bind_int64(*st, 1, fid);
    if ((step = sqlite3_step(*st)) == SQLITE_ROW)
        return YJ_OK;
    sqlite3_reset(*st);
    if (step == SQLITE_DONE)
        return yj_fail(err, YJ_ENOTFOUND, "no station #%lld", fid);
    return yj_db_fail(err, db->sql, db->path);
}

static yj_code visit_fid(yj_db *db, long long fid, yj_station_fn fn,
                         void *payload, int *stop, yj_error *err)
{
    sqlite3_stmt *st;
    yj_station s;
    char lon[64], lat[64];
    yj_code rc;

    if ((rc = row_of_fid(&st, db, STMT_GET_FID, fid, err)) != YJ_OK)
        return rc;
    row_to_borrowed_station(&s, st, 0, lon, lat);
    *stop = fn(payload, &s);
    sqlite3_reset(st);
    return YJ_OK;
}

/* Up to FIDS_PER_STEP rows in one statement; how many were visited into
 * *visited (fewer than n: the next row id has no row, or the rows did not
 * come in order). */
static yj_code visit_some_fids(size_t *visited, yj_db *db,
                               const long long *fids, size_t n,
                               yj_station_fn fn, void *payload, int *stop,
                               yj_error *err)
{
    sqlite3_stmt *st;
    yj_station s;
    char lon[64], lat[64];
    size_t i;
    yj_code rc;
    int step = SQLITE_DONE;

    *visited = 0;
    if ((rc = statement(&st, db, STMT_GET_FIDS, err)) != YJ_OK)
        return rc;
    for (i = 0; i < n && i < FIDS_PER_STEP; i++)
        sqlite3_bind_int64(st, (int)i + 1, fids[i]);
    while (!*stop && (step = sqlite3_step(st)) == SQLITE_ROW &&
           sqlite3_column_int64(st, 0) == (sqlite3_int64)*visited) {
        row_to_borrowed_station(&s, st, 1, lon, lat);
        *stop = fn(payload, &s);
        ++*visited;
    }
    if (!*stop && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    return rc;
}

/* visit_fid's callback when the row is to be kept: fn gets the copy. */
typedef struct keeping {
    yj_db *db;
    long long fid;
    yj_station_fn fn;
    void *payload;
} keeping;

static int keep_and_call(void *payload, const yj_station *s)
{
    keeping *k = payload;
    const yj_station *kept = keep_row(k->db, k->fid, s);

    return k->fn(k->payload, kept != NULL ? kept : s);
}

/* The stations of fids[0..n) from the kept rows, reading (and keeping)
 * those not kept yet. */
static yj_code visit_kept_fids(yj_db *db, const long long *fids, size_t n,
                               yj_station_fn fn, void *payload, int *stop,
                               yj_error *err)
{
    size_t i;
    yj_code rc;

    for (i = 0; i < n && !*stop; i++) {
        const yj_station *s = kept_row(db, fids[i]);
        if (s != NULL) {
            *stop = fn(payload, s);
        } else {
            keeping k = {db, fids[i], fn, payload};
            if ((rc = visit_fid(db, fids[i], keep_and_call, &k, stop, err))
                != YJ_OK)
                return rc;
        }
    }
    return YJ_OK;
}

yj_code yj_db_visit_fids(yj_db *db, const long long *fids, size_t n,
                         yj_station_fn fn, void *payload, int *stop,
                         yj_error *err)
{
    size_t done = 0, visited;
    yj_code rc;

    *stop = 0;
    if (db->rows != NULL && db->points != NULL && db->in_txn)
        return visit_kept_fids(db, fids, n, fn, payload, stop, err);
    while (done < n && !*stop) {
        /* A handle holding points is long-lived: it prepares the batch
         * statement once (a one-shot process would spend more preparing it
         * than it saves) and steps it instead of one statement a row.
         * Otherwise, or where the batch stopped short, one row. */
        visited = 0;
        if (db->points != NULL &&
            (rc = visit_some_fids(&visited, db, fids + done, n - done, fn,
                                  payload, stop, err)) != YJ_OK)
            return rc;
        if (visited == 0) {
            if ((rc = visit_fid(db, fids[done], fn, payload, stop, err))
                != YJ_OK)
                return rc;
            visited = 1;
        }
        done += visited;
    }
    return YJ_OK;
}

yj_code yj_db_station_id(char *out, size_t size, yj_db *db, long long fid,
                         yj_error *err)
{
    sqlite3_stmt *st;
    const yj_station *kept = db->in_txn ? kept_row(db, fid) : NULL;
    size_t len;
    yj_code rc;

    if (kept != NULL) { /* cut as below */
        len = strlen(kept->text[YJ_F_ID]);
        if (len >= size)
            len = size - 1;
        memcpy(out, kept->text[YJ_F_ID], len);
        out[len] = '\0';
        return YJ_OK;
    }
    if ((rc = row_of_fid(&st, db, STMT_ID_OF_FID, fid, err)) != YJ_OK)
        return rc;
    /* cut to size, as the nearest search cuts the ids scans give */
    len = (size_t)sqlite3_column_bytes(st, 0);
    if (len >= size)
        len = size - 1;
    if (len > 0)
        memcpy(out, sqlite3_column_blob(st, 0), len);
    out[len] = '\0';
    sqlite3_reset(st);
    return YJ_OK;
}

yj_code yj_db_scan(yj_db *db, const yj_box *box, const yj_filter *filter,
                   yj_candidate_fn fn, void *payload, size_t *unlocated,
                   yj_error *err)
{
    bool unfiltered = box == NULL && yj_filter_is_empty(filter);
    bound_filter b;
    sqlite3_stmt *st;
    yj_candidate c;
    size_t without = 0;
    yj_code rc;
    int step;

    if (unfiltered && unlocated == NULL && fresh_points(db) != NULL) {
        /* every located station, and nobody asks about the others: the
         * held points, without a statement */
        static const yj_box world = {-180.0, -90.0, 180.0, 90.0};
        yj_points_scan(fresh_points(db), &world, fn, payload);
        return YJ_OK;
    }
    if ((rc = bind_filter_prepare(&b, db, filter, err)) != YJ_OK ||
        (rc = statement(&st, db,
                        box != NULL  ? STMT_SCAN_BOX
                        : unfiltered ? STMT_SCAN_ALL_UNFILTERED
                                     : STMT_SCAN_ALL,
                        err)) != YJ_OK)
        return rc;
    if (!unfiltered)
        bind_filter(st, &b);
    if (box != NULL) {
        sqlite3_bind_double(st, 5, box->west);
        sqlite3_bind_double(st, 6, box->east);
        sqlite3_bind_double(st, 7, box->south);
        sqlite3_bind_double(st, 8, box->north);
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            without++; /* the scan of all: no coordinates */
            continue;
        }
        c.fid = sqlite3_column_int64(st, 0);
        c.lon = sqlite3_column_double(st, 1);
        c.lat = sqlite3_column_double(st, 2);
        c.id = (const char *)sqlite3_column_text(st, 3);
        if (c.id == NULL)
            c.id = "";
        if (fn(payload, &c))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    else if (box == NULL && unlocated != NULL && step == SQLITE_DONE)
        *unlocated = without;
    sqlite3_reset(st);
    return rc;
}

bool yj_filter_is_empty(const yj_filter *f)
{
    return f == NULL || (!given(f->township) && !given(f->category) &&
                         !given(f->amenities) && !given(f->text) &&
                         !f->open && f->bbox == NULL);
}

yj_code yj_db_scan_points(yj_db *db, const yj_box *box, yj_candidate_fn fn,
                          void *payload, yj_error *err)
{
    const yj_points *held = fresh_points(db);
    long long lo[YJ_Z_MAX_RANGES], hi[YJ_Z_MAX_RANGES];
    size_t n, i;
    sqlite3_stmt *st;
    yj_candidate c;
    yj_code rc = YJ_OK;
    int step = SQLITE_DONE, stop = 0;

    if (held != NULL) {
        yj_points_scan(held, box, fn, payload);
        return YJ_OK;
    }
    n = yj_z_ranges(lo, hi, box);
    for (i = 0; i < n && rc == YJ_OK && !stop; i++) {
        if ((rc = statement(&st, db, STMT_ZRANGE, err)) != YJ_OK)
            break;
        sqlite3_bind_int64(st, 1, lo[i]);
        sqlite3_bind_int64(st, 2, hi[i]);
        while (!stop && (step = sqlite3_step(st)) == SQLITE_ROW) {
            c.lon = sqlite3_column_double(st, 1);
            c.lat = sqlite3_column_double(st, 2);
            if (c.lon < box->west || c.lon > box->east ||
                c.lat < box->south || c.lat > box->north)
                continue; /* in the cell, outside the box */
            c.fid = sqlite3_column_int64(st, 0);
            c.id = (const char *)sqlite3_column_text(st, 3);
            if (c.id == NULL)
                c.id = "";
            stop = fn(payload, &c);
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            rc = yj_db_fail(err, db->sql, db->path);
        sqlite3_reset(st);
    }
    return rc;
}

/* The count statement `which` (STMT_COUNT_*) over the stations `filter`
 * passes. */
static yj_code count_filtered(size_t *out, yj_db *db, const yj_filter *filter,
                              int which, yj_error *err)
{
    bound_filter b;
    sqlite3_stmt *st;
    yj_code rc;

    *out = 0;
    if ((rc = bind_filter_prepare(&b, db, filter, err)) != YJ_OK ||
        (rc = statement(&st, db, which, err)) != YJ_OK)
        return rc;
    bind_filter(st, &b);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_reset(st);
    return rc;
}

yj_code yj_db_count_unlocated(size_t *out, yj_db *db, const yj_filter *filter,
                              yj_error *err)
{
    return count_filtered(out, db, filter, STMT_COUNT_UNLOCATED, err);
}

yj_code yj_db_count(size_t *out, yj_db *db, const yj_filter *filter,
                    yj_error *err)
{
    return count_filtered(out, db, filter, STMT_COUNT_FILTERED, err);
}

yj_code yj_db_townships(yj_db *db, yj_township_fn fn, void *payload,
                        yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    if (sqlite3_prepare_v2(db->sql,
                           "SELECT t.name, t.short_name, t.kind, t.district, "
                           "(SELECT count(*) FROM stations s WHERE s.township "
                           "= t.name AND s.closed_on = ''), t.lon IS NOT NULL, t.geom IS NOT NULL "
                           "FROM townships t ORDER BY t.name",
                           -1, &st, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, db->path);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_township_info t;
        /* NULL (a hostile file, or no memory for the text) reads as "" */
        t.name = (const char *)sqlite3_column_text(st, 0);
        t.short_name = (const char *)sqlite3_column_text(st, 1);
        t.kind = (const char *)sqlite3_column_text(st, 2);
        t.district = (const char *)sqlite3_column_text(st, 3);
        t.name = t.name != NULL ? t.name : "";
        t.short_name = t.short_name != NULL ? t.short_name : "";
        t.kind = t.kind != NULL ? t.kind : "";
        t.district = t.district != NULL ? t.district : "";
        t.stations = (size_t)sqlite3_column_int64(st, 4);
        t.has_point = sqlite3_column_int(st, 5) != 0;
        t.has_polygon = sqlite3_column_int(st, 6) != 0;
        if (fn(payload, &t))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

/* ---- outlines ------------------------------------------------------------ */

yj_code yj_db_areas(yj_db *db, yj_area_fn fn, void *payload, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    if (sqlite3_prepare_v2(db->sql,
                           "SELECT * FROM (SELECT name, kind, lon, lat, geom "
                           "FROM townships UNION ALL SELECT name, "
                           "'district' AS kind, NULL, NULL, geom FROM "
                           "districts) ORDER BY kind = 'district', name",
                           -1, &st, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, db->path);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_area a;
        yj_shape shape;
        const void *blob = sqlite3_column_blob(st, 4);
        int stop;

        memset(&a, 0, sizeof a);
        a.name = (const char *)sqlite3_column_text(st, 0);
        a.kind = (const char *)sqlite3_column_text(st, 1);
        a.has_point = sqlite3_column_type(st, 2) != SQLITE_NULL;
        a.point.lon = sqlite3_column_double(st, 2);
        a.point.lat = sqlite3_column_double(st, 3);
        memset(&shape, 0, sizeof shape);
        if (blob != NULL) {
            if ((rc = yj_shape_from_blob(&shape, blob,
                                         (size_t)sqlite3_column_bytes(st, 4),
                                         err)) != YJ_OK) {
                yj_error_prefix(err, a.name);
                break;
            }
            a.shape = &shape;
        }
        stop = fn(payload, &a);
        yj_shape_clear(&shape);
        if (stop)
            break;
    }
    if (rc == YJ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

/* ---- places -------------------------------------------------------------- */

/* The levels of yj_db_find_place, most specific first.  Each selects
 * (kind, name, detail, lon, lat, approximate) rows for ?1 = the name. */
static const char *const place_levels[] = {
    /* a station id */
    "SELECT 0, name, id, lon, lat, coord_precision IN ('township', "
    "'district') FROM stations WHERE id = ?1",
    /* a full name */
    "SELECT 1, name, kind, lon, lat, 1 FROM townships WHERE name = ?1 "
    "UNION ALL SELECT 2, name, notes, lon, lat, 0 FROM landmarks "
    "WHERE name = ?1 "
    "UNION ALL SELECT 0, name, id, lon, lat, coord_precision IN "
    "('township', 'district') FROM stations WHERE name = ?1",
    /* a township's short name */
    "SELECT 1, name, kind, lon, lat, 1 FROM townships "
    "WHERE short_name <> '' AND short_name = ?1",
    /* a landmark's short name */
    "SELECT 2, name, notes, lon, lat, 0 FROM landmarks "
    "WHERE short_name <> '' AND short_name = ?1",
    /* a part of any name */
    "SELECT 1, name, kind, lon, lat, 1 FROM townships WHERE instr(name, ?1) "
    "UNION ALL SELECT 2, name, notes, lon, lat, 0 FROM landmarks "
    "WHERE instr(name, ?1) "
    "UNION ALL SELECT 0, name, id, lon, lat, coord_precision IN "
    "('township', 'district') FROM stations WHERE instr(name, ?1) "
    "ORDER BY 1, 2",
};

yj_code yj_db_places(yj_db *db, yj_place_fn fn, void *payload,
                     yj_error *err)
{
    static const char text[] =
        "SELECT 1, name, short_name, kind, lon, lat, 1 FROM townships "
        "UNION ALL SELECT 2, name, short_name, notes, lon, lat, 0 "
        "FROM landmarks "
        "UNION ALL SELECT 0, name, '', id, lon, lat, coord_precision IN "
        "('township', 'district') FROM stations WHERE closed_on = '' "
        "ORDER BY 1, 2";
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    if (sqlite3_prepare_v2(db->sql, text, -1, &st, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, db->path);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_place_info p;
        const char *t;
        memset(&p, 0, sizeof p);
        p.kind = (yj_place_kind)sqlite3_column_int(st, 0);
        p.name = (t = (const char *)sqlite3_column_text(st, 1)) ? t : "";
        p.short_name = (t = (const char *)sqlite3_column_text(st, 2)) ? t : "";
        p.detail = (t = (const char *)sqlite3_column_text(st, 3)) ? t : "";
        p.point.lon = sqlite3_column_double(st, 4);
        p.point.lat = sqlite3_column_double(st, 5);
        p.has_point = sqlite3_column_type(st, 4) != SQLITE_NULL &&
                      yj_crs_check_point(p.point, NULL) == YJ_OK;
        p.approximate = sqlite3_column_int(st, 6) != 0;
        if (fn(payload, &p))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_db_find_place(yj_place_match *matches, size_t max, size_t *found,
                         yj_db *db, const char *name, yj_error *err)
{
    char folded[256];
    size_t level;

    *found = 0;
    yj_text_fold(folded, sizeof folded, name != NULL ? name : "");
    name = folded;
    if (!given(name))
        return yj_fail(err, YJ_EINVAL, "empty place name");
    for (level = 0; level < sizeof place_levels / sizeof *place_levels;
         level++) {
        sqlite3_stmt *st = NULL;
        size_t n = 0;
        int step;

        if (sqlite3_prepare_v2(db->sql, place_levels[level], -1, &st, NULL)
            != SQLITE_OK)
            return yj_db_fail(err, db->sql, db->path);
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            if (n < max) {
                yj_place_match *m = &matches[n];
                const char *text;
                memset(m, 0, sizeof *m);
                m->kind = (yj_place_kind)sqlite3_column_int(st, 0);
                text = (const char *)sqlite3_column_text(st, 1);
                snprintf(m->name, sizeof m->name, "%s", text ? text : "");
                text = (const char *)sqlite3_column_text(st, 2);
                snprintf(m->detail, sizeof m->detail, "%s", text ? text : "");
                m->has_point = sqlite3_column_type(st, 3) != SQLITE_NULL;
                m->point.lon = sqlite3_column_double(st, 3);
                m->point.lat = sqlite3_column_double(st, 4);
                m->approximate = sqlite3_column_int(st, 5) != 0;
            }
            n++;
        }
        sqlite3_finalize(st);
        if (step != SQLITE_DONE)
            return yj_db_fail(err, db->sql, db->path);
        if (n > 0) {
            *found = n;
            return YJ_OK;
        }
    }
    return yj_fail(err, YJ_ENOTFOUND, "unknown place '%s'", name);
}

bool yj_db_suggest_place(char *name, size_t name_size, char *full,
                         size_t full_size, yj_db *db, const char *text)
{
    static const char sql[] =
        "SELECT name, name FROM townships UNION ALL "
        "SELECT short_name, name FROM townships WHERE short_name <> '' "
        "UNION ALL SELECT name, name FROM landmarks UNION ALL "
        "SELECT short_name, name FROM landmarks WHERE short_name <> '' "
        "UNION ALL SELECT name, name FROM stations WHERE closed_on = ''";

    if (name_size > 0)
        name[0] = '\0';
    if (full_size > 0)
        full[0] = '\0';
    return suggest_name(name, name_size, full, full_size, db, sql, text);
}

/* ---- staff credentials (db_staff.h) ---------------------------------------- */

yj_code yj_db_staff_find(char *name, size_t size, char sha256_hex[65],
                         yj_db *db, const char *handle, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    if (size > 0)
        name[0] = '\0';
    sha256_hex[0] = '\0';
    if (sqlite3_prepare_v2(db->sql,
                           "SELECT name, secret_sha256 FROM staff WHERE "
                           "handle = ?1 AND revoked_at IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return yj_db_fail(err, db->sql, db->path);
    sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        if (size > 0)
            yj_utf8_copy(name, size, n ? n : "");
        snprintf(sha256_hex, 65, "%s", h ? h : "");
    } else if (step == SQLITE_DONE) {
        rc = yj_fail(err, YJ_ENOTFOUND, "no such staff credential");
    } else {
        rc = yj_db_fail(err, db->sql, db->path);
    }
    sqlite3_finalize(st);
    return rc;
}

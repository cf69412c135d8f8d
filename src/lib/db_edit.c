/* db_edit.c — changing a built station database in place: the staff's write
 * path (import, add, edit, remove, undo) and its history.
 *
 * One change = one transaction = one `changes` row, with a `change_fields`
 * row for every field it changed (old → new, exact: coordinates as REAL).
 * Undo applies the old values back as a new change, so an undo is in the
 * history too and can itself be undone.  The file keeps SQLite's rollback
 * journal, never WAL (leave_wal says why); a change is held in memory
 * until it commits, so readers keep reading while it is made, wait only
 * for the moment of its commit, and see all of it or none; a second
 * writer waits (busy timeout) and then gets YJ_EBUSY; a crash or kill
 * mid-change leaves the previous state (the journal is rolled back by the
 * next process that opens the file with write access).
 * SpatiaLite is loaded: its triggers keep the spatial index in step. */
#include "db_edit.h"
#include "db.h"
#include "db_sqlite.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "station.h"
#include "text.h"
#include "vocab.h"
#include "zorder.h"

#include <sqlite3.h>

#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    ED_GET,
    ED_INSERT,
    ED_UPDATE,
    ED_DELETE,
    ED_RECORD,
    ED_ALL,
    ED_COUNT
};

struct yj_editor {
    sqlite3 *sql;
    char *path;
    int wait_ms;
    sqlite3_stmt *stmt[ED_COUNT];
    bool in_change;
    bool trial;           /* leave the file's journal mode and schema */
    bool prepared;        /* stmt[] ready (the schema is current) */
    long long change_id;  /* the open change's row */
    long long seq;        /* its change_fields rows so far */
    dev_t dev;            /* the file opened (a rebuild replaces it) */
    ino_t ino;
    unsigned stamp;       /* YJ_STAMP_* of the open change's station rows
                             (0: no station changed) */
};

/* ---- opening -------------------------------------------------------------- */

/* zorder.h's cell of a point, for rebuilding station_density in SQL. */
static void density_cell_fn(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
    (void)argc;
    sqlite3_result_int64(ctx, yj_density_cell(sqlite3_value_double(v[0]),
                                              sqlite3_value_double(v[1])));
}

static int schema_version(sqlite3 *sql)
{
    sqlite3_stmt *st = NULL;
    int version = -1;

    if (sqlite3_prepare_v2(sql, "PRAGMA user_version", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return version;
}

static yj_code busy(yj_editor *ed, yj_error *err)
{
    return yj_fail(err, YJ_EBUSY,
                   "%s: another process is changing the database (waited "
                   "%.1f s); try again when it has finished",
                   ed->path, ed->wait_ms / 1000.0);
}

/* The schema version, and that the file is a yijia database at all; a
 * writer holding the file longer than the busy timeout is YJ_EBUSY, not a
 * verdict on the file. */
static yj_code read_version(int *version, yj_editor *ed, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(ed->sql, "PRAGMA user_version", -1, &st,
                                NULL);

    *version = -1;
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        rc = sqlite3_exec(ed->sql, "SELECT 1 FROM stations LIMIT 0", NULL,
                          NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return busy(ed, err);
    if (rc != SQLITE_OK)
        return yj_fail(err, YJ_ESCHEMA, "%s: not a yijia database (%s)",
                       ed->path, sqlite3_errmsg(ed->sql));
    return YJ_OK;
}

/* BEGIN IMMEDIATE: the write lock now, or YJ_EBUSY after waiting. */
static yj_code begin_write(yj_editor *ed, yj_error *err)
{
    int rc = sqlite3_exec(ed->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return busy(ed, err);
    if (rc != SQLITE_OK)
        return yj_db_fail(err, ed->sql, ed->path);
    return YJ_OK;
}

/* Bring an older database up to this schema, in one transaction: version
 * 2 and 3 files gain the later tables and columns (a version 2 file's
 * holiday table starts empty).  Version 1 files lack the Z-order keys
 * that nearest needs: they are rebuilt, not upgraded. */
static yj_code check_version(const yj_editor *ed, int version, yj_error *err)
{
    if (version < 2 || version > YJ_SCHEMA_VERSION)
        return yj_fail(err, YJ_ESCHEMA,
                       "%s: schema version %d cannot be changed by this "
                       "yijia (it writes %d): rebuild it with `yijia --db %s "
                       "build`", ed->path, version, YJ_SCHEMA_VERSION,
                       ed->path);
    return YJ_OK;
}

static yj_code upgrade(yj_editor *ed, yj_error *err)
{
    int version = schema_version(ed->sql);
    yj_code rc;

    if (version == YJ_SCHEMA_VERSION)
        return YJ_OK;
    if ((rc = check_version(ed, version, err)) != YJ_OK)
        return rc;
    if ((rc = begin_write(ed, err)) != YJ_OK)
        return rc;
    /* Another process may have upgraded it while we waited. */
    version = schema_version(ed->sql);
    if (version < YJ_SCHEMA_VERSION &&
        (rc = yj_db_migrate(ed->sql, version, err)) != YJ_OK) {
        sqlite3_exec(ed->sql, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (sqlite3_exec(ed->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = yj_db_fail(err, ed->sql, N_("upgrading the schema"));
        sqlite3_exec(ed->sql, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return YJ_OK;
}

static yj_code prepare_all(yj_editor *ed, yj_error *err)
{
    char cols[512], values[512], text[ED_COUNT][1400];
    int i;
    yj_code rc = YJ_OK;

    yj_db_station_columns(cols, sizeof cols);
    yj_db_station_values_sql(values, sizeof values);
    snprintf(text[ED_GET], sizeof text[0],
             "SELECT %s, fid FROM stations WHERE id = ?1", cols);
    snprintf(text[ED_INSERT], sizeof text[0],
             "INSERT INTO stations (%s, zkey, geom) VALUES (%s)", cols,
             values);
    snprintf(text[ED_UPDATE], sizeof text[0],
             "UPDATE stations SET (%s, zkey, geom) = (%s) WHERE fid = ?%d",
             cols, values, YJ_F_COUNT + 2);
    snprintf(text[ED_DELETE], sizeof text[0],
             "DELETE FROM stations WHERE fid = ?1");
    snprintf(text[ED_RECORD], sizeof text[0],
             "INSERT INTO change_fields (change_id, seq, station_id, action, "
             "field, old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    snprintf(text[ED_ALL], sizeof text[0],
             "SELECT %s FROM stations ORDER BY id", cols);
    for (i = 0; i < ED_COUNT && rc == YJ_OK; i++)
        rc = yj_db_prepare(&ed->stmt[i], ed->sql, text[i], err);
    ed->prepared = rc == YJ_OK;
    return rc;
}

/* The file's journal mode (README "The journal mode"): SQLite's rollback
 * journal, never WAL.  A WAL file needs its -wal and -shm files beside it,
 * which a reader without write access to the directory cannot create, and
 * which a new file renamed over it (yijia build) would inherit.  A file
 * left in WAL mode by an older yijia or another program is switched back
 * here; while another program holds it open in WAL mode the switch waits
 * for a later change (the change is made in WAL mode, safely). */
static yj_code leave_wal(yj_editor *ed, yj_error *err)
{
    int rc = sqlite3_exec(ed->sql, "PRAGMA journal_mode = DELETE", NULL, NULL,
                          NULL);

    if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return YJ_OK;
    return yj_db_fail(err, ed->sql, ed->path);
}

yj_code yj_editor_open(yj_editor **out, const char *path, int wait_ms,
                       bool trial, yj_error *err)
{
    yj_editor *ed;
    struct stat st;
    yj_code rc;
    int version, tries;

    *out = NULL;
    if ((rc = yj_file_check_source(path, err)) != YJ_OK)
        return rc;
    if (access(path, W_OK) != 0)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    if ((ed = calloc(1, sizeof *ed)) == NULL ||
        (ed->path = yj_strndup(path, strlen(path))) == NULL) {
        free(ed);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    ed->wait_ms = wait_ms;
    /* The file this editor changes, named before and after the open (a
     * rebuild renames another into place; yj_editor_begin notices). */
    for (tries = 0;; tries++) {
        struct stat before;
        bool known = stat(path, &before) == 0;
        if (sqlite3_open_v2(path, &ed->sql, SQLITE_OPEN_READWRITE, NULL) !=
            SQLITE_OK) {
            rc = yj_db_fail(err, ed->sql, path);
            goto fail;
        }
        if (known && stat(path, &st) == 0 && before.st_dev == st.st_dev &&
            before.st_ino == st.st_ino) {
            ed->dev = st.st_dev;
            ed->ino = st.st_ino;
            break;
        }
        if (tries == 2) {
            rc = busy(ed, err);
            goto fail;
        }
        sqlite3_close(ed->sql);
        ed->sql = NULL;
    }
    /* Before the first read: another writer's commit may hold the file. */
    sqlite3_busy_timeout(ed->sql, wait_ms);
    if ((rc = read_version(&version, ed, err)) != YJ_OK)
        goto fail;
    /* A file this yijia cannot change is refused before anything of it
     * is touched. */
    if (version != YJ_SCHEMA_VERSION &&
        (rc = check_version(ed, version, err)) != YJ_OK)
        goto fail;
    if ((rc = yj_db_load_spatialite(ed->sql, err)) != YJ_OK)
        goto fail;
    /* After SpatiaLite, whose initialisation sets a busy timeout of its
     * own. */
    sqlite3_busy_timeout(ed->sql, wait_ms);
    if (sqlite3_create_function(ed->sql, "yj_density_cell", 2,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                density_cell_fn, NULL, NULL) != SQLITE_OK) {
        rc = yj_db_fail(err, ed->sql, path);
        goto fail;
    }
    /* A change stays in memory until it commits: readers are not held up
     * while it is made (only for the moment of its commit), and a trial,
     * rolled back, leaves the file byte for byte as it was (SQLite does
     * not journal the free pages a spilled change would overwrite). */
    if (sqlite3_exec(ed->sql, "PRAGMA cache_spill = OFF", NULL, NULL, NULL)
        != SQLITE_OK) {
        rc = yj_db_fail(err, ed->sql, path);
        goto fail;
    }
    ed->trial = trial;
    if (trial) {
        /* A trial (dry run) leaves the file as it is: no journal mode
         * switch, and an older schema is upgraded only inside the change,
         * which is rolled back. */
        if (version == YJ_SCHEMA_VERSION &&
            (rc = prepare_all(ed, err)) != YJ_OK)
            goto fail;
        *out = ed;
        return YJ_OK;
    }
    if ((rc = leave_wal(ed, err)) != YJ_OK)
        goto fail;
    if ((rc = upgrade(ed, err)) != YJ_OK)
        goto fail;
    if ((rc = prepare_all(ed, err)) != YJ_OK)
        goto fail;
    *out = ed;
    return YJ_OK;
fail:
    yj_editor_close(ed);
    return rc;
}

void yj_editor_close(yj_editor *ed)
{
    int i;

    if (ed == NULL)
        return;
    if (ed->in_change)
        yj_editor_rollback(ed);
    for (i = 0; i < ED_COUNT; i++)
        sqlite3_finalize(ed->stmt[i]);
    sqlite3_close(ed->sql);
    free(ed->path);
    free(ed);
}

/* ---- reading ---------------------------------------------------------------- */

/* A station from the first YJ_F_COUNT columns of a row (lon/lat REAL). */
static yj_code row_station(yj_station *s, sqlite3_stmt *st, yj_error *err)
{
    char num[64];
    int f;

    memset(s, 0, sizeof *s);
    s->has_point = sqlite3_column_type(st, YJ_F_LON) != SQLITE_NULL;
    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *text = (const char *)sqlite3_column_text(st, f);
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            text = "";
            if (s->has_point) {
                double v = sqlite3_column_double(st, f);
                *(f == YJ_F_LON ? &s->lon : &s->lat) = v;
                text = yj_format_degrees(num, sizeof num, v);
            }
        }
        if (yj_station_set(s, (yj_field)f, text ? text : "", err) != YJ_OK) {
            yj_station_clear(s);
            return YJ_ENOMEM;
        }
    }
    return YJ_OK;
}

/* The station `id` (closed or not) and its row id; YJ_ENOTFOUND. */
static yj_code get(yj_editor *ed, yj_station *out, long long *fid,
                   const char *id, yj_error *err)
{
    sqlite3_stmt *st = ed->stmt[ED_GET];
    yj_code rc;
    int step;

    memset(out, 0, sizeof *out);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        rc = row_station(out, st, err);
        if (fid != NULL)
            *fid = sqlite3_column_int64(st, YJ_F_COUNT);
    } else if (step == SQLITE_DONE) {
        rc = yj_fail(err, YJ_ENOTFOUND, "no station '%s'", id);
    } else {
        rc = yj_db_fail(err, ed->sql, N_("reading a station"));
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

yj_code yj_editor_get(yj_station *out, yj_editor *ed, const char *id,
                      yj_error *err)
{
    return get(ed, out, NULL, id, err);
}

yj_code yj_editor_each(yj_editor *ed, yj_station_fn fn, void *payload,
                       yj_error *err)
{
    sqlite3_stmt *st = ed->stmt[ED_ALL];
    yj_code rc = YJ_OK;
    int step;

    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_station s;
        if ((rc = row_station(&s, st, err)) != YJ_OK)
            break;
        step = fn(payload, &s);
        yj_station_clear(&s);
        if (step != 0)
            break;
    }
    if (rc == YJ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, ed->sql, N_("reading the stations"));
    sqlite3_reset(st);
    return rc;
}

yj_code yj_editor_next_id(char *buf, size_t size, yj_editor *ed,
                          yj_error *err)
{
    sqlite3_stmt *st = NULL;
    long long max = 0;
    yj_code rc;

    /* The largest number among ids of the shipped form XS<digits>. */
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "SELECT max(CAST(substr(id, 3) AS INTEGER)) FROM "
                            "stations WHERE upper(substr(id, 1, 2)) = 'XS' "
                            "AND substr(id, 3) <> '' AND substr(id, 3) NOT "
                            "GLOB '*[^0-9]*' AND length(id) <= 20",
                            err)) != YJ_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        max = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    snprintf(buf, size, "XS%03lld", max + 1);
    return YJ_OK;
}

/* The township name `text` most likely means (vocab.c), into buf[size];
 * false when none is close. */
static bool township_guess(char *buf, size_t size, yj_editor *ed,
                           const char *text)
{
    char names[128][64];
    const char *list[128];
    const char *found;
    sqlite3_stmt *st = NULL;
    size_t n = 0;

    if (yj_db_prepare(&st, ed->sql, "SELECT name FROM townships UNION ALL "
                      "SELECT short_name FROM townships WHERE short_name <> "
                      "''", NULL) != YJ_OK)
        return false;
    while (n < 128 && sqlite3_step(st) == SQLITE_ROW) {
        yj_utf8_copy(names[n], sizeof names[n],
                     (const char *)sqlite3_column_text(st, 0));
        list[n] = names[n];
        n++;
    }
    sqlite3_finalize(st);
    found = yj_vocab_suggest(text, list, n);
    if (found != NULL)
        yj_utf8_copy(buf, size, found);
    return found != NULL;
}

yj_code yj_editor_township(char *name, size_t name_size, char *district,
                           size_t district_size, yj_editor *ed,
                           const char *text, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    char folded[256], guess[64];
    yj_code rc;
    int step;

    yj_text_fold(folded, sizeof folded, text);
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "SELECT name, district FROM townships WHERE name "
                            "= ?1 OR (short_name <> '' AND short_name = ?1)",
                            err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, folded, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(name, name_size, "%s", sqlite3_column_text(st, 0));
        snprintf(district, district_size, "%s", sqlite3_column_text(st, 1));
    } else if (step == SQLITE_DONE) {
        sqlite3_finalize(st);
        st = NULL;
        if (township_guess(guess, sizeof guess, ed, folded))
            return yj_field_error(
                err, YJ_F_TOWNSHIP,
                yj_fail_input(err, YJ_INPUT_TOWNSHIP, YJ_ENOTFOUND,
                              "'%s' is not a township of the gazetteer; did "
                              "you mean '%s'?", text, guess));
        rc = yj_field_error(
            err, YJ_F_TOWNSHIP,
            yj_fail_input(err, YJ_INPUT_TOWNSHIP, YJ_ENOTFOUND,
                          "'%s' is not a township of the gazetteer (see "
                          "`yijia townships`)",
                          text));
    } else {
        rc = yj_db_fail(err, ed->sql, N_("reading the townships"));
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- changing ------------------------------------------------------------- */

static void beijing_time(char *buf, size_t size, time_t t)
{
    time_t local = t + 8 * 3600;
    struct tm tm;

    gmtime_r(&local, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

/* ---- for the editor's other files (db_sqlite.h) ------------------------- */

sqlite3 *yj_editor_sql(yj_editor *ed)
{
    return ed->sql;
}

int yj_editor_schema_version(yj_editor *ed)
{
    return schema_version(ed->sql);
}

void yj_editor_now_text(char *buf, size_t size)
{
    beijing_time(buf, size, time(NULL));
}

long long yj_editor_open_change(const yj_editor *ed)
{
    return ed->in_change ? ed->change_id : 0;
}

yj_code yj_editor_begin(yj_editor *ed, const char *user, const char *command,
                        yj_error *err)
{
    sqlite3_stmt *st = NULL;
    time_t now = time(NULL);
    char at[40];
    yj_code rc;

    if (ed->in_change)
        return yj_fail(err, YJ_EINVAL, "a change is already open");
    if ((rc = begin_write(ed, err)) != YJ_OK)
        return rc;
    /* A change to a file that a rebuild has replaced would be lost, and
     * its journal, found by name, would be taken for the new file's. */
    {
        struct stat file;
        if (stat(ed->path, &file) != 0 || file.st_dev != ed->dev ||
            file.st_ino != ed->ino) {
            sqlite3_exec(ed->sql, "ROLLBACK", NULL, NULL, NULL);
            return yj_fail(err, YJ_EBUSY, "%s was rebuilt or replaced since "
                           "it was opened: open it again", ed->path);
        }
    }
    ed->in_change = true;
    if (!ed->prepared) {
        int version = schema_version(ed->sql);
        if ((rc = check_version(ed, version, err)) != YJ_OK ||
            (version < YJ_SCHEMA_VERSION &&
             (rc = yj_db_migrate(ed->sql, version, err)) != YJ_OK) ||
            (rc = prepare_all(ed, err)) != YJ_OK) {
            yj_editor_rollback(ed);
            return rc;
        }
    }
    ed->seq = 0;
    ed->stamp = 0;
    beijing_time(at, sizeof at, now);
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "INSERT INTO changes (at, unix_time, user, "
                            "command) VALUES (?1, ?2, ?3, ?4)", err)) ==
        YJ_OK) {
        sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
        sqlite3_bind_text(st, 3, user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, command, -1, SQLITE_STATIC);
        rc = yj_db_step_done(st, ed->sql, "recording the change", err);
    }
    sqlite3_finalize(st);
    ed->change_id = sqlite3_last_insert_rowid(ed->sql);
    if (rc != YJ_OK)
        yj_editor_rollback(ed);
    return rc;
}

void yj_editor_rollback(yj_editor *ed)
{
    if (!ed->in_change)
        return;
    sqlite3_exec(ed->sql, "ROLLBACK", NULL, NULL, NULL);
    ed->in_change = false;
}

/* Bind field f of s (NULL when s is NULL; lon/lat as REAL or NULL). */
static void bind_value(sqlite3_stmt *st, int i, const yj_station *s,
                       int f)
{
    if (s == NULL || ((f == YJ_F_LON || f == YJ_F_LAT) && !s->has_point))
        sqlite3_bind_null(st, i);
    else if (f == YJ_F_LON || f == YJ_F_LAT)
        sqlite3_bind_double(st, i, f == YJ_F_LON ? s->lon : s->lat);
    else
        sqlite3_bind_text(st, i, s->text[f], -1, SQLITE_STATIC);
}

static yj_code record(yj_editor *ed, const char *id, const char *action,
                      int f, const yj_station *old, const yj_station *new,
                      yj_error *err)
{
    sqlite3_stmt *st = ed->stmt[ED_RECORD];

    sqlite3_bind_int64(st, 1, ed->change_id);
    sqlite3_bind_int64(st, 2, ++ed->seq);
    sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, yj_field_name((yj_field)f), -1, SQLITE_STATIC);
    bind_value(st, 6, old, f);
    bind_value(st, 7, new, f);
    return yj_db_step_done(st, ed->sql, "recording the change", err);
}

static bool same_field(const yj_station *a, const yj_station *b, int f)
{
    if (f == YJ_F_LON || f == YJ_F_LAT) {
        if (a->has_point != b->has_point)
            return false;
        return !a->has_point ||
               (f == YJ_F_LON ? a->lon == b->lon : a->lat == b->lat);
    }
    return strcmp(a->text[f], b->text[f]) == 0;
}

yj_code yj_editor_put(bool *changed, yj_editor *ed, const yj_station *s,
                      yj_error *err)
{
    yj_station old;
    long long fid = 0;
    const char *action;
    yj_code rc;
    int f;

    if (changed != NULL)
        *changed = false;
    if (!ed->in_change)
        return yj_fail(err, YJ_EINVAL, "no change is open");
    if ((rc = yj_station_validate(s, err)) != YJ_OK) {
        yj_error_prefix(err, s->text[YJ_F_ID] ? s->text[YJ_F_ID] : "?");
        return rc;
    }
    rc = get(ed, &old, &fid, s->text[YJ_F_ID], err);
    if (rc == YJ_ENOTFOUND) {
        sqlite3_stmt *st = ed->stmt[ED_INSERT];
        yj_db_bind_station(st, s);
        if ((rc = yj_db_step_done(st, ed->sql, "adding a station", err)))
            return rc;
        /* The fields it has (undoing an add needs none: it deletes). */
        for (f = 0; f < YJ_F_COUNT && rc == YJ_OK; f++)
            if (s->text[f][0] != '\0')
                rc = record(ed, s->text[YJ_F_ID], "add", f, NULL, s, err);
        ed->stamp |= YJ_STAMP_INSERT;
        if (changed != NULL)
            *changed = true;
        return rc;
    }
    if (rc != YJ_OK)
        return rc;
    for (f = 0; f < YJ_F_COUNT && same_field(&old, s, f); f++)
        ;
    if (f < YJ_F_COUNT) {
        sqlite3_stmt *st = ed->stmt[ED_UPDATE];
        action = yj_station_in_service(&old) && !yj_station_in_service(s)
                     ? "remove" : "edit";
        yj_db_bind_station(st, s);
        sqlite3_bind_int64(st, YJ_F_COUNT + 2, fid);
        rc = yj_db_step_done(st, ed->sql, "changing a station", err);
        for (f = 0; f < YJ_F_COUNT && rc == YJ_OK; f++)
            if (!same_field(&old, s, f))
                rc = record(ed, old.text[YJ_F_ID], action, f, &old, s, err);
        ed->stamp |= YJ_STAMP_UPDATE;
        if (changed != NULL)
            *changed = true;
    }
    yj_station_clear(&old);
    return rc;
}

yj_code yj_editor_purge(yj_editor *ed, const char *id, yj_error *err)
{
    yj_station old;
    long long fid;
    sqlite3_stmt *st = ed->stmt[ED_DELETE];
    yj_code rc;
    int f;

    if (!ed->in_change)
        return yj_fail(err, YJ_EINVAL, "no change is open");
    if ((rc = get(ed, &old, &fid, id, err)) != YJ_OK)
        return rc;
    sqlite3_bind_int64(st, 1, fid);
    rc = yj_db_step_done(st, ed->sql, "deleting a station", err);
    for (f = 0; f < YJ_F_COUNT && rc == YJ_OK; f++)
        rc = record(ed, old.text[YJ_F_ID], "purge", f, &old, NULL, err);
    ed->stamp |= YJ_STAMP_DELETE;
    yj_station_clear(&old);
    return rc;
}

/* What nearest reads besides the rows: the located stations per 1° cell
 * and their count and extent (db_query.c). */
static const char refresh_derived[] =
    "DELETE FROM station_density;"
    "INSERT INTO station_density (cell, stations) SELECT "
    "  yj_density_cell(lon, lat) AS c, count(*) FROM stations "
    "  WHERE zkey IS NOT NULL GROUP BY c;"
    "INSERT OR REPLACE INTO meta (key, value) SELECT 'stations_located', "
    "  count(*) FROM stations WHERE zkey IS NOT NULL;"
    "INSERT OR REPLACE INTO meta (key, value) SELECT 'stations_extent', "
    "  printf('%.9f,%.9f,%.9f,%.9f', ifnull(min(lon), 0), "
    "  ifnull(min(lat), 0), ifnull(max(lon), 0), ifnull(max(lat), 0)) "
    "  FROM stations WHERE zkey IS NOT NULL;";

yj_code yj_editor_commit(long long *change_id, yj_editor *ed, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;

    if (change_id != NULL)
        *change_id = 0;
    if (!ed->in_change)
        return yj_fail(err, YJ_EINVAL, "no change is open");
    if (ed->seq == 0) {
        /* Nothing changed: no history entry. */
        if ((rc = yj_db_prepare(&st, ed->sql, "DELETE FROM changes WHERE "
                                "change_id = ?1", err)) == YJ_OK) {
            sqlite3_bind_int64(st, 1, ed->change_id);
            rc = yj_db_step_done(st, ed->sql, "recording the change", err);
        }
        sqlite3_finalize(st);
    } else if (ed->stamp != 0) {
        if (sqlite3_exec(ed->sql, refresh_derived, NULL, NULL, NULL) !=
            SQLITE_OK)
            rc = yj_db_fail(err, ed->sql, N_("updating the station index"));
        else
            rc = yj_db_stamp_layer(ed->sql, "stations", ed->stamp, err);
    }
    if (rc == YJ_OK) {
        int step = sqlite3_exec(ed->sql, "COMMIT", NULL, NULL, NULL);
        if (step == SQLITE_BUSY)
            rc = busy(ed, err);
        else if (step != SQLITE_OK)
            rc = yj_db_fail(err, ed->sql, N_("committing the change"));
    }
    if (rc != YJ_OK) {
        yj_editor_rollback(ed);
        return rc;
    }
    ed->in_change = false;
    if (change_id != NULL && ed->seq > 0)
        *change_id = ed->change_id;
    return YJ_OK;
}

/* ---- undo ------------------------------------------------------------------- */

/* A recorded value as text (coordinates as yj_format_degrees writes
 * them); NULL for NULL. */
static const char *value_text(char *buf, size_t size, sqlite3_stmt *st,
                              int col)
{
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_FLOAT:
    case SQLITE_INTEGER:
        return yj_format_degrees(buf, size, sqlite3_column_double(st, col));
    default:
        return (const char *)sqlite3_column_text(st, col);
    }
}

/* True when field f of s equals the recorded value in column col. */
static bool value_is(const yj_station *s, int f, sqlite3_stmt *st, int col)
{
    bool null = sqlite3_column_type(st, col) == SQLITE_NULL;
    const char *text;

    if (f == YJ_F_LON || f == YJ_F_LAT) {
        if (!s->has_point || null)
            return !s->has_point && null;
        return sqlite3_column_double(st, col) ==
               (f == YJ_F_LON ? s->lon : s->lat);
    }
    text = (const char *)sqlite3_column_text(st, col);
    return !null && text != NULL && strcmp(text, s->text[f]) == 0;
}


/* The recorded value (old or new column `col`) of a change_fields row
 * into field f of s. */
static yj_code take_value(yj_station *s, sqlite3_stmt *st, int col, int f,
                          yj_error *err)
{
    char num[64];
    const char *text = "";

    if (f == YJ_F_LON || f == YJ_F_LAT) {
        bool known = sqlite3_column_type(st, col) != SQLITE_NULL;
        if (known) {
            double v = sqlite3_column_double(st, col);
            *(f == YJ_F_LON ? &s->lon : &s->lat) = v;
            text = yj_format_degrees(num, sizeof num, v);
        }
        if (f == YJ_F_LON)
            s->has_point = known;
    } else if (sqlite3_column_type(st, col) != SQLITE_NULL) {
        text = (const char *)sqlite3_column_text(st, col);
    }
    return yj_station_set(s, (yj_field)f, text ? text : "", err);
}

/* Undo the changes one station went through in change `id`: the rows of
 * `st` from `*step` on that name `station` (in seq order). */
static yj_code undo_station(yj_editor *ed, long long id, const char *station,
                            const char *action, sqlite3_stmt *st,
                            int *step, yj_error *err)
{
    yj_station now, want;
    bool exists, seen[YJ_F_COUNT] = {false};
    yj_code rc;
    int f;

    memset(&want, 0, sizeof want);
    rc = get(ed, &now, NULL, station, err);
    if (rc != YJ_OK && rc != YJ_ENOTFOUND)
        return rc;
    exists = rc == YJ_OK;
    rc = YJ_OK;
    if (exists && (rc = yj_station_copy(&want, &now, err)) != YJ_OK)
        goto out;
    if (strcmp(action, "purge") == 0 && exists) {
        rc = yj_fail(err, YJ_ECONFLICT, "change #%lld: %s was deleted by it "
                     "but exists again; undo the later change first (see "
                     "`yijia history %s`)", id, station, station);
        goto out;
    }
    if (strcmp(action, "purge") != 0 && !exists) {
        rc = yj_fail(err, YJ_ECONFLICT, "change #%lld: %s no longer exists; "
                     "undo the later change first (see `yijia history %s`)",
                     id, station, station);
        goto out;
    }
    for (; *step == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(st, 0), station) == 0;
         *step = sqlite3_step(st)) {
        yj_field field;
        if (!yj_field_from_name(&field,
                                (const char *)sqlite3_column_text(st, 1))) {
            rc = yj_fail(err, YJ_ESCHEMA, "change #%lld: unknown field '%s'",
                         id, (const char *)sqlite3_column_text(st, 1));
            goto out;
        }
        f = (int)field;
        seen[f] = true;
        /* The value the change left must still be there. */
        if (exists && !value_is(&now, f, st, 3)) {
            char num[64];
            const char *left = value_text(num, sizeof num, st, 3);
            rc = yj_fail(err, YJ_ECONFLICT,
                         "change #%lld: %s %s has changed since (now '%s', "
                         "the change left '%s'); undo the later change "
                         "first (see `yijia history %s`)", id, station,
                         yj_field_name(field), now.text[f],
                         left ? left : "", station);
            goto out;
        }
        if ((rc = take_value(&want, st, 2, f, err)) != YJ_OK)
            goto out;
    }
    /* An add recorded only the fields it set: undoing it deletes the
     * station, so every other field must still be empty. */
    for (f = 0; exists && strcmp(action, "add") == 0 && f < YJ_F_COUNT; f++)
        if (!seen[f] && now.text[f][0] != '\0') {
            rc = yj_fail(err, YJ_ECONFLICT,
                         "change #%lld: %s %s has changed since (now '%s'); "
                         "undo the later change first (see `yijia history "
                         "%s`)", id, station, yj_field_name((yj_field)f),
                         now.text[f], station);
            goto out;
        }
    if (strcmp(action, "add") == 0)
        rc = yj_editor_purge(ed, station, err);
    else
        rc = yj_editor_put(NULL, ed, &want, err);
out:
    yj_station_clear(&now);
    yj_station_clear(&want);
    return rc;
}

static yj_code mark_undone(yj_editor *ed, long long id, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;

    /* Undoing an undo re-applies what it undid: those count as done. */
    rc = yj_db_prepare(&st, ed->sql,
                       "UPDATE changes SET undone_by = NULL WHERE undone_by "
                       "= ?1 AND (SELECT is_undo FROM changes WHERE "
                       "change_id = ?1);"
                       , err);
    if (rc == YJ_OK) {
        sqlite3_bind_int64(st, 1, id);
        rc = yj_db_step_done(st, ed->sql, "recording the undo", err);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == YJ_OK)
        rc = yj_db_prepare(&st, ed->sql,
                           "UPDATE changes SET undone_by = ?2 WHERE "
                           "change_id = ?1", err);
    if (rc == YJ_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ed->change_id);
        rc = yj_db_step_done(st, ed->sql, "recording the undo", err);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == YJ_OK)
        rc = yj_db_prepare(&st, ed->sql,
                           "UPDATE changes SET is_undo = 1 WHERE change_id "
                           "= ?1", err);
    if (rc == YJ_OK) {
        sqlite3_bind_int64(st, 1, ed->change_id);
        rc = yj_db_step_done(st, ed->sql, "recording the undo", err);
    }
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_undo(yj_editor *ed, long long id, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    if (!ed->in_change)
        return yj_fail(err, YJ_EINVAL, "no change is open");
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "SELECT undone_by FROM changes WHERE change_id = "
                            "?1", err)) != YJ_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    step = sqlite3_step(st);
    if (step != SQLITE_ROW || id == ed->change_id)
        rc = yj_fail(err, YJ_ENOTFOUND, "no change #%lld (see `yijia "
                     "history`)", id);
    else if (sqlite3_column_type(st, 0) != SQLITE_NULL)
        rc = yj_fail(err, YJ_ECONFLICT, "change #%lld was already undone by "
                     "#%lld", id, (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    st = NULL;
    if (rc != YJ_OK)
        return rc;
    /* Stations in the reverse order the change touched them; each
     * station's fields together. */
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "SELECT f.station_id, f.field, f.old, f.new, "
                            "f.action FROM change_fields f JOIN (SELECT "
                            "station_id AS sid, max(seq) AS last FROM "
                            "change_fields WHERE change_id = ?1 GROUP BY "
                            "station_id) g ON g.sid = f.station_id WHERE "
                            "f.change_id = ?1 ORDER BY g.last DESC, f.seq",
                            err)) != YJ_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    step = sqlite3_step(st);
    while (rc == YJ_OK && step == SQLITE_ROW) {
        char *station = yj_strndup((const char *)sqlite3_column_text(st, 0),
                                   (size_t)sqlite3_column_bytes(st, 0));
        char *action = yj_strndup((const char *)sqlite3_column_text(st, 4),
                                  (size_t)sqlite3_column_bytes(st, 4));
        if (station == NULL || action == NULL)
            rc = yj_fail(err, YJ_ENOMEM, "out of memory");
        else
            rc = undo_station(ed, id, station, action, st, &step, err);
        free(station);
        free(action);
    }
    if (rc == YJ_OK && step != SQLITE_DONE)
        rc = yj_db_fail(err, ed->sql, N_("reading the history"));
    sqlite3_finalize(st);
    if (rc == YJ_OK)
        rc = mark_undone(ed, id, err);
    return rc;
}

yj_code yj_editor_undo_list(long long **ids, size_t *n, yj_editor *ed,
                            const int64_t *after, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    *ids = NULL;
    *n = 0;
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "SELECT change_id FROM changes WHERE undone_by IS "
                            "NULL AND is_undo = 0 AND change_id <> ?2 AND "
                            "(?1 IS NULL OR unix_time > ?1) ORDER BY "
                            "change_id DESC LIMIT CASE WHEN ?1 IS NULL THEN 1 "
                            "ELSE -1 END", err)) != YJ_OK)
        return rc;
    if (after != NULL)
        sqlite3_bind_int64(st, 1, *after);
    sqlite3_bind_int64(st, 2, ed->in_change ? ed->change_id : 0);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long long *grown = realloc(*ids, (*n + 1) * sizeof **ids);
        if (grown == NULL) {
            rc = yj_fail(err, YJ_ENOMEM, "out of memory");
            break;
        }
        *ids = grown;
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (rc == YJ_OK && step != SQLITE_DONE)
        rc = yj_db_fail(err, ed->sql, N_("reading the history"));
    sqlite3_finalize(st);
    if (rc != YJ_OK) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- history ------------------------------------------------------------- */

yj_code yj_editor_history(yj_editor *ed, const char *station,
                          yj_history_fn fn, void *payload, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    if (schema_version(ed->sql) < 4)
        return YJ_OK;  /* never changed by a yijia that keeps history */
    if ((rc = yj_db_prepare(&st, ed->sql,
                            "SELECT c.change_id, c.at, c.user, c.command, "
                            "c.is_undo, c.undone_by, f.station_id, f.action, "
                            "f.field, f.old, f.new FROM changes c JOIN "
                            "change_fields f ON f.change_id = c.change_id "
                            "WHERE ?1 IS NULL OR f.station_id = ?1 "
                            "ORDER BY c.change_id, f.seq", err)) != YJ_OK)
        return rc;
    if (station != NULL)
        sqlite3_bind_text(st, 1, station, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char old_num[64], new_num[64];
        yj_history_entry e;
        e.change_id = sqlite3_column_int64(st, 0);
        e.at = (const char *)sqlite3_column_text(st, 1);
        e.user = (const char *)sqlite3_column_text(st, 2);
        e.command = (const char *)sqlite3_column_text(st, 3);
        e.is_undo = sqlite3_column_int(st, 4) != 0;
        e.undone_by = sqlite3_column_int64(st, 5);
        e.station_id = (const char *)sqlite3_column_text(st, 6);
        e.action = (const char *)sqlite3_column_text(st, 7);
        e.field = (const char *)sqlite3_column_text(st, 8);
        e.old_value = value_text(old_num, sizeof old_num, st, 9);
        e.new_value = value_text(new_num, sizeof new_num, st, 10);
        if (fn(payload, &e) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, ed->sql, N_("reading the history"));
    sqlite3_finalize(st);
    return rc;
}

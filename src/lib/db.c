/* db.c — the station database's write side: the schema and its migrations,
 * and building a database from a dataset with SpatiaLite, so GDAL and QGIS
 * read it as a spatial database.  The read side is db_query.c; together
 * they are the only files that include sqlite3.h.
 *
 * SpatiaLite is loaded here, for the build only, as the SQLite extension
 * mod_spatialite (Debian: libsqlite3-mod-spatialite) rather than linked:
 * linked, its dozens of libraries would load with every run of the tool,
 * and the read path must start in a millisecond.  Only the C API may load
 * extensions (SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION); SQL's
 * load_extension() stays disabled.
 * Invariants: every SQL statement binds its values; a build writes a
 * temporary file beside the target and renames it into place only when the
 * whole build committed, so a failed build leaves the target untouched. */
#include "db.h"
#include "calendar.h"
#include "dataset.h"
#include "db_sqlite.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "station.h"
#include "zorder.h"

#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- schema ------------------------------------------------------------ */

/* Migration steps: each takes the schema from `to - 1` to `to` and runs in
 * the build's transaction.  A future version appends a step (ALTER TABLE
 * ...) and raises YJ_SCHEMA_VERSION.
 *
 * Geometry columns are declared as plain columns here and registered with
 * SpatiaLite (register_geometries) after the rows are loaded: inserting
 * into a registered column fires SpatiaLite's per-row triggers, which made
 * a 100k-station build 2-3x slower. */
static const struct migration {
    int to;
    const char *sql;
} migrations[] = {
    {1,
     "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
     "CREATE TABLE stations ("
     "  fid INTEGER PRIMARY KEY,"
     "  id TEXT NOT NULL UNIQUE COLLATE NOCASE,"
     "  name TEXT NOT NULL, address TEXT NOT NULL,"
     "  district TEXT NOT NULL, township TEXT NOT NULL,"
     "  category TEXT NOT NULL, amenities TEXT NOT NULL,"
     "  amenities_source TEXT NOT NULL, opening_hours TEXT NOT NULL,"
     "  phone TEXT NOT NULL, lon REAL, lat REAL,"
     "  coord_source TEXT NOT NULL, coord_precision TEXT NOT NULL,"
     "  source TEXT NOT NULL, notes TEXT NOT NULL, geom POINT,"
     "  CHECK ((lon IS NULL) = (lat IS NULL)));"
     "CREATE INDEX stations_by_township ON stations (township, id);"
     "CREATE TABLE townships ("
     "  fid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
     "  short_name TEXT NOT NULL, kind TEXT NOT NULL, district TEXT NOT NULL,"
     "  lon REAL, lat REAL, coord_source TEXT NOT NULL, notes TEXT NOT NULL,"
     "  polygon_source TEXT NOT NULL, geom MULTIPOLYGON);"
     "CREATE TABLE districts ("
     "  fid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
     "  source TEXT NOT NULL, geom MULTIPOLYGON NOT NULL);"},
    {2,
     /* Landmarks (metro stations) for `nearest --near`, and an index of
      * the stations without coordinates, which nearest counts. */
     "CREATE TABLE landmarks ("
     "  fid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
     "  short_name TEXT NOT NULL, kind TEXT NOT NULL, district TEXT NOT NULL,"
     "  lon REAL NOT NULL, lat REAL NOT NULL, coord_source TEXT NOT NULL,"
     "  notes TEXT NOT NULL, geom POINT);"
     "CREATE INDEX stations_unlocated ON stations (id) WHERE lon IS NULL;"
     /* The Z-order key of the location (zorder.h) and a covering index on
      * it: a map window is a few range scans of it, faster than the R*Tree
      * from plain SQLite (which GDAL and QGIS use). */
     "ALTER TABLE stations ADD COLUMN zkey INTEGER;"
     "CREATE INDEX stations_zorder ON stations (zkey, lon, lat, id) "
     "WHERE zkey IS NOT NULL;"
     /* Located stations per 1° cell (cell = (⌊lat⌋+90)·360 + ⌊lon⌋+180):
      * nearest sizes its first window from the local density. */
     "CREATE TABLE station_density (cell INTEGER PRIMARY KEY,"
     "  stations INTEGER NOT NULL);"},
    {3,
     /* China's public holidays and make-up working days (调休), which
      * opening hours are evaluated against (data/holidays-cn.csv). */
     "CREATE TABLE holidays (date TEXT PRIMARY KEY,"
     "  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')));"},
    {4,
     /* When a station was last verified and when it closed (a removed
      * station is kept, closed, so that nothing staff do is lost), and
      * the history of every change staff make (db_edit.c): one `changes` row
      * per command, one `change_fields` row per field it changed, with
      * the old and new values as stored (NULL: the station did not exist
      * before / after).  old and new have no type, so a coordinate keeps
      * its exact REAL value. */
     "ALTER TABLE stations ADD COLUMN checked_on TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE stations ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';"
     "CREATE TABLE changes (change_id INTEGER PRIMARY KEY,"
     "  at TEXT NOT NULL, unix_time INTEGER NOT NULL, user TEXT NOT NULL,"
     "  command TEXT NOT NULL, is_undo INTEGER NOT NULL DEFAULT 0,"
     "  undone_by INTEGER REFERENCES changes (change_id));"
     "CREATE TABLE change_fields (change_id INTEGER NOT NULL"
     "  REFERENCES changes (change_id), seq INTEGER NOT NULL,"
     "  station_id TEXT NOT NULL COLLATE NOCASE, action TEXT NOT NULL"
     "  CHECK (action IN ('add', 'edit', 'remove', 'purge')),"
     "  field TEXT NOT NULL, old, new, PRIMARY KEY (change_id, seq));"
     "CREATE INDEX change_fields_by_station ON change_fields (station_id);"},
    {5,
     /* Online geocoding (geocode.c): every provider answer by normalised
      * query (the response as received, minus any key, and what was read
      * from it, WGS84), so that a re-run works offline; and the results
      * held for review (outside the station's township). */
     "CREATE TABLE geocode_cache (provider TEXT NOT NULL,"
     "  query TEXT NOT NULL, response TEXT NOT NULL, lon REAL, lat REAL,"
     "  precision TEXT NOT NULL, level TEXT NOT NULL, label TEXT NOT NULL,"
     "  fetched_at TEXT NOT NULL, PRIMARY KEY (provider, query));"
     "CREATE TABLE geocode_candidates (station_id TEXT NOT NULL"
     "  COLLATE NOCASE, provider TEXT NOT NULL, query TEXT NOT NULL,"
     "  lon REAL NOT NULL, lat REAL NOT NULL, precision TEXT NOT NULL,"
     "  level TEXT NOT NULL, label TEXT NOT NULL, reason TEXT NOT NULL,"
     "  found_at TEXT NOT NULL, PRIMARY KEY (station_id, provider, query));"},
    {6,
     /* Staff who check stations on site (yijia staff; yijia serve
      * --staff): each credential's public handle, the SHA-256 of its
      * secret (never the secret itself), its holder, when it was made and
      * revoked; one active credential a name.  And every submission from
      * a phone that was applied, by the id the phone gave it, so a resend
      * is applied once (change_id: the change it made). */
     "CREATE TABLE staff (handle TEXT PRIMARY KEY, name TEXT NOT NULL,"
     "  secret_sha256 TEXT NOT NULL, created_at TEXT NOT NULL,"
     "  revoked_at TEXT);"
     "CREATE UNIQUE INDEX staff_active_name ON staff (name)"
     "  WHERE revoked_at IS NULL;"
     "CREATE TABLE survey_submissions (submission_id TEXT PRIMARY KEY,"
     "  staff TEXT NOT NULL, station_id TEXT NOT NULL COLLATE NOCASE,"
     "  change_id INTEGER NOT NULL REFERENCES changes (change_id),"
     "  received_at TEXT NOT NULL);"},
};

/* Register the loaded geometry columns with SpatiaLite (which checks every
 * geometry's type and SRID) and build the stations' R*Tree index.  Each
 * call returns 1 on success; exec_checked fails on anything else.
 * Townships (a district has about 20) and districts (one) get no R*Tree:
 * a reader scans so few rows faster than it searches a tree, and each
 * index is four tables and three triggers that every process opening the
 * file parses (5.6% of a `yijia nearest` process's instructions). */
static const char register_geometries[] =
    "SELECT RecoverGeometryColumn('stations', 'geom', 4326, 'POINT', 'XY');"
    "SELECT RecoverGeometryColumn('townships', 'geom', 4326, 'MULTIPOLYGON',"
    "  'XY');"
    "SELECT RecoverGeometryColumn('districts', 'geom', 4326, 'MULTIPOLYGON',"
    "  'XY');"
    "SELECT RecoverGeometryColumn('landmarks', 'geom', 4326, 'POINT', 'XY');"
    "SELECT CreateSpatialIndex('stations', 'geom');";
/* No UpdateLayerStatistics(): it rescans every geometry (0.75 s of a 2 s
 * build at 100k stations) for cached extents that readers such as GDAL
 * compute from the R*Tree anyway. */

yj_code yj_db_fail(yj_error *err, sqlite3 *sql, const char *what)
{
    /* what: a file name, or a step marked N_() */
    return yj_fail(err, YJ_EDB, "%s: %s", what[0] ? _(what) : what,
                   sqlite3_errmsg(sql));
}

static int reject_zero(void *flag, int ncols, char **values, char **names)
{
    (void)names;
    if (ncols >= 1 && values[0] != NULL && strcmp(values[0], "0") == 0)
        *(int *)flag = 1;
    return 0;
}

static yj_code exec_checked(sqlite3 *sql, const char *text, yj_error *err)
{
    int failed = 0;
    char *msg = NULL;

    if (sqlite3_exec(sql, text, reject_zero, &failed, &msg) != SQLITE_OK) {
        yj_fail(err, YJ_EDB, "%s", msg ? msg : sqlite3_errmsg(sql));
        sqlite3_free(msg);
        return YJ_EDB;
    }
    if (failed)
        return yj_fail(err, YJ_EDB, "a SpatiaLite schema call failed");
    return YJ_OK;
}

yj_code yj_db_migrate(sqlite3 *sql, int from, yj_error *err)
{
    size_t i;
    yj_code rc;
    char pragma[48];

    for (i = 0; i < sizeof migrations / sizeof migrations[0]; i++) {
        if (migrations[i].to <= from)
            continue;
        if ((rc = exec_checked(sql, migrations[i].sql, err)) != YJ_OK) {
            yj_fail(err, rc, "schema version %d: %s", migrations[i].to,
                    err ? err->message : "");
            return rc;
        }
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
                 migrations[i].to);
        if (sqlite3_exec(sql, pragma, NULL, NULL, NULL) != SQLITE_OK)
            return yj_db_fail(err, sql, N_("setting the schema version"));
    }
    return YJ_OK;
}

void yj_db_station_columns(char *buf, size_t size)
{
    size_t used = 0;
    int f;

    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *name = yj_field_name((yj_field)f);
        size_t n = strlen(name);
        if (used + 2 + n >= size)
            break; /* cut, never overrun (the callers' buffers fit all) */
        if (f > 0) {
            memcpy(buf + used, ", ", 2);
            used += 2;
        }
        memcpy(buf + used, name, n);
        used += n;
    }
    buf[used] = '\0';
}

/* ---- build ------------------------------------------------------------- */

yj_code yj_db_prepare(sqlite3_stmt **st, sqlite3 *sql, const char *text,
                      yj_error *err)
{
    if (sqlite3_prepare_v2(sql, text, -1, st, NULL) != SQLITE_OK)
        return yj_db_fail(err, sql, N_("preparing a statement"));
    return YJ_OK;
}

yj_code yj_db_step_done(sqlite3_stmt *st, sqlite3 *sql, const char *what,
                        yj_error *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return yj_db_fail(err, sql, what);
    return YJ_OK;
}


static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

void yj_db_station_values_sql(char *buf, size_t size)
{
    size_t used = 0;
    int i;

    for (i = 1; i <= YJ_F_COUNT + 1; i++)
        used += (size_t)snprintf(buf + used, size - used, "?%d, ", i);
    snprintf(buf + used, size - used,
             "CASE WHEN ?%d IS NULL THEN NULL ELSE MakePoint(?%d, ?%d, 4326) "
             "END", YJ_F_LON + 1, YJ_F_LON + 1, YJ_F_LAT + 1);
}

void yj_db_bind_station(sqlite3_stmt *st, const yj_station *s)
{
    int f;

    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            if (s->has_point)
                sqlite3_bind_double(st, f + 1,
                                    f == YJ_F_LON ? s->lon : s->lat);
            else
                sqlite3_bind_null(st, f + 1);
            continue;
        }
        bind_text(st, f + 1, s->text[f]);
    }
    if (yj_station_findable(s))
        sqlite3_bind_int64(st, YJ_F_COUNT + 1, yj_z_key(s->lon, s->lat));
    else
        sqlite3_bind_null(st, YJ_F_COUNT + 1);
}

yj_code yj_db_process_init(yj_error *err)
{
    if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        return yj_fail(err, YJ_EDB, "SQLite has started already: "
                       "yj_db_process_init must come first");
    return YJ_OK;
}

yj_code yj_db_load_spatialite(sqlite3 *sql, yj_error *err)
{
    char *msg = NULL;

    if (sqlite3_db_config(sql, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, NULL)
            != SQLITE_OK ||
        sqlite3_load_extension(sql, "mod_spatialite", NULL, &msg)
            != SQLITE_OK) {
        yj_fail(err, YJ_EDEPENDENCY, "cannot load SpatiaLite "
                "(mod_spatialite: %s); install libsqlite3-mod-spatialite",
                msg ? msg : sqlite3_errmsg(sql));
        sqlite3_free(msg);
        return YJ_EDEPENDENCY;
    }
    return YJ_OK;
}

typedef struct insert_order {
    long long key;
    size_t index;
} insert_order;

static int cmp_order(const void *a, const void *b)
{
    const insert_order *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Stations are stored in Z-order of their location (those without one
 * last), so that neighbours share pages: a nearest query then reads a few
 * pages instead of one per candidate. */
static yj_code insert_stations(sqlite3 *sql, const yj_dataset *ds,
                               yj_build_report *rep, yj_error *err)
{
    char cols[512], values[512], text[1100];
    sqlite3_stmt *st = NULL;
    insert_order *order;
    size_t i;
    yj_code rc;

    if ((order = malloc((ds->n_stations + 1) * sizeof *order)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    for (i = 0; i < ds->n_stations; i++) {
        const yj_station *s = &ds->stations[i];
        order[i].key = yj_station_findable(s) ? yj_z_key(s->lon, s->lat)
                                              : LLONG_MAX;
        order[i].index = i;
    }
    qsort(order, ds->n_stations, sizeof *order, cmp_order);

    yj_db_station_columns(cols, sizeof cols);
    yj_db_station_values_sql(values, sizeof values);
    snprintf(text, sizeof text,
             "INSERT INTO stations (%s, zkey, geom) VALUES (%s)", cols,
             values);
    if ((rc = yj_db_prepare(&st, sql, text, err)) != YJ_OK) {
        free(order);
        return rc;
    }
    for (i = 0; i < ds->n_stations && rc == YJ_OK; i++) {
        const yj_station *s = &ds->stations[order[i].index];
        yj_db_bind_station(st, s);
        rc = yj_db_step_done(st, sql, "inserting a station", err);
        if (rc != YJ_OK) {
            char where[128];
            snprintf(where, sizeof where, "%s/%s:%zu", ds->dir,
                     YJ_STATIONS_FILE, ds->station_lines[order[i].index]);
            yj_error_prefix(err, where);
        }
        rep->stations++;
        rep->stations_located += yj_station_findable(s);
    }
    sqlite3_finalize(st);
    free(order);
    return rc;
}

/* SQLite parses the whole schema when a connection first uses it, and
 * SpatiaLite's metadata tables carry 66 triggers that only validate edits
 * of those metadata tables (which yijia never makes after the build):
 * parsing them was 0.6 ms of the 1.1 ms a `yijia nearest` process spends
 * opening the file.  They go.  So do the 12 per-row triggers (tmi_, tmu_,
 * tmd_) that stamp geometry_columns_time on every row written: the build
 * and the editor (yj_db_stamp_layer) stamp it once per change instead, so
 * GDAL still knows when its cached layer statistics went stale, and each
 * process opening the file parses 0.43 M fewer instructions.  The triggers
 * that check geometry types and keep the spatial index stay, so GDAL, QGIS
 * and SpatiaLite still read, index and add layers
 * (tests/cli/test_ogrinfo.sh). */
static yj_code drop_upkeep_triggers(sqlite3 *sql, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    char **names = NULL;
    size_t n = 0, i;
    yj_code rc = YJ_OK;
    int step;

    if ((rc = yj_db_prepare(&st, sql,
                      "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                      "AND (tbl_name NOT IN ('stations', 'townships', "
                      "'districts', 'landmarks') OR name GLOB 'tm[iud]_*')",
                      err)) != YJ_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char **grown = realloc(names, (n + 1) * sizeof *names);
        if (grown == NULL) {
            rc = yj_fail(err, YJ_ENOMEM, "out of memory");
            break;
        }
        names = grown;
        if ((names[n] = sqlite3_mprintf("DROP TRIGGER \"%w\"",
                                        (const char *)sqlite3_column_text(
                                            st, 0))) == NULL) {
            rc = yj_fail(err, YJ_ENOMEM, "out of memory");
            break;
        }
        n++;
    }
    if (rc == YJ_OK && step != SQLITE_DONE)
        rc = yj_db_fail(err, sql, N_("listing triggers"));
    sqlite3_finalize(st);
    for (i = 0; i < n; i++) {
        if (rc == YJ_OK &&
            sqlite3_exec(sql, names[i], NULL, NULL, NULL) != SQLITE_OK)
            rc = yj_db_fail(err, sql, N_("dropping an upkeep trigger"));
        sqlite3_free(names[i]);
    }
    free(names);
    return rc;
}

yj_code yj_db_stamp_layer(sqlite3 *sql, const char *table, unsigned what,
                          yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;

    /* As SpatiaLite's triggers write it: UTC, milliseconds. */
    if ((rc = yj_db_prepare(&st, sql,
            "UPDATE geometry_columns_time SET "
            "last_insert = iif(?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
            "  last_insert), "
            "last_update = iif(?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
            "  last_update), "
            "last_delete = iif(?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
            "  last_delete) "
            "WHERE ?1 IS NULL OR lower(f_table_name) = lower(?1)", err))
        != YJ_OK)
        return rc;
    if (table != NULL)
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (what & YJ_STAMP_INSERT) != 0);
    sqlite3_bind_int(st, 3, (what & YJ_STAMP_UPDATE) != 0);
    sqlite3_bind_int(st, 4, (what & YJ_STAMP_DELETE) != 0);
    rc = yj_db_step_done(st, sql, "stamping geometry_columns_time", err);
    sqlite3_finalize(st);
    return rc;
}

static yj_code insert_holidays(sqlite3 *sql, const yj_dataset *ds,
                               yj_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t i, n = yj_calendar_count(ds->calendar);
    yj_code rc;

    if (n == 0)
        return YJ_OK;
    if ((rc = yj_db_prepare(&st, sql, "INSERT INTO holidays (date, kind) "
                      "VALUES (?1, ?2)", err)) != YJ_OK)
        return rc;
    for (i = 0; i < n && rc == YJ_OK; i++) {
        char date[11];
        const char *kind;
        yj_calendar_day(ds->calendar, i, date, &kind);
        bind_text(st, 1, date);
        bind_text(st, 2, kind);
        rc = yj_db_step_done(st, sql, "inserting a holiday", err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* WKT to a MULTIPOLYGON blob in *st's first column; NULL when invalid. */
static yj_code insert_polygons(sqlite3 *sql, const yj_dataset *ds,
                               yj_build_report *rep, yj_error *err)
{
    sqlite3_stmt *town = NULL, *dist = NULL, *check = NULL;
    yj_code rc;
    size_t i;

    rc = yj_db_prepare(&check, sql,
                 "SELECT CastToMultiPolygon(GeomFromText(?1, 4326)) "
                 "IS NOT NULL", err);
    if (rc == YJ_OK)
        rc = yj_db_prepare(&town, sql,
                     "INSERT INTO townships (name, short_name, kind, "
                     "district, lon, lat, coord_source, notes, "
                     "polygon_source, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                     "?7, ?8, ?9, CastToMultiPolygon(GeomFromText(?10, "
                     "4326)))", err);
    if (rc == YJ_OK)
        rc = yj_db_prepare(&dist, sql,
                     "INSERT INTO districts (name, source, geom) VALUES (?1, "
                     "?2, CastToMultiPolygon(GeomFromText(?3, 4326)))", err);

    for (i = 0; rc == YJ_OK && i < ds->n_townships + ds->n_districts; i++) {
        bool is_town = i < ds->n_townships;
        const yj_place *t = is_town ? &ds->townships[i] : NULL;
        const yj_district *d = is_town ? NULL : &ds->districts[i - ds->n_townships];
        const char *wkt = is_town ? t->wkt : d->wkt;
        size_t line = is_town ? t->wkt_line : d->line;

        if (wkt != NULL) {
            bind_text(check, 1, wkt);
            if (sqlite3_step(check) != SQLITE_ROW ||
                sqlite3_column_int(check, 0) != 1)
                rc = yj_fail(err, YJ_EINVAL, "%s/%s:%zu: wkt: not valid "
                             "polygon text", ds->dir, YJ_BOUNDARIES_FILE,
                             line);
            sqlite3_reset(check);
            if (rc != YJ_OK)
                break;
        }
        if (is_town) {
            bind_text(town, 1, t->name);
            bind_text(town, 2, t->short_name);
            bind_text(town, 3, t->kind);
            bind_text(town, 4, t->district);
            if (t->has_point) {
                sqlite3_bind_double(town, 5, t->lon);
                sqlite3_bind_double(town, 6, t->lat);
            }
            bind_text(town, 7, t->coord_source);
            bind_text(town, 8, t->notes);
            bind_text(town, 9, t->wkt_source ? t->wkt_source : "");
            if (wkt != NULL)
                bind_text(town, 10, wkt);
            rc = yj_db_step_done(town, sql, "inserting a township", err);
            rep->townships++;
            rep->township_polygons += wkt != NULL;
        } else {
            bind_text(dist, 1, d->name);
            bind_text(dist, 2, d->source);
            bind_text(dist, 3, wkt);
            rc = yj_db_step_done(dist, sql, "inserting a district", err);
        }
    }
    sqlite3_finalize(check);
    sqlite3_finalize(town);
    sqlite3_finalize(dist);
    return rc;
}

static yj_code insert_landmarks(sqlite3 *sql, const yj_dataset *ds,
                                yj_build_report *rep, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc;
    size_t i;

    rc = yj_db_prepare(&st, sql,
                 "INSERT INTO landmarks (name, short_name, kind, district, "
                 "lon, lat, coord_source, notes, geom) VALUES (?1, ?2, ?3, "
                 "?4, ?5, ?6, ?7, ?8, MakePoint(?5, ?6, 4326))", err);
    for (i = 0; rc == YJ_OK && i < ds->n_landmarks; i++) {
        const yj_place *p = &ds->landmarks[i];
        bind_text(st, 1, p->name);
        bind_text(st, 2, p->short_name);
        bind_text(st, 3, p->kind);
        bind_text(st, 4, p->district);
        sqlite3_bind_double(st, 5, p->lon);
        sqlite3_bind_double(st, 6, p->lat);
        bind_text(st, 7, p->coord_source);
        bind_text(st, 8, p->notes);
        rc = yj_db_step_done(st, sql, "inserting a landmark", err);
        rep->landmarks++;
    }
    sqlite3_finalize(st);
    return rc;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Count the located stations of each 1° cell into station_density. */
static yj_code write_density(sqlite3 *sql, const yj_dataset *ds,
                             yj_error *err)
{
    long *cells = malloc((ds->n_stations + 1) * sizeof *cells);
    sqlite3_stmt *st = NULL;
    size_t n = 0, i, j;
    yj_code rc;

    if (cells == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    for (i = 0; i < ds->n_stations; i++) {
        const yj_station *s = &ds->stations[i];
        if (yj_station_findable(s))
            cells[n++] = yj_density_cell(s->lon, s->lat);
    }
    qsort(cells, n, sizeof *cells, cmp_long);
    rc = yj_db_prepare(&st, sql, "INSERT INTO station_density (cell, stations) "
                 "VALUES (?1, ?2)", err);
    for (i = 0; rc == YJ_OK && i < n; i = j) {
        for (j = i; j < n && cells[j] == cells[i]; j++)
            ;
        sqlite3_bind_int64(st, 1, cells[i]);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(j - i));
        rc = yj_db_step_done(st, sql, "writing station density", err);
    }
    sqlite3_finalize(st);
    free(cells);
    return rc;
}

/* The located stations' count and extent, so that nearest can size its
 * first search window without scanning. */
static void station_extent(const yj_dataset *ds, size_t *located,
                           double box[4])
{
    size_t i;

    *located = 0;
    for (i = 0; i < ds->n_stations; i++) {
        const yj_station *s = &ds->stations[i];
        if (!yj_station_findable(s))
            continue;
        if (*located == 0) {
            box[0] = box[2] = s->lon;
            box[1] = box[3] = s->lat;
        }
        box[0] = s->lon < box[0] ? s->lon : box[0];
        box[1] = s->lat < box[1] ? s->lat : box[1];
        box[2] = s->lon > box[2] ? s->lon : box[2];
        box[3] = s->lat > box[3] ? s->lat : box[3];
        (*located)++;
    }
}

/* A random number below 2^63 (the kernel's; else the time, the process
 * and a counter), naming one build. */
static unsigned long long build_generation(void)
{
    static unsigned long long counter;
    unsigned long long g = 0;
    struct timespec t;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

    if (fd < 0 || read(fd, &g, sizeof g) != (ssize_t)sizeof g) {
        clock_gettime(CLOCK_REALTIME, &t);
        g = (unsigned long long)t.tv_sec * 1000000007ULL ^
            (unsigned long long)t.tv_nsec ^
            (unsigned long long)getpid() << 32 ^ ++counter;
    }
    if (fd >= 0)
        close(fd);
    return g >> 1;
}

static yj_code write_meta(sqlite3 *sql, const yj_dataset *ds, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    char built_at[32], located_text[32], extent_text[128], generation[32];
    time_t now = time(NULL);
    struct tm tm;
    yj_code rc;
    double box[4] = {0, 0, 0, 0};
    size_t located, i;
    const char *const rows[][2] = {
        {"generator", "yijia " YIJIA_VERSION_STRING},
        {"built_at", built_at},
        {"data_dir", ds->dir},
        {"coordinate_system", "EPSG:4326 (WGS84 lon,lat)"},
        {"stations_located", located_text},
        {"stations_extent", extent_text},
        /* a number of this build's own: a rebuild may get the inode
         * and change counter of a build before it back, and readers
         * (a server's caches) tell contents apart by all three */
        {"stations_generation", generation},
    };

    station_extent(ds, &located, box);
    snprintf(located_text, sizeof located_text, "%zu", located);
    snprintf(extent_text, sizeof extent_text, "%.9f,%.9f,%.9f,%.9f", box[0],
             box[1], box[2], box[3]);
    gmtime_r(&now, &tm);
    strftime(built_at, sizeof built_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(generation, sizeof generation, "%llu", build_generation());
    if ((rc = yj_db_prepare(&st, sql, "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                      err)) != YJ_OK)
        return rc;
    for (i = 0; i < sizeof rows / sizeof rows[0] && rc == YJ_OK; i++) {
        bind_text(st, 1, rows[i][0]);
        bind_text(st, 2, rows[i][1]);
        rc = yj_db_step_done(st, sql, "writing meta", err);
    }
    sqlite3_finalize(st);
    return rc;
}

static yj_code build_into(sqlite3 *sql, const yj_dataset *ds,
                          yj_build_report *rep, yj_error *err)
{
    yj_code rc;

    /* The file is private until renamed: no journal needed. */
    if (sqlite3_exec(sql, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                     "PRAGMA cache_size = -65536", /* 64 MiB: no spilling */
                     NULL, NULL, NULL) != SQLITE_OK)
        return yj_db_fail(err, sql, N_("starting the build"));
    /* Only the one SRID we store, not the 6,000-row EPSG table: the file
     * stays small.  InitSpatialMetadata(1, ...) runs its own transaction. */
    if ((rc = exec_checked(sql, "SELECT InitSpatialMetadata(1, 'NONE');"
                           "SELECT InsertEpsgSrid(4326)", err)) != YJ_OK)
        return rc;
    if (sqlite3_exec(sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return yj_db_fail(err, sql, N_("starting the build"));
    if ((rc = yj_db_migrate(sql, 0, err)) != YJ_OK)
        return rc;
    if ((rc = insert_polygons(sql, ds, rep, err)) != YJ_OK)
        return rc;
    if ((rc = insert_stations(sql, ds, rep, err)) != YJ_OK)
        return rc;
    if ((rc = insert_landmarks(sql, ds, rep, err)) != YJ_OK)
        return rc;
    if ((rc = insert_holidays(sql, ds, err)) != YJ_OK)
        return rc;
    if ((rc = write_density(sql, ds, err)) != YJ_OK)
        return rc;
    if ((rc = write_meta(sql, ds, err)) != YJ_OK)
        return rc;
    /* Register and index after loading: 3x faster than row by row. */
    if ((rc = exec_checked(sql, register_geometries, err)) != YJ_OK) {
        yj_error_prefix(err, "registering the geometries");
        return rc;
    }
    if ((rc = drop_upkeep_triggers(sql, err)) != YJ_OK ||
        (rc = yj_db_stamp_layer(sql, NULL, YJ_STAMP_INSERT, err)) != YJ_OK)
        return rc;
    if (sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return yj_db_fail(err, sql, N_("committing the build"));
    return YJ_OK;
}

/* How long a build waits for a change in progress to finish before it
 * puts the new file in place. */
#define BUILD_WAIT_MS 10000

static bool is_sqlite_file(const char *path, bool *empty)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);

    *empty = false;
    if (fd < 0)
        return false;
    n = read(fd, head, sizeof head);
    close(fd);
    *empty = n == 0;
    return n == (ssize_t)sizeof head && memcmp(head, magic, sizeof head) == 0;
}

/* A build replaces a station database (or an empty file), never a file
 * of another kind that happens to have the name. */
static yj_code check_replaceable(const char *target, yj_error *err)
{
    bool empty;

    if (access(target, F_OK) != 0 || is_sqlite_file(target, &empty) || empty)
        return YJ_OK;
    return yj_fail(err, YJ_EINVAL, "%s exists and is not an SQLite database: "
                   "build replaces only a station database (remove the file "
                   "or choose another --db)", target);
}

/* Make the old database at `target` safe to rename a new file over, and
 * hold it so until the rename (*lock; close it after).  SQLite finds a
 * database's journal by name, so a new file renamed into place would
 * inherit the old one's: a write-ahead log (TARGET-wal, replayed onto the
 * new file: "database disk image is malformed") or the rollback journal of
 * a change in progress.  So the old file leaves WAL mode (which
 * checkpoints and removes its log, and is impossible while another program
 * holds it open in WAL mode: YJ_EBUSY) and its write lock is taken (after
 * any change in progress, which is waited for: YJ_EBUSY after
 * BUILD_WAIT_MS).  A log or journal left without its database is removed.
 * A file that is not an SQLite database is not replaced (YJ_EINVAL). */
static yj_code hold_old(sqlite3 **lock, const char *target, yj_error *err)
{
    static const char *const sidecars[] = {"-wal", "-shm", "-journal"};
    char side[PATH_MAX + 16];
    sqlite3_stmt *st = NULL;
    const char *mode;
    bool empty;
    size_t i;
    yj_code code;
    int rc;

    *lock = NULL;
    if (access(target, F_OK) != 0) {
        for (i = 0; i < sizeof sidecars / sizeof sidecars[0]; i++) {
            snprintf(side, sizeof side, "%s%s", target, sidecars[i]);
            unlink(side);
        }
        return YJ_OK;
    }
    if ((code = check_replaceable(target, err)) != YJ_OK)
        return code;
    if (!is_sqlite_file(target, &empty))
        return YJ_OK; /* empty */
    if (sqlite3_open_v2(target, lock, SQLITE_OPEN_READWRITE, NULL) !=
        SQLITE_OK)
        return yj_db_fail(err, *lock, target);
    sqlite3_busy_timeout(*lock, BUILD_WAIT_MS);
    if (sqlite3_prepare_v2(*lock, "PRAGMA journal_mode = DELETE", -1, &st,
                           NULL) != SQLITE_OK)
        return yj_db_fail(err, *lock, target);
    rc = sqlite3_step(st);
    mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (mode == NULL || strcmp(mode, "delete") != 0) {
        bool busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED ||
                    (mode != NULL && strcmp(mode, "wal") == 0);
        code = busy ? yj_fail(err, YJ_EBUSY, "%s is open in another "
                                      "program in WAL mode (%s-wal is in "
                                      "use): close it (QGIS, sqlite3, a "
                                      "server) and build again; nothing "
                                      "was changed", target, target)
                            : yj_db_fail(err, *lock, target);
        sqlite3_finalize(st);
        return code;
    }
    sqlite3_finalize(st);
    rc = sqlite3_exec(*lock, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return yj_fail(err, YJ_EBUSY, "%s: another process is changing the "
                       "database (waited %d s); build again when it has "
                       "finished; nothing was changed", target,
                       BUILD_WAIT_MS / 1000);
    if (rc != SQLITE_OK)
        return yj_db_fail(err, *lock, target);
    /* Held now, in rollback mode: another program that switched the file
     * to WAL since (and holds it open in WAL) would have left a log */
    snprintf(side, sizeof side, "%s-wal", target);
    if (access(side, F_OK) == 0)
        return yj_fail(err, YJ_EBUSY, "%s is open in another program in WAL "
                       "mode (%s is in use): close it (QGIS, sqlite3, a "
                       "server) and build again; nothing was changed",
                       target, side);
    return YJ_OK;
}

/* SpatiaLite reports a full disk as a failed call (and SQLite's own
 * message is then gone): when the disk holding `tmp` has (almost) no room
 * left, the message says so first. */
static void explain_full_disk(yj_error *err, const char *tmp,
                              const char *path)
{
    struct statvfs fs;
    unsigned long long free_kib;
    char prefix[PATH_MAX + 80];

    if (statvfs(tmp, &fs) != 0)
        return;
    free_kib = (unsigned long long)fs.f_bavail * fs.f_frsize / 1024;
    if (free_kib >= 1024 || err == NULL || strstr(err->message, "full"))
        return;
    snprintf(prefix, sizeof prefix, "%s: the disk is full (%llu KiB free)",
             path, free_kib);
    yj_error_prefix(err, prefix);
}

yj_code yj_db_build(yj_build_report *report, const char *path,
                    const yj_dataset *ds, yj_error *err)
{
    yj_build_report rep = {0, 0, 0, 0, 0};
    yj_replace *file = NULL;
    sqlite3 *sql = NULL, *old = NULL;
    const char *tmp;
    yj_code rc;

    if ((rc = yj_replace_begin(&file, path, err)) != YJ_OK)
        return rc;
    tmp = yj_replace_temp_path(file);
    if ((rc = check_replaceable(yj_replace_target(file), err)) != YJ_OK)
        goto out;
    if (sqlite3_open_v2(tmp, &sql, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = yj_db_fail(err, sql, tmp);
        goto out;
    }
    if ((rc = yj_db_load_spatialite(sql, err)) != YJ_OK)
        goto out;
    if ((rc = build_into(sql, ds, &rep, err)) != YJ_OK)
        explain_full_disk(err, tmp, path);
out:
    if (sql != NULL && sqlite3_close(sql) != SQLITE_OK && rc == YJ_OK)
        rc = yj_fail(err, YJ_EDB, "%s: closing failed", tmp);
    if (rc == YJ_OK)
        rc = hold_old(&old, yj_replace_target(file), err);
    if (rc == YJ_OK) {
        rc = yj_replace_commit(file, err);
        file = NULL;
    }
    if (old != NULL) {
        sqlite3_exec(old, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(old);
    }
    yj_replace_abort(file);
    if (rc == YJ_OK && report != NULL)
        *report = rep;
    return rc;
}

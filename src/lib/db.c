/* db.c — the station database: building it (with SpatiaLite, so GDAL and
 * QGIS read it as a spatial database), the schema and its migrations, and
 * the read path (plain SQLite: no SpatiaLite or PROJ start-up).
 *
 * The only file that includes sqlite3.h or spatialite.h.
 * Invariants: every SQL statement binds its values; a build writes a
 * temporary file beside the target and renames it into place only when the
 * whole build committed, so a failed build leaves the target untouched. */
#include "dataset.h"
#include "error.h"
#include "station.h"

#include <sqlite3.h>
#include <spatialite.h>  /* after sqlite3.h, which it relies on */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct yj_db {
    sqlite3 *sql;
    char *path;
};

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
};

/* Register the loaded geometry columns with SpatiaLite (which checks every
 * geometry's type and SRID) and build their R*Tree indexes.  Each call
 * returns 1 on success; exec_checked fails on anything else. */
static const char register_geometries[] =
    "SELECT RecoverGeometryColumn('stations', 'geom', 4326, 'POINT', 'XY');"
    "SELECT RecoverGeometryColumn('townships', 'geom', 4326, 'MULTIPOLYGON',"
    "  'XY');"
    "SELECT RecoverGeometryColumn('districts', 'geom', 4326, 'MULTIPOLYGON',"
    "  'XY');"
    "SELECT CreateSpatialIndex('stations', 'geom');"
    "SELECT CreateSpatialIndex('townships', 'geom');"
    "SELECT CreateSpatialIndex('districts', 'geom');";
/* No UpdateLayerStatistics(): it rescans every geometry (0.75 s of a 2 s
 * build at 100k stations) for cached extents that readers such as GDAL
 * compute from the R*Tree anyway. */

static yj_code db_fail(yj_error *err, sqlite3 *sql, const char *what)
{
    return yj_fail(err, YJ_EDB, "%s: %s", what, sqlite3_errmsg(sql));
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

static yj_code schema_migrate(sqlite3 *sql, int from, yj_error *err)
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
            return db_fail(err, sql, "setting the schema version");
    }
    return YJ_OK;
}

/* "id, name, ..., notes" in field order: the one place the station column
 * list is spelled for SQL. */
static void station_columns(char *buf, size_t size)
{
    size_t used = 0;
    int f;

    buf[0] = '\0';
    for (f = 0; f < YJ_F_COUNT; f++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 f ? ", " : "", yj_field_name((yj_field)f));
}

/* ---- build ------------------------------------------------------------- */

static yj_code prepare(sqlite3_stmt **st, sqlite3 *sql, const char *text,
                       yj_error *err)
{
    if (sqlite3_prepare_v2(sql, text, -1, st, NULL) != SQLITE_OK)
        return db_fail(err, sql, "preparing a statement");
    return YJ_OK;
}

static yj_code step_done(sqlite3_stmt *st, sqlite3 *sql, const char *what,
                         yj_error *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return db_fail(err, sql, what);
    return YJ_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static yj_code insert_stations(sqlite3 *sql, const yj_dataset *ds,
                               yj_build_report *rep, yj_error *err)
{
    char cols[512], text[1024];
    sqlite3_stmt *st = NULL;
    size_t i;
    yj_code rc;

    station_columns(cols, sizeof cols);
    snprintf(text, sizeof text,
             "INSERT INTO stations (%s, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
             "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, CASE WHEN ?11 IS "
             "NULL THEN NULL ELSE MakePoint(?11, ?12, 4326) END)", cols);
    if ((rc = prepare(&st, sql, text, err)) != YJ_OK)
        return rc;
    for (i = 0; i < ds->n_stations && rc == YJ_OK; i++) {
        const yj_station *s = &ds->stations[i];
        int f;
        for (f = 0; f < YJ_F_COUNT; f++) {
            if (f == YJ_F_LON || f == YJ_F_LAT) {
                if (s->has_point)
                    sqlite3_bind_double(st, f + 1,
                                        f == YJ_F_LON ? s->lon : s->lat);
                continue;
            }
            bind_text(st, f + 1, s->text[f]);
        }
        rc = step_done(st, sql, "inserting a station", err);
        if (rc != YJ_OK) {
            char where[128];
            snprintf(where, sizeof where, "%s/%s:%zu", ds->dir,
                     YJ_STATIONS_FILE, ds->station_lines[i]);
            yj_error_prefix(err, where);
        }
        rep->stations++;
        rep->stations_located += s->has_point;
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

    rc = prepare(&check, sql,
                 "SELECT CastToMultiPolygon(GeomFromText(?1, 4326)) "
                 "IS NOT NULL", err);
    if (rc == YJ_OK)
        rc = prepare(&town, sql,
                     "INSERT INTO townships (name, short_name, kind, "
                     "district, lon, lat, coord_source, notes, "
                     "polygon_source, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                     "?7, ?8, ?9, CastToMultiPolygon(GeomFromText(?10, "
                     "4326)))", err);
    if (rc == YJ_OK)
        rc = prepare(&dist, sql,
                     "INSERT INTO districts (name, source, geom) VALUES (?1, "
                     "?2, CastToMultiPolygon(GeomFromText(?3, 4326)))", err);

    for (i = 0; rc == YJ_OK && i < ds->n_townships + ds->n_districts; i++) {
        bool is_town = i < ds->n_townships;
        const yj_township *t = is_town ? &ds->townships[i] : NULL;
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
            rc = step_done(town, sql, "inserting a township", err);
            rep->townships++;
            rep->township_polygons += wkt != NULL;
        } else {
            bind_text(dist, 1, d->name);
            bind_text(dist, 2, d->source);
            bind_text(dist, 3, wkt);
            rc = step_done(dist, sql, "inserting a district", err);
        }
    }
    sqlite3_finalize(check);
    sqlite3_finalize(town);
    sqlite3_finalize(dist);
    return rc;
}

static yj_code write_meta(sqlite3 *sql, const yj_dataset *ds, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    char built_at[32];
    time_t now = time(NULL);
    struct tm tm;
    yj_code rc;
    const char *const rows[][2] = {
        {"generator", "yijia " YIJIA_VERSION_STRING},
        {"built_at", built_at},
        {"data_dir", ds->dir},
        {"coordinate_system", "EPSG:4326 (WGS84 lon,lat)"},
    };
    size_t i;

    gmtime_r(&now, &tm);
    strftime(built_at, sizeof built_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if ((rc = prepare(&st, sql, "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                      err)) != YJ_OK)
        return rc;
    for (i = 0; i < sizeof rows / sizeof rows[0] && rc == YJ_OK; i++) {
        bind_text(st, 1, rows[i][0]);
        bind_text(st, 2, rows[i][1]);
        rc = step_done(st, sql, "writing meta", err);
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
        return db_fail(err, sql, "starting the build");
    /* Only the one SRID we store, not the 6,000-row EPSG table: the file
     * stays small.  InitSpatialMetadata(1, ...) runs its own transaction. */
    if ((rc = exec_checked(sql, "SELECT InitSpatialMetadata(1, 'NONE');"
                           "SELECT InsertEpsgSrid(4326)", err)) != YJ_OK)
        return rc;
    if (sqlite3_exec(sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(err, sql, "starting the build");
    if ((rc = schema_migrate(sql, 0, err)) != YJ_OK)
        return rc;
    if ((rc = insert_polygons(sql, ds, rep, err)) != YJ_OK)
        return rc;
    if ((rc = insert_stations(sql, ds, rep, err)) != YJ_OK)
        return rc;
    if ((rc = write_meta(sql, ds, err)) != YJ_OK)
        return rc;
    /* Register and index after loading: 3x faster than row by row. */
    if ((rc = exec_checked(sql, register_geometries, err)) != YJ_OK) {
        yj_error_prefix(err, "registering the geometries");
        return rc;
    }
    if (sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(err, sql, "committing the build");
    return YJ_OK;
}

static yj_code sync_file(const char *path, yj_error *err)
{
    int fd = open(path, O_RDONLY);
    int ok;

    if (fd < 0)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    ok = fsync(fd) == 0;
    close(fd);
    if (!ok)
        return yj_fail(err, YJ_EIO, "%s: fsync: %s", path, strerror(errno));
    return YJ_OK;
}

static mode_t file_mode(const char *path)
{
    struct stat st;
    mode_t mask;

    if (stat(path, &st) == 0)
        return st.st_mode & 0777;
    mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

yj_code yj_db_build(yj_build_report *report, const char *path,
                    const yj_dataset *ds, yj_error *err)
{
    yj_build_report rep = {0, 0, 0, 0};
    char *tmp = NULL;
    sqlite3 *sql = NULL;
    void *cache = NULL;
    yj_code rc = YJ_OK;
    size_t n = strlen(path) + 16;
    int fd;

    if ((tmp = malloc(n)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    snprintf(tmp, n, "%s.tmp-XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) {
        rc = yj_fail(err, YJ_EIO, "%s: cannot create a file beside it: %s",
                     path, strerror(errno));
        free(tmp);
        return rc;
    }
    /* mkstemp makes the file 0600: give it the mode a new file would get
     * (or the replaced file's), so an installed database stays readable. */
    fchmod(fd, file_mode(path));
    close(fd);

    spatialite_initialize();
    cache = spatialite_alloc_connection();
    if (sqlite3_open_v2(tmp, &sql, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = db_fail(err, sql, tmp);
        goto out;
    }
    spatialite_init_ex(sql, cache, 0);
    rc = build_into(sql, ds, &rep, err);
out:
    if (sql != NULL && sqlite3_close(sql) != SQLITE_OK && rc == YJ_OK)
        rc = yj_fail(err, YJ_EDB, "%s: closing failed", tmp);
    spatialite_cleanup_ex(cache);
    if (rc == YJ_OK)
        rc = sync_file(tmp, err);
    if (rc == YJ_OK && rename(tmp, path) != 0)
        rc = yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    if (rc != YJ_OK)
        unlink(tmp);
    free(tmp);
    if (rc == YJ_OK && report != NULL)
        *report = rep;
    return rc;
}

/* ---- read path --------------------------------------------------------- */

yj_code yj_db_open(yj_db **out, const char *path, yj_error *err)
{
    yj_db *db = NULL;
    sqlite3_stmt *st = NULL;
    int version = -1;
    yj_code rc = YJ_OK;

    *out = NULL;
    if (access(path, R_OK) != 0)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    if ((db = calloc(1, sizeof *db)) == NULL ||
        (db->path = malloc(strlen(path) + 1)) == NULL) {
        free(db);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    memcpy(db->path, path, strlen(path) + 1);
    if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READONLY, NULL)
        != SQLITE_OK) {
        rc = db_fail(err, db->sql, path);
        goto out;
    }
    if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL)
        != SQLITE_OK) {
        rc = yj_fail(err, YJ_ESCHEMA, "%s: not a database: %s", path,
                     sqlite3_errmsg(db->sql));
        goto out;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (version != YJ_SCHEMA_VERSION) {
        rc = yj_fail(err, YJ_ESCHEMA,
                     "%s: schema version %d, this yijia reads %d (rebuild it "
                     "with `yijia --db %s build`)", path, version,
                     YJ_SCHEMA_VERSION, path);
        goto out;
    }
    if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM stations LIMIT 0", -1, &st,
                           NULL) != SQLITE_OK)
        rc = yj_fail(err, YJ_ESCHEMA, "%s: not a yijia database (%s)", path,
                     sqlite3_errmsg(db->sql));
    sqlite3_finalize(st);
out:
    if (rc != YJ_OK) {
        yj_db_close(db);
        return rc;
    }
    *out = db;
    return YJ_OK;
}

void yj_db_close(yj_db *db)
{
    if (db == NULL)
        return;
    sqlite3_close(db->sql);
    free(db->path);
    free(db);
}

/* Fill *s from a row whose columns are the station fields in order. */
static yj_code row_to_station(yj_station *s, sqlite3_stmt *st, yj_error *err)
{
    char num[64];
    int f;

    memset(s, 0, sizeof *s);
    s->has_point = sqlite3_column_type(st, YJ_F_LON) != SQLITE_NULL &&
                   sqlite3_column_type(st, YJ_F_LAT) != SQLITE_NULL;
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

/* Resolve a township given by full or short name to its full name. */
static yj_code resolve_township(char *out, size_t size, yj_db *db,
                                const char *name, yj_error *err)
{
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    if (sqlite3_prepare_v2(db->sql,
                           "SELECT name FROM townships WHERE name = ?1 OR "
                           "(short_name <> '' AND short_name = ?1)",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail(err, db->sql, db->path);
    bind_text(st, 1, name);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (step == SQLITE_DONE)
        rc = yj_fail(err, YJ_ENOTFOUND, "unknown township '%s'", name);
    else
        rc = db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_db_list(yj_db *db, const yj_filter *filter, yj_station_fn fn,
                   void *payload, yj_error *err)
{
    char cols[512], text[1024], township[256];
    sqlite3_stmt *st = NULL;
    yj_station s;
    yj_code rc = YJ_OK;
    int step;

    if (filter != NULL && filter->category != NULL &&
        filter->category[0] != '\0' &&
        yj_term_label(yj_categories(), filter->category) == NULL)
        return yj_fail(err, YJ_ENOTFOUND, "unknown category '%s'",
                       filter->category);
    if (filter != NULL && filter->township != NULL &&
        filter->township[0] != '\0' &&
        (rc = resolve_township(township, sizeof township, db,
                               filter->township, err)) != YJ_OK)
        return rc;
    station_columns(cols, sizeof cols);
    snprintf(text, sizeof text,
             "SELECT %s FROM stations WHERE (?1 IS NULL OR township = ?1) "
             "AND (?2 IS NULL OR category = ?2) "
             "ORDER BY township = '', township, id", cols);
    if (sqlite3_prepare_v2(db->sql, text, -1, &st, NULL) != SQLITE_OK)
        return db_fail(err, db->sql, db->path);
    if (filter != NULL && filter->township != NULL &&
        filter->township[0] != '\0')
        bind_text(st, 1, township);
    if (filter != NULL && filter->category != NULL &&
        filter->category[0] != '\0')
        bind_text(st, 2, filter->category);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int stop;
        if ((rc = row_to_station(&s, st, err)) != YJ_OK)
            break;
        stop = fn(payload, &s);
        yj_station_clear(&s);
        if (stop)
            break;
    }
    if (rc == YJ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_db_get(yj_station *out, yj_db *db, const char *id, yj_error *err)
{
    char cols[512], text[640];
    sqlite3_stmt *st = NULL;
    yj_code rc = YJ_OK;
    int step;

    memset(out, 0, sizeof *out);
    station_columns(cols, sizeof cols);
    snprintf(text, sizeof text, "SELECT %s FROM stations WHERE id = ?1", cols);
    if (sqlite3_prepare_v2(db->sql, text, -1, &st, NULL) != SQLITE_OK)
        return db_fail(err, db->sql, db->path);
    bind_text(st, 1, id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = row_to_station(out, st, err);
    else if (step == SQLITE_DONE)
        rc = yj_fail(err, YJ_ENOTFOUND, "no station with id '%s'", id);
    else
        rc = db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
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
                           "= t.name), t.lon IS NOT NULL, t.geom IS NOT NULL "
                           "FROM townships t ORDER BY t.name",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail(err, db->sql, db->path);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_township_info t;
        t.name = (const char *)sqlite3_column_text(st, 0);
        t.short_name = (const char *)sqlite3_column_text(st, 1);
        t.kind = (const char *)sqlite3_column_text(st, 2);
        t.district = (const char *)sqlite3_column_text(st, 3);
        t.stations = (size_t)sqlite3_column_int64(st, 4);
        t.has_point = sqlite3_column_int(st, 5) != 0;
        t.has_polygon = sqlite3_column_int(st, 6) != 0;
        if (fn(payload, &t))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = db_fail(err, db->sql, db->path);
    sqlite3_finalize(st);
    return rc;
}

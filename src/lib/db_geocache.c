/* db_geocache.c — what `yijia geocode` keeps in the database an editor
 * changes: the cache (a provider's answer to a normalised query, so a
 * re-run works offline; no history) and the results held for review
 * (geocode_candidates, by station, provider and query).  Both tables came
 * with schema 5; an older file has no candidates to list.  The functions
 * run inside the caller's change (yj_editor_begin) when they write. */
#include "db_geocache.h"

#include "db_sqlite.h"
#include "error.h"
#include "i18n.h"

#include <sqlite3.h>

#include <stdio.h>
#include <string.h>

static void copy_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);

    snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* A geocoder result's point, precision, level and label: bound as ?first
 * .. ?first+4, and read from columns col .. col+4 (the cache and the
 * candidates store them alike). */
static void bind_result(sqlite3_stmt *st, int first, const yj_geo_result *r)
{
    if (r->found) {
        sqlite3_bind_double(st, first, r->lon);
        sqlite3_bind_double(st, first + 1, r->lat);
    }
    sqlite3_bind_text(st, first + 2, r->precision, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, first + 3, r->level, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, first + 4, r->label, -1, SQLITE_STATIC);
}

static void read_result(yj_geo_result *out, sqlite3_stmt *st, int col)
{
    out->found = sqlite3_column_type(st, col) != SQLITE_NULL;
    out->lon = sqlite3_column_double(st, col);
    out->lat = sqlite3_column_double(st, col + 1);
    copy_text(out->precision, sizeof out->precision, st, col + 2);
    copy_text(out->level, sizeof out->level, st, col + 3);
    copy_text(out->label, sizeof out->label, st, col + 4);
}

yj_code yj_editor_cache_get(yj_geo_result *out, bool *hit, yj_editor *ed,
                            const char *provider, const char *query,
                            yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    memset(out, 0, sizeof *out);
    *hit = false;
    if ((rc = yj_db_prepare(&st, sql,
                            "SELECT lon, lat, precision, level, label FROM "
                            "geocode_cache WHERE provider = ?1 AND query = "
                            "?2", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, query, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *hit = true;
        read_result(out, st, 0);
    } else if (step != SQLITE_DONE) {
        rc = yj_db_fail(err, sql, N_("reading the geocode cache"));
    }
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_cache_put(yj_editor *ed, const char *provider,
                            const char *query, const char *response,
                            const yj_geo_result *r, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    char at[40];
    yj_code rc;

    yj_editor_now_text(at, sizeof at);
    if ((rc = yj_db_prepare(&st, sql,
                            "INSERT OR REPLACE INTO geocode_cache (provider, "
                            "query, response, lon, lat, precision, level, "
                            "label, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                            "?6, ?7, ?8, ?9)", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, query, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, response, -1, SQLITE_STATIC);
    bind_result(st, 4, r);
    sqlite3_bind_text(st, 9, at, -1, SQLITE_STATIC);
    rc = yj_db_step_done(st, sql, "writing the geocode cache", err);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_candidate_put(yj_editor *ed, const char *station_id,
                                const char *provider, const char *query,
                                const yj_geo_result *r, const char *reason,
                                yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    char at[40];
    yj_code rc;

    yj_editor_now_text(at, sizeof at);
    if ((rc = yj_db_prepare(&st, sql,
                            "INSERT OR REPLACE INTO geocode_candidates "
                            "(station_id, provider, query, lon, lat, "
                            "precision, level, label, reason, found_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                            "?10)", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, station_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, query, -1, SQLITE_STATIC);
    bind_result(st, 4, r);
    sqlite3_bind_text(st, 9, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, at, -1, SQLITE_STATIC);
    rc = yj_db_step_done(st, sql, "recording a candidate", err);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_candidates_clear(yj_editor *ed, const char *station_id,
                                   yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;

    if ((rc = yj_db_prepare(&st, sql,
                            "DELETE FROM geocode_candidates WHERE station_id "
                            "= ?1", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, station_id, -1, SQLITE_STATIC);
    rc = yj_db_step_done(st, sql, "clearing candidates", err);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_candidates(yj_editor *ed, yj_geo_candidate_fn fn,
                             void *payload, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    if (yj_editor_schema_version(ed) < 5)
        return YJ_OK;
    if ((rc = yj_db_prepare(&st, sql,
                            "SELECT station_id, provider, query, lon, lat, "
                            "precision, level, label, reason, found_at FROM "
                            "geocode_candidates ORDER BY station_id, "
                            "provider", err)) != YJ_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_geo_candidate c;
        memset(&c, 0, sizeof c);
        c.station_id = (const char *)sqlite3_column_text(st, 0);
        c.provider = (const char *)sqlite3_column_text(st, 1);
        c.query = (const char *)sqlite3_column_text(st, 2);
        read_result(&c.result, st, 3);
        c.reason = (const char *)sqlite3_column_text(st, 8);
        c.found_at = (const char *)sqlite3_column_text(st, 9);
        if (fn(payload, &c) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, sql, N_("reading the candidates"));
    sqlite3_finalize(st);
    return rc;
}

/* db_survey.c — the SQL of a check on site (db_survey.h): the table
 * survey_submissions (schema 6), the last change of a station, and the
 * township and district outlines read through the editor's connection
 * (the read side, areas.c, needs a yj_db; a check holds only an editor). */
#include "db_survey.h"

#include "db_sqlite.h"
#include "error.h"
#include "i18n.h"
#include "shape.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

yj_code yj_editor_submission(long long *change_id, bool *found,
                             char *station, size_t station_size,
                             yj_editor *ed, const char *id, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    *change_id = 0;
    *found = false;
    if (station_size > 0)
        station[0] = '\0';
    if ((rc = yj_db_prepare(&st, sql,
                            "SELECT change_id, station_id FROM "
                            "survey_submissions WHERE submission_id = ?1",
                            err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const unsigned char *sid = sqlite3_column_text(st, 1);
        *found = true;
        *change_id = sqlite3_column_int64(st, 0);
        if (station_size > 0)
            snprintf(station, station_size, "%s",
                     sid != NULL ? (const char *)sid : "");
    } else if (step != SQLITE_DONE) {
        rc = yj_db_fail(err, sql, N_("reading the submissions"));
    }
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_submission_add(yj_editor *ed, const char *id,
                                 const char *staff, const char *station_id,
                                 long long change_id, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    char now[40];
    yj_code rc;

    yj_editor_now_text(now, sizeof now);
    if ((rc = yj_db_prepare(&st, sql,
                            "INSERT INTO survey_submissions (submission_id, "
                            "staff, station_id, change_id, received_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5)", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, staff, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, station_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, change_id);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    rc = yj_db_step_done(st, sql, "recording the submission", err);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_last_change(long long *change_id, yj_editor *ed,
                              const char *station_id, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    *change_id = 0;
    if ((rc = yj_db_prepare(&st, sql,
                            "SELECT ifnull(max(change_id), 0) FROM "
                            "change_fields WHERE station_id = ?1", err)) !=
        YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, station_id, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *change_id = sqlite3_column_int64(st, 0);
    else
        rc = yj_db_fail(err, sql, N_("reading the history"));
    sqlite3_finalize(st);
    return rc;
}

void yj_shapes_free(yj_shape *shapes, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        yj_shape_clear(&shapes[i]);
    free(shapes);
}

yj_code yj_editor_outlines(yj_shape **shapes, size_t *n, yj_editor *ed,
                           const char *name, bool district, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_shape *list = NULL, *grown;
    size_t count = 0;
    yj_code rc;
    int step;

    *shapes = NULL;
    *n = 0;
    if ((rc = yj_db_prepare(&st, sql, district
                            ? "SELECT name, geom FROM districts WHERE (?1 "
                              "IS NULL OR name = ?1) AND geom IS NOT NULL"
                            : "SELECT name, geom FROM townships WHERE name = "
                              "?1 AND geom IS NOT NULL", err)) != YJ_OK)
        return rc;
    if (name != NULL && name[0] != '\0')
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 1);
        if ((grown = realloc(list, (count + 1) * sizeof *grown)) == NULL) {
            rc = yj_fail(err, YJ_ENOMEM, "out of memory");
            break;
        }
        list = grown;
        memset(&list[count], 0, sizeof list[count]);
        if ((rc = yj_shape_from_blob(&list[count], blob,
                                     (size_t)sqlite3_column_bytes(st, 1),
                                     err)) != YJ_OK) {
            yj_error_prefix(err, (const char *)sqlite3_column_text(st, 0));
            break;
        }
        count++;
    }
    if (rc == YJ_OK && step != SQLITE_DONE)
        rc = yj_db_fail(err, sql, N_("reading the outlines"));
    sqlite3_finalize(st);
    if (rc != YJ_OK) {
        yj_shapes_free(list, count);
        return rc;
    }
    *shapes = list;
    *n = count;
    return YJ_OK;
}

yj_code yj_editor_district_names(char *buf, size_t size, yj_editor *ed,
                                 yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    size_t used = 0;
    yj_code rc;
    int step;

    buf[0] = '\0';
    if ((rc = yj_db_prepare(&st, sql, "SELECT name FROM districts WHERE "
                            "geom IS NOT NULL ORDER BY name", err)) != YJ_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && used < size)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 used ? "、" : "",
                                 (const char *)sqlite3_column_text(st, 0));
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, sql, "reading the districts");
    sqlite3_finalize(st);
    return rc;
}

/* db_staff.c — the staff credentials' rows in the database an editor
 * changes (table `staff`: handle, name, secret_sha256, created_at,
 * revoked_at NULL while active; one active row a name, which a unique
 * partial index keeps).  Writes run inside the caller's change; they add
 * no history rows (the history is of stations), so the change commits as
 * change 0 but is still one transaction. */
#include "db_staff.h"

#include "db_sqlite.h"
#include "error.h"
#include "i18n.h"

#include <sqlite3.h>

#include <string.h>

static yj_code need_change(sqlite3 *sql, yj_error *err)
{
    if (sqlite3_get_autocommit(sql))
        return yj_fail(err, YJ_EINVAL, "no change is open");
    return YJ_OK;
}

yj_code yj_editor_staff_insert(yj_editor *ed, bool *handle_taken,
                               const char *handle, const char *name,
                               const char *secret_sha256,
                               const char *created_at, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    *handle_taken = false;
    if ((rc = need_change(sql, err)) != YJ_OK)
        return rc;
    if ((rc = yj_db_prepare(&st, sql,
                            "SELECT name = ?1 FROM staff WHERE (name = ?1 "
                            "AND revoked_at IS NULL) OR handle = ?2 ORDER BY "
                            "1 DESC LIMIT 1", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, handle, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_int(st, 0) == 1) {
        rc = yj_fail(err, YJ_ECONFLICT, "staff '%s' has an active "
                     "credential already (revoke it first)", name);
    } else if (step == SQLITE_ROW) {
        *handle_taken = true;
        rc = yj_fail(err, YJ_ECONFLICT, "staff handle taken");
    } else if (step != SQLITE_DONE) {
        rc = yj_db_fail(err, sql, N_("reading the staff"));
    }
    sqlite3_finalize(st);
    if (rc != YJ_OK)
        return rc;
    if ((rc = yj_db_prepare(&st, sql,
                            "INSERT INTO staff (handle, name, secret_sha256, "
                            "created_at) VALUES (?1, ?2, ?3, ?4)", err)) !=
        YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, secret_sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, created_at, -1, SQLITE_STATIC);
    rc = yj_db_step_done(st, sql, "adding a staff credential", err);
    sqlite3_finalize(st);
    return rc;
}

yj_code yj_editor_staff_revoke(yj_editor *ed, const char *name,
                               const char *revoked_at, yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;

    if ((rc = need_change(sql, err)) != YJ_OK)
        return rc;
    if ((rc = yj_db_prepare(&st, sql,
                            "UPDATE staff SET revoked_at = ?2 WHERE name = "
                            "?1 AND revoked_at IS NULL", err)) != YJ_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, revoked_at, -1, SQLITE_STATIC);
    rc = yj_db_step_done(st, sql, "revoking a staff credential", err);
    sqlite3_finalize(st);
    if (rc == YJ_OK && sqlite3_changes(sql) == 0)
        rc = yj_fail(err, YJ_ENOTFOUND, "staff '%s' has no active "
                     "credential", name);
    return rc;
}

yj_code yj_editor_staff_each(yj_editor *ed, yj_staff_fn fn, void *payload,
                             yj_error *err)
{
    sqlite3 *sql = yj_editor_sql(ed);
    sqlite3_stmt *st = NULL;
    yj_code rc;
    int step;

    if (yj_editor_schema_version(ed) < 6)
        return YJ_OK;
    if ((rc = yj_db_prepare(&st, sql,
                            "SELECT name, handle, created_at, "
                            "ifnull(revoked_at, '') FROM staff ORDER BY "
                            "name, created_at, rowid", err)) != YJ_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        yj_staff_info s;
        s.name = (const char *)sqlite3_column_text(st, 0);
        s.handle = (const char *)sqlite3_column_text(st, 1);
        s.created_at = (const char *)sqlite3_column_text(st, 2);
        s.revoked_at = (const char *)sqlite3_column_text(st, 3);
        if (fn(payload, &s) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = yj_db_fail(err, sql, N_("reading the staff"));
    sqlite3_finalize(st);
    return rc;
}

/* db_staff.h — private: the staff credentials' rows (table `staff`, schema
 * 6) for staff.c, which makes and checks the tokens.  The writes and the
 * listing go through an editor's connection (db_staff.c); the look-up a
 * server makes goes through a read-only handle (db_query.c, which owns
 * the handle's connection).  Nothing here sees a secret: only its hash. */
#ifndef YJ_DB_STAFF_H
#define YJ_DB_STAFF_H

#include "yijia.h"

/* Insert a credential row inside the editor's open change.  YJ_ECONFLICT
 * when `name` has an active credential; *handle_taken (and YJ_ECONFLICT)
 * when another row has `handle` (the caller draws another); YJ_EINVAL when
 * no change is open; YJ_EDB. */
yj_code yj_editor_staff_insert(yj_editor *ed, bool *handle_taken,
                               const char *handle, const char *name,
                               const char *secret_sha256,
                               const char *created_at, yj_error *err);

/* Mark the active credential of `name` revoked at `revoked_at`, inside the
 * open change.  YJ_ENOTFOUND when it has none; YJ_EINVAL, YJ_EDB. */
yj_code yj_editor_staff_revoke(yj_editor *ed, const char *name,
                               const char *revoked_at, yj_error *err);

/* Every row by name, created_at, insertion (nothing before schema 6). */
yj_code yj_editor_staff_each(yj_editor *ed, yj_staff_fn fn, void *payload,
                             yj_error *err);

/* In db_query.c: the active credential with `handle` on a read-only
 * handle: its holder into name[size] (cut between characters) and the
 * stored hex SHA-256 into sha256_hex[65].  YJ_ENOTFOUND when there is no
 * such active row (unknown or revoked); YJ_EDB. */
yj_code yj_db_staff_find(char *name, size_t size, char sha256_hex[65],
                         yj_db *db, const char *handle, yj_error *err);

#endif

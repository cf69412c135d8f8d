/* check_edit.c — changing a built database through yj_editor_* (db_edit.c):
 * add, edit, remove (closed_on) and purge, each one change with history
 * entries naming who, the command, and each field's old and new value;
 * undo putting the old values back as a change of its own, refusing what
 * it cannot undo; a change seen by readers whole or not at all; a second
 * editor refused as busy after its short wait, and let in after the
 * commit; a trial (dry run) leaving the file byte for byte as it was;
 * nothing written by a rolled-back change or a refused station.  The
 * geocoding cache is not tested here (it is moving to a module of its
 * own). */
#include "db_edit.h"
#include "test_util.h"
#include "yijia.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[256];
static char db_path[512];

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(db_path, sizeof db_path, "%s/s.sqlite", dir);
    tu_build(tu_data_dir(), db_path);
}

static void teardown(void)
{
    tu_rmdir(dir);
}

static yj_editor *open_editor(int wait_ms, bool trial)
{
    yj_editor *ed = NULL;
    yj_error err;

    ck_assert_msg(yj_editor_open(&ed, db_path, wait_ms, trial, &err) ==
                      YJ_OK, "%s", err.message);
    ck_assert_ptr_nonnull(ed);
    return ed;
}

static void begin(yj_editor *ed, const char *user, const char *command)
{
    yj_error err;

    ck_assert_msg(yj_editor_begin(ed, user, command, &err) == YJ_OK, "%s",
                  err.message);
}

static long long commit(yj_editor *ed)
{
    long long id = -1;
    yj_error err;

    ck_assert_msg(yj_editor_commit(&id, ed, &err) == YJ_OK, "%s",
                  err.message);
    return id;
}

/* Whether a reader (yj_db, another connection) has station `id` in
 * service; with `field`, its value there must be `want`. */
static bool reader_has(const char *id, const char *field,
                       const char *want)
{
    yj_db *db = NULL;
    yj_station s;
    yj_error err;
    bool found;
    yj_field f;

    ck_assert_msg(yj_db_open(&db, db_path, &err) == YJ_OK, "%s",
                  err.message);
    found = yj_db_get(&s, db, id, &err) == YJ_OK;
    if (found && field != NULL) {
        ck_assert(yj_field_from_name(&f, field));
        ck_assert_str_eq(s.text[f], want);
    }
    if (found) {
        found = yj_station_in_service(&s);
        yj_station_clear(&s);
    }
    yj_db_close(db);
    return found;
}

/* Stations a reader lists (in service). */
static int count_one(void *payload, const yj_station *s)
{
    (void)s;
    ++*(size_t *)payload;
    return 0;
}

static size_t reader_count(void)
{
    yj_db *db = NULL;
    yj_error err;
    size_t n = 0;

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    ck_assert_int_eq(yj_db_list(db, NULL, count_one, &n, &err), YJ_OK);
    yj_db_close(db);
    return n;
}

/* ---- the history ---------------------------------------------------------- */

typedef struct entry {
    long long change_id, undone_by;
    bool is_undo;
    char user[32], command[64], station[16], action[16], field[24];
    char old_value[128], new_value[128];
    bool old_null, new_null;
    char at[40];
} entry;

typedef struct entries {
    entry e[128];
    size_t n;
} entries;

static int keep_entry(void *payload, const yj_history_entry *h)
{
    entries *es = payload;
    entry *e;

    ck_assert_uint_lt(es->n, 128);
    e = &es->e[es->n++];
    e->change_id = h->change_id;
    e->undone_by = h->undone_by;
    e->is_undo = h->is_undo;
    snprintf(e->user, sizeof e->user, "%s", h->user);
    snprintf(e->command, sizeof e->command, "%s", h->command);
    snprintf(e->station, sizeof e->station, "%s", h->station_id);
    snprintf(e->action, sizeof e->action, "%s", h->action);
    snprintf(e->field, sizeof e->field, "%s", h->field);
    snprintf(e->old_value, sizeof e->old_value, "%s",
             h->old_value ? h->old_value : "");
    snprintf(e->new_value, sizeof e->new_value, "%s",
             h->new_value ? h->new_value : "");
    e->old_null = h->old_value == NULL;
    e->new_null = h->new_value == NULL;
    snprintf(e->at, sizeof e->at, "%s", h->at);
    return 0;
}

static void history(entries *es, yj_editor *ed, const char *station)
{
    yj_error err;

    memset(es, 0, sizeof *es);
    ck_assert_msg(yj_editor_history(ed, station, keep_entry, es, &err) ==
                      YJ_OK, "%s", err.message);
}

/* The entry of change `id` on `field` of `station`, or NULL. */
static const entry *entry_of(const entries *es, long long id,
                             const char *station, const char *field)
{
    size_t i;

    for (i = 0; i < es->n; i++)
        if (es->e[i].change_id == id &&
            strcmp(es->e[i].station, station) == 0 &&
            strcmp(es->e[i].field, field) == 0)
            return &es->e[i];
    return NULL;
}

/* A copy of XS001 as a new station `id` named `name`. */
static void new_station(yj_editor *ed, yj_station *s, const char *id,
                        const char *name)
{
    yj_error err;

    ck_assert_int_eq(yj_editor_get(s, ed, "XS001", &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(s, YJ_F_ID, id, &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(s, YJ_F_NAME, name, &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(s, YJ_F_ADDRESS, "测试地址1号", &err),
                     YJ_OK);
}

/* ---- the cases ------------------------------------------------------------ */

START_TEST(test_add_edit_remove_are_changes_with_history)
{
    yj_editor *ed = open_editor(1000, false);
    yj_station s;
    yj_error err;
    entries es;
    const entry *e;
    bool changed = false;
    long long add_id, edit_id, remove_id;
    char next[32];

    ck_assert_int_eq(yj_editor_next_id(next, sizeof next, ed, &err), YJ_OK);
    ck_assert_str_eq(next, "XS045");
    /* add */
    begin(ed, "alice", "yijia add");
    new_station(ed, &s, next, "测试新驿站");
    ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_OK);
    ck_assert(changed);
    yj_station_clear(&s);
    add_id = commit(ed);
    ck_assert_int_gt(add_id, 0);
    ck_assert(reader_has("XS045", "name", "测试新驿站"));
    ck_assert_uint_eq(reader_count(), 45);
    ck_assert_int_eq(yj_editor_next_id(next, sizeof next, ed, &err), YJ_OK);
    ck_assert_str_eq(next, "XS046");

    /* edit */
    begin(ed, "bob", "yijia edit XS003 --set phone=0571-82345678");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS003", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_PHONE], "");
    ck_assert_int_eq(yj_station_set(&s, YJ_F_PHONE, "0571-82345678", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_OK);
    ck_assert(changed);
    /* the same again changes nothing */
    ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_OK);
    ck_assert(!changed);
    yj_station_clear(&s);
    edit_id = commit(ed);
    ck_assert_int_gt(edit_id, add_id);
    ck_assert(reader_has("XS003", "phone", "0571-82345678"));

    /* remove: closed_on set, no longer listed */
    begin(ed, "carol", "yijia remove XS002");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS002", &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_CLOSED_ON, "2026-11-28", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    remove_id = commit(ed);
    ck_assert(!reader_has("XS002", NULL, NULL));
    ck_assert_uint_eq(reader_count(), 44);
    /* the editor still has it, closed */
    ck_assert_int_eq(yj_editor_get(&s, ed, "xs002", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_CLOSED_ON], "2026-11-28");
    yj_station_clear(&s);

    /* the history: who, what command, each field old -> new */
    history(&es, ed, NULL);
    e = entry_of(&es, add_id, "XS045", "name");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->user, "alice");
    ck_assert_str_eq(e->command, "yijia add");
    ck_assert_str_eq(e->action, "add");
    ck_assert(e->old_null); /* the station did not exist */
    ck_assert_str_eq(e->new_value, "测试新驿站");
    ck_assert_ptr_nonnull(entry_of(&es, add_id, "XS045", "lon"));
    /* an add records only the fields it set */
    ck_assert_ptr_null(entry_of(&es, add_id, "XS045", "phone"));
    e = entry_of(&es, edit_id, "XS003", "phone");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->user, "bob");
    ck_assert_str_eq(e->command, "yijia edit XS003 --set phone=0571-82345678");
    ck_assert_str_eq(e->action, "edit");
    ck_assert(!e->old_null);
    ck_assert_str_eq(e->old_value, "");
    ck_assert_str_eq(e->new_value, "0571-82345678");
    ck_assert(!e->is_undo);
    ck_assert_int_eq(e->undone_by, 0);
    /* "2026-11-28T09:30:00+08:00" */
    ck_assert_uint_eq(strlen(e->at), 25);
    ck_assert_int_eq(e->at[10], 'T');
    ck_assert_str_eq(e->at + 19, "+08:00");
    /* the edit changed one field only */
    history(&es, ed, "XS003");
    ck_assert_uint_eq(es.n, 1);
    history(&es, ed, "XS002");
    ck_assert_uint_eq(es.n, 1);
    ck_assert_str_eq(es.e[0].action, "remove");
    ck_assert_str_eq(es.e[0].field, "closed_on");
    ck_assert_str_eq(es.e[0].user, "carol");
    ck_assert_str_eq(es.e[0].old_value, "");
    ck_assert_str_eq(es.e[0].new_value, "2026-11-28");
    ck_assert_int_eq(es.e[0].change_id, remove_id);
    yj_editor_close(ed);
}
END_TEST

/* A coordinate change is recorded as numbers, both ways. */
START_TEST(test_moving_a_station_records_old_and_new_coordinates)
{
    yj_editor *ed = open_editor(1000, false);
    yj_field_values v;
    yj_station s;
    yj_error err;
    entries es;
    const entry *e;
    long long id;

    begin(ed, "dave", "yijia edit XS029");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS029", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_LON], "120.538191");
    memset(&v, 0, sizeof v);
    v.value[YJ_F_LON] = "120.5";
    v.value[YJ_F_LAT] = "30.25";
    v.value[YJ_F_COORD_PRECISION] = "door";
    ck_assert_msg(yj_import_apply(&s, ed, &v, YJ_CRS_WGS84, "test", &err) ==
                      YJ_OK, "%s", err.message);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    id = commit(ed);
    history(&es, ed, "XS029");
    e = entry_of(&es, id, "XS029", "lon");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->old_value, "120.538191");
    ck_assert_str_eq(e->new_value, "120.5");
    e = entry_of(&es, id, "XS029", "lat");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->new_value, "30.25");
    ck_assert_ptr_nonnull(entry_of(&es, id, "XS029", "coord_precision"));
    ck_assert(reader_has("XS029", "lon", "120.5"));
    /* and undone, the point is back exactly */
    begin(ed, "dave", "yijia undo");
    ck_assert_int_eq(yj_editor_undo(ed, id, &err), YJ_OK);
    commit(ed);
    ck_assert(reader_has("XS029", "lon", "120.538191"));
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS029", &err), YJ_OK);
    ck_assert(s.has_point);
    ck_assert_double_eq(s.lon, 120.538191);
    yj_station_clear(&s);
    yj_editor_close(ed);
}
END_TEST

/* Amenities changed by staff are theirs: amenities_source "staff", in
 * the history, and undo brings the programme's label back; a change
 * naming its own source, or a check on site, keeps that one. */
START_TEST(test_staff_amenities_change_their_source)
{
    yj_editor *ed = open_editor(1000, false);
    yj_field_values v;
    yj_station s;
    yj_error err;
    entries es;
    const entry *e;
    long long id;

    ck_assert(reader_has("XS001", "amenities_source", "programme"));
    begin(ed, "erin", "yijia edit XS001");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS001", &err), YJ_OK);
    memset(&v, 0, sizeof v);
    v.value[YJ_F_AMENITIES] = "饮水、卫生间";
    ck_assert_msg(yj_import_apply(&s, ed, &v, YJ_CRS_WGS84, "test", &err) ==
                      YJ_OK, "%s", err.message);
    ck_assert_str_eq(s.text[YJ_F_AMENITIES], "drinking_water;toilet");
    ck_assert_str_eq(s.text[YJ_F_AMENITIES_SOURCE], "staff");
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    id = commit(ed);
    ck_assert(reader_has("XS001", "amenities_source", "staff"));
    history(&es, ed, "XS001");
    e = entry_of(&es, id, "XS001", "amenities_source");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->old_value, "programme");
    ck_assert_str_eq(e->new_value, "staff");
    begin(ed, "erin", "yijia undo");
    ck_assert_int_eq(yj_editor_undo(ed, id, &err), YJ_OK);
    commit(ed);
    ck_assert(reader_has("XS001", "amenities_source", "programme"));

    /* the same list again changes nothing; a source given with the
     * change (报道) or a check on site (survey) is kept */
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS001", &err), YJ_OK);
    memset(&v, 0, sizeof v);
    v.value[YJ_F_AMENITIES] = s.text[YJ_F_AMENITIES];
    v.value[YJ_F_AMENITIES_SOURCE] = "项目标准";
    ck_assert_int_eq(yj_import_apply(&s, NULL, &v, YJ_CRS_WGS84, "t", &err),
                     YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_AMENITIES_SOURCE], "programme");
    v.value[YJ_F_AMENITIES] = "rest";
    ck_assert_int_eq(yj_import_apply(&s, NULL, &v, YJ_CRS_WGS84, "t", &err),
                     YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_AMENITIES_SOURCE], "staff");
    v.value[YJ_F_AMENITIES] = "toilet";
    v.value[YJ_F_AMENITIES_SOURCE] = "报道";
    ck_assert_int_eq(yj_import_apply(&s, NULL, &v, YJ_CRS_WGS84, "t", &err),
                     YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_AMENITIES_SOURCE], "report");
    v.value[YJ_F_AMENITIES] = "wifi";
    v.value[YJ_F_AMENITIES_SOURCE] = "survey";
    ck_assert_int_eq(yj_import_apply(&s, NULL, &v, YJ_CRS_WGS84, "t", &err),
                     YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_AMENITIES_SOURCE], "survey");
    /* a check on site vouches for its own amenities, not for later ones */
    v.value[YJ_F_AMENITIES] = "wifi;toilet";
    v.value[YJ_F_AMENITIES_SOURCE] = NULL;
    ck_assert_int_eq(yj_import_apply(&s, NULL, &v, YJ_CRS_WGS84, "t", &err),
                     YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_AMENITIES_SOURCE], "staff");
    yj_station_clear(&s);
    yj_editor_close(ed);
}
END_TEST

START_TEST(test_undo_restores_and_is_recorded)
{
    yj_editor *ed = open_editor(1000, false);
    yj_station s;
    yj_error err;
    entries es;
    long long add_id, edit_id, remove_id, undo_id, *ids = NULL;
    size_t n = 0;
    char notes[512];

    begin(ed, "alice", "add");
    new_station(ed, &s, "XS045", "测试新驿站");
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    add_id = commit(ed);
    begin(ed, "alice", "edit");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS010", &err), YJ_OK);
    snprintf(notes, sizeof notes, "%s", s.text[YJ_F_NOTES]);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_NOTES, "改过的备注", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    edit_id = commit(ed);
    begin(ed, "alice", "remove");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS011", &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_CLOSED_ON, "2026-11-28", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    remove_id = commit(ed);
    ck_assert_uint_eq(reader_count(), 44);

    /* what undo would take back: the last change */
    ck_assert_int_eq(yj_editor_undo_list(&ids, &n, ed, NULL, &err), YJ_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(ids[0], remove_id);
    free(ids);

    /* undo the remove: listed again */
    begin(ed, "erin", "yijia undo");
    ck_assert_int_eq(yj_editor_undo(ed, remove_id, &err), YJ_OK);
    undo_id = commit(ed);
    ck_assert_int_gt(undo_id, remove_id);
    ck_assert(reader_has("XS011", "closed_on", ""));
    ck_assert_uint_eq(reader_count(), 45);
    history(&es, ed, "XS011");
    ck_assert_uint_eq(es.n, 2);
    ck_assert_int_eq(es.e[0].undone_by, undo_id);
    ck_assert(es.e[1].is_undo);
    ck_assert_str_eq(es.e[1].user, "erin");
    ck_assert_str_eq(es.e[1].old_value, "2026-11-28");
    ck_assert_str_eq(es.e[1].new_value, "");
    /* undo entries do not count for the next undo: the edit is next */
    ck_assert_int_eq(yj_editor_undo_list(&ids, &n, ed, NULL, &err), YJ_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(ids[0], edit_id);
    free(ids);

    /* undone twice: refused, and nothing written */
    begin(ed, "erin", "yijia undo");
    ck_assert_int_eq(yj_editor_undo(ed, remove_id, &err), YJ_ECONFLICT);
    ck_assert_ptr_nonnull(strstr(err.message, "already undone"));
    yj_editor_rollback(ed);
    /* no such change */
    begin(ed, "erin", "yijia undo");
    ck_assert_int_eq(yj_editor_undo(ed, 9999, &err), YJ_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "#9999"));
    yj_editor_rollback(ed);

    /* undo the edit and the add */
    begin(ed, "erin", "yijia undo");
    ck_assert_int_eq(yj_editor_undo(ed, edit_id, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_undo(ed, add_id, &err), YJ_OK);
    commit(ed);
    ck_assert(reader_has("XS010", "notes", notes));
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS045", &err), YJ_ENOTFOUND);
    ck_assert_uint_eq(reader_count(), 44);
    /* the add's history is kept, marked undone */
    history(&es, ed, "XS045");
    ck_assert_uint_gt(es.n, 0);
    ck_assert_int_gt(es.e[0].undone_by, 0);
    yj_editor_close(ed);
}
END_TEST

/* Undo refuses to take back what a later change touched. */
START_TEST(test_undo_refuses_when_a_later_change_touched_it)
{
    yj_editor *ed = open_editor(1000, false);
    yj_station s;
    yj_error err;
    long long first, second;

    begin(ed, "a", "edit");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS005", &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_PHONE, "0571-11111111", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    first = commit(ed);
    begin(ed, "b", "edit");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS005", &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_PHONE, "0571-22222222", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
    yj_station_clear(&s);
    second = commit(ed);
    begin(ed, "c", "undo");
    ck_assert_int_eq(yj_editor_undo(ed, first, &err), YJ_ECONFLICT);
    ck_assert_msg(strstr(err.message, "XS005 phone has changed since") !=
                      NULL, "%s", err.message);
    yj_editor_rollback(ed);
    ck_assert(reader_has("XS005", "phone", "0571-22222222"));
    /* in order, both go */
    begin(ed, "c", "undo");
    ck_assert_int_eq(yj_editor_undo(ed, second, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_undo(ed, first, &err), YJ_OK);
    commit(ed);
    ck_assert(reader_has("XS005", "phone", ""));
    yj_editor_close(ed);
}
END_TEST

START_TEST(test_purge_deletes_and_undo_brings_it_back)
{
    yj_editor *ed = open_editor(1000, false);
    yj_station s;
    yj_error err;
    entries es;
    const entry *e;
    long long id;

    begin(ed, "a", "yijia remove --purge XS044");
    ck_assert_int_eq(yj_editor_purge(ed, "XS044", &err), YJ_OK);
    id = commit(ed);
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS044", &err), YJ_ENOTFOUND);
    ck_assert_uint_eq(reader_count(), 43);
    history(&es, ed, "XS044");
    e = entry_of(&es, id, "XS044", "name");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->action, "purge");
    ck_assert(e->new_null);
    ck_assert_str_ne(e->old_value, "");
    begin(ed, "a", "yijia purge again");
    ck_assert_int_eq(yj_editor_purge(ed, "XS044", &err), YJ_ENOTFOUND);
    yj_editor_rollback(ed);
    begin(ed, "a", "undo");
    ck_assert_int_eq(yj_editor_undo(ed, id, &err), YJ_OK);
    commit(ed);
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS044", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_NAME], e->old_value);
    yj_station_clear(&s);
    ck_assert_uint_eq(reader_count(), 44);
    yj_editor_close(ed);
}
END_TEST

/* Nothing changed: no history entry, change id 0; a bad station is
 * refused naming it and its field; a rolled-back change leaves nothing. */
START_TEST(test_empty_refused_and_rolled_back_changes_leave_nothing)
{
    yj_editor *ed = open_editor(1000, false);
    yj_station s;
    yj_error err;
    entries es;
    long long id = -1;
    bool changed = true;

    begin(ed, "a", "nothing");
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS007", &err), YJ_OK);
    ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_OK);
    ck_assert(!changed);
    ck_assert_int_eq(yj_editor_commit(&id, ed, &err), YJ_OK);
    ck_assert_int_eq(id, 0);
    history(&es, ed, NULL);
    ck_assert_uint_eq(es.n, 0);

    begin(ed, "a", "bad");
    ck_assert_int_eq(yj_station_set(&s, YJ_F_CATEGORY, "castle", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_EINVAL);
    ck_assert(!changed);
    ck_assert_msg(strstr(err.message, "XS007") == err.message &&
                      strstr(err.message, "category") != NULL &&
                      strstr(err.message, "castle") != NULL,
                  "%s", err.message);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_CATEGORY, "community", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_OPENING_HOURS, "Mo-Fr 25:00-26:00",
                                    &err), YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "opening_hours"));
    /* a good edit, then rolled back */
    ck_assert_int_eq(yj_station_set(&s, YJ_F_OPENING_HOURS, "24/7", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_OK);
    ck_assert(changed);
    yj_editor_rollback(ed);
    yj_station_clear(&s);
    ck_assert(reader_has("XS007", "opening_hours", ""));
    ck_assert_int_eq(yj_editor_get(&s, ed, "XS007", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_OPENING_HOURS], "");
    /* no change open: refused */
    ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_editor_commit(&id, ed, &err), YJ_EINVAL);
    yj_station_clear(&s);
    history(&es, ed, NULL);
    ck_assert_uint_eq(es.n, 0);
    /* closing with a change open rolls it back */
    begin(ed, "a", "left open");
    ck_assert_int_eq(yj_editor_purge(ed, "XS007", &err), YJ_OK);
    yj_editor_close(ed);
    ck_assert(reader_has("XS007", NULL, NULL));
}
END_TEST

/* A second writer waits wait_ms, then is told the file is busy; readers
 * meanwhile see the state before the change; after the commit the second
 * writer gets in and sees it. */
START_TEST(test_second_editor_is_busy_until_the_first_commits)
{
    yj_editor *a = open_editor(1000, false), *b = NULL;
    yj_station s;
    yj_error err;

    begin(a, "a", "edit");
    ck_assert_int_eq(yj_editor_get(&s, a, "XS003", &err), YJ_OK);
    ck_assert_int_eq(yj_station_set(&s, YJ_F_PHONE, "0571-33333333", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, a, &s, &err), YJ_OK);
    yj_station_clear(&s);
    /* opening is fine: only the change needs the write lock */
    ck_assert_int_eq(yj_editor_open(&b, db_path, 50, false, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(b, "b", "edit", &err), YJ_EBUSY);
    ck_assert_int_eq(err.code, YJ_EBUSY);
    ck_assert_msg(strstr(err.message, "another process is changing the "
                                      "database") != NULL, "%s",
                  err.message);
    ck_assert_ptr_nonnull(strstr(err.message, "0.1 s"));
    /* a reader sees the file as before the open change */
    ck_assert(reader_has("XS003", "phone", ""));
    commit(a);
    ck_assert(reader_has("XS003", "phone", "0571-33333333"));
    begin(b, "b", "edit");
    ck_assert_int_eq(yj_editor_get(&s, b, "XS003", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_PHONE], "0571-33333333");
    yj_station_clear(&s);
    yj_editor_rollback(b);
    /* two changes in one editor at once are refused too */
    begin(a, "a", "first");
    ck_assert_int_eq(yj_editor_begin(a, "a", "second", &err), YJ_EINVAL);
    yj_editor_rollback(a);
    yj_editor_close(b);
    yj_editor_close(a);
}
END_TEST

static bool file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* A trial (dry run) changes inside a transaction and rolls it back: the
 * file is byte for byte as it was, with no journal left beside it. */
START_TEST(test_trial_leaves_the_file_byte_identical)
{
    yj_editor *ed;
    yj_station s;
    yj_error err;
    char journal[600];
    size_t before_len, after_len;
    char *before = tu_read(db_path, &before_len), *after;
    bool changed = false;
    int round;

    snprintf(journal, sizeof journal, "%s-journal", db_path);
    for (round = 0; round < 2; round++) {
        ed = open_editor(1000, true);
        begin(ed, "a", "yijia import --dry-run");
        new_station(ed, &s, "XS045", "测试新驿站");
        ck_assert_int_eq(yj_editor_put(&changed, ed, &s, &err), YJ_OK);
        ck_assert(changed);
        yj_station_clear(&s);
        ck_assert_int_eq(yj_editor_get(&s, ed, "XS001", &err), YJ_OK);
        ck_assert_int_eq(yj_station_set(&s, YJ_F_NOTES, "试运行", &err),
                         YJ_OK);
        ck_assert_int_eq(yj_editor_put(NULL, ed, &s, &err), YJ_OK);
        yj_station_clear(&s);
        ck_assert_int_eq(yj_editor_purge(ed, "XS002", &err), YJ_OK);
        /* the change sees itself */
        ck_assert_int_eq(yj_editor_get(&s, ed, "XS045", &err), YJ_OK);
        yj_station_clear(&s);
        if (round == 0)
            yj_editor_rollback(ed); /* as the tool's dry run */
        yj_editor_close(ed);        /* round 1: closed with it open */
        after = tu_read(db_path, &after_len);
        ck_assert_uint_eq(after_len, before_len);
        ck_assert_msg(memcmp(before, after, before_len) == 0,
                      "round %d: the file changed", round);
        free(after);
        ck_assert(!file_exists(journal));
    }
    ck_assert_uint_eq(reader_count(), 44);
    free(before);
}
END_TEST

START_TEST(test_township_lookup_and_open_errors)
{
    yj_editor *ed = open_editor(1000, false), *other = NULL;
    char name[64], district[64];
    yj_error err;

    ck_assert_int_eq(yj_editor_township(name, sizeof name, district,
                                        sizeof district, ed, "城厢", &err),
                     YJ_OK);
    ck_assert_str_eq(name, "城厢街道");
    ck_assert_str_eq(district, "萧山区");
    ck_assert_int_eq(yj_editor_township(name, sizeof name, district,
                                        sizeof district, ed, "盈丰街道", &err),
                     YJ_OK);
    ck_assert_str_eq(name, "盈丰街道");
    ck_assert_int_eq(yj_editor_township(name, sizeof name, district,
                                        sizeof district, ed, "火星", &err),
                     YJ_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "火星"));
    yj_editor_close(ed);
    ck_assert_int_eq(yj_editor_open(&other, tu_path(dir, "none.sqlite"), 50,
                                    false, &err), YJ_EIO);
    ck_assert_ptr_null(other);
    tu_write(dir, "text.sqlite", "not a database\n");
    ck_assert_int_eq(yj_editor_open(&other, tu_path(dir, "text.sqlite"), 50,
                                    false, &err), YJ_ESCHEMA);
    ck_assert_ptr_null(other);
    yj_editor_close(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("edit");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_add_edit_remove_are_changes_with_history);
    tcase_add_test(tc, test_moving_a_station_records_old_and_new_coordinates);
    tcase_add_test(tc, test_undo_restores_and_is_recorded);
    tcase_add_test(tc, test_staff_amenities_change_their_source);
    tcase_add_test(tc, test_undo_refuses_when_a_later_change_touched_it);
    tcase_add_test(tc, test_purge_deletes_and_undo_brings_it_back);
    tcase_add_test(tc, test_empty_refused_and_rolled_back_changes_leave_nothing);
    tcase_add_test(tc, test_second_editor_is_busy_until_the_first_commits);
    tcase_add_test(tc, test_trial_leaves_the_file_byte_identical);
    tcase_add_test(tc, test_township_lookup_and_open_errors);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

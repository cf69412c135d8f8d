/* check_survey.c — a check on site (yj_survey_apply): the fields it writes
 * (position, precision `surveyed`, coord_source, checked_on in Beijing,
 * the edits), one change under the staff member's name that undo takes
 * back, a resend applied once, and the refusals — a position outside the
 * district or more than 2 km outside the station's township, bad fields
 * as import refuses them, bad ids, accuracies and times — which leave the
 * file byte for byte as it was. */
#include "test_util.h"
#include "yijia.h"

#include <sqlite3.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char dir[256];
static char db_path[512];

/* 2026-03-01 23:59:30 and 2026-03-02 00:00:30 in Beijing (UTC+8). */
#define BEFORE_MIDNIGHT INT64_C(1772380770)
#define AFTER_MIDNIGHT INT64_C(1772380830)

/* Inside 城厢街道, about 200 m from its representative point (XS001's). */
static const yj_lonlat in_chengxiang = {120.2503, 30.1652};
/* Due east of it: 1.48 km and 3.36 km outside 城厢街道, inside 萧山区. */
static const yj_lonlat near_chengxiang = {120.299119, 30.164714};
static const yj_lonlat far_chengxiang = {120.318861, 30.164714};
/* West Lake, across the river: outside 萧山区. */
static const yj_lonlat west_lake = {120.15, 30.25};

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(db_path, sizeof db_path, "%s/stations.sqlite", dir);
    tu_build(tu_data_dir(), db_path);
}

static void teardown(void)
{
    tu_rmdir(dir);
}

static yj_editor *open_editor(void)
{
    yj_editor *ed = NULL;
    yj_error err;

    ck_assert_msg(yj_editor_open(&ed, db_path, 1000, false, &err) == YJ_OK,
                  "%s", err.message);
    return ed;
}

static long long query_int(const char *sql_text)
{
    sqlite3 *sql = NULL;
    sqlite3_stmt *st = NULL;
    long long v;

    ck_assert_int_eq(sqlite3_open_v2(db_path, &sql, SQLITE_OPEN_READONLY,
                                     NULL), SQLITE_OK);
    ck_assert_msg(sqlite3_prepare_v2(sql, sql_text, -1, &st, NULL) ==
                  SQLITE_OK, "%s: %s", sql_text, sqlite3_errmsg(sql));
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(sql);
    return v;
}

/* A check of XS001 (城厢街道) by 张三 inside its township. */
static yj_survey a_check(const char *id)
{
    yj_survey s = YJ_SURVEY_INIT;

    s.submission_id = id;
    s.staff = "张三";
    s.station_id = "XS001";
    s.point = in_chengxiang;
    s.accuracy_m = 8.4;
    s.measured_at = BEFORE_MIDNIGHT;
    return s;
}

static void get(yj_station *out, yj_editor *ed, const char *id)
{
    yj_error err;

    ck_assert_msg(yj_editor_get(out, ed, id, &err) == YJ_OK, "%s",
                  err.message);
}

static void assert_same_station(const yj_station *a, const yj_station *b)
{
    int f;

    for (f = 0; f < YJ_F_COUNT; f++)
        ck_assert_msg(strcmp(a->text[f], b->text[f]) == 0, "%s: '%s' != '%s'",
                      yj_field_name((yj_field)f), a->text[f], b->text[f]);
    ck_assert_int_eq(a->has_point, b->has_point);
}

/* The file's bytes, to show a refusal wrote nothing. */
static char *file_bytes(size_t *len)
{
    return tu_read(db_path, len);
}

static void assert_file_is(const char *before, size_t len)
{
    size_t now_len;
    char *now = file_bytes(&now_len);

    ck_assert_uint_eq(now_len, len);
    ck_assert_msg(memcmp(now, before, len) == 0, "the file changed");
    free(now);
}

/* Apply s, expecting a refusal with `code`, `input` and a message that
 * contains `words`; the file must be unchanged. */
static void assert_refused(const yj_survey *s, yj_code code, yj_input input,
                           const char *words)
{
    yj_editor *ed = open_editor();
    yj_survey_result r;
    yj_error err;
    size_t len;
    char *before = file_bytes(&len);

    memset(&err, 0, sizeof err);
    ck_assert_int_eq(yj_survey_apply(&r, ed, s, &err), code);
    ck_assert_int_eq(err.code, code);
    ck_assert_int_eq(err.input, input);
    ck_assert_msg(strstr(err.message, words) != NULL, "'%s' lacks '%s'",
                  err.message, words);
    ck_assert_int_eq(r.change_id, 0);
    ck_assert(!r.duplicate);
    /* the editor is usable again: no change left open */
    ck_assert_int_eq(yj_editor_begin(ed, "test", "test", &err), YJ_OK);
    yj_editor_rollback(ed);
    yj_editor_close(ed);
    assert_file_is(before, len);
    free(before);
}

typedef struct history {
    char user[64], command[128];
    long long change_id;
    size_t fields;
} history;

static int take_history(void *payload, const yj_history_entry *e)
{
    history *h = payload;

    if (e->change_id != h->change_id)
        return 0;
    snprintf(h->user, sizeof h->user, "%s", e->user);
    snprintf(h->command, sizeof h->command, "%s", e->command);
    h->fields++;
    return 0;
}

START_TEST(test_check_inside_township_writes_position_and_fields)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("abcdef12");
    yj_survey_result r;
    yj_station st;
    yj_error err;
    history h;

    s.amenities = "drinking_water;toilet;wifi";
    s.opening_hours = "Mo-Fr 08:30-17:30";
    s.phone = "0571-82345678";
    s.note = "门口有\n标识牌 ";
    ck_assert_msg(yj_survey_apply(&r, ed, &s, &err) == YJ_OK, "%s",
                  err.message);
    ck_assert(!r.duplicate);
    ck_assert_int_gt(r.change_id, 0);
    get(&st, ed, "XS001");
    ck_assert_str_eq(st.text[YJ_F_LON], "120.2503");
    ck_assert_str_eq(st.text[YJ_F_LAT], "30.1652");
    ck_assert(st.has_point && st.lon == 120.2503 && st.lat == 30.1652);
    ck_assert_str_eq(st.text[YJ_F_COORD_PRECISION], "surveyed");
    ck_assert_str_eq(st.text[YJ_F_COORD_SOURCE],
                     "现场核查 张三 2026-03-01 23:59 ±8 m (GPS, WGS84)");
    /* the day in Beijing, where it is still 1 March (UTC: 15:59) */
    ck_assert_str_eq(st.text[YJ_F_CHECKED_ON], "2026-03-01");
    ck_assert_str_eq(st.text[YJ_F_AMENITIES], "drinking_water;toilet;wifi");
    ck_assert_str_eq(st.text[YJ_F_AMENITIES_SOURCE], "survey");
    ck_assert_str_eq(st.text[YJ_F_OPENING_HOURS], "Mo-Fr 08:30-17:30");
    ck_assert_str_eq(st.text[YJ_F_PHONE], "0571-82345678");
    ck_assert_str_eq(st.text[YJ_F_NOTES], "2026-03-01 核查：门口有 标识牌");
    ck_assert(!yj_station_is_approximate(&st));
    ck_assert_str_eq(yj_station_precision_label(&st, true), "现场核查");
    yj_station_clear(&st);
    /* one change, under the staff member's name */
    memset(&h, 0, sizeof h);
    h.change_id = r.change_id;
    ck_assert_int_eq(yj_editor_history(ed, "XS001", take_history, &h, &err),
                     YJ_OK);
    ck_assert_str_eq(h.user, "张三");
    ck_assert_str_eq(h.command, "serve: check on site abcdef12");
    ck_assert_uint_ge(h.fields, 9);
    yj_editor_close(ed);
    ck_assert_int_eq(query_int("SELECT count(*) FROM survey_submissions "
                               "WHERE submission_id = 'abcdef12' AND staff "
                               "= '张三' AND station_id = 'XS001'"), 1);
    ck_assert_int_eq(query_int("SELECT change_id FROM survey_submissions"),
                     r.change_id);
    ck_assert_int_eq(query_int("SELECT count(*) FROM changes"), 1);
}
END_TEST

/* A phone whose clock runs ahead (up to a day): its fix is taken as made
 * now, so checked_on is never a day that has not come. */
START_TEST(test_fix_from_a_clock_ahead_is_taken_as_now)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("clock-ahead-01");
    yj_survey_result r;
    yj_station st;
    yj_error err;
    time_t now = time(NULL) + 8 * 3600;
    struct tm tm;
    char today[16];

    s.measured_at = (int64_t)time(NULL) + 20 * 3600;
    ck_assert_msg(yj_survey_apply(&r, ed, &s, &err) == YJ_OK, "%s",
                  err.message);
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    get(&st, ed, "XS001");
    ck_assert_str_eq(st.text[YJ_F_CHECKED_ON], today);
    yj_station_clear(&st);
    yj_editor_close(ed);
}
END_TEST

START_TEST(test_checked_on_is_the_beijing_day_after_midnight)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("after-midnight");
    yj_survey_result r;
    yj_station st;
    yj_error err;

    s.measured_at = AFTER_MIDNIGHT;  /* 16:00:30 UTC on 1 March */
    s.accuracy_m = 0.3;
    s.note = "";  /* nothing to add */
    ck_assert_msg(yj_survey_apply(&r, ed, &s, &err) == YJ_OK, "%s",
                  err.message);
    get(&st, ed, "XS001");
    ck_assert_str_eq(st.text[YJ_F_CHECKED_ON], "2026-03-02");
    ck_assert_str_eq(st.text[YJ_F_COORD_SOURCE],
                     "现场核查 张三 2026-03-02 00:00 ±1 m (GPS, WGS84)");
    ck_assert_str_eq(st.text[YJ_F_NOTES], "");
    /* the amenities were not sent: as they were */
    ck_assert_str_eq(st.text[YJ_F_AMENITIES_SOURCE], "programme");
    yj_station_clear(&st);
    yj_editor_close(ed);
}
END_TEST

START_TEST(test_resend_is_a_duplicate_and_writes_nothing)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("resend-0001");
    yj_survey_result r, again;
    yj_station first, now;
    yj_error err;
    size_t len;
    char *before;

    ck_assert_int_eq(yj_survey_apply(&r, ed, &s, &err), YJ_OK);
    get(&first, ed, "XS001");
    before = file_bytes(&len);
    /* the same id, even with another point: applied once */
    s.point = near_chengxiang;
    s.phone = "12345";
    ck_assert_int_eq(yj_survey_apply(&again, ed, &s, &err), YJ_OK);
    ck_assert(again.duplicate);
    ck_assert_int_eq(again.change_id, r.change_id);
    get(&now, ed, "XS001");
    assert_same_station(&first, &now);
    yj_station_clear(&first);
    yj_station_clear(&now);
    yj_editor_close(ed);
    assert_file_is(before, len);
    free(before);
    ck_assert_int_eq(query_int("SELECT count(*) FROM changes"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM survey_submissions"), 1);
}
END_TEST

/* The same id for another station is not a resend: refused, nothing
 * written (found by fuzz_serve: the server then could not answer). */
START_TEST(test_same_id_for_another_station_is_a_conflict)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("conflict-0001");
    yj_survey_result r;
    yj_error err;

    ck_assert_int_eq(yj_survey_apply(&r, ed, &s, &err), YJ_OK);
    yj_editor_close(ed);
    s.station_id = "XS002";
    assert_refused(&s, YJ_ECONFLICT, YJ_INPUT_NONE, "was applied to station "
                   "XS001, not XS002");
    s.station_id = "xs001"; /* ids are compared without case */
    ed = open_editor();
    ck_assert_int_eq(yj_survey_apply(&r, ed, &s, &err), YJ_OK);
    ck_assert(r.duplicate);
    yj_editor_close(ed);
}
END_TEST

/* The page sent one check twice under two ids (two taps in one minute):
 * the second changes nothing and is the change that made the station. */
START_TEST(test_same_check_under_a_new_id_names_the_first_change)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("twice-0001");
    yj_survey_result r, second;
    yj_error err;

    ck_assert_int_eq(yj_survey_apply(&r, ed, &s, &err), YJ_OK);
    s.submission_id = "twice-0002";
    ck_assert_int_eq(yj_survey_apply(&second, ed, &s, &err), YJ_OK);
    ck_assert(!second.duplicate);
    ck_assert_int_eq(second.change_id, r.change_id);
    ck_assert_int_eq(yj_survey_apply(&second, ed, &s, &err), YJ_OK);
    ck_assert(second.duplicate);
    ck_assert_int_eq(second.change_id, r.change_id);
    yj_editor_close(ed);
    ck_assert_int_eq(query_int("SELECT count(*) FROM changes"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM survey_submissions "
                               "WHERE change_id = 1"), 2);
}
END_TEST

START_TEST(test_position_outside_the_district_is_refused)
{
    yj_survey s = a_check("outside-01");

    s.point = west_lake;
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_POSITION,
                   "the position is outside 萧山区: is this the right "
                   "station?");
}
END_TEST

START_TEST(test_position_far_outside_the_township_is_refused)
{
    yj_survey s = a_check("far-away-01");

    s.point = far_chengxiang;
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_POSITION,
                   "the position is 3.4 km outside 城厢街道: is this the "
                   "right station?");
}
END_TEST

START_TEST(test_position_near_the_township_is_taken)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("near-by-01");
    yj_survey_result r;
    yj_station st;
    yj_error err;

    s.point = near_chengxiang;
    ck_assert_msg(yj_survey_apply(&r, ed, &s, &err) == YJ_OK, "%s",
                  err.message);
    get(&st, ed, "XS001");
    ck_assert_str_eq(st.text[YJ_F_LON], "120.299119");
    ck_assert_str_eq(st.text[YJ_F_COORD_PRECISION], "surveyed");
    yj_station_clear(&st);
    yj_editor_close(ed);
}
END_TEST

START_TEST(test_bad_fields_are_refused_as_import_refuses_them)
{
    yj_survey s = a_check("fields-01");

    s.opening_hours = "Mo-Fr 8:30-25:99";
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "opening_hours: ");
    s.opening_hours = NULL;
    s.amenities = "drinking_water;jacuzzi";
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_AMENITY,
                   "amenities: unknown amenity 'jacuzzi'");
    s.amenities = NULL;
    s.phone = "call me";
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE,
                   "phone: unexpected character in 'call me'");
}
END_TEST

START_TEST(test_chinese_hours_and_labels_are_normalised_as_import_does)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("words-0001");
    yj_survey_result r;
    yj_station st;
    yj_error err;

    s.opening_hours = "周一至周五 8:30—17:00";
    s.amenities = "饮水、卫生间";
    s.phone = "（0571）8888—1234";
    ck_assert_msg(yj_survey_apply(&r, ed, &s, &err) == YJ_OK, "%s",
                  err.message);
    get(&st, ed, "XS001");
    ck_assert_str_eq(st.text[YJ_F_OPENING_HOURS], "Mo-Fr 8:30-17:00");
    ck_assert_str_eq(st.text[YJ_F_AMENITIES], "drinking_water;toilet");
    ck_assert_str_eq(st.text[YJ_F_PHONE], "(0571)8888-1234");
    yj_station_clear(&st);
    /* "" clears the amenities: none seen */
    s.submission_id = "words-0002";
    s.amenities = "";
    s.opening_hours = s.phone = NULL;
    ck_assert_int_eq(yj_survey_apply(&r, ed, &s, &err), YJ_OK);
    get(&st, ed, "XS001");
    ck_assert_str_eq(st.text[YJ_F_AMENITIES], "");
    ck_assert_str_eq(st.text[YJ_F_PHONE], "(0571)8888-1234");
    yj_station_clear(&st);
    yj_editor_close(ed);
}
END_TEST

START_TEST(test_bad_submission_accuracy_time_and_station_are_refused)
{
    yj_survey s = a_check("good-id-01");

    s.submission_id = "short";
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "submission id");
    s.submission_id = "has space 123";
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "submission id");
    s.submission_id = "good-id-01";
    s.accuracy_m = 0.0;
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "accuracy");
    s.accuracy_m = 1000.5;
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "accuracy");
    s.accuracy_m = nan("");
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "accuracy");
    s.accuracy_m = 10.0;
    s.measured_at = 0;
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "measured at");
    s.measured_at = INT64_C(4102444800); /* 2100 */
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "in the future");
    s.measured_at = BEFORE_MIDNIGHT;
    s.point.lat = 91.0;
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "position");
    s.point = in_chengxiang;
    s.staff = "";
    assert_refused(&s, YJ_EINVAL, YJ_INPUT_NONE, "staff");
    s.staff = "张三";
    s.station_id = "XS999";
    assert_refused(&s, YJ_ENOTFOUND, YJ_INPUT_NONE, "XS999");
}
END_TEST

START_TEST(test_closed_station_is_not_found)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("closed-001");
    yj_station st;
    yj_error err;

    get(&st, ed, "XS001");
    ck_assert_int_eq(yj_station_set(&st, YJ_F_CLOSED_ON, "2026-01-05", &err),
                     YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "test", "remove", &err), YJ_OK);
    ck_assert_int_eq(yj_editor_put(NULL, ed, &st, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_commit(NULL, ed, &err), YJ_OK);
    yj_station_clear(&st);
    yj_editor_close(ed);
    assert_refused(&s, YJ_ENOTFOUND, YJ_INPUT_NONE, "closed");
}
END_TEST

START_TEST(test_undo_restores_every_field)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("undo-00001");
    yj_survey_result r;
    yj_station before, after;
    yj_error err;

    s.amenities = "toilet";
    s.opening_hours = "24/7";
    s.phone = "110";
    s.note = "ok";
    get(&before, ed, "XS001");
    ck_assert_int_eq(yj_survey_apply(&r, ed, &s, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "test", "yijia undo", &err), YJ_OK);
    ck_assert_msg(yj_editor_undo(ed, r.change_id, &err) == YJ_OK, "%s",
                  err.message);
    ck_assert_int_eq(yj_editor_commit(NULL, ed, &err), YJ_OK);
    get(&after, ed, "XS001");
    assert_same_station(&before, &after);
    ck_assert(before.lon == after.lon && before.lat == after.lat);
    yj_station_clear(&before);
    yj_station_clear(&after);
    yj_editor_close(ed);
}
END_TEST

/* XS037 (义蓬街道, 钱塘区) has no coordinates, and the database has no
 * outline of 钱塘区 or 义蓬街道: its first position is taken as checked. */
START_TEST(test_station_without_point_or_outline_gets_its_first)
{
    yj_editor *ed = open_editor();
    yj_survey s = a_check("yipeng-001");
    yj_survey_result r;
    yj_station st;
    yj_error err;

    s.station_id = "xs037";  /* ids are case-insensitive */
    s.point.lon = 120.5512;
    s.point.lat = 30.2934;
    ck_assert_msg(yj_survey_apply(&r, ed, &s, &err) == YJ_OK, "%s",
                  err.message);
    get(&st, ed, "XS037");
    ck_assert(st.has_point);
    ck_assert_str_eq(st.text[YJ_F_LON], "120.5512");
    ck_assert_str_eq(st.text[YJ_F_COORD_PRECISION], "surveyed");
    yj_station_clear(&st);
    yj_editor_close(ed);
    ck_assert_int_eq(query_int("SELECT count(*) FROM survey_submissions "
                               "WHERE station_id = 'XS037'"), 1);
    /* the point is in the spatial index: nearest finds it */
    ck_assert_int_eq(query_int("SELECT count(*) FROM stations WHERE id = "
                               "'XS037' AND zkey IS NOT NULL AND geom IS "
                               "NOT NULL"), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("survey");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_check_inside_township_writes_position_and_fields);
    tcase_add_test(tc, test_checked_on_is_the_beijing_day_after_midnight);
    tcase_add_test(tc, test_resend_is_a_duplicate_and_writes_nothing);
    tcase_add_test(tc, test_fix_from_a_clock_ahead_is_taken_as_now);
    tcase_add_test(tc, test_same_id_for_another_station_is_a_conflict);
    tcase_add_test(tc, test_same_check_under_a_new_id_names_the_first_change);
    tcase_add_test(tc, test_position_outside_the_district_is_refused);
    tcase_add_test(tc, test_position_far_outside_the_township_is_refused);
    tcase_add_test(tc, test_position_near_the_township_is_taken);
    tcase_add_test(tc, test_bad_fields_are_refused_as_import_refuses_them);
    tcase_add_test(tc,
                   test_chinese_hours_and_labels_are_normalised_as_import_does);
    tcase_add_test(tc, test_bad_submission_accuracy_time_and_station_are_refused);
    tcase_add_test(tc, test_closed_station_is_not_found);
    tcase_add_test(tc, test_undo_restores_every_field);
    tcase_add_test(tc, test_station_without_point_or_outline_gets_its_first);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

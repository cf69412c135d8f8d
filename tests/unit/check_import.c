/* check_import.c — yj_import (import.c) called directly on small sheets
 * written by the test, into a database built from the shipped data, in
 * each mode: upsert (the default: rows matched by id, else by name and
 * address, are changed, others added, the rest left alone), replace (the
 * in-service stations the sheet lacks are closed on `today`) and the dry
 * run (a trial editor rolled back: the file byte for byte as it was).
 * The events heard are the diff (kind, before, after, sheet line) and the
 * report counts them.  Bad rows are refused naming the file, the line and
 * the field, and nothing of the sheet is written: the open change holds
 * no station when yj_import returns an error. */
#include "test_util.h"
#include "yijia.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the events ------------------------------------------------------------ */

typedef struct event {
    yj_import_kind kind;
    char id[16], name[128];
    char before_phone[64], after_phone[64], after_closed[16];
    size_t line;
    bool had_before;
} event;

typedef struct heard {
    event e[64];
    size_t n;
    size_t stop_after; /* return non-zero after this many (0: never) */
} heard;

static int hear(void *payload, const yj_import_event *ev)
{
    heard *h = payload;
    event *e;

    ck_assert_uint_lt(h->n, 64);
    e = &h->e[h->n++];
    e->kind = ev->kind;
    e->line = ev->line;
    e->had_before = ev->before != NULL;
    snprintf(e->id, sizeof e->id, "%s", ev->after->text[YJ_F_ID]);
    snprintf(e->name, sizeof e->name, "%s", ev->after->text[YJ_F_NAME]);
    snprintf(e->after_phone, sizeof e->after_phone, "%s",
             ev->after->text[YJ_F_PHONE]);
    snprintf(e->after_closed, sizeof e->after_closed, "%s",
             ev->after->text[YJ_F_CLOSED_ON]);
    if (ev->before != NULL) {
        ck_assert_str_eq(ev->before->text[YJ_F_ID], ev->after->text[YJ_F_ID]);
        snprintf(e->before_phone, sizeof e->before_phone, "%s",
                 ev->before->text[YJ_F_PHONE]);
    }
    return h->stop_after > 0 && h->n >= h->stop_after;
}

static const event *event_of(const heard *h, const char *id)
{
    size_t i;

    for (i = 0; i < h->n; i++)
        if (strcmp(h->e[i].id, id) == 0)
            return &h->e[i];
    return NULL;
}

/* ---- running an import ----------------------------------------------------- */

typedef struct result {
    yj_code rc;
    yj_error err;
    yj_import_report rep;
    heard h;
    long long change_id;
} result;

/* Import `text` (written as dir/name) into an editor's change: committed,
 * or with `trial` rolled back.  After an error the change is committed
 * anyway, to show it holds nothing (change_id 0). */
static void import(result *r, const char *name, const char *text,
                   bool replace, bool trial, yj_crs crs)
{
    yj_import_options opt;
    yj_editor *ed = NULL;
    yj_error err;

    memset(r, 0, sizeof *r);
    memset(&opt, 0, sizeof opt);
    opt.encoding = "auto";
    opt.crs = crs;
    opt.replace = replace;
    opt.today = "2026-11-28";
    tu_write(dir, name, text);
    ck_assert_msg(yj_editor_open(&ed, db_path, 1000, trial, &err) == YJ_OK,
                  "%s", err.message);
    ck_assert_int_eq(yj_editor_begin(ed, "tester", "yijia import", &err),
                     YJ_OK);
    r->rc = yj_import(&r->rep, ed, tu_path(dir, name), &opt, hear, &r->h,
                      &r->err);
    if (trial)
        yj_editor_rollback(ed);
    else
        ck_assert_msg(yj_editor_commit(&r->change_id, ed, &err) == YJ_OK,
                      "%s", err.message);
    yj_editor_close(ed);
}

static void imported(result *r, const char *name, const char *text,
                     bool replace, bool trial)
{
    import(r, name, text, replace, trial, YJ_CRS_WGS84);
    ck_assert_msg(r->rc == YJ_OK, "%s", r->err.message);
}

/* A station as a reader sees it (yj_db_get gives closed ones too). */
static bool get(yj_station *s, const char *id)
{
    yj_db *db = NULL;
    yj_error err;
    bool found;

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    found = yj_db_get(s, db, id, &err) == YJ_OK;
    yj_db_close(db);
    return found;
}

static int count_one(void *payload, const yj_station *s)
{
    (void)s;
    ++*(size_t *)payload;
    return 0;
}

static size_t in_service(void)
{
    yj_db *db = NULL;
    yj_error err;
    size_t n = 0;

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    ck_assert_int_eq(yj_db_list(db, NULL, count_one, &n, &err), YJ_OK);
    yj_db_close(db);
    return n;
}

#define XS001_NAME "萧山区城厢街道休博园社区爱心驿家"
#define XS002_NAME "萧山区城厢街道潘水社区爱心驿家"
#define XS002_ADDRESS "萧山区城厢街道潘水路79号潘水社区党群服务中心"

/* ---- upsert ------------------------------------------------------------------ */

START_TEST(test_upsert_changes_adds_and_reports_the_diff)
{
    yj_lonlat gcj = {120.26, 30.16}, wgs;
    yj_station s;
    yj_error err;
    result r;
    const event *e;

    /* Chinese headers, an ignored column, a GCJ-02 row (坐标系 高德):
     * XS001 by id gets a phone, XS002 matched by name and address is
     * unchanged, a new station is added with the next id */
    imported(&r, "sheet.csv",
             "序号,编号,名称,地址,镇街,电话,经度,纬度,坐标系\n"
             "1,XS001," XS001_NAME ",萧山区城厢街道休博园社区水城37幢2楼,"
             ",0571-82345678,,,\n"
             "2,," XS002_NAME "," XS002_ADDRESS ",,,,,\n"
             "3,,合成测试驿站,萧山区城厢街道合成路1号,城厢,（0571）8888—1234,"
             "120.26,30.16,高德\n",
             false, false);
    ck_assert_uint_eq(r.rep.rows, 3);
    ck_assert_uint_eq(r.rep.changed, 1);
    ck_assert_uint_eq(r.rep.added, 1);
    ck_assert_uint_eq(r.rep.unchanged, 1);
    ck_assert_uint_eq(r.rep.closed, 0);
    ck_assert_str_eq(r.rep.encoding, "utf-8");
    ck_assert_int_eq(r.rep.delimiter, ',');
    ck_assert_str_eq(r.rep.ignored, "'序号' (column 1)");
    ck_assert_int_gt(r.change_id, 0);
    /* the diff */
    ck_assert_uint_eq(r.h.n, 2);
    e = event_of(&r.h, "XS001");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->kind, YJ_IMPORT_CHANGE);
    ck_assert(e->had_before);
    ck_assert_str_eq(e->before_phone, "");
    ck_assert_str_eq(e->after_phone, "0571-82345678");
    ck_assert_uint_eq(e->line, 2);
    e = event_of(&r.h, "XS045");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->kind, YJ_IMPORT_ADD);
    ck_assert(!e->had_before);
    ck_assert_uint_eq(e->line, 4);
    ck_assert_str_eq(e->after_phone, "(0571)8888-1234");
    ck_assert_ptr_null(event_of(&r.h, "XS002"));
    /* written: the township's full name and district, the point in WGS84
     * with where it came from */
    ck_assert(get(&s, "XS045"));
    ck_assert_str_eq(s.text[YJ_F_NAME], "合成测试驿站");
    ck_assert_str_eq(s.text[YJ_F_TOWNSHIP], "城厢街道");
    ck_assert_str_eq(s.text[YJ_F_DISTRICT], "萧山区");
    ck_assert(s.has_point);
    ck_assert_int_eq(yj_crs_convert(&wgs, gcj, YJ_CRS_GCJ02, YJ_CRS_WGS84,
                                    &err), YJ_OK);
    ck_assert_double_eq_tol(s.lon, wgs.lon, 1e-8);
    ck_assert_double_eq_tol(s.lat, wgs.lat, 1e-8);
    ck_assert_double_gt(gcj.lon - s.lon, 0.003); /* moved about 450 m */
    ck_assert_msg(strstr(s.text[YJ_F_COORD_SOURCE], "import sheet.csv:4 "
                                                    "(gcj02, converted to "
                                                    "WGS84)") != NULL,
                  "%s", s.text[YJ_F_COORD_SOURCE]);
    ck_assert_str_eq(s.text[YJ_F_COORD_PRECISION], "unknown");
    yj_station_clear(&s);
    ck_assert(get(&s, "XS001"));
    ck_assert_str_eq(s.text[YJ_F_PHONE], "0571-82345678");
    /* an empty cell keeps what the database has */
    ck_assert_str_eq(s.text[YJ_F_TOWNSHIP], "城厢街道");
    ck_assert(s.has_point);
    yj_station_clear(&s);
    ck_assert_uint_eq(in_service(), 45);

    /* the same sheet again: nothing to do */
    imported(&r, "sheet2.csv",
             "编号,名称,地址,电话\n"
             "XS001," XS001_NAME ",萧山区城厢街道休博园社区水城37幢2楼,"
             "0571-82345678\n",
             false, false);
    ck_assert_uint_eq(r.rep.unchanged, 1);
    ck_assert_uint_eq(r.h.n, 0);
    ck_assert_int_eq(r.change_id, 0);
}
END_TEST

/* Cells as sheets write them: Chinese hours and vocabulary, dates with
 * slashes, a cell our CSV writer guarded against Excel, a title line and
 * empty rows, tabs. */
START_TEST(test_cells_are_normalised)
{
    yj_station s;
    result r;

    imported(&r, "words.tsv",
             "萧山区爱心驿家名单\t\t\t\t\t\t\n"
             "名称\t地址\t类别\t设施\t开放时间\t核查日期\t备注\n"
             "\t\t\t\t\t\t\n"
             "甲驿站\t甲路1号\t社区\t饮用水、厕所\t周一至周五 08:30—17:00\t"
             "2026/3/1\t'=SUM(A1)\n"
             "\t\t\t\t\t\t\n"
             "乙驿站\t乙路2号\t工会\t休息区\t全天\t\t\n",
             false, false);
    ck_assert_int_eq(r.rep.delimiter, '\t');
    ck_assert_uint_eq(r.rep.title_lines, 1);
    ck_assert_uint_eq(r.rep.empty_lines, 2);
    ck_assert_uint_eq(r.rep.added, 2);
    ck_assert(get(&s, "XS045"));
    ck_assert_str_eq(s.text[YJ_F_NAME], "甲驿站");
    ck_assert_str_eq(s.text[YJ_F_CATEGORY], "community");
    ck_assert_ptr_nonnull(strstr(s.text[YJ_F_AMENITIES], "drinking_water"));
    ck_assert_ptr_nonnull(strstr(s.text[YJ_F_AMENITIES], "toilet"));
    ck_assert_str_eq(s.text[YJ_F_OPENING_HOURS], "Mo-Fr 08:30-17:00");
    ck_assert_str_eq(s.text[YJ_F_CHECKED_ON], "2026-03-01");
    ck_assert_str_eq(s.text[YJ_F_NOTES], "=SUM(A1)");
    ck_assert(!s.has_point);
    yj_station_clear(&s);
    ck_assert(get(&s, "XS046"));
    ck_assert_str_eq(s.text[YJ_F_CATEGORY], "union");
    ck_assert_str_eq(s.text[YJ_F_AMENITIES], "rest");
    ck_assert_str_eq(s.text[YJ_F_OPENING_HOURS], "24/7");
    yj_station_clear(&s);
}
END_TEST

/* An amenity cell is read as the query filters read the list
 * (yj_term_list): its separators (| too), a space for '_', each code once;
 * its error names the row and the column. */
START_TEST(test_amenity_cells_read_as_the_query_filters)
{
    yj_station s;
    result r;

    imported(&r, "amenities.csv",
             "名称,地址,设施\n"
             "丙驿站,丙路3号,phone charging|WiFi；wifi、first aid 厕所\n",
             false, false);
    ck_assert(get(&s, "XS045"));
    ck_assert_str_eq(s.text[YJ_F_AMENITIES],
                     "phone_charging;wifi;first_aid;toilet");
    yj_station_clear(&s);

    import(&r, "bad.csv", "名称,地址,设施\n甲,甲路,厕所\n乙,乙路,饮水 卫生问\n",
           false, false, YJ_CRS_WGS84);
    ck_assert_int_eq(r.rc, YJ_ENOTFOUND);
    ck_assert_msg(strstr(r.err.message, "bad.csv row 3, column 设施: unknown "
                         "amenity '卫生问'; did you mean '卫生间' (toilet)?")
                  != NULL, "%s", r.err.message);
    ck_assert(r.change_id == 0);
}
END_TEST

/* The callback may stop listening; the import goes on. */
START_TEST(test_a_callback_that_stops_listening_does_not_stop_the_import)
{
    result r;
    yj_import_options opt;
    yj_editor *ed = NULL;
    yj_error err;

    memset(&opt, 0, sizeof opt);
    opt.encoding = "auto";
    opt.today = "2026-11-28";
    memset(&r, 0, sizeof r);
    r.h.stop_after = 1;
    tu_write(dir, "three.csv", "名称,地址\n甲,甲路\n乙,乙路\n丙,丙路\n");
    ck_assert_int_eq(yj_editor_open(&ed, db_path, 1000, false, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "t", "import", &err), YJ_OK);
    ck_assert_int_eq(yj_import(&r.rep, ed, tu_path(dir, "three.csv"), &opt,
                               hear, &r.h, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_commit(NULL, ed, &err), YJ_OK);
    yj_editor_close(ed);
    ck_assert_uint_eq(r.h.n, 1);
    ck_assert_uint_eq(r.rep.added, 3);
    ck_assert_uint_eq(in_service(), 47);
}
END_TEST

/* ---- replace ----------------------------------------------------------------- */

START_TEST(test_replace_closes_the_stations_the_sheet_lacks)
{
    yj_station s;
    result r;
    size_t i, closed = 0;

    imported(&r, "two.csv",
             "编号,名称,地址\n"
             "XS001," XS001_NAME ",萧山区城厢街道休博园社区水城37幢2楼\n"
             "xs003,萧山区城厢街道百尺溇社区爱心驿家,萧山区城厢街道百尺溇路42号\n",
             true, false);
    ck_assert_uint_eq(r.rep.rows, 2);
    ck_assert_uint_eq(r.rep.unchanged, 2);
    ck_assert_uint_eq(r.rep.closed, 42);
    ck_assert_uint_eq(r.rep.added + r.rep.changed, 0);
    ck_assert_uint_eq(r.rep.in_service, 44);
    for (i = 0; i < r.h.n; i++) {
        ck_assert_int_eq(r.h.e[i].kind, YJ_IMPORT_CLOSE);
        ck_assert_uint_eq(r.h.e[i].line, 0);
        ck_assert_str_eq(r.h.e[i].after_closed, "2026-11-28");
        ck_assert(r.h.e[i].had_before);
        closed++;
    }
    ck_assert_uint_eq(closed, 42);
    ck_assert_ptr_null(event_of(&r.h, "XS001"));
    ck_assert_ptr_nonnull(event_of(&r.h, "XS002"));
    ck_assert_uint_eq(in_service(), 2);
    ck_assert(get(&s, "XS002"));
    ck_assert_str_eq(s.text[YJ_F_CLOSED_ON], "2026-11-28");
    yj_station_clear(&s);

    /* a closed station listed again is back in service; the others stay
     * closed (not closed twice) */
    imported(&r, "back.csv",
             "编号,名称,地址\n"
             "XS001," XS001_NAME ",萧山区城厢街道休博园社区水城37幢2楼\n"
             "XS002," XS002_NAME "," XS002_ADDRESS "\n"
             "XS003,萧山区城厢街道百尺溇社区爱心驿家,萧山区城厢街道百尺溇路42号\n",
             true, false);
    ck_assert_uint_eq(r.rep.changed, 1);
    ck_assert_uint_eq(r.rep.closed, 0);
    ck_assert_int_eq(event_of(&r.h, "XS002")->kind, YJ_IMPORT_CHANGE);
    ck_assert_str_eq(event_of(&r.h, "XS002")->after_closed, "");
    ck_assert_uint_eq(in_service(), 3);
}
END_TEST

/* ---- the dry run ------------------------------------------------------------ */

START_TEST(test_dry_run_reports_and_leaves_the_file_byte_identical)
{
    size_t before_len, after_len;
    char *before = tu_read(db_path, &before_len), *after;
    result r;

    imported(&r, "dry.csv",
             "编号,名称,地址,电话\n"
             "XS001," XS001_NAME ",萧山区城厢街道休博园社区水城37幢2楼,"
             "0571-82345678\n"
             ",新驿站,新路1号,\n",
             true, true);
    ck_assert_uint_eq(r.rep.changed, 1);
    ck_assert_uint_eq(r.rep.added, 1);
    ck_assert_uint_eq(r.rep.closed, 43);
    ck_assert_uint_eq(r.h.n, 45);
    after = tu_read(db_path, &after_len);
    ck_assert_uint_eq(after_len, before_len);
    ck_assert(memcmp(before, after, before_len) == 0);
    ck_assert_uint_eq(in_service(), 44);
    free(before);
    free(after);
}
END_TEST

/* ---- bad sheets -------------------------------------------------------------- */

/* Each refused with the file, line and field; the change holds nothing
 * (commit gives no change id) and every station is as before. */
START_TEST(test_bad_rows_are_refused_and_nothing_is_written)
{
    static const struct {
        const char *text, *message;
        yj_code code;
    } bad[] = {
        {"名称,镇街\n测试,城厢街道\n",
         "bad.csv row 1: missing required column '地址'", YJ_EPARSE},
        {"名称,地址,经度\n甲,甲路,120.3\n",
         "bad.csv row 1: a '经度' column without a '纬度' column", YJ_EPARSE},
        {"名称,地址,名称\n甲,甲路,乙\n",
         "bad.csv row 1: column 3: '名称' is the same column as column 1",
         YJ_EPARSE},
        {"编号,名称,地址,电话\nXS001," XS001_NAME ",x,0571-1\n"
         "乙,乙路\n",
         "bad.csv row 3: expected 4 columns as in the header, found 2",
         YJ_EPARSE},
        {"名称,地址,经度,纬度\n甲,甲路,120.3,30.2\n乙,乙路,200.5,30.2\n",
         "bad.csv row 3, column 经度: 200.5 is out of range", YJ_EINVAL},
        {"名称,地址,经度,纬度\n甲,甲路,120.3,\n",
         "bad.csv row 2, column 纬度: empty while 经度 is '120.3'", YJ_EINVAL},
        {"名称,地址,经度,纬度\n甲,甲路,30.2,120.3\n",
         "bad.csv row 2, column 经度, 纬度: 30.2, 120.3 look swapped", YJ_EINVAL},
        {"名称,地址,经度,纬度,坐标系\n甲,甲路,120.3,30.2,火星\n",
         "bad.csv row 2: 坐标系 (crs) '火星' is not wgs84", YJ_EINVAL},
        {"编号,名称,地址\nXS003,甲,甲路\nxs003,乙,乙路\n",
         "bad.csv row 3, column 编号: 'XS003' is the station of row 2 too", YJ_EINVAL},
        {"名称,地址\n甲,甲路\n甲,甲路\n",
         "bad.csv row 3: the station of row 2 too", YJ_EINVAL},
        {"名称,地址,类别\n甲,甲路,社区\n乙,乙路,餐馆\n",
         "bad.csv row 3, column 类别: '餐馆' is not one of", YJ_EINVAL},
        {"名称,地址,开放时间\n甲,甲路,Mo-Fr 08:00-\n",
         "bad.csv row 2, column 开放时间: ", YJ_EINVAL},
        {"名称,地址,镇街\n甲,甲路,不存在镇\n",
         "bad.csv row 2, column 镇街: '不存在镇' is not a township", YJ_ENOTFOUND},
        {"名称,地址,核查日期\n甲,甲路,2026-02-30\n",
         "bad.csv row 2, column 核查日期: ", YJ_EINVAL},
        {"名称,地址\n甲,甲路\n名称,地址\n",
         "bad.csv row 3: the header row again", YJ_EPARSE},
        /* outside the district outline, whatever the district field says */
        {"名称,地址,经度,纬度\n甲,甲路,120.3,30.2\n上海站,上海路,121.47,31.23\n",
         "bad.csv row 3, column 经度, 纬度: '上海站' at 121.470000,31.230000 lies outside "
         "萧山区 (the district outline; the row names no district)",
         YJ_EINVAL},
        {"名称,地址,区县,经度,纬度\n上海站,上海路,萧山区,121.47,31.23\n",
         "bad.csv row 2, column 经度, 纬度: '上海站' at 121.470000,31.230000 lies outside "
         "萧山区 (the district outline)", YJ_EINVAL},
        {"名称,地址,区县,经度,纬度\n上海站,上海路,黄浦区,121.47,31.23\n",
         "lies outside 萧山区 (the district outline; the row's district "
         "'黄浦区' has none)", YJ_EINVAL},
        {"编号,经度,纬度,名称,地址\nXS001,121.47,31.23," XS001_NAME ",x\n",
         "bad.csv row 2, column 经度, 纬度: '" XS001_NAME "' at 121.470000,31.230000 "
         "lies outside 萧山区", YJ_EINVAL},
        {"名称,地址\n", "bad.csv: a header but no stations", YJ_EPARSE},
        {"", "bad.csv: empty file", YJ_EPARSE},
    };
    size_t before_len, after_len, i;
    char *before = tu_read(db_path, &before_len), *after;
    yj_station s;
    result r;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        import(&r, "bad.csv", bad[i].text, i % 2 == 0, false, YJ_CRS_WGS84);
        ck_assert_msg(r.rc == bad[i].code, "case %zu: %s (code %d)", i,
                      r.err.message, r.rc);
        ck_assert_msg(strstr(r.err.message, bad[i].message) != NULL,
                      "case %zu: '%s' lacks '%s'", i, r.err.message,
                      bad[i].message);
        /* no event heard, nothing in the change */
        ck_assert_uint_eq(r.h.n, 0);
        ck_assert_msg(r.change_id == 0, "case %zu: change #%lld", i,
                      r.change_id);
    }
    /* the stations are all as they were (the file itself only differs in
     * SQLite's change counter: each attempt committed an empty change) */
    after = tu_read(db_path, &after_len);
    ck_assert_uint_eq(after_len, before_len);
    free(after);
    free(before);
    ck_assert_uint_eq(in_service(), 44);
    ck_assert(get(&s, "XS001"));
    ck_assert_str_eq(s.text[YJ_F_PHONE], "");
    yj_station_clear(&s);
    ck_assert(!get(&s, "XS045"));
}
END_TEST

START_TEST(test_missing_file_is_an_io_error)
{
    yj_import_options opt;
    yj_import_report rep;
    yj_editor *ed = NULL;
    yj_error err;

    memset(&opt, 0, sizeof opt);
    opt.encoding = "auto";
    opt.today = "2026-11-28";
    ck_assert_int_eq(yj_editor_open(&ed, db_path, 1000, false, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "t", "import", &err), YJ_OK);
    ck_assert_int_eq(yj_import(&rep, ed, tu_path(dir, "missing.csv"), &opt,
                               NULL, NULL, &err), YJ_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "missing.csv"));
    yj_editor_close(ed);
}
END_TEST

/* The columns a sheet may have, and what they mean. */
START_TEST(test_column_names)
{
    ck_assert_int_eq(yj_import_column("名称"), YJ_F_NAME);
    ck_assert_int_eq(yj_import_column("驿站名称"), YJ_F_NAME);
    ck_assert_int_eq(yj_import_column("Address"), YJ_F_ADDRESS);
    ck_assert_int_eq(yj_import_column("经度"), YJ_F_LON);
    ck_assert_int_eq(yj_import_column("lng"), YJ_F_LON);
    ck_assert_int_eq(yj_import_column("核查日期"), YJ_F_CHECKED_ON);
    ck_assert_int_eq(yj_import_column("坐标系"), YJ_F_COUNT);
    ck_assert_int_eq(yj_import_column("crs"), YJ_F_COUNT);
    ck_assert_int_eq(yj_import_column("序号"), -1);
    ck_assert_int_eq(yj_import_column(""), -1);
}
END_TEST

/* A database whose stations were all purged takes a sheet (with no
 * station to match, compare or close). */
START_TEST(test_import_into_a_database_without_stations)
{
    yj_editor *ed = NULL;
    yj_error err;
    result r;
    int i;

    ck_assert_int_eq(yj_editor_open(&ed, db_path, 1000, false, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "t", "purge all", &err), YJ_OK);
    for (i = 1; i <= 44; i++) {
        char id[8];
        snprintf(id, sizeof id, "XS%03d", i);
        ck_assert_msg(yj_editor_purge(ed, id, &err) == YJ_OK, "%s",
                      err.message);
    }
    ck_assert_int_eq(yj_editor_commit(NULL, ed, &err), YJ_OK);
    yj_editor_close(ed);
    ck_assert_uint_eq(in_service(), 0);
    imported(&r, "first.csv", "名称,地址\n甲,甲路\n乙,乙路\n", true, false);
    ck_assert_uint_eq(r.rep.added, 2);
    ck_assert_uint_eq(r.rep.closed, 0);
    ck_assert_uint_eq(in_service(), 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("import");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_upsert_changes_adds_and_reports_the_diff);
    tcase_add_test(tc, test_cells_are_normalised);
    tcase_add_test(tc, test_amenity_cells_read_as_the_query_filters);
    tcase_add_test(tc,
                   test_a_callback_that_stops_listening_does_not_stop_the_import);
    tcase_add_test(tc, test_replace_closes_the_stations_the_sheet_lacks);
    tcase_add_test(tc, test_dry_run_reports_and_leaves_the_file_byte_identical);
    tcase_add_test(tc, test_bad_rows_are_refused_and_nothing_is_written);
    tcase_add_test(tc, test_missing_file_is_an_io_error);
    tcase_add_test(tc, test_column_names);
    tcase_add_test(tc, test_import_into_a_database_without_stations);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

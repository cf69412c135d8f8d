/* check_check.c — yj_check_run (check.c) on crafted databases: a clean one
 * gives no finding at all; then each kind of finding is made on its own
 * and found, with its level, station, field and words: no coordinates, a
 * point outside the district, outside its township (as such, or a
 * GCJ-02 or BD-09 point stored as WGS84), a check overdue (a year to the
 * day is not; after today is an error; 29 February), opening hours that
 * break their rule, a phone of too few digits, the same name twice, two
 * stations 19 m apart, a location known only to the township.  Closed
 * stations are left out; errors come first, each level by id.  The
 * shipped data has warnings only.
 *
 * The synthetic district is a 0.3° × 0.2° box with one township, 测试镇,
 * a square about 2 km wide around 120.3,30.2 (the rows of
 * tests/cli/test_check.sh). */
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
    snprintf(db_path, sizeof db_path, "%s/d.sqlite", dir);
    tu_write(dir, "places.csv",
             "name,short_name,kind,district,lon,lat,coord_source,notes\n"
             "测试镇,测试,township,萧山区,120.3,30.2,test: synthetic,\n");
    tu_write(dir, "boundaries.csv",
             "name,level,source,wkt\n"
             "萧山区,district,test: synthetic,\"MULTIPOLYGON(((120.2 30.1,"
             "120.5 30.1,120.5 30.3,120.2 30.3,120.2 30.1)))\"\n"
             "测试镇,township,test: synthetic,\"MULTIPOLYGON(((120.2896088 "
             "30.1909791,120.3103912 30.1909791,120.3103912 30.2090209,"
             "120.2896088 30.2090209,120.2896088 30.1909791)))\"\n");
}

static void teardown(void)
{
    tu_rmdir(dir);
}

/* ---- the stations ------------------------------------------------------- */

#define HEADER "id,name,address,district,township,category,amenities," \
               "amenities_source,opening_hours,phone,lon,lat,coord_source," \
               "coord_precision,source,notes,checked_on,closed_on\n"

typedef struct sheet {
    char text[8192];
    size_t n;
} sheet;

/* One station of 测试镇: lon,lat as "120.3,30.2" or NULL for none. */
static void row(sheet *sh, const char *id, const char *name,
                const char *lonlat, const char *precision,
                const char *checked_on, const char *phone,
                const char *closed_on)
{
    int n = snprintf(sh->text + sh->n, sizeof sh->text - sh->n,
                     "%s,%s,测试镇测试路%s号,萧山区,测试镇,community,rest,"
                     "programme,Mo-Su 08:00-18:00,%s,%s,%s,%s,test,,%s,%s\n",
                     id, name, id, phone, lonlat ? lonlat : ",",
                     lonlat ? "test: synthetic" : "",
                     lonlat ? precision : "", checked_on, closed_on);

    ck_assert(n > 0 && (size_t)n < sizeof sh->text - sh->n);
    sh->n += (size_t)n;
}

/* Two good stations, more than 30 m apart, verified this year. */
static void clean(sheet *sh)
{
    sh->n = 0;
    sh->text[0] = '\0';
    row(sh, "C1", "甲站", "120.3,30.2", "door", "2026-06-01",
        "0571-82345678", "");
    row(sh, "C2", "乙站", "120.301,30.2", "poi", "2026-11-28",
        "13800000000", "");
}

static void build(const sheet *sh)
{
    char *text = malloc(strlen(HEADER) + sh->n + 1);

    ck_assert_ptr_nonnull(text);
    snprintf(text, strlen(HEADER) + sh->n + 1, "%s%s", HEADER, sh->text);
    tu_write(dir, "stations.csv", text);
    free(text);
    tu_build(dir, db_path);
}

/* ---- the findings ------------------------------------------------------- */

typedef struct found {
    struct {
        yj_check_level level;
        char id[16], field[24], message[320];
    } f[128];
    size_t n;
    size_t errors, warnings;
} found;

static int keep(void *payload, const yj_finding *f)
{
    found *fd = payload;

    ck_assert_uint_lt(fd->n, 128);
    fd->f[fd->n].level = f->level;
    snprintf(fd->f[fd->n].id, sizeof fd->f[0].id, "%s", f->id);
    snprintf(fd->f[fd->n].field, sizeof fd->f[0].field, "%s", f->field);
    snprintf(fd->f[fd->n].message, sizeof fd->f[0].message, "%s",
             f->message);
    fd->n++;
    return 0;
}

static void check_on(found *fd, const char *today)
{
    yj_db *db = NULL;
    yj_error err;

    memset(fd, 0, sizeof *fd);
    ck_assert_msg(yj_db_open(&db, db_path, &err) == YJ_OK, "%s",
                  err.message);
    ck_assert_msg(yj_check_run(&fd->errors, &fd->warnings, db, today, keep,
                               fd, &err) == YJ_OK,
                  "%s", err.message);
    yj_db_close(db);
    ck_assert_uint_eq(fd->errors + fd->warnings, fd->n);
}

/* The finding of station `id` on `field`, or NULL. */
static const char *finding(const found *fd, yj_check_level level,
                           const char *id, const char *field)
{
    size_t i;

    for (i = 0; i < fd->n; i++)
        if (fd->f[i].level == level && strcmp(fd->f[i].id, id) == 0 &&
            strcmp(fd->f[i].field, field) == 0)
            return fd->f[i].message;
    return NULL;
}

static void expect(const found *fd, yj_check_level level, const char *id,
                   const char *field, const char *words)
{
    const char *m = finding(fd, level, id, field);
    size_t i;

    if (m == NULL) {
        for (i = 0; i < fd->n; i++)
            fprintf(stderr, "  %s %s %s: %s\n",
                    fd->f[i].level == YJ_CHECK_ERROR ? "error" : "warning",
                    fd->f[i].id, fd->f[i].field, fd->f[i].message);
        ck_abort_msg("no %s for %s %s",
                     level == YJ_CHECK_ERROR ? "error" : "warning", id,
                     field);
    }
    ck_assert_msg(strstr(m, words) != NULL, "%s %s: '%s' lacks '%s'", id,
                  field, m, words);
}

/* ---- the cases ------------------------------------------------------------ */

START_TEST(test_clean_database_gives_no_finding)
{
    sheet sh;
    found fd;

    clean(&sh);
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.n, 0);
    ck_assert_uint_eq(fd.errors, 0);
    ck_assert_uint_eq(fd.warnings, 0);
}
END_TEST

START_TEST(test_station_without_coordinates_is_a_warning)
{
    sheet sh;
    found fd;

    clean(&sh);
    row(&sh, "C3", "丙站", NULL, "", "2026-06-01", "", "");
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 0);
    ck_assert_uint_eq(fd.warnings, 1);
    expect(&fd, YJ_CHECK_WARNING, "C3", "lon", "no coordinates yet");
}
END_TEST

/* A station line as it is ("ID,NAME,...": the whole row). */
static void raw(sheet *sh, const char *line)
{
    int n = snprintf(sh->text + sh->n, sizeof sh->text - sh->n, "%s\n",
                     line);

    ck_assert(n > 0 && (size_t)n < sizeof sh->text - sh->n);
    sh->n += (size_t)n;
}

/* Whatever the district field says: empty (a sheet row at Shanghai's
 * coordinates), or a district without an outline, the point is tested
 * against the district outline; a township the gazetteer places in a
 * district without an outline (义蓬街道 of 钱塘区) is not. */
START_TEST(test_point_outside_the_district_whatever_its_district_field)
{
    sheet sh;
    found fd;

    tu_write(dir, "places.csv",
             "name,short_name,kind,district,lon,lat,coord_source,notes\n"
             "测试镇,测试,township,萧山区,120.3,30.2,test: synthetic,\n"
             "外区镇,外区,township,钱塘区,120.6,30.4,test: synthetic,\n");
    clean(&sh);
    raw(&sh, "S1,上海站,上海市人民大道,,,community,rest,programme,,,"
             "121.47,31.23,test: synthetic,unknown,test,,2026-06-01,");
    raw(&sh, "S2,黄浦站,上海市黄浦区,黄浦区,,community,rest,programme,,,"
             "121.47,31.23,test: synthetic,unknown,test,,2026-06-01,");
    raw(&sh, "S3,外区站,外区镇某路,钱塘区,外区镇,community,rest,programme,"
             ",,120.6,30.4,test: synthetic,door,test,,2026-06-01,");
    raw(&sh, "S4,无区站,测试镇测试路,,测试镇,community,rest,programme,,,"
             "120.3,30.2,test: synthetic,door,test,,2026-06-01,");
    build(&sh);
    check_on(&fd, "2026-11-28");
    expect(&fd, YJ_CHECK_ERROR, "S1", "lon",
           "'上海站' at 121.470000,31.230000 lies outside 萧山区 (the "
           "district outline; its district is not set)");
    expect(&fd, YJ_CHECK_ERROR, "S2", "lon",
           "'黄浦站' at 121.470000,31.230000 lies outside 萧山区 (the "
           "district outline; its district '黄浦区' has none)");
    ck_assert_ptr_null(finding(&fd, YJ_CHECK_ERROR, "S3", "lon"));
    ck_assert_ptr_null(finding(&fd, YJ_CHECK_ERROR, "S4", "lon"));
    ck_assert_uint_eq(fd.errors, 2);
}
END_TEST

START_TEST(test_point_outside_the_district_is_an_error)
{
    sheet sh;
    found fd;

    clean(&sh);
    row(&sh, "C4", "远方站", "121.0,30.2", "door", "2026-06-01", "", "");
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 1);
    ck_assert_uint_eq(fd.warnings, 0);
    expect(&fd, YJ_CHECK_ERROR, "C4", "lon",
           "121.000000,30.200000 lies outside 萧山区");
}
END_TEST

/* A point 0.87 km east of the township's centre (inside), stored as
 * Amap or Baidu give it: about 0.5 and 1.2 km further east, outside the
 * township but inside the district.  Another one simply outside. */
START_TEST(test_point_outside_its_township_names_the_crs_mix_up)
{
    yj_lonlat truth = {120.309, 30.2}, gcj, bd;
    char gcj_text[64], bd_text[64];
    yj_error err;
    sheet sh;
    found fd;

    ck_assert_int_eq(yj_crs_convert(&gcj, truth, YJ_CRS_WGS84, YJ_CRS_GCJ02,
                                    &err), YJ_OK);
    ck_assert_int_eq(yj_crs_convert(&bd, truth, YJ_CRS_WGS84, YJ_CRS_BD09,
                                    &err), YJ_OK);
    ck_assert_double_gt(gcj.lon, 120.3103912); /* outside, as stored */
    ck_assert_double_gt(bd.lon, 120.3103912);
    snprintf(gcj_text, sizeof gcj_text, "%.6f,%.6f", gcj.lon, gcj.lat);
    snprintf(bd_text, sizeof bd_text, "%.6f,%.6f", bd.lon, bd.lat);
    clean(&sh);
    row(&sh, "C5", "高德站", gcj_text, "poi", "2026-06-01", "", "");
    row(&sh, "C6", "百度站", bd_text, "poi", "2026-06-01", "", "");
    row(&sh, "C7", "镇外站", "120.4,30.25", "door", "2026-06-01", "", "");
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 3);
    ck_assert_uint_eq(fd.warnings, 0);
    expect(&fd, YJ_CHECK_ERROR, "C5", "lon", "inside once read as GCJ-02");
    expect(&fd, YJ_CHECK_ERROR, "C6", "lon", "inside once read as BD-09");
    expect(&fd, YJ_CHECK_ERROR, "C7", "lon",
           "120.400000,30.250000 lies outside its township 测试镇");
}
END_TEST

START_TEST(test_overdue_and_future_checks)
{
    sheet sh;
    found fd;

    clean(&sh);
    row(&sh, "C3", "丙站", "120.302,30.2", "door", "2025-11-27", "", "");
    row(&sh, "C4", "丁站", "120.303,30.2", "door", "2025-11-28", "", "");
    row(&sh, "C5", "戊站", "120.304,30.2", "door", "", "", "");
    build(&sh);
    /* a date after today is not in stations.csv's rules: set it after */
    tu_sql(db_path, "UPDATE stations SET checked_on = '2026-12-01' "
                    "WHERE id = 'C2'");
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 1);
    ck_assert_uint_eq(fd.warnings, 2);
    expect(&fd, YJ_CHECK_WARNING, "C3", "checked_on",
           "last verified on 2025-11-27, more than a year before "
           "2026-11-28");
    ck_assert_ptr_null(finding(&fd, YJ_CHECK_WARNING, "C4", "checked_on"));
    expect(&fd, YJ_CHECK_WARNING, "C5", "checked_on", "never verified");
    expect(&fd, YJ_CHECK_ERROR, "C2", "checked_on",
           "2026-12-01 is after today (2026-11-28)");
    /* a year later C4 is due too, C1 (2026-06-01) not yet */
    check_on(&fd, "2026-11-29");
    expect(&fd, YJ_CHECK_WARNING, "C4", "checked_on", "2025-11-28");
    ck_assert_ptr_null(finding(&fd, YJ_CHECK_WARNING, "C1", "checked_on"));
    /* 29 February: a year before it is 28 February */
    tu_sql(db_path, "UPDATE stations SET checked_on = '2027-02-28' WHERE id "
                    "= 'C1'; UPDATE stations SET checked_on = '2027-02-27' "
                    "WHERE id = 'C2'");
    check_on(&fd, "2028-02-29");
    ck_assert_ptr_null(finding(&fd, YJ_CHECK_WARNING, "C1", "checked_on"));
    expect(&fd, YJ_CHECK_WARNING, "C2", "checked_on", "2027-02-27");
}
END_TEST

START_TEST(test_bad_hours_and_phone_are_found)
{
    sheet sh;
    found fd;

    clean(&sh);
    row(&sh, "C3", "丙站", "120.302,30.2", "door", "2026-06-01", "0571-12",
        "");
    build(&sh);
    /* the build refuses such hours: another program wrote them */
    tu_sql(db_path, "UPDATE stations SET opening_hours = 'Mo-Fr 18:00+' "
                    "WHERE id = 'C1'");
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 1);
    ck_assert_uint_eq(fd.warnings, 1);
    expect(&fd, YJ_CHECK_ERROR, "C1", "opening_hours",
           "open ends (18:00+) are not supported");
    expect(&fd, YJ_CHECK_WARNING, "C3", "phone", "'0571-12' has 6 digits");
}
END_TEST

START_TEST(test_same_name_and_near_duplicates)
{
    sheet sh;
    found fd;

    clean(&sh);
    row(&sh, "C3", "甲站", "120.305,30.2", "door", "2026-06-01", "", "");
    row(&sh, "C4", "近邻站", "120.3002,30.2", "door", "2026-06-01", "", "");
    /* only to the township: not a near duplicate, but a warning */
    row(&sh, "C5", "镇级站", "120.3,30.2", "township", "2026-06-01", "", "");
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 1);
    ck_assert_uint_eq(fd.warnings, 2);
    expect(&fd, YJ_CHECK_ERROR, "C3", "name",
           "'甲站' is also the name of C1");
    expect(&fd, YJ_CHECK_WARNING, "C4", "lon",
           "19 m from C1: the same station twice?");
    expect(&fd, YJ_CHECK_WARNING, "C5", "coord_precision",
           "located only to its township");
}
END_TEST

START_TEST(test_closed_stations_are_left_out)
{
    sheet sh;
    found fd;

    clean(&sh);
    /* everything wrong, but closed */
    row(&sh, "C3", "甲站", "121.0,30.2", "door", "2020-01-01", "12",
        "2026-01-01");
    row(&sh, "C4", "无坐标站", NULL, "", "", "", "2026-01-01");
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.n, 0);
}
END_TEST

START_TEST(test_errors_come_first_each_level_by_id)
{
    sheet sh;
    found fd;
    size_t i;

    clean(&sh);
    row(&sh, "C9", "远方站", "121.0,30.2", "door", "", "", "");
    row(&sh, "C3", "无坐标站", NULL, "", "2026-06-01", "", "");
    row(&sh, "C8", "甲站", "120.306,30.2", "door", "2025-01-01", "", "");
    build(&sh);
    check_on(&fd, "2026-11-28");
    ck_assert_uint_eq(fd.errors, 2);
    ck_assert_uint_eq(fd.warnings, 3);
    for (i = 1; i < fd.n; i++) {
        ck_assert_msg(fd.f[i - 1].level <= fd.f[i].level,
                      "a warning before an error");
        if (fd.f[i - 1].level == fd.f[i].level)
            ck_assert_msg(strcmp(fd.f[i - 1].id, fd.f[i].id) <= 0,
                          "%s before %s", fd.f[i - 1].id, fd.f[i].id);
    }
    ck_assert_str_eq(fd.f[0].id, "C8");
    ck_assert_str_eq(fd.f[1].id, "C9");
    ck_assert_str_eq(fd.f[2].id, "C3");
}
END_TEST

START_TEST(test_shipped_data_has_warnings_only)
{
    yj_db *db = NULL;
    yj_error err;
    size_t errors = 99, warnings = 0;
    found fd;

    tu_build(tu_data_dir(), db_path);
    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    /* without a callback: only the counts */
    ck_assert_int_eq(yj_check_run(&errors, &warnings, db, "2026-11-28", NULL,
                                  NULL, &err), YJ_OK);
    yj_db_close(db);
    ck_assert_uint_eq(errors, 0);
    /* 40 located only to their township, 4 without coordinates, 44 never
     * verified on site */
    ck_assert_uint_eq(warnings, 88);
    check_on(&fd, "2026-11-28");
    expect(&fd, YJ_CHECK_WARNING, "XS001", "checked_on", "never verified");
    expect(&fd, YJ_CHECK_WARNING, "XS044", "lon", "no coordinates yet");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_clean_database_gives_no_finding);
    tcase_add_test(tc, test_station_without_coordinates_is_a_warning);
    tcase_add_test(tc, test_point_outside_the_district_is_an_error);
    tcase_add_test(tc,
                   test_point_outside_the_district_whatever_its_district_field);
    tcase_add_test(tc, test_point_outside_its_township_names_the_crs_mix_up);
    tcase_add_test(tc, test_overdue_and_future_checks);
    tcase_add_test(tc, test_bad_hours_and_phone_are_found);
    tcase_add_test(tc, test_same_name_and_near_duplicates);
    tcase_add_test(tc, test_closed_stations_are_left_out);
    tcase_add_test(tc, test_errors_come_first_each_level_by_id);
    tcase_add_test(tc, test_shipped_data_has_warnings_only);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

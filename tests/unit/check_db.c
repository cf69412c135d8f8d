/* check_db.c — building the SpatiaLite database (count, geometry type,
 * SRID, spatial index, schema version, size), the all-or-nothing build,
 * and the read path (open, list with filters, get). */
#include "dataset.h"
#include "test_util.h"

#include <sqlite3.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[256];
static char db_path[512];

/* A fresh database built from the shipped data, per test. */
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

START_TEST(test_build_writes_44_points_in_4326_with_index)
{
    yj_build_report rep;
    yj_dataset *ds = NULL;
    yj_error err;
    struct stat st;

    ck_assert_int_eq(query_int("SELECT count(*) FROM stations"), 44);
    ck_assert_int_eq(query_int("SELECT count(*) FROM stations WHERE geom IS "
                               "NOT NULL"), 40);
    /* SpatiaLite's metadata: POINT (1), XY, SRID 4326, indexed. */
    ck_assert_int_eq(query_int("SELECT geometry_type FROM geometry_columns "
                               "WHERE f_table_name = 'stations'"), 1);
    ck_assert_int_eq(query_int("SELECT srid FROM geometry_columns WHERE "
                               "f_table_name = 'stations'"), 4326);
    ck_assert_int_eq(query_int("SELECT spatial_index_enabled FROM "
                               "geometry_columns WHERE f_table_name = "
                               "'stations'"), 1);
    /* The R*Tree is populated, one box per located station. */
    ck_assert_int_eq(query_int("SELECT count(*) FROM idx_stations_geom"), 40);
    ck_assert_int_eq(query_int("PRAGMA user_version"), YJ_SCHEMA_VERSION);
    ck_assert_int_eq(query_int("SELECT count(*) FROM townships"), 28);
    ck_assert_int_eq(query_int("SELECT count(*) FROM townships WHERE geom "
                               "IS NOT NULL"), 25);
    ck_assert_int_eq(query_int("SELECT geometry_type FROM geometry_columns "
                               "WHERE f_table_name = 'townships'"), 6);
    ck_assert_int_eq(query_int("SELECT count(*) FROM districts"), 1);
    /* Only the SRIDs we use: no 6,000-row EPSG table. */
    ck_assert_int_le(query_int("SELECT count(*) FROM spatial_ref_sys"), 2);
    ck_assert_int_eq(stat(db_path, &st), 0);
    ck_assert_int_lt(st.st_size, 1024 * 1024);

    /* The report agrees with the file. */
    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    ck_assert_int_eq(yj_db_build(&rep, db_path, ds, &err), YJ_OK);
    ck_assert_uint_eq(rep.stations, 44);
    ck_assert_uint_eq(rep.stations_located, 40);
    ck_assert_uint_eq(rep.townships, 28);
    ck_assert_uint_eq(rep.township_polygons, 25);
    yj_dataset_free(ds);
}
END_TEST

START_TEST(test_point_matches_lon_lat_columns)
{
    ck_assert_int_eq(query_int("SELECT count(*) FROM stations WHERE geom IS "
                               "NOT NULL AND (SELECT xmin FROM "
                               "idx_stations_geom WHERE pkid = fid) "
                               "BETWEEN lon - 1e-4 AND lon + 1e-4"), 40);
}
END_TEST

static size_t count_files(const char *d)
{
    DIR *dp = opendir(d);
    struct dirent *e;
    size_t n = 0;

    ck_assert_ptr_nonnull(dp);
    while ((e = readdir(dp)) != NULL)
        n += e->d_name[0] != '.';
    closedir(dp);
    return n;
}

START_TEST(test_failed_build_leaves_previous_file_untouched)
{
    yj_dataset *ds = NULL;
    yj_error err;
    size_t before_len, after_len;
    char *before = tu_read(db_path, &before_len), *after;
    char *wkt;

    /* A dataset that loads but fails inside the build: broken WKT. */
    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    wkt = ds->townships[0].wkt;
    ds->townships[0].wkt = strdup("MULTIPOLYGON(((1 2, oops)))");
    free(wkt);
    ck_assert_int_ne(yj_db_build(NULL, db_path, ds, &err), YJ_OK);
    ck_assert_ptr_nonnull(strstr(err.message, "boundaries.csv:"));
    ck_assert_ptr_nonnull(strstr(err.message, "wkt: not valid polygon"));
    yj_dataset_free(ds);

    after = tu_read(db_path, &after_len);
    ck_assert_uint_eq(before_len, after_len);
    ck_assert(memcmp(before, after, before_len) == 0);
    ck_assert_uint_eq(count_files(dir), 1); /* no temporary left behind */
    free(before);
    free(after);
}
END_TEST

START_TEST(test_build_into_missing_directory_fails_cleanly)
{
    yj_dataset *ds = NULL;
    yj_error err;

    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    ck_assert_int_eq(yj_db_build(NULL, "/nonexistent/dir/x.sqlite", ds, &err),
                     YJ_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/dir/x.sqlite"));
    yj_dataset_free(ds);
}
END_TEST

START_TEST(test_open_refuses_missing_and_foreign_files)
{
    yj_db *db = NULL;
    yj_error err;
    sqlite3 *sql = NULL;
    const char *foreign = tu_path(dir, "other.sqlite");

    ck_assert_int_eq(yj_db_open(&db, tu_path(dir, "none.sqlite"), &err),
                     YJ_EIO);
    ck_assert_ptr_null(db);
    ck_assert_int_eq(sqlite3_open(foreign, &sql), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(sql, "CREATE TABLE t(x)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(sql);
    ck_assert_int_eq(yj_db_open(&db, foreign, &err), YJ_ESCHEMA);
    ck_assert_ptr_nonnull(strstr(err.message, "schema version 0"));
    tu_write(dir, "text.sqlite", "not a database at all, just text\n");
    ck_assert_int_eq(yj_db_open(&db, tu_path(dir, "text.sqlite"), &err),
                     YJ_ESCHEMA);
    ck_assert_ptr_null(db);
}
END_TEST

START_TEST(test_process_init_must_come_first)
{
    yj_error err;

    ck_assert_int_eq(sqlite3_initialize(), SQLITE_OK);
    ck_assert_int_eq(yj_db_process_init(&err), YJ_EDB);
    ck_assert_ptr_nonnull(strstr(err.message, "must come first"));
}
END_TEST

typedef struct collected {
    char ids[64][16];
    size_t n;
} collected;

static int collect(void *payload, const yj_station *s)
{
    collected *c = payload;

    if (c->n < 64)
        snprintf(c->ids[c->n], sizeof c->ids[0], "%s", s->text[YJ_F_ID]);
    c->n++;
    return 0;
}

START_TEST(test_list_filters_by_township_short_name_and_category)
{
    yj_db *db = NULL;
    yj_error err;
    collected c;
    yj_filter f = {.township = "盈丰"};

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(yj_db_list(db, &f, collect, &c, &err), YJ_OK);
    ck_assert_uint_eq(c.n, 3);
    ck_assert_str_eq(c.ids[0], "XS023");
    ck_assert_str_eq(c.ids[2], "XS040");

    f.township = "城厢街道";
    f.category = "bank";
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(yj_db_list(db, &f, collect, &c, &err), YJ_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.ids[0], "XS041");

    f.township = "火星";
    f.category = NULL;
    ck_assert_int_eq(yj_db_list(db, &f, collect, &c, &err), YJ_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "火星"));
    /* the error names the input, so the tool need not read the message */
    ck_assert_int_eq(err.input, YJ_INPUT_TOWNSHIP);
    f.township = NULL;
    f.category = "castle";
    ck_assert_int_eq(yj_db_list(db, &f, collect, &c, &err), YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_CATEGORY);
    f.category = NULL;
    f.amenities = "township";
    ck_assert_int_eq(yj_db_list(db, &f, collect, &c, &err), YJ_ENOTFOUND);
    ck_assert_int_eq(err.input, YJ_INPUT_AMENITY);
    f.amenities = NULL;

    /* No filter: all, townships in order, those without a township last. */
    memset(&c, 0, sizeof c);
    ck_assert_int_eq(yj_db_list(db, NULL, collect, &c, &err), YJ_OK);
    ck_assert_uint_eq(c.n, 44);
    ck_assert_str_eq(c.ids[42], "XS016");
    ck_assert_str_eq(c.ids[43], "XS044");
    yj_db_close(db);
}
END_TEST

START_TEST(test_get_is_case_insensitive_and_reports_missing)
{
    yj_db *db = NULL;
    yj_station s;
    yj_error err;

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    ck_assert_int_eq(yj_db_get(&s, db, "xs029", &err), YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_OPENING_HOURS], "24/7");
    ck_assert_str_eq(s.text[YJ_F_LON], "120.538191");
    ck_assert(s.has_point);
    yj_station_clear(&s);
    err.input = YJ_INPUT_TOWNSHIP; /* left from an earlier error */
    ck_assert_int_eq(yj_db_get(&s, db, "XS045", &err), YJ_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "XS045"));
    ck_assert_int_eq(err.input, YJ_INPUT_NONE);
    ck_assert_int_eq(yj_db_get(&s, db, "XS016", &err), YJ_OK);
    ck_assert(!s.has_point);
    ck_assert_str_eq(s.text[YJ_F_LON], "");
    yj_station_clear(&s);
    yj_db_close(db);
}
END_TEST

START_TEST(test_database_round_trips_stations_csv_byte_for_byte)
{
    yj_db *db = NULL;
    yj_writer *w = NULL;
    yj_error err;
    char *buf = NULL, *want;
    size_t len = 0, i;
    FILE *fp = open_memstream(&buf, &len);

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    ck_assert_int_eq(yj_writer_new(&w, fp, YJ_FORMAT_CSV, false, &err), YJ_OK);
    for (i = 1; i <= 44; i++) {
        char id[8];
        yj_station s;
        snprintf(id, sizeof id, "XS%03zu", i);
        ck_assert_int_eq(yj_db_get(&s, db, id, &err), YJ_OK);
        ck_assert_int_eq(yj_writer_station(w, &s, &err), YJ_OK);
        yj_station_clear(&s);
    }
    ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
    fclose(fp);
    want = tu_read(tu_path(tu_data_dir(), "stations.csv"), NULL);
    tu_assert_same_text(buf, want);
    free(want);
    free(buf);
    yj_writer_free(w);
    yj_db_close(db);
}
END_TEST

typedef struct towns_seen {
    size_t n, chengxiang_stations;
    int yingfeng_point, yingfeng_polygon;
} towns_seen;

static int see_township(void *payload, const yj_township_info *t)
{
    towns_seen *seen = payload;

    seen->n++;
    if (strcmp(t->name, "城厢街道") == 0) {
        ck_assert_str_eq(t->short_name, "城厢");
        seen->chengxiang_stations = t->stations;
    }
    if (strcmp(t->name, "盈丰街道") == 0) {
        seen->yingfeng_point = t->has_point;
        seen->yingfeng_polygon = t->has_polygon;
    }
    return 0;
}

START_TEST(test_townships_report_counts_and_geometry)
{
    yj_db *db = NULL;
    yj_error err;
    towns_seen seen = {0, 0, -1, -1};

    ck_assert_int_eq(yj_db_open(&db, db_path, &err), YJ_OK);
    ck_assert_int_eq(yj_db_townships(db, see_township, &seen, &err), YJ_OK);
    ck_assert_uint_eq(seen.n, 28);
    ck_assert_uint_eq(seen.chengxiang_stations, 7);
    ck_assert_int_eq(seen.yingfeng_point, 0);   /* no polygon of its own */
    ck_assert_int_eq(seen.yingfeng_polygon, 0);
    yj_db_close(db);
}
END_TEST

/* A long-lived editor (a server's) whose file a build replaced: its next
 * change is refused, not written into the old file (where it would be
 * lost) with a journal that the new file would take for its own. */
START_TEST(test_editor_refuses_a_change_after_a_rebuild)
{
    yj_editor *ed = NULL;
    yj_dataset *ds = NULL;
    yj_error err;

    ck_assert_int_eq(yj_editor_open(&ed, db_path, 1000, false, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "test", "test", &err), YJ_OK);
    yj_editor_rollback(ed);
    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    ck_assert_msg(yj_db_build(NULL, db_path, ds, &err) == YJ_OK, "%s",
                  err.message);
    yj_dataset_free(ds);
    ck_assert_int_eq(yj_editor_begin(ed, "test", "test", &err), YJ_EBUSY);
    ck_assert_ptr_nonnull(strstr(err.message, "was rebuilt or replaced"));
    yj_editor_close(ed);
    /* the new file is sound and opens for changes */
    ck_assert_int_eq(yj_editor_open(&ed, db_path, 1000, false, &err), YJ_OK);
    ck_assert_int_eq(yj_editor_begin(ed, "test", "test", &err), YJ_OK);
    yj_editor_close(ed);
    ck_assert_int_eq(query_int("SELECT count(*) FROM stations"), 44);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_build_writes_44_points_in_4326_with_index);
    tcase_add_test(tc, test_point_matches_lon_lat_columns);
    tcase_add_test(tc, test_failed_build_leaves_previous_file_untouched);
    tcase_add_test(tc, test_build_into_missing_directory_fails_cleanly);
    tcase_add_test(tc, test_open_refuses_missing_and_foreign_files);
    tcase_add_test(tc, test_process_init_must_come_first);
    tcase_add_test(tc, test_list_filters_by_township_short_name_and_category);
    tcase_add_test(tc, test_get_is_case_insensitive_and_reports_missing);
    tcase_add_test(tc, test_database_round_trips_stations_csv_byte_for_byte);
    tcase_add_test(tc, test_townships_report_counts_and_geometry);
    tcase_add_test(tc, test_editor_refuses_a_change_after_a_rebuild);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

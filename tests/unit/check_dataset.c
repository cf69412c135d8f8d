/* check_dataset.c — loading the data directory: the shipped data, and the
 * cross-file rules (unique ids, known townships, polygons of known places). */
#include "dataset.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_shipped_data_has_44_stations_in_seed_order)
{
    yj_dataset *ds = NULL;
    yj_error err;
    size_t i, located = 0;

    ck_assert_msg(yj_dataset_load(&ds, tu_data_dir(), &err) == YJ_OK, "%s",
                  err.message);
    ck_assert_uint_eq(yj_dataset_station_count(ds), 44);
    for (i = 0; i < 44; i++) {
        char id[8];
        const yj_station *s = yj_dataset_station(ds, i);
        snprintf(id, sizeof id, "XS%03zu", i + 1);
        ck_assert_str_eq(s->text[YJ_F_ID], id);
        located += s->has_point;
        /* Never more precise than the township-level source. */
        if (s->has_point)
            ck_assert_str_eq(s->text[YJ_F_COORD_PRECISION], "township");
    }
    ck_assert_str_eq(yj_dataset_station(ds, 0)->text[YJ_F_NAME],
                     "萧山区城厢街道休博园社区爱心驿家");
    ck_assert_str_eq(yj_dataset_station(ds, 43)->text[YJ_F_ADDRESS],
                     "萧山区通惠南路207号");
    ck_assert_uint_eq(located, 40);
    ck_assert_uint_eq(ds->n_townships, 28);
    ck_assert_uint_eq(ds->n_districts, 1);
    ck_assert_ptr_null(yj_dataset_station(ds, 44));
    yj_dataset_free(ds);
}
END_TEST

START_TEST(test_yipeng_belongs_to_qiantang)
{
    yj_dataset *ds = NULL;
    yj_error err;
    size_t i;

    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    for (i = 0; i < yj_dataset_station_count(ds); i++) {
        const yj_station *s = yj_dataset_station(ds, i);
        const char *want = strcmp(s->text[YJ_F_TOWNSHIP], "义蓬街道") == 0
                               ? "钱塘区" : "萧山区";
        ck_assert_str_eq(s->text[YJ_F_DISTRICT], want);
    }
    yj_dataset_free(ds);
}
END_TEST

/* Copy the shipped data into a scratch dir, replace `from` by `to` in
 * `file` (first occurrence), load, and expect `fragment` in the error. */
static void expect_load_error(const char *file, const char *from,
                              const char *to, const char *fragment)
{
    const char *dir = tu_tmpdir();
    char *text, *hit, *edited;
    yj_dataset *ds = NULL;
    yj_error err;
    size_t n;

    tu_copy_data(dir);
    text = tu_read(tu_path(dir, file), NULL);
    hit = strstr(text, from);
    ck_assert_msg(hit != NULL, "'%s' not in %s", from, file);
    n = strlen(text) - strlen(from) + strlen(to) + 1;
    edited = malloc(n);
    snprintf(edited, n, "%.*s%s%s", (int)(hit - text), text, to,
             hit + strlen(from));
    tu_write(dir, file, edited);
    ck_assert_int_ne(yj_dataset_load(&ds, dir, &err), YJ_OK);
    ck_assert_ptr_null(ds);
    ck_assert_msg(strstr(err.message, fragment) != NULL,
                  "message '%s' lacks '%s'", err.message, fragment);
    free(text);
    free(edited);
    tu_rmdir(dir);
}

START_TEST(test_duplicate_id_names_both_lines)
{
    expect_load_error("stations.csv", "XS005,", "XS003,",
                      "stations.csv:6: id: 'XS003' is already used on line 4");
}
END_TEST

START_TEST(test_duplicate_id_ignores_case)
{
    expect_load_error("stations.csv", "XS005,", "xs003,",
                      "id: 'xs003' is already used on line 4");
}
END_TEST

START_TEST(test_unknown_township_is_refused)
{
    expect_load_error("stations.csv", ",城厢街道,community", ",城厢街,community",
                      "stations.csv:2: township: '城厢街' is not in places.csv");
}
END_TEST

START_TEST(test_polygon_of_unknown_place_is_refused)
{
    expect_load_error("boundaries.csv", "临浦镇,township", "临浦市,township",
                      "boundaries.csv:3: name: '临浦市' is not in places.csv");
}
END_TEST

START_TEST(test_bad_place_coordinate_is_refused)
{
    expect_load_error("places.csv", "120.240286", "120.24x",
                      "places.csv:2: lon: '120.24x' is not a longitude");
}
END_TEST

START_TEST(test_missing_file_is_named)
{
    const char *dir = tu_tmpdir();
    yj_dataset *ds = NULL;
    yj_error err;

    ck_assert_int_eq(yj_dataset_load(&ds, dir, &err), YJ_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "places.csv"));
    tu_rmdir(dir);
}
END_TEST

/* Issue 19, defect 8: boundary text is checked before SpatiaLite sees it;
 * 1e300, inf and the whole world were built and then hung coverage. */
START_TEST(test_wkt_is_checked_before_spatialite)
{
    static const struct {
        const char *wkt, *message;
    } bad[] = {
        {"MULTIPOLYGON(((1e300 30,120.1 30,120.1 30.1,1e300 30)))",
         "longitude 1e300 is out of range (-180..180) at character 16"},
        {"MULTIPOLYGON(((120 30,inf 30,120.1 30.1,120 30)))",
         "longitude 'inf' is not a number at character 23"},
        {"POLYGON((120 30,120.1 -1e999,120.1 30.1,120 30))",
         "latitude -1e999 is out of range (-90..90)"},
        {"MULTIPOLYGON(((-180 -90,180 -90,180 90,-180 90,-180 -90)))",
         "the polygon spans 360° × 180°"},
        {"POLYGON((120 30,120.1 30,120.1 30.1,120 30.1))",
         "a ring that does not end at its first point"},
        {"POLYGON((120 30,120.1 30,120 30))", "a ring of fewer than 4 points"},
        {"POLYGON(())", "expected a number at character 10"},
        {"POLYGON((120 30,120.1 30,120.1 30.1,120 30)", "closing the polygon"},
        {"POLYGON((120 30,120.1 30,120.1 30.1,120 30))x",
         "text after the polygon at character 45 (found 'x')"},
        {"POLYGON((120,30,120.1 30,120.1 30.1,120 30))",
         "expected a space between lon and lat"},
        {"POLYGON Z((120 30 1,120.1 30 1,120.1 30.1 1,120 30 1))",
         "expected '(' opening a polygon"},
        {"POLYGON EMPTY", "expected '(' opening a polygon"},
        {"POINT(120 30)", "expected POLYGON or MULTIPOLYGON at character 1"},
        {"", "found the end"},
        {"MULTIPOLYGON(((0x10 30,120.1 30,120.1 30.1,0x10 30)))",
         "longitude '0x10' is not a number"},
    };
    yj_error err;
    yj_box box;
    size_t i, points = 0;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        ck_assert_msg(yj_wkt_check(&box, &points, bad[i].wkt, &err) ==
                          YJ_EINVAL, "accepted %s", bad[i].wkt);
        ck_assert_msg(strstr(err.message, bad[i].message) != NULL,
                      "'%s': message '%s' lacks '%s'", bad[i].wkt,
                      err.message, bad[i].message);
    }
    ck_assert_int_eq(yj_wkt_check(&box, &points,
                                  " MULTIPOLYGON ( ( ( 120 30 , 120.1 30 , "
                                  "120.1 30.1 , 120 30 ) , (120.02 30.02,"
                                  "120.05 30.02,120.05 30.05,120.02 30.02)), "
                                  "((121 31,121.1 31,121.1 31.1,121 31))) ",
                                  &err), YJ_OK);
    ck_assert_uint_eq(points, 12);
    ck_assert_double_eq(box.west, 120);
    ck_assert_double_eq(box.east, 121.1);
    ck_assert_double_eq(box.south, 30);
    ck_assert_double_eq(box.north, 31.1);
}
END_TEST

START_TEST(test_bad_boundary_stops_the_load)
{
    const char *dir = tu_tmpdir();
    yj_dataset *ds = NULL;
    yj_error err;

    tu_copy_data(dir);
    tu_write(dir, "boundaries.csv",
             "name,level,source,wkt\n"
             "萧山区,district,test,\"MULTIPOLYGON(((120 30,120.5 30,120.5 "
             "30.3,120 30)))\"\n"
             "城厢街道,township,test,\"MULTIPOLYGON(((120 30,inf 30,120.1 "
             "30.1,120 30)))\"\n");
    ck_assert_int_eq(yj_dataset_load(&ds, dir, &err), YJ_EINVAL);
    ck_assert_ptr_null(ds);
    ck_assert_msg(strstr(err.message, "boundaries.csv:3: wkt: not valid "
                                      "polygon text: longitude 'inf' is "
                                      "not a number") !=
                      NULL, "%s", err.message);
    tu_rmdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dataset");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_shipped_data_has_44_stations_in_seed_order);
    tcase_add_test(tc, test_yipeng_belongs_to_qiantang);
    tcase_add_test(tc, test_duplicate_id_names_both_lines);
    tcase_add_test(tc, test_duplicate_id_ignores_case);
    tcase_add_test(tc, test_unknown_township_is_refused);
    tcase_add_test(tc, test_polygon_of_unknown_place_is_refused);
    tcase_add_test(tc, test_bad_place_coordinate_is_refused);
    tcase_add_test(tc, test_missing_file_is_named);
    tcase_add_test(tc, test_wkt_is_checked_before_spatialite);
    tcase_add_test(tc, test_bad_boundary_stops_the_load);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

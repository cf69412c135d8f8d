/* check_station.c — the station record: header mapping and every
 * validation rule, each failing with FILE:LINE: FIELD and the value. */
#include "error.h"
#include "station.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#define HEADER "id,name,address,township,category,amenities,lon,lat," \
               "coord_source,coord_precision\n"
#define GOOD_TAIL "城厢街道,community,drinking_water;rest,120.25,30.16,ref,township\n"

/* Parse a two-line CSV (header + one row); fill *s on success. */
static yj_code parse_row(yj_station *s, const char *text, yj_error *err)
{
    yj_csv_reader *r = NULL;
    const yj_csv_record *rec;
    yj_columns cols;
    yj_code rc;

    memset(s, 0, sizeof *s);
    ck_assert_int_eq(yj_csv_reader_new(&r, text, strlen(text), "s.csv", ',',
                                       err), YJ_OK);
    ck_assert_int_eq(yj_csv_read(&rec, r, err), YJ_OK);
    rc = yj_columns_from_header(&cols, rec, "s.csv", err);
    if (rc == YJ_OK) {
        ck_assert_int_eq(yj_csv_read(&rec, r, err), YJ_OK);
        ck_assert_ptr_nonnull(rec);
        rc = yj_station_from_record(s, &cols, rec, "s.csv", err);
    }
    yj_csv_reader_free(r);
    return rc;
}

static void expect_error(const char *text, const char *fragment)
{
    yj_station s;
    yj_error err;

    memset(&err, 0, sizeof err);
    ck_assert_msg(parse_row(&s, text, &err) != YJ_OK, "accepted: %s", text);
    ck_assert_msg(strstr(err.message, fragment) != NULL,
                  "message '%s' lacks '%s'", err.message, fragment);
    ck_assert_ptr_null(s.text[YJ_F_ID]); /* left cleared */
}

START_TEST(test_good_row_parses_with_point)
{
    yj_station s;
    yj_error err;

    ck_assert_int_eq(parse_row(&s, HEADER "XS001,驿站,地址," GOOD_TAIL, &err),
                     YJ_OK);
    ck_assert_str_eq(s.text[YJ_F_NAME], "驿站");
    ck_assert(s.has_point);
    ck_assert_double_eq(s.lon, 120.25);
    ck_assert_double_eq(s.lat, 30.16);
    ck_assert_str_eq(s.text[YJ_F_NOTES], ""); /* absent column: empty */
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_row_without_coordinates_has_no_point)
{
    yj_station s;
    yj_error err;

    ck_assert_int_eq(parse_row(&s, HEADER "XS002,驿站,地址,,,,,,,\n", &err),
                     YJ_OK);
    ck_assert(!s.has_point);
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_non_numeric_coordinate_is_named)
{
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120.1x,30.2,r,township\n",
                 "s.csv row 2, column 经度 (lon): '120.1x' is not a number");
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120.1,nan,r,township\n",
                 "s.csv row 2, column 纬度 (lat): 'nan' is not a number");
    expect_error(HEADER "XS001,n,a,城厢街道,community,,0x10,30,r,township\n",
                 "column 经度 (lon): '0x10' is not a number");
}
END_TEST

START_TEST(test_out_of_range_coordinate_is_named)
{
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120.1,91.2,r,township\n",
                 "s.csv row 2, column 纬度 (lat): 91.2 is out of range");
    expect_error(HEADER "XS001,n,a,城厢街道,community,,181,30,r,township\n",
                 "s.csv row 2, column 经度 (lon): 181 is out of range");
}
END_TEST

/* Issue 19: "lon: '1e-400' is not a number" — it is a number, too small
 * for a double: 0.  One too large is out of range, not "not a number". */
START_TEST(test_underflow_is_zero_overflow_out_of_range)
{
    yj_station s;
    yj_error err;

    ck_assert_int_eq(parse_row(&s, HEADER "XS001,n,a,城厢街道,community,,"
                                          "1e-400,30,r,township\n", &err),
                     YJ_OK);
    ck_assert(s.has_point);
    ck_assert_double_eq(s.lon, 0.0);
    yj_station_clear(&s);
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120,1e999,r,township\n",
                 "s.csv row 2, column 纬度 (lat): 1e999 is out of range (-90..90)");
    expect_error(HEADER "XS001,n,a,城厢街道,community,,-1e400,30,r,township\n",
                 "s.csv row 2, column 经度 (lon): -1e400 is out of range (-180..180)");
}
END_TEST

START_TEST(test_half_a_point_is_an_error)
{
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120.1,,r,township\n",
                 "column 纬度 (lat): empty while 经度 is '120.1'");
}
END_TEST

START_TEST(test_point_needs_source_and_precision)
{
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120.1,30.1,,township\n",
                 "column 坐标来源 (coord_source): empty");
    expect_error(HEADER "XS001,n,a,城厢街道,community,,120.1,30.1,r,exact\n",
                 "column 坐标精度 (coord_precision): 'exact' is not surveyed, door");
    expect_error(HEADER "XS001,n,a,城厢街道,community,,,,r,township\n",
                 "column 坐标精度 (coord_precision): 'township' given without lon,lat");
}
END_TEST

START_TEST(test_wrong_column_count_is_an_error)
{
    expect_error(HEADER "XS001,n,a,城厢街道,community\n",
                 "s.csv row 2: expected 10 columns as in the header, found 5");
}
END_TEST

START_TEST(test_missing_unknown_and_repeated_columns)
{
    expect_error("id,name,address,lon\nXS1,n,a,1\n",
                 "s.csv:1: missing required column 'lat'");
    expect_error("id,name,address,lon,lat,colour\nXS1,n,a,1,2,red\n",
                 "s.csv:1: column 6: unknown column 'colour'");
    expect_error("id,name,name,address,lon,lat\nXS1,n,n,a,1,2\n",
                 "column 3: column 'name' appears twice");
}
END_TEST

START_TEST(test_invalid_utf8_names_field)
{
    expect_error(HEADER "XS001,\xD5\xE2,a,城厢街道,community,,,,,\n",
                 "s.csv row 2, column 名称 (name): invalid UTF-8 at byte 1");
}
END_TEST

START_TEST(test_vocabularies_are_enforced)
{
    expect_error(HEADER "XS001,n,a,城厢街道,castle,,,,,\n",
                 "(category): unknown category 'castle'");
    expect_error(HEADER "XS001,n,a,城厢街道,bank,rest;sauna,,,,\n",
                 "(amenities): unknown code 'sauna'");
    expect_error(HEADER "XS001,n,a,城厢街道,bank,rest;;toilet,,,,\n",
                 "(amenities): bad entry");
}
END_TEST

START_TEST(test_required_values_and_id_shape)
{
    expect_error(HEADER ",n,a,,,,,,,\n", "(id): '' is not 1-32");
    expect_error(HEADER "XS 1,n,a,,,,,,,\n", "(id): 'XS 1' is not");
    expect_error(HEADER "XS1,,a,,,,,,,\n", "column 名称 (name): empty");
    expect_error(HEADER "XS1,n,,,,,,,,\n", "column 地址 (address): empty");
}
END_TEST

/* Issue 18: a problem in a sheet names its row and its column as the
 * sheet names it: the header used there, else the field's label. */
START_TEST(test_error_at_names_row_and_column)
{
    const char *headers[YJ_F_COUNT] = {NULL};
    yj_error err;

    yj_fail(&err, YJ_EINVAL, "lon: '120.44931x' is not a number");
    yj_station_error_at(&err, "t.csv", 8, headers);
    ck_assert_str_eq(err.message, "t.csv row 8, column 经度 (lon): "
                                  "'120.44931x' is not a number");
    headers[YJ_F_LON] = "经度";
    yj_fail(&err, YJ_EINVAL, "lon: '120.44931x' is not a number");
    yj_station_error_at(&err, "t.csv", 8, headers);
    ck_assert_str_eq(err.message,
                     "t.csv row 8, column 经度: '120.44931x' is not a number");
    yj_fail(&err, YJ_EINVAL, "lon, lat: 30, 120 look swapped");
    yj_station_error_at(&err, "t.csv", 3, headers);
    ck_assert_str_eq(err.message, "t.csv row 3, column 经度, 纬度 (lat): "
                                  "30, 120 look swapped");
    yj_fail(&err, YJ_EPARSE, "expected 4 columns");
    yj_station_error_at(&err, "t.csv", 2, NULL);
    ck_assert_str_eq(err.message, "t.csv row 2: expected 4 columns");
    /* a value that only starts like a field is not one */
    yj_fail(&err, YJ_EINVAL, "longitude 'x'");
    yj_station_error_at(&err, "t.csv", 2, NULL);
    ck_assert_str_eq(err.message, "t.csv row 2: longitude 'x'");
}
END_TEST

/* Every field has a label, and import reads each label as its header. */
START_TEST(test_every_field_has_a_label_import_reads)
{
    int f;

    for (f = 0; f < YJ_F_COUNT; f++) {
        ck_assert_ptr_nonnull(yj_field_label((yj_field)f));
        ck_assert_int_eq(yj_import_column(yj_field_label((yj_field)f)), f);
    }
    ck_assert_ptr_null(yj_field_label(YJ_F_COUNT));
}
END_TEST

START_TEST(test_parse_double_is_strict)
{
    double v = 0;

    ck_assert(yj_parse_double(&v, " 120.25 "));
    ck_assert_double_eq(v, 120.25);
    ck_assert(yj_parse_double(&v, "-1e-3"));
    ck_assert(!yj_parse_double(&v, ""));
    ck_assert(!yj_parse_double(&v, "30.1x"));
    ck_assert(!yj_parse_double(&v, "inf"));
    ck_assert(!yj_parse_double(&v, "1e999"));
    ck_assert(!yj_parse_double(&v, "30,1"));
}
END_TEST

START_TEST(test_format_degrees_uses_fewest_exact_decimals)
{
    char buf[64];

    ck_assert_str_eq(yj_format_degrees(buf, sizeof buf, 120.248208), "120.248208");
    ck_assert_str_eq(yj_format_degrees(buf, sizeof buf, 30.0), "30");
    ck_assert_str_eq(yj_format_degrees(buf, sizeof buf, -0.5), "-0.5");
}
END_TEST

START_TEST(test_field_names_round_trip)
{
    int f;
    yj_field back;

    for (f = 0; f < YJ_F_COUNT; f++) {
        ck_assert(yj_field_from_name(&back, yj_field_name((yj_field)f)));
        ck_assert_int_eq(back, f);
    }
    ck_assert(!yj_field_from_name(&back, "nosuch"));
    ck_assert_ptr_null(yj_field_name(YJ_F_COUNT));
}
END_TEST

/* One label per precision for the tool (marked) and the writers (plain). */
START_TEST(test_precision_label_marks_approximate_only_when_asked)
{
    yj_station s;
    yj_error err;

    ck_assert_int_eq(parse_row(&s, HEADER "XS001,n,a," GOOD_TAIL, &err),
                     YJ_OK);
    ck_assert_str_eq(yj_station_precision_label(&s, false), "位置仅到镇街");
    ck_assert_str_eq(yj_station_precision_label(&s, true), "≈ 位置仅到镇街");
    ck_assert_int_eq(yj_station_set(&s, YJ_F_COORD_PRECISION, "unknown",
                                    &err), YJ_OK);
    ck_assert_str_eq(yj_station_precision_label(&s, true), "≈ 精度未知");
    ck_assert_int_eq(yj_station_set(&s, YJ_F_COORD_PRECISION, "door", &err),
                     YJ_OK);
    ck_assert_str_eq(yj_station_precision_label(&s, true), "门址");
    /* measured on site: the most precise, never approximate */
    ck_assert_int_eq(yj_station_set(&s, YJ_F_COORD_PRECISION, "surveyed",
                                    &err), YJ_OK);
    ck_assert(!yj_station_is_approximate(&s));
    ck_assert_str_eq(yj_station_precision_label(&s, true), "现场核查");
    ck_assert_str_eq(yj_term_code(yj_precisions(), "现场核查"), "surveyed");
    s.has_point = false;
    ck_assert_str_eq(yj_station_precision_label(&s, false), "无坐标");
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_amenity_labels_skip_empty_and_cut_like_snprintf)
{
    char buf[64];

    ck_assert_uint_eq(yj_amenity_labels(buf, sizeof buf,
                                        "drinking_water;;rest;zzz"),
                      strlen("饮水、休息、zzz"));
    ck_assert_str_eq(buf, "饮水、休息、zzz");
    ck_assert_uint_eq(yj_amenity_labels(buf, 4, "drinking_water;rest"),
                      strlen("饮水、休息"));
    ck_assert_str_eq(buf, "饮");
    ck_assert_uint_eq(yj_amenity_labels(NULL, 0, ""), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("station");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_good_row_parses_with_point);
    tcase_add_test(tc, test_error_at_names_row_and_column);
    tcase_add_test(tc, test_every_field_has_a_label_import_reads);
    tcase_add_test(tc, test_row_without_coordinates_has_no_point);
    tcase_add_test(tc, test_non_numeric_coordinate_is_named);
    tcase_add_test(tc, test_out_of_range_coordinate_is_named);
    tcase_add_test(tc, test_half_a_point_is_an_error);
    tcase_add_test(tc, test_point_needs_source_and_precision);
    tcase_add_test(tc, test_wrong_column_count_is_an_error);
    tcase_add_test(tc, test_missing_unknown_and_repeated_columns);
    tcase_add_test(tc, test_invalid_utf8_names_field);
    tcase_add_test(tc, test_vocabularies_are_enforced);
    tcase_add_test(tc, test_required_values_and_id_shape);
    tcase_add_test(tc, test_parse_double_is_strict);
    tcase_add_test(tc, test_underflow_is_zero_overflow_out_of_range);
    tcase_add_test(tc, test_format_degrees_uses_fewest_exact_decimals);
    tcase_add_test(tc, test_field_names_round_trip);
    tcase_add_test(tc, test_precision_label_marks_approximate_only_when_asked);
    tcase_add_test(tc, test_amenity_labels_skip_empty_and_cut_like_snprintf);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

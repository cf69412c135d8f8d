/* check_number.c — the one parser family for numbers from outside
 * (number.c): strict decimals, finite and in range before any cast, with
 * messages that name the value and the valid range; the coordinate pair,
 * distance and speed parsers the tool and a server share.  Issue 19:
 * defects 14 and 15 (1e300 as -k, --precision, --speed; 1e308km) and the
 * messages of 19 (9223372036854775808, 1e-400). */
#include "test_util.h"
#include "yijia.h"

#include <float.h>
#include <math.h>
#include <string.h>

static void has(const yj_error *err, const char *fragment)
{
    ck_assert_msg(strstr(err->message, fragment) != NULL,
                  "message '%s' lacks '%s'", err->message, fragment);
}

START_TEST(test_underflow_is_the_tiny_value_overflow_is_refused)
{
    double v = 7;

    /* 1e-400 is a number: too small for a double, it is 0 (it was "not a
     * number") */
    ck_assert(yj_parse_double(&v, "1e-400"));
    ck_assert_double_eq(v, 0.0);
    ck_assert(yj_parse_double(&v, "-1e-400"));
    ck_assert_double_eq(v, 0.0);
    ck_assert(yj_parse_double(&v, "4e-320")); /* subnormal */
    ck_assert(v > 0 && v < DBL_MIN);
    v = 7;
    ck_assert(!yj_parse_double(&v, "1e999"));
    ck_assert(!yj_parse_double(&v, "-1e999"));
    ck_assert_double_eq(v, 7); /* untouched */
}
END_TEST

START_TEST(test_only_plain_decimals)
{
    static const char *const bad[] = {
        "", " ", "inf", "-inf", "INF", "nan", "NaN", "infinity", "0x10",
        "0X1p3", "1e", "30.1x", "30,1", "\t30", "30\n", "1e5e5", "--1", "+",
        ".", "1 2", "１２",
    };
    double v;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!yj_parse_double(&v, bad[i]), "took '%s'", bad[i]);
    ck_assert(yj_parse_double(&v, " +120.25 "));
    ck_assert_double_eq(v, 120.25);
    ck_assert(yj_parse_double(&v, ".5"));
    ck_assert(yj_parse_double(&v, "1E3"));
    ck_assert_double_eq(v, 1000);
}
END_TEST

START_TEST(test_real_range_names_value_and_range)
{
    yj_error err;
    double v;

    ck_assert_int_eq(yj_parse_real(&v, "15", 0, 15, &err), YJ_OK);
    ck_assert_int_eq(yj_parse_real(&v, "1e300", 0, 15, &err), YJ_EINVAL);
    has(&err, "1e300 is out of range (0..15)");
    ck_assert_int_eq(yj_parse_real(&v, "1e999", -90, 90, &err), YJ_EINVAL);
    has(&err, "1e999 is out of range (-90..90)");
    ck_assert_int_eq(yj_parse_real(&v, "inf", -90, 90, &err), YJ_EINVAL);
    has(&err, "'inf' is not a number");
    ck_assert_int_eq(yj_parse_real(&v, "1e-400", -90, 90, &err), YJ_OK);
    ck_assert_double_eq(v, 0);
}
END_TEST

START_TEST(test_int_is_checked_before_any_cast)
{
    yj_error err;
    int64_t v = 5;

    ck_assert_int_eq(yj_parse_int(&v, "100000", 1, 100000, &err), YJ_OK);
    ck_assert_int_eq(v, 100000);
    ck_assert_int_eq(yj_parse_int(&v, " #3", 1, 9, &err), YJ_EINVAL);
    /* -k 1e300 was cast to long: undefined behaviour */
    ck_assert_int_eq(yj_parse_int(&v, "1e300", 1, 100, &err), YJ_EINVAL);
    has(&err, "'1e300' is not a whole number (1..100)");
    ck_assert_int_eq(yj_parse_int(&v, "2.5", 1, 100, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_int(&v, "0", 1, 100, &err), YJ_EINVAL);
    has(&err, "0 is out of range (1..100)");
    /* undo --change 9223372036854775808 became #9223372036854775807 */
    ck_assert_int_eq(yj_parse_int(&v, "9223372036854775808", 1, INT64_MAX,
                                  &err), YJ_EINVAL);
    has(&err, "9223372036854775808 is out of range "
              "(1..9223372036854775807)");
    ck_assert_int_eq(yj_parse_int(&v, "9223372036854775807", 1, INT64_MAX,
                                  &err), YJ_OK);
    ck_assert(v == INT64_MAX);
    ck_assert_int_eq(yj_parse_int(&v, "-9223372036854775809", INT64_MIN, 0,
                                  &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_int(&v, "-3", -5, 5, &err), YJ_OK);
    ck_assert_int_eq(v, -3);
    ck_assert_int_eq(yj_parse_int(&v, "", 0, 5, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_int(&v, "-", 0, 5, &err), YJ_EINVAL);
}
END_TEST

START_TEST(test_distance_finite_positive_and_bounded)
{
    yj_error err;
    double m;

    ck_assert_int_eq(yj_parse_distance(&m, "800m", &err), YJ_OK);
    ck_assert_double_eq(m, 800);
    ck_assert_int_eq(yj_parse_distance(&m, "2.5 km ", &err), YJ_OK);
    ck_assert_double_eq(m, 2500);
    ck_assert_int_eq(yj_parse_distance(&m, "20000km", &err), YJ_OK);
    ck_assert_double_eq(m, YJ_DISTANCE_MAX_M);
    /* --within 1e308km was infinity metres */
    ck_assert_int_eq(yj_parse_distance(&m, "1e308km", &err), YJ_EINVAL);
    has(&err, "'1e308km' is out of range (more than 0, at most 20000km)");
    ck_assert_int_eq(yj_parse_distance(&m, "1e999m", &err), YJ_EINVAL);
    has(&err, "out of range");
    ck_assert_int_eq(yj_parse_distance(&m, "20001km", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_distance(&m, "800", &err), YJ_EINVAL);
    has(&err, "'800' needs a unit");
    ck_assert_int_eq(yj_parse_distance(&m, "-2km", &err), YJ_EINVAL);
    has(&err, "must be more than 0");
    ck_assert_int_eq(yj_parse_distance(&m, "1e-400km", &err), YJ_EINVAL);
    has(&err, "must be more than 0");
    ck_assert_int_eq(yj_parse_distance(&m, "infkm", &err), YJ_EINVAL);
    has(&err, "is not a distance");
    ck_assert_int_eq(yj_parse_distance(&m, "nan m", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_distance(&m, "km", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_distance(&m, "", &err), YJ_EINVAL);
}
END_TEST

START_TEST(test_speed_in_a_sane_range)
{
    yj_error err;
    double v;

    ck_assert_int_eq(yj_parse_speed(&v, "walk", &err), YJ_OK);
    ck_assert_double_eq(v, 4.5);
    ck_assert_int_eq(yj_parse_speed(&v, "ride", &err), YJ_OK);
    ck_assert_double_eq(v, 15);
    ck_assert_int_eq(yj_parse_speed(&v, "3", &err), YJ_OK);
    ck_assert_double_eq(v, 3);
    /* 1e-300 km/h made the travel time overflow an int: silently dropped */
    ck_assert_int_eq(yj_parse_speed(&v, "1e-300", &err), YJ_EINVAL);
    has(&err, "1e-300 km/h is out of range (1..200 km/h)");
    ck_assert_int_eq(yj_parse_speed(&v, "201", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_speed(&v, "0", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_speed(&v, "fast", &err), YJ_EINVAL);
    has(&err, "'fast' is not walk (4.5 km/h), ride (15 km/h)");
}
END_TEST

START_TEST(test_lonlat_pairs)
{
    yj_error err;
    yj_lonlat p;

    ck_assert_int_eq(yj_parse_lonlat(&p, "120.29,30.17", false, &err),
                     YJ_OK);
    ck_assert_double_eq(p.lon, 120.29);
    ck_assert_double_eq(p.lat, 30.17);
    ck_assert_int_eq(yj_parse_lonlat(&p, "30.17, 120.29", true, &err),
                     YJ_OK);
    ck_assert_double_eq(p.lon, 120.29);
    ck_assert_double_eq(p.lat, 30.17);
    ck_assert_int_eq(yj_parse_lonlat(&p, "-0.1,51.5", false, &err), YJ_OK);
    ck_assert_int_eq(yj_parse_lonlat(&p, "1e-400,30", false, &err), YJ_OK);
    ck_assert_double_eq(p.lon, 0);

    ck_assert_int_eq(yj_parse_lonlat(&p, "120.1", false, &err), YJ_EINVAL);
    has(&err, "'120.1' is not LON,LAT");
    ck_assert_int_eq(yj_parse_lonlat(&p, "1,2,3", true, &err), YJ_EINVAL);
    has(&err, "is not LAT,LON");
    ck_assert_int_eq(yj_parse_lonlat(&p, "120.1x,30", false, &err),
                     YJ_EINVAL);
    has(&err, "'120.1x,30': longitude '120.1x' is not a number");
    ck_assert_int_eq(yj_parse_lonlat(&p, "120,95", false, &err), YJ_EINVAL);
    has(&err, "latitude 95 is out of range (-90..90)");
    ck_assert_int_eq(yj_parse_lonlat(&p, "95,120", true, &err), YJ_EINVAL);
    has(&err, "latitude 95 is out of range");
    ck_assert_int_eq(yj_parse_lonlat(&p, "inf,30", false, &err), YJ_EINVAL);
    has(&err, "longitude 'inf' is not a number");
    ck_assert_int_eq(yj_parse_lonlat(&p, "1e300,30", false, &err),
                     YJ_EINVAL);
    has(&err, "longitude 1e300 is out of range (-180..180)");
    ck_assert_int_eq(yj_parse_lonlat(&p, ",", false, &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_lonlat(&p, "", false, &err), YJ_EINVAL);
}
END_TEST

START_TEST(test_lonlat_parts_need_no_terminator)
{
    static const char row[] = "120.5,30.25,rest";
    yj_error err;
    yj_lonlat p;

    ck_assert_int_eq(yj_parse_lonlat_parts(&p, row, 5, row + 6, 5, false,
                                           &err), YJ_OK);
    ck_assert_double_eq(p.lon, 120.5);
    ck_assert_double_eq(p.lat, 30.25);
    ck_assert_int_eq(yj_parse_lonlat_parts(&p, row, 5, row + 6, 6, false,
                                           &err), YJ_EINVAL);
    has(&err, "latitude '30.25,' is not a number");
}
END_TEST

START_TEST(test_long_text_is_quoted_short)
{
    char text[400];
    yj_error err;
    double v;

    memset(text, '9', sizeof text - 2);
    text[sizeof text - 2] = 'x';
    text[sizeof text - 1] = '\0';
    ck_assert_int_eq(yj_parse_real(&v, text, 0, 1, &err), YJ_EINVAL);
    ck_assert(strlen(err.message) < 100);
    has(&err, "…' is not a number");
}
END_TEST

/* The tool's table rounds to 10 m and whole km far away; the map's line
 * labels show the distance as measured.  Both mark approximate ones. */
START_TEST(test_distance_text_in_table_and_label_styles)
{
    char buf[32];

    yj_distance_text(buf, sizeof buf, 8.4, false, YJ_DISTANCE_TABLE);
    ck_assert_str_eq(buf, "8 m");
    yj_distance_text(buf, sizeof buf, 437.0, true, YJ_DISTANCE_TABLE);
    ck_assert_str_eq(buf, "≈ 440 m");
    yj_distance_text(buf, sizeof buf, 437.0, true, YJ_DISTANCE_LABEL);
    ck_assert_str_eq(buf, "≈437 m");
    yj_distance_text(buf, sizeof buf, 994.0, false, YJ_DISTANCE_TABLE);
    ck_assert_str_eq(buf, "990 m");
    yj_distance_text(buf, sizeof buf, 995.0, false, YJ_DISTANCE_TABLE);
    ck_assert_str_eq(buf, "1.0 km");
    yj_distance_text(buf, sizeof buf, 12345.0, false, YJ_DISTANCE_LABEL);
    ck_assert_str_eq(buf, "12.3 km");
    yj_distance_text(buf, sizeof buf, 141400.0, true, YJ_DISTANCE_TABLE);
    ck_assert_str_eq(buf, "≈ 141 km");
    yj_distance_text(buf, sizeof buf, 141400.0, true, YJ_DISTANCE_LABEL);
    ck_assert_str_eq(buf, "≈141.4 km");
}
END_TEST

/* ---- yj_parse_position: positions as people paste them (issue 18) ---- */

static void position_is(const char *text, bool latlon, double lon, double lat)
{
    yj_position p;
    yj_error err = {0};

    ck_assert_msg(yj_parse_position(&p, text, latlon, &err) == YJ_OK,
                  "'%s' refused: %s", text, err.message);
    ck_assert_msg(fabs(p.point.lon - lon) < 1e-9 &&
                  fabs(p.point.lat - lat) < 1e-9,
                  "'%s' read as %.9f,%.9f, not %.9f,%.9f", text, p.point.lon,
                  p.point.lat, lon, lat);
    ck_assert(!p.from_link);
}

static void position_refused(const char *text, bool latlon,
                             const char *fragment)
{
    yj_position p;
    yj_error err = {0};

    ck_assert_msg(yj_parse_position(&p, text, latlon, &err) == YJ_EINVAL,
                  "'%s' accepted", text);
    has(&err, fragment);
}

START_TEST(test_position_plain_and_full_width)
{
    position_is("120.29,30.17", false, 120.29, 30.17);
    position_is("30.17,120.29", true, 120.29, 30.17);
    position_is("120.29，30.17", false, 120.29, 30.17); /* Chinese comma */
    position_is("１２０．２９，３０．１７", false, 120.29, 30.17);
    position_is("120.29、30.17", false, 120.29, 30.17);
    position_is("120.29；30.17", false, 120.29, 30.17);
    position_is("120.29;30.17", false, 120.29, 30.17);
    position_is("120.29 30.17", false, 120.29, 30.17);
    position_is("120.29   30.17", false, 120.29, 30.17);
    position_is("120.29 , 30.17", false, 120.29, 30.17);
    position_is("\xe3\x80\x80" "120.29,30.17 \t", false, 120.29, 30.17);
    position_is("-73.98,40.75", false, -73.98, 40.75);
}
END_TEST

START_TEST(test_position_hemispheres_say_which_is_which)
{
    position_is("E120.29 N30.17", false, 120.29, 30.17);
    position_is("N30.17 E120.29", false, 120.29, 30.17);
    position_is("N30.17 E120.29", true, 120.29, 30.17);
    position_is("E120.29,N30.17", false, 120.29, 30.17);
    position_is("E120.29N30.17", false, 120.29, 30.17);
    position_is("120.29E 30.17N", false, 120.29, 30.17);
    position_is("30.17N, 120.29E", false, 120.29, 30.17);
    position_is("东经120.29 北纬30.17", false, 120.29, 30.17);
    position_is("北纬30.17，东经120.29", false, 120.29, 30.17);
    position_is("Ｅ１２０．２９　Ｎ３０．１７", false, 120.29, 30.17);
    position_is("W73.98 N40.75", false, -73.98, 40.75);
    position_is("33.86S 151.2E", false, 151.2, -33.86);
    position_refused("E120 E30", false, "two longitudes");
    position_refused("N30 S30", false, "two latitudes");
    position_refused("-120E,30N", false, "'-120E,30N': -120 has both a "
                                         "sign and a hemisphere");
}
END_TEST

START_TEST(test_position_degrees_minutes_seconds)
{
    position_is("120°17'24\"E 30°10'30\"N", false, 120.29, 30.175);
    position_is("120°17′24″ 30°10′30″", false, 120.29, 30.175);
    position_is("120°17′24″,30°10′30″", false, 120.29, 30.175);
    position_is("120d17m24s,30d10m30s", false, 120.29, 30.175);
    position_is("120d 17m 24s, 30d 10m 30s", false, 120.29, 30.175);
    position_is("120d17m24s 30.175s", false, 120.29, -30.175); /* south */
    position_is("120度17分24秒 30度10分30秒", false, 120.29, 30.175);
    position_is("120° 17′ 24″ E, 30° 10′ 30″ N", false, 120.29, 30.175);
    position_is("N30°10′30″ E120°17′24″", false, 120.29, 30.175);
    position_is("120°17.4′,30°10.5′", false, 120.29, 30.175);
    position_is("120°17′24,30°10′30", false, 120.29, 30.175);
    position_is("120°,30°", false, 120.0, 30.0);
    position_is("120°17'24'' 30°10'30''", false, 120.29, 30.175);
    position_refused("120°70′,30", false, "under 60");
    position_refused("120°17′70″,30", false, "under 60");
    position_refused("120′,30", false, "degrees, minutes and seconds");
    position_refused("120.5°17′,30", false, "degrees, minutes and seconds");
}
END_TEST

START_TEST(test_position_links_name_their_system)
{
    yj_position p;
    yj_error err = {0};

    ck_assert_int_eq(yj_parse_position(&p, "https://uri.amap.com/marker?"
                                       "position=120.29,30.17&name=x&src=y",
                                       false, &err), YJ_OK);
    ck_assert(p.from_link);
    ck_assert_int_eq(p.crs, YJ_CRS_GCJ02);
    ck_assert_double_eq_tol(p.point.lon, 120.29, 1e-9);
    ck_assert_double_eq_tol(p.point.lat, 30.17, 1e-9);
    /* the link's order, whatever latlon says */
    ck_assert_int_eq(yj_parse_position(&p, "https://uri.amap.com/marker?"
                                       "position=120.29,30.17&coordinate="
                                       "wgs84", true, &err), YJ_OK);
    ck_assert_int_eq(p.crs, YJ_CRS_WGS84);
    ck_assert_double_eq_tol(p.point.lon, 120.29, 1e-9);
    ck_assert_int_eq(yj_parse_position(&p, "https://uri.amap.com/navigation?"
                                       "to=120.29,30.17,%E6%9D%AD", false,
                                       &err), YJ_OK);
    ck_assert_double_eq_tol(p.point.lat, 30.17, 1e-9);
    ck_assert_int_eq(yj_parse_position(&p, "https://api.map.baidu.com/"
                                       "marker?location=30.17,120.29&title=x&"
                                       "coord_type=bd09ll&output=html", false,
                                       &err), YJ_OK);
    ck_assert(p.from_link);
    ck_assert_int_eq(p.crs, YJ_CRS_BD09);
    ck_assert_double_eq_tol(p.point.lon, 120.29, 1e-9);
    ck_assert_double_eq_tol(p.point.lat, 30.17, 1e-9);
    ck_assert_int_eq(yj_parse_position(&p, "http://api.map.baidu.com/marker?"
                                       "location=30.17%2C120.29", false,
                                       &err), YJ_OK);
    ck_assert_int_eq(p.crs, YJ_CRS_BD09); /* Baidu's default */
    ck_assert_int_eq(yj_parse_position(&p, "https://api.map.baidu.com/marker?"
                                       "location=30.17,120.29&coord_type="
                                       "gcj02", false, &err), YJ_OK);
    ck_assert_int_eq(p.crs, YJ_CRS_GCJ02);
    ck_assert_int_eq(yj_parse_position(&p, "https://api.map.baidu.com/marker?"
                                       "location=30.17,120.29&coord_type="
                                       "wgs84", false, &err), YJ_OK);
    ck_assert_int_eq(p.crs, YJ_CRS_WGS84);
    position_refused("https://api.map.baidu.com/marker?location=30.17,"
                     "120.29&coord_type=bd09mc", false, "bd09mc");
    position_refused("https://uri.amap.com/marker?poiid=B0FFFAB6J2", false,
                     "without position=");
    position_refused("https://api.map.baidu.com/marker?title=x", false,
                     "without location=");
    position_refused("https://example.com/?position=120.29,30.17", false,
                     "not an Amap or Baidu map link");
    position_refused("https://uri.amap.com/marker?position=120.29,95", false,
                     "latitude 95 is out of range");
}
END_TEST

START_TEST(test_position_swapped_order_is_said_not_guessed)
{
    yj_position p;
    yj_error err = {0};

    ck_assert_int_eq(yj_parse_position(&p, "30.175,120.293", false, &err),
                     YJ_EINVAL);
    ck_assert_int_eq(err.input, YJ_INPUT_ORDER);
    has(&err, "'30.175,120.293' looks like latitude,longitude: did you mean "
              "120.293,30.175?");
    ck_assert_double_eq_tol(p.point.lon, 120.293, 1e-9);
    ck_assert_double_eq_tol(p.point.lat, 30.175, 1e-9);
    ck_assert_int_eq(yj_parse_position(&p, "120.293,30.175", true, &err),
                     YJ_EINVAL);
    ck_assert_int_eq(err.input, YJ_INPUT_ORDER);
    has(&err, "looks like longitude,latitude: did you mean 30.175,120.293?");
    ck_assert_int_eq(yj_parse_position(&p, "30°10′30″,120°17′24″", false,
                                       &err), YJ_EINVAL);
    ck_assert_int_eq(err.input, YJ_INPUT_ORDER);
    /* out of range either way: the old messages */
    position_refused("120,95", false, "'120,95': latitude 95 is out of range "
                                      "(-90..90)");
    position_refused("200,30", false, "longitude 200 is out of range");
    position_refused("120.1x,30", false, "longitude '120.1x' is not a "
                                         "number");
    position_refused("120.1", false, "'120.1' is not LON,LAT");
    position_refused("1e5,30", false, "longitude 1e5 is out of range");
    position_refused("nan,30", false, "is not a number");
    position_refused("", false, "is not LON,LAT");
    position_refused("120,30,40", false, "is not LON,LAT");
    position_refused("120,,30", false, "is not LON,LAT");
}
END_TEST

/* ---- review of the position and distance parsers ---------------------- */

/* 1: a link's message quotes the link as folded, cut between characters
 * of that text (it was cut by the length of the text as typed:
 * "…公\xe5\x85…"). */
START_TEST(test_link_messages_never_cut_a_character)
{
    static const char *const links[] = {
        "https：//uri.amap.com/marker?name=萧山区公共服务站点",
        "https：／／uri.amap.com/marker?name=萧山区公共服务站点",
        "ｈｔｔｐｓ：／／uri.amap.com/marker?name=萧山区公共服务站点萧山",
        "https：//api.map.baidu.com/marker?title=萧山区公共服务站点",
        "https：//example.com/萧山区公共服务站点萧山区公共服务站点",
    };
    yj_position p;
    yj_error err;
    size_t i, bad;

    for (i = 0; i < sizeof links / sizeof links[0]; i++) {
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(yj_parse_position(&p, links[i], false, &err),
                         YJ_EINVAL);
        ck_assert_msg(yj_utf8_valid(&bad, err.message, strlen(err.message)),
                      "'%s': message cut at byte %zu: %s", links[i], bad,
                      err.message);
    }
    position_refused(links[0], false, "'https://uri.amap.com/marker?name="
                                      "萧山区公共…': an Amap link without");
}
END_TEST

/* 2: S after degrees, minutes and a number is seconds or south; read one
 * way only when the rest says which, else asked. */
START_TEST(test_position_upper_case_seconds_or_south)
{
    position_is("120D17M24S,30D10M30S", false, 120.29, 30.175);
    position_is("120D 17M 24S, 30D 10M 30S", false, 120.29, 30.175);
    position_is("120d17m24s,30d10m30s", false, 120.29, 30.175);
    /* a hemisphere elsewhere: seconds */
    position_is("120°17′24S E, 30°10′30S N", false, 120.29, 30.175);
    position_is("E120°17′24S N30°10′30S", false, 120.29, 30.175);
    position_is("120°17′24″E,30°10′30S", false, 120.29, 30.175);
    position_is("120d17m24s 30.175s", false, 120.29, -30.175); /* south */
    position_is("151°12′E, 33°51′S", false, 151.2, -33.85); /* no number */
    /* either reading makes a position: asked, not guessed */
    position_refused("30°10′5S,120", false, "'30°10′5S,120': 5S: seconds or "
                                           "south?");
    position_refused("30°10′5s,120", false, "5s: seconds or south?");
    position_refused("120°17′24″,30°10′30S", false, "30S: seconds or south?");
}
END_TEST

/* 3: percent-decoding checks its hex digits (sscanf skipped spaces),
 * refuses %00 and does not cut a value that does not fit. */
START_TEST(test_link_percent_decoding_is_strict)
{
    yj_position p;
    yj_error err = {0};

    position_refused("https://uri.amap.com/marker?position=120.29% 2C30",
                     false, "'120.29% 2C30' is not two numbers and a comma");
    position_refused("https://uri.amap.com/marker?position=120.29%+2C30",
                     false, "is not two numbers and a comma");
    position_refused("https://uri.amap.com/marker?position=120.29%2C30%00",
                     false, "position= holds %00");
    position_refused("https://uri.amap.com/marker?position=120.29,30%002",
                     false, "position= holds %00");
    position_refused("https://api.map.baidu.com/marker?location=30,120&"
                     "coord_type=wgs84wgs84wgs84wgs84wgs84wgs84wgs84", false,
                     "coord_type= is too long");
    position_refused("https://uri.amap.com/marker?position=120,30&"
                     "coordinate=%00", false, "coordinate= holds %00");
    /* a '%' without two hex digits is itself; %2c and %2C are commas */
    ck_assert_int_eq(yj_parse_position(&p, "https://uri.amap.com/marker?"
                                       "position=120.29%2c30.17&name=50%",
                                       false, &err), YJ_OK);
    ck_assert_double_eq_tol(p.point.lat, 30.17, 1e-9);
    /* Amap's to= with a name after the point */
    ck_assert_int_eq(yj_parse_position(&p, "https://uri.amap.com/navigation?"
                                       "to=120.29,30.17,%E8%90%A7%E5%B1%B1"
                                       "%E5%8C%BA%E5%85%AC%E5%85%B1%E6%9C%8D"
                                       "%E5%8A%A1%E7%AB%99%E7%82%B9%E8%90%A7"
                                       "%E5%B1%B1%E5%8C%BA%E5%85%AC%E5%85%B1"
                                       "%E6%9C%8D%E5%8A%A1%E7%AB%99%E7%82%B9",
                                       false, &err),
                     YJ_OK);
    ck_assert_double_eq_tol(p.point.lon, 120.29, 1e-9);
}
END_TEST

/* 4: the spaces, marks and minus of pasted text */
START_TEST(test_position_unicode_spaces_minus_and_ring)
{
    position_is("120.29\xc2\xa0" "30.17", false, 120.29, 30.17);
    position_is("120.29,\xc2\xa0" "30.17\xc2\xa0", false, 120.29, 30.17);
    position_is("120.29\xe2\x80\xaf" "30.17", false, 120.29, 30.17);
    position_is("120.29,\xe2\x80\x8b" "30.17", false, 120.29, 30.17);
    position_is("\xef\xbb\xbf" "120.29,30.17", false, 120.29, 30.17);
    position_is("\xe2\x88\x92" "73.98,40.75", false, -73.98, 40.75);
    position_is("120˚17′24″,30˚10′30″", false, 120.29, 30.175);
    position_is("120°17′24″\xc2\xa0" "30°10′30″", false, 120.29, 30.175);
    /* units in the text: the degrees-minutes-seconds message */
    position_refused("120°17′24″x,30°10′30″", false,
                     "degrees, minutes and seconds such as");
    position_refused("120°17′24″,30°10′30″?", false,
                     "degrees, minutes and seconds such as");
}
END_TEST

/* 5: a sign with a hemisphere is said as such */
START_TEST(test_position_sign_with_hemisphere)
{
    position_refused("120,-30N", false, "'120,-30N': -30 has both a sign "
                                        "and a hemisphere");
    position_refused("120E,-30N", false, "-30 has both a sign");
    position_refused("120 -30°10′N", false, "-30 has both a sign");
    position_refused("N-30 E120", false, "-30 has both a sign");
}
END_TEST

/* 5: the numbers of a link: the message names the link */
START_TEST(test_link_numbers_name_the_link)
{
    position_refused("https://uri.amap.com/marker?position=,30", false,
                     "in the Amap link: longitude '' is not a number");
    position_refused("https://api.map.baidu.com/marker?location=x,120",
                     false, "in the Baidu link: latitude 'x' is not a "
                            "number");
    position_refused("https://uri.amap.com/marker?position=120.29,95", false,
                     "in the Amap link: latitude 95 is out of range");
}
END_TEST

/* 6: distances in Chinese units, full-width, with a space */
START_TEST(test_distance_in_chinese_units)
{
    yj_error err;
    double m;

    ck_assert_int_eq(yj_parse_distance(&m, "2公里", &err), YJ_OK);
    ck_assert_double_eq(m, 2000);
    ck_assert_int_eq(yj_parse_distance(&m, "800 米", &err), YJ_OK);
    ck_assert_double_eq(m, 800);
    ck_assert_int_eq(yj_parse_distance(&m, "1.5千米", &err), YJ_OK);
    ck_assert_double_eq(m, 1500);
    ck_assert_int_eq(yj_parse_distance(&m, "２公里", &err), YJ_OK);
    ck_assert_double_eq(m, 2000);
    ck_assert_int_eq(yj_parse_distance(&m, "８００ｍ", &err), YJ_OK);
    ck_assert_double_eq(m, 800);
    ck_assert_int_eq(yj_parse_distance(&m, "2 km", &err), YJ_OK);
    ck_assert_double_eq(m, 2000);
    ck_assert_int_eq(yj_parse_distance(&m, "800\xc2\xa0m", &err), YJ_OK);
    ck_assert_double_eq(m, 800);
    ck_assert_int_eq(yj_parse_distance(&m, "20001公里", &err), YJ_EINVAL);
    has(&err, "out of range");
    ck_assert_int_eq(yj_parse_distance(&m, "0米", &err), YJ_EINVAL);
    has(&err, "must be more than 0");
    ck_assert_int_eq(yj_parse_distance(&m, "-2公里", &err), YJ_EINVAL);
    ck_assert_int_eq(yj_parse_distance(&m, "公里", &err), YJ_EINVAL);
    has(&err, "is not a distance");
    ck_assert_int_eq(yj_parse_distance(&m, "800", &err), YJ_EINVAL);
    has(&err, "'800' needs a unit: 800m or 2km (800米, 2公里)");
    ck_assert_int_eq(yj_parse_distance(&m, "2里", &err), YJ_EINVAL);
    has(&err, "needs a unit");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("number");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_underflow_is_the_tiny_value_overflow_is_refused);
    tcase_add_test(tc, test_only_plain_decimals);
    tcase_add_test(tc, test_real_range_names_value_and_range);
    tcase_add_test(tc, test_int_is_checked_before_any_cast);
    tcase_add_test(tc, test_distance_finite_positive_and_bounded);
    tcase_add_test(tc, test_speed_in_a_sane_range);
    tcase_add_test(tc, test_lonlat_pairs);
    tcase_add_test(tc, test_lonlat_parts_need_no_terminator);
    tcase_add_test(tc, test_long_text_is_quoted_short);
    tcase_add_test(tc, test_distance_text_in_table_and_label_styles);
    tcase_add_test(tc, test_position_plain_and_full_width);
    tcase_add_test(tc, test_position_hemispheres_say_which_is_which);
    tcase_add_test(tc, test_position_degrees_minutes_seconds);
    tcase_add_test(tc, test_position_links_name_their_system);
    tcase_add_test(tc, test_position_swapped_order_is_said_not_guessed);
    tcase_add_test(tc, test_link_messages_never_cut_a_character);
    tcase_add_test(tc, test_position_upper_case_seconds_or_south);
    tcase_add_test(tc, test_link_percent_decoding_is_strict);
    tcase_add_test(tc, test_position_unicode_spaces_minus_and_ring);
    tcase_add_test(tc, test_position_sign_with_hemisphere);
    tcase_add_test(tc, test_link_numbers_name_the_link);
    tcase_add_test(tc, test_distance_in_chinese_units);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

/* check_geocode.c — the pieces of online geocoding that need no network:
 * MD5 (RFC 1321's test suite, Amap's documented sig example), URL
 * escaping, the query sent for an address, the decoding of sheets as
 * Excel saves them (csv.h), and the reading of providers' answers
 * (geocode.h): keys blanked in every field and form, labels cut between
 * characters, numbers checked before use.  Every answer here is
 * SYNTHETIC, written in the providers' formats. */
#include "csv.h"
#include "geocode.h"
#include "http.h"
#include "md5.h"
#include "station.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_md5_rfc1321_suite)
{
    static const char *const cases[][2] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"12345678901234567890123456789012345678901234567890123456789012345"
         "678901234567890", "57edf4a22be3c955ac49da2e2107b67a"},
        /* Amap's worked example (geocoding-apis.md 1.4) */
        {"a=23&b=12&c=67&d=48&f=8bbbbb", "a89e8c2266d888860c46672d77d069f3"},
    };
    size_t i;
    char out[33];

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        yj_md5_hex(out, cases[i][0], strlen(cases[i][0]));
        ck_assert_str_eq(out, cases[i][1]);
    }
}
END_TEST

START_TEST(test_url_escape_keeps_unreserved_only)
{
    char *e = yj_url_escape("a b&c=萧|~_.-");

    ck_assert_str_eq(e, "a%20b%26c%3D%E8%90%A7%7C~_.-");
    free(e);
}
END_TEST

static void query_of(char *out, size_t size, const char *address,
                     const char *district)
{
    yj_station s;
    yj_error err;
    int f;

    memset(&s, 0, sizeof s);
    for (f = 0; f < YJ_F_COUNT; f++)
        ck_assert_int_eq(yj_station_set(&s, (yj_field)f, "", &err), YJ_OK);
    yj_station_set(&s, YJ_F_ADDRESS, address, &err);
    yj_station_set(&s, YJ_F_DISTRICT, district, &err);
    yj_geocode_query(out, size, &s);
    yj_station_clear(&s);
}

START_TEST(test_query_prefixes_province_city_and_district)
{
    char q[512];

    query_of(q, sizeof q, "萧山区城厢街道百尺溇路42号", "萧山区");
    ck_assert_str_eq(q, "浙江省杭州市萧山区城厢街道百尺溇路42号");
    query_of(q, sizeof q, "浙江省杭州市萧山区城厢街道百尺溇路42号", "萧山区");
    ck_assert_str_eq(q, "浙江省杭州市萧山区城厢街道百尺溇路42号");
    query_of(q, sizeof q, "杭州市萧山区北干街道", "萧山区");
    ck_assert_str_eq(q, "浙江省杭州市萧山区北干街道");
    /* 义蓬街道 is in 钱塘区 */
    query_of(q, sizeof q, "义蓬街道义蓬路1号", "钱塘区");
    ck_assert_str_eq(q, "浙江省杭州市钱塘区义蓬街道义蓬路1号");
    query_of(q, sizeof q, "通惠南路", "萧山区");
    ck_assert_str_eq(q, "浙江省杭州市萧山区通惠南路");
}
END_TEST

static const char *decode(const char *bytes, size_t len, const char *enc,
                          yj_code *rc)
{
    static char text[600];
    static const char *used;
    char *out = NULL;
    size_t n = 0;
    yj_error err;

    *rc = yj_csv_decode(&out, &n, &used, bytes, len, enc, "t.csv", &err);
    snprintf(text, sizeof text, "%s|%s", *rc == YJ_OK ? used : "error",
             *rc == YJ_OK ? out : err.message);
    free(out);
    return text;
}

START_TEST(test_decode_detects_what_excel_saves)
{
    /* 名称 in GB18030, UTF-8 with BOM, UTF-16LE with BOM */
    static const char gbk[] = "\xc3\xfb\xb3\xc6,x\n";
    static const char bom[] = "\xef\xbb\xbf\xe5\x90\x8d\xe7\xa7\xb0,x\n";
    static const char u16[] = "\xff\xfe\x0d\x54\xf0\x79,\0x\0\n\0";
    yj_code rc;

    ck_assert_str_eq(decode(gbk, sizeof gbk - 1, "auto", &rc),
                     "gb18030|名称,x\n");
    ck_assert_str_eq(decode(bom, sizeof bom - 1, "auto", &rc),
                     "utf-8|名称,x\n");
    ck_assert_str_eq(decode(u16, sizeof u16 - 1, "auto", &rc),
                     "utf-16le|名称,x\n");
    decode(gbk, sizeof gbk - 1, "utf-8", &rc);
    ck_assert_int_eq(rc, YJ_EPARSE);
    decode("PK\x03\x04zz", 6, "auto", &rc);
    ck_assert_int_eq(rc, YJ_EPARSE);
    decode("a,b\n\0\0", 6, "auto", &rc);
    ck_assert_int_eq(rc, YJ_EPARSE);
}
END_TEST


/* ---- answers (geocode.h) ---------------------------------------------- */

#define KEY "k3y-Synthetic+7f/3a9c"
#define SECRET "s3cret-Synthetic=51e2&x"

static yj_geocode_options options(yj_provider p)
{
    yj_geocode_options opt;

    memset(&opt, 0, sizeof opt);
    opt.provider = p;
    opt.key = KEY;
    opt.secret = SECRET;
    return opt;
}

/* Read `body` as provider p's answer to n queries; asserts YJ_OK. */
static void read_answer(yj_geo_answer *a, yj_provider p, bool poi, size_t n,
                        const char *body)
{
    yj_geocode_options opt = options(p);
    yj_error err;

    ck_assert_int_eq(yj_geocode_read(a, &opt, poi, n, body, strlen(body),
                                     &err), YJ_OK);
}

/* No form of the key or secret, in any case, in s. */
static void assert_no_secret(const char *s)
{
    static const char *const forms[] = {
        "k3y-synthetic+7f/3a9c", "k3y-synthetic%2b7f%2f3a9c",
        "s3cret-synthetic=51e2&x", "s3cret-synthetic%3d51e2%26x"};
    size_t i, k, n = strlen(s);
    char *low = malloc(n + 1);

    ck_assert_ptr_nonnull(low);
    for (k = 0; k <= n; k++)
        low[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] - 'A' + 'a' : s[k]);
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
        ck_assert_msg(strstr(low, forms[i]) == NULL, "'%s' holds '%s'", s,
                      forms[i]);
    free(low);
}

static void assert_answer_clean(const yj_geo_answer *a)
{
    size_t i;

    assert_no_secret(a->message);
    ck_assert(yj_utf8_valid(NULL, a->message, strlen(a->message)));
    for (i = 0; i < YJ_GEO_BATCH; i++) {
        assert_no_secret(a->result[i].label);
        assert_no_secret(a->result[i].level);
        ck_assert(yj_utf8_valid(NULL,
                                a->result[i].label, strlen(a->result[i].label)));
        ck_assert(yj_utf8_valid(NULL,
                                a->result[i].level, strlen(a->result[i].level)));
        if (a->raw[i] != NULL)
            assert_no_secret(a->raw[i]);
    }
}

/* Issue 19, defect 7: a formatted_address of 100 Chinese characters was
 * cut inside a character into the 256-byte label. */
START_TEST(test_read_cuts_a_long_chinese_label_between_characters)
{
    char body[2000], label[400];
    yj_geo_answer a;
    size_t i;

    label[0] = '\0';
    strcat(label, "1");
    for (i = 0; i < 100; i++)
        strcat(label, "驿");
    snprintf(body, sizeof body, "{\"status\":\"1\",\"info\":\"OK\","
             "\"infocode\":\"10000\",\"geocodes\":[{\"formatted_address\":"
             "\"%s\",\"location\":\"120.2531,30.1623\",\"level\":\"门牌号\"}]}",
             label);
    read_answer(&a, YJ_PROVIDER_AMAP, false, 1, body);
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(a.result[0].found);
    ck_assert_str_eq(a.result[0].precision, "door");
    ck_assert_uint_eq(strlen(a.result[0].label), 253);
    ck_assert(yj_utf8_valid(NULL, a.result[0].label,
                            strlen(a.result[0].label)));
    ck_assert(strncmp(a.result[0].label, label, 253) == 0);
    yj_geo_answer_clear(&a);
}
END_TEST

/* Issue 19, defect 4: a key echoed in formatted_address went to
 * coord_source and the history; one in level to stdout and the cache. */
START_TEST(test_read_blanks_the_key_in_every_field_and_form)
{
    static const char body[] =
        "{\"status\":\"1\",\"info\":\"OK " KEY "\",\"infocode\":\"10000\","
        "\"count\":\"2\",\"geocodes\":["
        "{\"formatted_address\":\"addr " KEY " K3Y-SYNTHETIC+7F/3A9C\","
        "\"location\":\"120.2531,30.1623\",\"level\":\"" KEY "\","
        "\"" KEY "\":\"as a member name\"},"
        "{\"formatted_address\":\"k3y-Synthetic%2B7f%2F3a9c and "
        "k3y-synthetic%2b7f%2f3a9c and s3cret-Synthetic%3D51e2%26x\","
        "\"location\":\"120.2531,30.1623\",\"level\":\"\\u006b3y-Synth"
        "etic\\u002b7f\\/3a9c\",\"note\":\"" SECRET "\"}]}";
    yj_geo_answer a;

    read_answer(&a, YJ_PROVIDER_AMAP, false, 2, body);
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    assert_answer_clean(&a);
    ck_assert_str_eq(a.result[0].label, "addr *** ***");
    ck_assert_str_eq(a.result[0].level, "***");
    ck_assert_str_eq(a.result[1].label, "*** and *** and ***");
    ck_assert_str_eq(a.result[1].level, "***");
    ck_assert_ptr_nonnull(a.raw[0]);
    ck_assert_ptr_nonnull(strstr(a.raw[0], "\"***\":\"as a member name\""));
    ck_assert_ptr_nonnull(strstr(a.raw[1], "\"note\":\"***\""));
    yj_geo_answer_clear(&a);
}
END_TEST

START_TEST(test_read_blanks_the_key_in_messages)
{
    yj_geo_answer a;

    /* an error answer quoting it: fatal, the message blanked */
    read_answer(&a, YJ_PROVIDER_AMAP, false, 1,
                "{\"status\":\"0\",\"info\":\"INVALID_USER_KEY " KEY "\","
                "\"infocode\":\"10001\"}");
    ck_assert_int_eq(a.verdict, YJ_GEO_FATAL);
    ck_assert_str_eq(a.message, "Amap infocode 10001 INVALID_USER_KEY ***");
    read_answer(&a, YJ_PROVIDER_BAIDU, false, 1,
                "{\"status\":211,\"message\":\"APP SN校验失败 " SECRET "\"}");
    ck_assert_int_eq(a.verdict, YJ_GEO_FATAL);
    ck_assert_str_eq(a.message, "Baidu status 211 APP SN校验失败 ***");
    read_answer(&a, YJ_PROVIDER_TIANDITU, false, 1,
                "{\"status\":\"404\",\"msg\":\"" KEY "\"}");
    ck_assert_int_eq(a.verdict, YJ_GEO_FAIL);
    ck_assert_str_eq(a.message, "Tianditu status 404 ***");
    /* not JSON, the parser's message quoting where it stopped */
    read_answer(&a, YJ_PROVIDER_AMAP, false, 1, "{\"status\":" KEY "}");
    ck_assert_int_eq(a.verdict, YJ_GEO_RETRY);
    assert_answer_clean(&a);
    ck_assert(strncmp(a.message, "malformed answer: not JSON", 26) == 0);
}
END_TEST

START_TEST(test_read_replaces_control_characters)
{
    yj_geo_answer a;

    read_answer(&a, YJ_PROVIDER_NOMINATIM, false, 1,
                "[{\"lat\":\"30.1647\",\"lon\":\"120.2486\",\"class\":"
                "\"amenity\",\"type\":\"x\\u001b]8;;\",\"display_name\":"
                "\"a\\nb\\tc\\u009bd\\u2028e\"}]");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert_str_eq(a.result[0].label, "a b c d e");
    ck_assert_str_eq(a.result[0].level, "amenity=x ]8;;");
    ck_assert_str_eq(a.result[0].precision, "poi");
    yj_geo_answer_clear(&a);
}
END_TEST

/* Issue 19, defect 14: an Amap infocode of 1e300 was cast to int
 * (undefined behaviour); every number of an answer is checked first. */
START_TEST(test_read_checks_numbers_before_use)
{
    static const struct {
        yj_provider p;
        const char *body, *message;
    } cases[] = {
        {YJ_PROVIDER_AMAP, "{\"status\":\"0\",\"infocode\":1e300}",
         "malformed answer: Amap infocode 1e+300 is not a whole number from "
         "0 to 99999"},
        {YJ_PROVIDER_AMAP, "{\"status\":\"0\",\"infocode\":\"-1e300\"}",
         "malformed answer: Amap infocode -1e+300 is not a whole number from "
         "0 to 99999"},
        {YJ_PROVIDER_AMAP, "{\"status\":\"0\",\"infocode\":10001.5}",
         "malformed answer: Amap infocode 10001.5 is not a whole number from "
         "0 to 99999"},
        {YJ_PROVIDER_BAIDU, "{\"status\":-2147483649}",
         "malformed answer: Baidu status -2147483649 is not a whole number "
         "from 0 to 99999"},
        {YJ_PROVIDER_TIANDITU, "{\"status\":1e300}",
         "malformed answer: Tianditu status 1e+300 is not a whole number "
         "from 0 to 99999"},
        {YJ_PROVIDER_AMAP, "{\"status\":\"1\",\"geocodes\":[{\"location\":"
         "\"1e300,30\"}]}",
         "malformed answer: Amap location 1e+300,30 is not within ±180,±90"},
        {YJ_PROVIDER_AMAP, "{\"status\":\"1\",\"geocodes\":[{\"location\":"
         "\"120.1,nan\"}]}",
         "malformed answer: Amap location '120.1,nan' is not lon,lat"},
        {YJ_PROVIDER_BAIDU, "{\"status\":0,\"result\":{\"location\":{\"lng\":"
         "120.1,\"lat\":91}}}",
         "malformed answer: Baidu location 120.1,91 is not within ±180,±90"},
        {YJ_PROVIDER_BAIDU, "{\"status\":0,\"result\":{\"location\":{\"lng\":"
         "120.1,\"lat\":30.1},\"precise\":1,\"confidence\":1e300}}",
         "malformed answer: Baidu confidence 1e+300 is not a number from 0 "
         "to 100"},
        {YJ_PROVIDER_BAIDU, "{\"status\":0,\"result\":{\"location\":{\"lng\":"
         "120.1,\"lat\":30.1},\"precise\":2}}",
         "malformed answer: Baidu precise 2 is not 0 or 1"},
        {YJ_PROVIDER_TIANDITU, "{\"status\":\"0\",\"location\":{\"lon\":"
         "-181,\"lat\":30}}",
         "malformed answer: Tianditu location -181,30 is not within ±180,±90"},
        {YJ_PROVIDER_TIANDITU, "{\"status\":\"0\",\"location\":{\"lon\":"
         "120,\"lat\":30,\"score\":-5}}",
         "malformed answer: Tianditu score -5 is not a number from 0 to 100"},
        {YJ_PROVIDER_NOMINATIM, "[{\"lat\":\"30\",\"lon\":\"1e300\"}]",
         "malformed answer: Nominatim lon,lat 1e+300,30 is not within "
         "±180,±90"},
        {YJ_PROVIDER_NOMINATIM, "[{\"lat\":\"30\"}]",
         "malformed answer: Nominatim lon,lat: lon is missing or not a "
         "number"},
    };
    yj_geo_answer a;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        read_answer(&a, cases[i].p, false, 1, cases[i].body);
        ck_assert_msg(a.verdict == YJ_GEO_RETRY, "case %zu: verdict %d", i,
                      (int)a.verdict);
        ck_assert_str_eq(a.message, cases[i].message);
        ck_assert(!a.result[0].found);
        ck_assert_ptr_null(a.raw[0]);
    }
}
END_TEST

START_TEST(test_read_refuses_deep_json)
{
    char *body = malloc(100001);
    yj_geo_answer a;

    ck_assert_ptr_nonnull(body);
    memset(body, '[', 100000);
    body[100000] = '\0';
    read_answer(&a, YJ_PROVIDER_NOMINATIM, false, 1, body);
    ck_assert_int_eq(a.verdict, YJ_GEO_RETRY);
    ck_assert_str_eq(a.message, "malformed answer: JSON nested deeper than "
                     "64 levels");
    free(body);
    /* 64 levels are fine (and not an answer) */
    read_answer(&a, YJ_PROVIDER_NOMINATIM, false, 1,
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                "[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
                "]]]]]]]]]]]");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(!a.result[0].found);
    yj_geo_answer_clear(&a);
    /* brackets inside strings do not count */
    read_answer(&a, YJ_PROVIDER_NOMINATIM, false, 1,
                "[{\"lat\":\"30\",\"lon\":\"120\",\"class\":\"highway\","
                "\"display_name\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"}]");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert_str_eq(a.result[0].precision, "road");
    yj_geo_answer_clear(&a);
}
END_TEST

START_TEST(test_read_each_provider_good_answer)
{
    yj_geo_answer a;

    read_answer(&a, YJ_PROVIDER_AMAP, true, 1,
                "{\"status\":\"1\",\"pois\":[{\"name\":\"合成驿站\","
                "\"location\":\"120.2531,30.1623\"}]}");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(a.result[0].found);
    ck_assert_str_eq(a.result[0].precision, "poi");
    ck_assert_str_eq(a.result[0].label, "合成驿站");
    ck_assert_str_eq(a.result[0].level, "兴趣点");
    yj_geo_answer_clear(&a);
    read_answer(&a, YJ_PROVIDER_BAIDU, false, 1,
                "{\"status\":0,\"result\":{\"location\":{\"lng\":120.2596,"
                "\"lat\":30.1681},\"precise\":1,\"confidence\":80,"
                "\"level\":\"门址\"}}");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(a.result[0].found);
    ck_assert_str_eq(a.result[0].precision, "door");
    ck_assert_str_eq(a.result[0].level, "门址 precise=1 confidence=80");
    yj_geo_answer_clear(&a);
    read_answer(&a, YJ_PROVIDER_TIANDITU, false, 1,
                "{\"status\":\"0\",\"location\":{\"lon\":120.2486,\"lat\":"
                "30.1647,\"score\":100,\"level\":\"门址\",\"keyWord\":\"x\"}}");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(a.result[0].found);
    ck_assert(a.result[0].lon == 120.2486 && a.result[0].lat == 30.1647);
    ck_assert_str_eq(a.result[0].precision, "door");
    yj_geo_answer_clear(&a);
    /* no result: found is false, the answer still OK and cached */
    read_answer(&a, YJ_PROVIDER_TIANDITU, false, 1,
                "{\"status\":\"101\",\"msg\":\"无结果\"}");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(!a.result[0].found);
    ck_assert_ptr_nonnull(a.raw[0]);
    yj_geo_answer_clear(&a);
}
END_TEST

/* Found by fuzz_geocode_answer's harness: a batch whose elements are not
 * objects stopped the run with "out of memory" (jansson would not write a
 * lone string for the cache); they are answers without a result. */
START_TEST(test_read_amap_batch_of_scalars_has_no_results)
{
    yj_geo_answer a;

    read_answer(&a, YJ_PROVIDER_AMAP, false, 3,
                "{\"status\":\"1\",\"geocodes\":[\"a\",1,null]}");
    ck_assert_int_eq(a.verdict, YJ_GEO_OK);
    ck_assert(!a.result[0].found && !a.result[1].found && !a.result[2].found);
    ck_assert_str_eq(a.raw[0], "\"a\"");
    ck_assert_str_eq(a.raw[1], "1");
    ck_assert_str_eq(a.raw[2], "null");
    yj_geo_answer_clear(&a);
}
END_TEST

START_TEST(test_read_refuses_bad_arguments)
{
    yj_geocode_options opt = options(YJ_PROVIDER_BAIDU);
    yj_geo_answer a;
    yj_error err;

    ck_assert_int_eq(yj_geocode_read(&a, &opt, false, 2, "{}", 2, &err),
                     YJ_EINVAL);
    ck_assert_int_eq(yj_geocode_read(&a, &opt, true, 1, "{}", 2, &err),
                     YJ_EINVAL);
    opt.provider = YJ_PROVIDER_AMAP;
    ck_assert_int_eq(yj_geocode_read(&a, &opt, false, 11, "{}", 2, &err),
                     YJ_EINVAL);
    ck_assert_int_eq(yj_geocode_read(&a, &opt, false, 0, "{}", 2, &err),
                     YJ_EINVAL);
}
END_TEST

/* A secret of '*' would meet its own replacement: still nothing of it is
 * left, and the loop ends. */
START_TEST(test_read_blanks_a_secret_made_of_stars)
{
    yj_geocode_options opt = options(YJ_PROVIDER_TIANDITU);
    yj_geo_answer a;
    yj_error err;
    static const char body[] =
        "{\"status\":\"404\",\"msg\":\"a**b****c*\"}";

    opt.key = "**";
    opt.secret = NULL;
    ck_assert_int_eq(yj_geocode_read(&a, &opt, false, 1, body,
                                     sizeof body - 1, &err), YJ_OK);
    ck_assert_ptr_null(strstr(a.message, "**"));
    ck_assert_str_eq(a.message, "Tianditu status 404 abc*");
}
END_TEST

/* The table of providers: each row is found by its name, asks within
 * the answer's limits, and names its variables; nothing past the end. */
START_TEST(test_provider_table_rows_are_whole)
{
    static const char *const names[] = {"amap", "baidu", "tianditu",
                                        "nominatim"};
    const yj_geocode_provider *pv;
    yj_provider p;
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_assert(yj_provider_from_name(&p, names[i]));
        ck_assert_int_eq(p, (int)i);
        ck_assert_ptr_nonnull(pv = yj_geocode_provider_of(p));
        ck_assert_str_eq(pv->name, names[i]);
        ck_assert_str_eq(yj_provider_name(p), names[i]);
        ck_assert(strncmp(pv->default_url, "https://", 8) == 0);
        ck_assert_ptr_nonnull(pv->url_env);
        ck_assert(pv->batch >= 1 && pv->batch <= YJ_GEO_BATCH);
        ck_assert(pv->default_qps > 0);
        ck_assert(pv->max_qps == 0 || pv->default_qps <= pv->max_qps);
        ck_assert(pv->secret_env == NULL || pv->key_env != NULL);
    }
    ck_assert_ptr_null(yj_geocode_provider_of((yj_provider)i));
    ck_assert(!yj_provider_from_name(&p, "google"));
    /* what the tool's help promises */
    pv = yj_geocode_provider_of(YJ_PROVIDER_AMAP);
    ck_assert_str_eq(pv->key_env, "YIJIA_AMAP_KEY");
    ck_assert_str_eq(pv->secret_env, "YIJIA_AMAP_SECRET");
    ck_assert_uint_eq(pv->batch, 10);
    pv = yj_geocode_provider_of(YJ_PROVIDER_NOMINATIM);
    ck_assert_ptr_null(pv->key_env);
    ck_assert(pv->max_qps == 1.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geocode");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_md5_rfc1321_suite);
    tcase_add_test(tc, test_url_escape_keeps_unreserved_only);
    tcase_add_test(tc, test_query_prefixes_province_city_and_district);
    tcase_add_test(tc, test_decode_detects_what_excel_saves);
    tcase_add_test(tc, test_read_cuts_a_long_chinese_label_between_characters);
    tcase_add_test(tc, test_read_blanks_the_key_in_every_field_and_form);
    tcase_add_test(tc, test_read_blanks_the_key_in_messages);
    tcase_add_test(tc, test_read_replaces_control_characters);
    tcase_add_test(tc, test_read_checks_numbers_before_use);
    tcase_add_test(tc, test_read_refuses_deep_json);
    tcase_add_test(tc, test_read_each_provider_good_answer);
    tcase_add_test(tc, test_read_amap_batch_of_scalars_has_no_results);
    tcase_add_test(tc, test_read_refuses_bad_arguments);
    tcase_add_test(tc, test_read_blanks_a_secret_made_of_stars);
    tcase_add_test(tc, test_provider_table_rows_are_whole);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

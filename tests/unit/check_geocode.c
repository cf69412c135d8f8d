/* check_geocode.c — the pieces of online geocoding that need no network:
 * MD5 (RFC 1321's test suite, Amap's documented sig example), URL
 * escaping, the query sent for an address, and the decoding of sheets as
 * Excel saves them (csv.h). */
#include "csv.h"
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

int main(void)
{
    Suite *s = suite_create("geocode");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_md5_rfc1321_suite);
    tcase_add_test(tc, test_url_escape_keeps_unreserved_only);
    tcase_add_test(tc, test_query_prefixes_province_city_and_district);
    tcase_add_test(tc, test_decode_detects_what_excel_saves);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

/* check_text.c — UTF-8 validation and display width. */
#include "test_util.h"
#include "text.h"
#include "yijia.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_utf8_accepts_chinese_and_emoji)
{
    const char *s = "萧山区城厢街道 😀 abc";
    ck_assert(yj_utf8_valid(s, strlen(s), NULL));
}
END_TEST

START_TEST(test_utf8_rejects_bad_sequences_with_offset)
{
    static const struct {
        const char *bytes;
        size_t offset;
    } cases[] = {
        {"ab\xC0\xAF", 2},          /* overlong '/' */
        {"\xED\xA0\x80", 0},        /* UTF-16 surrogate */
        {"x\xE5\x9F", 1},           /* truncated 3-byte sequence */
        {"\xF4\x90\x80\x80", 0},    /* above U+10FFFF */
        {"城\xFF", 3},               /* 0xFF never appears */
        {"\xB7", 0},                /* lone continuation byte */
    };
    size_t i, off;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        off = 99;
        ck_assert_msg(!yj_utf8_valid(cases[i].bytes, strlen(cases[i].bytes),
                                     &off), "case %zu accepted", i);
        ck_assert_uint_eq(off, cases[i].offset);
    }
}
END_TEST

START_TEST(test_width_counts_chinese_double)
{
    ck_assert_uint_eq(yj_text_width("abc"), 3);
    ck_assert_uint_eq(yj_text_width("城厢"), 4);
    ck_assert_uint_eq(yj_text_width("XS001 城厢街道"), 14);
    ck_assert_uint_eq(yj_text_width("（香悦超市旁)"), 13); /* fullwidth （ */
    ck_assert_uint_eq(yj_text_width("e\xCC\x81"), 1);      /* e + combining acute */
    ck_assert_uint_eq(yj_text_width("😀"), 2);
    ck_assert_uint_eq(yj_text_width(""), 0);
}
END_TEST

START_TEST(test_decode_returns_code_point)
{
    uint32_t cp = 0;
    ck_assert_uint_eq(yj_utf8_decode("驿", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x9A7F);
    ck_assert_uint_eq(yj_utf8_decode("\xE9\xA9", 2, &cp), 0);
}
END_TEST

START_TEST(test_fixed_matches_printf_digit_for_digit)
{
    static const double edge[] = {0.0, -0.0, 0.5e-6, -0.5e-6, 1e-9, -1e-9,
                                  0.0000005, 0.00000049999, 120.2930000005,
                                  30.1750000004999, 179.9999999995,
                                  -179.99999995, 999.9999999, 1000.0, 1e300,
                                  -33.8567844, 0.125, 2.5, 0.05};
    unsigned long long state = 20261128;
    char want[64], got[32];
    size_t i, n;
    int d;

    for (i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        for (d = 0; d <= 9; d++) {
            if (edge[i] > 1e100)
                continue; /* printf's text would not fit in 32 */
            snprintf(want, sizeof want, "%.*f", d, edge[i]);
            n = yj_format_fixed(got, edge[i], d);
            ck_assert_str_eq(got, want);
            ck_assert_uint_eq(n, strlen(want));
        }
    }
    for (i = 0; i < 200000; i++) {
        double v = tu_uniform(&state, -200.0, 200.0);
        d = (int)(i % 10);
        /* values with exactly d+1 decimals ending in 5: the ties */
        if (i % 3 == 0)
            v = (double)(long long)(v * 1e6) / 1e6 + (v < 0 ? -5e-7 : 5e-7);
        snprintf(want, sizeof want, "%.*f", d, v);
        yj_format_fixed(got, v, d);
        ck_assert_str_eq(got, want);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_utf8_accepts_chinese_and_emoji);
    tcase_add_test(tc, test_utf8_rejects_bad_sequences_with_offset);
    tcase_add_test(tc, test_width_counts_chinese_double);
    tcase_add_test(tc, test_decode_returns_code_point);
    tcase_add_test(tc, test_fixed_matches_printf_digit_for_digit);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

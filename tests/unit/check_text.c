/* check_text.c — UTF-8 validation and display width; text shown on a
 * terminal (controls escaped); spreadsheet cells guarded against formulas. */
#include "error.h"
#include "test_util.h"
#include "text.h"
#include "yijia.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_utf8_accepts_chinese_and_emoji)
{
    const char *s = "萧山区城厢街道 😀 abc";
    ck_assert(yj_utf8_valid(NULL, s, strlen(s)));
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
        ck_assert_msg(!yj_utf8_valid(&off, cases[i].bytes,
                                     strlen(cases[i].bytes)), "case %zu accepted", i);
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

START_TEST(test_fit_cuts_by_width_between_characters)
{
    size_t w = 99;

    ck_assert_uint_eq(yj_text_fit(&w, "abcdef", 4), 4);
    ck_assert_uint_eq(w, 4);
    /* 城厢街道: 3 columns hold one character (3 bytes), not one and a half */
    ck_assert_uint_eq(yj_text_fit(&w, "城厢街道", 3), 3);
    ck_assert_uint_eq(w, 2);
    ck_assert_uint_eq(yj_text_fit(&w, "城厢街道", 4), 6);
    ck_assert_uint_eq(yj_text_fit(&w, "城厢", 99), 6);
    ck_assert_uint_eq(w, 4);
    ck_assert_uint_eq(yj_text_fit(&w, "城", 1), 0);
    ck_assert_uint_eq(w, 0);
    /* a combining mark stays with its letter */
    ck_assert_uint_eq(yj_text_fit(&w, "e\xCC\x81x", 1), 3);
    ck_assert_uint_eq(w, 1);
    ck_assert_uint_eq(yj_text_fit(NULL, "", 5), 0);
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

START_TEST(test_escape_shows_controls_and_keeps_chinese)
{
    char buf[128];
    size_t n;

    n = yj_text_escape(buf, sizeof buf,
                       "站\x1b]0;x\x07\xc2\x9b" "2J\xe2\x80\xae\t\n\x7f\xff名");
    ck_assert_str_eq(buf, "站\\x1b]0;x\\x07\\u009b2J\\u202e\\t\\n"
                          "\\x7f\\xff名");
    ck_assert_uint_eq(n, strlen(buf));
    /* U+2066..2069 isolates, U+200E/F marks, U+061C, separators */
    yj_text_escape(buf, sizeof buf, "\xe2\x81\xa6\xe2\x80\x8f\xd8\x9c"
                                    "\xe2\x80\xa8");
    ck_assert_str_eq(buf, "\\u2066\\u200f\\u061c\\u2028");
    /* nothing to escape: unchanged */
    yj_text_escape(buf, sizeof buf, "萧山区 XS001 (a\\b)");
    ck_assert_str_eq(buf, "萧山区 XS001 (a\\b)");
}
END_TEST

START_TEST(test_escape_cuts_between_characters_and_counts_all)
{
    char buf[8];
    size_t n = yj_text_escape(buf, sizeof buf, "萧山\x1b区");

    /* "萧山" is 6 bytes; "\x1b" (4) would not fit: cut before it */
    ck_assert_str_eq(buf, "萧山");
    ck_assert_uint_eq(n, 6 + 4 + 3);
    ck_assert_uint_eq(yj_text_escape(NULL, 0, "\x01"), 4);
    ck_assert(yj_utf8_valid(NULL, buf, strlen(buf)));
}
END_TEST

START_TEST(test_cell_guard_is_undone_exactly)
{
    static const char *const guarded[] = {
        "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx",
        "'=x", "''@y", "-", "+",
    };
    static const char *const plain[] = {
        "-5", "+86.5", "12", "'abc", "abc", "", "'", "0571-82345678",
        "''-5",
    };
    char buf[64];
    size_t i;

    for (i = 0; i < sizeof guarded / sizeof *guarded; i++) {
        ck_assert_msg(yj_cell_needs_guard(guarded[i]), "%s", guarded[i]);
        snprintf(buf, sizeof buf, "'%s", guarded[i]);
        ck_assert_str_eq(yj_cell_unguard(buf), guarded[i]);
    }
    for (i = 0; i < sizeof plain / sizeof *plain; i++) {
        ck_assert_msg(!yj_cell_needs_guard(plain[i]), "%s", plain[i]);
        ck_assert_str_eq(yj_cell_unguard(plain[i]), plain[i]);
    }
}
END_TEST

START_TEST(test_utf8_copy_cuts_between_characters)
{
    char big[400], dst[256], small[251];
    size_t i;

    big[0] = '\0';
    for (i = 0; i < 100; i++)
        memcpy(big + 3 * i, "驿", 4);  /* 300 bytes */
    yj_utf8_copy(dst, sizeof dst, big);
    ck_assert_uint_eq(strlen(dst), 255);  /* 85 whole characters */
    yj_utf8_copy(small, sizeof small, big);
    ck_assert_uint_eq(strlen(small), 249);  /* not 250: mid-character */
    ck_assert(yj_utf8_valid(NULL, small, strlen(small)));
    big[0] = 'a';  /* a lone byte first: every cut moves by one */
    memmove(big + 1, big + 3, strlen(big + 3) + 1);
    yj_utf8_copy(dst, sizeof dst, big);
    ck_assert_uint_eq(strlen(dst), 253);
    ck_assert(yj_utf8_valid(NULL, dst, strlen(dst)));
    yj_utf8_copy(dst, sizeof dst, "short");
    ck_assert_str_eq(dst, "short");
    yj_utf8_copy(dst, 1, "驿");
    ck_assert_str_eq(dst, "");
}
END_TEST

START_TEST(test_error_messages_are_cut_between_characters)
{
    yj_error err;
    char big[600];
    size_t i;

    for (i = 0; i < 199; i++)
        memcpy(big + 3 * i, "驿", 4);  /* 597 bytes */
    yj_fail(&err, YJ_EINVAL, "x%s", big);  /* 256: 'x' + 85 characters */
    ck_assert(yj_utf8_valid(NULL, err.message, strlen(err.message)));
    ck_assert_uint_eq(strlen(err.message), 1 + 84 * 3);
    yj_fail(&err, YJ_EINVAL, "%s", big);
    ck_assert(yj_utf8_valid(NULL, err.message, strlen(err.message)));
    yj_error_prefix(&err, "ab");
    ck_assert(yj_utf8_valid(NULL, err.message, strlen(err.message)));
    ck_assert(strncmp(err.message, "ab: 驿", strlen("ab: 驿")) == 0);
    /* a long head (a file's path) gives way, not the message: "…" and
     * the head's end, whole characters */
    yj_fail(&err, YJ_EBUSY, "database is locked");
    big[0] = 'a';
    big[1] = 'b';
    for (i = 0; i < 85; i++)
        memcpy(big + 2 + 3 * i, "萧", 4);
    yj_error_prefix(&err, big);
    ck_assert(yj_utf8_valid(NULL, err.message, strlen(err.message)));
    ck_assert(strncmp(err.message, "…萧", strlen("…萧")) == 0);
    ck_assert(strstr(err.message, "萧: database is locked") != NULL);
}
END_TEST

START_TEST(test_every_code_has_a_name_and_codes_keep_their_values)
{
    int c;

    /* append-only: a new code never renumbers the old ones */
    ck_assert_int_eq(YJ_ECONFLICT, 9);
    ck_assert_int_eq(YJ_EDEPENDENCY, 10);
    for (c = YJ_OK; c <= YJ_EDEPENDENCY; c++)
        ck_assert_str_ne(yj_code_name((yj_code)c), "unknown error");
    ck_assert_str_eq(yj_code_name(YJ_EDEPENDENCY), "missing library");
}
END_TEST

START_TEST(test_distance_and_suggestions)
{
    static const char *const commands[] = {"nearest", "list", "near", "show"};
    static const char *const towns[] = {"湘湖", "城厢", "北干"};
    static const char *const shorts[] = {"村", "厂", "b", "z"};
    static const char *const options[] = {"form", "format", "from"};

    ck_assert_uint_eq(yj_text_distance("nearst", "nearest"), 1);
    ck_assert_uint_eq(yj_text_distance("LIST", "list"), 0);
    ck_assert_uint_eq(yj_text_distance("城箱", "城厢"), 1);
    ck_assert_uint_eq(yj_text_distance("", "abc"), 3);
    ck_assert_uint_eq(yj_text_distance("kitten", "sitting"), 3);
    ck_assert_str_eq(yj_text_suggest("nearst", commands, 4), "nearest");
    ck_assert_str_eq(yj_text_suggest("lsit", commands, 4), "list");
    ck_assert_ptr_null(yj_text_suggest("xyzzy", commands, 4));
    ck_assert_ptr_null(yj_text_suggest("list", commands, 4));
    ck_assert_ptr_null(yj_text_suggest("", commands, 4));
    ck_assert_str_eq(yj_text_suggest("城箱", towns, 3), "城厢");
    ck_assert_ptr_null(yj_text_suggest("西湖区", towns, 3));
    /* one character is no slip of anything (an 'a' is not 村, 城 not
     * 城厢), and an ASCII word none of one Chinese character */
    ck_assert_ptr_null(yj_text_suggest("a", shorts, 4));
    ck_assert_ptr_null(yj_text_suggest("城", towns, 3));
    ck_assert_str_eq(yj_text_suggest("bc", shorts, 4), "b");
    /* a difference in case alone is the closest of all, not "equal" */
    ck_assert_str_eq(yj_text_suggest("Format", options, 3), "format");
    ck_assert_str_eq(yj_text_suggest("FROM", options, 3), "from");
    ck_assert_str_eq(yj_text_suggest("B", shorts, 4), "b");
    ck_assert_ptr_null(yj_text_suggest("format", options, 3));
}
END_TEST

START_TEST(test_fold_unicode_spaces_zero_width_and_minus)
{
    char buf[64];

    /* no-break, narrow no-break, em and thin spaces: a space */
    ck_assert(yj_text_fold(buf, sizeof buf, "a\xc2\xa0" "b\xe2\x80\xaf"
                           "c\xe2\x80\x83" "d\xe2\x80\x89" "e"));
    ck_assert_str_eq(buf, "a b c d e");
    /* and taken off the ends */
    ck_assert(yj_text_fold(buf, sizeof buf, "\xc2\xa0" "x\xe2\x80\x82"));
    ck_assert_str_eq(buf, "x");
    /* zero-width space, word joiner and BOM: nothing */
    ck_assert(yj_text_fold(buf, sizeof buf, "\xef\xbb\xbf" "1\xe2\x80\x8b"
                           "2\xe2\x81\xa0" "3"));
    ck_assert_str_eq(buf, "123");
    /* the minus sign */
    ck_assert(yj_text_fold(buf, sizeof buf, "\xe2\x88\x92" "73.98"));
    ck_assert_str_eq(buf, "-73.98");
    /* others as they are */
    ck_assert(yj_text_fold(buf, sizeof buf, "城厢 ˚"));
    ck_assert_str_eq(buf, "城厢 ˚");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_utf8_accepts_chinese_and_emoji);
    tcase_add_test(tc, test_utf8_rejects_bad_sequences_with_offset);
    tcase_add_test(tc, test_width_counts_chinese_double);
    tcase_add_test(tc, test_fit_cuts_by_width_between_characters);
    tcase_add_test(tc, test_decode_returns_code_point);
    tcase_add_test(tc, test_fixed_matches_printf_digit_for_digit);
    tcase_add_test(tc, test_escape_shows_controls_and_keeps_chinese);
    tcase_add_test(tc, test_escape_cuts_between_characters_and_counts_all);
    tcase_add_test(tc, test_cell_guard_is_undone_exactly);
    tcase_add_test(tc, test_utf8_copy_cuts_between_characters);
    tcase_add_test(tc, test_error_messages_are_cut_between_characters);
    tcase_add_test(tc, test_every_code_has_a_name_and_codes_keep_their_values);
    tcase_add_test(tc, test_distance_and_suggestions);
    tcase_add_test(tc, test_fold_unicode_spaces_zero_width_and_minus);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

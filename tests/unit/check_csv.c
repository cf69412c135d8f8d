/* check_csv.c — the CSV reader (quotes, CRLF, BOM, line numbers, errors)
 * and the field writer. */
#include "csv.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

/* Parse `text` and return all records as "a|b|c" lines joined by '\n',
 * with each record's line number prefixed: "1:a|b". */
static char *parse_all(const char *text, char delim, yj_error *err,
                       yj_code *rc_out)
{
    yj_csv_reader *r = NULL;
    const yj_csv_record *rec;
    static char out[4096];
    size_t used = 0, i;
    yj_code rc;

    out[0] = '\0';
    rc = yj_csv_reader_new(&r, text, strlen(text), "t.csv", delim, err);
    ck_assert_int_eq(rc, YJ_OK);
    while ((rc = yj_csv_read(&rec, r, err)) == YJ_OK && rec != NULL) {
        used += (size_t)snprintf(out + used, sizeof out - used, "%zu:",
                                 rec->line);
        for (i = 0; i < rec->count; i++)
            used += (size_t)snprintf(out + used, sizeof out - used, "%s%s",
                                     i ? "|" : "", rec->fields[i]);
        used += (size_t)snprintf(out + used, sizeof out - used, "\n");
    }
    yj_csv_reader_free(r);
    *rc_out = rc;
    return out;
}

START_TEST(test_reads_plain_and_quoted_fields)
{
    yj_error err;
    yj_code rc;
    const char *got = parse_all("id,name\nXS001,\"a, \"\"b\"\"\"\n", ',',
                                &err, &rc);
    ck_assert_int_eq(rc, YJ_OK);
    ck_assert_str_eq(got, "1:id|name\n2:XS001|a, \"b\"\n");
}
END_TEST

START_TEST(test_quoted_newline_spans_lines_and_counts_them)
{
    yj_error err;
    yj_code rc;
    const char *got = parse_all("a,b\r\n\"x\r\ny\",z\r\nlast,row\r\n", ',',
                                &err, &rc);
    ck_assert_int_eq(rc, YJ_OK);
    ck_assert_str_eq(got, "1:a|b\n2:x\ny|z\n4:last|row\n");
}
END_TEST

START_TEST(test_bom_is_skipped_and_blank_lines_ignored)
{
    yj_error err;
    yj_code rc;
    const char *got = parse_all("\xEF\xBB\xBFid,name\n\n\nXS1,城厢\n", ',',
                                &err, &rc);
    ck_assert_int_eq(rc, YJ_OK);
    ck_assert_str_eq(got, "1:id|name\n4:XS1|城厢\n");
}
END_TEST

START_TEST(test_last_line_without_newline_and_empty_fields)
{
    yj_error err;
    yj_code rc;
    const char *got = parse_all("a,,c\n,,", ',', &err, &rc);
    ck_assert_int_eq(rc, YJ_OK);
    ck_assert_str_eq(got, "1:a||c\n2:||\n");
}
END_TEST

START_TEST(test_unterminated_quote_names_the_opening_line)
{
    yj_error err;
    yj_code rc;
    parse_all("id,name\nXS1,ok\nXS2,\"never closed\nXS3,x\n", ',', &err, &rc);
    ck_assert_int_eq(rc, YJ_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "t.csv:3: unterminated"));
}
END_TEST

START_TEST(test_text_after_closing_quote_is_an_error)
{
    yj_error err;
    yj_code rc;
    parse_all("a,b\n\"x\"y,z\n", ',', &err, &rc);
    ck_assert_int_eq(rc, YJ_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "t.csv:2:"));
}
END_TEST

START_TEST(test_stray_quote_is_blamed_on_its_opening_line)
{
    yj_error err;
    yj_code rc;
    parse_all("a,b\n\"x,y\nc,\"d\"e\n", ',', &err, &rc);
    ck_assert_int_eq(rc, YJ_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "t.csv:2: unbalanced quote"));
    ck_assert_ptr_nonnull(strstr(err.message, "runs on to line 3"));
}
END_TEST

START_TEST(test_nul_byte_is_an_error)
{
    yj_csv_reader *r = NULL;
    const yj_csv_record *rec;
    yj_error err;
    static const char text[] = "a,b\nx\0y,z\n";

    ck_assert_int_eq(yj_csv_reader_new(&r, text, sizeof text - 1, "t.csv", ',',
                                       &err), YJ_OK);
    ck_assert_int_eq(yj_csv_read(&rec, r, &err), YJ_OK);
    ck_assert_int_eq(yj_csv_read(&rec, r, &err), YJ_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "t.csv:2: NUL"));
    yj_csv_reader_free(r);
}
END_TEST

START_TEST(test_tab_delimiter_is_detected)
{
    yj_csv_reader *r = NULL;
    yj_error err;
    const char *text = "id\tname\nXS1\ta,b\n";

    ck_assert_int_eq(yj_csv_reader_new(&r, text, strlen(text), "t.tsv", 0,
                                       &err), YJ_OK);
    ck_assert_int_eq(yj_csv_delimiter(r), '\t');
    yj_csv_reader_free(r);
}
END_TEST

START_TEST(test_writer_quotes_only_when_needed_and_round_trips)
{
    static const char *const values[] = {
        "plain", "has,comma", "has \"quote\"", "two\nlines", "tab\there",
        "城厢街道", "",
    };
    char *buf = NULL;
    size_t len = 0, i, name_col = 1;
    FILE *fp = open_memstream(&buf, &len);
    yj_csv_reader *r = NULL;
    const yj_csv_record *rec;
    yj_writer *w = NULL;
    yj_station s;
    yj_error err;
    int f;

    /* the station writer's CSV quoting, read back by the reader */
    ck_assert_int_eq(yj_writer_new(&w, fp, YJ_FORMAT_CSV, false, &err), YJ_OK);
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        memset(&s, 0, sizeof s);
        for (f = 0; f < YJ_F_COUNT; f++)
            s.text[f] = (char *)"";
        s.text[YJ_F_NAME] = (char *)values[i];
        s.text[YJ_F_NOTES] = (char *)values[i];
        ck_assert_int_eq(yj_writer_station(w, &s, &err), YJ_OK);
    }
    ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
    yj_writer_free(w);
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, ",\"has,comma\","));
    ck_assert_ptr_nonnull(strstr(buf, ",\"has \"\"quote\"\"\","));
    ck_assert_ptr_nonnull(strstr(buf, ",tab\there,"));
    ck_assert_int_eq(yj_csv_reader_new(&r, buf, len, "m", ',', &err), YJ_OK);
    ck_assert_int_eq(yj_csv_read(&rec, r, &err), YJ_OK); /* the header */
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        ck_assert_int_eq(yj_csv_read(&rec, r, &err), YJ_OK);
        ck_assert_ptr_nonnull(rec);
        ck_assert_uint_eq(rec->count, YJ_F_COUNT);
        ck_assert_str_eq(rec->fields[name_col], values[i]);
        ck_assert_str_eq(rec->fields[YJ_F_NOTES], values[i]);
    }
    yj_csv_reader_free(r);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_reads_plain_and_quoted_fields);
    tcase_add_test(tc, test_quoted_newline_spans_lines_and_counts_them);
    tcase_add_test(tc, test_bom_is_skipped_and_blank_lines_ignored);
    tcase_add_test(tc, test_last_line_without_newline_and_empty_fields);
    tcase_add_test(tc, test_unterminated_quote_names_the_opening_line);
    tcase_add_test(tc, test_text_after_closing_quote_is_an_error);
    tcase_add_test(tc, test_stray_quote_is_blamed_on_its_opening_line);
    tcase_add_test(tc, test_nul_byte_is_an_error);
    tcase_add_test(tc, test_tab_delimiter_is_detected);
    tcase_add_test(tc, test_writer_quotes_only_when_needed_and_round_trips);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

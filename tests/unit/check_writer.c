/* check_writer.c — the CSV, TSV and JSON station writers: the shipped
 * stations.csv is reproduced byte for byte, and awkward text (quotes,
 * commas, newlines, tabs, control characters, emoji) is escaped. */
#include "dataset.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

/* Write stations with `format` into a heap string. */
static char *write_all(const yj_station *const *list, size_t n,
                       yj_format format)
{
    char *buf = NULL;
    size_t len = 0, i;
    FILE *fp = open_memstream(&buf, &len);
    yj_writer *w = NULL;
    yj_error err;

    ck_assert_int_eq(yj_writer_new(&w, fp, format, false, &err), YJ_OK);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(yj_writer_station(w, list[i], &err), YJ_OK);
    ck_assert_int_eq(yj_writer_finish(w, &err), YJ_OK);
    yj_writer_free(w);
    fclose(fp);
    return buf;
}

START_TEST(test_csv_reproduces_stations_csv)
{
    yj_dataset *ds = NULL;
    yj_error err;
    const yj_station *list[64];
    size_t i, n;
    char *got, *want;

    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    n = yj_dataset_station_count(ds);
    for (i = 0; i < n; i++)
        list[i] = yj_dataset_station(ds, i);
    got = write_all(list, n, YJ_FORMAT_CSV);
    want = tu_read(tu_path(tu_data_dir(), "stations.csv"), NULL);
    tu_assert_same_text(got, want);
    free(got);
    free(want);
    yj_dataset_free(ds);
}
END_TEST

static void awkward_station(yj_station *s)
{
    int f;

    memset(s, 0, sizeof *s);
    for (f = 0; f < YJ_F_COUNT; f++)
        s->text[f] = strdup("");
    free(s->text[YJ_F_ID]);
    s->text[YJ_F_ID] = strdup("T1");
    free(s->text[YJ_F_NAME]);
    s->text[YJ_F_NAME] = strdup("a \"q\", <b> & 'c'\ttab\nline\x01\xE2\x80\xA8😀");
    free(s->text[YJ_F_AMENITIES]);
    s->text[YJ_F_AMENITIES] = strdup("rest;toilet");
}

START_TEST(test_json_escapes_everything_awkward)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    char *got;

    awkward_station(&s);
    got = write_all(list, 1, YJ_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(got, "\"name\": \"a \\\"q\\\", <b> & 'c'\\ttab"
                                      "\\nline\\u0001\\u2028😀\""));
    ck_assert_ptr_nonnull(strstr(got, "\"amenities\": [\"rest\", \"toilet\"]"));
    ck_assert_ptr_nonnull(strstr(got, "\"lon\": null, \"lat\": null"));
    ck_assert(got[0] == '[');
    ck_assert_str_eq(got + strlen(got) - 4, "}\n]\n");
    free(got);
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_tsv_quotes_tabs_and_newlines)
{
    yj_station s;
    const yj_station *list[1] = {&s};
    char *got;

    awkward_station(&s);
    got = write_all(list, 1, YJ_FORMAT_TSV);
    ck_assert_ptr_nonnull(strstr(got, "id\tname\taddress\t"));
    ck_assert_ptr_nonnull(strstr(got, "T1\t\"a \"\"q\"\", <b> & 'c'\ttab\nline"));
    free(got);
    yj_station_clear(&s);
}
END_TEST

START_TEST(test_empty_outputs_are_still_documents)
{
    char *got = write_all(NULL, 0, YJ_FORMAT_JSON);

    ck_assert_str_eq(got, "[]\n");
    free(got);
    got = write_all(NULL, 0, YJ_FORMAT_CSV);
    ck_assert(strncmp(got, "id,name,address,", 16) == 0);
    free(got);
}
END_TEST

START_TEST(test_format_names)
{
    yj_format f;

    ck_assert(yj_format_from_name(&f, "json"));
    ck_assert_int_eq(f, YJ_FORMAT_JSON);
    ck_assert(yj_format_from_name(&f, "tsv"));
    ck_assert_int_eq(f, YJ_FORMAT_TSV);
    ck_assert(!yj_format_from_name(&f, "xml"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("writer");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_csv_reproduces_stations_csv);
    tcase_add_test(tc, test_json_escapes_everything_awkward);
    tcase_add_test(tc, test_tsv_quotes_tabs_and_newlines);
    tcase_add_test(tc, test_empty_outputs_are_still_documents);
    tcase_add_test(tc, test_format_names);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

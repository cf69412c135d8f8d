/* check_survey_json.c — the JSON of a check on site (the body of POST
 * /staff/checks) read into a yj_survey, and one string member read from
 * an object (the sign-in body): what is taken, and every refusal naming
 * the member. */
#include "yijia.h"
#include "test_util.h"

#include <string.h>

#define GOOD                                                                \
    "{\"id\": \"a1b2c3d4e5f6\", \"station\": \"XS001\", \"lon\": 120.25, "  \
    "\"lat\": 30.16, \"accuracy_m\": 8.5, \"measured_at\": 1764600000999, " \
    "\"amenities\": [\"drinking_water\", \"rest\"], \"opening_hours\": "    \
    "\"Mo-Fr 08:00-17:00\", \"phone\": null, \"note\": \"门口\", "          \
    "\"extra\": {\"ignored\": true}}"

static yj_code read_doc(yj_survey *s, yj_survey_doc **doc, const char *text,
                        yj_error *err)
{
    return yj_survey_from_json(doc, s, text, strlen(text), err);
}

START_TEST(test_survey_from_json_reads_every_member)
{
    yj_survey s;
    yj_survey_doc *doc = NULL;
    yj_error err;

    ck_assert_msg(read_doc(&s, &doc, GOOD, &err) == YJ_OK, "%s",
                  err.message);
    ck_assert_str_eq(s.submission_id, "a1b2c3d4e5f6");
    ck_assert_str_eq(s.station_id, "XS001");
    ck_assert_ptr_null(s.staff);
    ck_assert(s.point.lon == 120.25 && s.point.lat == 30.16);
    ck_assert(s.accuracy_m == 8.5);
    ck_assert_int_eq(s.measured_at, 1764600000); /* milliseconds floored */
    ck_assert_str_eq(s.amenities, "drinking_water;rest");
    ck_assert_str_eq(s.opening_hours, "Mo-Fr 08:00-17:00");
    ck_assert_ptr_null(s.phone);
    ck_assert_str_eq(s.note, "门口");
    yj_survey_doc_free(doc);
    yj_survey_doc_free(NULL);
}
END_TEST

START_TEST(test_survey_from_json_absent_and_null_edits_are_unchanged)
{
    static const char text[] =
        "{\"id\": \"abcdefgh\", \"station\": \"XS002\", \"lon\": 120, "
        "\"lat\": 30, \"accuracy_m\": 1000, \"measured_at\": 1764600000000, "
        "\"amenities\": null}";
    static const char none[] =
        "{\"id\": \"abcdefgh\", \"station\": \"XS002\", \"lon\": 120, "
        "\"lat\": 30, \"accuracy_m\": 3, \"measured_at\": 1764600000000, "
        "\"amenities\": []}";
    yj_survey s;
    yj_survey_doc *doc = NULL;
    yj_error err;

    ck_assert_int_eq(read_doc(&s, &doc, text, &err), YJ_OK);
    ck_assert_ptr_null(s.amenities);
    ck_assert_ptr_null(s.opening_hours);
    ck_assert_ptr_null(s.phone);
    ck_assert_ptr_null(s.note);
    yj_survey_doc_free(doc);
    /* an empty array: no amenities (not "unchanged") */
    ck_assert_int_eq(read_doc(&s, &doc, none, &err), YJ_OK);
    ck_assert_str_eq(s.amenities, "");
    yj_survey_doc_free(doc);
}
END_TEST

/* `text` is refused with `code` and a message starting with `start`. */
static void refused(const char *text, yj_code code, const char *start)
{
    yj_survey s;
    yj_survey_doc *doc = (yj_survey_doc *)&s; /* must be set to NULL */
    yj_error err;

    ck_assert_int_eq(read_doc(&s, &doc, text, &err), code);
    ck_assert_ptr_null(doc);
    ck_assert_ptr_null(s.submission_id);
    ck_assert_msg(strncmp(err.message, start, strlen(start)) == 0,
                  "'%s' does not start with '%s'", err.message, start);
}

/* GOOD with member `key`'s value replaced by `value` ("" removes it). */
static void with(char *buf, size_t size, const char *key, const char *value)
{
    yj_survey s;
    yj_survey_doc *doc = NULL;
    yj_error err;
    static const char *const keys[] = {"id", "station", "lon", "lat",
        "accuracy_m", "measured_at", "amenities", "opening_hours", "phone",
        "note", NULL};
    static const char *const good[] = {"\"a1b2c3d4e5f6\"", "\"XS001\"",
        "120.25", "30.16", "8.5", "1764600000000", "[\"rest\"]", "null",
        "null", "null"};
    size_t i, used;

    ck_assert_int_eq(read_doc(&s, &doc, GOOD, &err), YJ_OK);
    yj_survey_doc_free(doc);
    used = (size_t)snprintf(buf, size, "{");
    for (i = 0; keys[i] != NULL; i++) {
        const char *v = strcmp(keys[i], key) == 0 ? value : good[i];
        if (v[0] == '\0')
            continue;
        used += (size_t)snprintf(buf + used, size - used, "%s\"%s\": %s",
                                 used > 1 ? ", " : "", keys[i], v);
    }
    snprintf(buf + used, size - used, "}");
}

START_TEST(test_survey_from_json_names_the_member_that_is_wrong)
{
    static const struct {
        const char *key, *value, *start;
    } cases[] = {
        {"id", "", "id: missing"},
        {"id", "12345678", "id: a string"},
        {"id", "\"short\"", "id: 8 to 64"},
        {"id", "\"has space 123\"", "id: 8 to 64"},
        {"id", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
         "id: 8 to 64"},
        {"station", "", "station: missing"},
        {"station", "\"\"", "station: a station id"},
        {"station", "[\"XS001\"]", "station: a string"},
        {"lon", "\"120.25\"", "lon: a number"},
        {"lon", "180.5", "lon: 180.5 is out of range"},
        {"lat", "", "lat: missing"},
        {"lat", "true", "lat: a number"},
        {"lat", "-91", "lat: -91 is out of range"},
        {"accuracy_m", "0", "accuracy_m: more than 0"},
        {"accuracy_m", "1000.5", "accuracy_m: 1000.5 is out of range"},
        {"accuracy_m", "null", "accuracy_m: a number"},
        {"measured_at", "1764600000", "measured_at: "}, /* seconds */
        {"measured_at", "\"2026-12-01\"", "measured_at: a number"},
        {"amenities", "\"rest\"", "amenities: an array"},
        {"amenities", "[\"rest\", 7]", "amenities: element 2"},
        {"amenities", "[\"rest;toilet\"]", "amenities: element 1"},
        {"amenities", "[\"\"]", "amenities: element 1"},
        {"opening_hours", "7", "opening_hours: a string or null"},
        {"phone", "{}", "phone: a string or null"},
        {"note", "[]", "note: a string or null"},
    };
    char buf[1024];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        with(buf, sizeof buf, cases[i].key, cases[i].value);
        refused(buf, YJ_EINVAL, cases[i].start);
    }
}
END_TEST

START_TEST(test_survey_from_json_refuses_what_is_not_an_object)
{
    refused("", YJ_EPARSE, "not JSON");
    refused("{\"id\": ", YJ_EPARSE, "not JSON");
    refused("[1, 2]", YJ_EPARSE, "a JSON object");
    refused("\"text\"", YJ_EPARSE, "not JSON"); /* jansson: a container */
    refused("{\"id\": \"abcdefgh\", \"id\": \"abcdefgh\"}", YJ_EPARSE,
            "not JSON");
    refused("{\"note\": \"a\\u0000b\"}", YJ_EPARSE, "not JSON");
}
END_TEST

START_TEST(test_json_member_string_reads_one_member)
{
    char buf[16];
    yj_error err;
    const char *t;

    t = "{\"token\": \"abc.def\", \"x\": 1}";
    ck_assert_int_eq(yj_json_member_string(buf, sizeof buf, t, strlen(t),
                                           "token", &err), YJ_OK);
    ck_assert_str_eq(buf, "abc.def");
    t = "{\"token\": 7}";
    ck_assert_int_eq(yj_json_member_string(buf, sizeof buf, t, strlen(t),
                                           "token", &err), YJ_EINVAL);
    ck_assert_str_eq(buf, "");
    ck_assert_str_eq(err.message, "token: a string is needed");
    t = "{}";
    ck_assert_int_eq(yj_json_member_string(buf, sizeof buf, t, strlen(t),
                                           "token", &err), YJ_EINVAL);
    ck_assert_str_eq(err.message, "token: missing");
    t = "{\"token\": \"0123456789abcdef\"}"; /* 16 bytes: too long for 16 */
    ck_assert_int_eq(yj_json_member_string(buf, sizeof buf, t, strlen(t),
                                           "token", &err), YJ_EINVAL);
    ck_assert_str_eq(buf, "");
    t = "[\"token\"]";
    ck_assert_int_eq(yj_json_member_string(buf, sizeof buf, t, strlen(t),
                                           "token", &err), YJ_EPARSE);
    t = "{\"token\": \"abc\""; /* no closing brace */
    ck_assert_int_eq(yj_json_member_string(buf, sizeof buf, t, strlen(t),
                                           "token", &err), YJ_EPARSE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("survey_json");
    TCase *tc = tcase_create("read");

    tcase_add_test(tc, test_survey_from_json_reads_every_member);
    tcase_add_test(tc, test_survey_from_json_absent_and_null_edits_are_unchanged);
    tcase_add_test(tc, test_survey_from_json_names_the_member_that_is_wrong);
    tcase_add_test(tc, test_survey_from_json_refuses_what_is_not_an_object);
    tcase_add_test(tc, test_json_member_string_reads_one_member);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

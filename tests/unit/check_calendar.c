/* check_calendar.c — the holiday calendar (calendar.c): China's public
 * holidays and make-up working days as data/holidays-cn.csv lists them.
 * Every row of the shipped file is looked up again by date (the expected
 * kinds come from the file itself, read here with a parser of the test's
 * own), a few dates of 2025 and 2026 that the file lists, and days next to
 * them that it does not; the years covered; the civil-date arithmetic the
 * lookups rest on; the calendar a built database carries; and bad input
 * refused with the file, line and value.  (check_hours.c evaluates opening
 * hours against this calendar and has the first bad-row cases: bad date,
 * bad kind, a date twice, a header without date and kind.) */
#include "calendar.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shipped file as text, and its calendar. */
static char *shipped_text(size_t *len)
{
    return tu_read(tu_path(tu_data_dir(), "holidays-cn.csv"), len);
}

static yj_calendar *shipped(void)
{
    size_t len = 0;
    char *buf = shipped_text(&len);
    yj_calendar *cal = NULL;
    yj_error err;

    ck_assert_msg(yj_calendar_parse(&cal, buf, len, "holidays-cn.csv",
                                    &err) == YJ_OK, "%s", err.message);
    ck_assert_ptr_nonnull(cal);
    free(buf);
    return cal;
}

static long day(const char *date)
{
    long d;

    ck_assert_msg(yj_parse_date(&d, date), "'%s' is not a date", date);
    return d;
}

/* The kind the shipped file gives `date` ('H', 'W' or 0), read from its
 * lines with strstr: independent of the CSV reader and of calendar.c. */
static int kind_in_file(const char *text, const char *date)
{
    char needle[32];
    const char *at;

    snprintf(needle, sizeof needle, "\n%s,", date);
    if ((at = strstr(text, needle)) == NULL)
        return 0;
    at += strlen(needle);
    if (strncmp(at, "holiday,", 8) == 0)
        return 'H';
    if (strncmp(at, "workday,", 8) == 0)
        return 'W';
    ck_abort_msg("holidays-cn.csv: %s has a kind neither holiday nor workday",
                 date);
    return 0;
}

START_TEST(test_every_row_of_the_file_is_found_by_its_date)
{
    size_t len = 0, rows = 0, i;
    char *text = shipped_text(&len), *line, *next;
    yj_calendar *cal = shipped();

    /* line by line after the header: "YYYY-MM-DD,kind,..." */
    for (line = strchr(text, '\n') + 1; *line != '\0'; line = next) {
        char date[11];
        int want;
        next = strchr(line, '\n');
        next = next != NULL ? next + 1 : line + strlen(line);
        if (line[0] == '\r' || line[0] == '\n')
            continue;
        ck_assert_int_eq(line[10], ',');
        memcpy(date, line, 10);
        date[10] = '\0';
        want = strncmp(line + 11, "holiday,", 8) == 0   ? 'H'
               : strncmp(line + 11, "workday,", 8) == 0 ? 'W'
                                                        : -1;
        ck_assert_msg(want > 0, "holidays-cn.csv: '%.40s'", line);
        ck_assert_msg(yj_calendar_kind(cal, day(date)) == want,
                      "%s: got '%c', the file says '%c'", date,
                      yj_calendar_kind(cal, day(date)), want);
        rows++;
    }
    ck_assert_uint_gt(rows, 60);
    ck_assert_uint_eq(yj_calendar_count(cal), rows);
    /* stored in date order, each written back as it was read */
    for (i = 0; i < yj_calendar_count(cal); i++) {
        char date[11];
        const char *kind;
        yj_calendar_day(cal, i, date, &kind);
        ck_assert_int_eq(kind_in_file(text, date),
                         strcmp(kind, "holiday") == 0 ? 'H' : 'W');
        if (i > 0) {
            char before[11];
            const char *k;
            yj_calendar_day(cal, i - 1, before, &k);
            ck_assert_msg(strcmp(before, date) < 0, "%s before %s", before,
                          date);
        }
    }
    yj_calendar_free(cal);
    free(text);
}
END_TEST

/* Dates of 2025 and 2026 whose kind the file states (checked against the
 * file's text as well, so a changed file fails here, not silently), and
 * the ordinary days around them. */
START_TEST(test_known_dates_of_2025_and_2026)
{
    static const struct {
        const char *date;
        int kind;
    } known[] = {
        {"2025-01-01", 'H'}, /* 元旦 */
        {"2025-01-26", 'W'}, /* Sunday, made up for 春节 */
        {"2025-01-28", 'H'}, {"2025-02-04", 'H'},
        {"2025-02-05", 0},   /* the first working day after */
        {"2025-02-08", 'W'}, /* Saturday */
        {"2025-05-05", 'H'}, {"2025-05-06", 0},
        {"2025-09-28", 'W'}, {"2025-09-29", 0},
        {"2025-10-01", 'H'}, {"2025-10-08", 'H'}, /* eight days in 2025 */
        {"2025-10-09", 0},   {"2025-10-11", 'W'},
        {"2025-12-31", 0},
        {"2026-01-01", 'H'}, {"2026-01-03", 'H'}, {"2026-01-04", 'W'},
        {"2026-02-13", 0},   {"2026-02-14", 'W'},
        {"2026-02-15", 'H'}, {"2026-02-23", 'H'}, /* nine days of 春节 */
        {"2026-02-24", 0},   {"2026-02-28", 'W'},
        {"2026-05-09", 'W'}, {"2026-06-19", 'H'},
        {"2026-09-20", 'W'}, {"2026-09-25", 'H'}, /* 中秋节 apart */
        {"2026-09-28", 0},   {"2026-10-07", 'H'},
        {"2026-10-08", 0},   {"2026-10-10", 'W'},
    };
    size_t len = 0, i;
    char *text = shipped_text(&len);
    yj_calendar *cal = shipped();

    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        ck_assert_msg(kind_in_file(text, known[i].date) == known[i].kind,
                      "holidays-cn.csv no longer says %s is '%c'",
                      known[i].date, known[i].kind ? known[i].kind : '-');
        ck_assert_msg(yj_calendar_kind(cal, day(known[i].date)) ==
                          known[i].kind,
                      "%s: got '%c', want '%c'", known[i].date,
                      yj_calendar_kind(cal, day(known[i].date)),
                      known[i].kind ? known[i].kind : '-');
    }
    yj_calendar_free(cal);
    free(text);
}
END_TEST

/* A make-up working day is a Saturday or Sunday made a working day; a
 * public holiday of the file is never one of them. */
START_TEST(test_make_up_working_days_fall_on_weekends)
{
    yj_calendar *cal = shipped();
    size_t i, workdays = 0;

    for (i = 0; i < yj_calendar_count(cal); i++) {
        char date[11];
        const char *kind;
        yj_calendar_day(cal, i, date, &kind);
        if (strcmp(kind, "workday") != 0)
            continue;
        workdays++;
        ck_assert_msg(yj_weekday(day(date)) >= 5, "%s (weekday %d) is a "
                      "make-up working day on a weekday", date,
                      yj_weekday(day(date)));
    }
    ck_assert_uint_ge(workdays, 10);
    yj_calendar_free(cal);
}
END_TEST

START_TEST(test_covers_the_years_it_lists_only)
{
    yj_calendar *cal = shipped();

    ck_assert(yj_calendar_covers(cal, day("2025-01-01")));
    ck_assert(yj_calendar_covers(cal, day("2025-07-15")));
    ck_assert(yj_calendar_covers(cal, day("2026-12-31")));
    ck_assert(!yj_calendar_covers(cal, day("2024-12-31")));
    ck_assert(!yj_calendar_covers(cal, day("2027-01-01")));
    /* a year not covered: no kind, and that is "unknown", not "no" */
    ck_assert_int_eq(yj_calendar_kind(cal, day("2027-01-01")), 0);
    ck_assert(!yj_calendar_covers(NULL, day("2025-01-01")));
    ck_assert_int_eq(yj_calendar_kind(NULL, day("2025-01-01")), 0);
    ck_assert_uint_eq(yj_calendar_count(NULL), 0);
    yj_calendar_free(cal);
    yj_calendar_free(NULL);
}
END_TEST

START_TEST(test_civil_dates_round_trip_and_weekdays)
{
    long d, first = yj_days_from_civil(1999, 12, 25);
    int y, m, dd;

    ck_assert_int_eq(yj_days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(yj_weekday(0), 3); /* a Thursday */
    ck_assert_int_eq(yj_weekday(day("2025-10-01")), 2); /* Wednesday */
    ck_assert_int_eq(yj_weekday(day("2026-02-17")), 1); /* Tuesday, 初一 */
    ck_assert_int_eq(yj_weekday(day("1969-12-31")), 2);
    for (d = first; d < first + 3 * 366 + 10; d++) {
        yj_civil_from_days(d, &y, &m, &dd);
        ck_assert_int_eq(yj_days_from_civil(y, m, dd), d);
        ck_assert_int_eq(yj_weekday(d + 7), yj_weekday(d));
    }
    ck_assert(yj_parse_date(&d, "2024-02-29"));
    ck_assert(!yj_parse_date(&d, "2025-02-29"));
    ck_assert(!yj_parse_date(&d, "2100-02-29"));
    ck_assert(yj_parse_date(&d, "2000-02-29"));
    ck_assert(!yj_parse_date(&d, "2025-04-31"));
    ck_assert(!yj_parse_date(&d, "2025-1-01"));
    ck_assert(!yj_parse_date(&d, "2025-01-01 "));
    ck_assert(!yj_parse_date(&d, "2025/01/01"));
    ck_assert(!yj_parse_date(&d, "２025-01-01"));
}
END_TEST

/* Dates may come in any order; the lookup and the stored order do not
 * depend on it, and a date twice is refused whatever its place. */
START_TEST(test_dates_out_of_order_are_sorted)
{
    static const char text[] = "kind,date,name\n"
                               "holiday,2026-10-01,x\n"
                               "workday,2026-09-20,x\n"
                               "holiday,2025-01-01,x\n"
                               "holiday,2026-01-01,x\n";
    yj_calendar *cal = NULL;
    yj_error err;
    char date[11];
    const char *kind;

    ck_assert_msg(yj_calendar_parse(&cal, text, strlen(text), "o.csv",
                                    &err) == YJ_OK, "%s", err.message);
    ck_assert_uint_eq(yj_calendar_count(cal), 4);
    yj_calendar_day(cal, 0, date, &kind);
    ck_assert_str_eq(date, "2025-01-01");
    yj_calendar_day(cal, 1, date, &kind);
    ck_assert_str_eq(date, "2026-01-01");
    yj_calendar_day(cal, 2, date, &kind);
    ck_assert_str_eq(date, "2026-09-20");
    ck_assert_str_eq(kind, "workday");
    yj_calendar_day(cal, 3, date, &kind);
    ck_assert_str_eq(date, "2026-10-01");
    ck_assert_int_eq(yj_calendar_kind(cal, day("2026-09-20")), 'W');
    ck_assert_int_eq(yj_calendar_kind(cal, day("2025-01-01")), 'H');
    ck_assert_int_eq(yj_calendar_kind(cal, day("2026-01-02")), 0);
    ck_assert_int_eq(yj_calendar_add(cal, "2026-01-01", "workday", &err),
                     YJ_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "2026-01-01 is listed twice"));
    ck_assert_uint_eq(yj_calendar_count(cal), 4);
    yj_calendar_free(cal);
}
END_TEST

/* Bad lines refused with the file, the line and the value; no calendar
 * is handed out then. */
START_TEST(test_bad_lines_are_refused_with_line_and_value)
{
    static const struct {
        const char *csv, *message;
    } bad[] = {
        {"date,kind\n2025-10-01,holiday\n2025-02-29,holiday\n",
         "h.csv:3: date '2025-02-29' is not a date"},
        {"date,kind\n2025/10/01,holiday\n", "h.csv:2: date '2025/10/01'"},
        {"date,kind\n2025-10-1,holiday\n", "h.csv:2: date '2025-10-1'"},
        {"date,kind\n,holiday\n", "h.csv:2: date ''"},
        {"date,kind\n2025-10-01,Holiday\n", "h.csv:2: kind 'Holiday'"},
        {"date,kind\n2025-10-01,\n", "h.csv:2: kind ''"},
        {"date,kind\n2025-10-01,holiday\n2025-10-02\n", "h.csv:3: "},
        {"date,kind\n2025-10-01,holiday\n2025-10-03,holiday\n"
         "2025-10-02,workday\n2025-10-01,holiday\n",
         "h.csv:5: date 2025-10-01 is listed twice"},
        {"kind\nholiday\n", "h.csv:1: the header needs date and kind"},
        {"", "h.csv: empty file"},
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        yj_calendar *cal = (yj_calendar *)(void *)&i; /* not NULL */
        yj_error err;
        memset(&err, 0, sizeof err);
        ck_assert_msg(yj_calendar_parse(&cal, bad[i].csv, strlen(bad[i].csv),
                                        "h.csv", &err) == YJ_EPARSE,
                      "case %zu was taken", i);
        ck_assert_ptr_null(cal);
        ck_assert_int_eq(err.code, YJ_EPARSE);
        ck_assert_msg(strstr(err.message, bad[i].message) != NULL,
                      "case %zu: '%s' lacks '%s'", i, err.message,
                      bad[i].message);
    }
}
END_TEST

/* A database built from the shipped data carries the same calendar. */
START_TEST(test_built_database_carries_the_calendar)
{
    const char *dir = tu_tmpdir();
    char saved[256], path[512];
    yj_dataset *ds = NULL;
    yj_db *db = NULL;
    yj_error err;
    yj_calendar *cal = shipped();
    const yj_calendar *stored;
    size_t i;

    snprintf(saved, sizeof saved, "%s", dir);
    snprintf(path, sizeof path, "%s/s.sqlite", saved);
    ck_assert_int_eq(yj_dataset_load(&ds, tu_data_dir(), &err), YJ_OK);
    ck_assert_uint_eq(yj_dataset_calendar_days(ds), yj_calendar_count(cal));
    ck_assert_msg(yj_db_build(NULL, path, ds, &err) == YJ_OK, "%s",
                  err.message);
    yj_dataset_free(ds);
    ck_assert_msg(yj_db_open(&db, path, &err) == YJ_OK, "%s", err.message);
    stored = yj_db_calendar(db);
    ck_assert_ptr_nonnull(stored);
    ck_assert_uint_eq(yj_calendar_count(stored), yj_calendar_count(cal));
    for (i = 0; i < yj_calendar_count(cal); i++) {
        char a[11], b[11];
        const char *ka, *kb;
        yj_calendar_day(cal, i, a, &ka);
        yj_calendar_day(stored, i, b, &kb);
        ck_assert_str_eq(a, b);
        ck_assert_str_eq(ka, kb);
    }
    ck_assert_int_eq(yj_calendar_kind(stored, day("2026-02-28")), 'W');
    ck_assert(!yj_calendar_covers(stored, day("2027-06-01")));
    yj_db_close(db);
    yj_calendar_free(cal);
    tu_rmdir(saved);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_row_of_the_file_is_found_by_its_date);
    tcase_add_test(tc, test_known_dates_of_2025_and_2026);
    tcase_add_test(tc, test_make_up_working_days_fall_on_weekends);
    tcase_add_test(tc, test_covers_the_years_it_lists_only);
    tcase_add_test(tc, test_civil_dates_round_trip_and_weekdays);
    tcase_add_test(tc, test_dates_out_of_order_are_sorted);
    tcase_add_test(tc, test_bad_lines_are_refused_with_line_and_value);
    tcase_add_test(tc, test_built_database_carries_the_calendar);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

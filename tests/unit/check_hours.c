/* check_hours.c — the opening_hours evaluator against hand-computed
 * answers: a table of hours strings, Beijing times, the expected state and
 * the next change, around National Day + Mid-Autumn 2025 (10-01 … 10-08),
 * the make-up Sunday 2025-09-28 and Saturday 10-11, Spring Festival 2026
 * (02-15 … 02-23, make-up 02-14 and 02-28), spans across midnight and into
 * a holiday, seasonal and date ranges, additive rules; then parse errors
 * with their columns, the human text, and the time zone independence. */
#include "test_util.h"
#include "yijia.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static yj_calendar *calendar(void)
{
    size_t len = 0;
    char *buf = tu_read(tu_path(tu_data_dir(), "holidays-cn.csv"), &len);
    yj_calendar *cal = NULL;
    yj_error err;

    ck_assert_int_eq(yj_calendar_parse(&cal, buf, len, "holidays-cn.csv", &err),
                     YJ_OK);
    free(buf);
    return cal;
}

#define WORKDAY_HOURS "Mo-Fr 08:00-17:00; Sa,Su,PH off"
#define DAILY "Mo-Su 07:30-16:30"
#define SPLIT "Mo-Fr 08:30-12:00,14:30-18:00; Sa,Su,PH off"
#define SEASONAL "Mo-Su 08:00-22:00; Jul-Aug Mo-Su 06:00-22:00 \"高温期间延时\""
#define NIGHT "Mo-Su 17:00-03:00"
#define NIGHT_PH "Mo-Fr 20:00-02:00; PH off"
#define PH_HOURS "Mo-Fr 08:00-17:00; PH 09:00-12:00"
#define GOLDEN_WEEK_OFF "Mo-Su 08:00-18:00; Oct 1-7 off"
#define ADDITIVE "Mo-Fr 08:00-12:00, Sa 09:00-11:00"
#define LUNCH_OFF "Mo-Fr 08:00-18:00, We 12:00-14:00 off"
#define NEW_YEAR "Dec 24-Jan 2 10:00-14:00"

static const struct hours_case {
    const char *hours, *at;
    yj_open_state state;
    const char *next; /* "" when nothing changes within a week */
} cases[] = {
    /* weekday hours, holidays off, make-up working days on */
    {WORKDAY_HOURS, "2025-10-01 10:00", YJ_HOURS_CLOSED, "2025-10-09T08:00"},
    {WORKDAY_HOURS, "2025-09-28 10:00", YJ_HOURS_OPEN, "2025-09-28T17:00"},
    {WORKDAY_HOURS, "2025-09-28 07:00", YJ_HOURS_CLOSED, "2025-09-28T08:00"},
    {WORKDAY_HOURS, "2025-09-27 10:00", YJ_HOURS_CLOSED, "2025-09-28T08:00"},
    {WORKDAY_HOURS, "2025-10-08 16:00", YJ_HOURS_CLOSED, "2025-10-09T08:00"},
    {WORKDAY_HOURS, "2025-10-09 08:00", YJ_HOURS_OPEN, "2025-10-09T17:00"},
    {WORKDAY_HOURS, "2025-10-11 09:00", YJ_HOURS_OPEN, "2025-10-11T17:00"},
    {WORKDAY_HOURS, "2025-10-10 17:00", YJ_HOURS_CLOSED, "2025-10-11T08:00"},
    {WORKDAY_HOURS, "2026-02-16 10:00", YJ_HOURS_CLOSED, "2026-02-24T08:00"},
    {WORKDAY_HOURS, "2026-02-14 10:00", YJ_HOURS_OPEN, "2026-02-14T17:00"},
    {WORKDAY_HOURS, "2026-02-13 18:00", YJ_HOURS_CLOSED, "2026-02-14T08:00"},
    {WORKDAY_HOURS, "2026-02-28 12:00", YJ_HOURS_OPEN, "2026-02-28T17:00"},
    {WORKDAY_HOURS, "2026-02-23 23:59", YJ_HOURS_CLOSED, "2026-02-24T08:00"},
    {WORKDAY_HOURS, "2026-02-24 16:59", YJ_HOURS_OPEN, "2026-02-24T17:00"},
    {WORKDAY_HOURS, "2026-01-04 09:00", YJ_HOURS_OPEN, "2026-01-04T17:00"},
    {WORKDAY_HOURS, "2026-01-02 09:00", YJ_HOURS_CLOSED, "2026-01-04T08:00"},
    /* hours that do not mention PH apply on holidays too */
    {DAILY, "2025-10-01 10:00", YJ_HOURS_OPEN, "2025-10-01T16:30"},
    {DAILY, "2025-10-01 16:30", YJ_HOURS_CLOSED, "2025-10-02T07:30"},
    {DAILY, "2026-02-17 07:29", YJ_HOURS_CLOSED, "2026-02-17T07:30"},
    {"24/7", "2025-10-01 00:00", YJ_HOURS_OPEN, ""},
    {"24/7", "2026-02-17 12:00", YJ_HOURS_OPEN, ""},
    {"24/7 \"全年无休\"", "2026-02-17 12:00", YJ_HOURS_OPEN, ""},
    /* split hours */
    {SPLIT, "2025-10-09 12:30", YJ_HOURS_CLOSED, "2025-10-09T14:30"},
    {SPLIT, "2025-10-09 14:30", YJ_HOURS_OPEN, "2025-10-09T18:00"},
    {SPLIT, "2025-10-09 11:59", YJ_HOURS_OPEN, "2025-10-09T12:00"},
    {SPLIT, "2025-10-11 13:00", YJ_HOURS_CLOSED, "2025-10-11T14:30"},
    {SPLIT, "2025-10-12 13:00", YJ_HOURS_CLOSED, "2025-10-13T08:30"},
    /* a seasonal rule: longer hours in the July-August heat */
    {SEASONAL, "2025-07-15 06:30", YJ_HOURS_OPEN, "2025-07-15T22:00"},
    {SEASONAL, "2025-06-30 06:30", YJ_HOURS_CLOSED, "2025-06-30T08:00"},
    {SEASONAL, "2025-08-31 21:59", YJ_HOURS_OPEN, "2025-08-31T22:00"},
    {SEASONAL, "2025-09-01 07:00", YJ_HOURS_CLOSED, "2025-09-01T08:00"},
    {SEASONAL, "2025-08-31 22:00", YJ_HOURS_CLOSED, "2025-09-01T08:00"},
    {SEASONAL, "2025-06-30 21:00", YJ_HOURS_OPEN, "2025-06-30T22:00"},
    /* spans past midnight */
    {NIGHT, "2025-10-02 02:00", YJ_HOURS_OPEN, "2025-10-02T03:00"},
    {NIGHT, "2025-10-02 03:00", YJ_HOURS_CLOSED, "2025-10-02T17:00"},
    {NIGHT, "2025-10-02 16:59", YJ_HOURS_CLOSED, "2025-10-02T17:00"},
    {NIGHT, "2025-10-02 23:00", YJ_HOURS_OPEN, "2025-10-03T03:00"},
    {"Mo-Su 22:00-26:00", "2025-10-03 01:00", YJ_HOURS_OPEN, "2025-10-03T02:00"},
    /* a span that crosses into a holiday: PH off does not cut it */
    {NIGHT_PH, "2025-09-30 23:00", YJ_HOURS_OPEN, "2025-10-01T02:00"},
    {NIGHT_PH, "2025-10-01 01:00", YJ_HOURS_OPEN, "2025-10-01T02:00"},
    {NIGHT_PH, "2025-10-01 20:00", YJ_HOURS_CLOSED, "2025-10-09T20:00"},
    {NIGHT_PH, "2025-10-08 01:00", YJ_HOURS_CLOSED, "2025-10-09T20:00"},
    {NIGHT_PH, "2025-09-28 21:00", YJ_HOURS_OPEN, "2025-09-29T02:00"},
    {NIGHT_PH, "2025-10-09 01:00", YJ_HOURS_CLOSED, "2025-10-09T20:00"},
    /* hours of their own on holidays */
    {PH_HOURS, "2025-10-01 10:00", YJ_HOURS_OPEN, "2025-10-01T12:00"},
    {PH_HOURS, "2025-10-01 13:00", YJ_HOURS_CLOSED, "2025-10-02T09:00"},
    {PH_HOURS, "2025-10-09 13:00", YJ_HOURS_OPEN, "2025-10-09T17:00"},
    {PH_HOURS, "2025-10-05 10:00", YJ_HOURS_OPEN, "2025-10-05T12:00"},
    /* date ranges */
    {GOLDEN_WEEK_OFF, "2025-10-03 10:00", YJ_HOURS_CLOSED, "2025-10-08T08:00"},
    {GOLDEN_WEEK_OFF, "2025-10-08 10:00", YJ_HOURS_OPEN, "2025-10-08T18:00"},
    {GOLDEN_WEEK_OFF, "2025-09-30 17:00", YJ_HOURS_OPEN, "2025-09-30T18:00"},
    {NEW_YEAR, "2025-12-31 11:00", YJ_HOURS_OPEN, "2025-12-31T14:00"},
    {NEW_YEAR, "2026-01-02 13:59", YJ_HOURS_OPEN, "2026-01-02T14:00"},
    {NEW_YEAR, "2026-01-03 11:00", YJ_HOURS_CLOSED, ""},
    {NEW_YEAR, "2025-12-23 15:00", YJ_HOURS_CLOSED, "2025-12-24T10:00"},
    /* additive rules, a make-up Saturday keeps weekday hours */
    {ADDITIVE, "2025-10-11 10:00", YJ_HOURS_OPEN, "2025-10-11T12:00"},
    {ADDITIVE, "2025-10-18 10:00", YJ_HOURS_OPEN, "2025-10-18T11:00"},
    {ADDITIVE, "2025-10-18 11:30", YJ_HOURS_CLOSED, "2025-10-20T08:00"},
    {LUNCH_OFF, "2025-10-15 13:00", YJ_HOURS_CLOSED, "2025-10-15T14:00"},
    {LUNCH_OFF, "2025-10-15 11:00", YJ_HOURS_OPEN, "2025-10-15T12:00"},
    {LUNCH_OFF, "2025-10-16 13:00", YJ_HOURS_OPEN, "2025-10-16T18:00"},
    /* unknown stays unknown */
    {"\"预约开放\"", "2025-10-15 11:00", YJ_HOURS_UNKNOWN, ""},
    {"Mo-Fr 08:00-17:00 unknown", "2025-10-15 11:00", YJ_HOURS_UNKNOWN,
     "2025-10-15T17:00"},
    /* a year the calendar does not cover: PH cannot be told */
    {WORKDAY_HOURS, "2027-10-01 10:00", YJ_HOURS_UNKNOWN, ""},
    {DAILY, "2027-10-01 10:00", YJ_HOURS_OPEN, "2027-10-01T16:30"},
    /* forms the specification allows: times alone, a selector's colon,
     * one-digit hours */
    {"08:00-18:00", "2025-10-01 12:00", YJ_HOURS_OPEN, "2025-10-01T18:00"},
    {"Jul-Aug: Mo-Su 6:00-22:00", "2025-07-01 06:00", YJ_HOURS_OPEN,
     "2025-07-01T22:00"},
    {"Mo-Fr: 8:00-17:00", "2025-10-09 07:59", YJ_HOURS_CLOSED,
     "2025-10-09T08:00"},
    {"Jul 8:00-9:00", "2025-07-20 08:30", YJ_HOURS_OPEN, "2025-07-20T09:00"},
    {"off", "2025-07-20 08:30", YJ_HOURS_CLOSED, ""},
    /* issue 22: spans starting 23:01-23:59 were refused as "not a time of
     * day" (2025-10-13 is a Monday) */
    {"Mo 23:30-23:45", "2025-10-13 23:40", YJ_HOURS_OPEN, "2025-10-13T23:45"},
    {"Mo 23:30-23:45", "2025-10-13 23:29", YJ_HOURS_CLOSED,
     "2025-10-13T23:30"},
    {"Mo 23:15-03:00", "2025-10-14 02:59", YJ_HOURS_OPEN, "2025-10-14T03:00"},
    {"Mo 23:59-00:30", "2025-10-13 23:59", YJ_HOURS_OPEN, "2025-10-14T00:30"},
    {"Mo 23:30-24:00", "2025-10-13 23:59", YJ_HOURS_OPEN, "2025-10-14T00:00"},
    /* issue 22: the specification's extended times run to 48:00, so a span
     * may be longer than a day; a span ending where it starts is 24 hours
     * (as opening_hours.js reads both) */
    {"Mo 01:00-26:00", "2025-10-14 01:59", YJ_HOURS_OPEN, "2025-10-14T02:00"},
    {"Mo 00:00-48:00", "2025-10-14 23:59", YJ_HOURS_OPEN, "2025-10-15T00:00"},
    {"Mo 20:00-19:00", "2025-10-14 18:59", YJ_HOURS_OPEN, "2025-10-14T19:00"},
    {"Mo 10:00-10:00", "2025-10-14 09:59", YJ_HOURS_OPEN, "2025-10-14T10:00"},
    {"Mo 10:00-10:00", "2025-10-13 09:59", YJ_HOURS_CLOSED,
     "2025-10-13T10:00"},
    /* issue 22: a ';' rule that is off with times closes those times only
     * (it closed the whole Wednesday); without times it is a day off, its
     * span past midnight included */
    {"Mo-Fr 08:00-18:00; We 12:00-14:00 off", "2025-10-15 10:00",
     YJ_HOURS_OPEN, "2025-10-15T12:00"},
    {"Mo-Fr 08:00-18:00; We 12:00-14:00 off", "2025-10-15 13:00",
     YJ_HOURS_CLOSED, "2025-10-15T14:00"},
    {"Mo-Fr 10:00-20:00; 12:00-14:00 off", "2025-10-16 15:00",
     YJ_HOURS_OPEN, "2025-10-16T20:00"},
    {"Mo-Su 20:00-02:00; Mo off", "2025-10-14 01:00", YJ_HOURS_CLOSED,
     "2025-10-14T20:00"},
    {"Mo-Su 20:00-02:00; Mo 21:00-01:00 off", "2025-10-14 00:30",
     YJ_HOURS_CLOSED, "2025-10-14T01:00"},
    {"Mo-Su 20:00-02:00; Mo 21:00-01:00 off", "2025-10-13 20:30",
     YJ_HOURS_OPEN, "2025-10-13T21:00"},
    /* issue 22: "Mo, Tu" is the list Mo,Tu (it was the rule "Mo", open all
     * day, then "Tu 10:00-12:00"); a date followed by the readability
     * colon (Feb 16:) is a date, not the time 16: */
    {"Mo, Tu 10:00-12:00", "2025-10-13 09:00", YJ_HOURS_CLOSED,
     "2025-10-13T10:00"},
    {"Sa , Su 10:00-12:00", "2025-10-18 09:00", YJ_HOURS_CLOSED,
     "2025-10-18T10:00"},
    {"Jul, Aug 10:00-12:00", "2025-07-20 09:00", YJ_HOURS_CLOSED,
     "2025-07-20T10:00"},
    {"Feb 16: Mo-Su 19:00-23:00", "2025-02-16 20:00", YJ_HOURS_OPEN,
     "2025-02-16T23:00"},
    {"Aug 21-May 17: Th 07:45-13:30", "2025-09-04 08:00", YJ_HOURS_OPEN,
     "2025-09-04T13:30"},
    {"Jul 8:00-9:00", "2025-07-08 08:30", YJ_HOURS_OPEN, "2025-07-08T09:00"},
    /* issue 22: "24/7" after a span's ", " was taken for a time */
    {"Mo 10:00-12:00, 24/7 off", "2025-10-13 11:00", YJ_HOURS_CLOSED, ""},
    {"Mo 10:00-12:00,24/7", "2025-10-14 11:00", YJ_HOURS_OPEN, ""},
    /* issue 22: " ,14:00" went on the list of spans no more, but began a
     * rule for every day */
    {"Mo 08:00-10:00 ,14:00-16:00", "2025-10-14 15:00", YJ_HOURS_CLOSED,
     "2025-10-20T08:00"},
    /* 29 February: a date of leap years only */
    {"Feb 29 10:00-12:00", "2028-02-29 11:00", YJ_HOURS_OPEN,
     "2028-02-29T12:00"},
    {"Jan 30-Feb 29 10:00-12:00", "2025-03-01 11:00", YJ_HOURS_CLOSED, ""},
};

START_TEST(test_table)
{
    const struct hours_case *c = &cases[_i];
    yj_calendar *cal = calendar();
    yj_hours *h = NULL;
    yj_open_status st;
    yj_error err;
    int64_t t;
    char next[40] = "";

    ck_assert_msg(yj_hours_parse(&h, c->hours, &err) == YJ_OK, "%s: %s",
                  c->hours, err.message);
    ck_assert(yj_hours_parse_local_time(&t, c->at));
    ck_assert_int_eq(yj_hours_status(&st, h, cal, t, &err), YJ_OK);
    if (st.has_next) {
        yj_hours_format_local_time(next, sizeof next, st.next_change);
        next[16] = '\0'; /* drop "+08:00" */
    }
    ck_assert_msg(st.state == c->state && strcmp(next, c->next) == 0,
                  "'%s' at %s: got %s, next '%s'; want %s, next '%s'",
                  c->hours, c->at, yj_hours_state_name(st.state), next,
                  yj_hours_state_name(c->state), c->next);
    yj_hours_free(h);
    yj_calendar_free(cal);
}
END_TEST

static const struct error_case {
    const char *hours, *message;
} errors[] = {
    {"Mo-Fr 08:00-18:00 || PH off", "character 19: fallback rules"},
    {"Mo-Fr 18:00+", "character 12: open ends"},
    {"Mo-Fr 25:00-26:00", "character 7: not a time of day"},
    {"Mx 08:00-12:00", "character 1: expected a rule"},
    {"2025 Mo-Fr 08:00-12:00", "character 1: years are not supported"},
    {"Mo-Fr 08:00-12:00;", "character 19: a rule must follow"},
    {"Mo-Fr 08:00-12:00 \"unclosed", "character 19: a comment needs"},
    {"sunrise-sunset", "character 1: times of the sun"},
    {"Mo[1] 08:00-12:00", "character 3: nth weekdays"},
    {"Mo-Fr 08:00", "character 12: expected '-'"},
    {"SH off", "character 1: school holidays"},
    {"", "character 1: empty opening hours"},
    {"Mo-Fr 24:00-26:00", "character 7: not a time of day"},
    {"Mo-Fr 23:60-23:59", "character 7: not a time of day"},
    {"Mo-Fr 08:00-48:01", "character 13: not a time of day"},
    /* days a month does not have; a day range running backwards */
    {"Feb 30 08:00-12:00", "character 5: not a day of the month (Feb has no "
                           "day 30)"},
    {"Apr 31 08:00-12:00", "character 5: not a day of the month (Apr has no "
                           "day 31)"},
    {"Jan 30-Feb 30 08:00-12:00", "character 12: not a day of the month (Feb "
                                  "has no day 30)"},
    {"Oct 7-1 08:00-12:00", "character 1: the days run backwards"},
    {"Mo-Fr 08:00-12:00 Sa 09:00-10:00", "character 19: expected ';' or ','"},
    {"week 1-20 Mo 08:00-12:00", "character 1: week numbers"},
    {"Mo-Fr 08:60-12:00", "character 7: not a time of day"},
    {"Mo-Fr 08:00–17:00", "character 12: expected '-'"},
    {"Mo-Fr 08:00-17:00；Sa off", "character 18: expected ';' or ','"},
    {"Jan 32 08:00-12:00", "character 5: not a day of the month"},
    {"营业时间 08:00-17:00", "character 1: expected a rule"},
};

START_TEST(test_parse_errors_name_the_column)
{
    const struct error_case *c = &errors[_i];
    yj_hours *h = NULL;
    yj_error err;

    ck_assert_int_eq(yj_hours_parse(&h, c->hours, &err), YJ_EPARSE);
    ck_assert_ptr_null(h);
    ck_assert_msg(strstr(err.message, c->message) != NULL,
                  "'%s': got '%s', want '%s'", c->hours, err.message,
                  c->message);
}
END_TEST

/* Issue 21 (found by fuzz_serve): an error quotes the value cut between
 * characters, so a server can put the message in JSON as it is. */
START_TEST(test_parse_error_quotes_cut_between_characters)
{
    static const char *const bad[] = {
        "Mo 08:00-17:00  闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭闭",
        "Mo 08:00-17:00; Tu 闭馆闭馆闭馆闭馆",
        "闭闭闭闭闭闭",
        "Mo 08:0闭0-17:00",
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        yj_hours *h = NULL;
        yj_error err;
        ck_assert_int_eq(yj_hours_parse(&h, bad[i], &err), YJ_EPARSE);
        ck_assert_msg(yj_utf8_valid(NULL, err.message, strlen(err.message)),
                      "'%s': message is not valid UTF-8", bad[i]);
    }
}
END_TEST

START_TEST(test_human_text)
{
    yj_calendar *cal = calendar();
    yj_open_status st;
    int64_t t;
    char text[160];

    ck_assert(yj_hours_parse_local_time(&t, "2025-10-09 10:00"));
    ck_assert_int_eq(yj_hours_text_status(&st, "Mo-Fr 08:00-17:00", cal, t,
                                          NULL), YJ_OK);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "开放至 17:00");
    ck_assert(yj_hours_parse_local_time(&t, "2025-10-09 18:00"));
    yj_hours_text_status(&st, "Mo-Fr 08:30-17:00", cal, t, NULL);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "已关闭，明天 08:30 开放");
    ck_assert(yj_hours_parse_local_time(&t, "2025-10-01 12:00"));
    yj_hours_text_status(&st, WORKDAY_HOURS, cal, t, NULL);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "已关闭，10月9日 08:00 开放");
    yj_hours_text_status(&st, NIGHT, cal, t, NULL);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "已关闭，17:00 开放");
    ck_assert(yj_hours_parse_local_time(&t, "2025-10-01 23:00"));
    yj_hours_text_status(&st, NIGHT, cal, t, NULL);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "开放至 明天 03:00");
    yj_hours_text_status(&st, "", cal, t, NULL);
    ck_assert_int_eq(st.state, YJ_HOURS_UNKNOWN);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "开放时间未知");
    /* unreadable hours are unknown, never closed */
    yj_hours_text_status(&st, "nach Vereinbarung", cal, t, NULL);
    ck_assert_int_eq(st.state, YJ_HOURS_UNKNOWN);
    yj_hours_text_status(&st, "24/7", cal, t, NULL);
    ck_assert_str_eq(yj_hours_status_text(text, sizeof text, &st, t),
                     "开放中（一周内不关闭）");
    ck_assert(yj_hours_parse_local_time(&t, "2025-07-15 07:00"));
    yj_hours_text_status(&st, SEASONAL, cal, t, NULL);
    ck_assert_str_eq(st.comment, "高温期间延时");
    yj_calendar_free(cal);
}
END_TEST

START_TEST(test_beijing_time_whatever_the_machine_zone)
{
    int64_t t;
    char text[40];

    setenv("TZ", "America/New_York", 1);
    ck_assert(yj_hours_parse_local_time(&t, "2025-10-01 20:00"));
    ck_assert_int_eq(t, 1759320000); /* 12:00 UTC */
    ck_assert_str_eq(yj_hours_format_local_time(text, sizeof text, t),
                     "2025-10-01T20:00+08:00");
    ck_assert(yj_hours_parse_local_time(&t, "2025-10-01T00:00"));
    ck_assert_str_eq(yj_hours_format_local_time(text, sizeof text, t - 60),
                     "2025-09-30T23:59+08:00");
    ck_assert(!yj_hours_parse_local_time(&t, "2025-02-29 10:00"));
    ck_assert(!yj_hours_parse_local_time(&t, "2025-10-01 24:00"));
    ck_assert(!yj_hours_parse_local_time(&t, "2025-10-01"));
    unsetenv("TZ");
}
END_TEST

START_TEST(test_calendar_rejects_bad_rows)
{
    static const struct {
        const char *csv, *message;
    } bad[] = {
        {"date,kind\n2025-13-01,holiday\n", "x.csv:2: date '2025-13-01'"},
        {"date,kind\n2025-10-01,vacation\n", "x.csv:2: kind 'vacation'"},
        {"date,kind\n2025-10-01,holiday\n2025-10-01,workday\n",
         "x.csv:3: date 2025-10-01 is listed twice"},
        {"day,kind\n", "x.csv:1: the header needs date and kind"},
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        yj_calendar *cal = NULL;
        yj_error err;
        ck_assert_int_eq(yj_calendar_parse(&cal, bad[i].csv,
                                           strlen(bad[i].csv), "x.csv", &err),
                         YJ_EPARSE);
        ck_assert_msg(strstr(err.message, bad[i].message) != NULL, "%s",
                      err.message);
    }
}
END_TEST

/* Issue 19, defect 13: the 17th rule's join was stored in rules[16], one
 * past the end (ASan: heap-buffer-overflow), before the count was
 * checked.  16 rules parse; 17 are a parse error naming the column. */
START_TEST(test_seventeen_rules_are_refused_without_overflow)
{
    char text[1024] = "";
    yj_hours *h = NULL;
    yj_error err;
    int i;

    for (i = 0; i < 16; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%sMo "
                 "%02d:00-%02d:30", i ? "; " : "", i, i);
    ck_assert_int_eq(yj_hours_parse(&h, text, &err), YJ_OK);
    yj_hours_free(h);
    h = NULL;
    for (i = 0; i < 2; i++) {
        char more[1100];
        snprintf(more, sizeof more, "%s%cTu 08:00-09:00", text,
                 i ? ',' : ';');
        ck_assert_int_eq(yj_hours_parse(&h, more, &err), YJ_EPARSE);
        ck_assert_ptr_null(h);
        ck_assert_msg(strstr(err.message, "more than 16 rules") != NULL &&
                          strstr(err.message, "character ") != NULL,
                      "%s", err.message);
    }
}
END_TEST

/* Offsets into the text are ints: a text longer than a field is refused
 * (with its column) rather than parsed. */
START_TEST(test_overlong_text_is_refused)
{
    size_t n = YJ_FIELD_MAX + 100;
    char *text = malloc(n + 1);
    yj_hours *h = NULL;
    yj_error err;

    ck_assert_ptr_nonnull(text);
    memset(text, ' ', n);
    memcpy(text, "Mo-Fr 08:00-17:00 \"", 19);
    text[n - 1] = '"';
    text[n] = '\0';
    ck_assert_int_eq(yj_hours_parse(&h, text, &err), YJ_EPARSE);
    ck_assert_msg(strstr(err.message, "character 4001") != NULL, "%s",
                  err.message);
    free(text);
}
END_TEST

START_TEST(test_words_keep_the_text_without_a_translation)
{
    static const char *const texts[] = {
        "Mo-Fr 08:00-18:00; Sa 09:00-12:00; PH off", "24/7",
        "Mo,We,Fr 08:00-12:00,14:00-18:00", "Jan-Mar Mo-Fr 09:00-17:00",
        "Mo-Su 07:00-19:00 \"午休 12:00-13:00\"", "Sa-Su closed", "",
    };
    char buf[256], small[12];
    size_t i;

    /* no catalogue is bound here: the reader's words are the syntax */
    for (i = 0; i < sizeof texts / sizeof *texts; i++)
        ck_assert_str_eq(yj_hours_words(buf, sizeof buf, texts[i]), texts[i]);
    /* cut between characters, never inside one */
    yj_hours_words(small, sizeof small, "Mo 08:00 \"午休时间\"");
    ck_assert(yj_utf8_valid(NULL, small, strlen(small)));
    ck_assert_uint_le(strlen(small), sizeof small - 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hours");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_table, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_parse_errors_name_the_column, 0,
                        (int)(sizeof errors / sizeof errors[0]));
    tcase_add_test(tc, test_human_text);
    tcase_add_test(tc, test_parse_error_quotes_cut_between_characters);
    tcase_add_test(tc, test_beijing_time_whatever_the_machine_zone);
    tcase_add_test(tc, test_calendar_rejects_bad_rows);
    tcase_add_test(tc, test_seventeen_rules_are_refused_without_overflow);
    tcase_add_test(tc, test_overlong_text_is_refused);
    tcase_add_test(tc, test_words_keep_the_text_without_a_translation);
    suite_add_tcase(s, tc);
    return tu_run(s);
}

/* fuzz_calendar.c — libFuzzer target for the calendar: the holidays CSV
 * parser (yj_calendar_parse) and the date and local-time parsers
 * (yj_parse_date, yj_hours_parse_local_time) on every line of the input.  Any
 * bytes either parse — a calendar in date order whose days read back as
 * they were listed — or fail with YJ_EPARSE and a message; dates are real
 * days; never a crash, a leak or an overflow. */
#include "calendar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yj_calendar *cal = NULL;
    yj_error err;
    char *text, *p;
    size_t i;

    if ((text = malloc(size + 1)) == NULL)
        return 0;
    if (size > 0)
        memcpy(text, data, size);
    text[size] = '\0';
    memset(&err, 0, sizeof err);
    if (yj_calendar_parse(&cal, (const char *)data, size, "fuzz.csv", &err) ==
        YJ_OK) {
        size_t n = yj_calendar_count(cal);
        long prev = 0;
        for (i = 0; i < n; i++) {
            char date[11];
            const char *kind;
            long day;
            yj_calendar_day(cal, i, date, &kind);
            if (!yj_parse_date(&day, date) || (i > 0 && day <= prev) ||
                yj_calendar_kind(cal, day) != (kind[0] == 'h' ? 'H' : 'W') ||
                !yj_calendar_covers(cal, day))
                abort();
            prev = day;
        }
        yj_calendar_free(cal);
    } else if (err.code != YJ_EPARSE || err.message[0] == '\0' ||
               cal != NULL) {
        abort();
    }
    for (p = text; p != NULL;) {
        char *nl = strchr(p, '\n');
        long day;
        int64_t t;
        if (nl != NULL)
            *nl = '\0';
        if (yj_parse_date(&day, p)) {
            int y, m, d;
            yj_civil_from_days(day, &y, &m, &d);
            if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 ||
                yj_days_from_civil(y, m, d) != day ||
                yj_weekday(day) < 0 || yj_weekday(day) > 6)
                abort();
        }
        if (yj_hours_parse_local_time(&t, p)) {
            char buf[40], again[17];
            yj_hours_format_local_time(buf, sizeof buf, t);
            memcpy(again, buf, 16);
            again[10] = ' ';
            again[16] = '\0';
            if (strncmp(again, p, 10) != 0 || strncmp(again + 11, p + 11, 5))
                abort();
        }
        p = nl != NULL ? nl + 1 : NULL;
    }
    free(text);
    return 0;
}

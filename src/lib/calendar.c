/* calendar.c — China's official public holidays and make-up working days
 * (调休) from data/holidays-cn.csv (date,kind,name,source), and civil-date
 * arithmetic in Asia/Shanghai (UTC+8 all year: China has kept no daylight
 * saving time since 1991), independent of the machine's time zone.
 *
 * A date is a day number: days since 1970-01-01 (Howard Hinnant's
 * days_from_civil).  The calendar knows which years it covers, so a `PH`
 * rule on a date of another year can say "unknown" instead of guessing. */
#include "calendar.h"

#include "csv.h"
#include "error.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

struct yj_calendar {
    struct day {
        long date;
        char kind;           /* 'H' holiday, 'W' make-up working day */
    } *days;
    size_t n, cap;
    int first_year, last_year; /* covered years; first > last: none */
};

long yj_days_from_civil(int y, int m, int d)
{
    long yy = m <= 2 ? y - 1 : y;
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void yj_civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int yj_weekday(long date)
{
    long w = (date + 3) % 7; /* 1970-01-01 was a Thursday */

    return (int)(w < 0 ? w + 7 : w);
}

/* "YYYY-MM-DD" → day number; false if it is not a real date. */
bool yj_parse_date(long *out, const char *s)
{
    int y, m, d, cy, cm, cd;
    size_t i;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *out = yj_days_from_civil(y, m, d);
    yj_civil_from_days(*out, &cy, &cm, &cd);
    return cy == y && cm == m && cd == d;
}

yj_code yj_calendar_new(yj_calendar **out, yj_error *err)
{
    yj_calendar *c = calloc(1, sizeof *c);

    *out = NULL;
    if (c == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    c->first_year = 1;
    c->last_year = 0;
    *out = c;
    return YJ_OK;
}

yj_code yj_calendar_add(yj_calendar *c, const char *date, const char *kind,
                        yj_error *err)
{
    struct day *grown;
    long day;
    size_t at;
    int y, m, d;
    char k;

    if (!yj_parse_date(&day, date))
        return yj_fail(err, YJ_EPARSE, "date '%s' is not a date YYYY-MM-DD",
                       date);
    if (strcmp(kind, "holiday") == 0)
        k = 'H';
    else if (strcmp(kind, "workday") == 0)
        k = 'W';
    else
        return yj_fail(err, YJ_EPARSE, "kind '%s' is not holiday or workday",
                       kind);
    /* Kept sorted by an insertion step: the dates mostly come in order
     * (the file's and the table's), so adding is a compare and a store. */
    at = c->n;
    if (c->n > 0 && c->days[c->n - 1].date >= day) {
        if (yj_calendar_kind(c, day) != 0)
            return yj_fail(err, YJ_EPARSE, "date %s is listed twice", date);
        while (at > 0 && c->days[at - 1].date > day)
            at--;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 128;
        if ((grown = realloc(c->days, cap * sizeof *grown)) == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        c->days = grown;
        c->cap = cap;
    }
    memmove(&c->days[at + 1], &c->days[at], (c->n - at) * sizeof *c->days);
    c->days[at].date = day;
    c->days[at].kind = k;
    c->n++;
    yj_civil_from_days(day, &y, &m, &d);
    if (c->first_year > c->last_year) {
        c->first_year = c->last_year = y;
    } else {
        if (y < c->first_year)
            c->first_year = y;
        if (y > c->last_year)
            c->last_year = y;
    }
    return YJ_OK;
}

yj_code yj_calendar_parse(yj_calendar **out, const char *buf, size_t len,
                          const char *name, yj_error *err)
{
    yj_csv_reader *r = NULL;
    const yj_csv_record *rec;
    yj_calendar *c = NULL;
    int col_date = -1, col_kind = -1;
    size_t i;
    yj_code rc;

    *out = NULL;
    if ((rc = yj_calendar_new(&c, err)) != YJ_OK)
        return rc;
    if ((rc = yj_csv_reader_new(&r, buf, len, name, ',', err)) != YJ_OK)
        goto done;
    if ((rc = yj_csv_read(&rec, r, err)) != YJ_OK)
        goto done;
    if (rec == NULL) {
        rc = yj_fail(err, YJ_EPARSE, "%s: empty file", name);
        goto done;
    }
    for (i = 0; i < rec->count; i++) {
        if (strcmp(rec->fields[i], "date") == 0)
            col_date = (int)i;
        else if (strcmp(rec->fields[i], "kind") == 0)
            col_kind = (int)i;
    }
    if (col_date < 0 || col_kind < 0) {
        rc = yj_fail(err, YJ_EPARSE, "%s:1: the header needs date and kind "
                     "columns", name);
        goto done;
    }
    while ((rc = yj_csv_read(&rec, r, err)) == YJ_OK && rec != NULL) {
        if (rec->count <= (size_t)col_date || rec->count <= (size_t)col_kind) {
            rc = yj_fail(err, YJ_EPARSE, "%s:%zu: too few columns", name,
                         rec->line);
            break;
        }
        if ((rc = yj_calendar_add(c, rec->fields[col_date],
                                  rec->fields[col_kind], err)) != YJ_OK) {
            char where[256];
            snprintf(where, sizeof where, "%s:%zu", name, rec->line);
            yj_error_prefix(err, where);
            break;
        }
    }
done:
    yj_csv_reader_free(r);
    if (rc != YJ_OK) {
        yj_calendar_free(c);
        return rc;
    }
    *out = c;
    return YJ_OK;
}

void yj_calendar_free(yj_calendar *c)
{
    if (c == NULL)
        return;
    free(c->days);
    free(c);
}

int yj_calendar_kind(const yj_calendar *c, long date)
{
    size_t lo = 0, hi;

    if (c == NULL)
        return 0;
    hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->days[mid].date == date)
            return c->days[mid].kind;
        if (c->days[mid].date < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

bool yj_calendar_covers(const yj_calendar *c, long date)
{
    int y, m, d;

    if (c == NULL)
        return false;
    yj_civil_from_days(date, &y, &m, &d);
    return y >= c->first_year && y <= c->last_year;
}

size_t yj_calendar_count(const yj_calendar *c)
{
    return c != NULL ? c->n : 0;
}

void yj_calendar_day(const yj_calendar *c, size_t i, char date[11],
                     const char **kind)
{
    int y, m, d;

    yj_civil_from_days(c->days[i].date, &y, &m, &d);
    snprintf(date, 11, "%04d-%02d-%02d", y, m, d);
    *kind = c->days[i].kind == 'H' ? "holiday" : "workday";
}

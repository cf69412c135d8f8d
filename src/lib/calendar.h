/* calendar.h — private: civil dates in Asia/Shanghai and the holiday
 * calendar (public holidays, make-up working days) that opening hours are
 * evaluated against.  The public side (yj_calendar) is in yijia.h. */
#ifndef YJ_CALENDAR_H
#define YJ_CALENDAR_H

#include "yijia.h"

/* Day numbers: days since 1970-01-01 of the proleptic Gregorian calendar. */
long yj_days_from_civil(int y, int m, int d);
void yj_civil_from_days(long date, int *y, int *m, int *d);
/* 0 Monday ... 6 Sunday. */
int yj_weekday(long date);
/* "YYYY-MM-DD" → day number; false if it is not a real date. */
bool yj_parse_date(long *out, const char *s);

/* An empty calendar, and one day added to it ("holiday" or "workday");
 * YJ_EPARSE names the bad value or a date listed twice. */
yj_code yj_calendar_new(yj_calendar **out, yj_error *err);
yj_code yj_calendar_add(yj_calendar *c, const char *date, const char *kind,
                        yj_error *err);
/* 'H' for a public holiday, 'W' for a make-up working day, else 0. */
int yj_calendar_kind(const yj_calendar *c, long date);
/* Whether the calendar lists the year of `date` (false for NULL). */
bool yj_calendar_covers(const yj_calendar *c, long date);
/* The days, in date order, for storing them. */
size_t yj_calendar_count(const yj_calendar *c);
void yj_calendar_day(const yj_calendar *c, size_t i, char date[11],
                     const char **kind);

#endif

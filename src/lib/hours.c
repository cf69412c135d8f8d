/* hours.c — OpenStreetMap opening_hours: a parser and evaluator for the
 * subset rest stations use, with China's public holidays and make-up
 * working days (calendar.c), in Asia/Shanghai.
 *
 * The subset: rules separated by ';' (a later rule replaces what earlier
 * ones said about the days it applies to) or ',' (adds to them); a rule is
 * `24/7`, or an optional month/date selector (Jul-Aug, Dec 24-Jan 2,
 * Oct 1-7), an optional weekday selector (Mo-Fr, Sa,Su, PH), optional time
 * spans (08:00-12:00,14:00-18:00; 22:00-02:00 runs past midnight; up to
 * 48:00), an optional state (open, off, closed, unknown) and an optional
 * "comment".  Anything else — `||`, open ends (18:00+), years, weeks,
 * school holidays, sunrise — is a parse error naming the column, never a
 * silent misreading.
 *
 * Semantics: each day gets its own 48 hours of state (a span past midnight
 * belongs to the day it starts on); a ';' rule that applies to a day
 * clears that day's own state first (unless it is off with times: those
 * times close, the rest stands), so an override on a holiday does not
 * cut the previous evening's span (the trap opening_hours.js #441 fell
 * into).  The state at a minute is open if the day's own state or the
 * previous day's spill-over says open, else unknown if either says
 * unknown, else closed.  `PH` matches the days of an official holiday
 * period; on a make-up working day (调休上班) weekday selectors match as
 * Monday, i.e. the station keeps its Monday–Friday hours.  A PH rule on a
 * date whose year the calendar does not cover makes that day unknown. */
#include "calendar.h"
#include "error.h"
#include "i18n.h"
#include "text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RULES 16
#define MAX_ITEMS 8
#define DAY 1440          /* minutes */
#define UTC_OFFSET 480    /* Asia/Shanghai, minutes */

enum { ST_CLOSED = 0, ST_OPEN = 1, ST_UNKNOWN = 2 };

typedef struct span { int start, end; } span;     /* minutes, end ≤ 2880 */
typedef struct mdrange { int from, to; } mdrange; /* month*100 + day */

typedef struct rule {
    bool additive;      /* joined to the previous rule by ',' */
    bool has_dates, has_weekdays, ph;
    bool timed;         /* its spans were written (not the whole day) */
    unsigned weekdays;  /* bit 0 Monday ... bit 6 Sunday */
    int n_dates, n_spans;
    mdrange dates[MAX_ITEMS];
    span spans[MAX_ITEMS];
    int state;
    int comment_at, comment_len; /* in the source text; len 0: none */
} rule;

struct yj_hours {
    char *text;
    int n_rules;
    rule rules[MAX_RULES];
};

/* ---- parsing ------------------------------------------------------------- */

typedef struct parser {
    const char *text, *p;
    yj_error *err;
} parser;

static const char *const weekday_names[7] = {"Mo", "Tu", "We", "Th",
                                             "Fr", "Sa", "Su"};
static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};

/* Column (1-based, in characters) of p. */
static size_t column(const parser *ps, const char *p)
{
    size_t col = 1;
    const char *q;

    for (q = ps->text; q < p; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            col++;
    return col;
}

/* Fail at p with `what`, a message already in the reader's language. */
static yj_code fail_at(parser *ps, const char *p, const char *what)
{
    char found[16];
    size_t n = 0;
    int quoted = (int)yj_utf8_cut(ps->text, strlen(ps->text), 60);
    const char *more = strlen(ps->text) > 60 ? "…" : "";

    while (p[n] != '\0' && n < 14 && p[n] != ' ')
        n++;
    /* both quotes cut between characters, never inside one */
    snprintf(found, sizeof found, "%.*s", (int)yj_utf8_cut(p, n, 10), p);
    /* the character first: a long value must not push it out of the
     * message; the value itself is quoted up to 60 bytes */
    if (*p == '\0')
        return yj_fail(ps->err, YJ_EPARSE,
                       "character %zu: %s (found the end) in '%.*s%s'",
                       column(ps, p), what, quoted, ps->text, more);
    return yj_fail(ps->err, YJ_EPARSE,
                   "character %zu: %s (found '%s') in '%.*s%s'", column(ps, p),
                   what, found, quoted, ps->text, more);
}

static void skip_spaces(parser *ps)
{
    while (*ps->p == ' ')
        ps->p++;
}

static int match_name(const char *p, const char *const *names, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (strncmp(p, names[i], len) == 0 &&
            !((p[len] >= 'a' && p[len] <= 'z') ||
              (p[len] >= 'A' && p[len] <= 'Z')))
            return i;
    }
    return -1;
}

static bool is_word(const char *p, const char *word)
{
    size_t len = strlen(word);

    return strncmp(p, word, len) == 0 &&
           !((p[len] >= 'a' && p[len] <= 'z') ||
             (p[len] >= 'A' && p[len] <= 'Z'));
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* One or two digits. */
static bool number(parser *ps, int *out)
{
    if (!is_digit(ps->p[0]))
        return false;
    *out = ps->p[0] - '0';
    ps->p++;
    if (is_digit(ps->p[0])) {
        *out = *out * 10 + (ps->p[0] - '0');
        ps->p++;
    }
    return true;
}

/* HH:MM → minutes, at most `max` of them (a span starts before 24:00 and
 * ends by 48:00).  A one-digit hour (8:00) is taken too: it cannot mean
 * anything else. */
static yj_code time_of_day(parser *ps, int *out, int max)
{
    const char *at = ps->p;
    int h, m;

    if (!number(ps, &h) || ps->p[0] != ':' || !is_digit(ps->p[1]) ||
        !is_digit(ps->p[2])) {
        ps->p = at;
        return fail_at(ps, at, _("expected a time such as 08:00"));
    }
    m = (ps->p[1] - '0') * 10 + (ps->p[2] - '0');
    if (m > 59 || h * 60 + m > max)
        return fail_at(ps, at, _("not a time of day"));
    ps->p += 3;
    *out = h * 60 + m;
    return YJ_OK;
}

/* Past a ',' at ps->p, with spaces around it or not; NULL if there is
 * none. */
static const char *after_comma(const parser *ps)
{
    const char *q = ps->p;

    while (*q == ' ')
        q++;
    if (*q != ',')
        return NULL;
    q++;
    while (*q == ' ')
        q++;
    return q;
}

static yj_code spans(parser *ps, rule *r)
{
    const char *q;
    yj_code rc;

    for (;;) {
        span s;
        const char *at = ps->p;
        if (r->n_spans == MAX_ITEMS)
            return fail_at(ps, at, _("too many time spans in one rule"));
        /* issue 22: the start was capped at 23:00 (max_hour 23 allowed no
         * minutes past it), refusing 23:30-01:00 */
        if ((rc = time_of_day(ps, &s.start, DAY - 1)) != YJ_OK)
            return rc;
        if (*ps->p != '-')
            return fail_at(ps, ps->p,
                           *ps->p == '+'
                               ? _("open ends (18:00+) are not supported")
                               : _("expected '-' and the end of the span"));
        ps->p++;
        if ((rc = time_of_day(ps, &s.end, 2 * DAY)) != YJ_OK)
            return rc;
        /* 22:00-02:00 runs past midnight, and 10:00-10:00 is 24 hours, as
         * opening_hours.js reads them; the start is before 24:00, so an end
         * past it (extended time, up to 48:00) is never before the start */
        if (s.end <= s.start)
            s.end += DAY;
        if (*ps->p == '+')
            return fail_at(ps, ps->p,
                           _("open ends (18:00+) are not supported"));
        r->spans[r->n_spans++] = s;
        /* another span after a ',' (with spaces around it or not), or the
         * rule is over; issue 22: "Mo 10:00-12:00, 24/7" was refused as a
         * bad time, and "08:00-12:00 ,14:00-16:00" was a rule of its own
         * for every day */
        if ((q = after_comma(ps)) != NULL && is_digit(*q) &&
            strncmp(q, "24/7", 4) != 0)
            ps->p = q;
        else
            return YJ_OK;
    }
}

/* After an item of a weekday or date list: whether a ',' follows, with
 * spaces around it or not, and then an item of the same kind (a weekday or
 * PH, a month); if so it is passed.  "Mo, Tu 10:00-12:00" is the list
 * Mo,Tu as opening_hours.js reads it (issue 22: it was the rule "Mo",
 * open all day, and the rule "Tu 10:00-12:00"). */
static bool list_goes_on(parser *ps, bool weekday)
{
    const char *q = after_comma(ps);

    if (q == NULL ||
        (weekday ? match_name(q, weekday_names, 7) < 0 && !is_word(q, "PH")
                 : match_name(q, month_names, 12) < 0))
        return false;
    ps->p = q;
    return true;
}

static yj_code weekdays(parser *ps, rule *r)
{
    r->has_weekdays = true;
    for (;;) {
        const char *at = ps->p;
        int a = match_name(ps->p, weekday_names, 7), b, i;

        if (is_word(ps->p, "PH")) {
            r->ph = true;
            ps->p += 2;
        } else if (is_word(ps->p, "SH")) {
            return fail_at(ps, at, _("school holidays (SH) are not supported"));
        } else if (a >= 0) {
            ps->p += 2;
            if (*ps->p == '[')
                return fail_at(ps, ps->p,
                               _("nth weekdays (Mo[1]) are not "
                                 "supported"));
            b = a;
            if (*ps->p == '-') {
                ps->p++;
                if ((b = match_name(ps->p, weekday_names, 7)) < 0)
                    return fail_at(ps, ps->p,
                                   _("expected a weekday (Mo ... Su)"));
                ps->p += 2;
            }
            for (i = a;; i = (i + 1) % 7) { /* Sa-Mo wraps */
                r->weekdays |= 1u << i;
                if (i == b)
                    break;
            }
        } else {
            return fail_at(ps, at, _("expected a weekday (Mo ... Su) or PH"));
        }
        if (!list_goes_on(ps, true))
            return YJ_OK;
    }
}

/* Days of a month in a leap year: Feb 29 is a date, Feb 30 a typo. */
static const int month_days[12] = {31, 29, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};

static yj_code day_of_month(parser *ps, const char *at, int month, int day)
{
    char what[64];

    if (day >= 1 && day <= month_days[month - 1])
        return YJ_OK;
    snprintf(what, sizeof what, _("not a day of the month (%s has no day %d)"),
             month_names[month - 1], day);
    return fail_at(ps, at, what);
}

/* Jul, Jul 15 */
static yj_code month_day(parser *ps, int *month, int *day, bool *has_day)
{
    int m = match_name(ps->p, month_names, 12);

    if (m < 0)
        return fail_at(ps, ps->p, _("expected a month (Jan ... Dec)"));
    ps->p += 3;
    *month = m + 1;
    *has_day = false;
    /* a day (Jul 8, and Jul 8: with the readability colon), not a time
     * (Jul 8:00); issue 22: "Feb 16: Sa" was taken for the time 16: */
    if (ps->p[0] == ' ' && is_digit(ps->p[1]) &&
        !(ps->p[2] == ':' && is_digit(ps->p[3])) &&
        !(is_digit(ps->p[2]) && ps->p[3] == ':' && is_digit(ps->p[4]))) {
        const char *at = ++ps->p;
        number(ps, day);
        *has_day = true;
        return day_of_month(ps, at, *month, *day);
    }
    return YJ_OK;
}

static yj_code dates(parser *ps, rule *r)
{
    yj_code rc;

    r->has_dates = true;
    for (;;) {
        int m1, d1, m2, d2;
        bool has1, has2;
        const char *at = ps->p;

        if (r->n_dates == MAX_ITEMS)
            return fail_at(ps, at, _("too many date ranges in one rule"));
        if ((rc = month_day(ps, &m1, &d1, &has1)) != YJ_OK)
            return rc;
        if (!has1)
            d1 = 1;
        m2 = m1;
        d2 = has1 ? d1 : 31;
        if (*ps->p == '-') {
            ps->p++;
            if (has1 && is_digit(*ps->p)) {          /* Oct 1-7 */
                const char *dat = ps->p;
                number(ps, &d2);
                if ((rc = day_of_month(ps, dat, m1, d2)) != YJ_OK)
                    return rc;
                /* as opening_hours.js: Oct 7-Oct 1 is the year round but
                 * Oct 7-1 is a slip */
                if (d2 < d1)
                    return fail_at(ps, at,
                                   _("the days run backwards (Oct "
                                     "1-7; Oct 7-Oct 1 for the year "
                                     "round)"));
            } else {                                  /* Jul-Aug, Dec 24-Jan 2 */
                if ((rc = month_day(ps, &m2, &d2, &has2)) != YJ_OK)
                    return rc;
                if (has1 != has2)
                    return fail_at(ps, at,
                                   _("give days at both ends or at "
                                     "neither (Jul-Aug, Dec 24-Jan 2)"));
                if (!has2)
                    d2 = 31;
            }
        }
        r->dates[r->n_dates].from = m1 * 100 + d1;
        r->dates[r->n_dates].to = m2 * 100 + d2;
        r->n_dates++;
        if (!list_goes_on(ps, false))
            return YJ_OK;
    }
}

/* After a selector: spaces, and the optional ':' the specification allows
 * ("Jul-Aug: 06:00-22:00"). */
static void selector_colon(parser *ps)
{
    skip_spaces(ps);
    if (*ps->p == ':') {
        ps->p++;
        skip_spaces(ps);
    }
}

static yj_code one_rule(parser *ps, rule *r)
{
    const char *start = ps->p;
    yj_code rc;
    bool state_given = false;

    r->state = ST_OPEN;
    skip_spaces(ps);
    if (strncmp(ps->p, "24/7", 4) == 0) {
        ps->p += 4;
        r->n_spans = 1;
        r->spans[0].start = 0;
        r->spans[0].end = DAY;
    } else {
        if (is_digit(ps->p[0]) && is_digit(ps->p[1]) && is_digit(ps->p[2]) &&
            is_digit(ps->p[3]))
            return fail_at(ps, ps->p, _("years are not supported"));
        if (is_word(ps->p, "week"))
            return fail_at(ps, ps->p, _("week numbers are not supported"));
        if (match_name(ps->p, month_names, 12) >= 0) {
            if ((rc = dates(ps, r)) != YJ_OK)
                return rc;
            selector_colon(ps);
        }
        if (match_name(ps->p, weekday_names, 7) >= 0 || is_word(ps->p, "PH") ||
            is_word(ps->p, "SH")) {
            if ((rc = weekdays(ps, r)) != YJ_OK)
                return rc;
            selector_colon(ps);
        }
        if (is_digit(*ps->p)) {
            if ((rc = spans(ps, r)) != YJ_OK)
                return rc;
            r->timed = true;
        } else if (is_word(ps->p, "sunrise") || is_word(ps->p, "sunset") ||
                   is_word(ps->p, "dawn") || is_word(ps->p, "dusk")) {
            return fail_at(ps, ps->p, _("times of the sun are not supported"));
        }
    }
    skip_spaces(ps);
    if (is_word(ps->p, "off") || is_word(ps->p, "closed")) {
        r->state = ST_CLOSED;
        ps->p += ps->p[0] == 'o' ? 3 : 6;
        state_given = true;
    } else if (is_word(ps->p, "open")) {
        ps->p += 4;
        state_given = true;
    } else if (is_word(ps->p, "unknown")) {
        r->state = ST_UNKNOWN;
        ps->p += 7;
        state_given = true;
    }
    skip_spaces(ps);
    if (*ps->p == '"') {
        const char *end = strchr(ps->p + 1, '"');
        if (end == NULL)
            return fail_at(ps, ps->p, _("a comment needs its closing '\"'"));
        r->comment_at = (int)(ps->p + 1 - ps->text);
        r->comment_len = (int)(end - ps->p - 1);
        ps->p = end + 1;
        /* a rule that is only a comment says nothing certain */
        if (!r->has_dates && !r->has_weekdays && r->n_spans == 0 &&
            !state_given && strncmp(start, "24/7", 4) != 0)
            r->state = ST_UNKNOWN;
        skip_spaces(ps);
    }
    if (ps->p == start || (!r->has_dates && !r->has_weekdays &&
                           r->n_spans == 0 && !state_given &&
                           r->comment_len == 0 &&
                           strncmp(start, "24/7", 4) != 0))
        return fail_at(ps, ps->p,
                       _("expected a rule (24/7, Mo-Fr 08:00-18:00, "
                         "PH off, ...)"));
    if (r->n_spans == 0) {  /* selectors alone: the whole day */
        r->n_spans = 1;
        r->spans[0].start = 0;
        r->spans[0].end = DAY;
    }
    return YJ_OK;
}

yj_code yj_hours_parse(yj_hours **out, const char *text, yj_error *err)
{
    yj_hours *h;
    parser ps;
    bool additive = false;
    yj_code rc = YJ_OK;

    *out = NULL;
    if ((h = calloc(1, sizeof *h)) == NULL ||
        (h->text = yj_strndup(text, strlen(text))) == NULL) {
        free(h);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    ps.text = h->text;
    ps.p = h->text;
    ps.err = err;
    skip_spaces(&ps);
    if (*ps.p == '\0')
        rc = fail_at(&ps, ps.p,
                     _("empty opening hours (leave the field empty "
                       "when they are unknown)"));
    else if (strlen(h->text) > YJ_FIELD_MAX) /* offsets below fit an int */
        rc = fail_at(&ps, h->text + YJ_FIELD_MAX,
                     _("longer than a field may "
                       "be (4000 bytes)"));
    while (rc == YJ_OK) {
        rule *r;
        if (h->n_rules == MAX_RULES) {
            rc = fail_at(&ps, ps.p, _("more than 16 rules"));
            break;
        }
        r = &h->rules[h->n_rules];
        r->additive = additive;
        if ((rc = one_rule(&ps, r)) != YJ_OK)
            break;
        h->n_rules++;
        if (*ps.p == '\0')
            break;
        if (ps.p[0] == '|' && ps.p[1] == '|') {
            rc = fail_at(&ps, ps.p, _("fallback rules (||) are not supported"));
        } else if (*ps.p == ';' || *ps.p == ',') {
            /* the next rule's join: stored in the next round, after the
             * check that there is room for it (rules[16] is past the end) */
            additive = *ps.p == ',';
            ps.p++;
            skip_spaces(&ps);
            if (*ps.p == '\0')
                rc = fail_at(&ps, ps.p, _("a rule must follow the separator"));
        } else {
            rc = fail_at(&ps, ps.p,
                         _("expected ';' or ',' between rules, or "
                           "the end"));
        }
    }
    if (rc != YJ_OK) {
        yj_hours_free(h);
        return rc;
    }
    *out = h;
    return YJ_OK;
}

void yj_hours_free(yj_hours *h)
{
    if (h == NULL)
        return;
    free(h->text);
    free(h);
}

/* ---- evaluation ---------------------------------------------------------- */

static bool date_matches(const rule *r, long date)
{
    int y, m, d, md, i;

    if (!r->has_dates)
        return true;
    yj_civil_from_days(date, &y, &m, &d);
    md = m * 100 + d;
    for (i = 0; i < r->n_dates; i++) {
        const mdrange *x = &r->dates[i];
        if (x->from <= x->to ? (md >= x->from && md <= x->to)
                             : (md >= x->from || md <= x->to))
            return true;
    }
    return false;
}

/* A day's own state: minutes [0, 2880) from its midnight; who[] is the
 * rule that set each minute (-1: none). */
typedef struct day_state {
    long date;
    unsigned char state[2 * DAY];
    signed char who[2 * DAY];
} day_state;

static void evaluate_day(day_state *ds, const yj_hours *h,
                         const yj_calendar *cal, long date)
{
    int kind = yj_calendar_kind(cal, date);
    int weekday = kind == 'W' ? 0 : yj_weekday(date);
    bool holiday = kind == 'H';
    bool covered = yj_calendar_covers(cal, date);
    int i, j, m;

    ds->date = date;
    memset(ds->state, ST_CLOSED, sizeof ds->state);
    memset(ds->who, -1, sizeof ds->who);
    for (i = 0; i < h->n_rules; i++) {
        const rule *r = &h->rules[i];
        bool applies;
        int state = r->state;

        if (!date_matches(r, date))
            continue;
        applies = !r->has_weekdays || (r->weekdays & (1u << weekday)) ||
                  (r->ph && holiday);
        if (r->ph && !covered) {
            /* cannot tell whether this is a holiday */
            applies = true;
            state = ST_UNKNOWN;
        }
        if (!applies)
            continue;
        /* issue 22: an off rule with times closes those times only (the
         * specification: a closed rule does "not overwrite anything else
         * as rules with other rule modifiers would do", as quoted in
         * alltheplaces/alltheplaces#8650), so
         * "Mo-Fr 08:00-18:00; We 12:00-14:00 off" is a lunch break, not a
         * day off; without times it closes the day, its spans past
         * midnight included */
        if (!r->additive && !(state == ST_CLOSED && r->timed)) {
            memset(ds->state, ST_CLOSED, sizeof ds->state);
            memset(ds->who, -1, sizeof ds->who);
        }
        for (j = 0; j < r->n_spans; j++) {
            for (m = r->spans[j].start; m < r->spans[j].end; m++) {
                ds->state[m] = (unsigned char)state;
                ds->who[m] = (signed char)i;
            }
        }
    }
}

/* The days around a time, evaluated once each. */
typedef struct window {
    const yj_hours *h;
    const yj_calendar *cal;
    long first;        /* date of days[0] */
    int n;
    day_state *days;   /* n of them */
} window;

static const day_state *day_of(window *w, long date)
{
    day_state *ds = &w->days[date - w->first];

    if (ds->date != date)
        evaluate_day(ds, w->h, w->cal, date);
    return ds;
}

/* State at local minute lm (minutes since 1970-01-01 00:00 local), and the
 * rule that decides it. */
static int state_at(window *w, long lm, int *who)
{
    long date = lm >= 0 ? lm / DAY : -((-lm + DAY - 1) / DAY);
    int minute = (int)(lm - date * DAY);
    const day_state *today = day_of(w, date);
    const day_state *before = day_of(w, date - 1);
    int a = today->state[minute], b = before->state[minute + DAY];

    if (a == ST_OPEN || b == ST_OPEN) {
        *who = a == ST_OPEN ? today->who[minute] : before->who[minute + DAY];
        return ST_OPEN;
    }
    if (a == ST_UNKNOWN || b == ST_UNKNOWN) {
        *who = a == ST_UNKNOWN ? today->who[minute] : before->who[minute + DAY];
        return ST_UNKNOWN;
    }
    *who = today->who[minute];
    return ST_CLOSED;
}

static yj_open_state public_state(int s)
{
    return s == ST_OPEN ? YJ_HOURS_OPEN
           : s == ST_CLOSED ? YJ_HOURS_CLOSED
                            : YJ_HOURS_UNKNOWN;
}

#define LOOKAHEAD_DAYS 8

yj_code yj_hours_status(yj_open_status *out, const yj_hours *h,
                        const yj_calendar *cal, int64_t t, yj_error *err)
{
    long lm = (long)((t >= 0 ? t / 60 : -((-t + 59) / 60)) + UTC_OFFSET);
    long date = lm >= 0 ? lm / DAY : -((-lm + DAY - 1) / DAY);
    window w;
    int s, who, i;
    long m;

    memset(out, 0, sizeof *out);
    w.h = h;
    w.cal = cal;
    w.first = date - 1;
    w.n = LOOKAHEAD_DAYS + 3;
    if ((w.days = malloc((size_t)w.n * sizeof *w.days)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    for (i = 0; i < w.n; i++)
        w.days[i].date = LONG_MIN;
    s = state_at(&w, lm, &who);
    out->state = public_state(s);
    if (who >= 0 && h->rules[who].comment_len > 0)
        snprintf(out->comment, sizeof out->comment, "%.*s",
                 (int)yj_utf8_cut(h->text + h->rules[who].comment_at,
                                  (size_t)h->rules[who].comment_len,
                                  sizeof out->comment - 1),
                 h->text + h->rules[who].comment_at);
    for (m = lm + 1; m < (date + LOOKAHEAD_DAYS + 1) * DAY; m++) {
        int next_who, next = state_at(&w, m, &next_who);
        if (next != s) {
            out->has_next = true;
            out->next_change = (int64_t)(m - UTC_OFFSET) * 60;
            out->next_state = public_state(next);
            break;
        }
    }
    free(w.days);
    return YJ_OK;
}

/* ---- local time ---------------------------------------------------------- */

bool yj_hours_parse_local_time(int64_t *out, const char *text)
{
    char date[11];
    long day;
    int h, m;

    /* "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM" */
    if (strlen(text) != 16 || (text[10] != ' ' && text[10] != 'T'))
        return false;
    memcpy(date, text, 10);
    date[10] = '\0';
    if (!yj_parse_date(&day, date) || !is_digit(text[11]) ||
        !is_digit(text[12]) || text[13] != ':' || !is_digit(text[14]) ||
        !is_digit(text[15]))
        return false;
    h = (text[11] - '0') * 10 + (text[12] - '0');
    m = (text[14] - '0') * 10 + (text[15] - '0');
    if (h > 23 || m > 59)
        return false;
    *out = ((int64_t)day * DAY + h * 60 + m - UTC_OFFSET) * 60;
    return true;
}

/* Local date and minute of the day of t. */
static void local_parts(int64_t t, long *date, int *minute)
{
    long lm = (long)((t >= 0 ? t / 60 : -((-t + 59) / 60)) + UTC_OFFSET);

    *date = lm >= 0 ? lm / DAY : -((-lm + DAY - 1) / DAY);
    *minute = (int)(lm - *date * DAY);
}

char *yj_hours_format_local_time(char *buf, size_t size, int64_t t)
{
    long date;
    int minute, y, mo, d;

    local_parts(t, &date, &minute);
    yj_civil_from_days(date, &y, &mo, &d);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d+08:00", y, mo, d,
             minute / 60, minute % 60);
    return buf;
}

/* "17:00", "明天 08:30", "10月8日 08:30" relative to now. */
static void when(char *buf, size_t size, int64_t t, int64_t now)
{
    long date, today;
    int minute, now_minute, y, m, d;

    local_parts(t, &date, &minute);
    local_parts(now, &today, &now_minute);
    yj_civil_from_days(date, &y, &m, &d);
    if (date == today)
        snprintf(buf, size, "%02d:%02d", minute / 60, minute % 60);
    else if (date == today + 1)
        snprintf(buf, size, "明天 %02d:%02d", minute / 60, minute % 60);
    else if (date == today + 2)
        snprintf(buf, size, "后天 %02d:%02d", minute / 60, minute % 60);
    else
        snprintf(buf, size, "%d月%d日 %02d:%02d", m, d, minute / 60,
                 minute % 60);
}

char *yj_hours_status_text(char *buf, size_t size, const yj_open_status *st,
                           int64_t now)
{
    char at[64];

    if (st->has_next)
        when(at, sizeof at, st->next_change, now);
    switch (st->state) {
    case YJ_HOURS_OPEN:
        if (!st->has_next)
            snprintf(buf, size, "开放中（一周内不关闭）");
        else if (st->next_state == YJ_HOURS_CLOSED)
            snprintf(buf, size, "开放至 %s", at);
        else
            snprintf(buf, size, "开放中，%s 后开放时间未知", at);
        break;
    case YJ_HOURS_CLOSED:
        if (!st->has_next)
            snprintf(buf, size, "已关闭，一周内不开放");
        else if (st->next_state == YJ_HOURS_OPEN)
            snprintf(buf, size, "已关闭，%s 开放", at);
        else
            snprintf(buf, size, "已关闭，%s 后开放时间未知", at);
        break;
    default:
        snprintf(buf, size, "开放时间未知");
    }
    return buf;
}

const char *yj_hours_state_name(yj_open_state state)
{
    return state == YJ_HOURS_OPEN     ? "open"
           : state == YJ_HOURS_CLOSED ? "closed"
                                      : "unknown";
}

yj_code yj_hours_text_status(yj_open_status *out, const char *hours,
                             const yj_calendar *cal, int64_t t,
                             yj_error *err)
{
    yj_hours *h = NULL;
    yj_code rc;

    memset(out, 0, sizeof *out);
    out->state = YJ_HOURS_UNKNOWN;
    if (hours == NULL || hours[0] == '\0')
        return YJ_OK;
    if ((rc = yj_hours_parse(&h, hours, err)) != YJ_OK)
        return rc == YJ_EPARSE ? YJ_OK : rc; /* unreadable: unknown */
    rc = yj_hours_status(out, h, cal, t, err);
    yj_hours_free(h);
    return rc;
}

/* ---- the rules in the reader's words ------------------------------------ */

static const char *day_word(int i)
{
    switch (i) {
    case 0: return C_("opening hours", "Mo");
    case 1: return C_("opening hours", "Tu");
    case 2: return C_("opening hours", "We");
    case 3: return C_("opening hours", "Th");
    case 4: return C_("opening hours", "Fr");
    case 5: return C_("opening hours", "Sa");
    default: return C_("opening hours", "Su");
    }
}

static const char *month_word(int i)
{
    switch (i) {
    case 0: return C_("opening hours", "Jan");
    case 1: return C_("opening hours", "Feb");
    case 2: return C_("opening hours", "Mar");
    case 3: return C_("opening hours", "Apr");
    case 4: return C_("opening hours", "May");
    case 5: return C_("opening hours", "Jun");
    case 6: return C_("opening hours", "Jul");
    case 7: return C_("opening hours", "Aug");
    case 8: return C_("opening hours", "Sep");
    case 9: return C_("opening hours", "Oct");
    case 10: return C_("opening hours", "Nov");
    default: return C_("opening hours", "Dec");
    }
}

/* A word of the syntax (tok[0..n)) in the reader's words, or NULL. */
static const char *hours_word(const char *tok, size_t n)
{
    static const char *const days[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa",
                                       "Su"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                         "Jun", "Jul", "Aug", "Sep", "Oct",
                                         "Nov", "Dec"};
    int i;

    for (i = 0; i < 7; i++)
        if (n == 2 && strncmp(tok, days[i], 2) == 0)
            return day_word(i);
    for (i = 0; i < 12; i++)
        if (n == 3 && strncmp(tok, months[i], 3) == 0)
            return month_word(i);
    if (n == 2 && strncmp(tok, "PH", 2) == 0)
        return C_("opening hours", "PH");
    if (n == 2 && strncmp(tok, "SH", 2) == 0)
        return C_("opening hours", "SH");
    if (n == 3 && strncmp(tok, "off", 3) == 0)
        return C_("opening hours", "off");
    if (n == 6 && strncmp(tok, "closed", 6) == 0)
        return C_("opening hours", "closed");
    if (n == 4 && strncmp(tok, "open", 4) == 0)
        return C_("opening hours", "open");
    return NULL;
}

/* Append s[0..n) to buf[size] at *used, whole characters only. */
static void put_words(char *buf, size_t size, size_t *used, const char *s,
                      size_t n)
{
    size_t room = size - 1 - *used;

    if (n > room)
        n = yj_utf8_cut(s, n, room);
    memcpy(buf + *used, s, n);
    *used += n;
    buf[*used] = '\0';
}

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

char *yj_hours_words(char *buf, size_t size, const char *text)
{
    const char *p = text;
    size_t used = 0;
    bool after_word = false;  /* the last token was a day or a month */

    if (size == 0)
        return buf;
    buf[0] = '\0';
    while (*p != '\0') {
        if (*p == '"') { /* a comment, as written */
            const char *end = strchr(p + 1, '"');
            size_t n = end != NULL ? (size_t)(end - p) + 1 : strlen(p);
            put_words(buf, size, &used, p, n);
            p += n;
            after_word = false;
        } else if (strncmp(p, "24/7", 4) == 0) {
            const char *w = C_("opening hours", "24/7");
            put_words(buf, size, &used, w, strlen(w));
            p += 4;
            after_word = false;
        } else if (is_letter(*p)) {
            size_t n = 0;
            const char *w;
            while (is_letter(p[n]))
                n++;
            w = hours_word(p, n);
            put_words(buf, size, &used, w != NULL ? w : p,
                      w != NULL ? strlen(w) : n);
            after_word = w != NULL && n <= 3 && strncmp(p, "off", 3) != 0;
            p += n;
        } else if (*p == '-' && after_word && is_letter(p[1])) {
            /* TRANSLATORS: between two days or months, Mo-Fr */
            const char *w = C_("opening hours range", "-");
            put_words(buf, size, &used, w, strlen(w));
            p++;
        } else if (*p == ',' && is_letter(p[1])) {
            /* TRANSLATORS: between days of a list, Mo,We */
            const char *w = C_("opening hours days", ",");
            put_words(buf, size, &used, w, strlen(w));
            p++;
        } else if (*p == ',' || *p == ';') {
            /* TRANSLATORS: between spans (08:00-12:00,14:00-18:00) and
             * between rules (Mo-Fr 08:00-18:00; Sa 09:00-12:00) */
            const char *w = *p == ',' ? C_("opening hours spans", ",")
                                      : C_("opening hours rules", ";");
            put_words(buf, size, &used, w, strlen(w));
            if (strlen(w) > 1) /* a full-width mark takes its own space */
                while (p[1] == ' ')
                    p++;
            p++;
            after_word = false;
        } else {
            put_words(buf, size, &used, p, 1);
            if (*p != ' ')
                after_word = false;
            p++;
        }
    }
    return buf;
}

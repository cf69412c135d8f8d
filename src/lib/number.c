/* number.c — the one parser family for numbers that come from outside:
 * command arguments, CSV and sheet cells, query parameters.
 *
 * The policy (README "Numbers"): every number is parsed here, strictly
 * (plain decimals only: no hex, "inf", "nan" or trailing text), and checked
 * finite and within the range its use allows before any caller converts it
 * to an integer or does arithmetic with it.  A number too small for a
 * double (1e-400) is the zero or subnormal it rounds to; one too large
 * (1e999) is out of range.  Messages name the value as written and the
 * valid range; the caller prefixes where the value came from ("-k: 0 is
 * out of range (1..100000)", "stations.csv:8: lon: ..."). */
#include "error.h"
#include "i18n.h"
#include "text.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest number text taken (digits of a double need far fewer). */
#define NUMBER_MAX 255

typedef enum { NUM_OK, NUM_BAD, NUM_RANGE } num_status;

/* How much of text[0..len) a message quotes: at most 48 bytes, never
 * cutting a UTF-8 sequence.  *more: something was left out. */
static int quoted_n(const char *text, size_t len, bool *more)
{
    size_t n = len;

    *more = n > 48;
    if (n > 48) {
        n = 48;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    return (int)n;
}

static int quoted(const char *text, bool *more)
{
    return quoted_n(text, strnlen(text, 49), more);
}

/* text without the spaces around it, into buf[NUMBER_MAX + 1]; false
 * when it is too long. */
static bool trimmed(char *buf, const char *text, size_t len)
{
    while (len > 0 && *text == ' ') {
        text++;
        len--;
    }
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len > NUMBER_MAX)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    return true;
}

/* A plain decimal number, the whole of `t` (already trimmed). */
static num_status parse_real(double *out, const char *t)
{
    char *end;
    double v;

    /* strtod also takes hex, "inf" and "nan", and leading white space of
     * any kind: only plain decimals here. */
    if (*t == '\0' || strpbrk(t, "xXiInNpP") != NULL ||
        !(*t == '+' || *t == '-' || *t == '.' || (*t >= '0' && *t <= '9')))
        return NUM_BAD;
    errno = 0;
    v = strtod(t, &end);
    if (end == t || *end != '\0')
        return NUM_BAD;
    if (errno == ERANGE && !(fabs(v) <= DBL_MIN))
        return NUM_RANGE; /* overflow; an underflow is its tiny value */
    if (!isfinite(v))
        return NUM_RANGE;
    *out = v;
    return NUM_OK;
}

bool yj_parse_double(double *out, const char *text)
{
    char buf[NUMBER_MAX + 1];
    double v;

    if (!trimmed(buf, text, strlen(text)) || parse_real(&v, buf) != NUM_OK)
        return false;
    *out = v;
    return true;
}

/* The real-number parser behind yj_parse_real and the coordinate pairs:
 * `what` (NULL or "longitude" ...) leads the message. */
static yj_code real_in(double *out, const char *text, size_t len, double min,
                       double max, const char *what, yj_error *err)
{
    char buf[NUMBER_MAX + 1];
    const char *lead = what != NULL ? what : "";
    const char *space = what != NULL ? " " : "";
    num_status st = NUM_BAD;
    bool more;
    double v = 0.0;

    if (trimmed(buf, text, len))
        st = parse_real(&v, buf);
    if (st == NUM_BAD) {
        int n = quoted_n(text, len, &more);
        return yj_fail(err, YJ_EINVAL, "%s%s'%.*s%s' is not a number", lead,
                       space, n, text, more ? "…" : "");
    }
    if (st == NUM_RANGE || !(v >= min && v <= max)) {
        int n = quoted(buf, &more);
        return yj_fail(err, YJ_EINVAL, "%s%s%.*s%s is out of range (%g..%g)",
                       lead, space, n, buf, more ? "…" : "", min, max);
    }
    *out = v;
    return YJ_OK;
}

yj_code yj_parse_real(double *out, const char *text, double min, double max,
                      yj_error *err)
{
    return real_in(out, text, strlen(text), min, max, NULL, err);
}

yj_code yj_parse_int(int64_t *out, const char *text, int64_t min,
                     int64_t max, yj_error *err)
{
    char buf[NUMBER_MAX + 1], *end;
    const char *p;
    long long v;
    bool more;
    int n;

    if (!trimmed(buf, text, strlen(text)))
        buf[0] = '\0';
    p = buf + (buf[0] == '+' || buf[0] == '-');
    if (*p == '\0' || strspn(p, "0123456789") != strlen(p)) {
        n = quoted(text, &more);
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not a whole number "
                       "(%" PRId64 "..%" PRId64 ")", n, text, more ? "…" : "",
                       min, max);
    }
    errno = 0;
    v = strtoll(buf, &end, 10);
    n = quoted(buf, &more);
    if (errno == ERANGE || *end != '\0' || v < min || v > max)
        return yj_fail(err, YJ_EINVAL, "%.*s%s is out of range (%" PRId64
                       "..%" PRId64 ")", n, buf, more ? "…" : "", min, max);
    *out = (int64_t)v;
    return YJ_OK;
}

/* The units of a distance, the longer of two with the same ending
 * first. */
static const struct {
    const char *text;
    double scale;
} distance_units[] = {
    {"km", 1000.0}, {"公里", 1000.0}, {"千米", 1000.0}, {"m", 1.0},
    {"米", 1.0},
};

yj_code yj_parse_distance(double *metres, const char *text, yj_error *err)
{
    char folded[NUMBER_MAX + 1], buf[NUMBER_MAX + 1];
    size_t n, unit_at = 0, i;
    double scale = 0.0, v;
    bool more;
    int q = quoted(text, &more);
    const char *dots = more ? "…" : "";

    /* full-width digits and units, other spaces: as ASCII */
    if (!yj_text_fold(folded, sizeof folded, text))
        folded[0] = '\0';
    n = strlen(folded);
    for (i = 0; i < sizeof distance_units / sizeof distance_units[0]; i++) {
        size_t u = strlen(distance_units[i].text);
        if (n >= u && strcmp(folded + n - u, distance_units[i].text) == 0) {
            scale = distance_units[i].scale;
            unit_at = n - u;
            break;
        }
    }
    if (scale == 0.0)
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' needs a unit: 800m or 2km "
                       "(800米, 2公里)", q, text, dots);
    if (!trimmed(buf, folded, unit_at))
        buf[0] = '\0';
    switch (parse_real(&v, buf)) {
    case NUM_BAD:
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not a distance such as "
                       "800m or 2km", q, text, dots);
    case NUM_RANGE:
        v = INFINITY;
        break;
    case NUM_OK:
        break;
    }
    if (!(v > 0.0))
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' must be more than 0", q,
                       text, dots);
    v *= scale;
    if (!(v <= YJ_DISTANCE_MAX_M))
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is out of range (more than "
                       "0, at most %.0fkm)", q, text, dots,
                       YJ_DISTANCE_MAX_M / 1000.0);
    *metres = v;
    return YJ_OK;
}

yj_code yj_parse_speed(double *kmh, const char *text, yj_error *err)
{
    char buf[NUMBER_MAX + 1];
    double v = 0.0;
    num_status st = NUM_BAD;
    bool more;
    int q;

    if (strcmp(text, "walk") == 0) {
        *kmh = YJ_SPEED_WALK_KMH;
        return YJ_OK;
    }
    if (strcmp(text, "ride") == 0) {
        *kmh = YJ_SPEED_RIDE_KMH;
        return YJ_OK;
    }
    if (trimmed(buf, text, strlen(text)))
        st = parse_real(&v, buf);
    q = quoted(text, &more);
    if (st == NUM_BAD)
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not walk (%g km/h), ride "
                       "(%g km/h) or a speed in km/h", q, text,
                       more ? "…" : "", YJ_SPEED_WALK_KMH, YJ_SPEED_RIDE_KMH);
    if (st == NUM_RANGE || !(v >= YJ_SPEED_MIN_KMH && v <= YJ_SPEED_MAX_KMH))
        return yj_fail(err, YJ_EINVAL, "%.*s%s km/h is out of range (%g..%g "
                       "km/h)", q, text, more ? "…" : "", YJ_SPEED_MIN_KMH,
                       YJ_SPEED_MAX_KMH);
    *kmh = v;
    return YJ_OK;
}

yj_code yj_parse_lonlat_parts(yj_lonlat *out, const char *a, size_t alen,
                              const char *b, size_t blen, bool latlon,
                              yj_error *err)
{
    double x, y;
    yj_code rc;

    if ((rc = real_in(&x, a, alen, latlon ? -90.0 : -180.0,
                      latlon ? 90.0 : 180.0,
                      latlon ? _("latitude") : _("longitude"), err)) != YJ_OK ||
        (rc = real_in(&y, b, blen, latlon ? -180.0 : -90.0,
                      latlon ? 180.0 : 90.0,
                      latlon ? _("longitude") : _("latitude"), err)) != YJ_OK)
        return rc;
    out->lon = latlon ? y : x;
    out->lat = latlon ? x : y;
    return YJ_OK;
}

yj_code yj_parse_lonlat(yj_lonlat *out, const char *text, bool latlon,
                        yj_error *err)
{
    const char *comma = strchr(text, ',');
    bool more;
    int q = quoted(text, &more);
    yj_code rc;

    if (comma == NULL || strchr(comma + 1, ',') != NULL)
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not %s (two numbers "
                       "and a comma)", q, text, more ? "…" : "",
                       latlon ? "LAT,LON" : "LON,LAT");
    rc = yj_parse_lonlat_parts(out, text, (size_t)(comma - text), comma + 1,
                               strlen(comma + 1), latlon, err);
    if (rc != YJ_OK && err != NULL) {
        char where[64];
        snprintf(where, sizeof where, "'%.*s%s'", q, text, more ? "…" : "");
        yj_error_prefix(err, where);
    }
    return rc;
}

void yj_distance_text(char *buf, size_t size, double distance_m,
                      bool approximate, yj_distance_style style)
{
    bool table = style == YJ_DISTANCE_TABLE;
    const char *mark = !approximate ? "" : table ? "≈ " : "≈";
    double m = distance_m;

    if (m < 995.0)
        snprintf(buf, size, "%s%.0f m", mark,
                 table && m >= 10.0 ? round(m / 10) * 10 : m);
    else if (!table || m < 99950.0)
        snprintf(buf, size, "%s%.1f km", mark, m / 1000.0);
    else
        snprintf(buf, size, "%s%.0f km", mark, m / 1000.0);
}

/* ---- positions as people paste them ------------------------------------ */

/* A token of a position: a number as written, a unit (degrees, minutes,
 * seconds), a hemisphere, or a separator. */
typedef enum { T_NUM, T_UNIT, T_HEMI, T_SEP } tok_kind;

typedef struct tok {
    tok_kind kind;
    char c;           /* unit 'd' 'm' 's'; hemisphere 'E' 'W' 'N' 'S' */
    const char *text; /* T_NUM: into the folded text */
    size_t len;
    bool amb; /* an s or S after 120°17′24: seconds or south */
} tok;

#define TOKENS_MAX 32

/* Characters that stand for a unit, a hemisphere or a separator, as
 * people write them in Chinese and in English (full-width forms are folded
 * already). */
static const struct {
    const char *text;
    tok_kind kind;
    char c;
} marks[] = {
    {"''", T_UNIT, 's'}, {"°", T_UNIT, 'd'}, {"º", T_UNIT, 'd'},
    {"˚", T_UNIT, 'd'},
    {"度", T_UNIT, 'd'}, {"′", T_UNIT, 'm'}, {"'", T_UNIT, 'm'},
    {"’", T_UNIT, 'm'}, {"分", T_UNIT, 'm'}, {"″", T_UNIT, 's'},
    {"\"", T_UNIT, 's'}, {"”", T_UNIT, 's'}, {"秒", T_UNIT, 's'},
    {"东经", T_HEMI, 'E'}, {"西经", T_HEMI, 'W'}, {"北纬", T_HEMI, 'N'},
    {"南纬", T_HEMI, 'S'}, {"东", T_HEMI, 'E'}, {"西", T_HEMI, 'W'},
    {"北", T_HEMI, 'N'}, {"南", T_HEMI, 'S'},
    {",", T_SEP, ','}, {";", T_SEP, ','}, {"、", T_SEP, ','},
    {" ", T_SEP, ' '}, {"\t", T_SEP, ' '},
};

/* Split `t` into tokens; false for a character that is none of them
 * (*n: the tokens before it).  An s or S after degrees, minutes and a
 * number (30°10′5S) may be seconds or south: a unit marked amb, which
 * yj_parse_position decides. */
static bool tokenize(tok *toks, size_t *n, const char *t)
{
    char last_unit = 0; /* 's' after a number after minutes: seconds or
                           south; else south */

    *n = 0;
    while (*t != '\0') {
        tok k = {T_SEP, 0, t, 0, false};
        size_t i, len = 0;

        if (*n == TOKENS_MAX)
            return false;
        if ((*t >= '0' && *t <= '9') || *t == '.' ||
            ((*t == '-' || *t == '+') && ((t[1] >= '0' && t[1] <= '9') ||
                                          t[1] == '.'))) {
            len = 1;
            while ((t[len] >= '0' && t[len] <= '9') || t[len] == '.')
                len++;
            k.kind = T_NUM;
        } else if (strchr("dDmM", *t) != NULL && *n > 0 &&
                   toks[*n - 1].kind == T_NUM) {
            k.kind = T_UNIT;
            k.c = (char)(*t | 0x20);
            len = 1;
        } else if ((*t == 's' || *t == 'S') && last_unit == 'm' && *n > 0 &&
                   toks[*n - 1].kind == T_NUM) {
            k.kind = T_UNIT;
            k.c = 's';
            k.amb = true;
            len = 1;
        } else if (strchr("EeWwNnSs", *t) != NULL) {
            k.kind = T_HEMI;
            k.c = (char)(*t & ~0x20);
            len = 1;
        } else {
            for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
                size_t m = strlen(marks[i].text);
                if (strncmp(t, marks[i].text, m) == 0) {
                    k.kind = marks[i].kind;
                    k.c = marks[i].c;
                    len = m;
                    break;
                }
            }
            if (len == 0)
                return false;
        }
        if (k.kind == T_UNIT)
            last_unit = k.c;
        else if (k.kind == T_HEMI || (k.kind == T_SEP && k.c == ','))
            last_unit = 0;
        k.len = len;
        t += len;
        if (k.kind == T_SEP && k.c == ' ' && *n > 0 &&
            toks[*n - 1].kind == T_SEP)
            continue; /* runs of spaces, and spaces around a comma */
        if (k.kind == T_SEP && k.c == ',' && *n > 0 &&
            toks[*n - 1].kind == T_SEP) {
            if (toks[*n - 1].c == ',')
                return false; /* two commas */
            toks[*n - 1] = k;
            continue;
        }
        toks[(*n)++] = k;
    }
    return true;
}

/* One coordinate as read: its value, hemisphere (0: none) and, for a
 * plain number, its text. */
typedef struct coord {
    double value;
    char hemi;
    bool plain;
    const char *text;
    size_t len;
} coord;

/* Index of the first token at or after i that is not a space. */
static size_t past_spaces(const tok *toks, size_t n, size_t i)
{
    while (i < n && toks[i].kind == T_SEP && toks[i].c == ' ')
        i++;
    return i;
}

/* The unit after the number at toks[i] (1 d, 2 m, 3 s), 0 for none. */
static int unit_after(const tok *toks, size_t n, size_t i)
{
    if (i + 1 < n && toks[i + 1].kind == T_UNIT)
        return toks[i + 1].c == 'd' ? 1 : toks[i + 1].c == 'm' ? 2 : 3;
    return 0;
}

/* One coordinate from toks[*i]: [HEMI] NUM [UNIT] [NUM [UNIT] [NUM
 * [UNIT]]] [HEMI] (the hemisphere before every number when `prefix`,
 * else after).  Degrees, minutes, seconds in order; minutes and seconds
 * from 0 to under 60, without sign; only the last part may have a
 * fraction; a part without a unit after 120° is the next unit (120°17),
 * and one after a space needs its unit (120° 17′). */
static bool read_coord(coord *k, const tok *toks, size_t n, size_t *i,
                       bool prefix)
{
    char buf[NUMBER_MAX + 1];
    int units = 0;
    bool negative = false, fraction = false;
    double v;

    memset(k, 0, sizeof *k);
    *i = past_spaces(toks, n, *i);
    if (prefix) {
        if (*i == n || toks[*i].kind != T_HEMI)
            return false;
        k->hemi = toks[(*i)++].c;
        *i = past_spaces(toks, n, *i);
    }
    if (*i == n || toks[*i].kind != T_NUM || toks[*i].len > NUMBER_MAX)
        return false;
    k->text = toks[*i].text;
    k->len = toks[*i].len;
    for (;;) {
        int unit = unit_after(toks, n, *i);
        size_t next;

        memcpy(buf, toks[*i].text, toks[*i].len);
        buf[toks[*i].len] = '\0';
        if (fraction || parse_real(&v, buf) != NUM_OK)
            return false;
        if (unit == 0)
            unit = units + 1;
        if (unit <= units || unit > 3 || (units == 0 && unit != 1))
            return false;
        if (units == 0) {
            negative = buf[0] == '-';
        } else if (buf[0] == '-' || buf[0] == '+' || !(v < 60.0)) {
            return false;
        }
        k->value += fabs(v) / (unit == 1 ? 1.0 : unit == 2 ? 60.0 : 3600.0);
        fraction = strchr(buf, '.') != NULL;
        units = unit;
        *i += unit_after(toks, n, *i) != 0 ? 2 : 1;
        /* more of it: a number right after a unit, or past spaces with a
         * later unit of its own */
        next = past_spaces(toks, n, *i);
        if (units < 3 && next < n && toks[next].kind == T_NUM &&
            toks[*i - 1].kind == T_UNIT &&
            ((next == *i && unit_after(toks, n, next) == 0) ||
             unit_after(toks, n, next) > units)) {
            *i = next;
            continue;
        }
        break;
    }
    k->plain = units == 1 && toks[*i - 1].kind == T_NUM;
    if (!prefix) {
        size_t next = past_spaces(toks, n, *i);
        if (next < n && toks[next].kind == T_HEMI) {
            k->hemi = toks[next].c;
            k->plain = false;
            *i = next + 1;
        }
    }
    if (k->hemi != 0 && negative)
        return false; /* -120E */
    if (negative || k->hemi == 'W' || k->hemi == 'S')
        k->value = -k->value;
    if (k->hemi != 0)
        k->plain = false;
    /* what ends it: a comma, a space, the next hemisphere, the end */
    return *i == n || toks[*i].kind == T_SEP ||
           (prefix && toks[*i].kind == T_HEMI);
}

/* The two coordinates of the tokens; false when they are not two. */
static bool group(coord out[2], const tok *toks, size_t n)
{
    bool prefix = n > 0 && toks[0].kind == T_HEMI;
    size_t i = 0, c;

    for (c = 0; c < 2; c++) {
        if (!read_coord(&out[c], toks, n, &i, prefix))
            return false;
        i = past_spaces(toks, n, i);
        if (c == 0 && i < n && toks[i].kind == T_SEP)
            i++; /* the comma */
    }
    return past_spaces(toks, n, i) == n;
}

typedef enum {
    PARAM_OK,
    PARAM_ABSENT,
    PARAM_LONG,  /* does not fit */
    PARAM_ESCAPE /* %00 */
} param_status;

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The value of query parameter `name` of a link's query `q` (after '?'),
 * percent-decoded into buf[size] (a '%' without two hex digits after it
 * is itself); a value that does not fit is refused, not cut, and so is
 * %00. */
static param_status link_param(char *buf, size_t size, const char *q,
                               const char *name)
{
    size_t n = strlen(name);

    while (q != NULL && *q != '\0') {
        const char *end = strpbrk(q, "&#");
        size_t len = end ? (size_t)(end - q) : strlen(q), used = 0, i;
        if (len > n && strncasecmp(q, name, n) == 0 && q[n] == '=') {
            for (i = n + 1; i < len; i++) {
                int hi = i + 2 < len ? hex_digit(q[i + 1]) : -1;
                int lo = i + 2 < len ? hex_digit(q[i + 2]) : -1;
                char c = q[i] == '+' ? ' ' : q[i];
                if (q[i] == '%' && hi >= 0 && lo >= 0) {
                    c = (char)(hi * 16 + lo);
                    i += 2;
                    if (c == '\0')
                        return PARAM_ESCAPE;
                }
                if (used + 1 >= size)
                    return PARAM_LONG;
                buf[used++] = c;
            }
            buf[used] = '\0';
            return PARAM_OK;
        }
        q = end != NULL && *end == '&' ? end + 1 : NULL;
    }
    return PARAM_ABSENT;
}

/* The host of `url` (after "scheme://", up to '/', '?', ':' or '#'),
 * lower-cased into buf[size]. */
static void link_host(char *buf, size_t size, const char *url)
{
    const char *p = strstr(url, "://");
    size_t used = 0;

    p = p != NULL ? p + 3 : url;
    while (*p != '\0' && strchr("/?:#", *p) == NULL && used + 1 < size) {
        buf[used++] = (char)(*p >= 'A' && *p <= 'Z' ? *p | 0x20 : *p);
        p++;
    }
    buf[used] = '\0';
}

static bool host_is(const char *host, const char *domain)
{
    size_t h = strlen(host), d = strlen(domain);

    return h >= d && strcmp(host + h - d, domain) == 0 &&
           (h == d || host[h - d - 1] == '.');
}

/* A parameter of a link that is there but cannot be read. */
static yj_code param_failed(param_status st, const char *url, const char *name,
                            yj_error *err)
{
    bool more;
    int q = quoted(url, &more);

    if (st == PARAM_ESCAPE)
        return yj_fail(err, YJ_EINVAL, "'%.*s%s': %s= holds %%00 (a NUL "
                       "character)", q, url, more ? "…" : "", name);
    return yj_fail(err, YJ_EINVAL, "'%.*s%s': %s= is too long", q, url,
                   more ? "…" : "", name);
}

/* A link's parameter `name`, else `other` (NULL: none) into buf[size]:
 * PARAM_OK, PARAM_ABSENT, or failed (the message in err). */
static param_status link_value(char *buf, size_t size, const char *query,
                               const char *name, const char *other,
                               const char *url, yj_error *err)
{
    param_status st = link_param(buf, size, query, name);

    if (st == PARAM_ABSENT && other != NULL)
        st = link_param(buf, size, query, (name = other));
    if (st != PARAM_OK && st != PARAM_ABSENT)
        param_failed(st, url, name, err);
    return st;
}

/* An Amap or Baidu link (`url`, folded): its point and the system it
 * names.  The messages quote the link as folded. */
static yj_code parse_link(yj_position *out, const char *url, yj_error *err)
{
    char host[128], value[NUMBER_MAX + 1], type[32];
    const char *query = strchr(url, '?');
    const char *where;
    param_status st;
    bool latlon, more;
    int q = quoted(url, &more);
    size_t comma;
    yj_code rc;

    if (query != NULL)
        query++;
    link_host(host, sizeof host, url);
    if (host_is(host, "amap.com")) {
        /* uri.amap.com/marker?position=LON,LAT&coordinate=gaode|wgs84
         * (the default gaode: GCJ-02); /navigation?to=LON,LAT,NAME */
        latlon = false;
        where = _("in the Amap link");
        out->crs = YJ_CRS_GCJ02;
        st = link_value(type, sizeof type, query, "coordinate", NULL, url,
                        err);
        if (st == PARAM_OK && strcasecmp(type, "wgs84") == 0)
            out->crs = YJ_CRS_WGS84;
        else if (st != PARAM_OK && st != PARAM_ABSENT)
            return YJ_EINVAL;
        st = link_value(value, sizeof value, query, "position", "to", url,
                        err);
        if (st == PARAM_ABSENT)
            return yj_fail(err, YJ_EINVAL, "'%.*s%s': an Amap link without "
                           "position=LON,LAT", q, url, more ? "…" : "");
        if (st != PARAM_OK)
            return YJ_EINVAL;
    } else if (host_is(host, "map.baidu.com")) {
        /* api.map.baidu.com/marker?location=LAT,LNG&coord_type=bd09ll
         * (the default), gcj02 or wgs84; bd09mc is in metres */
        latlon = true;
        where = _("in the Baidu link");
        out->crs = YJ_CRS_BD09;
        st = link_value(type, sizeof type, query, "coord_type", NULL, url,
                        err);
        if (st != PARAM_OK && st != PARAM_ABSENT)
            return YJ_EINVAL;
        if (st == PARAM_OK &&
            !(strcasecmp(type, "bd09ll") == 0 ||
              (strcasecmp(type, "gcj02") == 0 &&
               (out->crs = YJ_CRS_GCJ02, true)) ||
              (strcasecmp(type, "wgs84") == 0 &&
               (out->crs = YJ_CRS_WGS84, true))))
            return yj_fail(err, YJ_EINVAL, "'%.*s%s': coord_type '%s' is not "
                           "bd09ll, gcj02 or wgs84", q, url,
                           more ? "…" : "", type);
        st = link_value(value, sizeof value, query, "location", "latlng",
                        url, err);
        if (st == PARAM_ABSENT)
            return yj_fail(err, YJ_EINVAL, "'%.*s%s': a Baidu link without "
                           "location=LAT,LNG", q, url, more ? "…" : "");
        if (st != PARAM_OK)
            return YJ_EINVAL;
    } else {
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not an Amap or Baidu "
                       "map link (uri.amap.com/marker?position=LON,LAT, "
                       "api.map.baidu.com/marker?location=LAT,LNG)", q, url,
                       more ? "…" : "");
    }
    comma = strcspn(value, ",");
    if (value[comma] == '\0')
        return yj_fail(err, YJ_EINVAL, "'%.*s%s': '%s' is not two numbers "
                       "and a comma", q, url, more ? "…" : "", value);
    /* Amap's to= goes on with ",NAME" */
    rc = yj_parse_lonlat_parts(&out->point, value, comma, value + comma + 1,
                               strcspn(value + comma + 1, ","), latlon, err);
    if (rc != YJ_OK) {
        yj_error_prefix(err, where);
        return rc;
    }
    out->from_link = true;
    return YJ_OK;
}

/* Two plain numbers and one comma, as yj_parse_lonlat reads them. */
static bool plain_pair(coord k[2], const char *t)
{
    const char *comma = strchr(t, ',');
    char buf[NUMBER_MAX + 1];
    size_t c;

    if (comma == NULL || strchr(comma + 1, ',') != NULL)
        return false;
    for (c = 0; c < 2; c++) {
        const char *p = c == 0 ? t : comma + 1;
        size_t len = c == 0 ? (size_t)(comma - t) : strlen(p);
        memset(&k[c], 0, sizeof k[c]);
        if (!trimmed(buf, p, len) || parse_real(&k[c].value, buf) != NUM_OK)
            return false;
        while (*p == ' ') {
            p++;
            len--;
        }
        while (len > 0 && p[len - 1] == ' ')
            len--;
        k[c].text = p;
        k[c].len = len;
        k[c].plain = true;
    }
    return true;
}

/* "120.293,30.175" from a coordinate as written, or formatted. */
static void coord_text(char *buf, size_t size, const coord *k)
{
    if (k->text != NULL && k->plain)
        snprintf(buf, size, "%.*s", (int)(k->len < 64 ? k->len : 64),
                 k->text);
    else
        snprintf(buf, size, "%.6f", k->value);
}

/* Which of the two coordinates is the longitude (hemispheres first, else
 * the order given); false for two longitudes or two latitudes (*two: 'E'
 * or 'N'). */
static bool which_lon(const coord k[2], bool latlon, const coord **lon,
                      const coord **lat, char *two)
{
    *two = 0;
    if (k[0].hemi != 0 || k[1].hemi != 0) {
        /* the hemispheres say which is which, whatever the order */
        bool first_lon = k[0].hemi != 0 ? strchr("EW", k[0].hemi) != NULL
                                        : strchr("NS", k[1].hemi) != NULL;
        bool second_lon = k[1].hemi != 0 ? strchr("EW", k[1].hemi) != NULL
                                         : !first_lon;
        if (first_lon == second_lon) {
            *two = first_lon ? 'E' : 'N';
            return false;
        }
        *lon = first_lon ? &k[0] : &k[1];
        *lat = first_lon ? &k[1] : &k[0];
    } else {
        *lon = latlon ? &k[1] : &k[0];
        *lat = latlon ? &k[0] : &k[1];
    }
    return true;
}

/* The tokens read as a position, either order (a swapped one is said, not
 * taken, but it is a reading). */
static bool plausible(const tok *toks, size_t n, bool latlon)
{
    coord k[2];
    const coord *lon, *lat;
    char two;

    if (!group(k, toks, n) || !which_lon(k, latlon, &lon, &lat, &two))
        return false;
    if (fabs(lon->value) <= 180.0 && fabs(lat->value) <= 90.0)
        return true;
    return k[0].hemi == 0 && k[1].hemi == 0 && fabs(lat->value) <= 180.0 &&
           fabs(lon->value) <= 90.0;
}

/* Reads the ambiguous s/S tokens (30°10′5S) as seconds or south: seconds
 * when a hemisphere is given elsewhere, or when reading it as south makes
 * no position; the same way for all of them when that reads.  -1 (and
 * *which: the index of the first) when both readings make a position. */
static int resolve_s(tok *toks, size_t n, bool latlon, size_t *which)
{
    size_t amb[4], k = 0, i;
    unsigned mask, masks, found = 0, good = 0;
    bool hemi = false;

    for (i = 0; i < n; i++) {
        if (toks[i].kind == T_HEMI)
            hemi = true;
        if (toks[i].kind == T_UNIT && toks[i].amb) {
            if (k == sizeof amb / sizeof amb[0])
                return 0; /* not a position anyway: seconds */
            amb[k++] = i;
        }
    }
    if (k == 0 || hemi)
        return 0; /* all seconds */
    masks = 1u << k;
    /* first the uniform readings (all seconds, all south), then mixed */
    for (int pass = 0; pass < 2 && found == 0; pass++) {
        for (mask = 0; mask < masks; mask++) {
            bool uniform = mask == 0 || mask == masks - 1;
            size_t j;
            if (uniform != (pass == 0))
                continue;
            for (j = 0; j < k; j++) {
                bool south = (mask >> j) & 1u;
                toks[amb[j]].kind = south ? T_HEMI : T_UNIT;
                toks[amb[j]].c = south ? 'S' : 's';
            }
            if (plausible(toks, n, latlon)) {
                found++;
                good = mask;
            }
        }
    }
    for (i = 0; i < k; i++) {
        bool south = found == 1 && ((good >> i) & 1u);
        toks[amb[i]].kind = south ? T_HEMI : T_UNIT;
        toks[amb[i]].c = south ? 'S' : 's';
    }
    *which = amb[0];
    return found > 1 ? -1 : 0;
}

/* A number with a sign in a coordinate with a hemisphere (120,-30N or
 * S-30): its token, else n. */
static size_t signed_with_hemi(const tok *toks, size_t n)
{
    bool prefix = n > 0 && toks[0].kind == T_HEMI;
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (toks[i].kind != T_NUM ||
            (toks[i].text[0] != '-' && toks[i].text[0] != '+'))
            continue;
        if (prefix) {
            j = i;
            while (j > 0 && toks[j - 1].kind == T_SEP && toks[j - 1].c == ' ')
                j--;
            if (j > 0 && toks[j - 1].kind == T_HEMI)
                return i;
            continue;
        }
        /* its units and further parts, then the hemisphere */
        for (j = i + 1; j < n; j++) {
            if (toks[j].kind == T_HEMI)
                return i;
            if (toks[j].kind == T_SEP &&
                (toks[j].c == ',' || j + 1 == n ||
                 !(toks[j + 1].kind == T_HEMI || toks[j + 1].kind == T_UNIT)))
                break;
        }
    }
    return n;
}

/* Whether the text has a mark of degrees, minutes or seconds. */
static bool has_unit_mark(const char *t)
{
    size_t i;

    for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (marks[i].kind == T_UNIT && strstr(t, marks[i].text) != NULL)
            return true;
    return false;
}

yj_code yj_parse_position(yj_position *out, const char *text, bool latlon,
                          yj_error *err)
{
    char folded[NUMBER_MAX + 1];
    tok toks[TOKENS_MAX];
    coord k[2];
    const coord *lon, *lat;
    size_t n = 0, amb = 0;
    bool more, tokenized = false;
    int q = quoted(text, &more);
    const char *form = latlon ? "LAT,LON" : "LON,LAT";
    char two;

    memset(out, 0, sizeof *out);
    out->crs = YJ_CRS_WGS84;
    if (!yj_text_fold(folded, sizeof folded, text))
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not %s (two numbers "
                       "and a comma)", q, text, more ? "…" : "", form);
    if (strstr(folded, "://") != NULL ||
        strncasecmp(folded, "uri.amap.com", 12) == 0 ||
        strncasecmp(folded, "api.map.baidu.com", 17) == 0)
        return parse_link(out, folded, err);
    if (plain_pair(k, folded))
        ; /* 120.29,30.17 (1e2 too, as yj_parse_lonlat takes it) */
    else if ((tokenized = tokenize(toks, &n, folded)) &&
             resolve_s(toks, n, latlon, &amb) != 0) {
        const tok *num = &toks[amb - 1];
        return yj_fail(err, YJ_EINVAL, "'%.*s%s': %.*s%c: seconds or south? "
                       "(%.*s″ for seconds, %.*s″ S for south)", q, text,
                       more ? "…" : "", (int)num->len, num->text,
                       toks[amb].text[0], (int)num->len, num->text,
                       (int)num->len, num->text);
    } else if (!tokenized || !group(k, toks, n)) {
        /* the plain form's messages: which number is wrong */
        const char *comma = strchr(folded, ',');
        size_t i, sign = signed_with_hemi(toks, n);
        bool marked = has_unit_mark(folded);
        for (i = 0; tokenized && i < n; i++)
            marked = marked || toks[i].kind == T_UNIT ||
                     toks[i].kind == T_HEMI;
        if (sign < n)
            return yj_fail(err, YJ_EINVAL, "'%.*s%s': %.*s has both a sign "
                           "and a hemisphere (E/W, N/S): give one of them",
                           q, text, more ? "…" : "", (int)toks[sign].len,
                           toks[sign].text);
        if (marked)
            return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not %s: degrees, "
                           "minutes and seconds such as 120°17′24″ "
                           "(minutes and seconds under 60), E/W and N/S "
                           "before or after each", q, text, more ? "…" : "",
                           form);
        if (comma != NULL && strchr(comma + 1, ',') == NULL &&
            yj_parse_lonlat(&out->point, folded, latlon, err) != YJ_OK)
            return YJ_EINVAL;
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' is not %s (two numbers "
                       "and a comma; or E120°17′24″ N30°10′30″)", q, text,
                       more ? "…" : "", form);
    }
    if (!which_lon(k, latlon, &lon, &lat, &two)) {
        if (two == 'E')
            return yj_fail(err, YJ_EINVAL, "'%.*s%s': two longitudes (E, "
                           "W)", q, text, more ? "…" : "");
        return yj_fail(err, YJ_EINVAL, "'%.*s%s': two latitudes (N, "
                       "S)", q, text, more ? "…" : "");
    }
    if (!(fabs(lon->value) <= 180.0) || !(fabs(lat->value) <= 90.0)) {
        char a[80], b[80];
        if (k[0].hemi == 0 && k[1].hemi == 0 &&
            fabs(lat->value) <= 180.0 && fabs(lon->value) <= 90.0) {
            /* in range the other way round: say so, guess nothing */
            out->point.lon = lat->value;
            out->point.lat = lon->value;
            coord_text(a, sizeof a, latlon ? lon : lat);
            coord_text(b, sizeof b, latlon ? lat : lon);
            if (latlon)
                return yj_fail_input(err, YJ_INPUT_ORDER, YJ_EINVAL,
                                     "'%.*s%s' looks like longitude,"
                                     "latitude: did you mean %s,%s?", q,
                                     text, more ? "…" : "", a, b);
            return yj_fail_input(err, YJ_INPUT_ORDER, YJ_EINVAL,
                                 "'%.*s%s' looks like latitude,longitude: "
                                 "did you mean %s,%s?", q, text,
                                 more ? "…" : "", a, b);
        }
        if (!(fabs(lon->value) <= 180.0)) {
            coord_text(a, sizeof a, lon);
            return yj_fail(err, YJ_EINVAL, "'%.*s%s': longitude %s is out "
                           "of range (-180..180)", q, text, more ? "…" : "",
                           a);
        }
        coord_text(a, sizeof a, lat);
        return yj_fail(err, YJ_EINVAL, "'%.*s%s': latitude %s is out of "
                       "range (-90..90)", q, text, more ? "…" : "", a);
    }
    out->point.lon = lon->value;
    out->point.lat = lat->value;
    return YJ_OK;
}

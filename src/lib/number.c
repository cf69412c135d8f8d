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

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

yj_code yj_parse_distance(double *metres, const char *text, yj_error *err)
{
    char buf[NUMBER_MAX + 1];
    size_t n = strlen(text), unit_at;
    double scale, v;
    bool more;
    int q = quoted(text, &more);
    const char *dots = more ? "…" : "";

    while (n > 0 && text[n - 1] == ' ')
        n--;
    if (n >= 2 && strncmp(text + n - 2, "km", 2) == 0) {
        scale = 1000.0;
        unit_at = n - 2;
    } else if (n >= 1 && text[n - 1] == 'm') {
        scale = 1.0;
        unit_at = n - 1;
    } else {
        return yj_fail(err, YJ_EINVAL, "'%.*s%s' needs a unit: 800m or 2km",
                       q, text, dots);
    }
    if (!trimmed(buf, text, unit_at))
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

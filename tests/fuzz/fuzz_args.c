/* fuzz_args.c — libFuzzer target for the parsers of command arguments and
 * query parameters (number.c): coordinate pairs ("120.29,30.17", LAT,LON
 * too), distances ("800m", "2km"), speeds, whole numbers and decimals in
 * ranges; what they accept is converted between all three coordinate
 * systems (yj_crs_convert) and measured (yj_geodesic_inverse).  Every
 * accepted number must be finite and within the range asked for, every
 * refusal must carry a message — never a crash, undefined behaviour (a
 * float-to-integer cast out of range) or a hang.  Each line of the input
 * goes through every parser. */
#include "yijia.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void refused(yj_code rc, const yj_error *err)
{
    if (rc != YJ_EINVAL || err->message[0] == '\0')
        abort();
}

static void one_point(yj_lonlat p)
{
    int from, to;
    yj_error err;

    if (!(fabs(p.lon) <= 180 && fabs(p.lat) <= 90))
        abort();
    for (from = 0; from < 3; from++) {
        for (to = 0; to < 3; to++) {
            yj_lonlat q;
            double d, b;
            if (yj_crs_convert(&q, p, (yj_crs)from, (yj_crs)to, &err) !=
                YJ_OK)
                continue; /* a shift past the pole or the antimeridian */
            if (!isfinite(q.lon) || !isfinite(q.lat))
                abort();
            if (yj_geodesic_inverse(&d, &b, p, q, &err) == YJ_OK &&
                (!(d >= 0 && d < 2.1e7) || !(b >= 0 && b < 360)))
                abort();
        }
    }
}

static void one_line(const char *line, size_t len)
{
    yj_error err;
    yj_lonlat p;
    double v;
    int64_t k;
    yj_code rc;
    const char *comma = memchr(line, ',', len);

    if ((rc = yj_parse_lonlat(&p, line, false, &err)) == YJ_OK)
        one_point(p);
    else
        refused(rc, &err);
    if ((rc = yj_parse_lonlat(&p, line, true, &err)) == YJ_OK)
        one_point(p);
    else
        refused(rc, &err);
    if (comma != NULL) {
        size_t a = (size_t)(comma - line);
        if ((rc = yj_parse_lonlat_parts(&p, line, a, comma + 1, len - a - 1,
                                        false, &err)) == YJ_OK)
            one_point(p);
        else
            refused(rc, &err);
    }
    if ((rc = yj_parse_distance(&v, line, &err)) == YJ_OK) {
        if (!(v > 0 && v <= YJ_DISTANCE_MAX_M))
            abort();
    } else {
        refused(rc, &err);
    }
    if ((rc = yj_parse_speed(&v, line, &err)) == YJ_OK) {
        if (!(v >= YJ_SPEED_MIN_KMH && v <= YJ_SPEED_MAX_KMH))
            abort();
    } else {
        refused(rc, &err);
    }
    if ((rc = yj_parse_int(&k, line, 1, 100000, &err)) == YJ_OK) {
        if (k < 1 || k > 100000)
            abort();
    } else {
        refused(rc, &err);
    }
    if ((rc = yj_parse_int(&k, line, INT64_MIN, INT64_MAX, &err)) != YJ_OK)
        refused(rc, &err);
    if ((rc = yj_parse_real(&v, line, 0, 15, &err)) == YJ_OK) {
        if (!(v >= 0 && v <= 15))
            abort();
        (void)(int)v; /* in range: the cast a caller makes is defined */
    } else {
        refused(rc, &err);
    }
    if (yj_parse_double(&v, line) && !isfinite(v))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text, *p;

    if ((text = malloc(size + 1)) == NULL)
        return 0;
    if (size > 0)
        memcpy(text, data, size);
    text[size] = '\0';
    for (p = text; p != NULL;) {
        char *nl = strchr(p, '\n');
        if (nl != NULL)
            *nl = '\0';
        one_line(p, strlen(p));
        p = nl != NULL ? nl + 1 : NULL;
    }
    free(text);
    return 0;
}

/* links.c — marker links that open a station in Amap or Baidu Maps.
 *
 * Amap's URI API takes `lon,lat` in GCJ-02 (coordinate=gaode); Baidu's takes
 * `lat,lng` — the other order — in BD-09 (coord_type=bd09ll).  Converting
 * here, rather than asking the apps to (coordinate=wgs84), is what the
 * providers' documentation can be relied on for.  Text is percent-encoded
 * (RFC 3986: everything but unreserved characters). */
#include "error.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

#define AMAP_MARKER "https://uri.amap.com/marker"
#define BAIDU_MARKER "https://api.map.baidu.com/marker"
#define LINK_SOURCE "yijia"

/* A growing string in a caller's buffer; `overflow` once it did not fit. */
typedef struct out {
    char *buf;
    size_t size, used;
    bool overflow;
} out;

/* Two coordinates "a,b" with 6 decimals (0.1 m). */
static void put_pair(out *o, double a, double b)
{
    char text[66];
    size_t n = yj_format_fixed(text, a, 6);

    text[n++] = ',';
    n += yj_format_fixed(text + n, b, 6);
    if (n >= o->size - o->used) {
        o->overflow = true;
        return;
    }
    memcpy(o->buf + o->used, text, n + 1);
    o->used += n;
}

static void put_text(out *o, const char *s)
{
    size_t n = strlen(s);

    if (o->used + n >= o->size) {
        o->overflow = true;
        return;
    }
    memcpy(o->buf + o->used, s, n + 1);
    o->used += n;
}

/* RFC 3986's unreserved characters: A-Z a-z 0-9 - . _ ~ */
static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

static void put_encoded(out *o, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    char *b = o->buf + o->used;
    /* room for the longest encoding (3 bytes a byte) and the terminator:
     * checked once, not byte by byte */
    size_t room = o->size - o->used, n = strlen(s);

    if (o->overflow || 3 * n >= room) {
        /* maybe it fits anyway (few bytes encoded): the careful way */
        for (; *p != '\0'; p++) {
            if (o->used + 4 >= o->size) {
                o->overflow = true;
                return;
            }
            if (unreserved(*p)) {
                o->buf[o->used++] = (char)*p;
            } else {
                o->buf[o->used++] = '%';
                o->buf[o->used++] = hex[*p >> 4];
                o->buf[o->used++] = hex[*p & 15];
            }
            o->buf[o->used] = '\0';
        }
        return;
    }
    for (; *p != '\0'; p++) {
        if (unreserved(*p)) {
            *b++ = (char)*p;
        } else {
            b[0] = '%';
            b[1] = hex[*p >> 4];
            b[2] = hex[*p & 15];
            b += 3;
        }
    }
    *b = '\0';
    o->used = (size_t)(b - o->buf);
}

static yj_code finish(out *o, const char *what, yj_error *err)
{
    if (o->overflow) {
        if (o->size > 0)
            o->buf[0] = '\0';
        return yj_fail(err, YJ_EINVAL, "the %s link does not fit in %zu "
                       "bytes", what, o->size);
    }
    return YJ_OK;
}

static yj_code station_point(yj_lonlat *out_p, const yj_station *s,
                             yj_crs crs, yj_error *err)
{
    yj_lonlat p;

    if (!s->has_point)
        return yj_fail(err, YJ_EINVAL, "station %s has no coordinates",
                       s->text[YJ_F_ID]);
    p.lon = s->lon;
    p.lat = s->lat;
    return yj_crs_convert(out_p, p, YJ_CRS_WGS84, crs, err);
}

yj_code yj_link_amap(char *buf, size_t size, const yj_station *s,
                     yj_error *err)
{
    out o = {buf, size, 0, size == 0};
    yj_lonlat g;
    yj_code rc;

    if ((rc = station_point(&g, s, YJ_CRS_GCJ02, err)) != YJ_OK)
        return rc;
    if (size > 0)
        buf[0] = '\0';
    put_text(&o, AMAP_MARKER "?position=");
    put_pair(&o, g.lon, g.lat);
    put_text(&o, "&name=");
    put_encoded(&o, s->text[YJ_F_NAME]);
    put_text(&o, "&src=" LINK_SOURCE "&coordinate=gaode&callnative=1");
    return finish(&o, "Amap", err);
}

yj_code yj_link_baidu(char *buf, size_t size, const yj_station *s,
                      yj_error *err)
{
    out o = {buf, size, 0, size == 0};
    yj_lonlat b;
    yj_code rc;

    if ((rc = station_point(&b, s, YJ_CRS_BD09, err)) != YJ_OK)
        return rc;
    if (size > 0)
        buf[0] = '\0';
    put_text(&o, BAIDU_MARKER "?location=");
    put_pair(&o, b.lat, b.lon); /* Baidu: latitude first */
    put_text(&o, "&title=");
    put_encoded(&o, s->text[YJ_F_NAME]);
    put_text(&o, "&content=");
    put_encoded(&o, s->text[YJ_F_ADDRESS]);
    put_text(&o, "&output=html&src=webapp." LINK_SOURCE
                 ".stations&coord_type=bd09ll");
    return finish(&o, "Baidu", err);
}

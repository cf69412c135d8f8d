/* writer.c — streaming station writers: CSV and TSV with the stations.csv
 * columns (so a plain list imports again), JSON (RFC 8259) and GeoJSON
 * (RFC 7946: WGS84 lon,lat, at most 7 decimals, no "crs" member).
 *
 * A ranked writer (nearest results) adds rank, distance and bearing: as
 * leading columns in CSV/TSV, as members in JSON.  JSON and GeoJSON always
 * carry the location's precision and the Amap/Baidu marker links; ranked
 * CSV/TSV carry the links as trailing columns.  Writes go to the caller's
 * FILE; errors surface from yj_writer_finish via ferror. */
#include "csv.h"
#include "error.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LINK_MAX 2048

struct yj_writer {
    FILE *fp;
    yj_format format;
    bool ranked;
    size_t count;
};

bool yj_format_from_name(yj_format *out, const char *name)
{
    static const struct {
        const char *name;
        yj_format format;
    } names[] = {
        {"csv", YJ_FORMAT_CSV},   {"tsv", YJ_FORMAT_TSV},
        {"json", YJ_FORMAT_JSON}, {"geojson", YJ_FORMAT_GEOJSON},
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i].name, name) == 0) {
            *out = names[i].format;
            return true;
        }
    }
    return false;
}

yj_code yj_writer_new(yj_writer **out, FILE *fp, yj_format format,
                      bool ranked, yj_error *err)
{
    yj_writer *w;

    *out = NULL;
    if ((w = calloc(1, sizeof *w)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    w->fp = fp;
    w->format = format;
    w->ranked = ranked;
    *out = w;
    return YJ_OK;
}

void yj_writer_free(yj_writer *w)
{
    free(w);
}

/* The links of a station, or "" when it has none. */
static void links_of(const yj_station *s, char *amap, char *baidu)
{
    if (yj_link_amap(amap, LINK_MAX, s, NULL) != YJ_OK)
        amap[0] = '\0';
    if (yj_link_baidu(baidu, LINK_MAX, s, NULL) != YJ_OK)
        baidu[0] = '\0';
}

/* ---- CSV and TSV --------------------------------------------------------- */

static const char *const rank_columns[] = {"rank", "distance_m",
                                           "bearing_deg", "direction"};
static const char *const link_columns[] = {"amap_url", "baidu_url"};

static void header_row(FILE *fp, char delim, bool ranked)
{
    size_t i;
    int f;

    for (i = 0; ranked && i < 4; i++) {
        fputs(rank_columns[i], fp);
        fputc(delim, fp);
    }
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            fputc(delim, fp);
        fputs(yj_field_name((yj_field)f), fp);
    }
    for (i = 0; ranked && i < 2; i++) {
        fputc(delim, fp);
        fputs(link_columns[i], fp);
    }
    fputc('\n', fp);
}

static void delimited_row(yj_writer *w, const yj_station *s,
                          const yj_hit *hit)
{
    char delim = w->format == YJ_FORMAT_CSV ? ',' : '\t';
    int f;

    if (hit != NULL)
        fprintf(w->fp, "%zu%c%.1f%c%.1f%c%s%c", hit->rank, delim,
                hit->distance_m, delim, hit->bearing_deg, delim,
                yj_compass_zh(hit->bearing_deg), delim);
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            fputc(delim, w->fp);
        yj_csv_write_field(w->fp, s->text[f], delim);
    }
    if (hit != NULL) {
        char amap[LINK_MAX], baidu[LINK_MAX];
        links_of(s, amap, baidu);
        fputc(delim, w->fp);
        yj_csv_write_field(w->fp, amap, delim);
        fputc(delim, w->fp);
        yj_csv_write_field(w->fp, baidu, delim);
    }
    fputc('\n', w->fp);
}

/* ---- JSON and GeoJSON ---------------------------------------------------- */

/* A JSON string literal: quotes, backslash and every control character
 * escaped; U+2028/U+2029 too, so the output is also valid JavaScript. */
static void json_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    fputc('"', fp);
    for (; *p != '\0'; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(fp, "\\u%04x", *p);
            else if (p[0] == 0xE2 && p[1] == 0x80 &&
                     (p[2] == 0xA8 || p[2] == 0xA9)) {
                fprintf(fp, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
                p += 2;
            } else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

/* A coordinate with at most 7 decimals (RFC 7946's advice), no trailing
 * zeros. */
static void json_degrees(FILE *fp, double v)
{
    char buf[64];
    size_t n;

    snprintf(buf, sizeof buf, "%.7f", v);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    fputs(strcmp(buf, "-0") == 0 ? "0" : buf, fp);
}

static void json_amenities(FILE *fp, const char *list)
{
    const char *p = list;

    fputc('[', fp);
    while (*p != '\0') {
        size_t n = strcspn(p, ";");
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)n, p);
        if (p != list)
            fputs(", ", fp);
        json_string(fp, code);
        p += n;
        if (*p == ';')
            p++;
    }
    fputc(']', fp);
}

/* The members of a station object (without braces). */
static void json_members(FILE *fp, const yj_station *s, const yj_hit *hit)
{
    char amap[LINK_MAX], baidu[LINK_MAX];
    int f;

    if (hit != NULL)
        fprintf(fp, "\"rank\": %zu, \"distance_m\": %.1f, \"bearing_deg\": "
                "%.1f, \"direction\": \"%s\", \"approximate\": %s, ",
                hit->rank, hit->distance_m, hit->bearing_deg,
                yj_compass_zh(hit->bearing_deg),
                hit->approximate ? "true" : "false");
    for (f = 0; f < YJ_F_COUNT; f++) {
        fprintf(fp, "%s\"%s\": ", f ? ", " : "", yj_field_name((yj_field)f));
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            if (s->has_point)
                json_degrees(fp, f == YJ_F_LON ? s->lon : s->lat);
            else
                fputs("null", fp);
        } else if (f == YJ_F_AMENITIES) {
            json_amenities(fp, s->text[f]);
        } else {
            json_string(fp, s->text[f]);
        }
    }
    fputs(", \"precision\": ", fp);
    json_string(fp, s->has_point ? s->text[YJ_F_COORD_PRECISION] : "none");
    links_of(s, amap, baidu);
    fputs(", \"links\": ", fp);
    if (amap[0] == '\0') {
        fputs("null", fp);
    } else {
        fputs("{\"amap\": ", fp);
        json_string(fp, amap);
        fputs(", \"baidu\": ", fp);
        json_string(fp, baidu);
        fputc('}', fp);
    }
}

static void json_row(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    FILE *fp = w->fp;

    if (w->format == YJ_FORMAT_JSON) {
        fputs(w->count == 0 ? "[\n  {" : ",\n  {", fp);
        json_members(fp, s, hit);
        fputc('}', fp);
        return;
    }
    fputs(w->count == 0 ? "{\"type\": \"FeatureCollection\", \"features\": "
                          "[\n  " : ",\n  ", fp);
    fputs("{\"type\": \"Feature\", \"id\": ", fp);
    json_string(fp, s->text[YJ_F_ID]);
    fputs(", \"geometry\": ", fp);
    if (s->has_point) {
        fputs("{\"type\": \"Point\", \"coordinates\": [", fp);
        json_degrees(fp, s->lon);
        fputs(", ", fp);
        json_degrees(fp, s->lat);
        fputs("]}", fp);
    } else {
        fputs("null", fp);
    }
    fputs(", \"properties\": {", fp);
    json_members(fp, s, hit);
    fputs("}}", fp);
}

/* ---- rows ---------------------------------------------------------------- */

static yj_code row(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    if (w->format == YJ_FORMAT_CSV || w->format == YJ_FORMAT_TSV) {
        if (w->count == 0)
            header_row(w->fp, w->format == YJ_FORMAT_CSV ? ',' : '\t',
                       w->ranked);
        delimited_row(w, s, hit);
    } else {
        json_row(w, s, hit);
    }
    w->count++;
    return YJ_OK;
}

yj_code yj_writer_station(yj_writer *w, const yj_station *s, yj_error *err)
{
    if (w->ranked)
        return yj_fail(err, YJ_EINVAL, "a ranked writer takes hits");
    return row(w, s, NULL);
}

yj_code yj_writer_hit(yj_writer *w, const yj_hit *hit, yj_error *err)
{
    if (!w->ranked)
        return yj_fail(err, YJ_EINVAL, "an unranked writer takes stations");
    return row(w, hit->station, hit);
}

yj_code yj_writer_finish(yj_writer *w, yj_error *err)
{
    switch (w->format) {
    case YJ_FORMAT_JSON:
        fputs(w->count == 0 ? "[]\n" : "\n]\n", w->fp);
        break;
    case YJ_FORMAT_GEOJSON:
        fputs(w->count == 0 ? "{\"type\": \"FeatureCollection\", "
                              "\"features\": []}\n" : "\n]}\n", w->fp);
        break;
    default:
        if (w->count == 0) /* still a header, so it imports again */
            header_row(w->fp, w->format == YJ_FORMAT_CSV ? ',' : '\t',
                       w->ranked);
    }
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return yj_fail(err, YJ_EIO, "writing the output failed");
    return YJ_OK;
}

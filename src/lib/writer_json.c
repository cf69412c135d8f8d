/* writer_json.c — JSON (RFC 8259: an array of station objects) and GeoJSON
 * FeatureCollections: RFC 7946 in WGS84 (`geojson`: lon,lat with at most 7
 * decimals, no "crs" member), and the same document in GCJ-02 for Amap's
 * JS API and Loca (`amap`) or in BD-09 for Baidu's MapV (`baidu`).  Those
 * two are not RFC 7946 (which requires WGS84); they say which system they
 * are in with a top-level "coordinate_system" member.  Feature id = the
 * station id; properties = every station field (amenities as an array;
 * lon/lat stay WGS84), the precision and the marker links. */
#include "writer.h"

#include <string.h>

static void json_degrees(FILE *fp, double v)
{
    char buf[32];

    yj_writer_degrees(buf, v, 7);
    fputs(buf, fp);
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
        yj_writer_json_string(fp, code);
        p += n;
        if (*p == ';')
            p++;
    }
    fputc(']', fp);
}

/* The opening status members (when the writer was asked for them). */
static void json_open(const yj_writer *w, const yj_station *s,
                      const yj_hit *hit)
{
    const char *vals[YJ_OPEN_COLUMNS];
    char buf[512];
    int i;

    if (!w->open)
        return;
    yj_writer_open_values(w, s, hit, buf, vals);
    for (i = 0; i < YJ_OPEN_COLUMNS; i++) {
        fprintf(w->fp, ", \"%s\": ", yj_open_column_names[i]);
        if (vals[i][0] == '\0')
            fputs("null", w->fp);
        else if (i == 3)
            fputs(vals[i], w->fp);  /* travel_min: a number */
        else
            yj_writer_json_string(w->fp, vals[i]);
    }
}

/* The members of a station object (without braces). */
static void json_members(FILE *fp, const yj_station *s, const yj_hit *hit)
{
    char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX];
    int f;

    if (hit != NULL)
        fprintf(fp, "\"rank\": %zu, \"distance_m\": %.1f, \"bearing_deg\": "
                "%.1f, \"direction\": \"%s\", \"approximate\": %s, ",
                hit->rank, hit->distance_m, hit->bearing_deg,
                yj_compass_zh(hit->bearing_deg),
                hit->approximate ? "true" : "false");
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            fputs(", ", fp);
        fputc('"', fp);
        fputs(yj_field_name((yj_field)f), fp);
        fputs("\": ", fp);
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            if (s->has_point)
                json_degrees(fp, f == YJ_F_LON ? s->lon : s->lat);
            else
                fputs("null", fp);
        } else if (f == YJ_F_AMENITIES) {
            json_amenities(fp, s->text[f]);
        } else {
            yj_writer_json_string(fp, s->text[f]);
        }
    }
    fputs(", \"precision\": ", fp);
    yj_writer_json_string(fp, s->has_point ? s->text[YJ_F_COORD_PRECISION]
                                           : "none");
    yj_writer_links(s, amap, baidu);
    fputs(", \"links\": ", fp);
    if (amap[0] == '\0') {
        fputs("null", fp);
    } else {
        fputs("{\"amap\": ", fp);
        yj_writer_json_string(fp, amap);
        fputs(", \"baidu\": ", fp);
        yj_writer_json_string(fp, baidu);
        fputc('}', fp);
    }
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_begin(yj_writer *w)
{
    (void)w;
}

static void json_record(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    fputs(w->count == 0 ? "[\n  {" : ",\n  {", w->fp);
    json_members(w->fp, s, hit);
    json_open(w, s, hit);
    fputc('}', w->fp);
}

static void json_end(yj_writer *w)
{
    fputs(w->count == 0 ? "[]\n" : "\n]\n", w->fp);
}

const yj_format_ops yj_json_ops = {"json", YJ_CRS_WGS84, false, json_begin,
                                   json_record, json_end};

/* ---- GeoJSON --------------------------------------------------------------- */

static void geojson_begin(yj_writer *w)
{
    fputs("{\"type\": \"FeatureCollection\", ", w->fp);
    if (w->format == YJ_FORMAT_AMAP)
        fputs("\"coordinate_system\": \"gcj02\", ", w->fp);
    else if (w->format == YJ_FORMAT_BAIDU)
        fputs("\"coordinate_system\": \"bd09ll\", ", w->fp);
    fputs("\"features\": [", w->fp);
}

static void geojson_record(yj_writer *w, const yj_station *s,
                           const yj_hit *hit)
{
    FILE *fp = w->fp;
    yj_lonlat p;

    fputs(w->count == 0 ? "\n  " : ",\n  ", fp);
    fputs("{\"type\": \"Feature\", \"id\": ", fp);
    yj_writer_json_string(fp, s->text[YJ_F_ID]);
    fputs(", \"geometry\": ", fp);
    if (yj_writer_point(&p, s, w->ops->crs)) {
        fputs("{\"type\": \"Point\", \"coordinates\": [", fp);
        json_degrees(fp, p.lon);
        fputs(", ", fp);
        json_degrees(fp, p.lat);
        fputs("]}", fp);
    } else {
        fputs("null", fp);
    }
    fputs(", \"properties\": {", fp);
    json_members(fp, s, hit);
    json_open(w, s, hit);
    fputs("}}", fp);
}

static void geojson_end(yj_writer *w)
{
    fputs(w->count == 0 ? "]}\n" : "\n]}\n", w->fp);
}

const yj_format_ops yj_geojson_ops = {"geojson", YJ_CRS_WGS84, false,
                                      geojson_begin, geojson_record,
                                      geojson_end};
const yj_format_ops yj_amap_ops = {"amap", YJ_CRS_GCJ02, false,
                                   geojson_begin, geojson_record, geojson_end};
const yj_format_ops yj_baidu_ops = {"baidu", YJ_CRS_BD09, false,
                                    geojson_begin, geojson_record,
                                    geojson_end};

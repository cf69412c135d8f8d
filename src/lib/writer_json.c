/* writer_json.c — JSON (RFC 8259: an array of station objects) and GeoJSON
 * FeatureCollections: RFC 7946 in WGS84 (`geojson`: lon,lat with at most 7
 * decimals, no "crs" member), and the same document in GCJ-02 for Amap's
 * JS API and Loca (`amap`) or in BD-09 for Baidu's MapV (`baidu`).  Those
 * two are not RFC 7946 (which requires WGS84); they say which system they
 * are in with a top-level "coordinate_system" member.  Feature id = the
 * station id; properties = every station field (amenities as an array),
 * the precision and the marker links.  In the amap and baidu layers the
 * lon/lat properties are in the layer's system too, named by a
 * "coordinate_system" property beside them, and coded values are Chinese
 * labels by default (yj_labels). */
#include "writer.h"
#include "station.h"
#include "text.h"

#include <string.h>

static void json_degrees(yj_writer *w, double v)
{
    char buf[32];

    yj_writer_degrees(buf, v, 7);
    yj_out_str(w, buf);
}

static void json_amenities(yj_writer *w, const char *list)
{
    const yj_term *vocab = yj_amenities();
    const char *p = list;

    yj_out_char(w, '[');
    while (*p != '\0') {
        size_t n = strcspn(p, ";");
        char code[64];
        if (n >= sizeof code)
            n = sizeof code - 1; /* codes are short words (station.c) */
        memcpy(code, p, n);
        code[n] = '\0';
        if (p != list)
            yj_out_str(w, ", ");
        const char *label = w->zh ? yj_term_label(vocab, code) : NULL;
        yj_writer_json_string(w, label != NULL ? label : code);
        p += n;
        if (*p == ';')
            p++;
    }
    yj_out_char(w, ']');
}

/* The opening status members (when the writer was asked for them). */
static void json_open(yj_writer *w, const yj_station *s,
                      const yj_hit *hit)
{
    const char *vals[YJ_OPEN_COLUMNS];
    char buf[512];
    int i;

    if (!w->open)
        return;
    yj_writer_open_values(w, s, hit, buf, vals);
    for (i = 0; i < YJ_OPEN_COLUMNS; i++) {
        yj_out_fmt(w, ", \"%s\": ", yj_open_column_names[i]);
        if (vals[i][0] == '\0')
            yj_out_str(w, "null");
        else if (i == 3)
            yj_out_str(w, vals[i]);  /* travel_min: a number */
        else
            yj_writer_json_string(w, vals[i]);
    }
}

static void station_members(yj_writer *w, const yj_station *s);

/* The members of a station object (without braces): the hit's, then the
 * station's own — from the memo when it has them (a long-lived writer of
 * many answers), else written (and kept in the memo). */
static void json_members(yj_writer *w, const yj_station *s, const yj_hit *hit)
{

    if (hit != NULL) {
        /* as "%zu", "%.1f" would write them (yj_format_fixed: the same
         * digits, without printf's cost on every record) */
        char num[32];
        size_t n = sizeof num - 1;
        size_t rank = hit->rank;
        num[n] = '\0';
        do {
            num[--n] = (char)('0' + rank % 10);
            rank /= 10;
        } while (rank > 0);
        yj_out_str(w, "\"rank\": ");
        yj_out_str(w, num + n);
        yj_out_str(w, ", \"distance_m\": ");
        yj_format_fixed(num, hit->distance_m, 1);
        yj_out_str(w, num);
        yj_out_str(w, ", \"bearing_deg\": ");
        yj_format_fixed(num, hit->bearing_deg, 1);
        yj_out_str(w, num);
        yj_out_str(w, ", \"direction\": \"");
        yj_out_str(w, yj_compass_zh(hit->bearing_deg));
        yj_out_str(w, hit->approximate ? "\", \"approximate\": true, "
                                       : "\", \"approximate\": false, ");
    }
    if (w->memo != NULL) {
        size_t len, start = w->out_len;
        unsigned long flushes = w->flushes;
        int variant = yj_json_memo_variant(w);
        const char *kept = yj_json_memo_get(w->memo, s->text[YJ_F_ID],
                                            variant, &len);
        if (kept != NULL) {
            yj_out(w, kept, len);
            return;
        }
        station_members(w, s);
        if (w->flushes == flushes) /* all of it still in the buffer */
            yj_json_memo_put(w->memo, s->text[YJ_F_ID], variant,
                             w->out + start, w->out_len - start);
        return;
    }
    station_members(w, s);
}

/* Every field of the station, its precision and its links. */
static void station_members(yj_writer *w, const yj_station *s)
{
    char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX], buf[YJ_VALUE_MAX];
    yj_crs crs = w->ops->crs;
    double accuracy_m;
    yj_lonlat p;
    bool point = yj_writer_point(&p, s, crs);
    int f;

    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            yj_out_str(w, ", ");
        yj_out_char(w, '"');
        yj_out_str(w, yj_field_name((yj_field)f));
        yj_out_str(w, "\": ");
        if (f == YJ_F_LON || f == YJ_F_LAT) {
            if (point)
                json_degrees(w, f == YJ_F_LON ? p.lon : p.lat);
            else
                yj_out_str(w, "null");
            /* never WGS84 beside GCJ-02 geometry: say which it is */
            if (f == YJ_F_LAT && crs != YJ_CRS_WGS84)
                yj_out_str(w, crs == YJ_CRS_GCJ02
                                  ? ", \"coordinate_system\": \"gcj02\""
                                  : ", \"coordinate_system\": \"bd09ll\"");
        } else if (f == YJ_F_AMENITIES) {
            json_amenities(w, s->text[f]);
        } else {
            yj_writer_json_string(w, yj_writer_value(w, s, (yj_field)f, buf));
        }
    }
    yj_out_str(w, ", \"precision\": ");
    yj_writer_json_string(w, w->zh ? yj_station_precision_label(s, false)
                             : s->has_point ? s->text[YJ_F_COORD_PRECISION]
                                            : "none");
    /* only a position checked on site says how accurate it is */
    if (yj_station_accuracy_m(&accuracy_m, s)) {
        char num[32];
        yj_format_fixed(num, accuracy_m, 0);
        yj_out_str(w, ", \"coord_accuracy_m\": ");
        yj_out_str(w, num);
    }
    yj_writer_links(s, amap, baidu);
    yj_out_str(w, ", \"links\": ");
    if (amap[0] == '\0') {
        yj_out_str(w, "null");
    } else {
        yj_out_str(w, "{\"amap\": ");
        yj_writer_json_string(w, amap);
        yj_out_str(w, ", \"baidu\": ");
        yj_writer_json_string(w, baidu);
        yj_out_char(w, '}');
    }
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_begin(yj_writer *w)
{
    (void)w;
}

static void json_record(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    yj_out_str(w, w->count == 0 ? "[\n  {" : ",\n  {");
    json_members(w, s, hit);
    json_open(w, s, hit);
    yj_out_char(w, '}');
}

static void json_end(yj_writer *w)
{
    yj_out_str(w, w->count == 0 ? "[]\n" : "\n]\n");
}

const yj_format_ops yj_json_ops = {"json", YJ_CRS_WGS84, false, false,
                                   json_begin, json_record, json_end};

/* ---- GeoJSON --------------------------------------------------------------- */

static void geojson_begin(yj_writer *w)
{
    if (w->single)
        return;
    yj_out_str(w, "{\"type\": \"FeatureCollection\", ");
    if (w->format == YJ_FORMAT_AMAP)
        yj_out_str(w, "\"coordinate_system\": \"gcj02\", ");
    else if (w->format == YJ_FORMAT_BAIDU)
        yj_out_str(w, "\"coordinate_system\": \"bd09ll\", ");
    yj_out_str(w, "\"features\": [");
}

static void geojson_record(yj_writer *w, const yj_station *s,
                           const yj_hit *hit)
{
    yj_lonlat p;

    if (!w->single)
        yj_out_str(w, w->count == 0 ? "\n  " : ",\n  ");
    yj_out_str(w, "{\"type\": \"Feature\", \"id\": ");
    yj_writer_json_string(w, s->text[YJ_F_ID]);
    yj_out_str(w, ", \"geometry\": ");
    if (yj_writer_point(&p, s, w->ops->crs)) {
        yj_out_str(w, "{\"type\": \"Point\", \"coordinates\": [");
        json_degrees(w, p.lon);
        yj_out_str(w, ", ");
        json_degrees(w, p.lat);
        yj_out_str(w, "]}");
    } else {
        yj_out_str(w, "null");
    }
    yj_out_str(w, ", \"properties\": {");
    json_members(w, s, hit);
    json_open(w, s, hit);
    yj_out_char(w, '}');
    if (w->single && w->members != NULL) {
        yj_out_str(w, ", ");
        yj_out_str(w, w->members);
    }
    yj_out_char(w, '}');
}

static void geojson_end(yj_writer *w)
{
    if (w->single) {
        yj_out_char(w, '\n');
        return;
    }
    yj_out_str(w, w->count == 0 ? "]" : "\n]");
    if (w->members != NULL) {
        yj_out_str(w, ", ");
        yj_out_str(w, w->members);
    }
    yj_out_str(w, "}\n");
}

const yj_format_ops yj_geojson_ops = {"geojson", YJ_CRS_WGS84, false, false,
                                      geojson_begin, geojson_record,
                                      geojson_end};
const yj_format_ops yj_amap_ops = {"amap", YJ_CRS_GCJ02, false, true,
                                   geojson_begin, geojson_record, geojson_end};
const yj_format_ops yj_baidu_ops = {"baidu", YJ_CRS_BD09, false, true,
                                    geojson_begin, geojson_record,
                                    geojson_end};

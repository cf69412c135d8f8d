/* map.c — the offline map: an SVG of the district, its townships and the
 * stations, drawn from the shipped outlines (no tiles, no network), and
 * the same SVG in one self-contained HTML page with pan, zoom, details and
 * a filter.
 *
 * Projection: Web Mercator (EPSG:3857, conformal: circles stay circles,
 * angles and the north arrow are true), computed by its formula once per
 * point; the scale bar is true at the district's centre latitude (the
 * scale varies 0.6 % over 萧山's 0.5° of latitude).  The page is A4
 * landscape (297 × 210 mm) for a township notice board.
 *
 * Layers, bottom to top: townships (shaded by coverage with --coverage),
 * district outline, township names, 1 km rings (--coverage), lines from
 * the origin to the k nearest with their distance, station markers
 * (colour by category; hollow when located only to the township), station
 * short names where they do not collide, the origin, then the legend,
 * scale bar and north arrow. */
#include "writer.h"

#include "crs.h"
#include "shape.h"
#include "error.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 1123.0   /* A4 landscape at 96 px per inch */
#define PAGE_H 794.0
#define MARGIN 28.0
#define LEGEND_W 230.0
#define EARTH_R 6378137.0

typedef struct view {
    double x0, y0, scale; /* page = (merc - x0) * scale, y flipped */
    double top;
} view;

static double merc_x(double lon)
{
    return EARTH_R * lon * YJ_PI / 180.0;
}

/* Web Mercator stops at ±85.0511° (the square world): the poles are at
 * infinity, and an outline reaching them would be drawn as "inf". */
#define MERC_MAX_LAT 85.0511287798

static double merc_y(double lat)
{
    lat = fmax(-MERC_MAX_LAT, fmin(MERC_MAX_LAT, lat));
    return EARTH_R * log(tan(YJ_PI / 4.0 + lat * YJ_PI / 360.0));
}

static void project(const view *v, yj_lonlat p, double *x, double *y)
{
    *x = MARGIN + (merc_x(p.lon) - v->x0) * v->scale;
    *y = v->top - (merc_y(p.lat) - v->y0) * v->scale;
}

/* Page pixels per metre on the ground at latitude lat. */
static double px_per_m(const view *v, double lat)
{
    return v->scale / cos(lat * YJ_PI / 180.0);
}

/* ---- the data drawn ------------------------------------------------------ */

typedef struct station_rec {
    yj_station s;        /* owned copy */
    bool highlighted;    /* one of the k nearest */
    double distance_m;
    double x, y;         /* on the page (fanned out when shared) */
} station_rec;

typedef struct map_data {
    yj_area_rec *areas;
    size_t n_areas;
    double *share;       /* per area: coverage share, -1 unknown */
    station_rec *stations;
    size_t n_stations, n_unlocated;
    yj_box box;
    yj_error *err;
    yj_code rc;
} map_data;

static station_rec *new_station(map_data *d, const yj_station *s)
{
    station_rec *grown;

    if ((grown = realloc(d->stations,
                         (d->n_stations + 1) * sizeof *grown)) == NULL)
        return NULL;
    d->stations = grown;
    memset(&grown[d->n_stations], 0, sizeof *grown);
    if (yj_station_copy(&grown[d->n_stations].s, s, NULL) != YJ_OK)
        return NULL;
    return &grown[d->n_stations++];
}

static int take_station(void *payload, const yj_station *s)
{
    map_data *d = payload;

    if (!s->has_point) {
        d->n_unlocated++;
        return 0;
    }
    if (!(fabs(s->lon) <= 180.0 && fabs(s->lat) <= 90.0)) {
        /* database contents are input too */
        d->rc = yj_fail(d->err, YJ_EDB, "station %s in the database has lon "
                        "%.10g, lat %.10g: out of range (-180..180, "
                        "-90..90)", s->text[YJ_F_ID], s->lon, s->lat);
        return 1;
    }
    if (new_station(d, s) == NULL) {
        d->rc = yj_fail(d->err, YJ_ENOMEM, "out of memory");
        return 1;
    }
    return 0;
}

static int mark_hit(void *payload, const yj_hit *hit)
{
    map_data *d = payload;
    size_t i;

    for (i = 0; i < d->n_stations; i++) {
        if (strcmp(d->stations[i].s.text[YJ_F_ID],
                   hit->station->text[YJ_F_ID]) == 0) {
            d->stations[i].highlighted = true;
            d->stations[i].distance_m = hit->distance_m;
        }
    }
    return 0;
}

static void free_data(map_data *d)
{
    size_t i;

    yj_areas_free(d->areas, d->n_areas);
    free(d->share);
    for (i = 0; i < d->n_stations; i++)
        yj_station_clear(&d->stations[i].s);
    free(d->stations);
}

/* ---- drawing helpers ----------------------------------------------------- */

static void out_num(yj_writer *w, double v)
{
    char buf[32];

    yj_writer_degrees(buf, v, 1);
    yj_out_str(w, buf);
}

static void path_of(yj_writer *w, const view *v, const yj_shape *s)
{
    size_t r, i;

    for (r = 0; r < s->n_rings; r++) {
        for (i = s->ring_start[r]; i < s->ring_start[r + 1]; i++) {
            double x, y;
            project(v, s->points[i], &x, &y);
            yj_out_char(w, i == s->ring_start[r] ? 'M' : 'L');
            out_num(w, x);
            yj_out_char(w, ' ');
            out_num(w, y);
        }
        yj_out_char(w, 'Z');
    }
}

/* A colour from red (0) through amber to green (1). */
static void share_colour(char buf[8], double share)
{
    double s = share < 0 ? 0 : share > 1 ? 1 : share;
    int r = (int)(s < 0.5 ? 220 : 220 - (s - 0.5) * 2 * 160);
    int g = (int)(s < 0.5 ? 80 + s * 2 * 120 : 200);

    snprintf(buf, 8, "#%02x%02x%02x", r, g, 90);
}

/* "临浦镇总工会" from "萧山区临浦镇总工会爱心驿家": the name without the
 * district prefix and the programme's suffix, at most 8 characters. */
static void short_name(char *buf, size_t size, const char *name)
{
    const char *p = name;
    size_t n, chars = 0, i;

    if (strncmp(p, "萧山区", strlen("萧山区")) == 0)
        p += strlen("萧山区");
    n = strlen(p);
    if (n > strlen("爱心驿家") &&
        strcmp(p + n - strlen("爱心驿家"), "爱心驿家") == 0)
        n -= strlen("爱心驿家");
    for (i = 0; i < n && chars < 8; chars++) {
        uint32_t cp;
        size_t len = yj_utf8_decode(p + i, n - i, &cp);
        i += len ? len : 1;
    }
    snprintf(buf, size, "%.*s%s", (int)i, p, i < n ? "…" : "");
}

typedef struct label_box {
    double x0, y0, x1, y1;
} label_box;

static bool collides(const label_box *boxes, size_t n, label_box b)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (b.x0 < boxes[i].x1 && b.x1 > boxes[i].x0 && b.y0 < boxes[i].y1 &&
            b.y1 > boxes[i].y0)
            return true;
    return false;
}

/* Width of a label in page pixels: Chinese characters are about one em. */
static double label_width(const char *s, double em)
{
    size_t n = strlen(s), i = 0;
    double width = 0;

    while (i < n) {
        uint32_t cp;
        size_t len = yj_utf8_decode(s + i, n - i, &cp);
        width += yj_codepoint_width(len ? cp : '?') * em * 0.5;
        i += len ? len : 1;
    }
    return width;
}

static const char *category_colour(const char *code)
{
    static const char *const palette[] = {
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4",
        "#0fa3b1", "#f032e6", "#7aa116", "#469990", "#9a6324",
        "#800000", "#808000", "#000075", "#6b6b6b", "#c9a100",
    };
    const yj_term *t = yj_categories();
    size_t i;

    for (i = 0; t[i].code != NULL && i < sizeof palette / sizeof *palette;
         i++)
        if (strcmp(t[i].code, code) == 0)
            return palette[i];
    return "#333333";
}

/* A "nice" scale bar length: 1, 2 or 5 × 10^n metres near `target`. */
static double nice_length(double target)
{
    double p = pow(10.0, floor(log10(target)));

    return target >= 5 * p ? 5 * p : target >= 2 * p ? 2 * p : p;
}

/* Page positions: each marker exactly at its projected point.  Stations
 * sharing one point (several at a township's representative point) are
 * drawn on top of each other with their count beside them; the page's
 * details list them all. */
static void place_stations(map_data *d, const view *v)
{
    size_t i;

    for (i = 0; i < d->n_stations; i++) {
        yj_lonlat p;
        p.lon = d->stations[i].s.lon;
        p.lat = d->stations[i].s.lat;
        project(v, p, &d->stations[i].x, &d->stations[i].y);
    }
}

static int by_point(const void *a, const void *b)
{
    const station_rec *x = a, *y = b;

    if (x->s.lon != y->s.lon)
        return x->s.lon < y->s.lon ? -1 : 1;
    if (x->s.lat != y->s.lat)
        return x->s.lat < y->s.lat ? -1 : 1;
    return strcmp(x->s.text[YJ_F_ID], y->s.text[YJ_F_ID]);
}

/* ---- the SVG ------------------------------------------------------------- */

static void svg_map(yj_writer *w, map_data *d, const yj_map_options *o,
                    const view *v, const yj_coverage *cov)
{
    label_box *boxes;
    size_t n_boxes = 0, i;
    char colour[8], label[96], dist[32];
    double x, y;
    const yj_term *t;
    double ly;

    boxes = calloc(d->n_areas + d->n_stations * 3 + 8, sizeof *boxes);
    if (d->n_stations > 0)  /* none: no array, and qsort takes no NULL */
        qsort(d->stations, d->n_stations, sizeof *d->stations, by_point);
    place_stations(d, v);
    /* data-projection: page x = margin + (X - x0) * scale, page y = top -
     * (Y - y0) * scale, for EPSG:3857 X, Y (so a reader can check) */
    yj_out_fmt(w,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"yijia-map\" "
               "data-projection=\"EPSG:3857 %.3f %.3f %.9g %.3f %.1f\" "
               "width=\"297mm\" height=\"210mm\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"Noto Sans CJK SC, Source Han Sans SC, "
               "PingFang SC, Microsoft YaHei, sans-serif\">\n",
               v->x0, v->y0, v->scale, v->top, MARGIN, PAGE_W, PAGE_H);
    yj_out_str(w, "<title>萧山区爱心驿家地图</title>\n"
                  "<rect width=\"100%\" height=\"100%\" fill=\"#f7f9fb\"/>\n"
                  "<g id=\"townships\">\n");
    for (i = 0; i < d->n_areas; i++) {
        const yj_area_rec *a = &d->areas[i];
        if (a->district || a->shape.n_rings == 0)
            continue;
        if (o->coverage)
            share_colour(colour, d->share[i]);
        else
            snprintf(colour, sizeof colour, "#eef2e6");
        yj_out_str(w, "<path class=\"township\" data-name=\"");
        yj_xml_text(w, a->name);
        yj_out_fmt(w, "\" fill=\"%s\" fill-opacity=\"%s\" stroke=\"#9aa5b1\" "
                      "stroke-width=\"0.8\" d=\"", colour,
                   o->coverage ? "0.55" : "1");
        path_of(w, v, &a->shape);
        yj_out_str(w, "\"/>\n");
    }
    yj_out_str(w, "</g>\n<g id=\"district\">\n");
    for (i = 0; i < d->n_areas; i++) {
        if (!d->areas[i].district || d->areas[i].shape.n_rings == 0)
            continue;
        yj_out_str(w, "<path fill=\"none\" stroke=\"#44546a\" "
                      "stroke-width=\"2\" d=\"");
        path_of(w, v, &d->areas[i].shape);
        yj_out_str(w, "\"/>\n");
    }
    yj_out_str(w, "</g>\n<g id=\"township-names\" font-size=\"10\" "
                  "fill=\"#5b6770\" text-anchor=\"middle\">\n");
    for (i = 0; i < d->n_areas; i++) {
        const yj_area_rec *a = &d->areas[i];
        label_box b;
        double wd;
        if (a->district || !a->has_point)
            continue;
        project(v, a->point, &x, &y);
        wd = label_width(a->name, 10);
        b.x0 = x - wd / 2;
        b.x1 = x + wd / 2;
        b.y0 = y + 8;
        b.y1 = y + 20;
        if (boxes != NULL && collides(boxes, n_boxes, b)) {
            b.y0 = y - 22; /* above the point instead */
            b.y1 = y - 10;
            if (collides(boxes, n_boxes, b))
                continue;
        }
        if (boxes != NULL)
            boxes[n_boxes++] = b;
        yj_out_str(w, "<text x=\"");
        out_num(w, x);
        yj_out_str(w, "\" y=\"");
        out_num(w, b.y1 - 2);
        yj_out_str(w, "\">");
        yj_xml_text(w, a->name);
        yj_out_str(w, "</text>\n");
    }
    yj_out_str(w, "</g>\n");
    if (o->coverage) {
        yj_out_fmt(w, "<g id=\"rings\" fill=\"#2e7d32\" fill-opacity=\"0.06\" "
                      "stroke=\"#2e7d32\" stroke-width=\"0.7\" "
                      "stroke-dasharray=\"3 2\">\n");
        for (i = 0; i < d->n_stations; i++) {
            yj_lonlat p;
            p.lon = d->stations[i].s.lon;
            p.lat = d->stations[i].s.lat;
            project(v, p, &x, &y);
            yj_out_str(w, "<circle class=\"ring\" cx=\"");
            out_num(w, x);
            yj_out_str(w, "\" cy=\"");
            out_num(w, y);
            yj_out_str(w, "\" r=\"");
            out_num(w, cov->radius_m * px_per_m(v, p.lat));
            yj_out_str(w, "\"/>\n");
        }
        yj_out_str(w, "</g>\n");
    }
    if (o->has_origin) {
        double ox, oy;
        project(v, o->origin, &ox, &oy);
        yj_out_str(w, "<g id=\"links-to-nearest\" stroke=\"#d62728\" "
                      "stroke-width=\"1.5\" font-size=\"10\" fill=\"#d62728\">\n");
        for (i = 0; i < d->n_stations; i++) {
            const station_rec *s = &d->stations[i];
            if (!s->highlighted)
                continue;
            x = s->x;
            y = s->y;
            if (s->distance_m < 995)
                snprintf(dist, sizeof dist, "%s%.0f m",
                         yj_station_is_approximate(&s->s) ? "≈" : "",
                         s->distance_m);
            else
                snprintf(dist, sizeof dist, "%s%.1f km",
                         yj_station_is_approximate(&s->s) ? "≈" : "",
                         s->distance_m / 1000.0);
            yj_out_str(w, "<line class=\"to-nearest\" x1=\"");
            out_num(w, ox);
            yj_out_str(w, "\" y1=\"");
            out_num(w, oy);
            yj_out_str(w, "\" x2=\"");
            out_num(w, x);
            yj_out_str(w, "\" y2=\"");
            out_num(w, y);
            yj_out_str(w, "\"/><text stroke=\"none\" x=\"");
            out_num(w, (ox + x) / 2 + 3);
            yj_out_str(w, "\" y=\"");
            out_num(w, (oy + y) / 2 - 3);
            yj_out_fmt(w, "\">%s</text>\n", dist);
        }
        yj_out_str(w, "</g>\n");
    }
    yj_out_str(w, "<g id=\"stations\">\n");
    for (i = 0; i < d->n_stations; i++) {
        const station_rec *s = &d->stations[i];
        const char *c = category_colour(s->s.text[YJ_F_CATEGORY]);
        bool hollow = yj_station_is_approximate(&s->s);
        char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX];
        int f;

        x = s->x;
        y = s->y;
        yj_writer_links(&s->s, amap, baidu);
        yj_out_fmt(w, "<circle class=\"station%s%s\" cx=\"",
                   hollow ? " approximate" : "",
                   s->highlighted ? " nearest" : "");
        out_num(w, x);
        yj_out_str(w, "\" cy=\"");
        out_num(w, y);
        yj_out_fmt(w, "\" r=\"%s\" fill=\"%s\" stroke=\"%s\" "
                      "stroke-width=\"%s\"",
                   s->highlighted ? "6" : "4", hollow ? "#ffffff" : c, c,
                   s->highlighted ? "2.5" : "1.6");
        for (f = 0; f < YJ_F_COUNT; f++) {
            if (f == YJ_F_SOURCE || f == YJ_F_NOTES || f == YJ_F_COORD_SOURCE)
                continue;
            yj_out_fmt(w, " data-%s=\"", yj_field_name((yj_field)f));
            yj_xml_text(w, s->s.text[f]);
            yj_out_char(w, '"');
        }
        yj_out_str(w, " data-amenities_zh=\"");
        yj_xml_amenity_labels(w, s->s.text[YJ_F_AMENITIES], false);
        yj_out_str(w, "\" data-precision_zh=\"");
        yj_xml_text(w, yj_precision_label(&s->s));
        yj_out_str(w, "\" data-amap=\"");
        yj_xml_text(w, amap);
        yj_out_str(w, "\" data-baidu=\"");
        yj_xml_text(w, baidu);
        yj_out_str(w, "\"><title>");
        yj_xml_text(w, s->s.text[YJ_F_NAME]);
        yj_out_str(w, "</title></circle>\n");
    }
    yj_out_str(w, "</g>\n<g id=\"stack-counts\" font-size=\"9\" "
                  "font-weight=\"bold\" fill=\"#44546a\">\n");
    for (i = 0; i < d->n_stations; i++) {
        size_t n = 1;
        /* sorted by point: a group is a run */
        if (i > 0 && d->stations[i - 1].s.lon == d->stations[i].s.lon &&
            d->stations[i - 1].s.lat == d->stations[i].s.lat)
            continue;
        while (i + n < d->n_stations &&
               d->stations[i + n].s.lon == d->stations[i].s.lon &&
               d->stations[i + n].s.lat == d->stations[i].s.lat)
            n++;
        if (n < 2)
            continue;
        yj_out_str(w, "<text class=\"stack-count\" x=\"");
        out_num(w, d->stations[i].x - 7);
        yj_out_str(w, "\" y=\"");
        out_num(w, d->stations[i].y - 5);
        yj_out_fmt(w, "\" text-anchor=\"end\">%zu</text>\n", n);
    }
    yj_out_str(w, "</g>\n<g id=\"station-names\" font-size=\"9\" "
                  "fill=\"#222\">\n");
    for (i = 0; boxes != NULL && i < d->n_stations; i++) {
        /* names keep off every marker and its count */
        label_box m;
        m.x0 = d->stations[i].x - 14;
        m.x1 = d->stations[i].x + 5;
        m.y0 = d->stations[i].y - 14;
        m.y1 = d->stations[i].y + 5;
        boxes[n_boxes++] = m;
    }
    for (i = 0; i < d->n_stations; i++) {
        const station_rec *s = &d->stations[i];
        label_box b;
        double wd;
        x = s->x;
        y = s->y;
        short_name(label, sizeof label, s->s.text[YJ_F_NAME]);
        wd = label_width(label, 9);
        b.x0 = x + 6;
        b.x1 = x + 6 + wd;
        b.y0 = y - 6;
        b.y1 = y + 5;
        if (boxes == NULL || collides(boxes, n_boxes, b) ||
            b.x1 > PAGE_W - LEGEND_W - MARGIN)
            continue;
        boxes[n_boxes++] = b;
        yj_out_str(w, "<text x=\"");
        out_num(w, b.x0);
        yj_out_str(w, "\" y=\"");
        out_num(w, y + 3);
        yj_out_str(w, "\">");
        yj_xml_text(w, label);
        yj_out_str(w, "</text>\n");
    }
    yj_out_str(w, "</g>\n");
    if (o->has_origin) {
        double ox, oy;
        project(v, o->origin, &ox, &oy);
        yj_out_str(w, "<g id=\"origin\"><circle cx=\"");
        out_num(w, ox);
        yj_out_str(w, "\" cy=\"");
        out_num(w, oy);
        yj_out_str(w, "\" r=\"7\" fill=\"#d62728\" stroke=\"#ffffff\" "
                      "stroke-width=\"2.5\"/><text x=\"");
        out_num(w, ox + 10);
        yj_out_str(w, "\" y=\"");
        out_num(w, oy - 8);
        yj_out_str(w, "\" font-size=\"12\" font-weight=\"bold\" "
                      "fill=\"#d62728\">你在这里</text></g>\n");
    }
    /* title, legend, scale bar, north arrow */
    yj_out_fmt(w, "<g id=\"legend\" font-size=\"11\" fill=\"#222\">\n"
                  "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
                  "fill=\"#ffffff\" fill-opacity=\"0.92\" stroke=\"#c5ccd3\"/>\n",
               PAGE_W - LEGEND_W - MARGIN / 2, MARGIN / 2, LEGEND_W,
               PAGE_H - MARGIN);
    x = PAGE_W - LEGEND_W - MARGIN / 2 + 12;
    ly = MARGIN / 2 + 26;
    yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"16\" "
                  "font-weight=\"bold\">萧山区爱心驿家</text>\n", x, ly);
    ly += 18;
    yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" "
                  "fill=\"#5b6770\">户外劳动者服务站点 · 图上 %zu 个</text>\n",
               x, ly, d->n_stations);
    ly += 14;
    if (d->n_unlocated > 0) {
        yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" "
                      "fill=\"#5b6770\">另有 %zu 个尚无坐标，未画出</text>\n",
                   x, ly, d->n_unlocated);
        ly += 14;
    }
    ly += 8;
    for (t = yj_categories(); t->code != NULL; t++) {
        size_t n = 0;
        for (i = 0; i < d->n_stations; i++)
            n += strcmp(d->stations[i].s.text[YJ_F_CATEGORY], t->code) == 0;
        if (n == 0)
            continue;
        yj_out_fmt(w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"4\" fill=\"%s\"/>"
                      "<text x=\"%.0f\" y=\"%.0f\">%s（%zu）</text>\n",
                   x + 5, ly - 4, category_colour(t->code), x + 16, ly, t->zh,
                   n);
        ly += 16;
    }
    yj_out_fmt(w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"4\" fill=\"#ffffff\" "
                  "stroke=\"#333\" stroke-width=\"1.6\"/><text x=\"%.0f\" "
                  "y=\"%.0f\">空心：位置仅到镇街（画在其代表点）</text>\n",
               x + 5, ly - 4, x + 16, ly);
    ly += 16;
    yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\" "
                  "fill=\"#44546a\">7</text><text x=\"%.0f\" y=\"%.0f\">"
                  "数字：同一点上的驿站数</text>\n", x + 2, ly, x + 16, ly);
    ly += 16;
    if (o->has_origin) {
        yj_out_fmt(w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"5\" "
                      "fill=\"#d62728\"/><text x=\"%.0f\" y=\"%.0f\">你在这里；"
                      "红线：最近的 %zu 个驿站</text>\n",
                   x + 5, ly - 4, x + 16, ly, o->k);
        ly += 16;
    }
    if (o->coverage) {
        static const double shares[] = {0.0, 0.5, 1.0};
        ly += 6;
        yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\">镇街底色：%.0f m 内面积占比"
                      "</text>\n", x, ly, cov->radius_m);
        ly += 14;
        for (i = 0; i < 3; i++) {
            share_colour(colour, shares[i]);
            yj_out_fmt(w, "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" "
                          "height=\"10\" fill=\"%s\" fill-opacity=\"0.55\"/>"
                          "<text x=\"%.0f\" y=\"%.0f\">%.0f%%</text>\n",
                       x + (double)i * 60, ly - 9, colour,
                       x + (double)i * 60 + 18, ly, shares[i] * 100);
        }
        ly += 16;
        yj_out_fmt(w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"6\" fill=\"none\" "
                      "stroke=\"#2e7d32\" stroke-dasharray=\"3 2\"/><text "
                      "x=\"%.0f\" y=\"%.0f\">虚线圈：驿站 %.0f m 范围</text>\n",
                   x + 6, ly - 4, x + 16, ly, cov->radius_m);
        ly += 16;
        yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\">有驿站的镇街：%zu / %zu%s"
                      "</text>\n", x, ly, cov->townships_covered,
                   cov->townships,
                   cov->townships_covered == cov->townships ? "（全覆盖）" : "");
        ly += 16;
    }
    {
        /* scale bar: a nice length of about 120 px at the centre latitude */
        double lat = (d->box.south + d->box.north) / 2;
        double ppm = px_per_m(v, lat);
        double len = nice_length(120.0 / ppm);
        double bx = x, by = PAGE_H - MARGIN - 40;
        yj_out_fmt(w, "<g id=\"scale-bar\"><rect x=\"%.1f\" y=\"%.1f\" "
                      "width=\"%.1f\" height=\"5\" fill=\"#222\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\">0</text><text x=\"%.1f\" "
                      "y=\"%.1f\" text-anchor=\"middle\">%.0f km</text></g>\n",
                   bx, by, len * ppm, bx - 2, by + 18, bx + len * ppm, by + 18,
                   len / 1000.0);
        /* north arrow: Web Mercator keeps north straight up */
        yj_out_fmt(w, "<g id=\"north-arrow\"><path d=\"M%.1f %.1f l10 28 "
                      "l-10 -8 l-10 8 Z\" fill=\"#222\"/><text x=\"%.1f\" "
                      "y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
                      "font-weight=\"bold\">北</text></g>\n",
                   x + LEGEND_W - 50, PAGE_H - MARGIN - 70,
                   x + LEGEND_W - 50, PAGE_H - MARGIN - 74);
        yj_out_fmt(w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"8\" "
                      "fill=\"#5b6770\">Web 墨卡托投影 · 边界：参考数据（许可"
                      "未知）</text>\n", bx, PAGE_H - MARGIN);
    }
    yj_out_str(w, "</g>\n</svg>\n");
    free(boxes);
}

/* ---- the page ------------------------------------------------------------ */

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>萧山区爱心驿家地图</title>\n<style>\n"
    "html,body{margin:0;height:100%;font-family:sans-serif}\n"
    "#bar{position:absolute;top:8px;left:8px;z-index:2;background:#fff;"
    "padding:6px 8px;border:1px solid #c5ccd3;border-radius:4px}\n"
    "#bar input,#bar select{font-size:14px}\n"
    "#map{position:absolute;inset:0;overflow:hidden;background:#f7f9fb;"
    "touch-action:none;cursor:grab}\n"
    "#map svg{width:100%;height:100%}\n"
    "#info{position:absolute;right:8px;bottom:8px;z-index:2;max-width:340px;"
    "background:#fff;border:1px solid #c5ccd3;border-radius:4px;padding:8px;"
    "font-size:13px;display:none;max-height:60vh;overflow:auto}\n"
    "#info h3{margin:0 0 4px;font-size:15px}\n"
    "circle.station{cursor:pointer}\n"
    "circle.station.hidden,circle.ring.hidden{display:none}\n"
    "</style>\n</head>\n<body>\n"
    "<div id=\"bar\"><input id=\"q\" type=\"search\" placeholder=\"名称或地址\">"
    " <select id=\"amenity\"><option value=\"\">全部设施</option>";

static const char page_script[] =
    "<script>\n"
    "(function () {\n"
    "  'use strict';\n"
    "  var svg = document.getElementById('yijia-map');\n"
    "  var box = svg.viewBox.baseVal;\n"
    "  var home = [box.x, box.y, box.width, box.height];\n"
    "  var info = document.getElementById('info');\n"
    "  function setBox(x, y, w, h) { box.x = x; box.y = y; box.width = w;"
    " box.height = h; }\n"
    "  function toSvg(ev) { var r = svg.getBoundingClientRect();\n"
    "    var s = Math.max(box.width / r.width, box.height / r.height);\n"
    "    return [box.x + (ev.clientX - r.left) * s, box.y + (ev.clientY -"
    " r.top) * s, s]; }\n"
    "  svg.addEventListener('wheel', function (ev) { ev.preventDefault();\n"
    "    var p = toSvg(ev), f = ev.deltaY < 0 ? 0.8 : 1.25;\n"
    "    setBox(p[0] - (p[0] - box.x) * f, p[1] - (p[1] - box.y) * f,"
    " box.width * f, box.height * f); }, {passive: false});\n"
    "  var drag = null;\n"
    "  svg.addEventListener('pointerdown', function (ev) {"
    " drag = toSvg(ev); });\n"
    "  window.addEventListener('pointerup', function () { drag = null; });\n"
    "  svg.addEventListener('pointermove', function (ev) { if (!drag) return;\n"
    "    var p = toSvg(ev); setBox(box.x - (p[0] - drag[0]), box.y - (p[1] -"
    " drag[1]), box.width, box.height); });\n"
    "  svg.addEventListener('dblclick', function () {"
    " setBox(home[0], home[1], home[2], home[3]); });\n"
    "  function row(label, text) { var p = document.createElement('div');\n"
    "    var b = document.createElement('b'); b.textContent = label + '：';\n"
    "    p.appendChild(b); p.appendChild(document.createTextNode(text));"
    " return p; }\n"
    "  function link(label, href) { var a = document.createElement('a');\n"
    "    a.textContent = label; a.href = href; a.target = '_blank';"
    " a.rel = 'noopener'; return a; }\n"
    "  function show(c) { info.textContent = '';\n"
    "    var same = [];\n"
    "    stations.forEach(function (o) { if (!o.classList.contains('hidden')"
    " && o.getAttribute('cx') === c.getAttribute('cx') &&"
    " o.getAttribute('cy') === c.getAttribute('cy')) same.push(o); });\n"
    "    if (same.length > 1) { var n = document.createElement('p');\n"
    "      n.textContent = '此点共 ' + same.length + ' 个驿站（位置仅到镇街）';"
    " info.appendChild(n); }\n"
    "    same.forEach(one); info.style.display = 'block'; }\n"
    "  function one(c) { var d = c.dataset;\n"
    "    var h = document.createElement('h3'); h.textContent = d.name;"
    " h.className = 'name'; info.appendChild(h);\n"
    "    info.appendChild(row('地址', d.address));\n"
    "    info.appendChild(row('开放时间', d.opening_hours || '未知'));\n"
    "    if (d.open_text) info.appendChild(row('现在', d.open_text));\n"
    "    info.appendChild(row('服务设施', d.amenities_zh || '未知'));\n"
    "    info.appendChild(row('定位', d.precision_zh));\n"
    "    if (d.phone) info.appendChild(row('电话', d.phone));\n"
    "    if (d.amap) { var p = document.createElement('div');\n"
    "      p.appendChild(link('在高德地图打开', d.amap));"
    " p.appendChild(document.createTextNode(' · '));\n"
    "      p.appendChild(link('在百度地图打开', d.baidu));"
    " info.appendChild(p); } }\n"
    "  var stations = svg.querySelectorAll('circle.station');\n"
    "  stations.forEach(function (c) { c.addEventListener('click',"
    " function (ev) { ev.stopPropagation(); show(c); });\n"
    "    c.addEventListener('mouseenter', function () { show(c); }); });\n"
    "  var q = document.getElementById('q'), am = document.getElementById("
    "'amenity');\n"
    "  function filter() { var t = q.value.trim(), a = am.value;\n"
    "    stations.forEach(function (c) { var d = c.dataset;\n"
    "      var ok = (!t || d.name.indexOf(t) >= 0 || d.address.indexOf(t) >="
    " 0) &&\n"
    "        (!a || (';' + d.amenities + ';').indexOf(';' + a + ';') >= 0);\n"
    "      c.classList.toggle('hidden', !ok); }); }\n"
    "  q.addEventListener('input', filter);"
    " am.addEventListener('change', filter);\n"
    "})();\n"
    "</script>\n</body>\n</html>\n";

yj_code yj_map_write(FILE *fp, yj_db *db, const yj_map_options *o,
                     yj_error *err)
{
    map_data d;
    yj_coverage cov;
    yj_writer *w = NULL;
    view v;
    double mx0, mx1, my0, my1, sx, sy;
    yj_code rc;
    size_t i, j;

    memset(&d, 0, sizeof d);
    memset(&cov, 0, sizeof cov);
    d.err = err;
    if (o->coverage &&
        !(o->radius_m > 0 && o->radius_m <= YJ_DISTANCE_MAX_M))
        return yj_fail(err, YJ_EINVAL, "map: radius %g m is not more than 0 "
                       "and at most %.0f m", o->radius_m, YJ_DISTANCE_MAX_M);
    if (o->has_origin && (rc = yj_crs_check_point(o->origin, err)) != YJ_OK)
        return rc;
    d.box.west = 120.0;
    d.box.east = 120.7;
    d.box.south = 29.8;
    d.box.north = 30.4;
    if ((rc = yj_areas_load(&d.areas, &d.n_areas, db, err)) != YJ_OK)
        goto done;
    if ((d.share = malloc((d.n_areas + 1) * sizeof *d.share)) == NULL) {
        rc = yj_fail(err, YJ_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < d.n_areas; i++) {
        d.share[i] = -1.0;
        if (d.areas[i].district && d.areas[i].shape.n_rings > 0)
            d.box = d.areas[i].shape.box;
    }
    if ((rc = yj_db_list(db, o->filter, take_station, &d, err)) != YJ_OK ||
        (rc = d.rc) != YJ_OK)
        goto done;
    if (o->has_origin) {
        yj_near near;
        near.origin = o->origin;
        near.k = o->k;
        near.within_m = 0;
        if ((rc = yj_nearest(db, &near, o->filter, mark_hit, &d, NULL,
                             err)) != YJ_OK)
            goto done;
    }
    if (o->coverage) {
        if ((rc = yj_db_coverage(&cov, db, o->radius_m, 100.0, err)) != YJ_OK)
            goto done;
        for (i = 0; i < d.n_areas; i++)
            for (j = 0; j < cov.n_rows; j++)
                if (strcmp(d.areas[i].name, cov.rows[j].name) == 0)
                    d.share[i] = cov.rows[j].share_within;
    }
    /* fit the district (and the origin) into the page left of the legend */
    mx0 = merc_x(d.box.west);
    mx1 = merc_x(d.box.east);
    my0 = merc_y(d.box.south);
    my1 = merc_y(d.box.north);
    if (o->has_origin) {
        mx0 = fmin(mx0, merc_x(o->origin.lon));
        mx1 = fmax(mx1, merc_x(o->origin.lon));
        my0 = fmin(my0, merc_y(o->origin.lat));
        my1 = fmax(my1, merc_y(o->origin.lat));
    }
    sx = (PAGE_W - LEGEND_W - 2.5 * MARGIN) / (mx1 - mx0);
    sy = (PAGE_H - 2 * MARGIN) / (my1 - my0);
    v.scale = fmin(sx, sy);
    v.x0 = mx0;
    v.y0 = my0;
    v.top = PAGE_H - MARGIN - ((PAGE_H - 2 * MARGIN) - (my1 - my0) * v.scale) / 2;
    /* a writer only for its buffered output and escaping */
    if ((rc = yj_writer_new(&w, fp, YJ_FORMAT_JSON, false, err)) != YJ_OK)
        goto done;
    if (o->html) {
        const yj_term *t;
        yj_out_str(w, page_head);
        for (t = yj_amenities(); t->code != NULL; t++)
            yj_out_fmt(w, "<option value=\"%s\">%s</option>", t->code, t->zh);
        yj_out_str(w, "</select> <small>滚轮缩放 · 拖动平移 · 双击复原"
                      "</small></div>\n<div id=\"map\">\n");
    } else {
        yj_out_str(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    svg_map(w, &d, o, &v, &cov);
    if (o->html)
        yj_out_str(w, "</div>\n<div id=\"info\"></div>\n");
    if (o->html)
        yj_out_str(w, page_script);
    yj_out_flush(w);
    if (fflush(fp) != 0 || ferror(fp))
        rc = yj_fail(err, YJ_EIO, "writing the map failed");
done:
    yj_writer_free(w);
    yj_coverage_clear(&cov);
    free_data(&d);
    return rc;
}

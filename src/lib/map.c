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
 * (colour by category; hollow when located only to the township), the
 * count beside a point several stations share, station short names where
 * they do not collide, the origin, then the legend, scale bar and north
 * arrow: one draw_ function each, their look in the style table below. */
#include "writer.h"

#include "areas.h"
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

/* The look of the map, layer by layer: colours, stroke widths and font
 * sizes in page pixels, and the offsets (page pixels) of labels from what
 * they label.  Numbers are written with %g, so 0.8 reads "0.8" in the SVG;
 * the browser test and the golden files depend on these values. */
static const struct map_style {
    /* page */
    const char *background;
    const char *font_family;
    /* townships: filled (with --coverage, by share; see share_colour) */
    const char *township_fill;
    double township_coverage_opacity;  /* 1 without --coverage */
    const char *township_stroke;
    double township_stroke_w;
    /* district outline */
    const char *district_stroke;
    double district_stroke_w;
    /* township names: below the point, else above it, else left out */
    double township_name_size;
    const char *township_name_fill;
    double below_top, below_bottom;   /* the name's box, from y */
    double above_top, above_bottom;
    double township_name_baseline;    /* up from the box's bottom */
    /* coverage rings */
    const char *ring_colour;
    double ring_fill_opacity, ring_stroke_w;
    const char *ring_dash;
    /* lines from the origin to the k nearest, with their distance */
    const char *link_colour;
    double link_stroke_w, link_label_size;
    double link_label_dx, link_label_dy;  /* from the line's middle */
    /* station markers (nearest: larger, thicker) */
    double station_r, nearest_r;
    double station_stroke_w, nearest_stroke_w;
    const char *hollow_fill;       /* located only to the township */
    const char *unknown_category;  /* a category outside the palette */
    /* how many stations share a point, up left of the marker */
    double stack_size;
    const char *stack_fill;
    double stack_dx, stack_dy;
    double stack_key_dx;  /* the "7" of the legend's key */
    /* station short names, right of the marker, kept off every marker */
    double name_size;
    const char *name_fill;
    double marker_box_before, marker_box_after;  /* around a marker */
    double name_dx;                              /* box left from x */
    double name_box_top, name_box_bottom;        /* from y */
    double name_baseline;                        /* from y */
    /* the origin */
    const char *origin_fill, *origin_stroke;
    double origin_r, origin_stroke_w;
    double origin_label_dx, origin_label_dy, origin_label_size;
    /* legend: a frame right of the map, rows from its top */
    double legend_size;
    const char *legend_fill, *legend_frame_fill, *legend_frame_stroke;
    double legend_frame_opacity;
    double legend_inset, legend_first_row;
    double title_size, title_row;                  /* row: the step after */
    double note_size;
    const char *note_fill;
    double note_row, keys_gap, key_row;
    double key_r, key_dx, key_dy, key_text_dx;     /* a dot, then its text */
    double hollow_key_stroke_w;
    const char *hollow_key_stroke;
    double origin_key_r;
    double coverage_gap, coverage_caption_row;
    double swatch_w, swatch_h, swatch_dy, swatch_step, swatch_text_dx;
    double ring_key_r;
    /* scale bar and north arrow, near the legend's foot */
    double scale_target_px, scale_h, scale_up, scale_text_dy;
    double north_left_of_end, north_up, north_text_up, north_size;
    double credit_size;
} style = {
    .background = "#f7f9fb",
    .font_family = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, "
                   "Microsoft YaHei, sans-serif",
    .township_fill = "#eef2e6",
    .township_coverage_opacity = 0.55,
    .township_stroke = "#9aa5b1",
    .township_stroke_w = 0.8,
    .district_stroke = "#44546a",
    .district_stroke_w = 2,
    .township_name_size = 10,
    .township_name_fill = "#5b6770",
    .below_top = 8,
    .below_bottom = 20,
    .above_top = -22,
    .above_bottom = -10,
    .township_name_baseline = 2,
    .ring_colour = "#2e7d32",
    .ring_fill_opacity = 0.06,
    .ring_stroke_w = 0.7,
    .ring_dash = "3 2",
    .link_colour = "#d62728",
    .link_stroke_w = 1.5,
    .link_label_size = 10,
    .link_label_dx = 3,
    .link_label_dy = -3,
    .station_r = 4,
    .nearest_r = 6,
    .station_stroke_w = 1.6,
    .nearest_stroke_w = 2.5,
    .hollow_fill = "#ffffff",
    .unknown_category = "#333333",
    .stack_size = 9,
    .stack_fill = "#44546a",
    .stack_dx = -7,
    .stack_dy = -5,
    .stack_key_dx = 2,
    .name_size = 9,
    .name_fill = "#222",
    .marker_box_before = 14,
    .marker_box_after = 5,
    .name_dx = 6,
    .name_box_top = -6,
    .name_box_bottom = 5,
    .name_baseline = 3,
    .origin_fill = "#d62728",
    .origin_stroke = "#ffffff",
    .origin_r = 7,
    .origin_stroke_w = 2.5,
    .origin_label_dx = 10,
    .origin_label_dy = -8,
    .origin_label_size = 12,
    .legend_size = 11,
    .legend_fill = "#222",
    .legend_frame_fill = "#ffffff",
    .legend_frame_stroke = "#c5ccd3",
    .legend_frame_opacity = 0.92,
    .legend_inset = 12,
    .legend_first_row = 26,
    .title_size = 16,
    .title_row = 18,
    .note_size = 10,
    .note_fill = "#5b6770",
    .note_row = 14,
    .keys_gap = 8,
    .key_row = 16,
    .key_r = 4,
    .key_dx = 5,
    .key_dy = -4,
    .key_text_dx = 16,
    .hollow_key_stroke_w = 1.6,
    .hollow_key_stroke = "#333",
    .origin_key_r = 5,
    .coverage_gap = 6,
    .coverage_caption_row = 14,
    .swatch_w = 14,
    .swatch_h = 10,
    .swatch_dy = -9,
    .swatch_step = 60,
    .swatch_text_dx = 18,
    .ring_key_r = 6,
    .scale_target_px = 120,
    .scale_h = 5,
    .scale_up = 40,
    .scale_text_dy = 18,
    .north_left_of_end = 50,
    .north_up = 70,
    .north_text_up = 74,
    .north_size = 13,
    .credit_size = 8,
};

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
    return style.unknown_category;
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

/* What every layer draws with: the writer, the data, the options and the
 * page; `boxes` holds the labels drawn so far (and the markers) so later
 * labels keep off them.  boxes is NULL when there was no memory for it:
 * township names are then drawn unchecked and station names left out. */
typedef struct canvas {
    yj_writer *w;
    const map_data *d;
    const yj_map_options *o;
    const view *v;
    const yj_coverage *cov;
    label_box *boxes;
    size_t n_boxes;
} canvas;

/* One x="…" y="…" pair in page pixels (written with out_num). */
static void out_xy(yj_writer *w, const char *x_name, double x,
                   const char *y_name, double y)
{
    yj_out_fmt(w, "%s=\"", x_name);
    out_num(w, x);
    yj_out_fmt(w, "\" %s=\"", y_name);
    out_num(w, y);
    yj_out_char(w, '"');
}

static void draw_svg_open(canvas *c)
{
    const view *v = c->v;

    /* data-projection: page x = margin + (X - x0) * scale, page y = top -
     * (Y - y0) * scale, for EPSG:3857 X, Y (so a reader can check) */
    yj_out_fmt(c->w,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"yijia-map\" "
               "data-projection=\"EPSG:3857 %.3f %.3f %.9g %.3f %.1f\" "
               "width=\"297mm\" height=\"210mm\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"%s\">\n",
               v->x0, v->y0, v->scale, v->top, MARGIN, PAGE_W, PAGE_H,
               style.font_family);
    yj_out_fmt(c->w, "<title>萧山区爱心驿家地图</title>\n"
                     "<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n",
               style.background);
}

/* Townships filled (by coverage share with --coverage), then the district
 * outline over them. */
static void draw_areas(canvas *c)
{
    const map_data *d = c->d;
    char colour[8];
    size_t i;

    yj_out_str(c->w, "<g id=\"townships\">\n");
    for (i = 0; i < d->n_areas; i++) {
        const yj_area_rec *a = &d->areas[i];
        if (a->district || a->shape.n_rings == 0)
            continue;
        if (c->o->coverage)
            share_colour(colour, d->share[i]);
        else
            snprintf(colour, sizeof colour, "%s", style.township_fill);
        yj_out_str(c->w, "<path class=\"township\" data-name=\"");
        yj_xml_text(c->w, a->name);
        yj_out_fmt(c->w, "\" fill=\"%s\" fill-opacity=\"%g\" stroke=\"%s\" "
                         "stroke-width=\"%g\" d=\"", colour,
                   c->o->coverage ? style.township_coverage_opacity : 1.0,
                   style.township_stroke, style.township_stroke_w);
        path_of(c->w, c->v, &a->shape);
        yj_out_str(c->w, "\"/>\n");
    }
    yj_out_str(c->w, "</g>\n<g id=\"district\">\n");
    for (i = 0; i < d->n_areas; i++) {
        if (!d->areas[i].district || d->areas[i].shape.n_rings == 0)
            continue;
        yj_out_fmt(c->w, "<path fill=\"none\" stroke=\"%s\" "
                         "stroke-width=\"%g\" d=\"", style.district_stroke,
                   style.district_stroke_w);
        path_of(c->w, c->v, &d->areas[i].shape);
        yj_out_str(c->w, "\"/>\n");
    }
    yj_out_str(c->w, "</g>\n");
}

/* Each township's name below its point, else above it, else not at all. */
static void draw_township_names(canvas *c)
{
    const map_data *d = c->d;
    size_t i;

    yj_out_fmt(c->w, "<g id=\"township-names\" font-size=\"%g\" "
                     "fill=\"%s\" text-anchor=\"middle\">\n",
               style.township_name_size, style.township_name_fill);
    for (i = 0; i < d->n_areas; i++) {
        const yj_area_rec *a = &d->areas[i];
        label_box b;
        double x, y, wd;
        if (a->district || !a->has_point)
            continue;
        project(c->v, a->point, &x, &y);
        wd = label_width(a->name, style.township_name_size);
        b.x0 = x - wd / 2;
        b.x1 = x + wd / 2;
        b.y0 = y + style.below_top;
        b.y1 = y + style.below_bottom;
        if (c->boxes != NULL && collides(c->boxes, c->n_boxes, b)) {
            b.y0 = y + style.above_top;
            b.y1 = y + style.above_bottom;
            if (collides(c->boxes, c->n_boxes, b))
                continue;
        }
        if (c->boxes != NULL)
            c->boxes[c->n_boxes++] = b;
        yj_out_str(c->w, "<text ");
        out_xy(c->w, "x", x, "y", b.y1 - style.township_name_baseline);
        yj_out_char(c->w, '>');
        yj_xml_text(c->w, a->name);
        yj_out_str(c->w, "</text>\n");
    }
    yj_out_str(c->w, "</g>\n");
}

/* --coverage: the radius around each station, true to scale. */
static void draw_rings(canvas *c)
{
    const map_data *d = c->d;
    size_t i;

    yj_out_fmt(c->w, "<g id=\"rings\" fill=\"%s\" fill-opacity=\"%g\" "
                     "stroke=\"%s\" stroke-width=\"%g\" "
                     "stroke-dasharray=\"%s\">\n",
               style.ring_colour, style.ring_fill_opacity, style.ring_colour,
               style.ring_stroke_w, style.ring_dash);
    for (i = 0; i < d->n_stations; i++) {
        yj_lonlat p;
        double x, y;
        p.lon = d->stations[i].s.lon;
        p.lat = d->stations[i].s.lat;
        project(c->v, p, &x, &y);
        yj_out_str(c->w, "<circle class=\"ring\" ");
        out_xy(c->w, "cx", x, "cy", y);
        yj_out_str(c->w, " r=\"");
        out_num(c->w, c->cov->radius_m * px_per_m(c->v, p.lat));
        yj_out_str(c->w, "\"/>\n");
    }
    yj_out_str(c->w, "</g>\n");
}

/* A line from the origin to each of the k nearest, its distance at the
 * middle. */
static void draw_links_to_nearest(canvas *c)
{
    const map_data *d = c->d;
    double ox, oy;
    size_t i;

    project(c->v, c->o->origin, &ox, &oy);
    yj_out_fmt(c->w, "<g id=\"links-to-nearest\" stroke=\"%s\" "
                     "stroke-width=\"%g\" font-size=\"%g\" fill=\"%s\">\n",
               style.link_colour, style.link_stroke_w, style.link_label_size,
               style.link_colour);
    for (i = 0; i < d->n_stations; i++) {
        const station_rec *s = &d->stations[i];
        char dist[32];
        if (!s->highlighted)
            continue;
        yj_distance_text(dist, sizeof dist, s->distance_m,
                         yj_station_is_approximate(&s->s),
                         YJ_DISTANCE_LABEL);
        yj_out_str(c->w, "<line class=\"to-nearest\" ");
        out_xy(c->w, "x1", ox, "y1", oy);
        yj_out_char(c->w, ' ');
        out_xy(c->w, "x2", s->x, "y2", s->y);
        yj_out_str(c->w, "/><text stroke=\"none\" ");
        out_xy(c->w, "x", (ox + s->x) / 2 + style.link_label_dx,
               "y", (oy + s->y) / 2 + style.link_label_dy);
        yj_out_fmt(c->w, ">%s</text>\n", dist);
    }
    yj_out_str(c->w, "</g>\n");
}

/* A marker's data-* attributes: what the page's details panel shows. */
static void station_details(yj_writer *w, const yj_station *s)
{
    char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX];
    int f;

    yj_writer_links(s, amap, baidu);
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f == YJ_F_SOURCE || f == YJ_F_NOTES || f == YJ_F_COORD_SOURCE)
            continue;
        yj_out_fmt(w, " data-%s=\"", yj_field_name((yj_field)f));
        yj_xml_text(w, s->text[f]);
        yj_out_char(w, '"');
    }
    yj_out_str(w, " data-amenities_zh=\"");
    yj_xml_amenity_labels(w, s->text[YJ_F_AMENITIES], false);
    yj_out_str(w, "\" data-precision_zh=\"");
    yj_xml_text(w, yj_station_precision_label(s, false));
    yj_out_str(w, "\" data-amap=\"");
    yj_xml_text(w, amap);
    yj_out_str(w, "\" data-baidu=\"");
    yj_xml_text(w, baidu);
    yj_out_char(w, '"');
}

/* Station markers: coloured by category, hollow when located only to the
 * township, larger for the k nearest. */
static void draw_stations(canvas *c)
{
    const map_data *d = c->d;
    size_t i;

    yj_out_str(c->w, "<g id=\"stations\">\n");
    for (i = 0; i < d->n_stations; i++) {
        const station_rec *s = &d->stations[i];
        const char *colour = category_colour(s->s.text[YJ_F_CATEGORY]);
        bool hollow = yj_station_is_approximate(&s->s);

        yj_out_fmt(c->w, "<circle class=\"station%s%s\" ",
                   hollow ? " approximate" : "",
                   s->highlighted ? " nearest" : "");
        out_xy(c->w, "cx", s->x, "cy", s->y);
        yj_out_fmt(c->w, " r=\"%g\" fill=\"%s\" stroke=\"%s\" "
                         "stroke-width=\"%g\"",
                   s->highlighted ? style.nearest_r : style.station_r,
                   hollow ? style.hollow_fill : colour, colour,
                   s->highlighted ? style.nearest_stroke_w
                                  : style.station_stroke_w);
        station_details(c->w, &s->s);
        yj_out_str(c->w, "><title>");
        yj_xml_text(c->w, s->s.text[YJ_F_NAME]);
        yj_out_str(c->w, "</title></circle>\n");
    }
    yj_out_str(c->w, "</g>\n");
}

/* Beside each point several stations share: how many (the stations are
 * sorted by point, so a group is a run). */
static void draw_stack_counts(canvas *c)
{
    const map_data *d = c->d;
    size_t i;

    yj_out_fmt(c->w, "<g id=\"stack-counts\" font-size=\"%g\" "
                     "font-weight=\"bold\" fill=\"%s\">\n",
               style.stack_size, style.stack_fill);
    for (i = 0; i < d->n_stations; i++) {
        size_t n = 1;
        if (i > 0 && d->stations[i - 1].s.lon == d->stations[i].s.lon &&
            d->stations[i - 1].s.lat == d->stations[i].s.lat)
            continue;
        while (i + n < d->n_stations &&
               d->stations[i + n].s.lon == d->stations[i].s.lon &&
               d->stations[i + n].s.lat == d->stations[i].s.lat)
            n++;
        if (n < 2)
            continue;
        yj_out_str(c->w, "<text class=\"stack-count\" ");
        out_xy(c->w, "x", d->stations[i].x + style.stack_dx,
               "y", d->stations[i].y + style.stack_dy);
        yj_out_fmt(c->w, " text-anchor=\"end\">%zu</text>\n", n);
    }
    yj_out_str(c->w, "</g>\n");
}

/* Station short names right of their marker, where they collide with no
 * label, marker or count and stay left of the legend. */
static void draw_station_names(canvas *c)
{
    const map_data *d = c->d;
    size_t i;

    yj_out_fmt(c->w, "<g id=\"station-names\" font-size=\"%g\" "
                     "fill=\"%s\">\n", style.name_size, style.name_fill);
    for (i = 0; c->boxes != NULL && i < d->n_stations; i++) {
        /* names keep off every marker and its count */
        label_box m;
        m.x0 = d->stations[i].x - style.marker_box_before;
        m.x1 = d->stations[i].x + style.marker_box_after;
        m.y0 = d->stations[i].y - style.marker_box_before;
        m.y1 = d->stations[i].y + style.marker_box_after;
        c->boxes[c->n_boxes++] = m;
    }
    for (i = 0; i < d->n_stations; i++) {
        const station_rec *s = &d->stations[i];
        char label[96];
        label_box b;
        short_name(label, sizeof label, s->s.text[YJ_F_NAME]);
        b.x0 = s->x + style.name_dx;
        b.x1 = b.x0 + label_width(label, style.name_size);
        b.y0 = s->y + style.name_box_top;
        b.y1 = s->y + style.name_box_bottom;
        if (c->boxes == NULL || collides(c->boxes, c->n_boxes, b) ||
            b.x1 > PAGE_W - LEGEND_W - MARGIN)
            continue;
        c->boxes[c->n_boxes++] = b;
        yj_out_str(c->w, "<text ");
        out_xy(c->w, "x", b.x0, "y", s->y + style.name_baseline);
        yj_out_char(c->w, '>');
        yj_xml_text(c->w, label);
        yj_out_str(c->w, "</text>\n");
    }
    yj_out_str(c->w, "</g>\n");
}

static void draw_origin(canvas *c)
{
    double ox, oy;

    project(c->v, c->o->origin, &ox, &oy);
    yj_out_str(c->w, "<g id=\"origin\"><circle ");
    out_xy(c->w, "cx", ox, "cy", oy);
    yj_out_fmt(c->w, " r=\"%g\" fill=\"%s\" stroke=\"%s\" "
                     "stroke-width=\"%g\"/><text ",
               style.origin_r, style.origin_fill, style.origin_stroke,
               style.origin_stroke_w);
    out_xy(c->w, "x", ox + style.origin_label_dx,
           "y", oy + style.origin_label_dy);
    yj_out_fmt(c->w, " font-size=\"%g\" font-weight=\"bold\" "
                     "fill=\"%s\">你在这里</text></g>\n",
               style.origin_label_size, style.origin_fill);
}

/* The legend's left edge inside its frame. */
static double legend_x(void)
{
    return PAGE_W - LEGEND_W - MARGIN / 2 + style.legend_inset;
}

/* The frame, the title and the count of stations drawn; returns the
 * baseline of the next row. */
static double draw_legend_head(canvas *c)
{
    double x = legend_x(), ly = MARGIN / 2 + style.legend_first_row;

    yj_out_fmt(c->w, "<g id=\"legend\" font-size=\"%g\" fill=\"%s\">\n"
                     "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
                     "height=\"%.0f\" fill=\"%s\" fill-opacity=\"%g\" "
                     "stroke=\"%s\"/>\n",
               style.legend_size, style.legend_fill,
               PAGE_W - LEGEND_W - MARGIN / 2, MARGIN / 2, LEGEND_W,
               PAGE_H - MARGIN, style.legend_frame_fill,
               style.legend_frame_opacity, style.legend_frame_stroke);
    yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"%g\" "
                     "font-weight=\"bold\">萧山区爱心驿家</text>\n", x, ly,
               style.title_size);
    ly += style.title_row;
    yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"%g\" "
                     "fill=\"%s\">户外劳动者服务站点 · 图上 %zu 个</text>\n",
               x, ly, style.note_size, style.note_fill, c->d->n_stations);
    ly += style.note_row;
    if (c->d->n_unlocated > 0) {
        yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"%g\" "
                         "fill=\"%s\">另有 %zu 个尚无坐标，未画出</text>\n",
                   x, ly, style.note_size, style.note_fill,
                   c->d->n_unlocated);
        ly += style.note_row;
    }
    return ly + style.keys_gap;
}

/* A key per category on the map (with its count), then the hollow marker,
 * the stack count and the origin; returns the next row's baseline. */
static double draw_legend_keys(canvas *c, double ly)
{
    double x = legend_x();
    const yj_term *t;
    size_t i;

    for (t = yj_categories(); t->code != NULL; t++) {
        size_t n = 0;
        for (i = 0; i < c->d->n_stations; i++)
            n += strcmp(c->d->stations[i].s.text[YJ_F_CATEGORY], t->code) ==
                 0;
        if (n == 0)
            continue;
        yj_out_fmt(c->w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%g\" "
                         "fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\">%s（%zu）"
                         "</text>\n",
                   x + style.key_dx, ly + style.key_dy, style.key_r,
                   category_colour(t->code), x + style.key_text_dx, ly,
                   t->zh, n);
        ly += style.key_row;
    }
    yj_out_fmt(c->w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%g\" fill=\"%s\" "
                     "stroke=\"%s\" stroke-width=\"%g\"/><text x=\"%.0f\" "
                     "y=\"%.0f\">空心：位置仅到镇街（画在其代表点）</text>\n",
               x + style.key_dx, ly + style.key_dy, style.key_r,
               style.hollow_fill, style.hollow_key_stroke,
               style.hollow_key_stroke_w, x + style.key_text_dx, ly);
    ly += style.key_row;
    yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\" "
                     "fill=\"%s\">7</text><text x=\"%.0f\" y=\"%.0f\">"
                     "数字：同一点上的驿站数</text>\n",
               x + style.stack_key_dx, ly, style.stack_fill,
               x + style.key_text_dx, ly);
    ly += style.key_row;
    if (c->o->has_origin) {
        yj_out_fmt(c->w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%g\" "
                         "fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\">你在这里；"
                         "红线：最近的 %zu 个驿站</text>\n",
                   x + style.key_dx, ly + style.key_dy, style.origin_key_r,
                   style.origin_fill, x + style.key_text_dx, ly, c->o->k);
        ly += style.key_row;
    }
    return ly;
}

/* --coverage: the share colours, the ring and the townships covered. */
static void draw_legend_coverage(canvas *c, double ly)
{
    static const double shares[] = {0.0, 0.5, 1.0};
    const yj_coverage *cov = c->cov;
    double x = legend_x();
    char colour[8];
    size_t i;

    ly += style.coverage_gap;
    yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\">镇街底色：%.0f m 内面积占比"
                     "</text>\n", x, ly, cov->radius_m);
    ly += style.coverage_caption_row;
    for (i = 0; i < sizeof shares / sizeof *shares; i++) {
        double sx = x + (double)i * style.swatch_step;
        share_colour(colour, shares[i]);
        yj_out_fmt(c->w, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%g\" "
                         "height=\"%g\" fill=\"%s\" fill-opacity=\"%g\"/>"
                         "<text x=\"%.0f\" y=\"%.0f\">%.0f%%</text>\n",
                   sx, ly + style.swatch_dy, style.swatch_w, style.swatch_h,
                   colour, style.township_coverage_opacity,
                   sx + style.swatch_text_dx, ly, shares[i] * 100);
    }
    ly += style.key_row;
    yj_out_fmt(c->w, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%g\" fill=\"none\" "
                     "stroke=\"%s\" stroke-dasharray=\"%s\"/><text "
                     "x=\"%.0f\" y=\"%.0f\">虚线圈：驿站 %.0f m 范围</text>\n",
               x + style.ring_key_r, ly + style.key_dy, style.ring_key_r,
               style.ring_colour, style.ring_dash, x + style.key_text_dx, ly,
               cov->radius_m);
    ly += style.key_row;
    yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\">有驿站的镇街：%zu / %zu%s"
                     "</text>\n", x, ly, cov->townships_covered,
               cov->townships,
               cov->townships_covered == cov->townships ? "（全覆盖）" : "");
}

/* At the legend's foot: a scale bar of a nice length of about
 * scale_target_px at the centre latitude, the north arrow (Web Mercator
 * keeps north straight up) and the credit line; then the legend closes. */
static void draw_legend_foot(canvas *c)
{
    double lat = (c->d->box.south + c->d->box.north) / 2;
    double ppm = px_per_m(c->v, lat);
    double len = nice_length(style.scale_target_px / ppm);
    double bx = legend_x(), by = PAGE_H - MARGIN - style.scale_up;
    double nx = bx + LEGEND_W - style.north_left_of_end;

    yj_out_fmt(c->w, "<g id=\"scale-bar\"><rect x=\"%.1f\" y=\"%.1f\" "
                     "width=\"%.1f\" height=\"%g\" fill=\"%s\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\">0</text><text x=\"%.1f\" "
                     "y=\"%.1f\" text-anchor=\"middle\">%.0f km</text></g>\n",
               bx, by, len * ppm, style.scale_h, style.legend_fill, bx - 2,
               by + style.scale_text_dy, bx + len * ppm,
               by + style.scale_text_dy, len / 1000.0);
    yj_out_fmt(c->w, "<g id=\"north-arrow\"><path d=\"M%.1f %.1f l10 28 "
                     "l-10 -8 l-10 8 Z\" fill=\"%s\"/><text x=\"%.1f\" "
                     "y=\"%.1f\" text-anchor=\"middle\" font-size=\"%g\" "
                     "font-weight=\"bold\">北</text></g>\n",
               nx, PAGE_H - MARGIN - style.north_up, style.legend_fill, nx,
               PAGE_H - MARGIN - style.north_text_up, style.north_size);
    yj_out_fmt(c->w, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"%g\" "
                     "fill=\"%s\">Web 墨卡托投影 · 边界：参考数据（许可"
                     "未知）</text>\n", bx, PAGE_H - MARGIN,
               style.credit_size, style.note_fill);
    yj_out_str(c->w, "</g>\n");
}

/* The whole map, layer by layer, bottom to top (see the top of the file).
 * Sorts d's stations by point and places them on the page. */
static void svg_map(yj_writer *w, map_data *d, const yj_map_options *o,
                    const view *v, const yj_coverage *cov)
{
    canvas c;
    double ly;

    memset(&c, 0, sizeof c);
    c.w = w;
    c.d = d;
    c.o = o;
    c.v = v;
    c.cov = cov;
    /* township names, markers and station names */
    c.boxes = calloc(d->n_areas + d->n_stations * 3 + 8, sizeof *c.boxes);
    if (d->n_stations > 0)  /* none: no array, and qsort takes no NULL */
        qsort(d->stations, d->n_stations, sizeof *d->stations, by_point);
    place_stations(d, v);
    draw_svg_open(&c);
    draw_areas(&c);
    draw_township_names(&c);
    if (o->coverage)
        draw_rings(&c);
    if (o->has_origin)
        draw_links_to_nearest(&c);
    draw_stations(&c);
    draw_stack_counts(&c);
    draw_station_names(&c);
    if (o->has_origin)
        draw_origin(&c);
    ly = draw_legend_head(&c);
    ly = draw_legend_keys(&c, ly);
    if (o->coverage)
        draw_legend_coverage(&c, ly);
    draw_legend_foot(&c);
    yj_out_str(w, "</svg>\n");
    free(c.boxes);
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

/* The outlines, the stations (the k nearest marked) and, with --coverage,
 * each township's share within the radius, into d and cov. */
static yj_code load_map_data(map_data *d, yj_coverage *cov, yj_db *db,
                             const yj_map_options *o, yj_error *err)
{
    yj_code rc;
    size_t i, j;

    d->box.west = 120.0;
    d->box.east = 120.7;
    d->box.south = 29.8;
    d->box.north = 30.4;
    if ((rc = yj_areas_load(&d->areas, &d->n_areas, db, err)) != YJ_OK)
        return rc;
    if ((d->share = malloc((d->n_areas + 1) * sizeof *d->share)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    for (i = 0; i < d->n_areas; i++) {
        d->share[i] = -1.0;
        if (d->areas[i].district && d->areas[i].shape.n_rings > 0)
            d->box = d->areas[i].shape.box;
    }
    if ((rc = yj_db_list(db, o->filter, take_station, d, err)) != YJ_OK ||
        (rc = d->rc) != YJ_OK)
        return rc;
    if (o->has_origin) {
        yj_near near;
        near.origin = o->origin;
        near.k = o->k;
        near.within_m = 0;
        if ((rc = yj_nearest(NULL, db, &near, o->filter, mark_hit, d,
                             err)) != YJ_OK)
            return rc;
    }
    if (o->coverage) {
        if ((rc = yj_coverage_compute(cov, db, o->radius_m, 100.0, err)) != YJ_OK)
            return rc;
        for (i = 0; i < d->n_areas; i++)
            for (j = 0; j < cov->n_rows; j++)
                if (strcmp(d->areas[i].name, cov->rows[j].name) == 0)
                    d->share[i] = cov->rows[j].share_within;
    }
    return YJ_OK;
}

/* Fit the district (and the origin) into the page left of the legend. */
static void fit_view(view *v, const map_data *d, const yj_map_options *o)
{
    double mx0, mx1, my0, my1, sx, sy;

    mx0 = merc_x(d->box.west);
    mx1 = merc_x(d->box.east);
    my0 = merc_y(d->box.south);
    my1 = merc_y(d->box.north);
    if (o->has_origin) {
        mx0 = fmin(mx0, merc_x(o->origin.lon));
        mx1 = fmax(mx1, merc_x(o->origin.lon));
        my0 = fmin(my0, merc_y(o->origin.lat));
        my1 = fmax(my1, merc_y(o->origin.lat));
    }
    sx = (PAGE_W - LEGEND_W - 2.5 * MARGIN) / (mx1 - mx0);
    sy = (PAGE_H - 2 * MARGIN) / (my1 - my0);
    v->scale = fmin(sx, sy);
    v->x0 = mx0;
    v->y0 = my0;
    v->top = PAGE_H - MARGIN -
             ((PAGE_H - 2 * MARGIN) - (my1 - my0) * v->scale) / 2;
}

/* The SVG alone, or inside the page with its filter bar and script. */
static void write_document(yj_writer *w, map_data *d, const yj_map_options *o,
                           const view *v, const yj_coverage *cov)
{
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
    svg_map(w, d, o, v, cov);
    if (o->html) {
        yj_out_str(w, "</div>\n<div id=\"info\"></div>\n");
        yj_out_str(w, page_script);
    }
}

yj_code yj_map_write(FILE *fp, yj_db *db, const yj_map_options *o,
                     yj_error *err)
{
    map_data d;
    yj_coverage cov;
    yj_writer *w = NULL;
    view v;
    yj_code rc;

    memset(&d, 0, sizeof d);
    memset(&cov, 0, sizeof cov);
    d.err = err;
    if (o->coverage &&
        !(o->radius_m > 0 && o->radius_m <= YJ_DISTANCE_MAX_M))
        return yj_fail(err, YJ_EINVAL, "map: radius %g m is not more than 0 "
                       "and at most %.0f m", o->radius_m, YJ_DISTANCE_MAX_M);
    if (o->has_origin && (rc = yj_crs_check_point(o->origin, err)) != YJ_OK)
        return rc;
    if ((rc = load_map_data(&d, &cov, db, o, err)) != YJ_OK)
        goto done;
    fit_view(&v, &d, o);
    /* a writer only for its buffered output and escaping */
    if ((rc = yj_writer_new(&w, fp, YJ_FORMAT_JSON, false, err)) != YJ_OK)
        goto done;
    write_document(w, &d, o, &v, &cov);
    yj_out_flush(w);
    if (fflush(fp) != 0 || ferror(fp))
        rc = yj_fail(err, YJ_EIO, "writing the map failed");
done:
    yj_writer_free(w);
    yj_coverage_clear(&cov);
    free_data(&d);
    return rc;
}

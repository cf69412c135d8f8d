/* writer_xml.c — the XML formats for offline map apps (WGS84 both):
 *
 *   KML 2.2  a Document with one Style per category and a Placemark per
 *            station: name, address, a description people read, styleUrl,
 *            ExtendedData with every field, and a Point (none when the
 *            station has no coordinates).
 *   GPX 1.1  a waypoint per located station, children in the schema's
 *            order: name, cmt (hours and amenities), desc (address,
 *            township, precision, phone, links), type (the category:
 *            OsmAnd groups favourites by it), and OsmAnd's extensions
 *            (colour, icon, address); the groups' styles in the root
 *            extensions.  Organic Maps reads name, desc and cmt.
 *
 * Both use Chinese labels by default (yj_labels): KML's ExtendedData
 * values as labels with a displayName per field, GPX's type and groups
 * as the category's label; with codes, the codes.  The descriptions are
 * for people and always in Chinese.
 *
 * Text is escaped per XML 1.0: & < > " ' as entities, CR as &#13; (a
 * parser would otherwise turn it into LF); characters XML 1.0 cannot hold
 * at all (C0 controls but tab and LF, U+FFFE, U+FFFF, broken UTF-8)
 * become U+FFFD. */
#include "writer.h"
#include "station.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"

void yj_xml_text(yj_writer *w, const char *s)
{
    const char *run = s, *p = s;
    size_t len = strlen(s);

    while (*p != '\0') {
        unsigned char c = (unsigned char)*p;
        const char *esc = NULL;
        size_t n = 1;

        if (c >= 0x80) {
            uint32_t cp;
            n = yj_utf8_decode(p, len - (size_t)(p - s), &cp);
            if (n == 0) {
                esc = REPLACEMENT;
                n = 1;
            } else if (cp == 0xFFFE || cp == 0xFFFF) {
                esc = REPLACEMENT;
            }
        } else if (c == '&') {
            esc = "&amp;";
        } else if (c == '<') {
            esc = "&lt;";
        } else if (c == '>') {
            esc = "&gt;";
        } else if (c == '"') {
            esc = "&quot;";
        } else if (c == '\'') {
            esc = "&apos;";
        } else if (c == '\r') {
            esc = "&#13;";
        } else if (c < 0x20 && c != '\t' && c != '\n') {
            esc = REPLACEMENT;
        }
        if (esc != NULL) {
            yj_out(w, run, (size_t)(p - run));
            yj_out_str(w, esc);
            run = p + n;
        }
        p += n;
    }
    yj_out(w, run, (size_t)(p - run));
}

/* <tag>text</tag> */
static void element(yj_writer *w, const char *tag, const char *text)
{
    yj_out_fmt(w, "<%s>", tag);
    yj_xml_text(w, text);
    yj_out_fmt(w, "</%s>", tag);
}

static const char *header =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
static const char *title = "萧山区爱心驿家";

/* One colour per category, in the order of yj_categories(): RGB. */
static const char *const palette[] = {
    "e6194b", "3cb44b", "4363d8", "f58231", "911eb4", "42d4f4", "f032e6",
    "bfef45", "469990", "9a6324", "800000", "808000", "000075", "a9a9a9",
    "ffe119", "000000",
};
#define N_PALETTE (sizeof palette / sizeof palette[0])

/* The index of a category in yj_categories(), or -1. */
static int category_index(const char *code)
{
    const yj_term *t = yj_categories();
    int i;

    for (i = 0; t[i].code != NULL; i++)
        if (strcmp(t[i].code, code) == 0)
            return i;
    return -1;
}

static const char *colour_of(int category)
{
    return category >= 0 && (size_t)category < N_PALETTE - 1
               ? palette[category]
               : palette[N_PALETTE - 1];
}

static const char *category_label(const yj_station *s)
{
    const char *label = yj_term_label(yj_categories(),
                                      s->text[YJ_F_CATEGORY]);
    return label != NULL ? label
           : s->text[YJ_F_CATEGORY][0] != '\0' ? s->text[YJ_F_CATEGORY]
                                               : "爱心驿家";
}

/* "饮水、休息" from "drinking_water;rest" (station.c's labels), escaped;
 * "未知" for none when `unknown`. */
void yj_xml_amenity_labels(yj_writer *w, const char *list, bool unknown)
{
    char small[1024], *big = NULL;
    size_t n = yj_amenity_labels(small, sizeof small, list);

    /* out of memory for a long list: its beginning */
    if (n >= sizeof small && (big = malloc(n + 1)) != NULL)
        yj_amenity_labels(big, n + 1, list);
    yj_xml_text(w, big != NULL ? big : small);
    free(big);
    if (n == 0 && unknown)
        yj_out_str(w, "未知");
}

/* A labelled line of a description: "标签：text\n". */
static void line(yj_writer *w, const char *label, const char *text)
{
    if (text[0] == '\0')
        return;
    yj_out_str(w, label);
    yj_out_str(w, "：");
    yj_xml_text(w, text);
    yj_out_char(w, '\n');
}

static void hit_line(yj_writer *w, const yj_hit *hit)
{
    if (hit != NULL)
        yj_out_fmt(w, "第 %zu 近：%.0f m，方位 %.0f° %s%s\n", hit->rank,
                hit->distance_m, hit->bearing_deg,
                yj_compass_zh(hit->bearing_deg),
                hit->approximate ? "（约）" : "");
}

/* What people read: address, township, hours, amenities, precision,
 * phone and the links, one per line. */
static void description(yj_writer *w, const yj_station *s, const yj_hit *hit,
                        bool hours_and_amenities)
{
    char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX];
    double accuracy_m;

    hit_line(w, hit);
    line(w, "地址", s->text[YJ_F_ADDRESS]);
    line(w, "镇街", s->text[YJ_F_TOWNSHIP]);
    if (hours_and_amenities) {
        line(w, "开放时间", s->text[YJ_F_OPENING_HOURS][0] != '\0'
                                 ? s->text[YJ_F_OPENING_HOURS]
                                 : "未知");
        yj_out_str(w, "服务设施：");
        yj_xml_amenity_labels(w, s->text[YJ_F_AMENITIES], true);
        yj_out_char(w, '\n');
    }
    if (yj_station_accuracy_m(&accuracy_m, s)) {
        char text[96], num[32];
        yj_format_fixed(num, accuracy_m, 0);
        snprintf(text, sizeof text, "%s ±%s m",
                 yj_station_precision_label(s, false), num);
        line(w, "定位", text);
    } else {
        line(w, "定位", yj_station_precision_label(s, false));
    }
    line(w, "电话", s->text[YJ_F_PHONE]);
    yj_writer_links(s, amap, baidu);
    line(w, "高德地图", amap);
    line(w, "百度地图", baidu);
    yj_out_fmt(w, "编号：");
    yj_xml_text(w, s->text[YJ_F_ID]);
}

/* ---- KML ----------------------------------------------------------------- */

static void kml_begin(yj_writer *w)
{
    const yj_term *t = yj_categories();
    int i;

    yj_out_str(w, header);
    yj_out_str(w, "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n"
                  "<Document>\n");
    element(w, "name", title);
    yj_out_str(w, "\n<description>");
    yj_out_fmt(w, "萧山区总工会爱心驿家服务站点（WGS84），由 yijia %s 导出。",
            yj_version());
    yj_out_str(w, "</description>\n");
    for (i = 0; t[i].code != NULL; i++) {
        const char *rgb = colour_of(i);
        /* KML colours are aabbggrr */
        yj_out_fmt(w,
                "<Style id=\"cat-%s\"><IconStyle><color>ff%.2s%.2s%.2s"
                "</color></IconStyle><LabelStyle><scale>0.8</scale>"
                "</LabelStyle></Style>\n",
                t[i].code, rgb + 4, rgb + 2, rgb);
    }
}

/* A Data element; `label` (or NULL) is the name people read. */
static void kml_data(yj_writer *w, const char *name, const char *label,
                     const char *value)
{
    yj_out_fmt(w, "<Data name=\"%s\">", name);
    if (label != NULL)
        yj_out_fmt(w, "<displayName>%s</displayName>", label);
    yj_out_str(w, "<value>");
    yj_xml_text(w, value);
    yj_out_str(w, "</value></Data>");
}

static void kml_record(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    char lon[32], lat[32], buf[64], value[YJ_VALUE_MAX];
    int f;

    yj_out_str(w, "<Placemark>");
    element(w, "name", s->text[YJ_F_NAME]);
    element(w, "address", s->text[YJ_F_ADDRESS]);
    yj_out_str(w, "<description>");
    description(w, s, hit, true);
    yj_out_str(w, "</description>");
    if (category_index(s->text[YJ_F_CATEGORY]) >= 0)
        yj_out_fmt(w, "<styleUrl>#cat-%s</styleUrl>", s->text[YJ_F_CATEGORY]);
    yj_out_str(w, "<ExtendedData>");
    if (hit != NULL) {
        snprintf(buf, sizeof buf, "%zu", hit->rank);
        kml_data(w, "rank", w->zh ? "名次" : NULL, buf);
        snprintf(buf, sizeof buf, "%.1f", hit->distance_m);
        kml_data(w, "distance_m", w->zh ? "距离（米）" : NULL, buf);
        snprintf(buf, sizeof buf, "%.1f", hit->bearing_deg);
        kml_data(w, "bearing_deg", w->zh ? "方位角（度）" : NULL, buf);
    }
    for (f = 0; f < YJ_F_COUNT; f++)
        kml_data(w, yj_field_name((yj_field)f),
                 w->zh ? yj_field_label((yj_field)f) : NULL,
                 yj_writer_value(w, s, (yj_field)f, value));
    if (w->open) {
        const char *vals[YJ_OPEN_COLUMNS];
        char open_buf[512];
        int i;
        yj_writer_open_values(w, s, hit, open_buf, vals);
        for (i = 0; i < YJ_OPEN_COLUMNS; i++)
            kml_data(w, yj_open_column_names[i], NULL, vals[i]);
    }
    yj_out_str(w, "</ExtendedData>");
    if (s->has_point) {
        yj_writer_degrees(lon, s->lon, 7);
        yj_writer_degrees(lat, s->lat, 7);
        yj_out_fmt(w, "<Point><coordinates>%s,%s</coordinates></Point>", lon,
                lat);
    }
    yj_out_str(w, "</Placemark>\n");
}

static void kml_end(yj_writer *w)
{
    yj_out_str(w, "</Document>\n</kml>\n");
}

const yj_format_ops yj_kml_ops = {"kml", YJ_CRS_WGS84, false, true,
                                  kml_begin, kml_record, kml_end};

/* ---- GPX ----------------------------------------------------------------- */

#define OSMAND_NS "https://osmand.net/docs/technical/osmand-file-formats/osmand-gpx"

static void gpx_begin(yj_writer *w)
{
    yj_out_str(w, header);
    yj_out_fmt(w,
            "<gpx version=\"1.1\" creator=\"yijia %s\" "
            "xmlns=\"http://www.topografix.com/GPX/1/1\" "
            "xmlns:osmand=\"" OSMAND_NS "\">\n<metadata>",
            yj_version());
    element(w, "name", title);
    element(w, "desc", "萧山区总工会爱心驿家服务站点：户外劳动者可在此饮水、"
                           "休息、热饭、充电、避雨。");
    yj_out_str(w, "</metadata>\n");
}

static void gpx_record(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    char lon[32], lat[32];
    int category = category_index(s->text[YJ_F_CATEGORY]);

    if (category >= 0 && category < (int)(sizeof w->categories_seen * 8))
        w->categories_seen |= 1UL << category;
    yj_writer_degrees(lon, s->lon, 7);
    yj_writer_degrees(lat, s->lat, 7);
    yj_out_fmt(w, "<wpt lat=\"%s\" lon=\"%s\">", lat, lon);
    element(w, "name", s->text[YJ_F_NAME]);
    yj_out_str(w, "<cmt>开放时间：");
    yj_xml_text(w, s->text[YJ_F_OPENING_HOURS][0] != '\0'
                     ? s->text[YJ_F_OPENING_HOURS]
                     : "未知");
    yj_out_str(w, "；服务设施：");
    yj_xml_amenity_labels(w, s->text[YJ_F_AMENITIES], true);
    if (w->open) {
        const char *vals[YJ_OPEN_COLUMNS];
        char open_buf[512];
        yj_writer_open_values(w, s, hit, open_buf, vals);
        yj_out_str(w, "；");
        yj_xml_text(w, vals[2]);
    }
    yj_out_str(w, "</cmt><desc>");
    description(w, s, hit, false);
    yj_out_str(w, "</desc>");
    element(w, "type", w->zh ? category_label(s) : s->text[YJ_F_CATEGORY]);
    yj_out_fmt(w, "<extensions><osmand:icon>special_star</osmand:icon>"
                "<osmand:background>circle</osmand:background>"
                "<osmand:color>#%s</osmand:color>", colour_of(category));
    element(w, "osmand:address", s->text[YJ_F_ADDRESS]);
    yj_out_str(w, "</extensions></wpt>\n");
}

static void gpx_end(yj_writer *w)
{
    const yj_term *t = yj_categories();
    int i;

    if (w->categories_seen != 0) {
        yj_out_str(w, "<extensions><osmand:points_groups>\n");
        for (i = 0; t[i].code != NULL; i++) {
            if (!(w->categories_seen & (1UL << i)))
                continue;
            yj_out_str(w, "<group name=\"");
            yj_xml_text(w, w->zh ? t[i].zh : t[i].code);
            yj_out_fmt(w, "\" color=\"#%s\" icon=\"special_star\" "
                           "background=\"circle\"/>\n", colour_of(i));
        }
        yj_out_str(w, "</osmand:points_groups></extensions>\n");
    }
    yj_out_str(w, "</gpx>\n");
}

const yj_format_ops yj_gpx_ops = {"gpx", YJ_CRS_WGS84, true, true,
                                  gpx_begin, gpx_record, gpx_end};

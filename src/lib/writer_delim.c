/* writer_delim.c — delimited text: CSV and TSV with the stations.csv
 * columns (so a list or an export imports again, field for field), and the
 * CSVs the map platforms import in bulk (geocoding-apis.md §5.3):
 *
 *   amap-csv   _name, _location ("lng,lat" in one cell, GCJ-02), _address,
 *              coordtype=autonavi — the field names of Amap's cloud tables
 *              (云图) — then id, township, category, amenities,
 *              opening_hours, phone, coord_precision and the marker links;
 *   baidu-csv  title, address, longitude, latitude, coord_type=3 (bd09ll) —
 *              Baidu LBS cloud's poi/upload columns — then the same
 *              fields as custom columns.
 *
 * Under Chinese labels (yj_labels: the platform CSVs' default, csv/tsv
 * when asked) coded values are written as their labels; csv/tsv then
 * also take the Chinese headers (yj_field_label) that import reads back.
 * The platform CSVs keep their ASCII column names: the platforms take
 * only letters, digits and _ in a field name.
 *
 * Fields are quoted per RFC 4180 when they hold the delimiter, a quote, CR
 * or LF.  A ranked CSV/TSV adds rank, distance and bearing first and the
 * links last.  CSV/TSV start with a byte order mark when the caller asks
 * (Excel); the platform CSVs never do (servers parse them, and a BOM would
 * become part of the first column's name). */
#include "writer.h"


static const char *const rank_columns[] = {"rank", "distance_m",
                                           "bearing_deg", "direction"};
static const char *const link_columns[] = {"amap_url", "baidu_url"};
/* The same under Chinese labels (import ignores them, as it does the
 * English ones). */
static const char *const rank_columns_zh[] = {"名次", "距离（米）",
                                              "方位角（度）", "方向"};
static const char *const link_columns_zh[] = {"高德地图", "百度地图"};

/* The opening status columns, last (when asked for). */
static void open_header(yj_writer *w, char delim)
{
    int i;

    for (i = 0; w->open && i < YJ_OPEN_COLUMNS; i++) {
        yj_out_char(w, delim);
        yj_out_str(w, yj_open_column_names[i]);
    }
}

static void open_values(yj_writer *w, const yj_station *s, const yj_hit *hit,
                        char delim)
{
    const char *vals[YJ_OPEN_COLUMNS];
    char buf[512];
    int i;

    if (!w->open)
        return;
    yj_writer_open_values(w, s, hit, buf, vals);
    for (i = 0; i < YJ_OPEN_COLUMNS; i++) {
        yj_out_char(w, delim);
        yj_out_csv_field(w, vals[i], delim);
    }
}

static char delim_of(const yj_writer *w)
{
    return w->format == YJ_FORMAT_TSV ? '\t' : ',';
}

static void bom(yj_writer *w)
{
    if (w->bom)
        yj_out_str(w, "\xEF\xBB\xBF");
}

/* ---- CSV and TSV: the stations.csv columns -------------------------------- */

static void stations_begin(yj_writer *w)
{
    char delim = delim_of(w);
    size_t i;
    int f;

    bom(w);
    for (i = 0; w->ranked && i < 4; i++) {
        yj_out_str(w, w->zh ? rank_columns_zh[i] : rank_columns[i]);
        yj_out_char(w, delim);
    }
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            yj_out_char(w, delim);
        yj_out_str(w, w->zh ? yj_field_label((yj_field)f)
                            : yj_field_name((yj_field)f));
    }
    for (i = 0; w->ranked && i < 2; i++) {
        yj_out_char(w, delim);
        yj_out_str(w, w->zh ? link_columns_zh[i] : link_columns[i]);
    }
    open_header(w, delim);
    yj_out_char(w, '\n');
}

static void stations_record(yj_writer *w, const yj_station *s,
                            const yj_hit *hit)
{
    char delim = delim_of(w);
    char buf[YJ_VALUE_MAX];
    int f;

    if (hit != NULL)
        yj_out_fmt(w, "%zu%c%.1f%c%.1f%c%s%c", hit->rank, delim,
                hit->distance_m, delim, hit->bearing_deg, delim,
                yj_compass_zh(hit->bearing_deg), delim);
    for (f = 0; f < YJ_F_COUNT; f++) {
        if (f > 0)
            yj_out_char(w, delim);
        yj_out_csv_field(w, yj_writer_value(w, s, (yj_field)f, buf), delim);
    }
    if (hit != NULL) {
        char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX];
        yj_writer_links(s, amap, baidu);
        yj_out_char(w, delim);
        yj_out_csv_field(w, amap, delim);
        yj_out_char(w, delim);
        yj_out_csv_field(w, baidu, delim);
    }
    open_values(w, s, hit, delim);
    yj_out_char(w, '\n');
}

static void nothing(yj_writer *w)
{
    (void)w;
}

const yj_format_ops yj_csv_ops = {"csv", YJ_CRS_WGS84, false, false,
                                  stations_begin, stations_record, nothing};
const yj_format_ops yj_tsv_ops = {"tsv", YJ_CRS_WGS84, false, false,
                                  stations_begin, stations_record, nothing};

/* ---- the map platforms' import CSVs --------------------------------------- */

/* Our fields after the platform's own columns. */
static const yj_field extra_fields[] = {
    YJ_F_ID, YJ_F_TOWNSHIP, YJ_F_CATEGORY, YJ_F_AMENITIES,
    YJ_F_OPENING_HOURS, YJ_F_PHONE, YJ_F_COORD_PRECISION,
};
#define N_EXTRA (sizeof extra_fields / sizeof extra_fields[0])

static void extra_header(yj_writer *w)
{
    size_t i;

    for (i = 0; i < N_EXTRA; i++)
        yj_out_fmt(w, ",%s", yj_field_name(extra_fields[i]));
    yj_out_str(w, ",amap_url,baidu_url");
    open_header(w, ',');
    yj_out_char(w, '\n');
}

static void extra_values(yj_writer *w, const yj_station *s,
                         const yj_hit *hit)
{
    char amap[YJ_LINK_MAX], baidu[YJ_LINK_MAX], buf[YJ_VALUE_MAX];
    size_t i;

    for (i = 0; i < N_EXTRA; i++) {
        yj_out_char(w, ',');
        yj_out_csv_field(w, yj_writer_value(w, s, extra_fields[i], buf), ',');
    }
    yj_writer_links(s, amap, baidu);
    yj_out_char(w, ',');
    yj_out_csv_field(w, amap, ',');
    yj_out_char(w, ',');
    yj_out_csv_field(w, baidu, ',');
    open_values(w, s, hit, ',');
    yj_out_char(w, '\n');
}

/* The station's point in `crs` with 6 decimals (0.1 m), as the platforms
 * take it. */
static void point_text(char lon[32], char lat[32], const yj_station *s,
                       yj_crs crs)
{
    yj_lonlat p;

    yj_writer_point(&p, s, crs);
    yj_writer_degrees(lon, p.lon, 6);
    yj_writer_degrees(lat, p.lat, 6);
}

static void amap_begin(yj_writer *w)
{
    yj_out_str(w, "_name,_location,_address,coordtype");
    extra_header(w);
}

static void amap_record(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    char lon[32], lat[32];

    point_text(lon, lat, s, YJ_CRS_GCJ02);
    yj_out_csv_field(w, s->text[YJ_F_NAME], ',');
    yj_out_fmt(w, ",\"%s,%s\",", lon, lat);
    yj_out_csv_field(w, s->text[YJ_F_ADDRESS], ',');
    yj_out_str(w, ",autonavi");
    extra_values(w, s, hit);
}

static void baidu_begin(yj_writer *w)
{
    yj_out_str(w, "title,address,longitude,latitude,coord_type");
    extra_header(w);
}

static void baidu_record(yj_writer *w, const yj_station *s,
                         const yj_hit *hit)
{
    char lon[32], lat[32];

    point_text(lon, lat, s, YJ_CRS_BD09);
    yj_out_csv_field(w, s->text[YJ_F_NAME], ',');
    yj_out_char(w, ',');
    yj_out_csv_field(w, s->text[YJ_F_ADDRESS], ',');
    yj_out_fmt(w, ",%s,%s,3", lon, lat);
    extra_values(w, s, hit);
}

const yj_format_ops yj_amap_csv_ops = {"amap-csv", YJ_CRS_GCJ02, true, true,
                                       amap_begin, amap_record, nothing};
const yj_format_ops yj_baidu_csv_ops = {"baidu-csv", YJ_CRS_BD09, true, true,
                                        baidu_begin, baidu_record, nothing};

/* writer.h — private to the writers: the writer state, the table of output
 * formats (one entry per yj_format, each owned by one writer_*.c file) and
 * the helpers they share (links, coordinates in the format's CRS, numbers).
 * yijia.h has the public side. */
#ifndef YJ_WRITER_H
#define YJ_WRITER_H

#include "yijia.h"

#include <string.h>

#define YJ_LINK_MAX 2048

#define YJ_WRITER_BUFFER (1u << 16)

struct yj_writer {
    FILE *fp;
    char *out;          /* YJ_WRITER_BUFFER bytes, written to fp when full */
    size_t out_len;
    yj_format format;
    const struct yj_format_ops *ops;
    bool ranked;
    bool bom;           /* CSV: start with a UTF-8 byte order mark */
    bool formula_guard; /* cells that would be formulas get a ' first */
    bool zh;            /* coded values as Chinese labels (yj_labels) */
    size_t count;       /* records written */
    size_t skipped;     /* stations a point-only format had to leave out */
    unsigned long categories_seen; /* GPX: bit i = yj_categories()[i] */
    bool open;          /* add the opening status */
    const yj_calendar *calendar;
    int64_t open_at;
    double speed_kmh;   /* > 0: at arrival (ranked writers) */
    char *members;      /* GeoJSON: extra top-level members, or NULL */
    bool single;        /* GeoJSON: one Feature document, no collection */
    yj_writer_memo *memo; /* the stations' JSON members written before */
    unsigned long flushes; /* times the buffer went out (yj_out_flush) */
};

/* The opening status columns and their values for a record (when w->open):
 * n columns named names[i], values filled into vals (text in buf). */
#define YJ_OPEN_COLUMNS 5
extern const char *const yj_open_column_names[YJ_OPEN_COLUMNS];
void yj_writer_open_values(const yj_writer *w, const yj_station *s,
                           const yj_hit *hit, char buf[512],
                           const char *vals[YJ_OPEN_COLUMNS]);

/* One output format: what it writes before the first record, per record
 * (hit is NULL for an unranked writer) and at the end (after the last or
 * with no record at all). */
typedef struct yj_format_ops {
    const char *name;    /* for --format */
    yj_crs crs;          /* of the coordinates it writes */
    bool needs_point;    /* leaves out stations without coordinates */
    bool zh;             /* Chinese labels by default (YJ_LABELS_DEFAULT) */
    void (*begin)(yj_writer *w);
    void (*record)(yj_writer *w, const yj_station *s, const yj_hit *hit);
    void (*end)(yj_writer *w);
} yj_format_ops;

extern const yj_format_ops yj_csv_ops, yj_tsv_ops, yj_amap_csv_ops,
    yj_baidu_csv_ops;                                     /* writer_delim.c */
extern const yj_format_ops yj_json_ops, yj_geojson_ops, yj_amap_ops,
    yj_baidu_ops;                                         /* writer_json.c */
extern const yj_format_ops yj_kml_ops, yj_gpx_ops;        /* writer_xml.c */

/* The station's point in `crs` (false when it has none, or the conversion
 * refuses it). */
bool yj_writer_point(yj_lonlat *out, const yj_station *s, yj_crs crs);

/* The size of the buffer yj_writer_value may need: every amenity code
 * (4 bytes at least, with its separator) as a label of at most 18 bytes
 * and its 3-byte separator. */
#define YJ_VALUE_MAX (YJ_FIELD_MAX * 5 + 1)

/* Field f of s as the writer words it: a coded field (category,
 * amenities, amenities_source, coord_precision) as its Chinese label(s)
 * when w->zh (amenities joined with 、; an unknown code as it is), else
 * the stored text.  buf[YJ_VALUE_MAX] holds a label list; the result is
 * static, s's or buf. */
const char *yj_writer_value(const yj_writer *w, const yj_station *s,
                            yj_field f, char *buf);

/* The station's Amap and Baidu marker links, or "" when it has none. */
void yj_writer_links(const yj_station *s, char *amap, char *baidu);

/* Degrees with at most `decimals` decimals and no trailing zeros into
 * buf[32] ("120.2930", "-0" written as "0"). */
void yj_writer_degrees(char *buf, double v, int decimals);

/* A JSON string literal (RFC 8259 escaping). */
void yj_writer_json_string(yj_writer *w, const char *s);

/* The memo's JSON members of station `id` as written in `variant` (the
 * members differ by the layer's CRS and labels: yj_json_memo_variant),
 * or NULL (*len set). */
const char *yj_json_memo_get(const yj_writer_memo *m, const char *id,
                             int variant, size_t *len);
/* Keep text[0..len) as station id's members in `variant` (copied; a
 * failure to keep it is no failure of the writer). */
void yj_json_memo_put(yj_writer_memo *m, const char *id, int variant,
                      const char *text, size_t len);
static inline int yj_json_memo_variant(const yj_writer *w)
{
    return (int)w->ops->crs * 2 + (w->zh ? 1 : 0);
}

/* Output goes through the writer's own buffer: one fwrite per 64 KiB
 * instead of a hundred stdio calls per record. */
void yj_out_flush(yj_writer *w);
static inline void yj_out(yj_writer *w, const char *p, size_t n)
{
    if (w->out_len + n > YJ_WRITER_BUFFER) {
        yj_out_flush(w);
        if (n > YJ_WRITER_BUFFER) {
            fwrite(p, 1, n, w->fp);
            w->flushes++;
            return;
        }
    }
    memcpy(w->out + w->out_len, p, n);
    w->out_len += n;
}
static inline void yj_out_str(yj_writer *w, const char *s)
{
    yj_out(w, s, strlen(s));
}
static inline void yj_out_char(yj_writer *w, char c)
{
    if (w->out_len == YJ_WRITER_BUFFER)
        yj_out_flush(w);
    w->out[w->out_len++] = c;
}
void yj_out_fmt(yj_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* XML text and attribute values (writer_xml.c's escaping). */
void yj_xml_text(yj_writer *w, const char *s);
/* yj_amenity_labels, escaped ("未知" for none when `unknown`). */
void yj_xml_amenity_labels(yj_writer *w, const char *list, bool unknown);
/* A CSV/TSV field, quoted when it holds the delimiter, a quote, CR or LF
 * (RFC 4180; quotes doubled). */
void yj_out_csv_field(yj_writer *w, const char *s, char delim);

#endif

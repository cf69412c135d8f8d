/* writer.c — the streaming station writer: the table of output formats,
 * dispatch to the format that owns each (writer_delim.c: CSV, TSV and the
 * Amap/Baidu import CSVs; writer_json.c: JSON and the GeoJSON layers;
 * writer_xml.c: KML and GPX), and the helpers they share.  Records are
 * written as they come: memory does not grow with their number.  Write
 * errors surface from yj_writer_finish via ferror. */
#include "writer.h"

#include "error.h"
#include "station.h"
#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Indexed by yj_format. */
static const yj_format_ops *const formats[] = {
    &yj_csv_ops,  &yj_tsv_ops,       &yj_json_ops,  &yj_geojson_ops,
    &yj_amap_ops, &yj_amap_csv_ops,  &yj_baidu_ops, &yj_baidu_csv_ops,
    &yj_kml_ops,  &yj_gpx_ops,
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

bool yj_format_from_name(yj_format *out, const char *name)
{
    size_t i;

    for (i = 0; i < N_FORMATS; i++) {
        if (strcmp(formats[i]->name, name) == 0) {
            *out = (yj_format)i;
            return true;
        }
    }
    return false;
}

const char *yj_format_name(yj_format format)
{
    return (size_t)format < N_FORMATS ? formats[format]->name : "";
}

const char *yj_format_names(void)
{
    static char names[128];
    size_t i, used = 0;

    if (names[0] == '\0') {
        for (i = 0; i < N_FORMATS; i++) {
            int n = snprintf(names + used, sizeof names - used, "%s%s",
                             i ? ", " : "", formats[i]->name);
            if (n > 0)
                used += (size_t)n;
        }
    }
    return names;
}

yj_code yj_writer_new(yj_writer **out, FILE *fp, yj_format format,
                      bool ranked, yj_error *err)
{
    yj_writer *w;

    *out = NULL;
    if ((size_t)format >= N_FORMATS)
        return yj_fail(err, YJ_EINVAL, "no output format %d", (int)format);
    if ((w = calloc(1, sizeof *w)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    if ((w->out = malloc(YJ_WRITER_BUFFER)) == NULL) {
        free(w);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    w->fp = fp;
    w->format = format;
    w->ops = formats[format];
    w->ranked = ranked;
    w->zh = w->ops->zh;
    /* the CSVs people open in Excel; TSV is for scripts */
    w->formula_guard = format == YJ_FORMAT_CSV ||
                       format == YJ_FORMAT_AMAP_CSV ||
                       format == YJ_FORMAT_BAIDU_CSV;
    *out = w;
    return YJ_OK;
}

void yj_writer_set_bom(yj_writer *w, bool bom)
{
    w->bom = bom;
}

bool yj_labels_from_name(yj_labels *out, const char *name)
{
    if (strcmp(name, "zh") == 0)
        *out = YJ_LABELS_ZH;
    else if (strcmp(name, "codes") == 0)
        *out = YJ_LABELS_CODES;
    else
        return false;
    return true;
}

void yj_writer_set_labels(yj_writer *w, yj_labels labels)
{
    w->zh = labels == YJ_LABELS_DEFAULT ? w->ops->zh : labels == YJ_LABELS_ZH;
}

const char *yj_writer_value(const yj_writer *w, const yj_station *s,
                            yj_field f, char *buf)
{
    const char *code = s->text[f], *label = NULL;

    if (!w->zh || code[0] == '\0')
        return code;
    switch (f) {
    case YJ_F_CATEGORY:
        label = yj_term_label(yj_categories(), code);
        break;
    case YJ_F_AMENITIES_SOURCE:
        label = yj_term_label(yj_amenity_sources(), code);
        break;
    case YJ_F_COORD_PRECISION:
        label = yj_term_label(yj_precisions(), code);
        break;
    case YJ_F_AMENITIES:
        yj_amenity_labels(buf, YJ_VALUE_MAX, code);
        return buf;
    default:
        break;
    }
    return label != NULL ? label : code;
}

void yj_writer_set_formula_guard(yj_writer *w, bool guard)
{
    w->formula_guard = guard;
}

yj_code yj_writer_set_members(yj_writer *w, const char *members,
                              yj_error *err)
{
    char *copy = NULL;

    if (members != NULL && (copy = strdup(members)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    free(w->members);
    w->members = copy;
    return YJ_OK;
}

void yj_writer_set_single(yj_writer *w, bool single)
{
    w->single = single;
}

void yj_writer_free(yj_writer *w)
{
    if (w != NULL) {
        free(w->out);
        free(w->members);
    }
    free(w);
}

void yj_out_flush(yj_writer *w)
{
    if (w->out_len > 0)
        fwrite(w->out, 1, w->out_len, w->fp);
    w->out_len = 0;
    w->flushes++;
}

/* ---- the memo of stations' JSON ----------------------------------------- */

#define MEMO_SLOTS 4096 /* a power of two; a station's slot by its id */

typedef struct memo_slot {
    char id[40];
    int variant;
    char *text;
    size_t len;
} memo_slot;

struct yj_writer_memo {
    memo_slot slot[MEMO_SLOTS];
    char tag[128];  /* the content the members are of */
};

yj_code yj_writer_memo_new(yj_writer_memo **out, yj_error *err)
{
    if ((*out = calloc(1, sizeof **out)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    return YJ_OK;
}

static void memo_forget(yj_writer_memo *m)
{
    size_t i;

    for (i = 0; i < MEMO_SLOTS; i++) {
        free(m->slot[i].text);
        m->slot[i].text = NULL;
        m->slot[i].id[0] = '\0';
    }
}

void yj_writer_memo_free(yj_writer_memo *m)
{
    if (m == NULL)
        return;
    memo_forget(m);
    free(m);
}

void yj_writer_memo_content(yj_writer_memo *m, const char *tag)
{
    if (strcmp(m->tag, tag) == 0)
        return;
    memo_forget(m);
    snprintf(m->tag, sizeof m->tag, "%s", tag);
}

static memo_slot *memo_slot_of(const yj_writer_memo *m, const char *id)
{
    unsigned long h = 5381;
    const char *p;

    for (p = id; *p != '\0'; p++)
        h = h * 33 + (unsigned char)*p;
    return (memo_slot *)&m->slot[h & (MEMO_SLOTS - 1)];
}

const char *yj_json_memo_get(const yj_writer_memo *m, const char *id,
                             int variant, size_t *len)
{
    const memo_slot *s = memo_slot_of(m, id);

    if (s->text == NULL || strcmp(s->id, id) != 0 || s->variant != variant)
        return NULL;
    *len = s->len;
    return s->text;
}

void yj_json_memo_put(yj_writer_memo *m, const char *id, int variant,
                      const char *text, size_t len)
{
    memo_slot *s = memo_slot_of(m, id);
    char *copy;

    if (strlen(id) >= sizeof s->id || (copy = malloc(len ? len : 1)) == NULL)
        return;
    memcpy(copy, text, len);
    free(s->text);
    s->text = copy;
    s->len = len;
    s->variant = variant;
    memcpy(s->id, id, strlen(id) + 1);
}

void yj_writer_set_memo(yj_writer *w, yj_writer_memo *m)
{
    w->memo = m;
}

void yj_out_fmt(yj_writer *w, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        yj_out(w, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void yj_out_csv_field(yj_writer *w, const char *s, char delim)
{
    const char *p;
    /* a cell Excel would run as a formula gets an apostrophe first */
    bool guard = w->formula_guard && yj_cell_needs_guard(s);

    if (strchr(s, delim) == NULL && strpbrk(s, "\"\r\n") == NULL) {
        if (guard)
            yj_out_char(w, '\'');
        yj_out_str(w, s);
        return;
    }
    yj_out_char(w, '"');
    if (guard)
        yj_out_char(w, '\'');
    for (p = s; *p != '\0'; p++) {
        if (*p == '"')
            yj_out_char(w, '"');
        yj_out_char(w, *p);
    }
    yj_out_char(w, '"');
}

void yj_writer_set_open(yj_writer *w, const yj_calendar *cal, int64_t at,
                        double speed_kmh)
{
    w->open = true;
    w->calendar = cal;
    w->open_at = at;
    w->speed_kmh = speed_kmh;
}

void yj_writer_open_answer(yj_open_answer *out, const yj_station *s,
                           const yj_hit *hit, const yj_open_query *q)
{
    yj_open_status *st = &out->status;
    int *travel_min = &out->travel_min;
    char *buf = out->text;
    size_t size = sizeof out->text;
    double speed_kmh = q->speed_kmh;
    int64_t at = q->at, when = at;
    char status[160];

    *travel_min = -1;
    /* speeds and distances in the ranges number.c allows (at most 20,000
     * km at 1 km/h or more: 1.2 million minutes), so the casts below fit;
     * anything else is no travel at all rather than undefined behaviour */
    if (hit != NULL && speed_kmh >= YJ_SPEED_MIN_KMH &&
        speed_kmh <= YJ_SPEED_MAX_KMH && hit->distance_m >= 0 &&
        hit->distance_m <= 2 * YJ_DISTANCE_MAX_M) {
        double minutes = hit->distance_m / 1000.0 / speed_kmh * 60.0;
        *travel_min = (int)(minutes + 0.999);
        when = at + (int64_t)(minutes * 60.0 + 0.5);
    }
    out->when = when;
    if (yj_hours_text_status(st, s->text[YJ_F_OPENING_HOURS], q->calendar,
                             when, NULL) != YJ_OK) {
        memset(st, 0, sizeof *st);
        st->state = YJ_HOURS_UNKNOWN;
    }
    yj_hours_status_text(status, sizeof status, st, when);
    if (*travel_min < 0) {
        snprintf(buf, size, "%s", status);
        return;
    }
    {
        const char *mode = speed_kmh == 4.5 ? "步行" : speed_kmh == 15.0
                                                          ? "骑行" : "行程";
        if (st->state == YJ_HOURS_OPEN && st->has_next)
            snprintf(buf, size, "%s %d 分钟，到达时开放（%s）", mode,
                     *travel_min, status + strlen("开放"));
        else if (st->state == YJ_HOURS_OPEN)
            snprintf(buf, size, "%s %d 分钟，到达时开放", mode, *travel_min);
        else if (st->state == YJ_HOURS_CLOSED)
            snprintf(buf, size, "%s %d 分钟，到达时已关闭（%s）", mode,
                     *travel_min, status + strlen("已关闭，"));
        else
            snprintf(buf, size, "%s %d 分钟，开放时间未知", mode, *travel_min);
    }
}

const char *const yj_open_column_names[YJ_OPEN_COLUMNS] = {
    "open_state", "next_change", "open_text", "travel_min", "arrival"};

void yj_writer_open_values(const yj_writer *w, const yj_station *s,
                           const yj_hit *hit, char buf[512],
                           const char *vals[YJ_OPEN_COLUMNS])
{
    yj_open_query q = {w->calendar, w->open_at, w->speed_kmh};
    yj_open_answer a;
    const yj_open_status *st = &a.status;
    size_t used;

    yj_writer_open_answer(&a, s, hit, &q);
    vals[0] = yj_hours_state_name(st->state);
    used = (size_t)snprintf(buf, 256, "%s", a.text) + 1;
    vals[2] = buf;
    vals[1] = buf + used;
    if (st->has_next)
        yj_hours_format_local_time(buf + used, 40, st->next_change);
    else
        buf[used] = '\0';
    used += strlen(buf + used) + 1;
    vals[3] = buf + used;
    vals[4] = "";
    if (a.travel_min >= 0) {
        int n = snprintf(buf + used, 16, "%d", a.travel_min);
        used += (size_t)n + 1;
        vals[4] = buf + used;
        yj_hours_format_local_time(buf + used, 40, a.when);
    } else {
        buf[used] = '\0';
    }
}

size_t yj_writer_count(const yj_writer *w)
{
    return w->count;
}

size_t yj_writer_skipped(const yj_writer *w)
{
    return w->skipped;
}

/* ---- shared helpers ------------------------------------------------------ */

bool yj_writer_point(yj_lonlat *out, const yj_station *s, yj_crs crs)
{
    yj_lonlat p;

    if (!s->has_point)
        return false;
    p.lon = s->lon;
    p.lat = s->lat;
    return yj_crs_convert(out, p, YJ_CRS_WGS84, crs, NULL) == YJ_OK;
}

void yj_writer_links(const yj_station *s, char *amap, char *baidu)
{
    if (yj_link_amap(amap, YJ_LINK_MAX, s, NULL) != YJ_OK)
        amap[0] = '\0';
    if (yj_link_baidu(baidu, YJ_LINK_MAX, s, NULL) != YJ_OK)
        baidu[0] = '\0';
}

void yj_writer_degrees(char *buf, double v, int decimals)
{
    yj_format_fixed(buf, v, decimals);
    yj_trim_decimal(buf);
}

/* A JSON string literal of s (RFC 8259; also U+2028/U+2029, which
 * JavaScript would take for line ends), handed to `out` in runs of
 * plain bytes and escapes. */
static void json_string(void (*out)(void *ctx, const char *p, size_t n),
                        void *ctx, const char *s)
{
    /* 1: needs an escape; 2: 0xE2, the lead byte of U+2028/U+2029 */
    static const unsigned char special[256] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        ['"'] = 1, ['\\'] = 1, [0x7F] = 1, [0xE2] = 2,
    };
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;

    out(ctx, "\"", 1);
    for (;; p++) {
        char buf[8];
        const char *esc;

        if (special[*p] == 0)
            continue;
        if (*p == '\0')
            break;
        if (special[*p] == 2) {
            if (p[1] != 0x80 || (p[2] != 0xA8 && p[2] != 0xA9))
                continue;
            esc = p[2] == 0xA8 ? "\\u2028" : "\\u2029";
        } else {
            switch (*p) {
            case '"':  esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            default:
                snprintf(buf, sizeof buf, "\\u%04x", *p);
                esc = buf;
            }
        }
        out(ctx, (const char *)run, (size_t)(p - run));
        out(ctx, esc, strlen(esc));
        if (special[*p] == 2)
            p += 2;
        run = p + 1;
    }
    out(ctx, (const char *)run, (size_t)(p - run));
    out(ctx, "\"", 1);
}

static void out_writer(void *ctx, const char *p, size_t n)
{
    yj_out(ctx, p, n);
}

static void out_file(void *ctx, const char *p, size_t n)
{
    fwrite(p, 1, n, ctx);
}

void yj_writer_json_string(yj_writer *w, const char *s)
{
    json_string(out_writer, w, s);
}

void yj_writer_json_literal(FILE *fp, const char *s)
{
    json_string(out_file, fp, s);
}

/* ---- records ------------------------------------------------------------- */

static yj_code record(yj_writer *w, const yj_station *s, const yj_hit *hit)
{
    const yj_format_ops *ops = w->ops;
    yj_lonlat p;

    if (ops->needs_point && !yj_writer_point(&p, s, ops->crs)) {
        w->skipped++;
        return YJ_OK;
    }
    if (w->count == 0)
        ops->begin(w);
    ops->record(w, s, hit);
    w->count++;
    return YJ_OK;
}

yj_code yj_writer_station(yj_writer *w, const yj_station *s, yj_error *err)
{
    if (w->ranked)
        return yj_fail(err, YJ_EINVAL, "a ranked writer takes hits");
    return record(w, s, NULL);
}

yj_code yj_writer_hit(yj_writer *w, const yj_hit *hit, yj_error *err)
{
    if (!w->ranked)
        return yj_fail(err, YJ_EINVAL, "an unranked writer takes stations");
    return record(w, hit->station, hit);
}

yj_code yj_writer_finish(yj_writer *w, yj_error *err)
{
    const yj_format_ops *ops = w->ops;

    if (w->count == 0) /* still a whole document: a header, an empty list */
        ops->begin(w);
    ops->end(w);
    yj_out_flush(w);
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return yj_fail(err, YJ_EIO, "writing the output failed");
    return YJ_OK;
}

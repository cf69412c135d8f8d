/* import.c — a staff sheet into the station database: CSV or TSV saved by
 * Excel (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16), English or Chinese
 * headers, coordinates in WGS84, GCJ-02 or BD-09.  The whole sheet is read
 * and validated before anything is written; then, in the caller's open
 * change (one transaction), matched stations are updated, new ones added,
 * and under replace the in-service stations missing from the sheet are
 * closed.  Every located row must lie in a district outline of the
 * database (its own district's, or any when its district field is empty
 * or names none; not tested when the gazetteer puts its township in a
 * district without an outline).  Rows match by id, else by name and
 * address.  An empty cell
 * keeps the value the database has (the sheet does not know it); a field
 * is cleared with `yijia edit`.  Nothing here touches SQL: the editor
 * (db_edit.c) writes. */
#include "csv.h"
#include "db_edit.h"
#include "db_survey.h"
#include "error.h"
#include "i18n.h"
#include "shape.h"
#include "station.h"
#include "text.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IMPORT_MAX_BYTES ((size_t)256 << 20)

/* Sheet columns: the station fields, and the coordinate system. */
enum { COL_CRS = YJ_F_COUNT, COL_COUNT };

static const struct header {
    const char *name;
    int col;
} headers[] = {
    {"编号", YJ_F_ID}, {"站点编号", YJ_F_ID},
    {"名称", YJ_F_NAME}, {"站点名称", YJ_F_NAME}, {"驿站名称", YJ_F_NAME},
    {"地址", YJ_F_ADDRESS}, {"详细地址", YJ_F_ADDRESS},
    {"区县", YJ_F_DISTRICT}, {"所属区县", YJ_F_DISTRICT},
    {"镇街", YJ_F_TOWNSHIP}, {"所属镇街", YJ_F_TOWNSHIP},
    {"镇街道", YJ_F_TOWNSHIP}, {"街道", YJ_F_TOWNSHIP},
    {"类别", YJ_F_CATEGORY}, {"类型", YJ_F_CATEGORY},
    {"设施", YJ_F_AMENITIES}, {"服务设施", YJ_F_AMENITIES},
    {"服务项目", YJ_F_AMENITIES},
    {"设施来源", YJ_F_AMENITIES_SOURCE},
    {"服务项目来源", YJ_F_AMENITIES_SOURCE},
    {"开放时间", YJ_F_OPENING_HOURS}, {"营业时间", YJ_F_OPENING_HOURS},
    {"电话", YJ_F_PHONE}, {"联系电话", YJ_F_PHONE},
    {"经度", YJ_F_LON}, {"lng", YJ_F_LON}, {"longitude", YJ_F_LON},
    {"纬度", YJ_F_LAT}, {"latitude", YJ_F_LAT},
    {"坐标系", COL_CRS}, {"crs", COL_CRS}, {"coordinate_system", COL_CRS},
    {"坐标来源", YJ_F_COORD_SOURCE},
    {"坐标精度", YJ_F_COORD_PRECISION}, {"定位精度", YJ_F_COORD_PRECISION},
    {"来源", YJ_F_SOURCE}, {"资料来源", YJ_F_SOURCE},
    {"备注", YJ_F_NOTES},
    {"核查日期", YJ_F_CHECKED_ON},
    {"撤销日期", YJ_F_CLOSED_ON},
};

/* Ways sheets write "open all day". */
static const char *const all_day[] = {"全天", "24小时", "全天24小时",
                                      "24h", "24 小时", "24小时开放",
                                      "全天开放"};

/* Chinese opening-hours wording and punctuation, rewritten into the
 * opening_hours syntax in this order (a longer word before the shorter
 * one inside it) ("周一至周五 8:30—17:00" → "Mo-Fr 8:30-17:00");
 * what is still not valid after it is refused with the sheet's text. */
static const char *const hours_words[][2] = {
    {"每天", "Mo-Su "}, {"每日", "Mo-Su "}, {"周一", "Mo"}, {"周二", "Tu"},
    {"周三", "We"}, {"周四", "Th"}, {"周五", "Fr"}, {"周六", "Sa"},
    {"周日", "Su"}, {"周天", "Su"}, {"星期一", "Mo"}, {"星期二", "Tu"},
    {"星期三", "We"}, {"星期四", "Th"}, {"星期五", "Fr"}, {"星期六", "Sa"},
    {"星期日", "Su"}, {"法定节假日", "PH"}, {"节假日", "PH"},
    {"休息", "off"}, {"闭馆", "off"}, {"：", ":"}, {"—", "-"}, {"–", "-"},
    {"－", "-"}, {"～", "-"}, {"~", "-"}, {"至", "-"}, {"到", "-"},
    {"、", ","}, {"，", ","}, {"；", ";"}, {"　", " "},
};


typedef struct row {
    yj_station s;
    size_t line;
    int have;  /* index into have[] of the matched station, or -1 */
} row;

typedef struct import {
    yj_editor *ed;
    const yj_import_options *opt;
    const char *path, *base;  /* base: the file name for coord_source */
    int col[COL_COUNT];       /* sheet column of each, or -1 */
    char header[YJ_F_COUNT][96];  /* the sheet's header text of each */
    const char *headers[YJ_F_COUNT];  /* header[], for messages */
    size_t ncols;
    yj_station *have;         /* the database's stations, by id */
    size_t n_have, cap_have;
    size_t *by_name;          /* have[] indexes by (name, address) */
    row *rows;
    size_t n_rows, cap_rows;
} import;

/* ---- the database's stations ------------------------------------------ */

static int collect(void *payload, const yj_station *s)
{
    import *im = payload;

    if (im->n_have == im->cap_have) {
        size_t cap = im->cap_have ? im->cap_have * 2 : 64;
        yj_station *grown = realloc(im->have, cap * sizeof *grown);
        if (grown == NULL)
            return 1;
        im->have = grown;
        im->cap_have = cap;
    }
    if (yj_station_copy(&im->have[im->n_have], s, NULL) != YJ_OK)
        return 1;
    im->n_have++;
    return 0;
}

static const yj_station *sort_base;

static int cmp_name(const void *a, const void *b)
{
    const yj_station *x = &sort_base[*(const size_t *)a];
    const yj_station *y = &sort_base[*(const size_t *)b];
    int c = strcmp(x->text[YJ_F_NAME], y->text[YJ_F_NAME]);

    return c ? c : strcmp(x->text[YJ_F_ADDRESS], y->text[YJ_F_ADDRESS]);
}

static int find_id(const import *im, const char *id)
{
    size_t lo = 0, hi = im->n_have;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcasecmp(im->have[mid].text[YJ_F_ID], id);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int find_name(const import *im, const char *name, const char *address)
{
    size_t lo = 0, hi = im->n_have;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const yj_station *s = &im->have[im->by_name[mid]];
        int c = strcmp(s->text[YJ_F_NAME], name);
        if (c == 0)
            c = strcmp(s->text[YJ_F_ADDRESS], address);
        if (c == 0)
            return (int)im->by_name[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---- the sheet ------------------------------------------------------------ */

int yj_import_column(const char *name)
{
    yj_field f;
    size_t k;

    if (yj_field_from_name(&f, name))
        return (int)f;
    /* the headers export --labels zh writes */
    for (k = 0; k < YJ_F_COUNT; k++)
        if (strcmp(yj_field_label((yj_field)k), name) == 0)
            return (int)k;
    for (k = 0; k < sizeof headers / sizeof headers[0]; k++)
        if (strcasecmp(headers[k].name, name) == 0)
            return headers[k].col;
    for (k = 0; k < YJ_F_COUNT; k++)
        if (strcasecmp(yj_field_name((yj_field)k), name) == 0)
            return (int)k;
    return -1;
}

static yj_code read_file(char **out, size_t *len, const char *path,
                         yj_error *err)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (fp == NULL)
        return yj_fail(err, YJ_EIO, "%s: %s", path, strerror(errno));
    do {
        if (n == cap) {
            char *grown;
            cap = cap ? cap * 2 : 65536;
            if (cap > IMPORT_MAX_BYTES + 1)
                cap = IMPORT_MAX_BYTES + 1;
            if (n == cap || (grown = realloc(buf, cap)) == NULL) {
                free(buf);
                fclose(fp);
                if (n == cap)
                    return yj_fail(err, YJ_EPARSE, "%s: larger than %zu "
                                   "MiB: not a station sheet", path,
                                   IMPORT_MAX_BYTES >> 20);
                return yj_fail(err, YJ_ENOMEM, "out of memory");
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
    } while (got > 0);
    if (ferror(fp)) {
        free(buf);
        fclose(fp);
        return yj_fail(err, YJ_EIO, "%s: read error", path);
    }
    fclose(fp);
    *out = buf;
    *len = n;
    return YJ_OK;
}

/* Trim ASCII white space (Excel cells often end in a space) in place. */
static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
                       end[-1] == '\r' || end[-1] == '\n'))
        *--end = '\0';
    return s;
}

static yj_code map_header(import *im, const yj_csv_record *h,
                          yj_import_report *rep, yj_error *err)
{
    size_t i, used = 0;
    int c;

    for (c = 0; c < COL_COUNT; c++)
        im->col[c] = -1;
    for (c = 0; c < YJ_F_COUNT; c++)
        im->headers[c] = NULL;
    im->ncols = h->count;
    rep->ignored[0] = '\0';
    for (i = 0; i < h->count; i++) {
        const char *name = trim(h->fields[i]);
        c = yj_import_column(name);
        if (c < 0) {
            used += (size_t)snprintf(rep->ignored + used,
                                     used < sizeof rep->ignored
                                         ? sizeof rep->ignored - used : 0,
                                     /* TRANSLATORS: between the ignored
                                      * columns of a sheet */
                                     "%s", used ? _(", ") : "");
            if (used >= sizeof rep->ignored)
                used = sizeof rep->ignored - 1;
            used += (size_t)snprintf(rep->ignored + used,
                                     sizeof rep->ignored - used,
                                     _("'%s' (column %zu)"), name, i + 1);
            if (used >= sizeof rep->ignored)
                used = sizeof rep->ignored - 1;
            continue;
        }
        if (im->col[c] >= 0) {
            yj_fail(err, YJ_EPARSE, "column %zu: '%s' is the same column as "
                    "column %d; keep one of them", i + 1, name,
                    im->col[c] + 1);
            yj_station_error_at(err, im->path, h->line, NULL);
            return YJ_EPARSE;
        }
        im->col[c] = (int)i;
        if (c < YJ_F_COUNT) {
            yj_utf8_copy(im->header[c], sizeof im->header[c], name);
            im->headers[c] = im->header[c];
        }
    }
    if (im->col[YJ_F_NAME] < 0 || im->col[YJ_F_ADDRESS] < 0) {
        yj_fail(err, YJ_EPARSE, "missing required column '%s' (名称 and "
                "地址, or name and address)",
                im->col[YJ_F_NAME] < 0 ? "名称" : "地址");
        yj_station_error_at(err, im->path, h->line, NULL);
        return YJ_EPARSE;
    }
    if ((im->col[YJ_F_LON] < 0) != (im->col[YJ_F_LAT] < 0)) {
        yj_fail(err, YJ_EPARSE, "a '%s' column without a '%s' column",
                im->col[YJ_F_LON] < 0 ? "纬度" : "经度",
                im->col[YJ_F_LON] < 0 ? "经度" : "纬度");
        yj_station_error_at(err, im->path, h->line, NULL);
        return YJ_EPARSE;
    }
    return YJ_OK;
}

/* A vocabulary cell as its code (yj_term_code: a code, a label or a part
 * of one, a word people use), or an error listing the labels (and the
 * closest, when one is close). */
static yj_code term(char *out, size_t size, const yj_term *vocab,
                    const char *cell, yj_field field, yj_error *err)
{
    const char *code = yj_term_code(vocab, cell), *guess, *guess_code;
    char valid[512];
    size_t used = 0;

    if (code != NULL) {
        snprintf(out, size, "%s", code);
        return YJ_OK;
    }
    guess = yj_term_suggest(&guess_code, vocab, cell);
    if (guess != NULL)
        return yj_field_error(
            err, field,
            yj_fail(err, YJ_EINVAL, "'%s' is not one of the terms; did you "
                    "mean '%s' (%s)?", cell, guess,
                    strcmp(guess, guess_code) == 0
                        ? yj_term_label(vocab, guess_code) : guess_code));
    for (; vocab->code != NULL && used < sizeof valid; vocab++)
        used += (size_t)snprintf(valid + used, sizeof valid - used, "%s%s",
                                 used ? "、" : "", vocab->zh);
    return yj_field_error(err, field,
                          yj_fail(err, YJ_EINVAL, "'%s' is not one of %s "
                                  "(or their codes, data/README.md)", cell,
                                  valid));
}

/* "饮水、休息；饭菜加热" → "drinking_water;rest;food_heating": the list
 * as every other reader of amenities takes it (yj_term_list), its error
 * named by the column. */
static yj_code amenity_list(char *out, size_t size, const char *cell,
                            yj_error *err)
{
    return yj_field_error(err, YJ_F_AMENITIES,
                          yj_term_list(out, size, yj_amenities(), cell, err));
}

/* The digits at *p (at least `min`, at most `max` of them) as a number;
 * false when there are too few or too many. */
static bool digits(int *out, const char **p, int min, int max)
{
    int n = 0, v = 0;

    while (**p >= '0' && **p <= '9' && n <= max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= min && n <= max;
}

/* "2025/3/1", "2025-3-1", "2025.03.01" → "2025-03-01"; anything else is
 * left for validation to reject. */
static void date_cell(char *out, size_t size, const char *cell)
{
    const char *p = cell;
    int y, m, d;
    char sep;

    if (digits(&y, &p, 4, 4) && (*p == '/' || *p == '-' || *p == '.') &&
        (sep = *p++, digits(&m, &p, 1, 2)) && *p == sep &&
        (p++, digits(&d, &p, 1, 2)) && *p == '\0')
        snprintf(out, size, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(out, size, "%s", cell);
}

/* Replace every `from` in s[size] by `to`, as long as the result fits. */
static void replace_all(char *s, size_t size, const char *from,
                        const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    char *p = s;

    while ((p = strstr(p, from)) != NULL && strlen(s) - nf + nt < size) {
        memmove(p + nt, p + nf, strlen(p + nf) + 1);
        memcpy(p, to, nt);
        p += nt;
    }
}

/* An opening-hours cell in the opening_hours syntax: kept when it parses
 * as written, else its Chinese wording rewritten (hours_words); a value
 * that is still not valid is left for validation to refuse. */
static void hours_cell(char *out, size_t size, const char *cell)
{
    yj_hours *h = NULL;
    char *p;
    size_t k, n;

    snprintf(out, size, "%s", cell);
    for (k = 0; k < sizeof all_day / sizeof all_day[0]; k++)
        if (strcasecmp(cell, all_day[k]) == 0) {
            snprintf(out, size, "24/7");
            return;
        }
    if (yj_hours_parse(&h, cell, NULL) == YJ_OK) {
        yj_hours_free(h);
        return;
    }
    for (k = 0; k < sizeof hours_words / sizeof hours_words[0]; k++)
        replace_all(out, size, hours_words[k][0], hours_words[k][1]);
    /* "Mo-Fr8:30" → "Mo-Fr 8:30"; doubled and trailing spaces go */
    for (p = out; *p != '\0'; p++)
        if (p > out && p[-1] >= 'a' && p[-1] <= 'z' && *p >= '0' &&
            *p <= '9' && strlen(out) + 1 < size) {
            memmove(p + 1, p, strlen(p) + 1);
            *p = ' ';
        }
    for (p = out; (p = strstr(p, "  ")) != NULL;)
        memmove(p, p + 1, strlen(p + 1) + 1);
    n = strlen(out);
    while (n > 0 && out[n - 1] == ' ')
        out[--n] = '\0';
    if (yj_hours_parse(&h, out, NULL) == YJ_OK)
        yj_hours_free(h);
    else
        snprintf(out, size, "%s", cell);  /* refused as written */
}

/* Full-width punctuation in a phone cell ("（0571）8888—1234；…") as
 * the ASCII the phone rule takes. */
static void phone_cell(char *out, size_t size, const char *cell)
{
    static const char *const marks[][2] = {
        {"（", "("}, {"）", ")"}, {"—", "-"}, {"－", "-"}, {"–", "-"},
        {"、", ","}, {"，", ","}, {"；", ";"}, {"／", "/"}, {"　", " "},
    };
    size_t k;

    snprintf(out, size, "%s", cell);
    for (k = 0; k < sizeof marks / sizeof marks[0]; k++)
        replace_all(out, size, marks[k][0], marks[k][1]);
}

static yj_code set(yj_station *s, int f, const char *value, yj_error *err)
{
    return yj_station_set(s, (yj_field)f, value, err);
}

static const char *cell(const import *im, const yj_csv_record *rec, int c)
{
    return im->col[c] >= 0 ? rec->fields[im->col[c]] : "";
}

static yj_code value_crs(yj_crs *out, yj_crs default_crs, const char *text,
                         yj_error *err)
{
    *out = default_crs;
    if (text[0] == '\0' || yj_crs_from_name(out, text))
        return YJ_OK;
    return yj_fail(err, YJ_EINVAL, "坐标系 (crs) '%s' is not wgs84, gcj02 "
                   "or bd09 (also: GPS, 高德, 百度)", text);
}

/* The coordinates of a row, converted to WGS84, onto s. */
static yj_code apply_point(yj_station *s, const yj_field_values *v,
                           yj_crs default_crs, const char *origin,
                           yj_error *err)
{
    const char *lon_text = v->value[YJ_F_LON] ? v->value[YJ_F_LON] : "";
    const char *lat_text = v->value[YJ_F_LAT] ? v->value[YJ_F_LAT] : "";
    const char *source =
        v->value[YJ_F_COORD_SOURCE] ? v->value[YJ_F_COORD_SOURCE] : "";
    const char *precision =
        v->value[YJ_F_COORD_PRECISION] ? v->value[YJ_F_COORD_PRECISION] : "";
    char num[64], code[32], where[512];
    yj_lonlat p, w;
    yj_crs crs;
    yj_code rc;

    if ((rc = value_crs(&crs, default_crs, v->crs ? v->crs : "", err)) !=
        YJ_OK)
        return rc;
    if (precision[0] != '\0' &&
        (rc = term(code, sizeof code, yj_precisions(), precision,
                   YJ_F_COORD_PRECISION, err)) != YJ_OK)
        return rc;
    if (v->empty_clears && v->value[YJ_F_LON] != NULL &&
        v->value[YJ_F_LAT] != NULL && lon_text[0] == '\0' &&
        lat_text[0] == '\0') {
        /* Forget the point (yijia edit --set lon= --set lat=). */
        s->has_point = false;
        if ((rc = set(s, YJ_F_LON, "", err)) || (rc = set(s, YJ_F_LAT, "", err)) ||
            (rc = set(s, YJ_F_COORD_SOURCE, "", err)))
            return rc;
        return set(s, YJ_F_COORD_PRECISION, "", err);
    }
    if (lon_text[0] == '\0' && lat_text[0] == '\0') {
        /* No point given: what is said about the known one. */
        if (source[0] != '\0' && (rc = set(s, YJ_F_COORD_SOURCE, source, err)))
            return rc;
        if (precision[0] != '\0')
            return set(s, YJ_F_COORD_PRECISION, code, err);
        return YJ_OK;
    }
    if (lon_text[0] == '\0' || lat_text[0] == '\0')
        return yj_field_error(
            err, lon_text[0] ? YJ_F_LAT : YJ_F_LON,
            yj_fail(err, YJ_EINVAL, "empty while %s is '%s'",
                    yj_field_label(lon_text[0] ? YJ_F_LON : YJ_F_LAT),
                    lon_text[0] ? lon_text : lat_text));
    if (yj_parse_double(&p.lon, lon_text) &&
        yj_parse_double(&p.lat, lat_text) && p.lon >= 3 && p.lon <= 54 &&
        p.lat >= 73 && p.lat <= 136)
    {
        yj_fail(err, YJ_EINVAL, "%s, %s look swapped (经度 is the larger "
                "number in China, about 120 in 萧山): swap the two cells",
                lon_text, lat_text);
        yj_error_prefix(err, "lon, lat");
        return YJ_EINVAL;
    }
    if ((rc = yj_parse_real(&p.lon, lon_text, -180.0, 180.0, err)) != YJ_OK)
        return yj_field_error(err, YJ_F_LON, rc);
    if ((rc = yj_parse_real(&p.lat, lat_text, -90.0, 90.0, err)) != YJ_OK)
        return yj_field_error(err, YJ_F_LAT, rc);
    if ((rc = yj_crs_convert(&w, p, crs, YJ_CRS_WGS84, err)) != YJ_OK)
        return rc;
    /* 1e-9° (0.1 mm) is finer than any source. */
    w.lon = nearbyint(w.lon * 1e9) / 1e9;
    w.lat = nearbyint(w.lat * 1e9) / 1e9;
    if (s->has_point && s->lon == w.lon && s->lat == w.lat &&
        source[0] == '\0' && precision[0] == '\0')
        return YJ_OK;  /* the same point: its source stays */
    s->lon = w.lon;
    s->lat = w.lat;
    s->has_point = true;
    if ((rc = set(s, YJ_F_LON, yj_format_degrees(num, sizeof num, w.lon),
                  err)) ||
        (rc = set(s, YJ_F_LAT, yj_format_degrees(num, sizeof num, w.lat),
                  err)))
        return rc;
    if (source[0] == '\0') {
        snprintf(where, sizeof where, "%s (%s%s)", origin, yj_crs_name(crs),
                 crs == YJ_CRS_WGS84 ? "" : ", converted to WGS84");
        source = where;
    }
    if ((rc = set(s, YJ_F_COORD_SOURCE, source, err)) != YJ_OK)
        return rc;
    /* Sheets rarely say how precise their points are: then we do not
     * know either. */
    return set(s, YJ_F_COORD_PRECISION, precision[0] ? code : "unknown", err);
}

/* Amenities that staff change (an edit, a sheet) are no longer the
 * programme's standard list: their source becomes "staff" (the date is
 * the change's, in the history) — unless the change names another source
 * itself (`given`), or a check on site vouches for them with this change
 * ("survey", survey.c).
 * `old` NULL: a new station, whose amenities are the staff's too. */
static yj_code staff_amenities(yj_station *s, const char *old,
                               const char *old_source, const char *given,
                               yj_error *err)
{
    const char *now = s->text[YJ_F_AMENITIES];
    const char *source = s->text[YJ_F_AMENITIES_SOURCE];

    if (now == NULL || now[0] == '\0' || (old != NULL && strcmp(old, now) == 0))
        return YJ_OK;
    /* only a source that comes with this change counts: a stored
     * "survey" does not vouch for amenities changed later */
    if (given != NULL && given[0] != '\0' && source != NULL &&
        source[0] != '\0' &&
        ((old_source != NULL && strcmp(source, old_source) != 0) ||
         strcmp(source, "survey") == 0))
        return YJ_OK;
    return set(s, YJ_F_AMENITIES_SOURCE, "staff", err);
}

yj_code yj_import_apply(yj_station *s, yj_editor *ed,
                        const yj_field_values *v, yj_crs default_crs,
                        const char *origin, yj_error *err)
{
    char buf[YJ_FIELD_MAX + 1], district[256];
    char *old_amenities = NULL, *old_source = NULL;
    yj_code rc = YJ_OK;
    int f;

    if (s->text[YJ_F_AMENITIES] != NULL &&
        ((old_amenities = yj_strndup(s->text[YJ_F_AMENITIES],
                                     strlen(s->text[YJ_F_AMENITIES]))) ==
             NULL ||
         (old_source = yj_strndup(s->text[YJ_F_AMENITIES_SOURCE],
                                  strlen(s->text[YJ_F_AMENITIES_SOURCE]))) ==
             NULL)) {
        free(old_amenities);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    for (f = 0; f < YJ_F_COUNT && rc == YJ_OK; f++) {
        const char *val = v->value[f];
        if (val == NULL || f == YJ_F_LON || f == YJ_F_LAT ||
            f == YJ_F_COORD_SOURCE || f == YJ_F_COORD_PRECISION)
            continue;
        if (val[0] == '\0') {
            if (v->empty_clears && f != YJ_F_ID)
                rc = set(s, f, "", err);
            continue;
        }
        if (strlen(val) > YJ_FIELD_MAX) {
            rc = yj_field_error(
                err, (yj_field)f,
                yj_fail(err, YJ_EINVAL,
                        "%zu bytes, more than the %d a field may hold; "
                        "shorten it", strlen(val), YJ_FIELD_MAX));
            break;
        }
        switch (f) {
        case YJ_F_CATEGORY:
            rc = term(buf, sizeof buf, yj_categories(), val, YJ_F_CATEGORY,
                      err);
            val = buf;
            break;
        case YJ_F_AMENITIES_SOURCE:
            rc = term(buf, sizeof buf, yj_amenity_sources(), val,
                      YJ_F_AMENITIES_SOURCE, err);
            val = buf;
            break;
        case YJ_F_AMENITIES:
            rc = amenity_list(buf, sizeof buf, val, err);
            val = buf;
            break;
        case YJ_F_TOWNSHIP:
            if (ed == NULL) /* no database to look it up in: as written */
                break;
            rc = yj_editor_township(buf, sizeof buf, district,
                                    sizeof district, ed, val, err);
            val = buf;
            /* The township's district, unless one is given. */
            if (rc == YJ_OK && (v->value[YJ_F_DISTRICT] == NULL ||
                                v->value[YJ_F_DISTRICT][0] == '\0'))
                rc = set(s, YJ_F_DISTRICT, district, err);
            break;
        case YJ_F_OPENING_HOURS:
            hours_cell(buf, sizeof buf, val);
            val = buf;
            break;
        case YJ_F_PHONE:
            phone_cell(buf, sizeof buf, val);
            val = buf;
            break;
        case YJ_F_CHECKED_ON:
        case YJ_F_CLOSED_ON:
            date_cell(buf, sizeof buf, val);
            val = buf;
            break;
        default:
            break;
        }
        if (rc == YJ_OK)
            rc = set(s, f, val, err);
    }
    if (rc == YJ_OK)
        rc = staff_amenities(s, old_amenities, old_source,
                             v->value[YJ_F_AMENITIES_SOURCE], err);
    free(old_amenities);
    free(old_source);
    if (rc == YJ_OK)
        rc = apply_point(s, v, default_crs, origin, err);
    return rc;
}

/* The station a sheet row describes: the matched station with the row's
 * non-empty cells applied, or a new one. */
static yj_code row_station(import *im, row *r, const yj_csv_record *rec,
                           yj_error *err)
{
    yj_station *s = &r->s;
    yj_field_values v;
    char origin[600];
    yj_code rc = YJ_OK;
    int f;

    if (rec->count != im->ncols)
        return yj_fail(err, YJ_EPARSE, "expected %zu columns as in the "
                       "header, found %zu", im->ncols, rec->count);
    memset(&v, 0, sizeof v);
    for (f = 0; f < (int)rec->count; f++)
        /* a cell our CSV writer guarded against Excel (text.h) */
        rec->fields[f] = trim((char *)yj_cell_unguard(rec->fields[f]));
    for (f = 0; f < YJ_F_COUNT; f++)
        v.value[f] = im->col[f] >= 0 ? rec->fields[im->col[f]] : NULL;
    v.crs = im->col[COL_CRS] >= 0 ? rec->fields[im->col[COL_CRS]] : NULL;
    r->have = cell(im, rec, YJ_F_ID)[0]
                  ? find_id(im, cell(im, rec, YJ_F_ID))
                  : find_name(im, cell(im, rec, YJ_F_NAME),
                              cell(im, rec, YJ_F_ADDRESS));
    if (r->have >= 0) {
        if ((rc = yj_station_copy(s, &im->have[r->have], err)) != YJ_OK)
            return rc;
        /* Listed in the sheet: in service; the stored id spelling stays. */
        if ((rc = set(s, YJ_F_CLOSED_ON, "", err)) != YJ_OK)
            return rc;
        v.value[YJ_F_ID] = NULL;
    } else {
        for (f = 0; f < YJ_F_COUNT && rc == YJ_OK; f++)
            rc = set(s, f, "", err);
        if (rc != YJ_OK)
            return rc;
    }
    snprintf(origin, sizeof origin, "import %s:%zu", im->base, rec->line);
    return yj_import_apply(s, im->ed, &v, im->opt->crs, origin, err);
}

/* ---- the whole import ------------------------------------------------------ */

/* The largest number of an XS id: 18 digits, as the database's own rule
 * (yj_editor_next_id: ids of at most 20 characters) counts them. */
#define ID_NUMBER_MAX INT64_C(999999999999999999)

/* The number of an id of the form XS<digits> (at most 18), else -1. */
static int64_t id_number(const char *id)
{
    int64_t n;

    if (strncasecmp(id, "XS", 2) != 0 || id[2] < '0' || id[2] > '9' ||
        strlen(id + 2) > 18 ||
        yj_parse_int(&n, id + 2, 0, ID_NUMBER_MAX, NULL) != YJ_OK)
        return -1;
    return n;
}

/* New stations without an id get the next XS numbers after every one in
 * the database and the sheet; none is made past ID_NUMBER_MAX. */
static yj_code assign_ids(import *im, yj_error *err)
{
    char next[64];
    int64_t n, k;
    size_t i;
    yj_code rc;

    if ((rc = yj_editor_next_id(next, sizeof next, im->ed, err)) != YJ_OK)
        return rc;
    /* the database's next number; past 18 digits, none is left */
    n = (k = id_number(next)) >= 0 ? k - 1 : ID_NUMBER_MAX;
    for (i = 0; i < im->n_rows; i++)
        if ((k = id_number(im->rows[i].s.text[YJ_F_ID])) > n)
            n = k;
    for (i = 0; i < im->n_rows; i++) {
        if (im->rows[i].s.text[YJ_F_ID][0] != '\0')
            continue;
        if (n >= ID_NUMBER_MAX)
        {
            yj_fail(err, YJ_EINVAL, "id: the numbers XS001 to XS%" PRId64
                    " are used up (ids of 18 digits): give this station an "
                    "id", ID_NUMBER_MAX);
            yj_station_error_at(err, im->path, im->rows[i].line,
                                im->headers);
            return YJ_EINVAL;
        }
        snprintf(next, sizeof next, "XS%03" PRId64, ++n);
        if ((rc = set(&im->rows[i].s, YJ_F_ID, next, err)) != YJ_OK)
            return rc;
    }
    return YJ_OK;
}

static int cmp_row_name(const void *a, const void *b)
{
    const row *x = *(row *const *)a, *y = *(row *const *)b;
    int c = strcmp(x->s.text[YJ_F_NAME], y->s.text[YJ_F_NAME]);

    if (c == 0)
        c = strcmp(x->s.text[YJ_F_ADDRESS], y->s.text[YJ_F_ADDRESS]);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int cmp_row_id(const void *a, const void *b)
{
    const row *x = *(row *const *)a, *y = *(row *const *)b;
    int c = strcasecmp(x->s.text[YJ_F_ID], y->s.text[YJ_F_ID]);

    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Every row valid, and no station twice. */
static yj_code check_rows(import *im, yj_error *err)
{
    row **sorted;
    size_t i;
    yj_code rc = YJ_OK;

    for (i = 0; i < im->n_rows; i++) {
        if ((rc = yj_station_validate(&im->rows[i].s, err)) != YJ_OK) {
            yj_station_error_at(err, im->path, im->rows[i].line,
                                im->headers);
            return rc == YJ_ENOMEM ? rc : YJ_EINVAL;
        }
    }
    if ((sorted = malloc((im->n_rows + 1) * sizeof *sorted)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    for (i = 0; i < im->n_rows; i++)
        sorted[i] = &im->rows[i];
    qsort(sorted, im->n_rows, sizeof *sorted, cmp_row_id);
    for (i = 1; i < im->n_rows && rc == YJ_OK; i++)
        if (strcasecmp(sorted[i]->s.text[YJ_F_ID],
                       sorted[i - 1]->s.text[YJ_F_ID]) == 0) {
            if (sorted[i]->have >= 0 && im->col[YJ_F_ID] < 0)
                rc = yj_fail(err, YJ_EINVAL, "id: '%s' is the station of "
                             "row %zu too (same name and address): keep "
                             "one of the rows", sorted[i]->s.text[YJ_F_ID],
                             sorted[i - 1]->line);
            else
                rc = yj_fail(err, YJ_EINVAL, "id: '%s' is the station of "
                             "row %zu too (the same id): keep one of the "
                             "rows", sorted[i]->s.text[YJ_F_ID],
                             sorted[i - 1]->line);
            yj_station_error_at(err, im->path, sorted[i]->line,
                                im->headers);
        }
    qsort(sorted, im->n_rows, sizeof *sorted, cmp_row_name);
    for (i = 1; i < im->n_rows && rc == YJ_OK; i++)
        if (strcmp(sorted[i]->s.text[YJ_F_NAME],
                   sorted[i - 1]->s.text[YJ_F_NAME]) == 0 &&
            strcmp(sorted[i]->s.text[YJ_F_ADDRESS],
                   sorted[i - 1]->s.text[YJ_F_ADDRESS]) == 0)
        {
            rc = yj_fail(err, YJ_EINVAL, "the station of row %zu too (the "
                         "same 名称 '%s' and 地址 '%s'): keep one of the "
                         "rows", sorted[i - 1]->line,
                         sorted[i]->s.text[YJ_F_NAME],
                         sorted[i]->s.text[YJ_F_ADDRESS]);
            yj_station_error_at(err, im->path, sorted[i]->line,
                                im->headers);
        }
    free(sorted);
    return rc;
}

/* The district outlines of `district` ("": every one), kept between rows
 * (a sheet's rows mostly share one district). */
typedef struct outlines {
    char district[256];
    bool loaded;
    yj_shape *shapes;
    size_t n;
} outlines;

static yj_code outlines_of(outlines *o, yj_editor *ed, const char *district,
                           yj_error *err)
{
    yj_code rc;

    if (o->loaded && strcmp(o->district, district) == 0)
        return YJ_OK;
    yj_shapes_free(o->shapes, o->n);
    o->shapes = NULL;
    o->n = 0;
    o->loaded = false;
    snprintf(o->district, sizeof o->district, "%s", district);
    if ((rc = yj_editor_outlines(&o->shapes, &o->n, ed, district, true,
                                 err)) != YJ_OK)
        return rc;
    o->loaded = true;
    return YJ_OK;
}

static bool inside_any(const outlines *o, yj_lonlat p)
{
    size_t i;

    for (i = 0; i < o->n; i++)
        if (yj_shape_contains(&o->shapes[i], p))
            return true;
    return false;
}

/* Name the row and its 经度, 纬度 columns in a district finding. */
static void outside_at(yj_error *err, const import *im, size_t i)
{
    yj_error_prefix(err, "lon, lat");
    yj_station_error_at(err, im->path, im->rows[i].line, im->headers);
}

/* Every located row in a district outline, whatever its district field
 * says (a sheet row at Shanghai's coordinates without 区县 too). */
static yj_code check_districts(import *im, yj_error *err)
{
    outlines own, all;
    char names[256], town[256], town_district[256];
    yj_code rc = YJ_OK;
    size_t i;

    memset(&own, 0, sizeof own);
    memset(&all, 0, sizeof all);
    if ((rc = yj_editor_district_names(names, sizeof names, im->ed, err)) !=
        YJ_OK)
        return rc;
    for (i = 0; i < im->n_rows && rc == YJ_OK; i++) {
        const yj_station *s = &im->rows[i].s;
        const char *district = s->text[YJ_F_DISTRICT];
        yj_lonlat p;
        yj_error lookup;
        if (!s->has_point || names[0] == '\0')
            continue;
        p.lon = s->lon;
        p.lat = s->lat;
        if (district[0] != '\0') {
            if ((rc = outlines_of(&own, im->ed, district, err)) != YJ_OK)
                break;
            if (own.n > 0) {
                if (!inside_any(&own, p)) {
                    rc = yj_fail(err, YJ_EINVAL, "'%s' at %.6f,%.6f lies "
                                 "outside %s (the district outline): check "
                                 "the coordinates and their 坐标系",
                                 s->text[YJ_F_NAME], p.lon, p.lat, district);
                    outside_at(err, im, i);
                }
                continue;
            }
            /* a district without an outline that the gazetteer gives
             * the station's township (义蓬街道 of 钱塘区) */
            if (s->text[YJ_F_TOWNSHIP][0] != '\0' &&
                yj_editor_township(town, sizeof town, town_district,
                                   sizeof town_district, im->ed,
                                   s->text[YJ_F_TOWNSHIP], &lookup) ==
                    YJ_OK &&
                strcmp(town_district, district) == 0)
                continue;
        }
        if ((rc = outlines_of(&all, im->ed, "", err)) != YJ_OK)
            break;
        if (inside_any(&all, p))
            continue;
        if (district[0] == '\0')
            rc = yj_fail(err, YJ_EINVAL, "'%s' at %.6f,%.6f lies outside %s "
                         "(the district outline; the row names no "
                         "district): check the coordinates and their 坐标系",
                         s->text[YJ_F_NAME], p.lon, p.lat, names);
        else
            rc = yj_fail(err, YJ_EINVAL, "'%s' at %.6f,%.6f lies outside %s "
                         "(the district outline; the row's district '%s' "
                         "has none): check the coordinates and their 坐标系",
                         s->text[YJ_F_NAME], p.lon, p.lat, names, district);
        outside_at(err, im, i);
    }
    yj_shapes_free(own.shapes, own.n);
    yj_shapes_free(all.shapes, all.n);
    return rc;
}

/* Whether a row repeats the header (sheets pasted together, or a header
 * repeated on every printed page): its name and address cells are the
 * names of those columns ("名称", "地址", or "name", "address"). */
static bool repeats_header(const import *im, const yj_csv_record *rec)
{
    int n = im->col[YJ_F_NAME], a = im->col[YJ_F_ADDRESS];

    return (size_t)n < rec->count && (size_t)a < rec->count &&
           yj_import_column(trim(rec->fields[n])) == YJ_F_NAME &&
           yj_import_column(trim(rec->fields[a])) == YJ_F_ADDRESS;
}

/* How many cells of a record hold more than white space. */
static size_t filled_cells(const yj_csv_record *rec)
{
    size_t i, n = 0;

    for (i = 0; i < rec->count; i++)
        n += rec->fields[i][strspn(rec->fields[i], " \t\r\n")] != '\0';
    return n;
}

static yj_code read_sheet(import *im, yj_import_report *rep, yj_error *err)
{
    char *raw = NULL, *text = NULL;
    size_t raw_len = 0, text_len = 0;
    yj_csv_reader *reader = NULL;
    const yj_csv_record *rec;
    yj_code rc;

    if ((rc = read_file(&raw, &raw_len, im->path, err)) != YJ_OK)
        return rc;
    if (raw_len == 0) {
        free(raw);
        return yj_fail(err, YJ_EPARSE, "%s: empty file: no header row",
                       im->path);
    }
    rc = yj_csv_decode(&text, &text_len, &rep->encoding, raw, raw_len,
                       im->opt->encoding, im->path, err);
    free(raw);
    if (rc != YJ_OK)
        return rc;
    if ((rc = yj_csv_reader_new(&reader, text, text_len, im->path, 0,
                                err)) != YJ_OK)
        goto out;
    if ((rc = yj_csv_read(&rec, reader, err)) != YJ_OK)
        goto out;
    if (rec == NULL) {
        rc = yj_fail(err, YJ_EPARSE, "%s: empty file: no header row",
                     im->path);
        goto out;
    }
    rep->delimiter = yj_csv_delimiter(reader);
    /* A title line above the header ("萧山区爱心驿家名单,,,") is skipped:
     * a line of at most one non-empty cell, before the header. */
    while ((rc = map_header(im, rec, rep, err)) != YJ_OK &&
           filled_cells(rec) <= 1 && rep->title_lines < 5) {
        rep->title_lines++;
        if ((rc = yj_csv_read(&rec, reader, err)) != YJ_OK)
            goto out;
        if (rec == NULL) {
            rc = yj_fail(err, YJ_EPARSE, "%s: no header row", im->path);
            goto out;
        }
    }
    if (rc != YJ_OK)
        goto out;
    while ((rc = yj_csv_read(&rec, reader, err)) == YJ_OK && rec != NULL) {
        row *r;
        /* Excel writes empty rows as ",,,,": nothing to import there. */
        if (filled_cells(rec) == 0) {
            rep->empty_lines++;
            continue;
        }
        if (repeats_header(im, rec)) {
            rc = yj_fail(err, YJ_EPARSE, "the header row again (名称 '%s', "
                         "地址 '%s'): not a station; remove the row",
                         rec->fields[im->col[YJ_F_NAME]],
                         rec->fields[im->col[YJ_F_ADDRESS]]);
            yj_station_error_at(err, im->path, rec->line, NULL);
            break;
        }
        if (im->n_rows == im->cap_rows) {
            size_t cap = im->cap_rows ? im->cap_rows * 2 : 64;
            row *grown = realloc(im->rows, cap * sizeof *grown);
            if (grown == NULL) {
                rc = yj_fail(err, YJ_ENOMEM, "out of memory");
                break;
            }
            im->rows = grown;
            im->cap_rows = cap;
        }
        r = &im->rows[im->n_rows++];
        memset(r, 0, sizeof *r);
        r->line = rec->line;
        if ((rc = row_station(im, r, rec, err)) != YJ_OK) {
            yj_station_error_at(err, im->path, rec->line, im->headers);
            break;
        }
    }
    if (rc == YJ_OK && im->n_rows == 0)
        rc = yj_fail(err, YJ_EPARSE,
                     "%s: a header but no stations (one "
                     "station a row below it)",
                     im->path);
out:
    yj_csv_reader_free(reader);
    free(text);
    return rc;
}

static int cmp_have_id(const void *a, const void *b)
{
    return strcasecmp(((const yj_station *)a)->text[YJ_F_ID],
                      ((const yj_station *)b)->text[YJ_F_ID]);
}

yj_code yj_import(yj_import_report *rep, yj_editor *ed,
                  const char *path, const yj_import_options *opt,
                  yj_import_fn fn, void *payload, yj_error *err)
{
    import im;
    size_t i;
    bool *listed = NULL;
    yj_code rc;

    memset(&im, 0, sizeof im);
    memset(rep, 0, sizeof *rep);
    im.ed = ed;
    im.opt = opt;
    im.path = path;
    im.base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if ((rc = yj_editor_each(ed, collect, &im, err)) != YJ_OK)
        goto out;
    if (im.n_have > 0)  /* none: no array, and qsort takes no NULL */
        qsort(im.have, im.n_have, sizeof *im.have, cmp_have_id);
    if ((im.by_name = malloc((im.n_have + 1) * sizeof *im.by_name)) == NULL) {
        rc = yj_fail(err, YJ_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < im.n_have; i++)
        im.by_name[i] = i;
    sort_base = im.have;
    qsort(im.by_name, im.n_have, sizeof *im.by_name, cmp_name);
    if ((rc = read_sheet(&im, rep, err)) != YJ_OK ||
        (rc = assign_ids(&im, err)) != YJ_OK ||
        (rc = check_rows(&im, err)) != YJ_OK ||
        (rc = check_districts(&im, err)) != YJ_OK)
        goto out;
    if ((listed = calloc(im.n_have + 1, sizeof *listed)) == NULL) {
        rc = yj_fail(err, YJ_ENOMEM, "out of memory");
        goto out;
    }
    rep->rows = im.n_rows;
    for (i = 0; i < im.n_have; i++)
        rep->in_service += yj_station_in_service(&im.have[i]);
    for (i = 0; i < im.n_rows && rc == YJ_OK; i++) {
        row *r = &im.rows[i];
        yj_import_event e;
        bool changed;
        if (r->have >= 0)
            listed[r->have] = true;
        if ((rc = yj_editor_put(&changed, ed, &r->s, err)) != YJ_OK)
            break;
        if (!changed) {
            rep->unchanged++;
            continue;
        }
        e.kind = r->have >= 0 ? YJ_IMPORT_CHANGE : YJ_IMPORT_ADD;
        e.before = r->have >= 0 ? &im.have[r->have] : NULL;
        e.after = &r->s;
        e.line = r->line;
        rep->added += e.kind == YJ_IMPORT_ADD;
        rep->changed += e.kind == YJ_IMPORT_CHANGE;
        if (fn != NULL && fn(payload, &e) != 0)
            fn = NULL;
    }
    for (i = 0; opt->replace && i < im.n_have && rc == YJ_OK; i++) {
        yj_station closed;
        yj_import_event e;
        if (listed[i] || !yj_station_in_service(&im.have[i]))
            continue;
        if ((rc = yj_station_copy(&closed, &im.have[i], err)) != YJ_OK)
            break;
        if ((rc = set(&closed, YJ_F_CLOSED_ON, opt->today, err)) == YJ_OK)
            rc = yj_editor_put(NULL, ed, &closed, err);
        if (rc == YJ_OK) {
            e.kind = YJ_IMPORT_CLOSE;
            e.before = &im.have[i];
            e.after = &closed;
            e.line = 0;
            rep->closed++;
            if (fn != NULL && fn(payload, &e) != 0)
                fn = NULL;
        }
        yj_station_clear(&closed);
    }
out:
    free(listed);
    for (i = 0; i < im.n_rows; i++)
        yj_station_clear(&im.rows[i].s);
    free(im.rows);
    for (i = 0; i < im.n_have; i++)
        yj_station_clear(&im.have[i]);
    free(im.have);
    free(im.by_name);
    return rc;
}

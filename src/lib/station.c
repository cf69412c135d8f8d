/* station.c — the station record: its fields, vocabularies and validation.
 *
 * Invariant: a yj_station that passed yj_station_validate has every text[]
 * non-NULL valid UTF-8, an id of [A-Za-z0-9_-]{1,32}, a name and address,
 * vocabulary codes only in category/amenities/coord_precision, and either
 * no point at all or a point in range with its source and precision. */
#include "station.h"

#include "calendar.h"
#include "error.h"
#include "i18n.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const field_names[YJ_F_COUNT] = {
    "id", "name", "address", "district", "township", "category", "amenities",
    "amenities_source", "opening_hours", "phone", "lon", "lat",
    "coord_source", "coord_precision", "source", "notes", "checked_on",
    "closed_on",
};

/* The names the union's sheets give the fields (data/README.md); import
 * reads them as headers too. */
static const char *const field_labels[YJ_F_COUNT] = {
    "编号", "名称", "地址", "区县", "镇街", "类别", "服务项目",
    "服务项目来源", "开放时间", "联系电话", "经度", "纬度", "坐标来源",
    "坐标精度", "资料来源", "备注", "核查日期", "撤销日期",
};

static const yj_term categories[] = {
    {"community", "社区/村"},
    {"party_mass", "党群服务中心"},
    {"union", "工会"},
    {"enterprise", "企业"},
    {"business_park", "产业园区"},
    {"commercial", "商业综合体"},
    {"bank", "银行"},
    {"insurance", "保险"},
    {"government", "政务服务"},
    {"utility", "公用事业"},
    {"fuel_station", "加油站"},
    {"sanitation", "环卫"},
    {"scenic_area", "景区"},
    {"elderly_care", "养老服务"},
    {"other", "其他"},
    {NULL, NULL},
};

static const yj_term amenities[] = {
    {"drinking_water", "饮水"},
    {"rest", "休息"},
    {"food_heating", "饭菜加热"},
    {"warming", "取暖"},
    {"cooling", "纳凉"},
    {"phone_charging", "手机充电"},
    {"rain_shelter", "避雨"},
    {"toilet", "卫生间"},
    {"first_aid", "应急药箱"},
    {"blood_pressure", "血压计"},
    {"fridge", "冰箱"},
    {"umbrella", "雨伞"},
    {"helmet", "共享头盔"},
    {"ebike_charging", "电动车充电"},
    {"battery_swap", "换电"},
    {"wifi", "无线网络"},
    {"reading", "图书报刊"},
    {"nursing_room", "母婴室"},
    {"shower", "淋浴"},
    {"parking", "停车"},
    {NULL, NULL},
};

/* Most precise first: a position measured on site, then the geocoders'
 * levels, then the approximate ones (data/README.md). */
static const yj_term precisions[] = {
    {"surveyed", "现场核查"},
    {"door", "门址"},
    {"poi", "兴趣点"},
    {"road", "道路"},
    {"township", "位置仅到镇街"},
    {"district", "位置仅到区县"},
    {"unknown", "精度未知"},
    {NULL, NULL},
};

static const yj_term amenity_sources[] = {
    {"programme", "项目标准"},
    {"report", "报道"},
    {"survey", "实地核查"},
    {"staff", "工作人员登记"},
    {NULL, NULL},
};

const char *yj_field_name(yj_field f)
{
    if ((unsigned)f >= YJ_F_COUNT)
        return NULL;
    return field_names[f];
}

const char *yj_field_label(yj_field f)
{
    if ((unsigned)f >= YJ_F_COUNT)
        return NULL;
    return field_labels[f];
}

yj_code yj_field_error(yj_error *err, yj_field f, yj_code rc)
{
    if (rc != YJ_OK && (unsigned)f < YJ_F_COUNT) /* a success names none */
        yj_error_prefix(err, field_names[f]);
    return rc;
}

/* The column a message names by its leading field code ("lon: ..."):
 * the field (or -1 for "lon, lat: "), and the length of that lead; false
 * when the message names none. */
static bool named_field(int *f, size_t *lead, const char *message)
{
    const char *sep = yj_error_separator();
    size_t ns = strlen(sep);
    int i;

    if (strncmp(message, "lon, lat", 8) == 0 &&
        strncmp(message + 8, sep, ns) == 0) {
        *f = -1;
        *lead = 8 + ns;
        return true;
    }
    for (i = 0; i < YJ_F_COUNT; i++) {
        size_t n = strlen(field_names[i]);
        if (strncmp(message, field_names[i], n) == 0 &&
            strncmp(message + n, sep, ns) == 0) {
            *f = i;
            *lead = n + ns;
            return true;
        }
    }
    return false;
}

/* The column of field f as a reader finds it in the sheet: its header
 * there when that is not the code, else the label with the code. */
static void column_text(char *buf, size_t size, int f,
                        const char *const *headers)
{
    if (headers != NULL && headers[f] != NULL && headers[f][0] != '\0' &&
        strcmp(headers[f], field_names[f]) != 0)
        snprintf(buf, size, "%s", headers[f]);
    else
        /* TRANSLATORS: a column: its name in the sheets, then its code */
        snprintf(buf, size, _("%s (%s)"), field_labels[f], field_names[f]);
}

void yj_station_error_at(yj_error *err, const char *file, size_t line,
                         const char *const *headers)
{
    char column[160], lat[80], head[600];
    size_t lead = 0;
    int f;

    if (err == NULL)
        return;
    if (named_field(&f, &lead, err->message)) {
        if (f >= 0) {
            column_text(column, sizeof column, f, headers);
        } else {
            column_text(column, sizeof column, YJ_F_LON, headers);
            column_text(lat, sizeof lat, YJ_F_LAT, headers);
            /* TRANSLATORS: two columns, as in 经度 and 纬度 */
            snprintf(column + strlen(column), sizeof column - strlen(column),
                     _(", %s"), lat);
        }
        /* TRANSLATORS: where a problem is: the file, its row and column */
        snprintf(head, sizeof head, _("%s row %zu, column %s: "), file, line,
                 column);
    } else {
        /* TRANSLATORS: where a problem is: the file and its row */
        snprintf(head, sizeof head, _("%s row %zu: "), file, line);
    }
    memmove(err->message, err->message + lead,
            strlen(err->message + lead) + 1);
    yj_error_prepend(err, head);
}

bool yj_field_from_name(yj_field *out, const char *name)
{
    int i;

    for (i = 0; i < YJ_F_COUNT; i++) {
        if (strcmp(field_names[i], name) == 0) {
            *out = (yj_field)i;
            return true;
        }
    }
    return false;
}

const yj_term *yj_categories(void) { return categories; }
const yj_term *yj_amenities(void) { return amenities; }
const yj_term *yj_precisions(void) { return precisions; }
const yj_term *yj_amenity_sources(void) { return amenity_sources; }

const char *yj_term_label(const yj_term *vocab, const char *code)
{
    for (; vocab->code != NULL; vocab++)
        if (strcmp(vocab->code, code) == 0)
            return vocab->zh;
    return NULL;
}

bool yj_station_is_approximate(const yj_station *s)
{
    const char *p = s->text[YJ_F_COORD_PRECISION];

    return s->has_point && p != NULL &&
           (strcmp(p, "township") == 0 || strcmp(p, "district") == 0 ||
            strcmp(p, "unknown") == 0);
}

const char *yj_station_precision_label(const yj_station *s, bool mark)
{
    const char *p = s->text[YJ_F_COORD_PRECISION];
    const char *label;

    if (!s->has_point)
        return "无坐标";
    /* approximate locations say so at a glance */
    if (mark && yj_station_is_approximate(s))
        return strcmp(p, "township") == 0   ? "≈ 位置仅到镇街"
               : strcmp(p, "district") == 0 ? "≈ 位置仅到区县"
                                            : "≈ 精度未知";
    label = yj_term_label(precisions, p);
    return label != NULL ? label : p;
}

bool yj_station_accuracy_m(double *out, const yj_station *s)
{
    const char *p = s->text[YJ_F_COORD_PRECISION];
    const char *src = s->text[YJ_F_COORD_SOURCE], *at, *end;
    char num[16];
    size_t n;

    if (!s->has_point || p == NULL || strcmp(p, "surveyed") != 0 ||
        src == NULL || (at = strstr(src, "±")) == NULL)
        return false;
    at += strlen("±");
    end = strstr(at, " m");
    n = end != NULL ? (size_t)(end - at) : 0;
    if (n == 0 || n >= sizeof num)
        return false;
    memcpy(num, at, n);
    num[n] = '\0';
    return yj_parse_real(out, num, 0.0, 1e6, NULL) == YJ_OK && *out > 0.0;
}

/* Append s to buf[size] at `used` as far as it fits; its whole length. */
static size_t append(char *buf, size_t size, size_t used, const char *s)
{
    size_t len = strlen(s), room;

    if (used + 1 < size) {
        room = size - 1 - used;
        memcpy(buf + used, s, len < room ? len : room);
        buf[used + (len < room ? len : room)] = '\0';
    }
    return len;
}

size_t yj_amenity_labels(char *buf, size_t size, const char *list)
{
    const char *p = list;
    size_t used = 0;

    if (size > 0)
        buf[0] = '\0';
    while (*p != '\0') {
        size_t n = strcspn(p, ";");
        if (n > 0) {
            char code[64];
            const char *label;
            snprintf(code, sizeof code, "%.*s", (int)(n < 63 ? n : 63), p);
            label = yj_term_label(amenities, code);
            if (used > 0)
                used += append(buf, size, used, "、");
            used += append(buf, size, used, label != NULL ? label : code);
        }
        p += n;
        if (*p == ';')
            p++;
    }
    return used;
}

bool yj_station_in_service(const yj_station *s)
{
    const char *closed = s->text[YJ_F_CLOSED_ON];

    return closed == NULL || closed[0] == '\0';
}

bool yj_station_findable(const yj_station *s)
{
    return s->has_point && yj_station_in_service(s);
}

void yj_station_clear(yj_station *s)
{
    int i;

    if (s == NULL)
        return;
    for (i = 0; i < YJ_F_COUNT; i++)
        free(s->text[i]);
    memset(s, 0, sizeof *s);
}

yj_code yj_station_set(yj_station *s, yj_field f, const char *value,
                       yj_error *err)
{
    char *copy = yj_strndup(value, strlen(value));

    if (copy == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    free(s->text[f]);
    s->text[f] = copy;
    return YJ_OK;
}

yj_code yj_station_copy(yj_station *dst, const yj_station *src, yj_error *err)
{
    int i;

    memset(dst, 0, sizeof *dst);
    for (i = 0; i < YJ_F_COUNT; i++) {
        if (yj_station_set(dst, (yj_field)i, src->text[i] ? src->text[i] : "",
                           err) != YJ_OK) {
            yj_station_clear(dst);
            return YJ_ENOMEM;
        }
    }
    dst->lon = src->lon;
    dst->lat = src->lat;
    dst->has_point = src->has_point;
    return YJ_OK;
}

char *yj_format_degrees(char *buf, size_t size, double degrees)
{
    size_t n;

    /* Nine decimals, trailing zeros dropped, is the shortest exact text of
     * every value written with up to nine decimals (all our sources); a
     * value with more digits is written with 17 significant ones. */
    char fast[32];
    double a = fabs(degrees);

    /* Fast and exact: a value with at most nine decimals is n / 1e9 for a
     * whole n, and IEEE division rounds n / 1e9 exactly as strtod rounds
     * its decimal text. */
    if (a < 1000.0 && nearbyint(a * 1e9) / 1e9 == a && size >= 32) {
        yj_format_fixed(fast, degrees, 9);
        n = yj_trim_decimal(fast);
        memcpy(buf, fast, n + 1);
        return buf;
    }
    snprintf(buf, size, "%.9f", degrees);
    yj_trim_decimal(buf);
    if (strtod(buf, NULL) != degrees)
        snprintf(buf, size, "%.17g", degrees);
    return buf;
}

yj_code yj_columns_from_header(yj_columns *out, const yj_csv_record *header,
                               const char *file, yj_error *err)
{
    static const yj_field required[] = {YJ_F_ID, YJ_F_NAME, YJ_F_ADDRESS,
                                        YJ_F_LON, YJ_F_LAT};
    size_t i;
    yj_field f;

    for (i = 0; i < YJ_F_COUNT; i++)
        out->index[i] = -1;
    out->count = header->count;
    for (i = 0; i < header->count; i++) {
        const char *name = header->fields[i];
        if (!yj_field_from_name(&f, name))
            return yj_fail(err, YJ_EPARSE,
                           "%s:%zu: column %zu: unknown column '%s'", file,
                           header->line, i + 1, name);
        if (out->index[f] >= 0)
            return yj_fail(err, YJ_EPARSE,
                           "%s:%zu: column %zu: column '%s' appears twice",
                           file, header->line, i + 1, name);
        out->index[f] = (int)i;
    }
    for (i = 0; i < sizeof required / sizeof required[0]; i++)
        if (out->index[required[i]] < 0)
            return yj_fail(err, YJ_EPARSE,
                           "%s:%zu: missing required column '%s'", file,
                           header->line, field_names[required[i]]);
    return YJ_OK;
}

static bool valid_id(const char *id)
{
    size_t n = strlen(id), i;

    if (n == 0 || n > 32)
        return false;
    for (i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* "YYYY-MM-DD", a real day of the Gregorian calendar (calendar.c's
 * reading of dates), in 2000-2099. */
static bool valid_date(const char *t)
{
    long day;

    return yj_parse_date(&day, t) && strncmp(t, "2000", 4) >= 0 &&
           strncmp(t, "2099", 4) <= 0;
}

static bool valid_phone(const char *p)
{
    for (; *p != '\0'; p++)
        if (strchr("0123456789 +-();,/", *p) == NULL)
            return false;
    return true;
}

/* Check each ';'-separated code of `list` against `vocab`. */
static yj_code check_codes(const char *list, const yj_term *vocab,
                           yj_field field, yj_error *err)
{
    const char *p = list;

    while (*p != '\0') {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char code[64];
        if (n == 0 || n >= sizeof code)
            return yj_field_error(err, field,
                                  yj_fail(err, YJ_EINVAL,
                                          "bad entry in '%s'", list));
        memcpy(code, p, n);
        code[n] = '\0';
        if (yj_term_label(vocab, code) == NULL)
            return yj_field_error(
                err, field,
                yj_fail(err, YJ_EINVAL,
                        "unknown code '%s' (see data/README.md)", code));
        p += n;
        if (*p == ';')
            p++;
    }
    return YJ_OK;
}

/* Every field present and valid UTF-8: checked before any message quotes
 * a value. */
static yj_code check_text(const yj_station *s, yj_error *err)
{
    int i;

    for (i = 0; i < YJ_F_COUNT; i++) {
        size_t bad;
        if (s->text[i] == NULL)
            return yj_field_error(err, (yj_field)i,
                                  yj_fail(err, YJ_EINVAL, "missing"));
        if (strlen(s->text[i]) > YJ_FIELD_MAX)
            return yj_field_error(
                err, (yj_field)i,
                yj_fail(err, YJ_EINVAL,
                        "%zu bytes, more than the %d a field may hold; "
                        "shorten it", strlen(s->text[i]), YJ_FIELD_MAX));
        if (!yj_utf8_valid(&bad, s->text[i], strlen(s->text[i])))
            return yj_field_error(
                err, (yj_field)i,
                yj_fail(err, YJ_EINVAL,
                        "invalid UTF-8 at byte %zu (save the file as "
                        "UTF-8)", bad + 1));
    }
    return YJ_OK;
}

yj_code yj_station_validate(const yj_station *s, yj_error *err)
{
    const char *const *t = (const char *const *)s->text;
    yj_code rc;

    if ((rc = check_text(s, err)) != YJ_OK)
        return rc;
    if (!valid_id(t[YJ_F_ID]))
        return yj_field_error(
            err, YJ_F_ID,
            yj_fail(err, YJ_EINVAL,
                    "'%s' is not 1-32 letters, digits, '_' or '-'",
                    t[YJ_F_ID]));
    if (t[YJ_F_NAME][0] == '\0')
        return yj_field_error(err, YJ_F_NAME,
                              yj_fail(err, YJ_EINVAL, "empty"));
    if (t[YJ_F_ADDRESS][0] == '\0')
        return yj_field_error(err, YJ_F_ADDRESS,
                              yj_fail(err, YJ_EINVAL, "empty"));
    if (t[YJ_F_CATEGORY][0] != '\0' &&
        yj_term_label(categories, t[YJ_F_CATEGORY]) == NULL)
        return yj_field_error(
            err, YJ_F_CATEGORY,
            yj_fail(err, YJ_EINVAL,
                    "unknown category '%s' (see data/README.md)",
                    t[YJ_F_CATEGORY]));
    if ((rc = check_codes(t[YJ_F_AMENITIES], amenities, YJ_F_AMENITIES, err)))
        return rc;
    if (t[YJ_F_AMENITIES_SOURCE][0] != '\0' &&
        yj_term_label(amenity_sources, t[YJ_F_AMENITIES_SOURCE]) == NULL)
        return yj_field_error(
            err, YJ_F_AMENITIES_SOURCE,
            yj_fail(err, YJ_EINVAL,
                    "'%s' is not programme, report, survey or staff",
                    t[YJ_F_AMENITIES_SOURCE]));
    if (!valid_phone(t[YJ_F_PHONE]))
        return yj_field_error(
            err, YJ_F_PHONE,
            yj_fail(err, YJ_EINVAL,
                    "unexpected character in '%s' (digits, spaces and "
                    "+-();,/ only)", t[YJ_F_PHONE]));
    if (t[YJ_F_CHECKED_ON][0] != '\0' && !valid_date(t[YJ_F_CHECKED_ON]))
        return yj_field_error(err, YJ_F_CHECKED_ON,
                              yj_fail(err, YJ_EINVAL,
                                      "'%s' is not a date YYYY-MM-DD (such as "
                                      "2026-03-01)",
                                      t[YJ_F_CHECKED_ON]));
    if (t[YJ_F_CLOSED_ON][0] != '\0' && !valid_date(t[YJ_F_CLOSED_ON]))
        return yj_field_error(err, YJ_F_CLOSED_ON,
                              yj_fail(err, YJ_EINVAL,
                                      "'%s' is not a date YYYY-MM-DD (such as "
                                      "2026-03-01)",
                                      t[YJ_F_CLOSED_ON]));
    if (t[YJ_F_OPENING_HOURS][0] != '\0') {
        yj_hours *h = NULL;
        if ((rc = yj_hours_parse(&h, t[YJ_F_OPENING_HOURS], err)) != YJ_OK) {
            yj_field_error(err, YJ_F_OPENING_HOURS, rc);
            return rc == YJ_EPARSE ? YJ_EINVAL : rc;
        }
        yj_hours_free(h);
    }
    if (!s->has_point) {
        if (t[YJ_F_COORD_PRECISION][0] != '\0')
            return yj_field_error(
                err, YJ_F_COORD_PRECISION,
                yj_fail(err, YJ_EINVAL,
                        "'%s' given without lon,lat: give the coordinates "
                        "or leave it empty", t[YJ_F_COORD_PRECISION]));
        return YJ_OK;
    }
    if (!(s->lon >= -180.0 && s->lon <= 180.0))
        return yj_field_error(
            err, YJ_F_LON,
            yj_fail(err, YJ_EINVAL, "%s is out of range (-180..180)",
                    t[YJ_F_LON]));
    if (!(s->lat >= -90.0 && s->lat <= 90.0))
        return yj_field_error(
            err, YJ_F_LAT,
            yj_fail(err, YJ_EINVAL, "%s is out of range (-90..90)",
                    t[YJ_F_LAT]));
    if (t[YJ_F_COORD_SOURCE][0] == '\0')
        return yj_field_error(
            err, YJ_F_COORD_SOURCE,
            yj_fail(err, YJ_EINVAL, "empty, but lon,lat are given (say "
                    "where they come from)"));
    if (yj_term_label(precisions, t[YJ_F_COORD_PRECISION]) == NULL)
        return yj_field_error(
            err, YJ_F_COORD_PRECISION,
            yj_fail(err, YJ_EINVAL,
                    "'%s' is not surveyed, door, poi, road, township, "
                    "district or unknown", t[YJ_F_COORD_PRECISION]));
    return YJ_OK;
}

/* Parse lon/lat text into the point; messages name the field. */
static yj_code parse_point(yj_station *s, yj_error *err)
{
    const char *lon = s->text[YJ_F_LON], *lat = s->text[YJ_F_LAT];
    bool lon_empty = lon[strspn(lon, " ")] == '\0';
    bool lat_empty = lat[strspn(lat, " ")] == '\0';

    s->has_point = false;
    if (lon_empty && lat_empty)
        return YJ_OK;
    if (lon_empty || lat_empty)
        return yj_field_error(
            err, lon_empty ? YJ_F_LON : YJ_F_LAT,
            yj_fail(err, YJ_EINVAL, "empty while %s is '%s'",
                    field_labels[lon_empty ? YJ_F_LAT : YJ_F_LON],
                    lon_empty ? lat : lon));
    if (yj_parse_real(&s->lon, lon, -180.0, 180.0, err) != YJ_OK) {
        yj_error_prefix(err, "lon");
        return YJ_EINVAL;
    }
    if (yj_parse_real(&s->lat, lat, -90.0, 90.0, err) != YJ_OK) {
        yj_error_prefix(err, "lat");
        return YJ_EINVAL;
    }
    s->has_point = true;
    return YJ_OK;
}

yj_code yj_station_from_record(yj_station *out, const yj_columns *cols,
                               const yj_csv_record *rec, const char *file,
                               yj_error *err)
{
    yj_code rc = YJ_OK;
    int i;

    memset(out, 0, sizeof *out);
    if (rec->count != cols->count) {
        yj_fail(err, YJ_EPARSE, "expected %zu columns as in the header, "
                "found %zu", cols->count, rec->count);
        yj_station_error_at(err, file, rec->line, NULL);
        return YJ_EPARSE;
    }
    for (i = 0; i < YJ_F_COUNT && rc == YJ_OK; i++) {
        int col = cols->index[i];
        /* a cell our CSV writer guarded against Excel (text.h) */
        rc = yj_station_set(out, (yj_field)i,
                            col >= 0 ? yj_cell_unguard(rec->fields[col]) : "",
                            err);
    }
    if (rc == YJ_OK)
        rc = check_text(out, err);
    if (rc == YJ_OK)
        rc = parse_point(out, err);
    if (rc == YJ_OK)
        rc = yj_station_validate(out, err);
    if (rc != YJ_OK) {
        yj_station_error_at(err, file, rec->line, NULL);
        yj_station_clear(out);
    }
    return rc;
}

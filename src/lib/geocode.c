/* geocode.c — `yijia geocode`: station addresses to points through Amap,
 * Baidu, Tianditu or Nominatim, made safe to run against a daily quota.
 *
 * Each provider is a request builder and a response reader (its JSON read
 * with jansson, its coordinates converted to WGS84, its level mapped to
 * our precision) plus the provider's codes sorted into retryable and
 * fatal.  Around them: a rate limit (one request per 1/qps seconds),
 * retries with exponential backoff and jitter, the cache (every answer by
 * provider and normalised query, so a re-run works offline), and the
 * quality gate: a result is taken only when it is more precise than the
 * station's location and lies in the station's township polygon (within
 * TOLERANCE_M); otherwise it is kept as a candidate for review.  Each
 * station's update is its own change (db_edit.c): an interrupted run
 * loses nothing already done, and the next run resumes.
 * Keys: never written anywhere; any text that could hold one (an error
 * message, a stored response) has it replaced by "***" first. */
#include "crs.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "md5.h"
#include "shape.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* How far outside its township polygon a point may lie and still count
 * as inside: the polygons are simplified at 10 m and their sources are
 * not surveys, and a station on a boundary road may geocode across it. */
#define TOLERANCE_M 200.0
#define PI 3.14159265358979323846
#define AMAP_BATCH 10
#define USER_AGENT "yijia/" YIJIA_VERSION_STRING \
    " (Xiaoshan union rest-station finder; offline tool)"

static const char *const provider_names[] = {"amap", "baidu", "tianditu",
                                             "nominatim"};
static const char *const default_urls[] = {
    "https://restapi.amap.com", "https://api.map.baidu.com",
    "https://api.tianditu.gov.cn", "https://nominatim.openstreetmap.org"};
/* Requests per second unless --qps says otherwise (free keys: about 3;
 * Nominatim's policy: at most 1, never more). */
static const double default_qps[] = {3.0, 3.0, 3.0, 1.0};

bool yj_provider_from_name(yj_provider *out, const char *name)
{
    int i;

    for (i = 0; i < 4; i++)
        if (strcmp(provider_names[i], name) == 0) {
            *out = (yj_provider)i;
            return true;
        }
    return false;
}

const char *yj_provider_name(yj_provider p)
{
    return provider_names[p];
}

const char *yj_provider_default_url(yj_provider p)
{
    return default_urls[p];
}

/* ---- precision ------------------------------------------------------- */

static int rank(const char *precision)
{
    static const char *const order[] = {"district", "unknown", "township",
                                        "road", "poi", "door"};
    int i;

    for (i = 0; i < 6; i++)
        if (strcmp(order[i], precision) == 0)
            return i == 0 ? 1 : i;  /* district and unknown alike */
    return 0;
}

static int station_rank(const yj_station *s)
{
    return s->has_point ? rank(s->text[YJ_F_COORD_PRECISION]) : 0;
}

static const char *level_precision(const char *level,
                                   const char *const table[][2])
{
    size_t i;

    for (i = 0; table[i][0] != NULL; i++)
        if (strcmp(table[i][0], level) == 0)
            return table[i][1];
    return "";
}

/* Amap's `level` (geocoding-apis.md 1.1): door and POI levels are points;
 * the rest approximate; 市, 省, 国家 and unknown words too coarse. */
static const char *const amap_levels[][2] = {
    {"门牌号", "door"}, {"门址", "door"}, {"单元号", "door"},
    {"兴趣点", "poi"}, {"公交地铁站点", "poi"}, {"公交站台、地铁站", "poi"},
    {"住宅区", "poi"}, {"道路", "road"}, {"道路交叉路口", "road"},
    {"热点商圈", "township"}, {"乡镇", "township"}, {"村庄", "township"},
    {"开发区", "township"}, {"区县", "district"}, {NULL, NULL}};

static const char *const tianditu_levels[][2] = {
    {"门址", "door"}, {"门牌号", "door"}, {"兴趣点", "poi"}, {"POI", "poi"},
    {"地名地址", "poi"}, {"道路", "road"}, {"乡镇", "township"},
    {"村庄", "township"}, {"区县", "district"}, {NULL, NULL}};

/* ---- helpers ----------------------------------------------------------- */

typedef struct run {
    yj_editor *ed;
    const yj_geocode_options *opt;
    yj_geocode_report *rep;
    yj_area_rec *areas;
    size_t n_areas;
    double interval_s;   /* between requests */
    double next_at;      /* monotonic time the next request may start */
    char today[11];
} run;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    struct timespec ts;

    if (s <= 0)
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Replace every occurrence of the run's key and secret in s by "***". */
static void redact(const run *r, char *s)
{
    const char *secrets[2] = {r->opt->key, r->opt->secret};
    int i;

    for (i = 0; i < 2; i++) {
        const char *k = secrets[i];
        size_t kl = k ? strlen(k) : 0;
        char *p;
        if (kl < 3)
            continue;
        while ((p = strstr(s, k)) != NULL) {
            memcpy(p, "***", 3);
            memmove(p + 3, p + kl, strlen(p + kl) + 1);
        }
    }
}

/* A growing string. */
typedef struct str {
    char *s;
    size_t len, cap;
    bool failed;
} str;

static void add(str *b, const char *text)
{
    size_t n = strlen(text);

    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        char *grown;
        while (cap < b->len + n + 1)
            cap *= 2;
        if ((grown = realloc(b->s, cap)) == NULL) {
            b->failed = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, text, n + 1);
    b->len += n;
}

static void add_escaped(str *b, const char *text)
{
    char *e = yj_url_escape(text);

    if (e == NULL) {
        b->failed = true;
        return;
    }
    add(b, e);
    free(e);
}

/* Form encoding (space as '+'), as PHP's http_build_query writes the
 * query that Baidu's sn signs. */
static void add_form_escaped(str *b, const char *text)
{
    char *e = yj_url_escape_form(text);

    if (e == NULL) {
        b->failed = true;
        return;
    }
    add(b, e);
    free(e);
}

/* ---- address normalisation ------------------------------------------- */

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

void yj_geocode_query(char *out, size_t size, const yj_station *s)
{
    const char *a = s->text[YJ_F_ADDRESS];
    const char *district = s->text[YJ_F_DISTRICT][0] ? s->text[YJ_F_DISTRICT]
                                                     : "萧山区";
    const char *p;
    bool has_district = false;

    if (starts(a, "浙江省"))
        a += strlen("浙江省");
    if (starts(a, "杭州市"))
        a += strlen("杭州市");
    /* A district named at the start ("萧山区…", "钱塘区…") stays. */
    p = strstr(a, "区");
    if (p != NULL && p - a <= 9 && p - a >= 6)
        has_district = true;
    snprintf(out, size, "浙江省杭州市%s%s", has_district ? "" : district, a);
}

/* ---- providers: requests ------------------------------------------- */

typedef struct param {
    const char *name, *value;
} param;

static int cmp_param(const void *a, const void *b)
{
    return strcmp(((const param *)a)->name, ((const param *)b)->name);
}

/* base + path + "?" + params (URL-encoded, in the order given), signed as
 * the provider requires. */
static char *build_url(const run *r, const char *path, param *ps, size_t n)
{
    str b = {NULL, 0, 0, false};
    size_t i;

    add(&b, r->opt->base_url);
    add(&b, path);
    add(&b, "?");
    if (r->opt->provider == YJ_PROVIDER_AMAP && r->opt->secret != NULL) {
        /* sig = md5(sorted "k=v&..." of raw values + private key). */
        param sorted[16];
        str raw = {NULL, 0, 0, false};
        char sig[33];
        memcpy(sorted, ps, n * sizeof *ps);
        qsort(sorted, n, sizeof *sorted, cmp_param);
        for (i = 0; i < n; i++) {
            add(&raw, i ? "&" : "");
            add(&raw, sorted[i].name);
            add(&raw, "=");
            add(&raw, sorted[i].value);
        }
        add(&raw, r->opt->secret);
        if (raw.failed) {
            free(raw.s);
            free(b.s);
            return NULL;
        }
        yj_md5_hex(sig, raw.s, raw.len);
        free(raw.s);
        for (i = 0; i < n; i++) {
            add(&b, i ? "&" : "");
            add(&b, ps[i].name);
            add(&b, "=");
            add_escaped(&b, ps[i].value);
        }
        add(&b, "&sig=");
        add(&b, sig);
    } else if (r->opt->provider == YJ_PROVIDER_BAIDU &&
               r->opt->secret != NULL) {
        /* sn = md5(urlencode(path + "?" + query + sk)), the query as sent;
         * sn goes last. */
        str q = {NULL, 0, 0, false}, raw = {NULL, 0, 0, false};
        char sn[33];
        for (i = 0; i < n; i++) {
            add(&q, i ? "&" : "");
            add(&q, ps[i].name);
            add(&q, "=");
            add_form_escaped(&q, ps[i].value);
        }
        add(&raw, path);
        add(&raw, "?");
        add(&raw, q.s ? q.s : "");
        add(&raw, r->opt->secret);
        if (q.failed || raw.failed) {
            free(q.s);
            free(raw.s);
            free(b.s);
            return NULL;
        }
        {
            char *outer = yj_url_escape_form(raw.s);
            if (outer == NULL) {
                free(q.s);
                free(raw.s);
                free(b.s);
                return NULL;
            }
            yj_md5_hex(sn, outer, strlen(outer));
            free(outer);
        }
        add(&b, q.s);
        add(&b, "&sn=");
        add(&b, sn);
        free(q.s);
        free(raw.s);
    } else {
        for (i = 0; i < n; i++) {
            add(&b, i ? "&" : "");
            add(&b, ps[i].name);
            add(&b, "=");
            add_escaped(&b, ps[i].value);
        }
    }
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---- providers: responses ------------------------------------------- */

typedef enum verdict {
    V_OK,         /* a valid answer (found or not) */
    V_RETRY,      /* try again after a while */
    V_FAIL,       /* this query failed; go on with the next */
    V_FATAL       /* stop the run (key, signature, quota) */
} verdict;

static void set_point(yj_geo_result *out, yj_lonlat p, yj_crs crs)
{
    yj_lonlat w;

    if (yj_crs_convert(&w, p, crs, YJ_CRS_WGS84, NULL) != YJ_OK)
        return;
    out->found = true;
    out->lon = nearbyint(w.lon * 1e9) / 1e9;
    out->lat = nearbyint(w.lat * 1e9) / 1e9;
}

/* Amap's "lng,lat" string (or [] for none). */
static void amap_location(yj_geo_result *out, const json_t *loc)
{
    const char *t = yj_json_str(loc);
    char a[64], *comma;
    yj_lonlat p;

    if (t == NULL || strlen(t) >= sizeof a)
        return;
    snprintf(a, sizeof a, "%s", t);
    if ((comma = strchr(a, ',')) == NULL)
        return;
    *comma = '\0';
    if (yj_parse_double(&p.lon, a) && yj_parse_double(&p.lat, comma + 1))
        set_point(out, p, YJ_CRS_GCJ02);
}

static void text_of(char *dst, size_t size, const json_t *j)
{
    const char *t = yj_json_str(j);

    snprintf(dst, size, "%s", t ? t : "");
}

/* Amap's status / infocode: the codes of geocoding-apis.md 1.2. */
static verdict amap_status(const json_t *root, char *msg, size_t size)
{
    static const int retry[] = {10004, 10014, 10015, 10016, 10019, 10020,
                                10021};
    static const int fatal[] = {10001, 10002, 10003, 10005, 10006, 10007,
                                10008, 10009, 10010, 10011, 10012, 10013,
                                10026, 10041, 10044, 10045};
    const char *status = yj_json_str(yj_json_get(root, "status"));
    const char *info = yj_json_str(yj_json_get(root, "info"));
    double code = 0;
    size_t i;

    if (status != NULL && strcmp(status, "1") == 0)
        return V_OK;
    if (status == NULL || !yj_json_num(yj_json_get(root, "infocode"), &code)) {
        snprintf(msg, size, "an answer without status and infocode");
        return V_RETRY;
    }
    snprintf(msg, size, "Amap infocode %.0f %s", code, info ? info : "");
    for (i = 0; i < sizeof retry / sizeof retry[0]; i++)
        if ((int)code == retry[i])
            return V_RETRY;
    for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        if ((int)code == fatal[i])
            return V_FATAL;
    return V_FAIL;
}

static verdict baidu_status(const json_t *root, char *msg, size_t size)
{
    double code = -1;

    if (!yj_json_num(yj_json_get(root, "status"), &code)) {
        snprintf(msg, size, "an answer without status");
        return V_RETRY;
    }
    if (code == 0)
        return V_OK;
    snprintf(msg, size, "Baidu status %.0f %s", code,
             yj_json_str(yj_json_get(root, "message"))
                 ? yj_json_str(yj_json_get(root, "message")) : "");
    if (code == 1 || code == 401 || code == 402)
        return V_RETRY;
    if (code == 2 || code == 8)
        return V_FAIL;
    return V_FATAL;  /* 3-5, 9, 1xx, 2xx (key, sn, app), 3xx (quota) */
}

/* Read one provider answer into out[0..n) (n > 1: an Amap batch). */
static verdict read_answer(const run *r, const json_t *root,
                           yj_geo_result *out, size_t n, bool poi,
                           char *msg, size_t size)
{
    verdict v;
    size_t i;

    switch (r->opt->provider) {
    case YJ_PROVIDER_AMAP: {
        const json_t *list;
        if ((v = amap_status(root, msg, size)) != V_OK)
            return v;
        list = yj_json_get(root, poi ? "pois" : "geocodes");
        if (!json_is_array(list) && yj_json_get(root, poi ? "pois"
                                                          : "geocodes")) {
            snprintf(msg, size, "Amap: '%s' is not a list",
                     poi ? "pois" : "geocodes");
            return V_RETRY;
        }
        if (poi) {
            /* The first POI of the answer; the gate judges it. */
            const json_t *p = yj_json_at(list, 0);
            if (p == NULL)
                return V_OK;
            amap_location(&out[0], yj_json_get(p, "location"));
            snprintf(out[0].precision, sizeof out[0].precision, "poi");
            snprintf(out[0].level, sizeof out[0].level, "兴趣点");
            text_of(out[0].label, sizeof out[0].label, yj_json_get(p, "name"));
            return V_OK;
        }
        /* Batch results keep the input order; a failed address has an
         * empty location. */
        if (n > 1 && yj_json_size(list) != n) {
            snprintf(msg, size, "Amap answered %zu results for %zu "
                     "addresses", yj_json_size(list), n);
            return V_RETRY;
        }
        for (i = 0; i < n; i++) {
            const json_t *g = yj_json_at(list, i);
            if (g == NULL)
                continue;
            amap_location(&out[i], yj_json_get(g, "location"));
            text_of(out[i].level, sizeof out[i].level, yj_json_get(g, "level"));
            text_of(out[i].label, sizeof out[i].label,
                    yj_json_get(g, "formatted_address"));
            snprintf(out[i].precision, sizeof out[i].precision, "%s",
                     level_precision(out[i].level, amap_levels));
        }
        return V_OK;
    }
    case YJ_PROVIDER_BAIDU: {
        const json_t *res, *loc;
        double precise = 0, confidence = 0, lng, lat;
        const char *level;
        if ((v = baidu_status(root, msg, size)) != V_OK)
            return v;
        res = yj_json_get(root, "result");
        loc = yj_json_get(res, "location");
        if (!yj_json_num(yj_json_get(loc, "lng"), &lng) ||
            !yj_json_num(yj_json_get(loc, "lat"), &lat))
            return V_OK;  /* no result */
        yj_json_num(yj_json_get(res, "precise"), &precise);
        yj_json_num(yj_json_get(res, "confidence"), &confidence);
        level = yj_json_str(yj_json_get(res, "level"));
        set_point(&out[0], (yj_lonlat){lng, lat}, YJ_CRS_BD09);
        snprintf(out[0].level, sizeof out[0].level,
                 "%s precise=%.0f confidence=%.0f", level ? level : "",
                 precise, confidence);
        snprintf(out[0].label, sizeof out[0].label, "%s", level ? level : "");
        /* precise=1: an exact point; its level says of what.  Fuzzy
         * points are as good as their confidence (100: < 20 m ... 60:
         * < 500 m). */
        if (precise == 1 && level && strcmp(level, "门址") == 0)
            snprintf(out[0].precision, sizeof out[0].precision, "door");
        else if (precise == 1 && level &&
                 (strcmp(level, "道路") == 0 || strcmp(level, "交叉路口") == 0))
            snprintf(out[0].precision, sizeof out[0].precision, "road");
        else if (precise == 1)
            snprintf(out[0].precision, sizeof out[0].precision, "poi");
        else if (confidence >= 80)
            snprintf(out[0].precision, sizeof out[0].precision, "road");
        else if (confidence >= 50)
            snprintf(out[0].precision, sizeof out[0].precision, "township");
        else if (confidence >= 30)
            snprintf(out[0].precision, sizeof out[0].precision, "district");
        return V_OK;
    }
    case YJ_PROVIDER_TIANDITU: {
        const char *status = yj_json_str(yj_json_get(root, "status"));
        const json_t *loc = yj_json_get(root, "location");
        double lon, lat, score = 0;
        if (status == NULL) {
            double code;
            if (!yj_json_num(yj_json_get(root, "status"), &code)) {
                snprintf(msg, size, "Tianditu: an answer without status");
                return V_RETRY;
            }
            status = code == 0 ? "0" : code == 101 ? "101" : "404";
        }
        if (strcmp(status, "101") == 0)
            return V_OK;  /* no result */
        if (strcmp(status, "0") != 0) {
            snprintf(msg, size, "Tianditu status %s %s", status,
                     yj_json_str(yj_json_get(root, "msg"))
                         ? yj_json_str(yj_json_get(root, "msg")) : "");
            return V_FAIL;
        }
        if (!yj_json_num(yj_json_get(loc, "lon"), &lon) ||
            !yj_json_num(yj_json_get(loc, "lat"), &lat))
            return V_OK;
        yj_json_num(yj_json_get(loc, "score"), &score);
        /* CGCS2000: WGS84 at our precision (geocoding-apis.md 3). */
        set_point(&out[0], (yj_lonlat){lon, lat}, YJ_CRS_WGS84);
        text_of(out[0].level, sizeof out[0].level, yj_json_get(loc, "level"));
        text_of(out[0].label, sizeof out[0].label, yj_json_get(loc, "keyWord"));
        snprintf(out[0].precision, sizeof out[0].precision, "%s",
                 level_precision(out[0].level, tianditu_levels));
        if (score < 60 && rank(out[0].precision) > rank("township"))
            snprintf(out[0].precision, sizeof out[0].precision, "township");
        return V_OK;
    }
    case YJ_PROVIDER_NOMINATIM: {
        const json_t *p = yj_json_at(root, 0);
        const char *cls, *type;
        double lon, lat;
        if (!json_is_array(root)) {
            snprintf(msg, size, "Nominatim: the answer is not a list");
            return V_RETRY;
        }
        if (p == NULL || !yj_json_num(yj_json_get(p, "lon"), &lon) ||
            !yj_json_num(yj_json_get(p, "lat"), &lat))
            return V_OK;
        set_point(&out[0], (yj_lonlat){lon, lat}, YJ_CRS_WGS84);
        cls = yj_json_str(yj_json_get(p, "class"));
        type = yj_json_str(yj_json_get(p, "type"));
        snprintf(out[0].level, sizeof out[0].level, "%s=%s", cls ? cls : "",
                 type ? type : "");
        text_of(out[0].label, sizeof out[0].label,
                yj_json_get(p, "display_name"));
        if (cls && strcmp(cls, "highway") == 0)
            snprintf(out[0].precision, sizeof out[0].precision, "road");
        else if (cls && strcmp(cls, "place") == 0 && type &&
                 (strcmp(type, "house") == 0))
            snprintf(out[0].precision, sizeof out[0].precision, "door");
        else if (cls && (strcmp(cls, "place") == 0 ||
                         strcmp(cls, "boundary") == 0))
            snprintf(out[0].precision, sizeof out[0].precision, "township");
        else if (cls)
            snprintf(out[0].precision, sizeof out[0].precision, "poi");
        return V_OK;
    }
    }
    return V_FAIL;
}

/* ---- requests: rate limit, retries ------------------------------------ */

/* One request, retried as needed (network failures, HTTP 429/5xx,
 * malformed answers and the provider's retryable codes); on V_OK out[0..n)
 * holds what it said, *root the parsed answer (free it) and *raw its
 * text (free it). */
static verdict request(run *r, const char *url, yj_geo_result *out,
                       size_t n, bool poi, json_t **root, char **raw,
                       char *msg, size_t size)
{
    int attempt;
    verdict v = V_RETRY;

    *root = NULL;
    *raw = NULL;
    for (attempt = 0; attempt <= r->opt->retries; attempt++) {
        yj_http_response res;
        yj_error err;
        double wait = r->next_at - now_s();

        if (attempt > 0) {
            /* Exponential backoff with jitter: 0.25 s, 0.5 s, 1 s ... */
            double backoff = 0.25 * (double)(1 << (attempt - 1 < 6 ? attempt - 1 : 6));
            backoff *= 1.0 + (double)rand() / RAND_MAX * 0.5;
            if (wait < backoff)
                wait = backoff;
        }
        sleep_s(wait);
        r->next_at = now_s() + r->interval_s;
        r->rep->requests++;
        if (yj_http_get(&res, url, USER_AGENT,
                        (long)(r->opt->timeout_s * 1000), &err) != YJ_OK) {
            snprintf(msg, size, "%s", err.message);
            return V_FATAL;
        }
        if (res.outcome != YJ_HTTP_DONE) {
            snprintf(msg, size, "%s", res.error);
            redact(r, msg);
            v = V_RETRY;
            continue;
        }
        if (res.status == 429 || res.status >= 500) {
            snprintf(msg, size, "HTTP %ld", res.status);
            yj_http_response_free(&res);
            v = V_RETRY;
            continue;
        }
        if (res.status != 200) {
            snprintf(msg, size, "HTTP %ld (check the endpoint and the key)",
                     res.status);
            yj_http_response_free(&res);
            return V_FATAL;
        }
        if (yj_json_load(root, res.body, res.len, &err) != YJ_OK) {
            snprintf(msg, size, "malformed answer: %s", err.message);
            yj_http_response_free(&res);
            if (err.code == YJ_EIO)
                return V_FATAL;
            v = V_RETRY;
            continue;
        }
        memset(out, 0, n * sizeof *out);
        v = read_answer(r, *root, out, n, poi, msg, size);
        if (v == V_RETRY || v == V_FAIL || v == V_FATAL) {
            yj_json_free(*root);
            *root = NULL;
            yj_http_response_free(&res);
            if (v == V_RETRY)
                continue;
            return v;
        }
        redact(r, res.body);
        *raw = res.body;  /* handed over */
        return V_OK;
    }
    return v == V_RETRY ? V_FAIL : v;
}

/* ---- the gate and the write ------------------------------------------ */

/* Inside the station's township polygon, or within TOLERANCE_M of it;
 * stations without a township polygon are held to the district outline.
 * *area names what was checked ("" when there is nothing to check). */
static bool inside(const run *r, const yj_station *s, yj_lonlat p,
                   const char **area)
{
    const yj_area_rec *a =
        yj_area_named(r->areas, r->n_areas, s->text[YJ_F_TOWNSHIP], false);
    double dlat = TOLERANCE_M / 111320.0;
    double dlon = dlat / cos(p.lat * PI / 180.0);
    int k;

    if (a == NULL)
        a = yj_area_named(r->areas, r->n_areas, s->text[YJ_F_DISTRICT], true);
    *area = a ? a->name : "";
    if (a == NULL)
        return false;
    if (yj_shape_contains(&a->shape, p))
        return true;
    for (k = 0; k < 16; k++) {
        double ang = k * PI / 8;
        yj_lonlat q = {p.lon + dlon * cos(ang), p.lat + dlat * sin(ang)};
        if (yj_shape_contains(&a->shape, q))
            return true;
    }
    return false;
}

/* What to do with a result for station s: update it, hold it for review,
 * or leave it.  Runs in its own change with the cache row. */
static yj_code settle(run *r, const yj_station *s, const char *query,
                      const yj_geo_result *g, bool from_cache,
                      const char *raw, yj_geocode_outcome *outcome,
                      char *why, size_t why_size, yj_error *err)
{
    const char *provider = provider_names[r->opt->provider];
    const char *area = "";
    yj_code rc = YJ_OK;
    bool better = g->found && rank(g->precision) > station_rank(s) &&
                  rank(g->precision) >= rank("road");

    *outcome = YJ_GEOCODE_FAILED;
    if (!g->found) {
        snprintf(why, why_size, "no match");
    } else if (!better) {
        *outcome = YJ_GEOCODE_KEPT;
        snprintf(why, why_size, "%s (%s) is not more precise than %s",
                 g->precision[0] ? g->precision : "too coarse", g->level,
                 s->has_point ? s->text[YJ_F_COORD_PRECISION] : "none");
    } else if (!inside(r, s, (yj_lonlat){g->lon, g->lat}, &area)) {
        *outcome = YJ_GEOCODE_REVIEW;
        if (area[0])
            snprintf(why, why_size, "%.9g,%.9g lies outside %s (by more "
                     "than %.0f m)", g->lon, g->lat, area, TOLERANCE_M);
        else
            snprintf(why, why_size, "no township or district polygon to "
                     "check %.9g,%.9g against", g->lon, g->lat);
    } else {
        *outcome = YJ_GEOCODE_RESOLVED;
        snprintf(why, why_size, "%s, %s", g->precision, g->level);
    }
    if (r->opt->dry_run)
        return YJ_OK;
    if ((rc = yj_editor_begin(r->ed, r->opt->user, r->opt->command, err)))
        return rc;
    if (!from_cache && raw != NULL)
        rc = yj_editor_cache_put(r->ed, provider, query, raw, g, err);
    if (rc == YJ_OK && *outcome == YJ_GEOCODE_REVIEW)
        rc = yj_editor_candidate_put(r->ed, s->text[YJ_F_ID], provider, query,
                                     g, why, err);
    if (rc == YJ_OK && *outcome == YJ_GEOCODE_RESOLVED) {
        yj_station t;
        char num[64], source[1500];
        if ((rc = yj_station_copy(&t, s, err)) == YJ_OK) {
            snprintf(source, sizeof source, "%s geocode %s: %.600s → %.250s "
                     "(%.60s)", provider, r->today, query, g->label, g->level);
            t.lon = g->lon;
            t.lat = g->lat;
            t.has_point = true;
            rc = yj_station_set(&t, YJ_F_LON,
                                yj_format_degrees(num, sizeof num, g->lon),
                                err);
            if (rc == YJ_OK)
                rc = yj_station_set(&t, YJ_F_LAT,
                                    yj_format_degrees(num, sizeof num,
                                                      g->lat), err);
            if (rc == YJ_OK)
                rc = yj_station_set(&t, YJ_F_COORD_SOURCE, source, err);
            if (rc == YJ_OK)
                rc = yj_station_set(&t, YJ_F_COORD_PRECISION, g->precision,
                                    err);
            if (rc == YJ_OK)
                rc = yj_editor_put(r->ed, &t, NULL, err);
            if (rc == YJ_OK)
                rc = yj_editor_candidates_clear(r->ed, s->text[YJ_F_ID],
                                                err);
            yj_station_clear(&t);
        }
    }
    if (rc == YJ_OK)
        rc = yj_editor_commit(r->ed, NULL, err);
    else
        yj_editor_rollback(r->ed);
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

typedef struct job {
    yj_station s;
    char query[1024];
    yj_geo_result result;
    bool cached, done;
    char *raw;  /* the answer for this query (batch: its element) */
} job;

typedef struct jobs {
    job *v;
    size_t n, cap;
    const yj_geocode_options *opt;
} jobs;

static bool wanted(const yj_geocode_options *opt, const yj_station *s)
{
    size_t i;

    if (!yj_station_in_service(s))
        return false;
    if (opt->n_ids > 0) {
        for (i = 0; i < opt->n_ids; i++)
            if (strcasecmp(opt->ids[i], s->text[YJ_F_ID]) == 0)
                return true;
        return false;
    }
    switch (opt->only) {
    case YJ_GEOCODE_MISSING:
        return !s->has_point;
    case YJ_GEOCODE_APPROXIMATE:
        return station_rank(s) < rank("poi");
    default:
        return true;
    }
}

static int collect(void *payload, const yj_station *s)
{
    jobs *js = payload;
    job *j;

    if (!wanted(js->opt, s))
        return 0;
    if (js->n == js->cap) {
        size_t cap = js->cap ? js->cap * 2 : 64;
        job *grown = realloc(js->v, cap * sizeof *grown);
        if (grown == NULL)
            return 1;
        js->v = grown;
        js->cap = cap;
    }
    j = &js->v[js->n];
    memset(j, 0, sizeof *j);
    if (yj_station_copy(&j->s, s, NULL) != YJ_OK)
        return 1;
    yj_geocode_query(j->query, sizeof j->query, s);
    js->n++;
    return 0;
}

static void finish_job(run *r, job *j, yj_geocode_outcome outcome,
                       const char *why)
{
    switch (outcome) {
    case YJ_GEOCODE_RESOLVED: r->rep->resolved++; break;
    case YJ_GEOCODE_REVIEW: r->rep->review++; break;
    case YJ_GEOCODE_KEPT: r->rep->kept++; break;
    default: r->rep->failed++; break;
    }
    if (r->opt->on_station != NULL)
        r->opt->on_station(r->opt->payload, &j->s, outcome, j->cached, why);
}

/* Geocode the jobs g[0..n): one request (an Amap batch of up to 10, one
 * address for the others). */
static yj_code geocode_group(run *r, job *const *g, size_t n, yj_error *err)
{
    param ps[8];
    size_t np = 0, i;
    str addr = {NULL, 0, 0, false};
    char *url = NULL, *raw = NULL, msg[300];
    char ds[1200];
    json_t *root = NULL;
    yj_geo_result res[AMAP_BATCH];
    verdict v;

    memset(res, 0, sizeof res);
    switch (r->opt->provider) {
    case YJ_PROVIDER_AMAP:
        for (i = 0; i < n; i++) {
            add(&addr, i ? "|" : "");
            add(&addr, g[i]->query);
        }
        ps[np++] = (param){"key", r->opt->key};
        ps[np++] = (param){"address", addr.s ? addr.s : ""};
        ps[np++] = (param){"city", "杭州"};
        ps[np++] = (param){"batch", n > 1 ? "true" : "false"};
        ps[np++] = (param){"output", "JSON"};
        url = build_url(r, "/v3/geocode/geo", ps, np);
        break;
    case YJ_PROVIDER_BAIDU:
        ps[np++] = (param){"address", g[0]->query};
        ps[np++] = (param){"city", "杭州市"};
        ps[np++] = (param){"output", "json"};
        ps[np++] = (param){"ak", r->opt->key};
        url = build_url(r, "/geocoding/v3/", ps, np);
        break;
    case YJ_PROVIDER_TIANDITU: {
        /* ds is JSON: the query written as a JSON string. */
        str q = {NULL, 0, 0, false};
        const char *p;
        add(&q, "{\"keyWord\":\"");
        for (p = g[0]->query; *p; p++) {
            char c[3] = {*p, 0, 0};
            if (*p == '"' || *p == '\\') {
                c[0] = '\\';
                c[1] = *p;
            }
            add(&q, c);
        }
        add(&q, "\"}");
        snprintf(ds, sizeof ds, "%s", q.s ? q.s : "");
        free(q.s);
        ps[np++] = (param){"ds", ds};
        ps[np++] = (param){"tk", r->opt->key};
        url = build_url(r, "/geocoder", ps, np);
        break;
    }
    case YJ_PROVIDER_NOMINATIM:
        ps[np++] = (param){"q", g[0]->query};
        ps[np++] = (param){"format", "json"};
        ps[np++] = (param){"limit", "1"};
        ps[np++] = (param){"countrycodes", "cn"};
        ps[np++] = (param){"accept-language", "zh"};
        url = build_url(r, "/search", ps, np);
        break;
    }
    free(addr.s);
    if (url == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    v = request(r, url, res, n, false, &root, &raw, msg, sizeof msg);
    free(url);
    if (v == V_FATAL) {
        yj_json_free(root);
        free(raw);
        redact(r, msg);
        snprintf(r->rep->stop_reason, sizeof r->rep->stop_reason, "%s", msg);
        r->rep->stopped = true;
        return YJ_OK;
    }
    for (i = 0; i < n; i++) {
        if (v != V_OK) {
            redact(r, msg);
            g[i]->done = true;
            finish_job(r, g[i], YJ_GEOCODE_FAILED, msg);
            continue;
        }
        g[i]->result = res[i];
        /* The cache keeps each query's own answer: a batch's element. */
        if (n > 1) {
            char *el = yj_json_dump(yj_json_at(
                yj_json_get(root, "geocodes"), i));
            g[i]->raw = el;
            if (el != NULL)
                redact(r, el);
        } else {
            g[i]->raw = yj_strndup(raw, strlen(raw));
        }
    }
    yj_json_free(root);
    free(raw);
    return YJ_OK;
}

/* Amap's POI search by the station's name, for a station whose address
 * gave less than a POI. */
static yj_code amap_poi(run *r, job *j, yj_error *err)
{
    param ps[8];
    size_t np = 0;
    char *url, *raw = NULL, msg[300], key[1100];
    json_t *root = NULL;
    yj_geo_result res;
    bool hit = false;
    yj_code rc;
    verdict v;

    snprintf(key, sizeof key, "poi:%s", j->s.text[YJ_F_NAME]);
    if (!r->opt->refresh &&
        (rc = yj_editor_cache_get(r->ed, "amap", key, &res, &hit, err)))
        return rc;
    if (!hit) {
        if (r->opt->dry_run) {
            r->rep->requests++;
            return YJ_OK;
        }
        ps[np++] = (param){"key", r->opt->key};
        ps[np++] = (param){"keywords", j->s.text[YJ_F_NAME]};
        ps[np++] = (param){"city", "杭州"};
        ps[np++] = (param){"citylimit", "true"};
        ps[np++] = (param){"offset", "5"};
        ps[np++] = (param){"output", "JSON"};
        if ((url = build_url(r, "/v3/place/text", ps, np)) == NULL)
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        memset(&res, 0, sizeof res);
        v = request(r, url, &res, 1, true, &root, &raw, msg, sizeof msg);
        free(url);
        yj_json_free(root);
        if (v == V_FATAL) {
            free(raw);
            redact(r, msg);
            snprintf(r->rep->stop_reason, sizeof r->rep->stop_reason, "%s",
                     msg);
            r->rep->stopped = true;
            return YJ_OK;
        }
        if (v != V_OK) {
            free(raw);
            return YJ_OK;  /* keep the address result */
        }
        /* cache it now, in its own small transaction */
        if ((rc = yj_editor_begin(r->ed, r->opt->user, r->opt->command,
                                  err)) == YJ_OK) {
            rc = yj_editor_cache_put(r->ed, "amap", key, raw, &res, err);
            if (rc == YJ_OK)
                rc = yj_editor_commit(r->ed, NULL, err);
            else
                yj_editor_rollback(r->ed);
        }
        free(raw);
        if (rc != YJ_OK)
            return rc;
    } else {
        r->rep->from_cache++;
    }
    if (res.found && rank("poi") > rank(j->result.precision)) {
        const char *area;
        if (inside(r, &j->s, (yj_lonlat){res.lon, res.lat}, &area) ||
            !j->result.found) {
            /* The POI replaces the weaker address answer (the address
             * answer stays in the cache). */
            free(j->raw);
            j->raw = NULL;
            j->cached = true;  /* already cached under its own key */
            j->result = res;
            snprintf(j->query, sizeof j->query, "%.1000s", key);
        }
    }
    return YJ_OK;
}

yj_code yj_geocode_run(yj_editor *ed, yj_db *db,
                       const yj_geocode_options *opt,
                       yj_geocode_report *rep, yj_error *err)
{
    jobs js = {NULL, 0, 0, opt};
    run r;
    size_t i, done = 0;
    yj_code rc;
    time_t t = time(NULL) + 8 * 3600;
    struct tm tm;

    memset(rep, 0, sizeof *rep);
    memset(&r, 0, sizeof r);
    r.ed = ed;
    r.opt = opt;
    r.rep = rep;
    r.interval_s = 1.0 / (opt->qps > 0 ? opt->qps
                                       : default_qps[opt->provider]);
    if (opt->provider == YJ_PROVIDER_NOMINATIM && r.interval_s < 1.0)
        r.interval_s = 1.0;  /* its usage policy, whatever --qps says */
    gmtime_r(&t, &tm);
    strftime(r.today, sizeof r.today, "%Y-%m-%d", &tm);
    srand((unsigned)time(NULL));
    if ((rc = yj_areas_load(&r.areas, &r.n_areas, db, err)) != YJ_OK)
        return rc;
    /* A dry run reads inside one change that is never committed (the
     * editor was opened as a trial): an older schema is upgraded only
     * there. */
    if (opt->dry_run &&
        (rc = yj_editor_begin(ed, opt->user, opt->command, err)) != YJ_OK)
        goto out;
    if ((rc = yj_editor_each(ed, collect, &js, err)) != YJ_OK)
        goto out;
    /* Every --ids station must exist (and be in service). */
    for (i = 0; i < opt->n_ids; i++) {
        size_t k;
        for (k = 0; k < js.n; k++)
            if (strcasecmp(opt->ids[i], js.v[k].s.text[YJ_F_ID]) == 0)
                break;
        if (k == js.n) {
            rc = yj_fail(err, YJ_ENOTFOUND, "--ids: no station '%s' in "
                         "service", opt->ids[i]);
            goto out;
        }
    }
    rep->stations = js.n;
    /* Cached answers first: they need no request. */
    for (i = 0; i < js.n && !opt->refresh; i++) {
        bool hit;
        if ((rc = yj_editor_cache_get(ed, provider_names[opt->provider],
                                      js.v[i].query, &js.v[i].result, &hit,
                                      err)) != YJ_OK)
            goto out;
        js.v[i].cached = hit;
        rep->from_cache += hit;
    }
    for (i = 0; i < js.n && !rep->stopped;) {
        job *g[AMAP_BATCH];
        size_t n = 0;
        /* the next uncached queries, up to a batch (Amap) or one */
        size_t limit = opt->provider == YJ_PROVIDER_AMAP ? AMAP_BATCH : 1;
        for (; i < js.n && n < limit; i++)
            if (!js.v[i].cached)
                g[n++] = &js.v[i];
        if (n == 0)
            break;
        if (opt->dry_run) {
            rep->requests++;
            continue;
        }
        if ((rc = geocode_group(&r, g, n, err)) != YJ_OK)
            goto out;
    }
    for (i = 0; i < js.n && !rep->stopped; i++) {
        job *j = &js.v[i];
        yj_geocode_outcome outcome;
        char why[600];
        if (j->done)
            continue;
        if (opt->dry_run && !j->cached) {
            if (opt->on_station != NULL)
                opt->on_station(opt->payload, &j->s, YJ_GEOCODE_PLANNED,
                                false, j->query);
            continue;
        }
        if (opt->provider == YJ_PROVIDER_AMAP &&
            rank(j->result.precision) < rank("poi") &&
            (rc = amap_poi(&r, j, err)) != YJ_OK)
            goto out;
        if (rep->stopped)
            break;
        if ((rc = settle(&r, &j->s, j->query, &j->result, j->cached, j->raw,
                         &outcome, why, sizeof why, err)) != YJ_OK)
            goto out;
        finish_job(&r, j, outcome, why);
        if (opt->progress != NULL)
            opt->progress(opt->payload, ++done, js.n);
    }
out:
    for (i = 0; i < js.n; i++) {
        yj_station_clear(&js.v[i].s);
        free(js.v[i].raw);
    }
    free(js.v);
    yj_areas_free(r.areas, r.n_areas);
    return rc;
}

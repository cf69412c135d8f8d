/* geocode.c — `yijia geocode`: station addresses to points through Amap,
 * Baidu, Tianditu or Nominatim, made safe to run against a daily quota.
 *
 * Each provider is one row of the table `providers` (below the readers):
 * its name, endpoint, key variables, rate and batch (the public part the
 * tool reads, yj_geocode_provider), a request builder (signing included),
 * an optional POI search, and a response reader (its JSON read with
 * jansson, its coordinates converted to WGS84, its level mapped to our
 * precision, its codes sorted into retryable and fatal).  Nothing else
 * asks which provider it is.  Around them: a rate limit (one request per 1/qps seconds),
 * retries with exponential backoff and jitter, the cache (every answer by
 * provider and normalised query, so a re-run works offline), and the
 * quality gate: a result is taken only when it is more precise than the
 * station's location and lies in the station's township polygon (within
 * TOLERANCE_M); otherwise it is kept as a candidate for review.  Each
 * station's update is its own change (db_edit.c; the cache and the
 * candidates: db_geocache.c): an interrupted run loses nothing already
 * done, and the next run resumes.
 * Keys: never written anywhere.  Every text that came from the network
 * passes one filter (answer_text, the policy in geocode.h) before it is
 * printed, stored or logged: the key and secret blanked out in every form,
 * control characters and invalid UTF-8 replaced, cut at character
 * boundaries; every number of an answer is checked before use. */
#include "geocode.h"

#include "areas.h"
#include "crs.h"
#include "db_edit.h"
#include "db_geocache.h"
#include "error.h"
#include "http.h"
#include "i18n.h"
#include "json.h"
#include "md5.h"
#include "shape.h"
#include "text.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
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
#define USER_AGENT "yijia/" YIJIA_VERSION_STRING \
    " (Xiaoshan union rest-station finder; offline tool)"

/* ---- precision ------------------------------------------------------- */

/* The order of data/README.md, least precise first; a provider never
 * answers `surveyed` (measured on site), so nothing it says replaces one. */
static int rank(const char *precision)
{
    static const char *const order[] = {"district", "unknown", "township",
                                        "road", "poi", "door", "surveyed"};
    int i;

    for (i = 0; i < 7; i++)
        if (strcmp(order[i], precision) == 0)
            return i == 0 ? 1 : i;  /* district and unknown alike */
    return 0;
}

static int station_rank(const yj_station *s)
{
    return s->has_point ? rank(s->text[YJ_F_COORD_PRECISION]) : 0;
}

static bool surveyed(const yj_station *s)
{
    return s->has_point && station_rank(s) == rank("surveyed");
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

/* A growing string. */
typedef struct str {
    char *s;
    size_t len, cap;
    bool failed;
} str;

static void add_n(str *b, const char *text, size_t n)
{
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
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void add(str *b, const char *text)
{
    add_n(b, text, strlen(text));
}

/* The str's text, handed over (an empty string rather than NULL); NULL
 * when it ran out of memory. */
static char *str_take(str *b)
{
    if (!b->failed && b->s == NULL)
        add_n(b, "", 0);
    if (b->failed) {
        free(b->s);
        b->s = NULL;
    }
    return b->s;
}

/* printf into a new string (free it); NULL on ENOMEM. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Append at most `max` bytes of text, whole characters only. */
static void add_cut(str *b, const char *text, size_t max)
{
    add_n(b, text, yj_utf8_cut(text, strlen(text), max));
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

/* ---- text from the network: the one filter (geocode.h) ---------------- */

/* The forms of the key and the secret that a provider could quote: as
 * sent (raw), URL-encoded as in our query (%20) and as a form (+), and
 * JSON-escaped as jansson writes them (the cache keeps jansson's text);
 * letter case is ignored when they are looked for, which also covers
 * %2f against %2F and a key quoted in upper case. */
typedef struct secrets {
    char *form[8];
    size_t n;
} secrets;

static void secrets_free(secrets *sc)
{
    size_t i;

    for (i = 0; i < sc->n; i++)
        free(sc->form[i]);
    sc->n = 0;
}

static char *json_escaped(const char *s)
{
    static const char hex[] = "0123456789abcdef";
    str b = {NULL, 0, 0, false};

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char e[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
            e[2] = '\0';
        } else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' ||
                   c == '\t') {
            e[1] = c == '\b' ? 'b' : c == '\f' ? 'f' : c == '\n' ? 'n'
                 : c == '\r' ? 'r' : 't';
            e[2] = '\0';
        } else if (c >= 0x20) {
            e[0] = (char)c;
            e[1] = '\0';
        }
        add(&b, e);
    }
    return str_take(&b);
}

static yj_code secrets_init(secrets *sc, const yj_geocode_options *opt,
                            yj_error *err)
{
    const char *given[2] = {opt->key, opt->secret};
    int i, k;

    memset(sc, 0, sizeof *sc);
    for (i = 0; i < 2; i++) {
        if (given[i] == NULL || given[i][0] == '\0')
            continue;
        for (k = 0; k < 4; k++) {
            char *f = k == 0 ? yj_strndup(given[i], strlen(given[i]))
                    : k == 1 ? yj_url_escape(given[i])
                    : k == 2 ? yj_url_escape_form(given[i])
                    : json_escaped(given[i]);
            if (f == NULL) {
                secrets_free(sc);
                return yj_fail(err, YJ_ENOMEM, "out of memory");
            }
            sc->form[sc->n++] = f;
        }
    }
    return YJ_OK;
}

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Where needle[0..nl) first occurs in hay[0..hl), ASCII letter case
 * ignored; hl when it does not. */
static size_t find_ci(const char *hay, size_t hl, const char *needle,
                      size_t nl)
{
    size_t i, k;

    if (nl == 0 || nl > hl)
        return hl;
    for (i = 0; i + nl <= hl; i++) {
        for (k = 0; k < nl; k++)
            if (fold((unsigned char)hay[i + k]) !=
                fold((unsigned char)needle[k]))
                break;
        if (k == nl)
            return i;
    }
    return hl;
}

static bool holds_secret(const secrets *sc, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < sc->n; i++)
        if (find_ci(s, len, sc->form[i], strlen(sc->form[i])) < len)
            return true;
    return false;
}

/* s[0..len) with every form of every secret replaced by "***" (free it);
 * NULL on ENOMEM.  A secret of one to three '*' would meet its own
 * replacement: it is removed instead.  A replacement can form a new
 * occurrence (a secret holding '*', or removed text closing up): then it
 * goes round again, and text that still holds one after that is dropped
 * as a whole. */
static char *redact(const secrets *sc, const char *s, size_t len)
{
    const char *with = holds_secret(sc, "***", 3) ? "" : "***";
    char *cur = yj_strndup(s, len);
    int round;

    for (round = 0; cur != NULL && round < 8 && holds_secret(sc, cur, len);
         round++) {
        size_t i;
        for (i = 0; cur != NULL && i < sc->n; i++) {
            const char *f = sc->form[i];
            size_t fl = strlen(f), at = 0, hit;
            str b = {NULL, 0, 0, false};
            if (find_ci(cur, len, f, fl) == len)
                continue;
            while ((hit = at + find_ci(cur + at, len - at, f, fl)) < len) {
                add_n(&b, cur + at, hit - at);
                add(&b, with);
                at = hit + fl;
            }
            add_n(&b, cur + at, len - at);
            free(cur);
            len = b.len;
            cur = str_take(&b);
        }
    }
    if (cur != NULL && holds_secret(sc, cur, len)) {
        free(cur);
        cur = yj_strndup("", 0);
    }
    return cur;
}

/* The one filter for text from the network (geocode.h): control
 * characters (C0, DEL, C1, U+2028/U+2029 line separators) become spaces —
 * a station's outcome is one line — and bytes that are not UTF-8 U+FFFD;
 * then every form of the key and secret becomes "***".  Free it; NULL on
 * ENOMEM. */
static char *answer_text(const secrets *sc, const char *s)
{
    size_t len = strlen(s), i = 0, n;
    str b = {NULL, 0, 0, false};
    char *out;
    uint32_t cp;

    while (i < len) {
        if ((n = yj_utf8_decode(s + i, len - i, &cp)) == 0) {
            add(&b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
            cp == 0x2028 || cp == 0x2029)
            add(&b, " ");
        else
            add_n(&b, s + i, n);
        i += n;
    }
    if ((out = str_take(&b)) == NULL)
        return NULL;
    s = redact(sc, out, strlen(out));
    free(out);
    return (char *)s;
}

/* answer_text(s) into dst[size], cut at a character boundary; false
 * (and dst empty) on ENOMEM. */
static bool put_text(char *dst, size_t size, const secrets *sc,
                     const char *s)
{
    char *t = answer_text(sc, s ? s : "");

    if (t == NULL) {
        dst[0] = '\0';
        return false;
    }
    yj_utf8_copy(dst, size, t);
    free(t);
    return true;
}

/* A result read back from the cache through the same filter: a row
 * written before the filter existed, or under another key, may hold the
 * key in its label or level.  False on ENOMEM. */
static bool filter_result(const secrets *sc, yj_geo_result *res)
{
    char level[sizeof res->level], label[sizeof res->label];
    bool ok = put_text(level, sizeof level, sc, res->level) &&
              put_text(label, sizeof label, sc, res->label);

    memcpy(res->level, level, sizeof level);
    memcpy(res->label, label, sizeof label);
    return ok;
}

/* ---- the run's state ------------------------------------------------- */

typedef struct run {
    yj_editor *ed;
    const yj_geocode_options *opt;
    const struct provider *pv;  /* opt->provider's row */
    yj_geocode_report *rep;
    yj_area_rec *areas;
    size_t n_areas;
    secrets sc;          /* the forms of opt's key and secret */
    char host[128];      /* of the endpoint, for messages */
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

    if (!(s > 0))
        return;
    if (s > 3600)
        s = 3600;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* The host[:port] of a URL, without any user:password@ (messages name
 * the server they quote; the URL itself is never printed). */
static void host_of(char *out, size_t size, const char *url)
{
    const char *p = strstr(url, "://"), *end, *at;

    p = p ? p + 3 : url;
    end = p + strcspn(p, "/?#");
    for (at = p; at < end; at++)
        if (*at == '@')
            p = at + 1;
    snprintf(out, size, "%.*s", (int)(end - p < 100 ? end - p : 100), p);
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
    str b = {NULL, 0, 0, false};

    if (size == 0)
        return;
    if (starts(a, "浙江省"))
        a += strlen("浙江省");
    if (starts(a, "杭州市"))
        a += strlen("杭州市");
    /* A district named at the start ("萧山区…", "钱塘区…") stays. */
    p = strstr(a, "区");
    if (p != NULL && p - a <= 9 && p - a >= 6)
        has_district = true;
    add(&b, "浙江省杭州市");
    add(&b, has_district ? "" : district);
    /* a long address is cut between characters, never inside one */
    add_cut(&b, a, size - 1 > b.len ? size - 1 - b.len : 0);
    yj_utf8_copy(out, size, b.failed ? "" : b.s);
    free(b.s);
}

/* ---- providers: requests ------------------------------------------- */

typedef struct param {
    const char *name, *value;
} param;

static int cmp_param(const void *a, const void *b)
{
    return strcmp(((const param *)a)->name, ((const param *)b)->name);
}

/* "name=value&..." of ps[0..n) in the order given, each value
 * URL-encoded (%20 for a space) or, with `form`, form-encoded (+). */
static void add_params(str *b, const param *ps, size_t n, bool form)
{
    size_t i;

    for (i = 0; i < n; i++) {
        add(b, i ? "&" : "");
        add(b, ps[i].name);
        add(b, "=");
        if (form)
            add_form_escaped(b, ps[i].value);
        else
            add_escaped(b, ps[i].value);
    }
}

/* base + path + "?" + params, unsigned (free it); NULL on ENOMEM. */
static char *plain_url(const yj_geocode_options *opt, const char *path,
                       const param *ps, size_t n)
{
    str b = {NULL, 0, 0, false};

    add(&b, opt->base_url);
    add(&b, path);
    add(&b, "?");
    add_params(&b, ps, n, false);
    return str_take(&b);
}

/* Amap's signature, with a secret: sig = md5 of the parameters sorted by
 * name with their raw values, "&"-joined, followed by the private key;
 * sig goes last. */
static char *amap_url(const yj_geocode_options *opt, const char *path,
                      const param *ps, size_t n)
{
    param sorted[8];
    str raw = {NULL, 0, 0, false}, b = {NULL, 0, 0, false};
    char sig[33];
    size_t i;

    if (opt->secret == NULL)
        return plain_url(opt, path, ps, n);
    assert(n <= sizeof sorted / sizeof sorted[0]);
    memcpy(sorted, ps, n * sizeof *ps);
    qsort(sorted, n, sizeof *sorted, cmp_param);
    for (i = 0; i < n; i++) {
        add(&raw, i ? "&" : "");
        add(&raw, sorted[i].name);
        add(&raw, "=");
        add(&raw, sorted[i].value);
    }
    add(&raw, opt->secret);
    if (raw.failed) {
        free(raw.s);
        return NULL;
    }
    yj_md5_hex(sig, raw.s, raw.len);
    free(raw.s);
    add(&b, opt->base_url);
    add(&b, path);
    add(&b, "?");
    add_params(&b, ps, n, false);
    add(&b, "&sig=");
    add(&b, sig);
    return str_take(&b);
}

/* Baidu's signature, with a secret: sn = md5(urlencode(path + "?" +
 * query + sk)), the query form-encoded exactly as sent; sn goes last. */
static char *baidu_url(const yj_geocode_options *opt, const char *path,
                       const param *ps, size_t n)
{
    str q = {NULL, 0, 0, false}, raw = {NULL, 0, 0, false};
    str b = {NULL, 0, 0, false};
    char sn[33], *outer = NULL;

    if (opt->secret == NULL)
        return plain_url(opt, path, ps, n);
    add_params(&q, ps, n, true);
    add(&raw, path);
    add(&raw, "?");
    add(&raw, q.s ? q.s : "");
    add(&raw, opt->secret);
    if (q.failed || raw.failed || (outer = yj_url_escape_form(raw.s)) ==
                                      NULL) {
        b.failed = true;
    } else {
        yj_md5_hex(sn, outer, strlen(outer));
        add(&b, opt->base_url);
        add(&b, path);
        add(&b, "?");
        add(&b, q.s);
        add(&b, "&sn=");
        add(&b, sn);
    }
    free(outer);
    free(q.s);
    free(raw.s);
    return str_take(&b);
}

/* Each provider's request for queries q[0..n) (n within its batch): the
 * URL to get (free it), NULL on ENOMEM.  Amap: up to 10 addresses,
 * "|"-separated. */
static char *amap_request(const yj_geocode_options *opt,
                          const char *const *q, size_t n)
{
    str addr = {NULL, 0, 0, false};
    char *url = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        add(&addr, i ? "|" : "");
        add(&addr, q[i]);
    }
    if (str_take(&addr) != NULL) {
        const param ps[] = {{"key", opt->key}, {"address", addr.s},
                            {"city", "杭州"},
                            {"batch", n > 1 ? "true" : "false"},
                            {"output", "JSON"}};
        url = amap_url(opt, "/v3/geocode/geo", ps, sizeof ps / sizeof *ps);
    }
    free(addr.s);
    return url;
}

/* Amap's POI search by a station's name (the first five in 杭州). */
static char *amap_poi_request(const yj_geocode_options *opt,
                              const char *name)
{
    const param ps[] = {{"key", opt->key}, {"keywords", name},
                        {"city", "杭州"}, {"citylimit", "true"},
                        {"offset", "5"}, {"output", "JSON"}};

    return amap_url(opt, "/v3/place/text", ps, sizeof ps / sizeof *ps);
}

static char *baidu_request(const yj_geocode_options *opt,
                           const char *const *q, size_t n)
{
    const param ps[] = {{"address", q[0]}, {"city", "杭州市"},
                        {"output", "json"}, {"ak", opt->key}};

    (void)n;
    return baidu_url(opt, "/geocoding/v3/", ps, sizeof ps / sizeof *ps);
}

/* Tianditu's ds is JSON: the query written as a JSON string. */
static char *tianditu_request(const yj_geocode_options *opt,
                              const char *const *q, size_t n)
{
    str ds = {NULL, 0, 0, false};
    char *url = NULL;
    const char *p;

    (void)n;
    add(&ds, "{\"keyWord\":\"");
    for (p = q[0]; *p; p++) {
        char c[3] = {*p, 0, 0};
        if (*p == '"' || *p == '\\') {
            c[0] = '\\';
            c[1] = *p;
        }
        add(&ds, c);
    }
    add(&ds, "\"}");
    if (!ds.failed) {
        const param ps[] = {{"ds", ds.s}, {"tk", opt->key}};
        url = plain_url(opt, "/geocoder", ps, sizeof ps / sizeof *ps);
    }
    free(ds.s);
    return url;
}

static char *nominatim_request(const yj_geocode_options *opt,
                               const char *const *q, size_t n)
{
    const param ps[] = {{"q", q[0]}, {"format", "json"}, {"limit", "1"},
                        {"countrycodes", "cn"}, {"accept-language", "zh"}};

    (void)n;
    return plain_url(opt, "/search", ps, sizeof ps / sizeof *ps);
}

/* ---- providers: responses (geocode.h) ----------------------------------- */

/* What reading an answer found, before the filter: the full texts taken
 * from it (each result's label and level, the message), which seal()
 * passes through answer_text() into the answer's fixed fields.  Nothing
 * from the network reaches a yj_geo_answer any other way. */
typedef struct draft {
    size_t n;
    bool poi;
    yj_geo_result *res;          /* the answer's results */
    /* a batch (n > 1): each query's own part of the answer, which the
     * cache keeps (else the whole answer is) */
    const json_t *part[YJ_GEO_BATCH];
    char *label[YJ_GEO_BATCH], *level[YJ_GEO_BATCH];
    char *msg;
    bool nomem;
} draft;

static void draft_free(draft *d)
{
    size_t i;

    for (i = 0; i < YJ_GEO_BATCH; i++) {
        free(d->label[i]);
        free(d->level[i]);
    }
    free(d->msg);
}

/* *slot = a copy of text ("" for NULL). */
static void keep(draft *d, char **slot, const char *text)
{
    free(*slot);
    if ((*slot = yj_strndup(text ? text : "", text ? strlen(text) : 0)) ==
        NULL)
        d->nomem = true;
}

static void keep_owned(draft *d, char **slot, char *text)
{
    free(*slot);
    if ((*slot = text) == NULL)
        d->nomem = true;
}

static char *vformat(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
    va_list again;
    char *s;
    int n;

    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
        return NULL;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* The answer's message (printf style) and verdict v. */
static yj_geo_verdict say(draft *d, yj_geo_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static yj_geo_verdict say(draft *d, yj_geo_verdict v, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    /* shown, never stored: in the reader's language (N_ at each call) */
    keep_owned(d, &d->msg, vformat(_(fmt), ap));
    va_end(ap);
    return v;
}

/* "malformed answer: ..." (retried: documented). */
static yj_geo_verdict malformed(draft *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static yj_geo_verdict malformed(draft *d, const char *fmt, ...)
{
    va_list ap;
    char *what;

    va_start(ap, fmt);
    what = vformat(_(fmt), ap);
    va_end(ap);
    if (what == NULL) {
        d->nomem = true;
        return YJ_GEO_RETRY;
    }
    say(d, YJ_GEO_RETRY, N_("malformed answer: %s"), what);
    free(what);
    return YJ_GEO_RETRY;
}

typedef enum num_state { NUM_ABSENT, NUM_OK, NUM_BAD } num_state;

/* A number of the answer: a JSON number, or a string holding a decimal
 * (providers write both).  NUM_ABSENT when j is missing or not a number
 * at all (Amap writes [] for "none"); NUM_BAD when it is not finite, not
 * within [lo, hi], or not whole when `whole` — checked before anything
 * casts it.  *v is what was read (for messages), 0 when absent. */
static num_state number(double *v, const json_t *j, double lo, double hi,
                        bool whole)
{
    *v = 0;
    if (j == NULL || !yj_json_num(j, v)) {
        *v = 0;
        return NUM_ABSENT;
    }
    if (!isfinite(*v) || !(*v >= lo && *v <= hi) ||
        (whole && *v != floor(*v)))
        return NUM_BAD;
    return NUM_OK;
}

/* A whole code from 0 to 99999 (Amap's infocode, Baidu's and
 * Tianditu's status); NUM_BAD has said why. */
static num_state code_of(draft *d, int *code, const json_t *j,
                         const char *what)
{
    double v;
    num_state st = number(&v, j, 0, 99999, true);

    *code = st == NUM_OK ? (int)v : -1;
    if (st == NUM_BAD)
        malformed(d, N_("%s %.15g is not a whole number from 0 to 99999"), what,
                  v);
    return st;
}

/* A point given as two numbers: NUM_ABSENT when neither is there,
 * NUM_OK when both are within ±180, ±90; NUM_BAD has said why. */
static num_state point_of(draft *d, yj_lonlat *p, const json_t *jlon,
                          const json_t *jlat, const char *what)
{
    num_state a = number(&p->lon, jlon, -180, 180, false);
    num_state b = number(&p->lat, jlat, -90, 90, false);

    if (a == NUM_ABSENT && b == NUM_ABSENT)
        return NUM_ABSENT;
    if (a == NUM_OK && b == NUM_OK)
        return NUM_OK;
    if (a == NUM_ABSENT || b == NUM_ABSENT)
        malformed(d, N_("%s: %s is missing or not a number"), what,
                  a == NUM_ABSENT ? "lon" : "lat");
    else
        malformed(d, N_("%s %.15g,%.15g is not within ±180,±90"), what, p->lon,
                  p->lat);
    return NUM_BAD;
}

/* A number within [lo, hi] or absent (then `dflt`); NUM_BAD has said
 * why. */
static num_state ranged(draft *d, double *v, const json_t *j, double lo,
                        double hi, double dflt, const char *what)
{
    num_state st = number(v, j, lo, hi, false);

    if (st == NUM_ABSENT)
        *v = dflt;
    else if (st == NUM_BAD)
        malformed(d, N_("%s %.15g is not a number from %g to %g"), what, *v, lo,
                  hi);
    return st;
}

static void set_point(yj_geo_result *out, yj_lonlat p, yj_crs crs)
{
    yj_lonlat w;

    if (yj_crs_convert(&w, p, crs, YJ_CRS_WGS84, NULL) != YJ_OK ||
        !(fabs(w.lon) <= 180.0 && fabs(w.lat) <= 90.0))
        return;
    out->found = true;
    out->lon = nearbyint(w.lon * 1e9) / 1e9;
    out->lat = nearbyint(w.lat * 1e9) / 1e9;
}

/* Amap's "lng,lat" string (or [] or "" for none). */
static num_state amap_location(draft *d, yj_geo_result *out,
                               const json_t *loc)
{
    const char *t = yj_json_str(loc), *comma;
    char *lon;
    yj_lonlat p;
    bool ok;

    if (t == NULL || t[0] == '\0')
        return NUM_ABSENT;
    if ((comma = strchr(t, ',')) == NULL) {
        malformed(d, N_("Amap location '%s' is not lon,lat"), t);
        return NUM_BAD;
    }
    if ((lon = yj_strndup(t, (size_t)(comma - t))) == NULL) {
        d->nomem = true;
        return NUM_BAD;
    }
    ok = yj_parse_double(&p.lon, lon) && yj_parse_double(&p.lat, comma + 1);
    free(lon);
    if (!ok) {
        malformed(d, N_("Amap location '%s' is not lon,lat"), t);
        return NUM_BAD;
    }
    if (!(fabs(p.lon) <= 180.0 && fabs(p.lat) <= 90.0)) {
        malformed(d, N_("Amap location %.15g,%.15g is not within ±180,±90"),
                  p.lon, p.lat);
        return NUM_BAD;
    }
    set_point(out, p, YJ_CRS_GCJ02);
    return NUM_OK;
}

/* Amap's status / infocode: the codes of geocoding-apis.md 1.2. */
static yj_geo_verdict amap_status(draft *d, const json_t *root)
{
    static const int retry[] = {10004, 10014, 10015, 10016, 10019, 10020,
                                10021};
    static const int fatal[] = {10001, 10002, 10003, 10005, 10006, 10007,
                                10008, 10009, 10010, 10011, 10012, 10013,
                                10026, 10041, 10044, 10045};
    const char *status = yj_json_str(yj_json_get(root, "status"));
    const char *info = yj_json_str(yj_json_get(root, "info"));
    yj_geo_verdict v = YJ_GEO_FAIL;
    int code;
    size_t i;

    if (status != NULL && strcmp(status, "1") == 0)
        return YJ_GEO_OK;
    switch (code_of(d, &code, yj_json_get(root, "infocode"),
                    "Amap infocode")) {
    case NUM_BAD:
        return YJ_GEO_RETRY;
    case NUM_ABSENT:
        return malformed(d, N_("Amap: neither status 1 nor an infocode"));
    case NUM_OK:
        break;
    }
    if (status == NULL)
        return malformed(d, N_("Amap: infocode %d without a status"), code);
    for (i = 0; i < sizeof retry / sizeof retry[0]; i++)
        if (code == retry[i])
            v = YJ_GEO_RETRY;
    for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        if (code == fatal[i])
            v = YJ_GEO_FATAL;
    return say(d, v, N_("Amap infocode %d%s%s"), code, info ? " " : "",
               info ? info : "");
}

static yj_geo_verdict read_amap(draft *d, const json_t *root)
{
    const char *name = d->poi ? "pois" : "geocodes";
    const json_t *list = yj_json_get(root, name);
    yj_geo_verdict v;
    size_t i;

    if ((v = amap_status(d, root)) != YJ_GEO_OK)
        return v;
    if (list != NULL && !json_is_array(list))
        return malformed(d, N_("Amap '%s' is not a list"), name);
    if (d->poi) {
        /* The first POI of the answer; the gate judges it. */
        const json_t *p = yj_json_at(list, 0);
        if (p == NULL)
            return YJ_GEO_OK;
        if (amap_location(d, &d->res[0], yj_json_get(p, "location")) ==
            NUM_BAD)
            return YJ_GEO_RETRY;
        snprintf(d->res[0].precision, sizeof d->res[0].precision, "poi");
        keep(d, &d->level[0], "兴趣点");
        keep(d, &d->label[0], yj_json_str(yj_json_get(p, "name")));
        return YJ_GEO_OK;
    }
    /* Batch results keep the input order; a failed address has an
     * empty location. */
    if (d->n > 1 && yj_json_size(list) != d->n)
        return malformed(d, N_("Amap answered %zu results for %zu addresses"),
                         yj_json_size(list), d->n);
    for (i = 0; i < d->n; i++) {
        const json_t *g = yj_json_at(list, i);
        const char *level;
        if (g == NULL)
            continue;
        d->part[i] = g;
        if (amap_location(d, &d->res[i], yj_json_get(g, "location")) ==
            NUM_BAD)
            return YJ_GEO_RETRY;
        level = yj_json_str(yj_json_get(g, "level"));
        keep(d, &d->level[i], level);
        keep(d, &d->label[i], yj_json_str(yj_json_get(g,
                                                      "formatted_address")));
        snprintf(d->res[i].precision, sizeof d->res[i].precision, "%s",
                 level_precision(level ? level : "", amap_levels));
    }
    return YJ_GEO_OK;
}

static yj_geo_verdict read_baidu(draft *d, const json_t *root)
{
    const json_t *res = yj_json_get(root, "result");
    const json_t *loc = yj_json_get(res, "location");
    const char *level = yj_json_str(yj_json_get(res, "level"));
    const char *message = yj_json_str(yj_json_get(root, "message"));
    yj_geo_result *out = &d->res[0];
    double precise, confidence;
    yj_lonlat p;
    int code;

    switch (code_of(d, &code, yj_json_get(root, "status"), "Baidu status")) {
    case NUM_BAD:
        return YJ_GEO_RETRY;
    case NUM_ABSENT: return malformed(d, N_("Baidu: no status"));
    case NUM_OK:
        break;
    }
    if (code != 0)
        return say(d,
                   code == 1 || code == 401 || code == 402 ? YJ_GEO_RETRY
                   : code == 2 || code == 8
                       ? YJ_GEO_FAIL
                       /* 3-5, 9, 1xx, 2xx (key, sn, app), 3xx (quota) */
                       : YJ_GEO_FATAL,
                   N_("Baidu status %d%s%s"), code, message ? " " : "",
                   message ? message : "");
    switch (point_of(d, &p, yj_json_get(loc, "lng"), yj_json_get(loc, "lat"),
                     "Baidu location")) {
    case NUM_BAD:
        return YJ_GEO_RETRY;
    case NUM_ABSENT:
        return YJ_GEO_OK;  /* no result */
    case NUM_OK:
        break;
    }
    if (number(&precise, yj_json_get(res, "precise"), 0, 1, true) ==
        NUM_BAD)
        return malformed(d, N_("Baidu precise %.15g is not 0 or 1"), precise);
    if (ranged(d, &confidence, yj_json_get(res, "confidence"), 0, 100, 0,
               "Baidu confidence") == NUM_BAD)
        return YJ_GEO_RETRY;
    set_point(out, p, YJ_CRS_BD09);
    keep_owned(d, &d->level[0],
               format("%s precise=%.0f confidence=%.0f", level ? level : "",
                      precise, confidence));
    keep(d, &d->label[0], level);
    /* precise=1: an exact point; its level says of what.  Fuzzy points
     * are as good as their confidence (100: < 20 m ... 60: < 500 m). */
    if (precise == 1 && level && strcmp(level, "门址") == 0)
        snprintf(out->precision, sizeof out->precision, "door");
    else if (precise == 1 && level &&
             (strcmp(level, "道路") == 0 || strcmp(level, "交叉路口") == 0))
        snprintf(out->precision, sizeof out->precision, "road");
    else if (precise == 1)
        snprintf(out->precision, sizeof out->precision, "poi");
    else if (confidence >= 80)
        snprintf(out->precision, sizeof out->precision, "road");
    else if (confidence >= 50)
        snprintf(out->precision, sizeof out->precision, "township");
    else if (confidence >= 30)
        snprintf(out->precision, sizeof out->precision, "district");
    return YJ_GEO_OK;
}

static yj_geo_verdict read_tianditu(draft *d, const json_t *root)
{
    const char *status = yj_json_str(yj_json_get(root, "status"));
    const char *msg = yj_json_str(yj_json_get(root, "msg"));
    const json_t *loc = yj_json_get(root, "location");
    yj_geo_result *out = &d->res[0];
    const char *level;
    char code_text[16];
    double score;
    yj_lonlat p;
    int code;

    if (status == NULL) {
        switch (code_of(d, &code, yj_json_get(root, "status"),
                        "Tianditu status")) {
        case NUM_BAD:
            return YJ_GEO_RETRY;
        case NUM_ABSENT: return malformed(d, N_("Tianditu: no status"));
        case NUM_OK:
            break;
        }
        snprintf(code_text, sizeof code_text, "%d", code);
        status = code_text;
    }
    if (strcmp(status, "101") == 0)
        return YJ_GEO_OK;  /* no result */
    if (strcmp(status, "0") != 0)
        return say(d, YJ_GEO_FAIL, N_("Tianditu status %s%s%s"), status,
                   msg ? " " : "", msg ? msg : "");
    switch (point_of(d, &p, yj_json_get(loc, "lon"), yj_json_get(loc, "lat"),
                     "Tianditu location")) {
    case NUM_BAD:
        return YJ_GEO_RETRY;
    case NUM_ABSENT:
        return YJ_GEO_OK;
    case NUM_OK:
        break;
    }
    if (ranged(d, &score, yj_json_get(loc, "score"), 0, 100, 0,
               "Tianditu score") == NUM_BAD)
        return YJ_GEO_RETRY;
    /* CGCS2000: WGS84 at our precision (geocoding-apis.md 3). */
    set_point(out, p, YJ_CRS_WGS84);
    level = yj_json_str(yj_json_get(loc, "level"));
    keep(d, &d->level[0], level);
    keep(d, &d->label[0], yj_json_str(yj_json_get(loc, "keyWord")));
    snprintf(out->precision, sizeof out->precision, "%s",
             level_precision(level ? level : "", tianditu_levels));
    if (score < 60 && rank(out->precision) > rank("township"))
        snprintf(out->precision, sizeof out->precision, "township");
    return YJ_GEO_OK;
}

static yj_geo_verdict read_nominatim(draft *d, const json_t *root)
{
    const json_t *p = yj_json_at(root, 0);
    yj_geo_result *out = &d->res[0];
    const char *cls, *type;
    yj_lonlat pt;

    if (!json_is_array(root))
        return malformed(d, N_("Nominatim: the answer is not a list"));
    if (p == NULL)
        return YJ_GEO_OK;
    switch (point_of(d, &pt, yj_json_get(p, "lon"), yj_json_get(p, "lat"),
                     "Nominatim lon,lat")) {
    case NUM_BAD:
        return YJ_GEO_RETRY;
    case NUM_ABSENT:
        return YJ_GEO_OK;
    case NUM_OK:
        break;
    }
    set_point(out, pt, YJ_CRS_WGS84);
    cls = yj_json_str(yj_json_get(p, "class"));
    type = yj_json_str(yj_json_get(p, "type"));
    keep_owned(d, &d->level[0], format("%s=%s", cls ? cls : "",
                                       type ? type : ""));
    keep(d, &d->label[0], yj_json_str(yj_json_get(p, "display_name")));
    if (cls && strcmp(cls, "highway") == 0)
        snprintf(out->precision, sizeof out->precision, "road");
    else if (cls && strcmp(cls, "place") == 0 && type &&
             strcmp(type, "house") == 0)
        snprintf(out->precision, sizeof out->precision, "door");
    else if (cls && (strcmp(cls, "place") == 0 ||
                     strcmp(cls, "boundary") == 0))
        snprintf(out->precision, sizeof out->precision, "township");
    else if (cls)
        snprintf(out->precision, sizeof out->precision, "poi");
    return YJ_GEO_OK;
}

/* ---- the providers: one row each ------------------------------------ */

typedef struct provider {
    yj_geocode_provider pub;  /* what the tool shows and reads (yijia.h) */
    /* The URL asking for queries q[0..n), n <= pub.batch (free it); NULL
     * on ENOMEM. */
    char *(*request)(const yj_geocode_options *opt, const char *const *q,
                     size_t n);
    /* The URL of a search by a station's name, asked for a station its
     * address placed less precisely than a POI; NULL: no such search. */
    char *(*poi_request)(const yj_geocode_options *opt, const char *name);
    /* Read an answer (a request's or a POI search's, d->poi) into d; the
     * verdict says what the run does next. */
    yj_geo_verdict (*read)(draft *d, const json_t *root);
} provider;

/* Indexed by yj_provider.  Rates: free keys allow about 3 requests a
 * second; Nominatim's usage policy at most 1, never more. */
static const provider providers[] = {
    [YJ_PROVIDER_AMAP] = {
        {"amap", "https://restapi.amap.com", "YIJIA_AMAP_URL",
         "YIJIA_AMAP_KEY", "YIJIA_AMAP_SECRET", 3.0, 0, YJ_GEO_BATCH},
        amap_request, amap_poi_request, read_amap},
    [YJ_PROVIDER_BAIDU] = {
        {"baidu", "https://api.map.baidu.com", "YIJIA_BAIDU_URL",
         "YIJIA_BAIDU_AK", "YIJIA_BAIDU_SK", 3.0, 0, 1},
        baidu_request, NULL, read_baidu},
    [YJ_PROVIDER_TIANDITU] = {
        {"tianditu", "https://api.tianditu.gov.cn", "YIJIA_TIANDITU_URL",
         "YIJIA_TIANDITU_TK", NULL, 3.0, 0, 1},
        tianditu_request, NULL, read_tianditu},
    [YJ_PROVIDER_NOMINATIM] = {
        {"nominatim", "https://nominatim.openstreetmap.org",
         "YIJIA_NOMINATIM_URL", NULL, NULL, 1.0, 1.0, 1},
        nominatim_request, NULL, read_nominatim},
};

static const provider *provider_of(yj_provider p)
{
    if ((unsigned)p >= sizeof providers / sizeof providers[0])
        return NULL;
    return &providers[p];
}

const yj_geocode_provider *yj_geocode_provider_of(yj_provider p)
{
    const provider *pv = provider_of(p);

    return pv ? &pv->pub : NULL;
}

bool yj_provider_from_name(yj_provider *out, const char *name)
{
    size_t i;

    for (i = 0; i < sizeof providers / sizeof providers[0]; i++)
        if (strcmp(providers[i].pub.name, name) == 0) {
            *out = (yj_provider)i;
            return true;
        }
    return false;
}

const char *yj_provider_name(yj_provider p)
{
    const provider *pv = provider_of(p);

    return pv != NULL ? pv->pub.name : "";
}

void yj_geo_answer_clear(yj_geo_answer *a)
{
    size_t i;

    if (a == NULL)
        return;
    for (i = 0; i < YJ_GEO_BATCH; i++) {
        free(a->raw[i]);
        a->raw[i] = NULL;
    }
}

/* The answer's one way out: every text of the draft through the filter
 * into out's fields, and what the cache keeps — jansson's compact text
 * of what it read (a batch: each query's part) — through the secret
 * blanking (not the rest of the filter: JSON escapes its controls). */
static yj_code seal(yj_geo_answer *out, draft *d, const secrets *sc,
                    const json_t *root, yj_error *err)
{
    bool ok = !d->nomem;
    size_t i;

    out->message[0] = '\0';
    if (out->verdict != YJ_GEO_OK) {
        memset(out->result, 0, sizeof out->result);
        ok = put_text(out->message, sizeof out->message, sc,
                      d->msg ? d->msg : _("malformed answer")) &&
             ok;
    } else {
        for (i = 0; i < d->n && ok; i++) {
            const json_t *j = d->n > 1 ? d->part[i] : root;
            char *text = j ? yj_json_dump(j) : NULL;
            ok = put_text(out->result[i].label, sizeof out->result[i].label,
                          sc, d->label[i]) && ok;
            ok = put_text(out->result[i].level, sizeof out->result[i].level,
                          sc, d->level[i]) && ok;
            if (text != NULL)
                out->raw[i] = redact(sc, text, strlen(text));
            ok = ok && out->raw[i] != NULL;
            free(text);
        }
    }
    if (!ok) {
        yj_geo_answer_clear(out);
        return yj_fail(err, YJ_ENOMEM, "out of memory reading an answer");
    }
    return YJ_OK;
}

static yj_code read_with(yj_geo_answer *out, const yj_geocode_options *opt,
                         const secrets *sc, bool poi, size_t n,
                         const char *body, size_t len, yj_error *err)
{
    draft d;
    json_t *root = NULL;
    yj_error jerr;
    yj_code rc;

    memset(out, 0, sizeof *out);
    memset(&d, 0, sizeof d);
    out->n = d.n = n;
    d.poi = poi;
    d.res = out->result;
    rc = yj_json_load(&root, body, len, &jerr);
    if (rc == YJ_EDEPENDENCY) {
        return yj_fail(err, rc, "%s", jerr.message);
    } else if (rc != YJ_OK) {
        out->verdict = malformed(&d, "%s", jerr.message);
    } else {
        out->verdict = provider_of(opt->provider)->read(&d, root);
    }
    rc = seal(out, &d, sc, root, err);
    draft_free(&d);
    yj_json_free(root);
    return rc;
}

yj_code yj_geocode_read(yj_geo_answer *out, const yj_geocode_options *opt,
                        bool poi, size_t n, const char *body, size_t len,
                        yj_error *err)
{
    const provider *pv = provider_of(opt->provider);
    secrets sc;
    yj_code rc;

    memset(out, 0, sizeof *out);
    if (pv == NULL)
        return yj_fail(err, YJ_EINVAL, "no provider number %d",
                       (int)opt->provider);
    if (n < 1 || n > pv->pub.batch ||
        (poi && (n > 1 || pv->poi_request == NULL))) {
        if (poi)
            return yj_fail(err, YJ_EINVAL,
                           "an answer to %zu queries (POI "
                           "search) of %s",
                           n, pv->pub.name);
        return yj_fail(err, YJ_EINVAL, "an answer to %zu queries of %s", n,
                       pv->pub.name);
    }
    if ((rc = secrets_init(&sc, opt, err)) != YJ_OK)
        return rc;
    rc = read_with(out, opt, &sc, poi, n, body, len, err);
    secrets_free(&sc);
    return rc;
}

/* ---- requests: rate limit, retries ------------------------------------ */

/* A verdict of the HTTP layer, its message (printf) through the filter
 * like any text from the network. */
static yj_geo_verdict http_says(const run *r, yj_geo_answer *ans,
                                yj_geo_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static yj_geo_verdict http_says(const run *r, yj_geo_answer *ans,
                                yj_geo_verdict v, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = vformat(fmt, ap);
    va_end(ap);
    yj_geo_answer_clear(ans);
    memset(ans->result, 0, sizeof ans->result);
    if (text == NULL || !put_text(ans->message, sizeof ans->message, &r->sc,
                                  text))
        snprintf(ans->message, sizeof ans->message, "%s", _("out of memory"));
    free(text);
    ans->verdict = v;
    return v;
}

/* One request, retried as needed (network failures, HTTP 429/5xx,
 * malformed answers and the provider's retryable codes).  *ans holds the
 * answer to n queries when the verdict is OK, else why not (message). */
static yj_geo_verdict request(run *r, const char *url, size_t n, bool poi,
                              yj_geo_answer *ans)
{
    int attempt;
    yj_geo_verdict v = YJ_GEO_RETRY;

    memset(ans, 0, sizeof *ans);
    for (attempt = 0; attempt <= r->opt->retries; attempt++) {
        yj_http_response res;
        yj_error err;
        double wait = r->next_at - now_s();
        yj_code rc;

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
        yj_geo_answer_clear(ans);
        if (yj_http_get(&res, url, USER_AGENT,
                        (long)(r->opt->timeout_s * 1000), &err) != YJ_OK)
            return http_says(r, ans, YJ_GEO_FATAL, "%s", err.message);
        if (res.outcome != YJ_HTTP_DONE) {
            v = http_says(r, ans, YJ_GEO_RETRY, "%s: %s", r->host,
                          res.error);
            continue;
        }
        if (res.status == 429 || res.status >= 500) {
            yj_http_response_free(&res);
            v = http_says(r, ans, YJ_GEO_RETRY, "HTTP %ld from %s",
                          res.status, r->host);
            continue;
        }
        if (res.status != 200) {
            yj_http_response_free(&res);
            if (res.status >= 300 && res.status < 400)
                return http_says(r, ans, YJ_GEO_FATAL, "HTTP %ld from %s: "
                                 "a redirect, not followed (check the "
                                 "endpoint URL)", res.status, r->host);
            return http_says(r, ans, YJ_GEO_FATAL, "HTTP %ld from %s (check "
                             "the endpoint URL and the key)", res.status,
                             r->host);
        }
        rc = read_with(ans, r->opt, &r->sc, poi, n, res.body, res.len, &err);
        yj_http_response_free(&res);
        if (rc != YJ_OK)
            return http_says(r, ans, YJ_GEO_FATAL, "%s", err.message);
        if ((v = ans->verdict) != YJ_GEO_RETRY)
            return v;
    }
    ans->verdict = YJ_GEO_FAIL;  /* retried enough: this query failed */
    return YJ_GEO_FAIL;
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

/* Station s with the result's point: the update of a resolved station,
 * in the caller's change, its review candidates cleared. */
static yj_code put_point(run *r, const yj_station *s, const char *query,
                         const yj_geo_result *g, yj_error *err)
{
    yj_station t;
    char num[64];
    str source = {NULL, 0, 0, false};
    yj_code rc;

    /* the source names the provider, the date, the query, the label and
     * the level, each cut at a character boundary: at most 1000 bytes,
     * valid UTF-8, well within a field's limit */
    add(&source, r->pv->pub.name);
    add(&source, " geocode ");
    add(&source, r->today);
    add(&source, ": ");
    add_cut(&source, query, 600);
    add(&source, " → ");
    add_cut(&source, g->label, 250);
    add(&source, " (");
    add_cut(&source, g->level, 60);
    add(&source, ")");
    if (source.failed) {
        free(source.s);
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    }
    if ((rc = yj_station_copy(&t, s, err)) != YJ_OK) {
        free(source.s);
        return rc;
    }
    t.lon = g->lon;
    t.lat = g->lat;
    t.has_point = true;
    rc = yj_station_set(&t, YJ_F_LON,
                        yj_format_degrees(num, sizeof num, g->lon), err);
    if (rc == YJ_OK)
        rc = yj_station_set(&t, YJ_F_LAT,
                            yj_format_degrees(num, sizeof num, g->lat), err);
    if (rc == YJ_OK)
        rc = yj_station_set(&t, YJ_F_COORD_SOURCE, source.s, err);
    if (rc == YJ_OK)
        rc = yj_station_set(&t, YJ_F_COORD_PRECISION, g->precision, err);
    if (rc == YJ_OK)
        rc = yj_editor_put(NULL, r->ed, &t, err);
    if (rc == YJ_OK)
        rc = yj_editor_candidates_clear(r->ed, s->text[YJ_F_ID], err);
    yj_station_clear(&t);
    free(source.s);
    return rc;
}

/* What to do with a result for station s: update it, hold it for review,
 * or leave it.  Runs in its own change with the cache row. */
static yj_code settle(run *r, const yj_station *s, const char *query,
                      const yj_geo_result *g, bool from_cache,
                      const char *raw, yj_geocode_outcome *outcome,
                      char *why, size_t why_size, yj_error *err)
{
    const char *name = r->pv->pub.name;
    const char *area = "";
    yj_code rc = YJ_OK;
    bool better = g->found && rank(g->precision) > station_rank(s) &&
                  rank(g->precision) >= rank("road");

    *outcome = YJ_GEOCODE_FAILED;
    if (!g->found) {
        snprintf(why, why_size, "%s", _("no match"));
    } else if (!better) {
        *outcome = YJ_GEOCODE_KEPT;
        snprintf(why, why_size, _("%s (%s) is not more precise than %s"),
                 g->precision[0] ? g->precision : _("too coarse"), g->level,
                 s->has_point ? s->text[YJ_F_COORD_PRECISION] : _("none"));
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
        rc = yj_editor_cache_put(r->ed, name, query, raw, g, err);
    if (rc == YJ_OK && *outcome == YJ_GEOCODE_REVIEW)
        rc = yj_editor_candidate_put(r->ed, s->text[YJ_F_ID], name, query,
                                     g, why, err);
    if (rc == YJ_OK && *outcome == YJ_GEOCODE_RESOLVED)
        rc = put_point(r, s, query, g, err);
    if (rc == YJ_OK)
        rc = yj_editor_commit(NULL, r->ed, err);
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

/* A fatal answer stops the run: its message is the report's reason. */
static void stop_run(run *r, yj_geo_answer *ans)
{
    snprintf(r->rep->stop_reason, sizeof r->rep->stop_reason, "%s",
             ans->message);
    r->rep->stopped = true;
    yj_geo_answer_clear(ans);
}

/* Geocode the jobs g[0..n): one request (n within the provider's
 * batch). */
static yj_code geocode_group(run *r, job *const *g, size_t n, yj_error *err)
{
    const char *q[YJ_GEO_BATCH];
    char *url;
    yj_geo_answer ans;
    yj_geo_verdict v;
    size_t i;

    for (i = 0; i < n; i++)
        q[i] = g[i]->query;
    if ((url = r->pv->request(r->opt, q, n)) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    v = request(r, url, n, false, &ans);
    free(url);
    if (v == YJ_GEO_FATAL) {
        stop_run(r, &ans);
        return YJ_OK;
    }
    for (i = 0; i < n; i++) {
        if (v != YJ_GEO_OK) {
            g[i]->done = true;
            finish_job(r, g[i], YJ_GEOCODE_FAILED, ans.message);
            continue;
        }
        /* The cache keeps each query's own answer: a batch's element. */
        g[i]->result = ans.result[i];
        g[i]->raw = ans.raw[i];
        ans.raw[i] = NULL;
    }
    yj_geo_answer_clear(&ans);
    return YJ_OK;
}

/* An answer into the cache now, in a small transaction of its own. */
static yj_code cache_now(run *r, const char *query, const char *raw,
                         const yj_geo_result *res, yj_error *err)
{
    yj_code rc;

    if ((rc = yj_editor_begin(r->ed, r->opt->user, r->opt->command, err)))
        return rc;
    if ((rc = yj_editor_cache_put(r->ed, r->pv->pub.name, query, raw, res,
                                  err)))
        yj_editor_rollback(r->ed);
    else
        rc = yj_editor_commit(NULL, r->ed, err);
    return rc;
}

/* The POI search by the station's name (from the cache, or asked and
 * cached under "poi:<name>"): *res, *hit true when there is an answer;
 * false when the search failed (the address result stands) or the run
 * stopped. */
static yj_code poi_answer(run *r, const job *j, const char *key,
                          yj_geo_result *res, bool *hit, yj_error *err)
{
    yj_geo_answer ans;
    yj_geo_verdict v;
    char *url;
    yj_code rc;

    *hit = false;
    if (!r->opt->refresh &&
        (rc = yj_editor_cache_get(res, hit, r->ed, r->pv->pub.name, key,
                                  err)))
        return rc;
    if (*hit) {
        if (!filter_result(&r->sc, res))
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        r->rep->from_cache++;
        return YJ_OK;
    }
    if (r->opt->dry_run) {
        r->rep->requests++;
        return YJ_OK;
    }
    if ((url = r->pv->poi_request(r->opt, j->s.text[YJ_F_NAME])) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    v = request(r, url, 1, true, &ans);
    free(url);
    if (v == YJ_GEO_FATAL) {
        stop_run(r, &ans);
        return YJ_OK;
    }
    if (v != YJ_GEO_OK) {
        yj_geo_answer_clear(&ans);
        return YJ_OK;  /* keep the address result */
    }
    *res = ans.result[0];
    rc = cache_now(r, key, ans.raw[0], res, err);
    yj_geo_answer_clear(&ans);
    *hit = rc == YJ_OK;
    return rc;
}

/* The provider's POI search by the station's name, for a station whose
 * address gave less than a POI: its point replaces the address's when it
 * lies in the township (or the address found nothing). */
static yj_code poi_search(run *r, job *j, yj_error *err)
{
    char key[1100];
    str k = {NULL, 0, 0, false};
    yj_geo_result res;
    const char *area;
    bool hit;
    yj_code rc;

    add(&k, "poi:");
    add(&k, j->s.text[YJ_F_NAME]);
    if (k.failed)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    yj_utf8_copy(key, sizeof key, k.s);
    free(k.s);
    if ((rc = poi_answer(r, j, key, &res, &hit, err)) != YJ_OK || !hit)
        return rc;
    if (!res.found || rank("poi") <= rank(j->result.precision))
        return YJ_OK;
    if (!inside(r, &j->s, (yj_lonlat){res.lon, res.lat}, &area) &&
        j->result.found)
        return YJ_OK;
    /* The POI replaces the weaker address answer, which stays in the
     * cache (a re-run asks neither again). */
    if (!j->cached && j->raw != NULL &&
        (rc = cache_now(r, j->query, j->raw, &j->result, err)))
        return rc;
    free(j->raw);
    j->raw = NULL;
    j->cached = true;  /* already cached under its own key */
    j->result = res;
    yj_utf8_copy(j->query, sizeof j->query, key);
    return YJ_OK;
}

/* ---- yj_geocode_run, step by step ----------------------------------- */

static yj_code check_options(const yj_geocode_options *opt, yj_error *err)
{
    if (provider_of(opt->provider) == NULL)
        return yj_fail(err, YJ_EINVAL, "no provider number %d",
                       (int)opt->provider);
    if (!(opt->timeout_s >= 0.001 && opt->timeout_s <= 3600))
        return yj_fail(err, YJ_EINVAL, "timeout of %g s: not 0.001 to 3600",
                       opt->timeout_s);
    if (!(opt->qps >= 0 && opt->qps <= 1000))
        return yj_fail(err, YJ_EINVAL, "%g requests a second: not 0 "
                       "(the provider's default) to 1000", opt->qps);
    if (opt->retries < 0 || opt->retries > 100)
        return yj_fail(err, YJ_EINVAL, "%d retries: not 0 to 100",
                       opt->retries);
    return YJ_OK;
}

/* The run's state from the options: the rate (the provider's ceiling
 * whatever --qps says), today's date in Beijing, the key's forms. */
static yj_code run_start(run *r, yj_editor *ed, const yj_geocode_options *opt,
                         yj_geocode_report *rep, yj_error *err)
{
    const provider *pv = provider_of(opt->provider);
    time_t t = time(NULL) + 8 * 3600;
    struct tm tm;

    r->ed = ed;
    r->opt = opt;
    r->pv = pv;
    host_of(r->host, sizeof r->host, opt->base_url ? opt->base_url : "");
    r->rep = rep;
    r->interval_s = 1.0 / (opt->qps > 0 ? opt->qps : pv->pub.default_qps);
    if (pv->pub.max_qps > 0 && r->interval_s < 1.0 / pv->pub.max_qps)
        r->interval_s = 1.0 / pv->pub.max_qps;
    gmtime_r(&t, &tm);
    strftime(r->today, sizeof r->today, "%Y-%m-%d", &tm);
    srand((unsigned)time(NULL));
    return secrets_init(&r->sc, opt, err);
}

/* The stations to geocode into js; every --ids station must exist (and
 * be in service). */
static yj_code find_jobs(run *r, jobs *js, yj_error *err)
{
    const yj_geocode_options *opt = r->opt;
    size_t i, k;
    yj_code rc;

    /* A dry run reads inside one change that is never committed (the
     * editor was opened as a trial): an older schema is upgraded only
     * there. */
    if (opt->dry_run &&
        (rc = yj_editor_begin(r->ed, opt->user, opt->command, err)) != YJ_OK)
        return rc;
    if ((rc = yj_editor_each(r->ed, collect, js, err)) != YJ_OK)
        return rc;
    for (i = 0; i < opt->n_ids; i++) {
        for (k = 0; k < js->n; k++)
            if (strcasecmp(opt->ids[i], js->v[k].s.text[YJ_F_ID]) == 0)
                break;
        if (k == js->n)
            return yj_fail(err, YJ_ENOTFOUND, "--ids: no station '%s' in "
                           "service", opt->ids[i]);
    }
    r->rep->stations = js->n;
    /* A position measured on site is better than any answer: not even
     * asked for (--only all, --ids), and said so. */
    for (k = 0; k < js->n; k++) {
        if (!surveyed(&js->v[k].s))
            continue;
        js->v[k].done = true;
        finish_job(r, &js->v[k], YJ_GEOCODE_KEPT, "surveyed on site "
                   "(现场核查): a geocoder never replaces it; not asked");
    }
    return YJ_OK;
}

/* Cached answers first: they need no request. */
static yj_code use_cache(run *r, jobs *js, yj_error *err)
{
    size_t i;
    yj_code rc;

    for (i = 0; i < js->n && !r->opt->refresh; i++) {
        bool hit;
        if (js->v[i].done)
            continue;
        if ((rc = yj_editor_cache_get(&js->v[i].result, &hit, r->ed,
                                      r->pv->pub.name, js->v[i].query,
                                      err)) != YJ_OK)
            return rc;
        if (hit && !filter_result(&r->sc, &js->v[i].result))
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        js->v[i].cached = hit;
        r->rep->from_cache += hit;
    }
    return YJ_OK;
}

/* The uncached queries online, a batch (or one) a request, until done or
 * stopped; a dry run only counts the requests. */
static yj_code ask_online(run *r, jobs *js, yj_error *err)
{
    size_t i = 0;
    yj_code rc;

    while (i < js->n && !r->rep->stopped) {
        job *g[YJ_GEO_BATCH];
        size_t n = 0;
        for (; i < js->n && n < r->pv->pub.batch; i++)
            if (!js->v[i].cached && !js->v[i].done)
                g[n++] = &js->v[i];
        if (n == 0)
            break;
        if (r->opt->dry_run) {
            r->rep->requests++;
            continue;
        }
        if ((rc = geocode_group(r, g, n, err)) != YJ_OK)
            return rc;
    }
    return YJ_OK;
}

/* Each station's result through the POI search (where the provider has
 * one and the address gave less) and the gate, into the database. */
static yj_code settle_all(run *r, jobs *js, yj_error *err)
{
    const yj_geocode_options *opt = r->opt;
    size_t i, done = 0;
    yj_code rc;

    for (i = 0; i < js->n && !r->rep->stopped; i++) {
        job *j = &js->v[i];
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
        if (r->pv->poi_request != NULL &&
            rank(j->result.precision) < rank("poi") &&
            (rc = poi_search(r, j, err)) != YJ_OK)
            return rc;
        if (r->rep->stopped)
            break;
        if ((rc = settle(r, &j->s, j->query, &j->result, j->cached, j->raw,
                         &outcome, why, sizeof why, err)) != YJ_OK)
            return rc;
        finish_job(r, j, outcome, why);
        if (opt->progress != NULL)
            opt->progress(opt->payload, ++done, js->n);
    }
    return YJ_OK;
}

yj_code yj_geocode_run(yj_geocode_report *rep, yj_editor *ed, yj_db *db,
                       const yj_geocode_options *opt, yj_error *err)
{
    jobs js = {NULL, 0, 0, opt};
    run r;
    size_t i;
    yj_code rc;

    memset(rep, 0, sizeof *rep);
    memset(&r, 0, sizeof r);
    if ((rc = check_options(opt, err)) != YJ_OK ||
        (rc = run_start(&r, ed, opt, rep, err)) != YJ_OK)
        return rc;
    if ((rc = yj_areas_load(&r.areas, &r.n_areas, db, err)) == YJ_OK &&
        (rc = find_jobs(&r, &js, err)) == YJ_OK &&
        (rc = use_cache(&r, &js, err)) == YJ_OK &&
        (rc = ask_online(&r, &js, err)) == YJ_OK)
        rc = settle_all(&r, &js, err);
    for (i = 0; i < js.n; i++) {
        yj_station_clear(&js.v[i].s);
        free(js.v[i].raw);
    }
    free(js.v);
    yj_areas_free(r.areas, r.n_areas);
    secrets_free(&r.sc);
    return rc;
}

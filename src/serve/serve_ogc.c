/* serve_ogc.c — OGC API – Features – Part 1: Core (OGC 17-069r4) under
 * /ogcapi/, with the conformance classes Core, GeoJSON and OpenAPI 3.0:
 * the landing page, the conformance declaration, the OpenAPI document
 * (describing exactly what is served), and two collections, `stations`
 * (points, every station field as properties: the writers' GeoJSON) and
 * `townships` (polygons), with items paged by limit and offset and
 * selected by bbox (CRS84), datetime (validated; the stations have no
 * time, so every one matches: /req/core/fc-time-response C) and, for
 * stations, equality on township, category and amenity.  Unknown or
 * invalid parameters are a 400 (/req/core/query-param-unknown, -invalid).
 * tests/cli/test_serve_ogc.sh lists each requirement with its test. */
#include "serve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CRS84 "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define LIMIT_DEFAULT 10
#define LIMIT_MAX 10000
#define OPENAPI_TYPE "application/vnd.oai.openapi+json;version=3.0"

/* The URL links start with: --base-url, or the request's own. */
static const char *base_of(const serve_ctx *ctx, const serve_request *rq)
{
    return ctx->opt != NULL && ctx->opt->base_url != NULL
               ? ctx->opt->base_url
               : rq->base;
}

/* A link object (rel, type, title), href = base + path. */
static void link(FILE *fp, bool first, const char *base, const char *path,
                 const char *rel, const char *type, const char *title)
{
    size_t nb = strlen(base), np = strlen(path);
    char *href = malloc(nb + np + 1);

    fputs(first ? "\n    {\"href\": " : ",\n    {\"href\": ", fp);
    if (href != NULL) {
        memcpy(href, base, nb);
        memcpy(href + nb, path, np + 1);
        yj_writer_json_literal(fp, href); /* escaped as any text: the base is
                                     a client's Host or --base-url */
        free(href);
    } else {
        fputs("\"\"", fp);
    }
    fputs(", \"rel\": ", fp);
    yj_writer_json_literal(fp, rel);
    fputs(", \"type\": ", fp);
    yj_writer_json_literal(fp, type);
    fputs(", \"title\": ", fp);
    yj_writer_json_literal(fp, title);
    fputc('}', fp);
}

/* Percent-encode s onto fp: a query value, or with `path` a path (its
 * slashes kept). */
static void put_encoded(FILE *fp, const char *s, bool path)
{
    static const char hexd[] = "0123456789ABCDEF";

    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || strchr("-._~,", c) != NULL ||
            (path && c == '/')) {
            fputc(c, fp);
        } else {
            fputc('%', fp);
            fputc(hexd[c >> 4], fp);
            fputc(hexd[c & 15], fp);
        }
    }
}

/* The same into buf[size] (cut when it does not fit: ids only). */
static void url_encode(char *buf, size_t size, const char *s)
{
    FILE *fp = fmemopen(buf, size, "w");

    if (fp == NULL) {
        buf[0] = '\0';
        return;
    }
    setvbuf(fp, NULL, _IONBF, 0);
    put_encoded(fp, s, false);
    fclose(fp);
    buf[size - 1] = '\0';
}

static FILE *open_json(serve_response *rs, const char *type)
{
    FILE *fp = serve_body_open(rs, 200, type);

    if (fp == NULL)
        serve_error(rs, 500, "ServerError", "out of memory");
    return fp;
}

/* The one parameter every resource here takes: f, the format, which may
 * only name the one each is served in ("json"; "html" for the API's
 * documentation).  Clients that add f=json everywhere (as to MapServer or
 * pygeoapi) are answered; anything else is a 400. */
static bool format_only(const serve_request *rq, const char *format,
                        serve_response *rs)
{
    static const char *const known[] = {"f", NULL};
    const char *f;

    if (!serve_params_known(rq, known, rs))
        return false;
    if ((f = serve_param_get(rq, "f")) != NULL && strcmp(f, format) != 0) {
        char shown[200];
        yj_text_escape(shown, sizeof shown, f);
        serve_error(rs, 400, "InvalidParameterValue", "f: '%s' is not "
                    "served here; this resource is %s", shown, format);
        return false;
    }
    return true;
}

/* ---- landing, conformance, API definition ----------------------------------- */

void serve_ogc_landing(serve_ctx *ctx, const serve_request *rq,
                       const char *const *args, serve_response *rs)
{
    const char *base = base_of(ctx, rq);
    FILE *fp;

    (void)args;
    if (!format_only(rq, "json", rs) ||
        (fp = open_json(rs, "application/json")) == NULL)
        return;
    fputs("{\"title\": \"驿家 · 萧山区爱心驿家 (yijia)\", \"description\": "
          "\"The 爱心驿家 rest stations for outdoor workers that the "
          "萧山区 (Xiaoshan, Hangzhou) federation of trade unions runs, with "
          "the townships they serve. Most stations are located only to their "
          "township: see each station's coord_precision.\", \"links\": [", fp);
    link(fp, true, base, "/ogcapi", "self", "application/json",
         "this document");
    link(fp, false, base, "/ogcapi/api", "service-desc", OPENAPI_TYPE,
         "the API definition (OpenAPI 3.0)");
    link(fp, false, base, "/ogcapi/api.html", "service-doc", "text/html",
         "the API documentation");
    link(fp, false, base, "/ogcapi/conformance", "conformance",
         "application/json", "the conformance classes implemented");
    link(fp, false, base, "/ogcapi/collections", "data", "application/json",
         "the feature collections");
    fputs("\n]}\n", fp);
    serve_body_close(rs, fp);
}

void serve_ogc_conformance(serve_ctx *ctx, const serve_request *rq,
                           const char *const *args, serve_response *rs)
{
    FILE *fp;

    (void)ctx;
    (void)args;
    if (!format_only(rq, "json", rs) ||
        (fp = open_json(rs, "application/json")) == NULL)
        return;
    fputs("{\"conformsTo\": [\n"
          "  \"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core\",\n"
          "  \"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30\",\n"
          "  \"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson\"\n"
          "]}\n", fp);
    serve_body_close(rs, fp);
}

/* The OpenAPI 3.0 document: every path, parameter and response served.
 * "@BASE@" stands for the server's URL. */
static const unsigned char openapi_bytes[] = {
#include "openapi.inc"
    0};

void serve_ogc_api(serve_ctx *ctx, const serve_request *rq,
                   const char *const *args, serve_response *rs)
{
    const char *base = base_of(ctx, rq);
    const char *p = (const char *)openapi_bytes, *at;
    FILE *fp;

    (void)args;
    if (!format_only(rq, "json", rs) ||
        (fp = open_json(rs, OPENAPI_TYPE)) == NULL)
        return;
    while ((at = strstr(p, "@BASE@")) != NULL) {
        fwrite(p, 1, (size_t)(at - p), fp);
        /* the base as a JSON string's content */
        {
            char *s = NULL;
            size_t n = 0;
            FILE *q = open_memstream(&s, &n);
            if (q != NULL) {
                yj_writer_json_literal(q, base);
                fclose(q);
                if (n >= 2)
                    fwrite(s + 1, 1, n - 2, fp);
            }
            free(s);
        }
        p = at + 6;
    }
    fputs(p, fp);
    serve_body_close(rs, fp);
}

/* ---- collections --------------------------------------------------------------- */

/* The townships' outlines and bounding box. */
typedef struct outline_box {
    yj_box box;
    bool any;
} outline_box;

static int grow_box(void *payload, const yj_area *a)
{
    outline_box *b = payload;

    if (a->shape == NULL || strcmp(a->kind, "district") == 0)
        return 0;
    if (!b->any) {
        b->box = a->shape->box;
        b->any = true;
    }
    b->box.west = fmin(b->box.west, a->shape->box.west);
    b->box.south = fmin(b->box.south, a->shape->box.south);
    b->box.east = fmax(b->box.east, a->shape->box.east);
    b->box.north = fmax(b->box.north, a->shape->box.north);
    return 0;
}

static bool collection_known(const char *id)
{
    return strcmp(id, "stations") == 0 || strcmp(id, "townships") == 0;
}

static void write_collection(FILE *fp, serve_ctx *ctx, const char *base,
                             const char *id)
{
    bool stations = strcmp(id, "stations") == 0;
    char path[128];
    yj_box box = {0, 0, 0, 0};
    bool has_box;

    if (stations) {
        size_t located;
        yj_db_extent(&located, &box, ctx->db);
        has_box = located > 0;
    } else {
        outline_box ob;
        memset(&ob, 0, sizeof ob);
        yj_db_areas(ctx->db, grow_box, &ob, NULL);
        box = ob.box;
        has_box = ob.any;
    }
    fputs("{\"id\": ", fp);
    yj_writer_json_literal(fp, id);
    fputs(stations
              ? ", \"title\": \"爱心驿家 stations\", \"description\": \"Rest "
                "stations for outdoor workers: name, address, township, "
                "category, amenities, opening hours, phone; WGS84 points with "
                "their source and precision (most are township-level, not "
                "surveyed).\""
              : ", \"title\": \"Townships\", \"description\": \"The townships "
                "(街道, 镇) of 萧山区 with their outlines (simplified, not "
                "surveys) and the number of stations in each.\"",
          fp);
    if (has_box)
        fprintf(fp, ", \"extent\": {\"spatial\": {\"bbox\": [[%.7f, %.7f, "
                    "%.7f, %.7f]], \"crs\": \"" CRS84 "\"}}",
                box.west, box.south, box.east, box.north);
    fputs(", \"itemType\": \"feature\", \"crs\": [\"" CRS84 "\"], \"links\": [",
          fp);
    snprintf(path, sizeof path, "/ogcapi/collections/%s", id);
    link(fp, true, base, path, "self", "application/json",
         "this collection");
    snprintf(path, sizeof path, "/ogcapi/collections/%s/items", id);
    link(fp, false, base, path, "items", "application/geo+json",
         "the features");
    fputs("\n]}", fp);
}

void serve_ogc_collections(serve_ctx *ctx, const serve_request *rq,
                           const char *const *args, serve_response *rs)
{
    const char *base = base_of(ctx, rq);
    FILE *fp;

    (void)args;
    if (!format_only(rq, "json", rs) ||
        (fp = open_json(rs, "application/json")) == NULL)
        return;
    fputs("{\"links\": [", fp);
    link(fp, true, base, "/ogcapi/collections", "self", "application/json",
         "this document");
    fputs("\n], \"collections\": [\n", fp);
    write_collection(fp, ctx, base, "stations");
    fputs(",\n", fp);
    write_collection(fp, ctx, base, "townships");
    fputs("\n]}\n", fp);
    serve_body_close(rs, fp);
}

static bool no_collection(const char *id, serve_response *rs)
{
    char shown[200];

    if (collection_known(id))
        return false;
    yj_text_escape(shown, sizeof shown, id);
    serve_error(rs, 404, "NotFound", "no collection '%s' (collections: "
                "stations, townships)", shown);
    return true;
}

void serve_ogc_collection(serve_ctx *ctx, const serve_request *rq,
                          const char *const *args, serve_response *rs)
{
    FILE *fp;

    if (no_collection(args[0], rs) || !format_only(rq, "json", rs) ||
        (fp = open_json(rs, "application/json")) == NULL)
        return;
    write_collection(fp, ctx, base_of(ctx, rq), args[0]);
    fputc('\n', fp);
    serve_body_close(rs, fp);
}

/* ---- items ----------------------------------------------------------------------- */

typedef struct items_query {
    size_t limit, offset;
    yj_box box;
    bool has_box;
    yj_filter filter;
} items_query;

/* Two digits at s as a number, or -1. */
static int two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* RFC 3339 date-time (5.6), strictly: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM),
 * each field in its range (a day the month has; second 60 for a leap
 * second).  A space stands for the offset's '+' too: an unencoded '+' in
 * a query string arrives as one. */
static bool rfc3339(const char *s, size_t n)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    static const int month_days[] = {31, 29, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    size_t i;
    int year, month, day;

    if (n < 20)
        return false;
    for (i = 0; i < sizeof shape - 1; i++) {
        char c = s[i];
        if (shape[i] == 'd' ? !(c >= '0' && c <= '9')
                            : !(c == shape[i] ||
                                (shape[i] == 'T' && (c == 't' || c == ' '))))
            return false;
    }
    year = two_digits(s) * 100 + two_digits(s + 2);
    month = two_digits(s + 5);
    day = two_digits(s + 8);
    if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1] ||
        (month == 2 && day == 29 &&
         !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) ||
        two_digits(s + 11) > 23 || two_digits(s + 14) > 59 ||
        two_digits(s + 17) > 60)
        return false;
    if (i < n && s[i] == '.') {
        size_t digits = 0;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
        if (digits == 0)
            return false;
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z'))
        return i + 1 == n;
    return n - i == 6 && (s[i] == '+' || s[i] == '-' || s[i] == ' ') &&
           two_digits(s + i + 1) >= 0 && two_digits(s + i + 1) <= 23 &&
           s[i + 3] == ':' && two_digits(s + i + 4) >= 0 &&
           two_digits(s + i + 4) <= 59;
}

/* datetime = date-time / interval (either end may be ".." or empty). */
static bool datetime_valid(const char *v)
{
    const char *slash = strchr(v, '/');
    size_t a, b;

    if (slash == NULL)
        return rfc3339(v, strlen(v));
    if (strchr(slash + 1, '/') != NULL)
        return false;
    a = (size_t)(slash - v);
    b = strlen(slash + 1);
    if ((a == 0 || (a == 2 && strncmp(v, "..", 2) == 0)) &&
        (b == 0 || strcmp(slash + 1, "..") == 0))
        return false; /* both ends open */
    return (a == 0 || (a == 2 && strncmp(v, "..", 2) == 0) ||
            rfc3339(v, a)) &&
           (b == 0 || strcmp(slash + 1, "..") == 0 || rfc3339(slash + 1, b));
}

static bool parse_items(items_query *q, const serve_request *rq,
                        bool stations, serve_response *rs)
{
    static const char *const station_params[] = {
        "limit", "offset", "bbox", "datetime", "township", "category",
        "amenity", "f", NULL};
    static const char *const township_params[] = {
        "limit", "offset", "bbox", "datetime", "f", NULL};
    const char *v;
    yj_error err;
    int64_t n;

    memset(q, 0, sizeof *q);
    q->limit = LIMIT_DEFAULT;
    if (!serve_params_known(rq, stations ? station_params : township_params,
                            rs))
        return false;
    if ((v = serve_param_get(rq, "f")) != NULL && strcmp(v, "json") != 0 &&
        strcmp(v, "geojson") != 0) {
        serve_error(rs, 400, "InvalidParameterValue", "f: json or geojson "
                    "(the features are GeoJSON)");
        return false;
    }
    if ((v = serve_param_get(rq, "limit")) != NULL) {
        /* above the maximum is the maximum, not an error */
        if (yj_parse_int(&n, v, 1, INT64_MAX, &err) != YJ_OK) {
            char shown[200];
            yj_text_escape(shown, sizeof shown, v);
            serve_error(rs, 400, "InvalidParameterValue", "limit: '%s' is "
                        "not a whole number from 1 to %d (more is taken as "
                        "%d)", shown, LIMIT_MAX, LIMIT_MAX);
            return false;
        }
        q->limit = n > LIMIT_MAX ? LIMIT_MAX : (size_t)n;
    }
    if ((v = serve_param_get(rq, "offset")) != NULL) {
        if (yj_parse_int(&n, v, 0, INT64_MAX / 2, &err) != YJ_OK) {
            char shown[200];
            yj_text_escape(shown, sizeof shown, v);
            serve_error(rs, 400, "InvalidParameterValue", "offset: '%s' is "
                        "not a whole number from 0 (how many matching "
                        "features come before the page)", shown);
            return false;
        }
        q->offset = (size_t)n;
    }
    if ((v = serve_param_get(rq, "bbox")) != NULL) {
        double x[6];
        size_t k = 0;
        const char *p = v;
        char num[64];
        while (k < 7) {
            size_t len = strcspn(p, ",");
            if (k == 6 || len == 0 || len >= sizeof num) {
                k = 7;
                break;
            }
            memcpy(num, p, len);
            num[len] = '\0';
            if (yj_parse_real(&x[k], num, -1e9, 1e9, &err) != YJ_OK) {
                k = 7;
                break;
            }
            k++;
            p += len;
            if (*p == '\0')
                break;
            p++;
        }
        if (k != 4 && k != 6) {
            serve_error(rs, 400, "InvalidParameterValue", "bbox: four numbers "
                        "(west,south,east,north in CRS84) or six (with "
                        "heights)");
            return false;
        }
        q->box.west = x[0];
        q->box.south = x[1];
        q->box.east = x[k == 4 ? 2 : 3];
        q->box.north = x[k == 4 ? 3 : 4];
        if (!(q->box.south >= -90 && q->box.north <= 90 &&
              q->box.south <= q->box.north && q->box.west >= -180 &&
              q->box.west <= 180 && q->box.east >= -180 &&
              q->box.east <= 180)) {
            serve_error(rs, 400, "InvalidParameterValue", "bbox: longitudes "
                        "within -180..180, latitudes within -90..90, south "
                        "<= north (west > east crosses the antimeridian)");
            return false;
        }
        /* not the filter's box, which leaves out stations without a
         * point: bbox matches every feature without a geometry too
         * (/req/core/fc-bbox-response C); in_box() below */
        q->has_box = true;
    }
    if ((v = serve_param_get(rq, "datetime")) != NULL &&
        !datetime_valid(v)) {
        serve_error(rs, 400, "InvalidParameterValue", "datetime: an RFC 3339 "
                    "date-time (2026-12-01T08:00:00Z) or an interval of two, "
                    "either end open with '..'");
        return false;
    }
    if (stations) {
        q->filter.township = serve_param_get(rq, "township");
        q->filter.category = serve_param_get(rq, "category");
        q->filter.amenities = serve_param_get(rq, "amenity");
        if (q->filter.category != NULL &&
            yj_term_code(yj_categories(), q->filter.category) != NULL)
            q->filter.category =
                yj_term_code(yj_categories(), q->filter.category);
        if (q->filter.amenities != NULL &&
            yj_term_code(yj_amenities(), q->filter.amenities) != NULL)
            q->filter.amenities =
                yj_term_code(yj_amenities(), q->filter.amenities);
    }
    return true;
}

/* The links of an items page: self, next and prev (as offsets allow). */
static void page_links(FILE *fp, const char *base, const serve_request *rq,
                       size_t offset, size_t limit, size_t returned,
                       size_t matched)
{
    static const char *const rels[] = {"self", "next", "prev"};
    char *query = NULL, *href;
    size_t query_len = 0, href_len, i;
    FILE *q = open_memstream(&query, &query_len);
    int pass;

    /* the request's parameters but offset, re-encoded, whole: a cut link
     * is a wrong one */
    for (i = 0; q != NULL && i < rq->n_params; i++) {
        if (strcmp(rq->params[i].name, "offset") == 0)
            continue;
        put_encoded(q, rq->params[i].name, false);
        fputc('=', q);
        put_encoded(q, rq->params[i].value, false);
        fputc('&', q);
    }
    if (q != NULL)
        fclose(q);
    fputs(", \"links\": [", fp);
    for (pass = 0; pass < 3; pass++) {
        size_t at;
        FILE *h;
        if (pass == 1 && offset + returned >= matched)
            continue;
        if (pass == 2 && offset == 0)
            continue;
        at = pass == 0 ? offset
             : pass == 1 ? offset + limit
                         : (offset > limit ? offset - limit : 0);
        href = NULL;
        href_len = 0;
        if ((h = open_memstream(&href, &href_len)) == NULL)
            continue;
        put_encoded(h, rq->path, true);
        fprintf(h, "?%soffset=%zu", query != NULL ? query : "", at);
        fclose(h);
        if (href != NULL)
            link(fp, pass == 0, base, href, rels[pass],
                 "application/geo+json",
                 pass == 0 ? "this page" : pass == 1 ? "the next page"
                                                     : "the previous page");
        free(href);
    }
    free(query);
    fputs("\n]", fp);
}

static void time_stamp(char buf[32], int64_t now)
{
    time_t t = (time_t)now;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* -- stations -- */

typedef struct station_page {
    yj_writer *w;
    const yj_box *box;      /* the bbox, or NULL */
    size_t offset, limit, matched, returned;
    yj_error err;
    bool failed;
} station_page;

/* Does bbox select s?  A station without a point always matches
 * (/req/core/fc-bbox-response C); west > east crosses the antimeridian. */
static bool in_box(const yj_box *b, const yj_station *s)
{
    if (b == NULL || !s->has_point)
        return true;
    if (s->lat < b->south || s->lat > b->north)
        return false;
    return b->west <= b->east ? s->lon >= b->west && s->lon <= b->east
                              : s->lon >= b->west || s->lon <= b->east;
}

static int page_station(void *payload, const yj_station *s)
{
    station_page *p = payload;

    if (!in_box(p->box, s))
        return 0;
    if (p->matched >= p->offset && p->returned < p->limit) {
        if (yj_writer_station(p->w, s, &p->err) != YJ_OK) {
            p->failed = true;
            return 1;
        }
        p->returned++;
    }
    p->matched++;
    return 0;
}

/* The stations of a page and the count of all that match, in one pass of
 * one statement (the same snapshot: numberMatched agrees with the
 * features even while another process edits); the members, which need the
 * count, follow the features (yj_writer_set_members). */
static void station_items(serve_ctx *ctx, const serve_request *rq,
                          const items_query *q, serve_response *rs)
{
    const char *base = base_of(ctx, rq);
    station_page page;
    char *members = NULL, stamp[32];
    size_t members_len = 0;
    bool no_memory = false;
    yj_error err;
    yj_code rc;
    FILE *fp, *mf;

    memset(&page, 0, sizeof page);
    page.box = q->has_box ? &q->box : NULL;
    page.offset = q->offset;
    page.limit = q->limit;
    if ((fp = open_json(rs, "application/geo+json")) == NULL)
        return;
    if ((rc = yj_writer_new(&page.w, fp, YJ_FORMAT_GEOJSON, false, &err)) ==
            YJ_OK &&
        (yj_writer_set_memo(page.w, serve_memo(ctx->tag)), true) &&
        (rc = yj_db_list(ctx->db, &q->filter, page_station, &page, &err)) ==
            YJ_OK &&
        page.failed) {
        rc = page.err.code;
        err = page.err;
    }
    if (rc == YJ_OK) {
        time_stamp(stamp, rq->now);
        if ((mf = open_memstream(&members, &members_len)) != NULL) {
            fprintf(mf, "\"numberMatched\": %zu, \"numberReturned\": %zu, "
                        "\"timeStamp\": \"%s\"",
                    page.matched, page.returned, stamp);
            page_links(mf, base, rq, q->offset, q->limit, page.returned,
                       page.matched);
        }
        if (mf == NULL || fclose(mf) != 0)
            no_memory = true;
        else if ((rc = yj_writer_set_members(page.w, members, &err)) ==
                 YJ_OK)
            rc = yj_writer_finish(page.w, &err);
    }
    yj_writer_free(page.w);
    free(members);
    serve_body_close(rs, fp);
    if (no_memory)
        serve_error(rs, 500, "ServerError", "out of memory");
    else if (rc == YJ_ENOTFOUND || rc == YJ_EINVAL)
        serve_error(rs, 400, "InvalidParameterValue", "%s", err.message);
    else if (rc != YJ_OK)
        serve_error(rs, 500, "ServerError", "%s", err.message);
}

/* -- townships -- */

typedef struct township_row {
    yj_township_info info;
    char name[128], short_name[64], kind[32], district[64];
} township_row;

typedef struct township_list {
    township_row rows[256];
    size_t n;
} township_list;

static int keep_township(void *payload, const yj_township_info *t)
{
    township_list *l = payload;
    township_row *r;

    if (l->n == sizeof l->rows / sizeof l->rows[0])
        return 1;
    r = &l->rows[l->n++];
    r->info = *t;
    snprintf(r->name, sizeof r->name, "%s", t->name);
    snprintf(r->short_name, sizeof r->short_name, "%s", t->short_name);
    snprintf(r->kind, sizeof r->kind, "%s", t->kind);
    snprintf(r->district, sizeof r->district, "%s", t->district);
    return 0;
}

static const township_row *find_township(const township_list *l,
                                         const char *name)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].name, name) == 0)
            return &l->rows[i];
    return NULL;
}

typedef struct township_page {
    FILE *fp;
    const township_list *list;
    const items_query *q;
    const char *base;
    const char *only;       /* one feature, by name, or NULL */
    size_t matched, returned;
    bool found;
} township_page;

static void township_feature(FILE *fp, const yj_area *a,
                             const township_row *row, const char *base,
                             bool single)
{
    char id[400], path[600];

    fputs("{\"type\": \"Feature\", \"id\": ", fp);
    yj_writer_json_literal(fp, a->name);
    fputs(", \"geometry\": ", fp);
    yj_shape_write_geojson(fp, a->shape);
    fputs(", \"properties\": {\"name\": ", fp);
    yj_writer_json_literal(fp, a->name);
    fputs(", \"short_name\": ", fp);
    yj_writer_json_literal(fp, row ? row->short_name : "");
    fputs(", \"kind\": ", fp);
    yj_writer_json_literal(fp, a->kind);
    fputs(", \"district\": ", fp);
    yj_writer_json_literal(fp, row ? row->district : "");
    fprintf(fp, ", \"stations\": %zu}", row ? row->info.stations : 0);
    if (single) {
        url_encode(id, sizeof id, a->name);
        snprintf(path, sizeof path, "/ogcapi/collections/townships/items/%s",
                 id);
        fputs(", \"links\": [", fp);
        link(fp, true, base, path, "self", "application/geo+json",
             "this feature");
        link(fp, false, base, "/ogcapi/collections/townships", "collection",
             "application/json", "the collection");
        fputs("\n]", fp);
    }
    fputc('}', fp);
}

static int page_township(void *payload, const yj_area *a)
{
    township_page *p = payload;
    const township_row *row;

    if (a->shape == NULL || strcmp(a->kind, "district") == 0)
        return 0;
    row = find_township(p->list, a->name);
    if (p->only != NULL) {
        if (strcmp(a->name, p->only) == 0) {
            township_feature(p->fp, a, row, p->base, true);
            p->found = true;
            return 1;
        }
        return 0;
    }
    if (p->q->has_box && !yj_shape_meets_box(a->shape, &p->q->box))
        return 0;
    if (p->matched >= p->q->offset &&
        p->returned < p->q->limit) {
        fputs(p->returned ? ",\n  " : "\n  ", p->fp);
        township_feature(p->fp, a, row, p->base, false);
        p->returned++;
    }
    p->matched++;
    return 0;
}

static void township_items(serve_ctx *ctx, const serve_request *rq,
                           const items_query *q, serve_response *rs)
{
    township_list *list = calloc(1, sizeof *list);
    township_page page;
    char stamp[32];
    yj_error err;
    FILE *fp;

    if (list == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    memset(&page, 0, sizeof page);
    page.list = list;
    page.q = q;
    page.base = base_of(ctx, rq);
    if (yj_db_townships(ctx->db, keep_township, list, &err) != YJ_OK) {
        serve_error(rs, 500, "ServerError", "%s", err.message);
        free(list);
        return;
    }
    if ((fp = open_json(rs, "application/geo+json")) == NULL) {
        free(list);
        return;
    }
    page.fp = fp;
    fputs("{\"type\": \"FeatureCollection\", \"features\": [", fp);
    if (yj_db_areas(ctx->db, page_township, &page, &err) != YJ_OK) {
        serve_body_close(rs, fp);
        serve_error(rs, 500, "ServerError", "%s", err.message);
        free(list);
        return;
    }
    time_stamp(stamp, rq->now);
    fprintf(fp, "%s], \"numberMatched\": %zu, \"numberReturned\": %zu, "
                "\"timeStamp\": \"%s\"",
            page.returned ? "\n" : "", page.matched, page.returned, stamp);
    page_links(fp, page.base, rq, q->offset, q->limit, page.returned,
               page.matched);
    fputs("}\n", fp);
    serve_body_close(rs, fp);
    free(list);
}

void serve_ogc_items(serve_ctx *ctx, const serve_request *rq,
                     const char *const *args, serve_response *rs)
{
    items_query q;
    bool stations = strcmp(args[0], "stations") == 0;

    if (no_collection(args[0], rs) || !parse_items(&q, rq, stations, rs))
        return;
    if (stations)
        station_items(ctx, rq, &q, rs);
    else
        township_items(ctx, rq, &q, rs);
}

void serve_ogc_item(serve_ctx *ctx, const serve_request *rq,
                    const char *const *args, serve_response *rs)
{
    const char *base = base_of(ctx, rq);
    char shown[200], id[400], path[600], *members = NULL;
    size_t members_len = 0;
    yj_writer *w = NULL;
    yj_station s;
    yj_error err;
    yj_code rc;
    FILE *fp, *mf;

    if (no_collection(args[0], rs))
        return;
    {
        static const char *const known[] = {"f", NULL};
        const char *f;
        if (!serve_params_known(rq, known, rs))
            return;
        if ((f = serve_param_get(rq, "f")) != NULL &&
            strcmp(f, "json") != 0 && strcmp(f, "geojson") != 0) {
            serve_error(rs, 400, "InvalidParameterValue", "f: json or "
                        "geojson");
            return;
        }
    }
    yj_text_escape(shown, sizeof shown, args[1]);
    if (strcmp(args[0], "townships") == 0) {
        township_list *list = calloc(1, sizeof *list);
        township_page page;
        items_query q;
        memset(&page, 0, sizeof page);
        memset(&q, 0, sizeof q);
        if (list == NULL || (fp = open_json(rs, "application/geo+json")) ==
                                NULL) {
            free(list);
            if (list == NULL)
                serve_error(rs, 500, "ServerError", "out of memory");
            return;
        }
        yj_db_townships(ctx->db, keep_township, list, NULL);
        page.list = list;
        page.q = &q;
        page.base = base;
        page.fp = fp;
        page.only = args[1];
        yj_db_areas(ctx->db, page_township, &page, NULL);
        fputc('\n', fp);
        serve_body_close(rs, fp);
        free(list);
        if (!page.found)
            serve_error(rs, 404, "NotFound", "no township '%s' with an "
                        "outline", shown);
        return;
    }
    if ((rc = yj_db_get(&s, ctx->db, args[1], &err)) != YJ_OK ||
        !yj_station_in_service(&s)) {
        if (rc == YJ_OK)
            yj_station_clear(&s);
        if (rc == YJ_OK || rc == YJ_ENOTFOUND)
            serve_error(rs, 404, "NotFound", "no station '%s'", shown);
        else
            serve_error(rs, 500, "ServerError", "%s", err.message);
        return;
    }
    url_encode(id, sizeof id, s.text[YJ_F_ID]);
    snprintf(path, sizeof path, "/ogcapi/collections/stations/items/%s", id);
    if ((mf = open_memstream(&members, &members_len)) != NULL) {
        fputs("\"links\": [", mf);
        link(mf, true, base, path, "self", "application/geo+json",
             "this feature");
        link(mf, false, base, "/ogcapi/collections/stations", "collection",
             "application/json", "the collection");
        fputs("\n]", mf);
        fclose(mf);
    }
    if (members == NULL || (fp = open_json(rs, "application/geo+json")) ==
                               NULL) {
        free(members);
        yj_station_clear(&s);
        if (members == NULL)
            serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    if ((rc = yj_writer_new(&w, fp, YJ_FORMAT_GEOJSON, false, &err)) ==
        YJ_OK) {
        yj_writer_set_single(w, true);
        if ((rc = yj_writer_set_members(w, members, &err)) == YJ_OK &&
            (rc = yj_writer_station(w, &s, &err)) == YJ_OK)
            rc = yj_writer_finish(w, &err);
    }
    yj_writer_free(w);
    free(members);
    yj_station_clear(&s);
    serve_body_close(rs, fp);
    if (rc != YJ_OK)
        serve_error(rs, 500, "ServerError", "%s", err.message);
}

/* ---- the API documentation, for people ---------------------------------------- */

void serve_ogc_api_html(serve_ctx *ctx, const serve_request *rq,
                        const char *const *args, serve_response *rs)
{
    FILE *fp;

    (void)ctx;
    (void)args;
    if (!format_only(rq, "html", rs) ||
        (fp = open_json(rs, "text/html; charset=utf-8")) == NULL)
        return;
    fputs("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
          "<title>驿家 OGC API – Features</title></head><body>\n"
          "<h1>驿家 · OGC API – Features</h1>\n"
          "<p>萧山区爱心驿家 stations and townships for GIS clients (GDAL "
          "<code>ogrinfo OAPIF:URL</code>, QGIS's WFS / OGC API connection). "
          "Conformance: Core, GeoJSON, OpenAPI 3.0. The machine-readable "
          "definition is <a href=\"api\">api</a> (OpenAPI 3.0).</p>\n<dl>\n"
          "<dt><a href=\"collections\">collections</a></dt><dd>stations "
          "(points) and townships (outlines)</dd>\n"
          "<dt>collections/stations/items</dt><dd>limit (1–10000, default "
          "10), offset, bbox (west,south,east,north, CRS84), datetime (the "
          "stations have no time: every one matches), township, category, "
          "amenity</dd>\n"
          "<dt>collections/stations/items/XS001</dt><dd>one station</dd>\n"
          "<dt>collections/townships/items</dt><dd>limit, offset, bbox, "
          "datetime</dd>\n</dl>\n"
          "<p>Unknown or invalid parameters are answered with status 400 and "
          "JSON {\"code\", \"description\"}. Coordinates are WGS84; most "
          "stations are located only to their township "
          "(coord_precision).</p>\n</body></html>\n", fp);
    serve_body_close(rs, fp);
}

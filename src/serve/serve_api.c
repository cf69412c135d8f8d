/* serve_api.c — the JSON API under /api/: the answers `yijia nearest`,
 * `list`, `show`, `townships` and `coverage` give with --format json,
 * through the same library calls and writers (not a second
 * implementation), from query parameters instead of options.  Where the
 * tool takes a word, the API takes it too (a category or amenity by code
 * or Chinese label, a township by short name, a place by name).
 *
 *   /api/nearest?at=LON,LAT|near=NAME [crs= k= within= amenity= township=
 *                category= text= open=now|TIME arrive=walk|ride|KMH]
 *   /api/stations[?filters, at=|near=, within=, open=, arrive=]
 *   /api/stations/{id}
 *   /api/places?q=TEXT[&limit=N]
 *   /api/townships
 *   /api/coverage[?radius=1km&cell=100m] */
#include "serve.h"

#include <string.h>

/* ---- what a query asks for -------------------------------------------------- */

typedef struct query {
    yj_filter filter;
    char category[64];
    char amenities[512];
    bool has_origin;
    yj_lonlat origin;
    size_t k;
    double within_m;
    bool open;            /* show the opening status */
    int64_t at;           /* ... at this time */
    double speed_kmh;     /* > 0: at arrival */
} query;

/* A 400 naming the parameter, with the library's reason. */
static void bad(serve_response *rs, const char *param, const char *why)
{
    serve_error(rs, 400, "InvalidParameterValue", "%s: %s", param, why);
}

static void list_terms(char *buf, size_t size, const yj_term *vocab)
{
    const yj_term *t;
    size_t used = 0;

    buf[0] = '\0';
    for (t = vocab; t->code != NULL && used + 1 < size; t++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s (%s)",
                                 t == vocab ? "" : ", ", t->code, t->zh);
}

/* The filter parameters: township, category, amenity, text, open. */
static bool parse_filter(query *q, const serve_request *rq,
                         serve_response *rs)
{
    const char *v;
    char valid[1024];
    yj_error err;

    memset(q, 0, sizeof *q);
    q->at = rq->now;
    q->filter.township = serve_param_get(rq, "township");
    q->filter.text = serve_param_get(rq, "text");
    if ((v = serve_param_get(rq, "category")) != NULL && v[0] != '\0') {
        const char *code;
        if (yj_term_resolve(&code, yj_categories(), v, &err) != YJ_OK) {
            list_terms(valid, sizeof valid, yj_categories());
            serve_error(rs, 400, "InvalidParameterValue", "category: %s; "
                        "valid: %s", err.message, valid);
            return false;
        }
        snprintf(q->category, sizeof q->category, "%s", code);
        q->filter.category = q->category;
    }
    if ((v = serve_param_get(rq, "amenity")) != NULL && v[0] != '\0') {
        if (yj_term_list(q->amenities, sizeof q->amenities, yj_amenities(),
                         v, &err) != YJ_OK) {
            list_terms(valid, sizeof valid, yj_amenities());
            serve_error(rs, 400, "InvalidParameterValue", "amenity: %s; "
                        "valid: %s", err.message, valid);
            return false;
        }
        q->filter.amenities = q->amenities;
    }
    if ((v = serve_param_get(rq, "open")) != NULL) {
        if (strcmp(v, "now") != 0 && !yj_hours_parse_local_time(&q->at, v)) {
            bad(rs, "open", "'now' or a time such as 2025-10-01T20:00 "
                            "(Beijing time)");
            return false;
        }
        q->filter.open = true;
        q->filter.open_at = q->at;
        q->open = true;
    }
    return true;
}

/* The origin: at=LON,LAT in crs= (default wgs84), or near=NAME. */
static bool parse_origin(query *q, yj_db *db, const serve_request *rq,
                         serve_response *rs)
{
    const char *at = serve_param_get(rq, "at");
    const char *near = serve_param_get(rq, "near");
    const char *crs_name = serve_param_get(rq, "crs");
    yj_crs crs = YJ_CRS_WGS84;
    yj_error err;

    if (crs_name != NULL && !yj_crs_from_name(&crs, crs_name)) {
        bad(rs, "crs", "wgs84 (GPS), gcj02 (Amap) or bd09 (Baidu)");
        return false;
    }
    if (at != NULL && near != NULL) {
        serve_error(rs, 400, "InvalidParameterValue", "give at (LON,LAT) or "
                    "near (a place), not both");
        return false;
    }
    if (at != NULL) {
        yj_position p;
        if (yj_parse_position(&p, at, false, &err) != YJ_OK) {
            bad(rs, "at", err.message);
            return false;
        }
        if (p.from_link && crs_name != NULL && crs != p.crs) {
            serve_error(rs, 400, "InvalidParameterValue", "crs: the link in "
                        "at is in %s", yj_crs_name(p.crs));
            return false;
        }
        if (p.from_link)
            crs = p.crs;
        if (yj_crs_convert(&q->origin, p.point, crs, YJ_CRS_WGS84, &err) !=
            YJ_OK) {
            bad(rs, "at", err.message);
            return false;
        }
        q->has_origin = true;
    } else if (near != NULL) {
        yj_place_match m[6];
        size_t found = 0, i;
        yj_code rc = yj_db_find_place(m, 6, &found, db, near, &err);
        if (rc == YJ_ENOTFOUND) {
            char guess[128], full[256];
            if (yj_db_suggest_place(guess, sizeof guess, full, sizeof full,
                                    db, near))
                serve_error(rs, 400, "InvalidParameterValue", "near: unknown "
                            "place; did you mean %s%s%s%s?", guess,
                            full[0] ? " (" : "", full, full[0] ? ")" : "");
            else
                serve_error(rs, 400, "InvalidParameterValue", "near: unknown "
                            "place (a township, a station id or name, or a "
                            "landmark; /api/places?q= suggests)");
            return false;
        }
        if (rc == YJ_EINVAL) { /* the name itself: empty, say */
            bad(rs, "near", err.message);
            return false;
        }
        if (rc != YJ_OK) {
            serve_error(rs, 500, "ServerError", "%s", err.message);
            return false;
        }
        if (found > 1) {
            char names[600];
            size_t used = 0;
            names[0] = '\0';
            for (i = 0; i < found && i < 6 && used < sizeof names; i++)
                used += (size_t)snprintf(names + used, sizeof names - used,
                                         "%s%s", i ? ", " : "", m[i].name);
            serve_error(rs, 400, "InvalidParameterValue", "near: %zu places "
                        "match: %s%s", found, names, found > 6 ? ", ..." : "");
            return false;
        }
        if (!m[0].has_point) {
            bad(rs, "near", "the place has no known location yet");
            return false;
        }
        q->origin = m[0].point;
        q->has_origin = true;
    }
    return true;
}

/* k=, within=, arrive= (after the origin). */
static bool parse_ranking(query *q, const serve_request *rq, size_t k_default,
                          serve_response *rs)
{
    const char *v;
    yj_error err;

    q->k = k_default;
    if ((v = serve_param_get(rq, "k")) != NULL) {
        int64_t k;
        if (yj_parse_int(&k, v, 1, SERVE_ANSWER_MAX, &err) != YJ_OK) {
            bad(rs, "k", err.message);
            return false;
        }
        q->k = (size_t)k;
    }
    if ((v = serve_param_get(rq, "within")) != NULL &&
        yj_parse_distance(&q->within_m, v, &err) != YJ_OK) {
        bad(rs, "within", err.message);
        return false;
    }
    if ((v = serve_param_get(rq, "arrive")) != NULL) {
        if (yj_parse_speed(&q->speed_kmh, v, &err) != YJ_OK) {
            bad(rs, "arrive", err.message);
            return false;
        }
        q->open = true;
    }
    if ((q->within_m > 0 || q->speed_kmh > 0) && !q->has_origin) {
        serve_error(rs, 400, "InvalidParameterValue", "within and arrive need "
                    "an origin: at=LON,LAT or near=NAME");
        return false;
    }
    return true;
}

/* ---- writing stations as the tool's JSON ----------------------------------- */

typedef struct out {
    yj_writer *w;
    yj_error err;
    bool failed;
    size_t n;
    bool too_many;  /* more than SERVE_ANSWER_MAX: stopped */
} out;

static int put_hit(void *payload, const yj_hit *hit)
{
    out *o = payload;

    if (++o->n > SERVE_ANSWER_MAX) {
        o->too_many = true;
        return 1;
    }
    o->failed = yj_writer_hit(o->w, hit, &o->err) != YJ_OK;
    return o->failed;
}

static int put_station(void *payload, const yj_station *s)
{
    out *o = payload;

    if (++o->n > SERVE_ANSWER_MAX) {
        o->too_many = true;
        return 1;
    }
    o->failed = yj_writer_station(o->w, s, &o->err) != YJ_OK;
    return o->failed;
}

/* A library error of a query: an unknown filter value is the client's
 * (400), anything else the server's (500). */
static void query_failed(serve_response *rs, const yj_error *err)
{
    if (err->code == YJ_ENOTFOUND || err->code == YJ_EINVAL)
        serve_error(rs, 400, "InvalidParameterValue", "%s", err->message);
    else
        serve_error(rs, 500, "ServerError", "%s", err->message);
}

/* Run the stations query `q` asks (ranked when it has an origin, k = 0:
 * all) into rs as JSON, exactly as `yijia nearest|list --format json`. */
static void stations_json(serve_ctx *ctx, const query *q, serve_response *rs)
{
    FILE *fp = serve_body_open(rs, 200, "application/json");
    yj_error err;
    yj_code rc;
    out o;

    memset(&o, 0, sizeof o);
    if (fp == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    if ((rc = yj_writer_new(&o.w, fp, YJ_FORMAT_JSON, q->has_origin, &err)) ==
        YJ_OK) {
        yj_writer_set_memo(o.w, serve_memo(ctx->tag));
        if (q->open)
            yj_writer_set_open(o.w, yj_db_calendar(ctx->db), q->at,
                               q->speed_kmh);
        if (q->has_origin) {
            yj_near near = {q->origin, q->k, q->within_m};
            rc = yj_nearest(NULL, ctx->db, &near, &q->filter, put_hit, &o,
                            &err);
        } else {
            rc = yj_db_list(ctx->db, &q->filter, put_station, &o, &err);
        }
        if (rc == YJ_OK && o.failed) {
            rc = o.err.code;
            err = o.err;
        }
        if (rc == YJ_OK)
            rc = yj_writer_finish(o.w, &err);
    }
    yj_writer_free(o.w);
    serve_body_close(rs, fp);
    if (rc != YJ_OK)
        query_failed(rs, &err);
    else if (o.too_many)
        serve_error(rs, 400, "InvalidParameterValue", "more than %d stations "
                    "match: narrow the query (township=, category=, "
                    "within=, k=) or page through "
                    "/ogcapi/collections/stations/items", SERVE_ANSWER_MAX);
}

/* An answer about "now" (open=now, or arrive: the arrival is from now)
 * changes by itself: it gets no validator. */
static bool depends_on_now(const serve_request *rq)
{
    const char *open = serve_param_get(rq, "open");

    return (open != NULL && strcmp(open, "now") == 0) ||
           serve_param_get(rq, "arrive") != NULL;
}

static const char *const nearest_params[] = {
    "at", "near", "crs", "k", "within", "amenity", "township", "category",
    "text", "open", "arrive", NULL,
};

void serve_api_nearest(serve_ctx *ctx, const serve_request *rq,
                       const char *const *args, serve_response *rs)
{
    query q;

    (void)args;
    if (!serve_params_known(rq, nearest_params, rs) ||
        !parse_filter(&q, rq, rs) || !parse_origin(&q, ctx->db, rq, rs) ||
        !parse_ranking(&q, rq, 3, rs))
        return;
    if (!q.has_origin) {
        serve_error(rs, 400, "MissingParameterValue", "at: the origin is "
                    "needed: at=LON,LAT (with crs=wgs84|gcj02|bd09) or "
                    "near=NAME");
        return;
    }
    stations_json(ctx, &q, rs);
    rs->cacheable = !depends_on_now(rq);
}

static const char *const stations_params[] = {
    "at", "near", "crs", "within", "amenity", "township", "category", "text",
    "open", "arrive", NULL,
};

void serve_api_stations(serve_ctx *ctx, const serve_request *rq,
                        const char *const *args, serve_response *rs)
{
    query q;

    (void)args;
    if (!serve_params_known(rq, stations_params, rs) ||
        !parse_filter(&q, rq, rs) || !parse_origin(&q, ctx->db, rq, rs) ||
        !parse_ranking(&q, rq, 0, rs))
        return;
    stations_json(ctx, &q, rs);
    rs->cacheable = !depends_on_now(rq);
}

void serve_api_station(serve_ctx *ctx, const serve_request *rq,
                       const char *const *args, serve_response *rs)
{
    yj_station s;
    yj_writer *w = NULL;
    yj_error err;
    yj_code rc;
    FILE *fp;

    if (!serve_params_known(rq, NULL, rs))
        return;
    if ((rc = yj_db_get(&s, ctx->db, args[0], &err)) != YJ_OK) {
        char shown[200];
        yj_text_escape(shown, sizeof shown, args[0]);
        if (rc == YJ_ENOTFOUND)
            serve_error(rs, 404, "NotFound", "no station '%s'", shown);
        else
            serve_error(rs, 500, "ServerError", "%s", err.message);
        return;
    }
    /* as `yijia show --format json ID` */
    if ((fp = serve_body_open(rs, 200, "application/json")) == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
    } else {
        if ((rc = yj_writer_new(&w, fp, YJ_FORMAT_JSON, false, &err)) ==
                YJ_OK &&
            (rc = yj_writer_station(w, &s, &err)) == YJ_OK)
            rc = yj_writer_finish(w, &err);
        yj_writer_free(w);
        serve_body_close(rs, fp);
        if (rc != YJ_OK)
            serve_error(rs, 500, "ServerError", "%s", err.message);
    }
    yj_station_clear(&s);
}

/* ---- places, townships, coverage ----------------------------------------------- */

static const char *place_kind(yj_place_kind kind)
{
    switch (kind) {
    case YJ_PLACE_STATION:  return "station";
    case YJ_PLACE_TOWNSHIP: return "township";
    case YJ_PLACE_LANDMARK: return "landmark";
    }
    return "";
}

static const char *const places_params[] = {"q", "limit", NULL};

void serve_api_places(serve_ctx *ctx, const serve_request *rq,
                      const char *const *args, serve_response *rs)
{
    yj_place_match m[100];
    const char *text = serve_param_get(rq, "q"), *v;
    size_t found = 0, i, limit = 10;
    yj_error err;
    yj_code rc;
    FILE *fp;

    (void)args;
    if (!serve_params_known(rq, places_params, rs))
        return;
    if (text == NULL || text[strspn(text, " ")] == '\0') {
        serve_error(rs, 400, "MissingParameterValue", "q: the text to look "
                    "up (a township, station, metro station or landmark)");
        return;
    }
    if ((v = serve_param_get(rq, "limit")) != NULL) {
        int64_t n;
        if (yj_parse_int(&n, v, 1, 100, &err) != YJ_OK) {
            bad(rs, "limit", err.message);
            return;
        }
        limit = (size_t)n;
    }
    rc = yj_db_find_place(m, limit, &found, ctx->db, text, &err);
    if (rc != YJ_OK && rc != YJ_ENOTFOUND) {
        serve_error(rs, 500, "ServerError", "%s", err.message);
        return;
    }
    if (rc == YJ_ENOTFOUND)
        found = 0;
    if ((fp = serve_body_open(rs, 200, "application/json")) == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    fputs("{\"q\": ", fp);
    yj_writer_json_literal(fp, text);
    fprintf(fp, ", \"found\": %zu, ", found);
    if (found == 0) { /* "did you mean", as --near says it */
        char guess[128], full[256];
        if (yj_db_suggest_place(guess, sizeof guess, full, sizeof full,
                                ctx->db, text)) {
            fputs("\"did_you_mean\": ", fp);
            yj_writer_json_literal(fp, guess);
            if (full[0] != '\0') {
                fputs(", \"did_you_mean_full\": ", fp);
                yj_writer_json_literal(fp, full);
            }
            fputs(", ", fp);
        }
    }
    fputs("\"places\": [", fp);
    for (i = 0; i < found && i < limit; i++) {
        fputs(i ? ",\n  {\"kind\": " : "\n  {\"kind\": ", fp);
        yj_writer_json_literal(fp, place_kind(m[i].kind));
        fputs(", \"name\": ", fp);
        yj_writer_json_literal(fp, m[i].name);
        fputs(", \"detail\": ", fp);
        yj_writer_json_literal(fp, m[i].detail);
        if (m[i].has_point) {
            char lon[32], lat[32];
            fprintf(fp, ", \"lon\": %s, \"lat\": %s",
                    yj_format_degrees(lon, sizeof lon, m[i].point.lon),
                    yj_format_degrees(lat, sizeof lat, m[i].point.lat));
        } else {
            fputs(", \"lon\": null, \"lat\": null", fp);
        }
        fprintf(fp, ", \"approximate\": %s}",
                m[i].approximate ? "true" : "false");
    }
    fputs(i ? "\n]}\n" : "]}\n", fp);
    serve_body_close(rs, fp);
}

typedef struct township_out {
    FILE *fp;
    size_t n;
} township_out;

static int put_township(void *payload, const yj_township_info *t)
{
    township_out *o = payload;
    FILE *fp = o->fp;

    fputs(o->n++ ? ",\n  {\"name\": " : "\n  {\"name\": ", fp);
    yj_writer_json_literal(fp, t->name);
    fputs(", \"short_name\": ", fp);
    yj_writer_json_literal(fp, t->short_name);
    fputs(", \"kind\": ", fp);
    yj_writer_json_literal(fp, t->kind);
    fputs(", \"district\": ", fp);
    yj_writer_json_literal(fp, t->district);
    fprintf(fp, ", \"stations\": %zu, \"has_point\": %s, \"has_polygon\": %s}",
            t->stations, t->has_point ? "true" : "false",
            t->has_polygon ? "true" : "false");
    return 0;
}

void serve_api_townships(serve_ctx *ctx, const serve_request *rq,
                         const char *const *args, serve_response *rs)
{
    township_out list;
    yj_error err;
    FILE *fp;

    (void)args;
    if (!serve_params_known(rq, NULL, rs))
        return;
    if ((fp = serve_body_open(rs, 200, "application/json")) == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    fputc('[', fp);
    list.fp = fp;
    list.n = 0;
    if (yj_db_townships(ctx->db, put_township, &list, &err) != YJ_OK) {
        serve_body_close(rs, fp);
        serve_error(rs, 500, "ServerError", "%s", err.message);
        return;
    }
    fputs(list.n ? "\n]\n" : "]\n", fp);
    serve_body_close(rs, fp);
}

static const char *const coverage_params[] = {"radius", "cell", NULL};

void serve_api_coverage(serve_ctx *ctx, const serve_request *rq,
                        const char *const *args, serve_response *rs)
{
    double radius_m = 1000.0, cell_m = 100.0;
    const char *v;
    yj_coverage c;
    yj_error err;
    FILE *fp;

    (void)args;
    if (!serve_params_known(rq, coverage_params, rs))
        return;
    if ((v = serve_param_get(rq, "radius")) != NULL &&
        yj_parse_distance(&radius_m, v, &err) != YJ_OK) {
        bad(rs, "radius", err.message);
        return;
    }
    /* the tool takes cells from 10 m; the server from 50 m: the grid of
     * 10 m cells over 萧山区 takes a second or more to compute, and any
     * client may ask for it */
    if ((v = serve_param_get(rq, "cell")) != NULL &&
        (yj_parse_distance(&cell_m, v, &err) != YJ_OK || cell_m < 50.0 ||
         cell_m > 1000.0)) {
        bad(rs, "cell", "a distance from 50m to 1km");
        return;
    }
    if (yj_coverage_compute(&c, ctx->db, radius_m, cell_m, &err) != YJ_OK) {
        query_failed(rs, &err);
        return;
    }
    if ((fp = serve_body_open(rs, 200, "application/json")) == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
    } else {
        yj_coverage_write_json(fp, &c);
        serve_body_close(rs, fp);
    }
    yj_coverage_clear(&c);
}

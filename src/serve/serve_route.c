/* serve_route.c — the one table of what the server answers: a path
 * pattern ("{}" matches one segment, handed to the handler), its handler,
 * and whether the answer depends on the data only (then it gets an ETag).
 * GET and HEAD are the only methods (405 with Allow otherwise; OPTIONS, a
 * browser's question before a cross-origin request, serve_http.c); an
 * unknown path is a 404; a path with a trailing slash is the same
 * resource as without (the OGC landing page is /ogcapi and /ogcapi/). */
#include "serve.h"

#include <string.h>

#define MAX_ARGS 2

typedef struct route {
    const char *pattern;
    serve_handler handler;
    bool cacheable;   /* the body depends on the data and the request only */
} route;

static const route routes[] = {
    {"/", serve_site_file, true},
    {"/api/nearest", serve_api_nearest, false},
    {"/api/stations", serve_api_stations, false},
    {"/api/stations/{}", serve_api_station, true},
    {"/api/places", serve_api_places, true},
    {"/api/townships", serve_api_townships, true},
    {"/api/coverage", serve_api_coverage, true},
    {"/ogcapi", serve_ogc_landing, true},
    {"/ogcapi/conformance", serve_ogc_conformance, true},
    {"/ogcapi/api", serve_ogc_api, true},
    {"/ogcapi/api.html", serve_ogc_api_html, true},
    {"/ogcapi/collections", serve_ogc_collections, true},
    {"/ogcapi/collections/{}", serve_ogc_collection, true},
    {"/ogcapi/collections/{}/items", serve_ogc_items, true},
    {"/ogcapi/collections/{}/items/{}", serve_ogc_item, true},
    {"/data/{}", serve_site_data, true},
    {"/{}", serve_site_file, true},  /* the page's files: last */
};
#define N_ROUTES (sizeof routes / sizeof routes[0])

/* Match `path` against `pattern`: segment by segment, "{}" taking any
 * non-empty segment (copied into args[]).  A trailing '/' on the path is
 * ignored (but "/" itself is the root). */
static bool match(const char *pattern, const char *path,
                  char args[MAX_ARGS][512], size_t *n_args)
{
    size_t plen = strlen(path);

    *n_args = 0;
    if (plen > 1 && path[plen - 1] == '/')
        plen--;
    if (strcmp(pattern, "/") == 0)
        return plen == 1 && path[0] == '/';
    while (*pattern != '\0') {
        size_t seg;
        if (*pattern != '/' || plen == 0 || *path != '/')
            return false;
        pattern++;
        path++;
        plen--;
        seg = strcspn(path, "/");
        if (seg > plen)
            seg = plen;
        if (strncmp(pattern, "{}", 2) == 0) {
            if (seg == 0 || seg >= 512 || *n_args == MAX_ARGS)
                return false;
            memcpy(args[*n_args], path, seg);
            args[(*n_args)++][seg] = '\0';
            pattern += 2;
        } else {
            size_t pseg = strcspn(pattern, "/");
            if (pseg != seg || strncmp(pattern, path, seg) != 0)
                return false;
            pattern += pseg;
        }
        path += seg;
        plen -= seg;
    }
    return plen == 0;
}

void serve_dispatch(serve_ctx *ctx, const serve_request *rq,
                    serve_response *rs)
{
    char args[MAX_ARGS][512];
    const char *argv[MAX_ARGS + 1];
    size_t i, n, k;

    for (i = 0; i < N_ROUTES; i++) {
        if (!match(routes[i].pattern, rq->path, args, &n))
            continue;
        if (strcmp(rq->method, "GET") != 0 &&
            strcmp(rq->method, "HEAD") != 0) {
            /* the method as sent may be any bytes: shown escaped (the
             * body is UTF-8 JSON) */
            char shown[80];
            yj_text_escape(shown, sizeof shown, rq->method);
            serve_error(rs, 405, "MethodNotAllowed", "%s is not answered "
                        "here; use GET or HEAD",
                        strlen(rq->method) < 16 ? shown : "the method");
            rs->allow = "GET, HEAD, OPTIONS";
            return;
        }
        for (k = 0; k < n; k++)
            argv[k] = args[k];
        argv[n] = NULL;
        /* a handler whose answer depends on the time says so */
        rs->cacheable = routes[i].cacheable;
        routes[i].handler(ctx, rq, argv, rs);
        if (rs->status != 200)
            rs->cacheable = false;
        return;
    }
    {
        char shown[200];
        yj_text_escape(shown, sizeof shown, rq->path);
        serve_error(rs, 404, "NotFound", "no resource at '%s' (the API is "
                    "under /api/, OGC API - Features under /ogcapi/)", shown);
    }
}

void serve_answer(serve_ctx *ctx, serve_response *rs, const char *method,
                  const char *target, const char *base, int64_t now)
{
    serve_request rq;

    if (serve_request_parse(&rq, rs, method, target, base, now))
        serve_dispatch(ctx, &rq, rs);
    serve_request_clear(&rq);
}

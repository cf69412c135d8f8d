/* serve_site.c — the workers' phone page at / (the library's embedded web/
 * files, site.c) and the data it reads at /data/ (made from the
 * database on each request, so they are as current as the API). */
#include "serve.h"

#include <string.h>

void serve_site_file(serve_ctx *ctx, const serve_request *rq,
                     const char *const *args, serve_response *rs)
{
    const char *name = args[0] != NULL ? args[0] : "index.html";
    const void *data;
    const char *type;
    size_t len;
    FILE *fp;

    (void)ctx;
    (void)rq;
    /* Parameters are the page's own (s=, at=, q=: a shared station, a
     * place) or what the places a link passes through add to it
     * (WeChat's from=, utm_*, a cache-busting v=): none is refused. */
    if (!yj_site_find(&data, &len, &type, name)) {
        char shown[200];
        yj_text_escape(shown, sizeof shown, name);
        serve_error(rs, 404, "NotFound", "no resource at '/%s' (the page is "
                    "at /, the API under /api/, OGC API - Features under "
                    "/ogcapi/)", shown);
        return;
    }
    if ((fp = serve_body_open(rs, 200, type)) == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    fwrite(data, 1, len, fp);
    serve_body_close(rs, fp);
}

void serve_site_data(serve_ctx *ctx, const serve_request *rq,
                     const char *const *args, serve_response *rs)
{
    yj_error err;
    size_t i;
    FILE *fp;

    if (!serve_params_known(rq, NULL, rs))
        return;
    for (i = 0; yj_site_data_names[i] != NULL; i++)
        if (strcmp(yj_site_data_names[i], args[0]) == 0)
            break;
    if (yj_site_data_names[i] == NULL) {
        char shown[200];
        yj_text_escape(shown, sizeof shown, args[0]);
        serve_error(rs, 404, "NotFound", "no data file '%s'", shown);
        return;
    }
    if ((fp = serve_body_open(rs, 200, "application/json")) == NULL) {
        serve_error(rs, 500, "ServerError", "out of memory");
        return;
    }
    if (yj_site_write_data(fp, ctx->db, args[0], rq->now, &err) != YJ_OK) {
        serve_body_close(rs, fp);
        serve_error(rs, 500, "ServerError", "%s", err.message);
        return;
    }
    serve_body_close(rs, fp);
    /* the spans start at today's midnight: tomorrow's differ */
    if (strcmp(args[0], "schedule.json") == 0)
        rs->cacheable = false;
}

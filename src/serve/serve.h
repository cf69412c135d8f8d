/* serve.h — `yijia serve`, the third layer beside the tool: the stations
 * over HTTP.  It depends only on yijia.h (and libmicrohttpd, in serve_http.c
 * alone); the tool's cmd_serve.c starts it.
 *
 *   serve_http.c    the one file that owns libmicrohttpd: listening, limits,
 *                   keep-alive, gzip, ETag/304, the access log, shutdown
 *   serve_request.c a request target parsed and checked (percent-escapes,
 *                   UTF-8, parameters), and the response it gets
 *   serve_route.c   the route table: path → handler, methods, parameters
 *   serve_api.c     the JSON API (/api/...): the tool's JSON, same writers
 *   serve_ogc.c     OGC API – Features – Part 1: Core (/ogcapi/...)
 *   serve_site.c    the phone page (/) and its data (/data/)
 *   serve_db.c      one read handle per worker thread, moved to a new file
 *                   when a rebuild renames one into place
 *   serve_cache.c   each worker's last answers that depend on the data only
 *   serve_staff.c   staff on site (--staff): /staff/session, /staff/logout,
 *                   /staff/checks; the cookie, the Origin and CSRF checks,
 *                   the sign-in rate limit, the audit line
 *
 * A request is parsed and answered without the network (serve_answer), so
 * the tests and the fuzzer (tests/fuzz/fuzz_serve.c) call what the server
 * runs. */
#ifndef YJ_SERVE_H
#define YJ_SERVE_H

#include "yijia.h"

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Messages to the person running the server in their language (text
 * domain "yijia", as the tool's _() in cli.h); what goes over HTTP and
 * into the logs stays as it is. */
#define _(s) dgettext("yijia", s)

/* ---- options ------------------------------------------------------------ */

typedef struct serve_options {
    const char *db_path;
    const char *listen;          /* "ADDR:PORT", "[V6]:PORT"; port 0: any */
    unsigned threads;            /* worker threads, 1.. */
    const char *base_url;        /* links start with it; NULL: the request's
                                    Host */
    const char *cors;            /* Access-Control-Allow-Origin, or NULL */
    const char *access_log;      /* a file, "-" for stdout, or NULL */
    unsigned max_connections;    /* in total */
    unsigned per_client;         /* per client address */
    unsigned idle_timeout_s;     /* a connection idle this long is closed */
    bool staff;                  /* answer /staff/ (else 404 there) */
} serve_options;

/* Serve until SIGTERM or SIGINT: then stop accepting, finish the requests
 * in flight and return 0.  A problem starting (the address in use, the
 * database unreadable) is printed and returns 1. */
int serve_main(const serve_options *opt);

/* ---- a request and its response (no network) --------------------------- */

#define SERVE_MAX_PARAMS 64      /* more query parameters: 400 */
#define SERVE_MAX_TARGET 8192    /* a longer request target: 414 */
#define SERVE_ANSWER_MAX 10000   /* stations in one JSON API answer (the
                                    tool takes more; a server answers any
                                    client, and memory is what it costs) */

typedef struct serve_param {
    char *name, *value;          /* decoded, valid UTF-8, no NUL */
} serve_param;

typedef struct serve_request {
    const char *method;          /* as received */
    char *path;                  /* decoded */
    serve_param params[SERVE_MAX_PARAMS];
    size_t n_params;
    char base[512];              /* "http://host:port" (no trailing /) */
    int64_t now;                 /* Unix time it arrived */
} serve_request;

typedef struct serve_response {
    unsigned status;
    const char *content_type;
    char *body;                  /* malloc'd, or NULL */
    size_t len;
    bool cacheable;              /* depends on the data only: an ETag */
    const char *allow;           /* 405: the Allow header */
    char *set_cookie;            /* a Set-Cookie header (malloc'd), or NULL */
    unsigned retry_after_s;      /* > 0: a Retry-After header */
} serve_response;

/* What a handler sees: the worker's database and the server's settings. */
typedef struct serve_ctx {
    yj_db *db;
    const serve_options *opt;
    const char *tag;             /* the database's content tag, or NULL */
} serve_ctx;

/* Parse the request target (path?query, as sent) of `method` into *rq,
 * with `base` the URL links start with.  On a malformed target (a bad
 * percent-escape, NUL, invalid UTF-8, too many parameters) the response
 * is filled (400, 414) and false returned.  Release with
 * serve_request_clear. */
bool serve_request_parse(serve_request *rq, serve_response *rs,
                         const char *method, const char *target,
                         const char *base, int64_t now);
void serve_request_clear(serve_request *rq);

/* The value of parameter `name`, or NULL. */
const char *serve_param_get(const serve_request *rq, const char *name);

/* Answer a parsed request: route it and run its handler. */
void serve_dispatch(serve_ctx *ctx, const serve_request *rq,
                    serve_response *rs);

/* Parse and answer in one step (the fuzzer's and the tests' entry). */
void serve_answer(serve_ctx *ctx, serve_response *rs, const char *method,
                  const char *target, const char *base, int64_t now);

void serve_response_clear(serve_response *rs);

/* An error response: JSON {"code", "description"} with `status`. */
void serve_error(serve_response *rs, unsigned status, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A response whose body is written to the FILE that serve_body_open
 * returns (a memory stream); serve_body_close sets body and len, or turns
 * the response into a 500 when memory ran out. */
FILE *serve_body_open(serve_response *rs, unsigned status,
                      const char *content_type);
void serve_body_close(serve_response *rs, FILE *fp);

/* ---- handlers (serve_api.c, serve_ogc.c) --------------------------------- */

typedef void (*serve_handler)(serve_ctx *ctx, const serve_request *rq,
                              const char *const *args, serve_response *rs);

void serve_api_nearest(serve_ctx *, const serve_request *, const char *const *,
                       serve_response *);
void serve_api_stations(serve_ctx *, const serve_request *,
                        const char *const *, serve_response *);
void serve_api_station(serve_ctx *, const serve_request *, const char *const *,
                       serve_response *);
void serve_api_places(serve_ctx *, const serve_request *, const char *const *,
                      serve_response *);
void serve_api_townships(serve_ctx *, const serve_request *,
                         const char *const *, serve_response *);
void serve_api_coverage(serve_ctx *, const serve_request *,
                        const char *const *, serve_response *);
void serve_site_file(serve_ctx *, const serve_request *, const char *const *,
                     serve_response *);
void serve_site_data(serve_ctx *, const serve_request *, const char *const *,
                     serve_response *);

void serve_ogc_landing(serve_ctx *, const serve_request *, const char *const *,
                       serve_response *);
void serve_ogc_conformance(serve_ctx *, const serve_request *,
                           const char *const *, serve_response *);
void serve_ogc_api(serve_ctx *, const serve_request *, const char *const *,
                   serve_response *);
void serve_ogc_api_html(serve_ctx *, const serve_request *,
                        const char *const *, serve_response *);
void serve_ogc_collections(serve_ctx *, const serve_request *,
                           const char *const *, serve_response *);
void serve_ogc_collection(serve_ctx *, const serve_request *,
                          const char *const *, serve_response *);
void serve_ogc_items(serve_ctx *, const serve_request *, const char *const *,
                     serve_response *);
void serve_ogc_item(serve_ctx *, const serve_request *, const char *const *,
                    serve_response *);

/* The parameters a route takes: a request naming another is a 400. */
bool serve_params_known(const serve_request *rq, const char *const *known,
                        serve_response *rs);

/* ---- staff on site (serve_staff.c), only with --staff ------------------- */

#define SERVE_BODY_MAX (16 * 1024) /* a longer request body: 413 */

/* A request to /staff/...: what serve_http.c read of it.  Headers absent
 * are NULL; the body (POST only) is at most SERVE_BODY_MAX bytes. */
typedef struct serve_staff_request {
    const char *method;
    const char *target;          /* as sent */
    const char *host, *origin, *cookie, *csrf, *content_type;
    const char *client;          /* the client's address */
    const char *body;
    size_t body_len;
} serve_staff_request;

/* Whether the decoded path of `target` is under /staff/ (or is /staff). */
bool serve_staff_target(const char *target);
/* Answer a request to /staff/ (ctx->opt->staff is true).  Failures and
 * every applied change are logged to stderr, never a token. */
void serve_staff_answer(serve_ctx *ctx, const serve_staff_request *rq,
                        serve_response *rs);
/* Forget every failed sign-in (for the fuzzer). */
void serve_staff_forget(void);

/* ---- the worker's answers cache (serve_cache.c) ------------------------- */

/* An answer kept: borrowed until the thread's next cache call. */
typedef struct serve_cached {
    const char *body, *gz;       /* gz: its gzip, or NULL (not made yet) */
    size_t len, gz_len;
    const char *type;
} serve_cached;

/* The answer kept for this target, base and content tag, if any. */
bool serve_cache_get(serve_cached *out, const char *target, const char *base,
                     const char *tag);
/* Keep a 200 answer that depends on the data only (copied). */
void serve_cache_put(const char *target, const char *base, const char *tag,
                     const serve_response *rs);
/* Keep the gzip of a kept answer (copied). */
void serve_cache_put_gzip(const char *target, const char *base,
                          const char *tag, const char *gz, size_t len);
/* The thread's memo of stations' JSON for content `tag` (emptied when the
 * tag changes), or NULL (no tag, no memory: the writer works without). */
yj_writer_memo *serve_memo(const char *tag);

/* ---- the worker's database (serve_db.c) --------------------------------- */

/* The calling thread's read handle on opt->db_path, opened on first use
 * and again when the file was replaced; NULL after filling rs (503). */
yj_db *serve_db_for_thread(const serve_options *opt, serve_response *rs);
/* Open the database once to check it (at start-up); prints why not. */
bool serve_db_check(const serve_options *opt);
/* Close every thread's handle (after the workers stopped). */
void serve_db_close_all(void);

#endif

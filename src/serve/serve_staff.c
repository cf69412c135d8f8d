/* serve_staff.c — staff who check stations on site, with `yijia serve
 * --staff` only (without it /staff/ is a 404):
 *
 *   POST /staff/session  {"token"} → 200 {"name", "csrf"} and the cookie
 *   GET  /staff/session  (cookie) → 200 {"name", "csrf"}
 *   POST /staff/logout   → 204, the cookie cleared
 *   POST /staff/checks   (cookie, X-CSRF-Token) a check → 201, 200 a resend
 *
 * The credential travels in the cookie yj_staff (HttpOnly, SameSite=Strict,
 * Secure over https) and is checked on every request against the database
 * (yj_staff_verify: a revoked one stops at once).  Every POST must come
 * from the server's own origin (the Origin header, always sent by browsers
 * with a POST, must equal scheme://host[:port] of --base-url, else
 * http://<Host>); a check must also carry X-CSRF-Token, yj_staff_csrf of
 * the cookie's token, compared in constant time.  Failed sign-ins are
 * counted per client address in a fixed table (FAIL_SLOTS addresses,
 * FAIL_WINDOW_S): more than FAIL_MAX and the address gets 429 until the
 * window passes.  A check is applied by yj_survey_apply through an editor
 * opened for the request (a writer busy longer than EDITOR_WAIT_MS: 503
 * with Retry-After); the workers' read handles see the change at their
 * next query.  stderr gets a line per failure (never a token or cookie)
 * and an audit line per applied change. */
#define _GNU_SOURCE /* open_memstream */
#include "serve.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define FAIL_MAX 10          /* failed sign-ins allowed in a window */
#define FAIL_WINDOW_S 600    /* ... of ten minutes */
#define FAIL_SLOTS 1024      /* client addresses remembered */
#define EDITOR_WAIT_MS 2000  /* for another writer, before a 503 */
#define BUSY_RETRY_S 2
#define COOKIE_NAME "yj_staff"
#define COOKIE_MAX_AGE 31536000 /* a year: a phone signs in once */
#define CLOCK_SKEW_S 86400   /* a fix later than now by more: refused */

/* ---- failed sign-ins per client address ------------------------------------ */

typedef struct fail_slot {
    char client[64];         /* "" : free */
    int64_t first;           /* the window's start: the first failure */
    unsigned count;
} fail_slot;

static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;
static fail_slot fails[FAIL_SLOTS];

/* The slot of `client` (a live window), or NULL.  Under the lock. */
static fail_slot *fail_find(const char *client, int64_t now)
{
    size_t i;

    for (i = 0; i < FAIL_SLOTS; i++)
        if (fails[i].client[0] != '\0' &&
            strcmp(fails[i].client, client) == 0) {
            if (now - fails[i].first >= FAIL_WINDOW_S) {
                fails[i].client[0] = '\0'; /* its window passed */
                return NULL;
            }
            return &fails[i];
        }
    return NULL;
}

/* Seconds `client` must wait before trying again, 0 if it may now. */
static unsigned fail_wait_s(const char *client, int64_t now)
{
    fail_slot *f;
    unsigned wait = 0;

    pthread_mutex_lock(&fail_lock);
    if ((f = fail_find(client, now)) != NULL && f->count >= FAIL_MAX)
        wait = (unsigned)(f->first + FAIL_WINDOW_S - now);
    pthread_mutex_unlock(&fail_lock);
    return wait;
}

/* Count a failure of `client`; the number in its window.  A full table
 * gives the slot of the oldest window to the newcomer. */
static unsigned fail_count(const char *client, int64_t now)
{
    fail_slot *f;
    unsigned n;
    size_t i, oldest = 0;

    pthread_mutex_lock(&fail_lock);
    if ((f = fail_find(client, now)) == NULL) {
        for (i = 0; i < FAIL_SLOTS; i++) {
            if (fails[i].client[0] == '\0' ||
                now - fails[i].first >= FAIL_WINDOW_S) {
                oldest = i;
                break;
            }
            if (fails[i].first < fails[oldest].first)
                oldest = i;
        }
        f = &fails[oldest];
        snprintf(f->client, sizeof f->client, "%s", client);
        f->first = now;
        f->count = 0;
    }
    n = ++f->count;
    pthread_mutex_unlock(&fail_lock);
    return n;
}

void serve_staff_forget(void)
{
    pthread_mutex_lock(&fail_lock);
    memset(fails, 0, sizeof fails);
    pthread_mutex_unlock(&fail_lock);
}

/* ---- pieces of a request ------------------------------------------------------ */

bool serve_staff_target(const char *target)
{
    serve_request rq;
    serve_response rs;
    bool staff = false;

    memset(&rs, 0, sizeof rs);
    if (serve_request_parse(&rq, &rs, "GET", target, "", 0))
        staff = strcmp(rq.path, "/staff") == 0 ||
                strncmp(rq.path, "/staff/", 7) == 0;
    serve_request_clear(&rq);
    serve_response_clear(&rs);
    return staff;
}

/* A line on stderr about a staff request: the client's address and what
 * happened, escaped (the name and ids come from outside). */
static void say(const serve_staff_request *rq, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const serve_staff_request *rq, const char *fmt, ...)
{
    char line[512], shown[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    yj_text_escape(shown, sizeof shown, line);
    fprintf(stderr, "yijia: staff: %s: %s\n",
            rq->client != NULL ? rq->client : "-", shown);
}

/* The token in the Cookie header's yj_staff, into buf; false when there
 * is none or it is not one a token can be (only [A-Za-z0-9._-]). */
static bool cookie_token(char *buf, size_t size, const char *cookie)
{
    const char *p = cookie;

    while (p != NULL && *p != '\0') {
        size_t n;
        p += strspn(p, " \t;");
        n = strcspn(p, ";");
        if (strncmp(p, COOKIE_NAME "=", sizeof COOKIE_NAME) == 0) {
            const char *v = p + sizeof COOKIE_NAME;
            size_t vn = n - sizeof COOKIE_NAME;
            while (vn > 0 && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
                vn--;
            if (vn == 0 || vn >= size)
                return false;
            memcpy(buf, v, vn);
            buf[vn] = '\0';
            return strspn(buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
                               "QRSTUVWXYZ0123456789._-") == vn;
        }
        p += n;
    }
    return false;
}

/* Does the Origin header name this server?  scheme://host[:port] of
 * --base-url, else http://<Host>; exact, but for the case of the scheme
 * and host.  No Origin: false (browsers send it with every POST). */
static bool origin_ok(const serve_ctx *ctx, const serve_staff_request *rq)
{
    char want[512];
    const char *base = ctx->opt->base_url;

    if (rq->origin == NULL)
        return false;
    if (base != NULL) {
        const char *host = strstr(base, "://");
        size_t n = host != NULL ? (size_t)(host + 3 - base) : 0;
        n += strcspn(base + n, "/?#");
        if (n >= sizeof want)
            return false;
        memcpy(want, base, n);
        want[n] = '\0';
    } else {
        if (rq->host == NULL || rq->host[0] == '\0' ||
            snprintf(want, sizeof want, "http://%s", rq->host) >=
                (int)sizeof want)
            return false;
    }
    return strcasecmp(rq->origin, want) == 0;
}

/* a == b for two NUL-terminated strings, in time that depends on their
 * lengths only. */
static bool same_secret(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), i;
    unsigned char diff = (unsigned char)(na != nb);

    for (i = 0; i < na; i++)
        diff |= (unsigned char)(a[i] ^ b[i % (nb ? nb : 1)]);
    return nb > 0 && diff == 0;
}

static bool is_json(const char *content_type)
{
    size_t n = strlen("application/json");

    return content_type != NULL &&
           strncasecmp(content_type, "application/json", n) == 0 &&
           (content_type[n] == '\0' || content_type[n] == ';' ||
            content_type[n] == ' ');
}

/* The cookie that holds `token` (or clears it: token NULL). */
static void set_cookie(serve_ctx *ctx, serve_response *rs, const char *token)
{
    char buf[512];
    bool secure = ctx->opt->base_url != NULL &&
                  strncasecmp(ctx->opt->base_url, "https://", 8) == 0;

    snprintf(buf, sizeof buf, COOKIE_NAME "=%s; Path=/; HttpOnly; "
             "SameSite=Strict; Max-Age=%d%s", token != NULL ? token : "",
             token != NULL ? COOKIE_MAX_AGE : 0, secure ? "; Secure" : "");
    free(rs->set_cookie);
    rs->set_cookie = strdup(buf); /* NULL (no memory): no cookie */
}

/* 200 {"name", "csrf"} for the holder `name` of `token`. */
static void session_answer(serve_response *rs, const char *name,
                           const char *token)
{
    char csrf[65];
    FILE *fp = serve_body_open(rs, 200, "application/json");

    if (fp == NULL) {
        serve_error(rs, 500, "server_error", "out of memory");
        return;
    }
    yj_staff_csrf(csrf, token);
    fputs("{\"name\": ", fp);
    yj_writer_json_literal(fp, name);
    fputs(", \"csrf\": ", fp);
    yj_writer_json_literal(fp, csrf);
    fputs("}\n", fp);
    serve_body_close(rs, fp);
}

/* The holder of the request's cookie into name[size]; false after a 401
 * (or 500) in rs. */
static bool signed_in(char *name, size_t size, char *token,
                      size_t token_size, serve_ctx *ctx,
                      const serve_staff_request *rq, serve_response *rs,
                      int64_t now)
{
    unsigned wait;
    yj_error err;
    yj_code rc;

    if (!cookie_token(token, token_size, rq->cookie)) {
        serve_error(rs, 401, "not_signed_in", "not signed in: open the "
                    "enrolment link again");
        return false;
    }
    /* a cookie is a credential presented: its failures count as failed
     * sign-ins do, so guessing through cookies is limited alike */
    if ((wait = fail_wait_s(rq->client, now)) > 0) {
        serve_error(rs, 429, "too_many_attempts", "too many failed sign-ins "
                    "from this address: try again in %u s", wait);
        rs->retry_after_s = wait;
        return false;
    }
    if ((rc = yj_staff_verify(name, size, ctx->db, token, &err)) != YJ_OK) {
        if (rc == YJ_EINVAL) {
            unsigned n = fail_count(rq->client, now);
            say(rq, "a request with a credential that is not valid "
                "(unknown or revoked; %u in %d minutes)", n,
                FAIL_WINDOW_S / 60);
            serve_error(rs, 401, "not_signed_in", "not signed in: the "
                        "credential is not valid (revoked?); open a new "
                        "enrolment link");
        } else {
            serve_error(rs, 500, "server_error", "%s", err.message);
        }
        return false;
    }
    return true;
}

/* ---- the endpoints ------------------------------------------------------------- */

static void session_post(serve_ctx *ctx, const serve_staff_request *rq,
                         serve_response *rs, int64_t now)
{
    char token[YJ_STAFF_TOKEN_MAX + 1], name[256];
    unsigned wait;
    yj_error err;
    yj_code rc;

    if ((wait = fail_wait_s(rq->client, now)) > 0) {
        say(rq, "sign-in refused: more than %d failures in %d minutes",
            FAIL_MAX, FAIL_WINDOW_S / 60);
        serve_error(rs, 429, "too_many_attempts", "too many failed sign-ins "
                    "from this address: try again in %u s", wait);
        rs->retry_after_s = wait;
        return;
    }
    if (!is_json(rq->content_type)) {
        serve_error(rs, 415, "unsupported_media_type", "the body must be "
                    "application/json: {\"token\": \"...\"}");
        return;
    }
    rc = yj_json_member_string(token, sizeof token, rq->body, rq->body_len,
                               "token", &err);
    if (rc == YJ_EPARSE || rc == YJ_EINVAL) {
        serve_error(rs, 400, "bad_request", "%s", err.message);
        return;
    }
    if (rc != YJ_OK) {
        serve_error(rs, 500, "server_error", "%s", err.message);
        return;
    }
    if (token[strspn(token, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                            "VWXYZ0123456789._-")] != '\0')
        rc = YJ_EINVAL; /* never a token: it could not be a cookie either */
    else
        rc = yj_staff_verify(name, sizeof name, ctx->db, token, &err);
    if (rc == YJ_EINVAL) {
        unsigned n = fail_count(rq->client, now);
        say(rq, "failed sign-in (%u in %d minutes)", n, FAIL_WINDOW_S / 60);
        serve_error(rs, 401, "bad_credential", "not a valid staff "
                    "credential");
        return;
    }
    if (rc != YJ_OK) {
        serve_error(rs, 500, "server_error", "%s", err.message);
        return;
    }
    say(rq, "%s signed in", name);
    session_answer(rs, name, token);
    if (rs->status == 200)
        set_cookie(ctx, rs, token);
}

static void session_get(serve_ctx *ctx, const serve_staff_request *rq,
                        serve_response *rs, int64_t now)
{
    char token[YJ_STAFF_TOKEN_MAX + 1], name[256];

    if (signed_in(name, sizeof name, token, sizeof token, ctx, rq, rs, now))
        session_answer(rs, name, token);
}

/* The station `id` into fp: the object that /api/stations/{id} gives in
 * its array of one (the page updates its card from it). */
static yj_code station_json(FILE *fp, yj_db *db, const char *id,
                            yj_error *err)
{
    yj_station s;
    yj_writer *w = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem;
    yj_code rc;

    if ((rc = yj_db_get(&s, db, id, err)) != YJ_OK)
        return rc;
    if ((mem = open_memstream(&text, &len)) == NULL) {
        yj_station_clear(&s);
        err->code = YJ_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return YJ_ENOMEM;
    }
    if ((rc = yj_writer_new(&w, mem, YJ_FORMAT_JSON, false, err)) == YJ_OK &&
        (rc = yj_writer_station(w, &s, err)) == YJ_OK)
        rc = yj_writer_finish(w, err);
    yj_writer_free(w);
    yj_station_clear(&s);
    if (fclose(mem) != 0 && rc == YJ_OK) {
        err->code = rc = YJ_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
    if (rc == YJ_OK) {
        /* "[\n  {...}\n]\n": the object between the outer brackets */
        const char *open = strchr(text, '{'), *close = strrchr(text, '}');
        if (open != NULL && close != NULL && close > open)
            fwrite(open, 1, (size_t)(close - open + 1), fp);
        else
            fputs("null", fp);
    }
    free(text);
    return rc;
}

/* The audit line of an applied change (stderr). */
static void audit(const serve_staff_request *rq, const yj_survey *s,
                  long long change, int64_t now)
{
    char when[64], line[768], shown[1536];
    time_t beijing = (time_t)(now + 8 * 3600); /* UTC+8, no summer time */
    struct tm tm;

    gmtime_r(&beijing, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
    snprintf(line, sizeof line, "%s staff=%s station=%s change=%lld "
             "submission=%s from=%s ±%g m", when, s->staff, s->station_id,
             change, s->submission_id,
             rq->client != NULL ? rq->client : "-", s->accuracy_m);
    yj_text_escape(shown, sizeof shown, line);
    fprintf(stderr, "yijia: audit: %s\n", shown);
}

static void checks_post(serve_ctx *ctx, const serve_staff_request *rq,
                        serve_response *rs, int64_t now)
{
    char token[YJ_STAFF_TOKEN_MAX + 1], name[256], csrf[65];
    yj_survey s = YJ_SURVEY_INIT;
    yj_survey_doc *doc = NULL;
    yj_survey_result res;
    yj_editor *ed = NULL;
    yj_error err;
    yj_code rc;
    FILE *fp;

    if (!signed_in(name, sizeof name, token, sizeof token, ctx, rq, rs,
                   now))
        return;
    yj_staff_csrf(csrf, token);
    if (rq->csrf == NULL || !same_secret(rq->csrf, csrf)) {
        say(rq, "a check by %s without the right X-CSRF-Token", name);
        serve_error(rs, 403, "bad_csrf_token", "the X-CSRF-Token header is "
                    "missing or wrong (GET /staff/session gives it)");
        return;
    }
    if (!is_json(rq->content_type)) {
        serve_error(rs, 415, "unsupported_media_type", "the body must be "
                    "application/json");
        return;
    }
    rc = yj_survey_from_json(&doc, &s, rq->body, rq->body_len, &err);
    if (rc == YJ_EPARSE || rc == YJ_EINVAL) {
        serve_error(rs, 400, "bad_request", "%s", err.message);
        return;
    }
    if (rc != YJ_OK) {
        serve_error(rs, 500, "server_error", "%s", err.message);
        return;
    }
    if (s.measured_at > now + CLOCK_SKEW_S) {
        serve_error(rs, 400, "bad_request", "measured_at: later than now by "
                    "more than a day (the phone's clock?)");
        goto out;
    }
    s.staff = name;
    rc = yj_editor_open(&ed, ctx->opt->db_path, EDITOR_WAIT_MS, false, &err);
    if (rc == YJ_OK)
        rc = yj_survey_apply(&res, ed, &s, &err);
    yj_editor_close(ed);
    if (rc != YJ_OK) {
        char id[200];
        yj_text_escape(id, sizeof id, s.station_id);
        if (rc == YJ_EBUSY) {
            serve_error(rs, 503, "busy", "the database is being changed by "
                        "another process: send again in a moment");
            rs->retry_after_s = BUSY_RETRY_S;
        } else if (rc == YJ_EINVAL && err.input == YJ_INPUT_POSITION) {
            say(rq, "a check by %s of %s refused: %s", name, id,
                err.message);
            serve_error(rs, 422, "outside_area", "%s", err.message);
        } else if (rc == YJ_EINVAL) {
            serve_error(rs, 400, "invalid_field", "%s", err.message);
        } else if (rc == YJ_ENOTFOUND) {
            serve_error(rs, 404, "not_found", "no station '%s' (or it is "
                        "closed)", id);
        } else if (rc == YJ_ECONFLICT) {
            serve_error(rs, 409, "conflict", "%s", err.message);
        } else {
            serve_error(rs, 500, "server_error", "%s", err.message);
        }
        goto out;
    }
    if (!res.duplicate)
        audit(rq, &s, res.change_id, now);
    if ((fp = serve_body_open(rs, res.duplicate ? 200 : 201,
                              "application/json")) == NULL) {
        serve_error(rs, 500, "server_error", "out of memory");
        goto out;
    }
    fprintf(fp, "{\"change\": %lld, \"duplicate\": %s, \"station\": ",
            res.change_id, res.duplicate ? "true" : "false");
    /* the read handle follows the committed change (data_version) */
    rc = station_json(fp, ctx->db, s.station_id, &err);
    fputs("}\n", fp);
    serve_body_close(rs, fp);
    if (rc != YJ_OK)
        serve_error(rs, 500, "server_error", "the check was applied (change "
                    "%lld) but the station cannot be read: %s",
                    res.change_id, err.message);
out:
    yj_survey_doc_free(doc);
}

/* ---- the table --------------------------------------------------------------------- */

typedef struct staff_route {
    const char *path;
    const char *allow;
    bool get_ok, post_ok;
} staff_route;

static const staff_route staff_routes[] = {
    {"/staff/session", "GET, HEAD, POST", true, true},
    {"/staff/logout", "POST", false, true},
    {"/staff/checks", "POST", false, true},
};
#define N_STAFF_ROUTES (sizeof staff_routes / sizeof staff_routes[0])

void serve_staff_answer(serve_ctx *ctx, const serve_staff_request *rq,
                        serve_response *rs)
{
    serve_request parsed;
    const staff_route *r = NULL;
    int64_t now = (int64_t)time(NULL);
    bool get, post;
    size_t i, n;

    memset(rs, 0, sizeof *rs);
    if (!serve_request_parse(&parsed, rs, rq->method, rq->target, "", now))
        goto out;
    n = strlen(parsed.path);
    if (n > 1 && parsed.path[n - 1] == '/')
        parsed.path[n - 1] = '\0';
    for (i = 0; i < N_STAFF_ROUTES && r == NULL; i++)
        if (strcmp(parsed.path, staff_routes[i].path) == 0)
            r = &staff_routes[i];
    if (r == NULL) {
        char shown[200];
        yj_text_escape(shown, sizeof shown, parsed.path);
        serve_error(rs, 404, "not_found", "no resource at '%s' (staff: "
                    "/staff/session, /staff/logout, /staff/checks)", shown);
        goto out;
    }
    if (!serve_params_known(&parsed, NULL, rs))
        goto out;
    get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    post = strcmp(rq->method, "POST") == 0;
    if (!((get && r->get_ok) || (post && r->post_ok))) {
        serve_error(rs, 405, "method_not_allowed", "use %s here", r->allow);
        rs->allow = r->allow;
        goto out;
    }
    if (post && !origin_ok(ctx, rq)) {
        say(rq, "a POST to %s %s", r->path, rq->origin == NULL
                ? "without Origin" : "from another origin");
        serve_error(rs, 403, "forbidden_origin", "the request must come from "
                    "this server's own page (the Origin header)");
        goto out;
    }
    if (strcmp(r->path, "/staff/session") == 0 && post)
        session_post(ctx, rq, rs, now);
    else if (strcmp(r->path, "/staff/session") == 0)
        session_get(ctx, rq, rs, now);
    else if (strcmp(r->path, "/staff/logout") == 0) {
        rs->status = 204;
        set_cookie(ctx, rs, NULL);
    } else
        checks_post(ctx, rq, rs, now);
out:
    serve_request_clear(&parsed);
}

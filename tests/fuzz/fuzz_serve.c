/* fuzz_serve.c — libFuzzer target for `yijia serve`'s request dispatcher,
 * without the network: the input is "METHOD TARGET" (the bytes split at the
 * first space; with none, the whole input is a GET's target; NUL bytes are
 * dropped, as libmicrohttpd hands over C strings) and goes to serve_answer,
 * what the server runs for every request: the target parsed and checked
 * (serve_request.c), routed (serve_route.c) and answered by the JSON API or
 * OGC API - Features (serve_api.c, serve_ogc.c) from a database built once
 * from the shipped data ($YIJIA_DATA_DIR) in a temporary directory, with
 * the points held in memory as the server holds them.
 *
 * Never a crash, a leak or undefined behaviour; and every answer keeps the
 * server's promises: a status of 200..499 (nothing a client sends is a 5xx:
 * the database is fine), a body whose length is len (no NUL inside) and
 * valid UTF-8, every JSON body well-formed JSON and every 4xx the JSON
 * object {"code": ..., "description": ...}, Allow exactly with 405, a 200
 * only for GET and HEAD, and HEAD answered exactly as GET.
 *
 * A target under /staff/ goes to serve_staff_answer (the server runs with
 * --staff here): the target ends at the first newline and the rest is the
 * request body, sent with the headers of a signed-in page (its Origin, the
 * cookie of a credential made at set-up, its X-CSRF-Token, JSON), so the
 * body reaches the JSON reader and yj_survey_apply; 200, 201 and 204 are
 * then answers to a POST too.  The seed corpus (tests/fuzz/corpus/serve/)
 * replays in every test run. */
#define _GNU_SOURCE /* mkdtemp */
#include "serve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE "http://127.0.0.1:8080"
#define NOW INT64_C(1771300800) /* 2026-02-17T12:00+08:00, Spring Festival */

static char dir[512], db_path[600];
static yj_db *db;
static serve_options options;
static char token[YJ_STAFF_TOKEN_MAX + 1], csrf[65];

static void clean_up(void)
{
    yj_db_close(db);
    db = NULL;
    unlink(db_path);
    rmdir(dir);
}

/* The database, built once per process. */
static void set_up(void)
{
    const char *data = getenv("YIJIA_DATA_DIR");
    const char *tmp = getenv("TMPDIR");
    yj_dataset *ds = NULL;
    yj_error err;

    if (data == NULL) {
        fprintf(stderr, "fuzz_serve: YIJIA_DATA_DIR is not set\n");
        abort();
    }
    snprintf(dir, sizeof dir, "%s/yijia-fuzz-serve-XXXXXX",
             tmp != NULL ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("fuzz_serve: mkdtemp");
        abort();
    }
    snprintf(db_path, sizeof db_path, "%s/stations.sqlite", dir);
    atexit(clean_up);
    if (yj_dataset_load(&ds, data, &err) != YJ_OK ||
        yj_db_build(NULL, db_path, ds, &err) != YJ_OK ||
        yj_db_open(&db, db_path, &err) != YJ_OK ||
        yj_db_hold_points(db, &err) != YJ_OK) {
        fprintf(stderr, "fuzz_serve: %s\n", err.message);
        abort();
    }
    yj_dataset_free(ds);
    {
        yj_editor *ed = NULL;
        if (yj_editor_open(&ed, db_path, 1000, false, &err) != YJ_OK ||
            yj_editor_begin(ed, "fuzz", "staff add", &err) != YJ_OK ||
            yj_staff_add(token, sizeof token, ed, "fuzz", &err) != YJ_OK ||
            yj_editor_commit(NULL, ed, &err) != YJ_OK) {
            fprintf(stderr, "fuzz_serve: %s\n", err.message);
            abort();
        }
        yj_editor_close(ed);
        yj_staff_csrf(csrf, token);
    }
    options.staff = true;
    options.db_path = db_path;
    options.listen = "127.0.0.1:0";
    options.threads = 1;
    options.max_connections = 16;
    options.per_client = 16;
    options.idle_timeout_s = 30;
}

/* ---- a JSON checker (RFC 8259), enough to say well-formed or not ---------- */

typedef struct json_in {
    const char *p, *end;
    int depth;
} json_in;

static bool json_value(json_in *in);

static void json_space(json_in *in)
{
    while (in->p < in->end &&
           (*in->p == ' ' || *in->p == '\t' || *in->p == '\n' ||
            *in->p == '\r'))
        in->p++;
}

static bool json_literal(json_in *in, const char *word)
{
    size_t n = strlen(word);

    if ((size_t)(in->end - in->p) < n || memcmp(in->p, word, n) != 0)
        return false;
    in->p += n;
    return true;
}

static bool json_string(json_in *in)
{
    if (in->p == in->end || *in->p != '"')
        return false;
    for (in->p++; in->p < in->end; in->p++) {
        unsigned char c = (unsigned char)*in->p;
        if (c == '"') {
            in->p++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++in->p == in->end)
                return false;
            if (*in->p == 'u') {
                int k;
                for (k = 0; k < 4; k++)
                    if (++in->p == in->end ||
                        strchr("0123456789abcdefABCDEF", *in->p) == NULL ||
                        *in->p == '\0')
                        return false;
            } else if (strchr("\"\\/bfnrt", *in->p) == NULL ||
                       *in->p == '\0') {
                return false;
            }
        }
    }
    return false;
}

static bool json_digits(json_in *in)
{
    const char *start = in->p;

    while (in->p < in->end && *in->p >= '0' && *in->p <= '9')
        in->p++;
    return in->p > start;
}

static bool json_number(json_in *in)
{
    if (in->p < in->end && *in->p == '-')
        in->p++;
    if (in->p < in->end && *in->p == '0')
        in->p++;
    else if (!json_digits(in))
        return false;
    if (in->p < in->end && *in->p == '.') {
        in->p++;
        if (!json_digits(in))
            return false;
    }
    if (in->p < in->end && (*in->p == 'e' || *in->p == 'E')) {
        in->p++;
        if (in->p < in->end && (*in->p == '+' || *in->p == '-'))
            in->p++;
        if (!json_digits(in))
            return false;
    }
    return true;
}

/* '[' or '{' at in->p: the members up to the closing bracket. */
static bool json_container(json_in *in, bool object)
{
    char close = object ? '}' : ']';

    if (++in->depth > 64)
        return false;
    in->p++;
    json_space(in);
    if (in->p < in->end && *in->p == close) {
        in->p++;
        in->depth--;
        return true;
    }
    for (;;) {
        if (object) {
            json_space(in);
            if (!json_string(in))
                return false;
            json_space(in);
            if (in->p == in->end || *in->p != ':')
                return false;
            in->p++;
        }
        if (!json_value(in))
            return false;
        json_space(in);
        if (in->p == in->end)
            return false;
        if (*in->p == close) {
            in->p++;
            in->depth--;
            return true;
        }
        if (*in->p != ',')
            return false;
        in->p++;
    }
}

static bool json_value(json_in *in)
{
    json_space(in);
    if (in->p == in->end)
        return false;
    switch (*in->p) {
    case '{': return json_container(in, true);
    case '[': return json_container(in, false);
    case '"': return json_string(in);
    case 't': return json_literal(in, "true");
    case 'f': return json_literal(in, "false");
    case 'n': return json_literal(in, "null");
    default:  return json_number(in);
    }
}

static bool json_valid(const char *s, size_t len)
{
    json_in in = {s, s + len, 0};

    if (!json_value(&in))
        return false;
    json_space(&in);
    return in.p == in.end;
}

/* ---- the promises of an answer ------------------------------------------ */

/* application/json, application/geo+json, application/manifest+json,
 * the OpenAPI type: any "json" or "+json" media type. */
static bool is_json_type(const char *type)
{
    size_t n;

    if (type == NULL)
        return false;
    n = strcspn(type, ";");
    return (n >= 5 && memcmp(type + n - 5, "/json", 5) == 0) ||
           (n >= 5 && memcmp(type + n - 5, "+json", 5) == 0);
}

static void check(const serve_response *rs, const char *method, bool staff)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;

    if (rs->status < 200 || rs->status > 499)
        abort(); /* a 5xx: nothing a client sends may cause one */
    if (rs->status == 200 && !get && !(staff && post))
        abort();
    if ((rs->status == 201 || rs->status == 204) && !(staff && post))
        abort();
    if (rs->set_cookie != NULL &&
        strncmp(rs->set_cookie, "yj_staff=", 9) != 0)
        abort();
    if ((rs->status == 405) != (rs->allow != NULL))
        abort();
    if (rs->body == NULL ? rs->len != 0 : strlen(rs->body) != rs->len)
        abort();
    if (rs->len > 0 && (rs->content_type == NULL ||
                        !yj_utf8_valid(NULL, rs->body, rs->len)))
        abort();
    if (rs->status >= 400) {
        /* {"code": "...", "description": "..."} */
        if (rs->body == NULL || !is_json_type(rs->content_type) ||
            strncmp(rs->body, "{\"code\": \"", 10) != 0 ||
            strstr(rs->body, "\", \"description\": \"") == NULL ||
            rs->cacheable)
            abort();
    }
    if (is_json_type(rs->content_type) && !json_valid(rs->body, rs->len))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    serve_response rs, again;
    serve_ctx ctx;
    char *text, *method, *target, *space;
    size_t i, n = 0;

    if (db == NULL)
        set_up();
    if (size > 1 << 16 || (text = malloc(size + 1)) == NULL)
        return 0;
    for (i = 0; i < size; i++)
        if (data[i] != 0)
            text[n++] = (char)data[i];
    text[n] = '\0';
    if ((space = strchr(text, ' ')) != NULL) {
        *space = '\0';
        method = text;
        target = space + 1;
    } else {
        method = "GET";
        target = text;
    }
    ctx.db = db;
    ctx.opt = &options;
    ctx.tag = "fuzz"; /* one content: the stations' JSON is memoised */
    memset(&rs, 0, sizeof rs);
    if (strncmp(target, "/staff", 6) == 0) {
        serve_staff_request sr;
        char cookie[160];
        char *nl = strchr(target, '\n');
        if (nl != NULL)
            *nl = '\0';
        snprintf(cookie, sizeof cookie, "yj_staff=%s", token);
        memset(&sr, 0, sizeof sr);
        sr.method = method;
        sr.target = target;
        sr.host = "127.0.0.1:8080";
        sr.origin = BASE;
        sr.cookie = cookie;
        sr.csrf = csrf;
        sr.content_type = "application/json";
        sr.client = "127.0.0.1";
        sr.body = nl != NULL ? nl + 1 : "";
        sr.body_len = strlen(sr.body);
        if (sr.body_len > SERVE_BODY_MAX)
            sr.body_len = SERVE_BODY_MAX; /* what serve_http.c keeps */
        serve_staff_forget(); /* each input alike: no 429 from the last */
        serve_staff_answer(&ctx, &sr, &rs);
        check(&rs, method, true);
        serve_response_clear(&rs);
        free(text);
        return 0;
    }
    serve_answer(&ctx, &rs, method, target, BASE, NOW);
    check(&rs, method, false);
    if (strcmp(method, "HEAD") == 0) {
        /* the server sends HEAD the headers of the GET */
        memset(&again, 0, sizeof again);
        serve_answer(&ctx, &again, "GET", target, BASE, NOW);
        if (again.status != rs.status || again.len != rs.len ||
            (rs.len > 0 && memcmp(again.body, rs.body, rs.len) != 0) ||
            again.cacheable != rs.cacheable)
            abort();
        serve_response_clear(&again);
    }
    serve_response_clear(&rs);
    free(text);
    return 0;
}

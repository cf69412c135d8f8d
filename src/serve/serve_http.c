/* serve_http.c — the one file that owns libmicrohttpd (and zlib): it
 * listens, keeps HTTP/1.1 connections alive, runs a pool of worker
 * threads over epoll, limits connections (in total, per client address),
 * idle time and the size of request lines and headers (libmicrohttpd
 * answers 414 and 431 itself), and turns a serve_response into HTTP:
 * gzip when the client takes it and the body is large, an ETag from the
 * database's content with If-None-Match → 304, Cache-Control, CORS, and
 * one line per request in the Combined Log Format.
 *
 * The request target is taken as sent (MHD_OPTION_URI_LOG_CALLBACK), so
 * serve_request.c decodes it, not libmicrohttpd.  A request body is read
 * only for a POST under /staff/ with --staff (serve_staff.c), into a
 * buffer of SERVE_BODY_MAX bytes: a Content-Length above it is a 413 at
 * once (libmicrohttpd then discards the rest and closes the connection),
 * a chunked body that grows past it is counted, not kept, and answered
 * 413 when whole (or the connection closed after DISCARD_MAX).  Every
 * other body is dropped unread.  The access log has the request target,
 * never a header's or a body's content beyond Referer and User-Agent: the
 * staff token travels in the body, the cookie and the URL's fragment.  SIGTERM and SIGINT stop
 * accepting, let the requests in flight finish (at most DRAIN_S seconds)
 * and end the process with status 0. */
#define _GNU_SOURCE /* open_memstream */
#include "serve.h"

#include <microhttpd.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GZIP_MIN 1024     /* smaller bodies go as they are */
#define DRAIN_S 20        /* at most this long for requests in flight */
#define FIELD_MAX 512     /* of Referer and User-Agent kept for the log */
#define DISCARD_MAX (1024 * 1024) /* of an oversized chunked body, read and
                                     dropped before the connection is cut */

typedef struct server {
    const serve_options *opt;
    struct MHD_Daemon *daemon;
    /* the "C" locale the workers answer in: clients and programs read the
     * answers (the library's messages in them stay English whatever the
     * locale of the person who started the server) */
    locale_t answers_locale;
    FILE *log;
    pthread_mutex_t log_lock;
    atomic_int in_flight;
    char fallback_base[128]; /* http://ADDR:PORT, for a bad Host header */
} server;

/* One request, from its first line to its end. */
typedef struct request_state {
    char *target;         /* as sent */
    uintptr_t line;       /* where libmicrohttpd's line holds it */
    struct timespec start;
    bool headers_seen;    /* the handler's first call was made */
    bool staff;           /* under /staff/, with --staff */
    char *body;           /* a staff POST's body: SERVE_BODY_MAX bytes */
    size_t body_len;
    size_t dropped;       /* bytes past SERVE_BODY_MAX, not kept */
} request_state;

/* ---- the access log -------------------------------------------------------- */

/* A field of a log line: quotes, backslashes and anything not printable
 * ASCII as \xHH, so that a request cannot forge lines or act on a
 * terminal tailing the log. */
static void log_field(FILE *fp, const char *s, size_t max)
{
    size_t i;

    for (i = 0; s != NULL && s[i] != '\0' && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
            fprintf(fp, "\\x%02X", c);
        else
            fputc(c, fp);
    }
    if (s == NULL || s[0] == '\0')
        fputc('-', fp);
}

static void client_address(char *buf, size_t size, struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

    snprintf(buf, size, "-");
    if (sa == NULL)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)
                               ->sin_addr, buf, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)
                                ->sin6_addr, buf, (socklen_t)size);
}

static void log_request(server *srv, struct MHD_Connection *c,
                        const char *method, const char *target,
                        const char *version, unsigned status, size_t bytes)
{
    char host[64], when[64];
    time_t now = time(NULL);
    struct tm tm;
    FILE *fp = srv->log;

    if (fp == NULL)
        return;
    client_address(host, sizeof host, c);
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &tm);
    pthread_mutex_lock(&srv->log_lock);
    fprintf(fp, "%s - - [%s] \"", host, when);
    log_field(fp, method, 32);
    fputc(' ', fp);
    log_field(fp, target, SERVE_MAX_TARGET);
    fputc(' ', fp);
    log_field(fp, version, 16);
    fprintf(fp, "\" %u %zu \"", status, bytes);
    log_field(fp, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer"),
              FIELD_MAX);
    fputs("\" \"", fp);
    log_field(fp, MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                              "User-Agent"), FIELD_MAX);
    fputs("\"\n", fp);
    fflush(fp);
    pthread_mutex_unlock(&srv->log_lock);
}

/* The access log named `path`, opened to append: "-" is standard output;
 * anything else must be a regular file (created when missing) — a FIFO,
 * device or directory is refused rather than blocked on or written into.
 * NULL with the reason in why[size]. */
static FILE *open_access_log(const char *path, char *why, size_t size)
{
    struct stat st;
    FILE *fp;
    int fd;

    if (strcmp(path, "-") == 0)
        return stdout;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(why, size, "%s",
                 _("not a regular file (use - for standard output)"));
        return NULL;
    }
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_NONBLOCK |
                        O_CLOEXEC,
              0666);
    if (fd < 0) {
        snprintf(why, size, "%s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, size, "%s",
                 _("not a regular file (use - for standard output)"));
        close(fd);
        return NULL;
    }
    if (fcntl(fd, F_SETFL, O_APPEND) != 0 || (fp = fdopen(fd, "a")) == NULL) {
        snprintf(why, size, "%s", strerror(errno));
        close(fd);
        return NULL;
    }
    return fp;
}

/* ---- pieces of a response ---------------------------------------------------- */

/* True when the client's Accept-Encoding takes gzip (q not 0). */
static bool takes_gzip(struct MHD_Connection *c)
{
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 "Accept-Encoding");
    const char *p;

    if (ae == NULL || (p = strstr(ae, "gzip")) == NULL)
        return false;
    p += 4;
    while (*p == ' ')
        p++;
    if (*p == ';') {
        char q[16];
        size_t n;
        double v;

        if ((p = strstr(p, "q=")) == NULL)
            return true;
        p += 2;
        n = strcspn(p, ",; ");
        if (n >= sizeof q)
            return false;
        memcpy(q, p, n);
        q[n] = '\0';
        /* RFC 9110 qvalue: 0..1; anything else is not a "yes" */
        if (yj_parse_real(&v, q, 0.0, 1.0, NULL) != YJ_OK || v <= 0.0)
            return false;
    }
    return true;
}

/* body[0..len) gzipped into a new buffer (*out, *out_len); false when it
 * could not be (the body then goes as it is). */
static bool gzip(char **out, size_t *out_len, const char *body, size_t len)
{
    z_stream z;
    uLong bound;
    char *buf;

    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return false;
    bound = deflateBound(&z, (uLong)len);
    if ((buf = malloc(bound)) == NULL) {
        deflateEnd(&z);
        return false;
    }
    z.next_in = (Bytef *)(uintptr_t)body;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)bound;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
        deflateEnd(&z);
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = z.total_out;
    deflateEnd(&z);
    return true;
}

/* Does If-None-Match name `etag` (weak comparison, "*" too)? */
static bool etag_matches(struct MHD_Connection *c, const char *etag)
{
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                  "If-None-Match");
    const char *want = strncmp(etag, "W/", 2) == 0 ? etag + 2 : etag;
    size_t n = strlen(want);
    const char *p;

    if (inm == NULL)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    for (p = inm; (p = strstr(p, want)) != NULL; p += n)
        if ((p[n] == '\0' || p[n] == ',' || p[n] == ' ') &&
            (p == inm || p[-1] == ' ' || p[-1] == ',' ||
             (p - inm >= 2 && p[-1] == '/' && p[-2] == 'W')))
            return true;
    return false;
}

/* The URL links start with when --base-url is not given: the Host the
 * client named, if it looks like a host, else the listening address. */
static void request_base(char *buf, size_t size, server *srv,
                         struct MHD_Connection *c)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Host");

    if (srv->opt->base_url != NULL) {
        snprintf(buf, size, "%s", srv->opt->base_url);
        return;
    }
    if (host == NULL || host[0] == '\0' || strlen(host) > 255 ||
        host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                          "XYZ0123456789.-:[]")] != '\0') {
        snprintf(buf, size, "%s", srv->fallback_base);
        return;
    }
    snprintf(buf, size, "http://%s", host);
}

/* What goes out: a response, its gzip when already made (the cache's),
 * and its validator. */
typedef struct outgoing {
    unsigned status;
    const char *type, *body, *gz, *etag, *allow;
    const char *set_cookie;
    unsigned retry_after_s;
    size_t len, gz_len;
    const char *cache_target, *cache_base, *cache_tag; /* keep a new gzip */
    char **owned;  /* body's owner (malloc'd): libmicrohttpd may take it */
} outgoing;

static enum MHD_Result send_out(server *srv, struct MHD_Connection *c,
                                const char *method, const char *target,
                                const char *version, const outgoing *o)
{
    struct MHD_Response *r;
    const char *body = o->body != NULL ? o->body : "";
    char *zipped = NULL;
    size_t len = o->len, zipped_len = 0;
    unsigned status = o->status ? o->status : 500;
    bool not_modified = o->etag != NULL && status == 200 &&
                        etag_matches(c, o->etag);
    bool gz = false;
    enum MHD_Result ok;

    if (not_modified) {
        status = 304;
        len = 0;
    } else if (len >= GZIP_MIN && takes_gzip(c)) {
        if (o->gz != NULL) {
            body = o->gz;
            len = o->gz_len;
            gz = true;
        } else if (gzip(&zipped, &zipped_len, body, len)) {
            if (o->cache_tag != NULL)
                serve_cache_put_gzip(o->cache_target, o->cache_base,
                                     o->cache_tag, zipped, zipped_len);
            body = zipped;
            len = zipped_len;
            gz = true;
        }
    }
    if (len == 0)
        r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"",
                                            MHD_RESPMEM_PERSISTENT);
    else if (zipped != NULL && body == zipped) {
        r = MHD_create_response_from_buffer(len, zipped,
                                            MHD_RESPMEM_MUST_FREE);
        zipped = NULL;
    } else if (o->owned != NULL && *o->owned == body) {
        /* sent as it is: no copy, libmicrohttpd frees it */
        r = MHD_create_response_from_buffer(len, *o->owned,
                                            MHD_RESPMEM_MUST_FREE);
        if (r != NULL)
            *o->owned = NULL;
    } else
        r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
                                            MHD_RESPMEM_MUST_COPY);
    free(zipped);
    if (r == NULL)
        return MHD_NO;
    if (status != 304 && o->type != NULL)
        MHD_add_response_header(r, "Content-Type", o->type);
    if (gz && status != 304)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    if (o->len >= GZIP_MIN || o->etag != NULL)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (o->etag != NULL)
        MHD_add_response_header(r, "ETag", o->etag);
    MHD_add_response_header(r, "Cache-Control",
                            o->etag != NULL ? "no-cache" : "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (o->allow != NULL)
        MHD_add_response_header(r, "Allow", o->allow);
    if (o->set_cookie != NULL)
        MHD_add_response_header(r, "Set-Cookie", o->set_cookie);
    if (o->retry_after_s > 0) {
        char secs[24];
        snprintf(secs, sizeof secs, "%u", o->retry_after_s);
        MHD_add_response_header(r, "Retry-After", secs);
    }
    if (srv->opt->cors != NULL)
        MHD_add_response_header(r, "Access-Control-Allow-Origin",
                                srv->opt->cors);
    ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    log_request(srv, c, method, target, version, status, len);
    return ok;
}

static enum MHD_Result send_response(server *srv, struct MHD_Connection *c,
                                     const char *method, const char *target,
                                     const char *version, serve_response *rs,
                                     const char *etag)
{
    outgoing o;

    memset(&o, 0, sizeof o);
    o.status = rs->status;
    o.type = rs->content_type;
    o.body = rs->body;
    o.len = rs->len;
    o.etag = etag;
    o.allow = rs->allow;
    o.set_cookie = rs->set_cookie;
    o.retry_after_s = rs->retry_after_s;
    o.owned = &rs->body;
    return send_out(srv, c, method, target, version, &o);
}

/* ---- the request handler ------------------------------------------------------- */

static void *request_begins(void *cls, const char *uri,
                            struct MHD_Connection *c)
{
    server *srv = cls;
    request_state *st = calloc(1, sizeof *st);
    const char *query;

    (void)c;
    atomic_fetch_add(&srv->in_flight, 1);
    if (st != NULL) {
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        st->target = strdup(uri != NULL ? uri : "/");
        st->line = (uintptr_t)uri;
    }
    /* Right after this call libmicrohttpd splits the query, in place in
     * this very line, into parameters of its own, one record per '&' in
     * the connection's memory pool: some hundreds of them ran the pool out
     * and the connection was closed with no answer at all.  Nothing here
     * reads its parameters (serve_request.c parses st->target, with its
     * own limits), so the query ends where it starts for libmicrohttpd. */
    if (uri != NULL && (query = strchr(uri, '?')) != NULL)
        ((char *)(uintptr_t)query)[1] = '\0';
    return st;
}

static void request_ends(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    server *srv = cls;
    request_state *st = *con_cls;

    (void)c;
    (void)toe;
    if (st != NULL) {
        free(st->target);
        free(st->body);
        free(st);
        *con_cls = NULL;
    }
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* libmicrohttpd hands the request target over as a C string: a NUL byte
 * sent in it cut it there unseen ("/api/stations?text=a<NUL>&k=1" was
 * answered as "?text=a").  It parses the request line in place (0.9 and
 * 1.0 alike), the version after the whole target, so a longer distance
 * to the version than the string's length shows a NUL.  The distance is
 * only trusted up to a line's size (a line fits the connection's pool). */
static bool target_held_nul(const request_state *st, const char *version)
{
    uintptr_t gap, n;

    if (st->target == NULL || st->line == 0 || version == NULL ||
        version[0] == '\0' || (uintptr_t)version <= st->line)
        return false;
    gap = (uintptr_t)version - st->line;
    n = (uintptr_t)strlen(st->target) + 1;
    return gap > n && gap - n <= 1024 * 1024;
}

/* Answer, and make sure the answer is of the content `tag` names: a
 * change committed while the answer was made (the tag read after it
 * differs) gives the answer again, from the changed content, with the
 * worker's memo of stations' JSON emptied — it may hold stations of
 * before the change beside rows read after it.  At most three tries:
 * under a stream of commits the last answer goes, under its tag. */
static void answer_current(serve_ctx *ctx, serve_response *rs,
                           const char *method, const char *target,
                           const char *base, char *tag, size_t tag_size,
                           bool *have_tag)
{
    char after[128];
    int tries;

    for (tries = 0;; tries++) {
        serve_answer(ctx, rs, method, target, base, (int64_t)time(NULL));
        if (!*have_tag || tries == 2)
            return;
        if (yj_db_content_tag(after, sizeof after, ctx->db, NULL) != YJ_OK) {
            *have_tag = false;
            return;
        }
        if (strcmp(after, tag) == 0)
            return;
        snprintf(tag, tag_size, "%s", after);
        ctx->tag = tag;
        serve_response_clear(rs);
    }
}

/* The validator of an answer that depends on the data only: the
 * content's tag, this version (it writes the bodies) and the base (the
 * links). */
static void make_etag(char *buf, size_t size, const char *base,
                      const char *tag)
{
    unsigned long h = 5381;
    const char *p;

    for (p = base; *p != '\0'; p++)
        h = h * 33 + (unsigned char)*p;
    snprintf(buf, size, "W/\"yj%s-%s-%lx\"", YIJIA_VERSION_STRING, tag,
             h & 0xffffffffUL);
}

/* A request under /staff/ (with --staff), its body whole. */
static enum MHD_Result answer_staff(server *srv, struct MHD_Connection *c,
                                   const char *method, const char *target,
                                   const char *version, request_state *st)
{
    serve_staff_request sr;
    serve_response rs;
    serve_ctx ctx;
    char client[64];
    enum MHD_Result ok;

    memset(&rs, 0, sizeof rs);
    if (st->dropped > 0) {
        serve_error(&rs, 413, "too_large", "the body is larger than %d "
                    "bytes", SERVE_BODY_MAX);
    } else {
        client_address(client, sizeof client, c);
        memset(&sr, 0, sizeof sr);
        sr.method = method;
        sr.target = target;
        sr.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
        sr.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                "Origin");
        sr.cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                "Cookie");
        sr.csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                              "X-CSRF-Token");
        sr.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                      "Content-Type");
        sr.client = client;
        sr.body = st->body != NULL ? st->body : "";
        sr.body_len = st->body_len;
        ctx.opt = srv->opt;
        ctx.tag = NULL;
        if ((ctx.db = serve_db_for_thread(srv->opt, &rs)) != NULL)
            serve_staff_answer(&ctx, &sr, &rs);
    }
    ok = send_response(srv, c, method, target, version, &rs, NULL);
    serve_response_clear(&rs);
    return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    server *srv = cls;
    request_state *st = *con_cls;
    serve_response rs;
    serve_ctx ctx;
    char base[512], tag[128] = "", etag[256] = "";
    const char *target = st != NULL && st->target != NULL ? st->target : url;
    bool have_tag = false;
    enum MHD_Result ok;

    if (srv->answers_locale != (locale_t)0)
        uselocale(srv->answers_locale); /* this worker thread's, for good */
    if (*upload_data_size != 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0; /* taken: kept, or dropped */
        if (st == NULL || st->body == NULL)
            return MHD_YES; /* a body is read for a staff POST only */
        if (st->dropped == 0 && n <= SERVE_BODY_MAX - st->body_len) {
            memcpy(st->body + st->body_len, upload_data, n);
            st->body_len += n;
            return MHD_YES;
        }
        /* past the limit: counted (for the 413 when it ends), not kept */
        st->dropped += n;
        return st->dropped > DISCARD_MAX ? MHD_NO : MHD_YES;
    }
    memset(&rs, 0, sizeof rs);
    /* A response queued at the first call (the headers are in) would make
     * libmicrohttpd close the connection, as it could not know that no
     * body follows: GET and HEAD are answered at the second call (the
     * whole request is in) and keep the connection alive, and a staff
     * POST's body is read in the calls between.  Other methods are
     * refused at once (and their connection closed). */
    if (st != NULL && !st->headers_seen) {
        st->staff = srv->opt->staff && st->target != NULL &&
                    serve_staff_target(st->target);
        if (st->staff && strcmp(method, "POST") == 0) {
            const char *cl = MHD_lookup_connection_value(
                c, MHD_HEADER_KIND, "Content-Length");
            int64_t n;
            if (cl != NULL &&
                (yj_parse_int(&n, cl, 0, INT64_MAX, NULL) != YJ_OK ||
                 n > SERVE_BODY_MAX)) {
                /* refused before a byte of it is read: libmicrohttpd
                 * discards the rest and closes the connection */
                serve_error(&rs, 413, "too_large", "the body is larger "
                            "than %d bytes", SERVE_BODY_MAX);
                ok = send_response(srv, c, method, target, version, &rs,
                                   NULL);
                serve_response_clear(&rs);
                return ok;
            }
            if ((st->body = malloc(SERVE_BODY_MAX)) == NULL) {
                serve_error(&rs, 503, "ServiceUnavailable", "out of memory");
                ok = send_response(srv, c, method, target, version, &rs,
                                   NULL);
                serve_response_clear(&rs);
                return ok;
            }
            st->headers_seen = true;
            return MHD_YES;
        }
        if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
            strcmp(method, "OPTIONS") == 0) {
            st->headers_seen = true;
            return MHD_YES;
        }
    }
    if (st == NULL) {
        serve_error(&rs, 503, "ServiceUnavailable", "out of memory");
        ok = send_response(srv, c, method, url, version, &rs, NULL);
        serve_response_clear(&rs);
        return ok;
    }
    if (target_held_nul(st, version)) {
        serve_error(&rs, 400, "InvalidRequest", "the request target holds "
                    "a NUL character");
        ok = send_response(srv, c, method, target, version, &rs, NULL);
        serve_response_clear(&rs);
        return ok;
    }
    if (strcmp(method, "OPTIONS") == 0) {
        /* what a browser asks before a cross-origin request: no body */
        rs.status = 204;
        rs.allow = "GET, HEAD, OPTIONS";
        ok = send_response(srv, c, method, target, version, &rs, NULL);
        serve_response_clear(&rs);
        return ok;
    }
    if (st->staff)
        return answer_staff(srv, c, method, target, version, st);
    request_base(base, sizeof base, srv, c);
    ctx.opt = srv->opt;
    ctx.tag = NULL;
    ctx.db = serve_db_for_thread(srv->opt, &rs);
    if (ctx.db != NULL) {
        serve_cached hit;
        /* before the query, and again after it (answer_current) */
        have_tag = yj_db_content_tag(tag, sizeof tag, ctx.db, NULL) == YJ_OK;
        ctx.tag = have_tag ? tag : NULL;
        if (have_tag)
            make_etag(etag, sizeof etag, base, tag);
        if (have_tag && (strcmp(method, "GET") == 0 ||
                         strcmp(method, "HEAD") == 0) &&
            serve_cache_get(&hit, target, base, tag)) {
            outgoing o;
            memset(&o, 0, sizeof o);
            o.status = 200;
            o.type = hit.type;
            o.body = hit.body;
            o.len = hit.len;
            o.gz = hit.gz;
            o.gz_len = hit.gz_len;
            o.etag = etag;
            o.cache_target = target;
            o.cache_base = base;
            o.cache_tag = tag;
            return send_out(srv, c, method, target, version, &o);
        }
        answer_current(&ctx, &rs, method, target, base, tag, sizeof tag,
                       &have_tag);
        if (have_tag)
            make_etag(etag, sizeof etag, base, tag);
    }
    if (have_tag && rs.cacheable && rs.status == 200) {
        outgoing o;
        serve_cache_put(target, base, tag, &rs); /* 200: GET or HEAD */
        memset(&o, 0, sizeof o);
        o.status = rs.status;
        o.type = rs.content_type;
        o.body = rs.body;
        o.len = rs.len;
        o.etag = etag;
        o.cache_target = target;
        o.cache_base = base;
        o.cache_tag = tag;
        o.owned = &rs.body;
        ok = send_out(srv, c, method, target, version, &o);
    } else {
        ok = send_response(srv, c, method, target, version, &rs, NULL);
    }
    serve_response_clear(&rs);
    return ok;
}

/* ---- starting and stopping ------------------------------------------------------ */

/* "ADDR:PORT", "[V6ADDR]:PORT" or "PORT" (loopback) into *out. */
static bool parse_listen(struct sockaddr_storage *out, socklen_t *len,
                         const char *text, char *why, size_t why_size)
{
    char host[128], port[16];
    const char *colon;
    struct addrinfo hints, *ai = NULL;
    int rc;

    if (text[0] == '[') {
        const char *end = strchr(text, ']');
        if (end == NULL || end[1] != ':' || (size_t)(end - text) > 100) {
            snprintf(why, why_size, _("'%s' is not [IPv6]:PORT"), text);
            return false;
        }
        snprintf(host, sizeof host, "%.*s", (int)(end - text - 1), text + 1);
        colon = end + 1;
    } else if ((colon = strrchr(text, ':')) != NULL) {
        if ((size_t)(colon - text) >= sizeof host) {
            snprintf(why, why_size, _("'%s': the address is too long"), text);
            return false;
        }
        snprintf(host, sizeof host, "%.*s", (int)(colon - text), text);
    } else {
        snprintf(host, sizeof host, "127.0.0.1");
        colon = text - 1;
    }
    snprintf(port, sizeof port, "%.15s", colon + 1);
    {
        int64_t n;
        yj_error err;
        if (yj_parse_int(&n, port, 0, 65535, &err) != YJ_OK) {
            snprintf(why, why_size, _("port: %.200s"), err.message);
            return false;
        }
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if ((rc = getaddrinfo(host[0] ? host : "0.0.0.0", port, &hints, &ai)) !=
            0 ||
        ai == NULL) {
        snprintf(why, why_size, _("'%s' is not a numeric address and port "
                 "(127.0.0.1:8080, [::1]:8080): %s"), text, gai_strerror(rc));
        if (ai != NULL)
            freeaddrinfo(ai);
        return false;
    }
    memcpy(out, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return true;
}

/* libmicrohttpd's messages: its format and arguments (printf-like, which
 * clang's -Wformat-nonliteral wants declared). */
static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512], shown[1024];

    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    yj_text_escape(shown, sizeof shown, line);
    fprintf(stderr, "yijia: serve: %s\n", shown);
}

/* As many descriptors as the connection limit needs, if the hard limit
 * allows. */
static void raise_fd_limit(unsigned connections)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)connections + 64;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

/* Start libmicrohttpd on addr with the options' limits and threads; NULL
 * when it cannot listen there. */
static struct MHD_Daemon *start_daemon(server *srv,
                                       struct sockaddr_storage *addr,
                                       const serve_options *opt)
{
    struct MHD_OptionItem pool[2];
    unsigned flags;

    /* one worker: no pool (the polling thread answers itself), and no
     * pool option at all, which libmicrohttpd would warn about */
    pool[0].option = opt->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE
                                      : MHD_OPTION_END;
    pool[0].value = (intptr_t)opt->threads;
    pool[0].ptr_value = NULL;
    pool[1].option = MHD_OPTION_END;
    pool[1].value = 0;
    pool[1].ptr_value = NULL;
    flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
            MHD_USE_ERROR_LOG |
            (MHD_is_feature_supported(MHD_FEATURE_EPOLL) ? MHD_USE_EPOLL
                                                          : MHD_USE_POLL) |
            (addr->ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    return MHD_start_daemon(
        flags, 0, NULL, NULL, handle, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first: for all */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)addr,
        MHD_OPTION_ARRAY, pool,
        MHD_OPTION_CONNECTION_LIMIT, opt->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, opt->per_client,
        MHD_OPTION_CONNECTION_TIMEOUT, opt->idle_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024U,
        MHD_OPTION_URI_LOG_CALLBACK, request_begins, srv,
        MHD_OPTION_NOTIFY_COMPLETED, request_ends, srv,
        MHD_OPTION_END);
}

/* The base address links fall back to (the port the system chose, for
 * port 0), and the line saying where the server listens. */
static void announce(server *srv, const struct sockaddr_storage *addr)
{
    const union MHD_DaemonInfo *info;
    bool v6 = addr->ss_family == AF_INET6;
    char host[64];
    unsigned port;

    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    port = info != NULL ? info->port : 0;
    if (v6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)addr)
                                 ->sin6_addr, host, sizeof host);
    else
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)addr)
                                ->sin_addr, host, sizeof host);
    snprintf(srv->fallback_base, sizeof srv->fallback_base,
             v6 ? "http://[%s]:%u" : "http://%s:%u", host, port);
    fprintf(stderr, srv->opt->threads == 1
                        ? _("yijia: serving %s/ (%u worker thread; stop with "
                            "Ctrl-C or SIGTERM)\n")
                        : _("yijia: serving %s/ (%u worker threads; stop with "
                            "Ctrl-C or SIGTERM)\n"),
            srv->fallback_base, srv->opt->threads);
}

/* Stop taking connections and wait up to DRAIN_S for the requests in
 * flight.  What is still not whole after that is a client too slow to
 * wait for (one dripping its headers): the server has done its part, and
 * still ends with 0. */
static void drain(server *srv)
{
    MHD_socket listen_fd = MHD_quiesce_daemon(srv->daemon);
    struct timespec pause = {0, 10 * 1000 * 1000};
    int waited;

    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    for (waited = 0;
         atomic_load(&srv->in_flight) > 0 && waited < DRAIN_S * 100;
         waited++)
        nanosleep(&pause, NULL);
    if (atomic_load(&srv->in_flight) > 0)
        fprintf(stderr, _("yijia: %d requests still arriving after %d s: "
                          "left\n"), atomic_load(&srv->in_flight), DRAIN_S);
}

int serve_main(const serve_options *opt)
{
    server srv;
    struct sockaddr_storage addr;
    socklen_t addr_len = 0;
    char why[256], shown[512];
    sigset_t stop;
    int sig = 0, status = 0;

    memset(&srv, 0, sizeof srv);
    srv.opt = opt;
    pthread_mutex_init(&srv.log_lock, NULL);
    if (!parse_listen(&addr, &addr_len, opt->listen, why, sizeof why)) {
        yj_text_escape(shown, sizeof shown, why);
        fprintf(stderr, "yijia: %s", _("error: "));
        fprintf(stderr, _("--listen: %s\n"), shown);
        return 2;
    }
    if (!serve_db_check(opt))
        return 1;
    if (opt->access_log != NULL &&
        (srv.log = open_access_log(opt->access_log, why, sizeof why)) ==
            NULL) {
        yj_text_escape(shown, sizeof shown, opt->access_log);
        fprintf(stderr, "yijia: %s", _("error: "));
        fprintf(stderr, _("--access-log: %s: %s\n"), shown, why);
        return 1;
    }
    /* the workers start with SIGTERM and SIGINT blocked: this thread
     * takes them */
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit(opt->max_connections);
    srv.answers_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if ((srv.daemon = start_daemon(&srv, &addr, opt)) == NULL) {
        yj_text_escape(shown, sizeof shown, opt->listen);
        fprintf(stderr, "yijia: %s", _("error: "));
        fprintf(stderr, _("cannot listen on %s (in use, or not an address of "
                          "this machine)\n"), shown);
        if (srv.log != NULL && srv.log != stdout)
            fclose(srv.log);
        if (srv.answers_locale != (locale_t)0)
            freelocale(srv.answers_locale);
        return 1;
    }
    announce(&srv, &addr);
    while (sigwait(&stop, &sig) != 0)
        ;
    fprintf(stderr, _("yijia: %s: finishing the requests in flight\n"),
            sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM");
    drain(&srv);
    MHD_stop_daemon(srv.daemon);
    serve_db_close_all();
    if (srv.log != NULL && srv.log != stdout)
        fclose(srv.log);
    pthread_mutex_destroy(&srv.log_lock);
    if (srv.answers_locale != (locale_t)0)
        freelocale(srv.answers_locale);
    fputs(_("yijia: stopped\n"), stderr);
    return status;
}

/* http.c — the one owner of libcurl: loaded with dlopen on first use
 * (Debian's libcurl4; the -dev package only provides the headers), so a
 * `yijia nearest` process does not load it and its dozen dependencies.
 * A server is not trusted: every request has a total deadline and a
 * low-speed limit, bodies and headers are bounded, redirects are not
 * followed and only http/https are spoken (http.h). */
#include "http.h"

#include "error.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct curl_api {
    void *lib;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
} api;

static yj_code load(yj_error *err)
{
    if (api.lib != NULL)
        return YJ_OK;
    if ((api.lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL)
        return yj_fail(err, YJ_EDEPENDENCY, "cannot load libcurl (%s); install "
                       "libcurl4", dlerror());
    *(void **)&api.global_init = dlsym(api.lib, "curl_global_init");
    *(void **)&api.easy_init = dlsym(api.lib, "curl_easy_init");
    *(void **)&api.easy_setopt = dlsym(api.lib, "curl_easy_setopt");
    *(void **)&api.easy_perform = dlsym(api.lib, "curl_easy_perform");
    *(void **)&api.easy_getinfo = dlsym(api.lib, "curl_easy_getinfo");
    *(void **)&api.easy_cleanup = dlsym(api.lib, "curl_easy_cleanup");
    *(void **)&api.easy_strerror = dlsym(api.lib, "curl_easy_strerror");
    if (!api.global_init || !api.easy_init || !api.easy_setopt ||
        !api.easy_perform || !api.easy_getinfo || !api.easy_cleanup ||
        !api.easy_strerror) {
        dlclose(api.lib);
        api.lib = NULL;
        return yj_fail(err, YJ_EDEPENDENCY, "libcurl lacks a needed function");
    }
    api.global_init(CURL_GLOBAL_DEFAULT);
    return YJ_OK;
}

typedef struct buffer {
    char *data;
    size_t len, cap;
    size_t header_bytes;
    bool too_large, headers_too_large, no_memory;
} buffer;

static size_t take(char *p, size_t size, size_t n, void *payload)
{
    buffer *b = payload;
    size_t add = size * n;

    if (add > YJ_HTTP_MAX_BODY || b->len + add + 1 > YJ_HTTP_MAX_BODY) {
        b->too_large = true;
        return 0;
    }
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *grown;
        while (cap < b->len + add + 1)
            cap *= 2;
        if ((grown = realloc(b->data, cap)) == NULL) {
            b->no_memory = true;
            return 0;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

/* Header lines are only counted: endless headers end the transfer. */
static size_t count_header(char *p, size_t size, size_t n, void *payload)
{
    buffer *b = payload;
    size_t add = size * n;

    (void)p;
    if (add > YJ_HTTP_MAX_HEADERS ||
        b->header_bytes + add > YJ_HTTP_MAX_HEADERS) {
        b->headers_too_large = true;
        return 0;
    }
    b->header_bytes += add;
    return add;
}

/* curl_easy_setopt that remembers the first option libcurl refused. */
#define SET(option, value)                                                 \
    do {                                                                   \
        if (refused == NULL &&                                             \
            api.easy_setopt(h, option, value) != CURLE_OK)                 \
            refused = #option;                                             \
    } while (0)

/* What went wrong, in words: ours first, then libcurl's own. */
static void describe(yj_http_response *out, CURL *h, CURLcode rc,
                     const buffer *b, const char *curl_text,
                     long timeout_ms)
{
    curl_off_t spent_us = 0;

    if (b->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        out->outcome = YJ_HTTP_TOO_LARGE;
        snprintf(out->error, sizeof out->error, "the answer is larger than "
                 "%zu MiB (not read further)", YJ_HTTP_MAX_BODY >> 20);
        return;
    }
    if (b->headers_too_large) {
        out->outcome = YJ_HTTP_TOO_LARGE;
        snprintf(out->error, sizeof out->error, "the answer's headers are "
                 "larger than %zu KiB (not read further)",
                 YJ_HTTP_MAX_HEADERS >> 10);
        return;
    }
    out->outcome = YJ_HTTP_NETWORK;
    if (b->no_memory) {
        snprintf(out->error, sizeof out->error, "out of memory reading the "
                 "answer");
        return;
    }
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        out->outcome = YJ_HTTP_TIMEOUT;
        api.easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &spent_us);
        if (spent_us / 1000 + 50 < timeout_ms)
            snprintf(out->error, sizeof out->error, "the answer came too "
                     "slowly (%s)", curl_text);
        else
            snprintf(out->error, sizeof out->error, "no complete answer "
                     "within %g s (%s)", (double)timeout_ms / 1000.0,
                     curl_text);
        return;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
        snprintf(out->error, sizeof out->error, "the connection broke off "
                 "(%s)", curl_text);
        return;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        snprintf(out->error, sizeof out->error, "cannot connect (%s)",
                 curl_text);
        return;
    default:
        snprintf(out->error, sizeof out->error, "network error (%s)",
                 curl_text);
        return;
    }
}

yj_code yj_http_get(yj_http_response *out, const char *url,
                    const char *agent, long timeout_ms, yj_error *err)
{
    buffer b = {NULL, 0, 0, 0, false, false, false};
    char curl_error[CURL_ERROR_SIZE];
    const char *refused = NULL;
    CURL *h = NULL;
    CURLcode rc;
    yj_code code = YJ_OK;

    memset(out, 0, sizeof out[0]);
    if (timeout_ms < 1 || timeout_ms > 3600L * 1000)
        return yj_fail(err, YJ_EINVAL, "timeout of %ld ms: not 1 ms to an "
                       "hour", timeout_ms);
    if ((code = load(err)) != YJ_OK)
        return code;
    if ((h = api.easy_init()) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    curl_error[0] = '\0';
    SET(CURLOPT_ERRORBUFFER, curl_error);
    SET(CURLOPT_URL, url);
    SET(CURLOPT_USERAGENT, agent);
    SET(CURLOPT_TIMEOUT_MS, timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    SET(CURLOPT_LOW_SPEED_LIMIT, 16L);
    SET(CURLOPT_LOW_SPEED_TIME, 10L);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_MAXREDIRS, 0L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)YJ_HTTP_MAX_BODY);
    SET(CURLOPT_WRITEFUNCTION, take);
    SET(CURLOPT_WRITEDATA, &b);
    SET(CURLOPT_HEADERFUNCTION, count_header);
    SET(CURLOPT_HEADERDATA, &b);
    if (refused != NULL) {
        code = yj_fail(err, YJ_EDEPENDENCY, "libcurl refused %s (libcurl 7.85 or "
                       "later is needed)", refused);
        goto out;
    }
    rc = api.easy_perform(h);
    if (rc == CURLE_OK) {
        out->outcome = YJ_HTTP_DONE;
        api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
        if (b.data == NULL && (b.data = calloc(1, 1)) == NULL) {
            code = yj_fail(err, YJ_ENOMEM, "out of memory");
            goto out;
        }
        out->body = b.data;
        out->len = b.len;
        b.data = NULL;
    } else {
        describe(out, h, rc, &b,
                 curl_error[0] ? curl_error : api.easy_strerror(rc),
                 timeout_ms);
    }
out:
    free(b.data);
    api.easy_cleanup(h);
    return code;
}

void yj_http_response_free(yj_http_response *r)
{
    if (r == NULL)
        return;
    free(r->body);
    r->body = NULL;
}

static char *escape(const char *s, bool form)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), i, j = 0;
    char *out = malloc(n * 3 + 1);

    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            (c == '~' && !form)) {
            out[j++] = (char)c;
        } else if (c == ' ' && form) {
            out[j++] = '+';
        } else {
            out[j++] = '%';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 15];
        }
    }
    out[j] = '\0';
    return out;
}

char *yj_url_escape(const char *s)
{
    return escape(s, false);
}

char *yj_url_escape_form(const char *s)
{
    return escape(s, true);
}

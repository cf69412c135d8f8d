/* http.c — the one owner of libcurl: loaded with dlopen on first use
 * (Debian's libcurl4; the -dev package only provides the headers), so a
 * `yijia nearest` process does not load it and its dozen dependencies. */
#include "http.h"

#include "error.h"

#include <curl/curl.h>
#include <dlfcn.h>
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
        return yj_fail(err, YJ_EIO, "cannot load libcurl (%s); install "
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
        return yj_fail(err, YJ_EIO, "libcurl lacks a needed function");
    }
    api.global_init(CURL_GLOBAL_DEFAULT);
    return YJ_OK;
}

typedef struct buffer {
    char *data;
    size_t len, cap;
    bool failed;
} buffer;

/* Responses are small (a geocode is a few KiB): more than 8 MiB is not a
 * provider's answer. */
#define MAX_BODY ((size_t)8 << 20)

static size_t take(char *p, size_t size, size_t n, void *payload)
{
    buffer *b = payload;
    size_t add = size * n;

    if (b->len + add + 1 > MAX_BODY) {
        b->failed = true;
        return 0;
    }
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *grown;
        while (cap < b->len + add + 1)
            cap *= 2;
        if ((grown = realloc(b->data, cap)) == NULL) {
            b->failed = true;
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

yj_code yj_http_get(yj_http_response *out, const char *url,
                    const char *agent, long timeout_ms, yj_error *err)
{
    buffer b = {NULL, 0, 0, false};
    CURL *h;
    CURLcode rc;
    yj_code code;

    memset(out, 0, sizeof out[0]);
    if ((code = load(err)) != YJ_OK)
        return code;
    if ((h = api.easy_init()) == NULL)
        return yj_fail(err, YJ_ENOMEM, "out of memory");
    api.easy_setopt(h, CURLOPT_URL, url);
    api.easy_setopt(h, CURLOPT_USERAGENT, agent);
    api.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    api.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    api.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    api.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    api.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    api.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    api.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    api.easy_setopt(h, CURLOPT_WRITEFUNCTION, take);
    api.easy_setopt(h, CURLOPT_WRITEDATA, &b);
    rc = api.easy_perform(h);
    if (rc == CURLE_OK) {
        out->outcome = YJ_HTTP_DONE;
        api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
        if (b.data == NULL && (b.data = calloc(1, 1)) == NULL) {
            api.easy_cleanup(h);
            return yj_fail(err, YJ_ENOMEM, "out of memory");
        }
        out->body = b.data;
        out->len = b.len;
    } else {
        free(b.data);
        out->outcome = rc == CURLE_OPERATION_TIMEDOUT ? YJ_HTTP_TIMEOUT
                                                      : YJ_HTTP_NETWORK;
        snprintf(out->error, sizeof out->error, "%s",
                 b.failed ? "response too large or out of memory"
                          : api.easy_strerror(rc));
    }
    api.easy_cleanup(h);
    return YJ_OK;
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

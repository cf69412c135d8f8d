/* http.h — private: HTTP GET through libcurl, loaded when first needed
 * (dlopen), so that the offline commands never pay for its start-up.
 * HTTPS certificates are verified (libcurl's default, never turned off). */
#ifndef YJ_HTTP_H
#define YJ_HTTP_H

#include "yijia.h"

typedef enum yj_http_outcome {
    YJ_HTTP_DONE,      /* a response came (any status) */
    YJ_HTTP_TIMEOUT,   /* no complete response in time, or far too slow */
    YJ_HTTP_NETWORK,   /* could not connect, reset, broke off, TLS, ... */
    YJ_HTTP_TOO_LARGE  /* body over YJ_HTTP_MAX_BODY or headers over
                          YJ_HTTP_MAX_HEADERS: not read further */
} yj_http_outcome;

/* What a response may hold: a provider's answer is a few KiB (an Amap
 * batch of 10 about 10 KiB), so more is not an answer.  The body limit is
 * on the decoded bytes (a gzip bomb stops there too). */
#define YJ_HTTP_MAX_BODY ((size_t)2 << 20)
#define YJ_HTTP_MAX_HEADERS ((size_t)64 << 10)

typedef struct yj_http_response {
    yj_http_outcome outcome;
    long status;      /* HTTP status when DONE */
    char *body;       /* NUL-terminated (free it), NULL unless DONE */
    size_t len;
    char error[200];  /* when not DONE: what happened, lowercase, with
                         libcurl's words (never the URL's query) */
} yj_http_response;

/* GET `url` (http:// or https:// only) with User-Agent `agent`.  The
 * whole exchange, connecting included, ends within timeout_ms (1 ms to an
 * hour); a transfer slower than 16 bytes a second for 10 s ends too.
 * Redirects are never followed (a 3xx is a response like any other: the
 * key in the query must not travel to another host), nothing but HTTP and
 * HTTPS is spoken, bodies and headers are limited (above).  Fills *out
 * (release with yj_http_response_free).  YJ_OK whatever the outcome;
 * YJ_EDEPENDENCY when libcurl cannot be loaded or refuses one of these
 * settings (too old), YJ_EINVAL for a timeout out of range, YJ_ENOMEM. */
yj_code yj_http_get(yj_http_response *out, const char *url,
                    const char *agent, long timeout_ms, yj_error *err);
void yj_http_response_free(yj_http_response *r);

/* `s` percent-encoded for a query (RFC 3986 unreserved kept; space as
 * %20); free it.  NULL on ENOMEM. */
char *yj_url_escape(const char *s);
/* The same as PHP's urlencode and Python's quote_plus: space as '+', '~'
 * encoded (what Baidu's sn is defined over). */
char *yj_url_escape_form(const char *s);

#endif

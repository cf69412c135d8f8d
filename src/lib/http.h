/* http.h — private: HTTP GET through libcurl, loaded when first needed
 * (dlopen), so that the offline commands never pay for its start-up.
 * HTTPS certificates are verified (libcurl's default, never turned off). */
#ifndef YJ_HTTP_H
#define YJ_HTTP_H

#include "yijia.h"

typedef enum yj_http_outcome {
    YJ_HTTP_DONE,     /* a response came (any status) */
    YJ_HTTP_TIMEOUT,  /* no complete response in time */
    YJ_HTTP_NETWORK   /* could not connect, reset, TLS failure, ... */
} yj_http_outcome;

typedef struct yj_http_response {
    yj_http_outcome outcome;
    long status;      /* HTTP status when DONE */
    char *body;       /* NUL-terminated (free it), NULL unless DONE */
    size_t len;
    char error[160];  /* libcurl's words when not DONE (no URL in them) */
} yj_http_response;

/* GET `url` with User-Agent `agent`, giving up after timeout_ms.  Fills
 * *out (release with yj_http_response_free).  YJ_OK whatever the outcome;
 * YJ_EIO when libcurl cannot be loaded, YJ_ENOMEM. */
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

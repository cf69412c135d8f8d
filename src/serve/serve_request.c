/* serve_request.c — a request target, as sent, parsed and checked before
 * any handler sees it, and the responses handlers build.
 *
 * The path and each query parameter are percent-decoded here and nowhere
 * else: a bad escape ("%G1", a lone "%"), a NUL (raw or "%00"), bytes that
 * are not UTF-8 (before or after decoding), more than SERVE_MAX_PARAMS
 * parameters or one given twice are a 400 naming what was wrong; a target
 * longer than SERVE_MAX_TARGET is a 414.  Query values take "+" for a
 * space (HTML forms); the path does not. */
#define _GNU_SOURCE /* open_memstream is POSIX 2008; vasprintf-free */
#include "serve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) into a new string; NULL with why[] filled when it is not
 * a proper escape sequence of UTF-8 text without NUL. */
static char *decode(const char *s, size_t n, bool plus_is_space, char *why,
                    size_t why_size)
{
    char *out = malloc(n + 1);
    size_t i, o = 0;

    if (out == NULL) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%') {
            if (n - i < 3 || hex((unsigned char)s[i + 1]) < 0 ||
                hex((unsigned char)s[i + 2]) < 0) {
                snprintf(why, why_size, "a bad percent-escape ('%%' must be "
                         "followed by two hexadecimal digits)");
                free(out);
                return NULL;
            }
            c = hex((unsigned char)s[i + 1]) * 16 +
                hex((unsigned char)s[i + 2]);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == 0) {
            snprintf(why, why_size, "a NUL character");
            free(out);
            return NULL;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    if (!yj_utf8_valid(NULL, out, o)) {
        snprintf(why, why_size, "text that is not UTF-8");
        free(out);
        return NULL;
    }
    return out;
}

void serve_request_clear(serve_request *rq)
{
    size_t i;

    free(rq->path);
    for (i = 0; i < rq->n_params; i++) {
        free(rq->params[i].name);
        free(rq->params[i].value);
    }
    memset(rq, 0, sizeof *rq);
}

bool serve_request_parse(serve_request *rq, serve_response *rs,
                         const char *method, const char *target,
                         const char *base, int64_t now)
{
    const char *query, *p;
    char why[160];
    size_t len = strlen(target);

    memset(rq, 0, sizeof *rq);
    memset(rs, 0, sizeof *rs);
    rq->method = method;
    rq->now = now;
    snprintf(rq->base, sizeof rq->base, "%s", base);
    if (len > SERVE_MAX_TARGET) {
        serve_error(rs, 414, "URITooLong", "the request target is %zu bytes "
                    "long; at most %d are taken", len, SERVE_MAX_TARGET);
        return false;
    }
    /* absolute-form (a proxy's "http://host/path"): the path from it */
    if (strncmp(target, "http://", 7) == 0 ||
        strncmp(target, "https://", 8) == 0) {
        const char *slash = strchr(strstr(target, "//") + 2, '/');
        target = slash != NULL ? slash : "/";
    }
    if (target[0] != '/') {
        serve_error(rs, 400, "InvalidRequest", "the request target must "
                    "start with '/'");
        return false;
    }
    query = strchr(target, '?');
    if ((rq->path = decode(target, query ? (size_t)(query - target)
                                         : strlen(target),
                           false, why, sizeof why)) == NULL) {
        serve_error(rs, 400, "InvalidRequest", "the path holds %s", why);
        return false;
    }
    for (p = query ? query + 1 : NULL; p != NULL && *p != '\0';) {
        size_t n = strcspn(p, "&"), name_len = strcspn(p, "=&");
        serve_param *prm;
        size_t i;

        if (n == 0) { /* "&&" */
            p++;
            continue;
        }
        if (rq->n_params == SERVE_MAX_PARAMS) {
            serve_request_clear(rq);
            serve_error(rs, 400, "InvalidParameterValue", "more than %d "
                        "query parameters", SERVE_MAX_PARAMS);
            return false;
        }
        prm = &rq->params[rq->n_params];
        if ((prm->name = decode(p, name_len, true, why, sizeof why)) ==
                NULL ||
            (prm->value = decode(p + name_len + (name_len < n),
                                 name_len < n ? n - name_len - 1 : 0, true,
                                 why, sizeof why)) == NULL) {
            char raw[64], shown[200];
            free(prm->name);
            prm->name = NULL;
            /* the raw name may itself be the bad part: shown escaped */
            snprintf(raw, sizeof raw, "%.*s",
                     (int)yj_utf8_cut(p, name_len, 40), p);
            yj_text_escape(shown, sizeof shown, raw);
            serve_request_clear(rq);
            serve_error(rs, 400, "InvalidParameterValue", "query parameter "
                        "'%s' holds %s", shown, why);
            return false;
        }
        rq->n_params++;
        for (i = 0; i + 1 < rq->n_params; i++)
            if (strcmp(rq->params[i].name, prm->name) == 0) {
                char shown[200];
                yj_text_escape(shown, sizeof shown, prm->name);
                serve_request_clear(rq);
                serve_error(rs, 400, "InvalidParameterValue", "query "
                            "parameter '%s' is given twice", shown);
                return false;
            }
        p += n;
        if (*p == '&')
            p++;
    }
    return true;
}

const char *serve_param_get(const serve_request *rq, const char *name)
{
    size_t i;

    for (i = 0; i < rq->n_params; i++)
        if (strcmp(rq->params[i].name, name) == 0)
            return rq->params[i].value;
    return NULL;
}

bool serve_params_known(const serve_request *rq, const char *const *known,
                        serve_response *rs)
{
    size_t i, k;
    char list[512], shown[200];

    for (i = 0; i < rq->n_params; i++) {
        bool ok = false;
        for (k = 0; known != NULL && known[k] != NULL && !ok; k++)
            ok = strcmp(rq->params[i].name, known[k]) == 0;
        if (ok)
            continue;
        list[0] = '\0';
        for (k = 0; known != NULL && known[k] != NULL; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     k ? ", " : "", known[k]);
        yj_text_escape(shown, sizeof shown, rq->params[i].name);
        serve_error(rs, 400, "InvalidParameter", "unknown query parameter "
                    "'%s'; this resource takes %s", shown,
                    list[0] ? list : "none");
        return false;
    }
    return true;
}

/* ---- responses ------------------------------------------------------------ */

void serve_response_clear(serve_response *rs)
{
    free(rs->body);
    free(rs->set_cookie);
    memset(rs, 0, sizeof *rs);
}

FILE *serve_body_open(serve_response *rs, unsigned status,
                      const char *content_type)
{
    FILE *fp;

    free(rs->body);
    rs->body = NULL;
    rs->len = 0;
    rs->status = status;
    rs->content_type = content_type;
    fp = open_memstream(&rs->body, &rs->len);
    return fp;
}

void serve_body_close(serve_response *rs, FILE *fp)
{
    if (fp == NULL || ferror(fp)) {
        if (fp != NULL)
            fclose(fp);
        free(rs->body);
        rs->body = NULL;
        rs->len = 0;
        serve_error(rs, 500, "ServerError", "out of memory writing the "
                    "response");
        return;
    }
    if (fclose(fp) != 0) {
        free(rs->body);
        rs->body = NULL;
        rs->len = 0;
        serve_error(rs, 500, "ServerError", "out of memory writing the "
                    "response");
    }
}

void serve_error(serve_response *rs, unsigned status, const char *code,
                 const char *fmt, ...)
{
    char raw[1024], description[4096];
    va_list ap;
    FILE *fp;

    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* a message may quote what the client sent (a JSON parser's "near
     * '...'"): bytes that are not UTF-8, and controls, shown escaped as
     * the terminal sees them, so the body is always valid JSON text */
    yj_text_escape(description, sizeof description, raw);
    free(rs->body);
    rs->body = NULL;
    rs->len = 0;
    rs->status = status;
    rs->content_type = "application/json";
    rs->cacheable = false;
    if ((fp = open_memstream(&rs->body, &rs->len)) != NULL) {
        fputs("{\"code\": ", fp);
        yj_writer_json_literal(fp, code);
        fputs(", \"description\": ", fp);
        yj_writer_json_literal(fp, description);
        fputs("}\n", fp);
        if (fclose(fp) == 0)
            return;
    }
    /* no memory even for the message: the status alone */
    free(rs->body);
    rs->body = NULL;
    rs->len = 0;
    rs->status = 500;
}

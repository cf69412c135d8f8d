/* error.c — the yj_code names and the message helpers of error.h. */
#include "error.h"
#include "i18n.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *yj_code_name(yj_code code)
{
    switch (code) {
    case YJ_OK:        return _("ok");
    case YJ_EINVAL:    return _("invalid input");
    case YJ_ENOMEM:    return _("out of memory");
    case YJ_EIO:       return _("input/output error");
    case YJ_EDB:       return _("database error");
    case YJ_EPARSE:    return _("malformed file");
    case YJ_ENOTFOUND: return _("not found");
    case YJ_ESCHEMA:   return _("unsupported database");
    case YJ_EBUSY:     return _("database busy");
    case YJ_ECONFLICT: return _("conflicting change");
    case YJ_EDEPENDENCY: return _("missing library");
    }
    return _("unknown error");
}

static yj_code vfail(yj_error *err, yj_input input, yj_code code,
                     const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static yj_code vfail(yj_error *err, yj_input input, yj_code code,
                     const char *fmt, va_list ap)
{
    int n;

    if (err == NULL)
        return code;
    err->code = code;
    err->input = input;
    /* the message in the reader's language (i18n.h) */
    n = vsnprintf(err->message, sizeof err->message, _(fmt), ap);
    /* a long message is cut between characters, not inside one */
    if (n >= (int)sizeof err->message)
        yj_utf8_drop_cut_tail(err->message);
    return code;
}

yj_code yj_fail(yj_error *err, yj_code code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    code = vfail(err, YJ_INPUT_NONE, code, fmt, ap);
    va_end(ap);
    return code;
}

yj_code yj_fail_input(yj_error *err, yj_input input, yj_code code,
                      const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    code = vfail(err, input, code, fmt, ap);
    va_end(ap);
    return code;
}

void yj_error_prefix(yj_error *err, const char *prefix)
{
    size_t size = sizeof err->message, head, len;

    if (err == NULL)
        return;
    head = strlen(prefix) + 2;  /* "prefix: " */
    if (head >= size)
        head = size - 1;
    len = strnlen(err->message, size - 1);
    if (len > size - 1 - head)
        len = size - 1 - head;  /* the message's tail gives way */
    memmove(err->message + head, err->message, len);
    err->message[head + len] = '\0';
    yj_utf8_drop_cut_tail(err->message + head);
    memcpy(err->message, prefix, head >= 2 ? head - 2 : head);
    if (head >= 2)
        memcpy(err->message + head - 2, ": ", 2);
}

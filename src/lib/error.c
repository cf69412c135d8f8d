/* error.c — the yj_code names and the message helpers of error.h. */
#include "error.h"
#include "i18n.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* What a message keeps when a long head (a file's path) is put before
 * it: the head gives way first, from its start. */
enum { MESSAGE_KEEP = 120 };

void yj_error_prepend(yj_error *err, const char *head)
{
    static const char ellipsis[] = "…";
    size_t size = sizeof err->message, n, len, room, skip = 0, e = 0;

    if (err == NULL)
        return;
    n = strlen(head);
    len = strnlen(err->message, size - 1);
    room = size - 1 - (len < MESSAGE_KEEP ? len : MESSAGE_KEEP);
    if (n > room) {
        /* "…" and the head's end (the row and column, the file's name):
         * from a character's first byte */
        e = sizeof ellipsis - 1;
        skip = n - (room - e);
        while (skip < n && ((unsigned char)head[skip] & 0xC0) == 0x80)
            skip++;
        n -= skip;
    }
    if (len > size - 1 - e - n)
        len = size - 1 - e - n;  /* the message's tail gives way */
    memmove(err->message + e + n, err->message, len);
    err->message[e + n + len] = '\0';
    yj_utf8_drop_cut_tail(err->message + e + n);
    memcpy(err->message, ellipsis, e);
    memcpy(err->message + e, head + skip, n);
}

const char *yj_error_separator(void)
{
    /* TRANSLATORS: between a file, field or value and what is wrong */
    return _(": ");
}

void yj_error_prefix(yj_error *err, const char *prefix)
{
    const char *sep = yj_error_separator();
    size_t n = strlen(prefix) + strlen(sep) + 1;
    char *head;

    if (err == NULL)
        return;
    if ((head = malloc(n)) == NULL) {
        yj_error_prepend(err, sep); /* out of memory: the prefix goes */
        return;
    }
    snprintf(head, n, "%s%s", prefix, sep);
    yj_error_prepend(err, head);
    free(head);
}

/* error.h — private helpers that fill a yj_error.  Every module reports
 * failure through yj_fail so that messages share one shape. */
#ifndef YJ_ERROR_H
#define YJ_ERROR_H

#include "yijia.h"

/* Record `code` and a printf-style message in `err` (NULL allowed) and
 * return `code`, so callers can write `return yj_fail(err, ...)`.  `fmt`
 * is an English message, translated here (i18n.h). */
yj_code yj_fail(yj_error *err, yj_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* yj_fail, naming the input that failed in err->input. */
yj_code yj_fail_input(yj_error *err, yj_input input, yj_code code,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prefix err->message with "prefix: " (for adding file names); the
 * separator is yj_error_separator's. */
void yj_error_prefix(yj_error *err, const char *prefix);

/* ": " in the reader's language ("：" in Chinese).  Static storage. */
const char *yj_error_separator(void);

/* Prefix err->message with `head` as it is (a translated "where").  When
 * both do not fit, the message keeps its first 120 bytes and the head
 * gives way from its start ("…" and its end: the file's name, the row and
 * column), then the message's tail; cuts fall between characters. */
void yj_error_prepend(yj_error *err, const char *head);

/* A short lowercase name for `code` ("invalid input", ...). Static storage. */
const char *yj_code_name(yj_code code);

#endif

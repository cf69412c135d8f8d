/* csv.c — the delimited-text reader of csv.h.
 *
 * The reader is a small state machine over the caller's buffer.  Fields are
 * unescaped into one growing buffer per record; `fields` points into it.
 * Invariant: between calls, r->pos is at the start of a line. */
#include "csv.h"

#include "error.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

struct yj_csv_reader {
    const char *buf;
    size_t len, pos;
    size_t line;          /* physical line at pos */
    char delim;
    char *name;
    char *text;           /* unescaped field bytes, NUL-separated */
    size_t text_len, text_cap;
    size_t *offsets;      /* start of each field in text */
    size_t count, cap;
    char **fields;
    size_t fields_cap;
    yj_csv_record rec;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t n = *cap ? *cap : 16;
    void *q;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    if ((q = realloc(*p, n * elem)) == NULL)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static int put(yj_csv_reader *r, char c)
{
    if (grow((void **)&r->text, &r->text_cap, r->text_len + 1, 1) != 0)
        return -1;
    r->text[r->text_len++] = c;
    return 0;
}

static int start_field(yj_csv_reader *r)
{
    if (grow((void **)&r->offsets, &r->cap, r->count + 1, sizeof *r->offsets))
        return -1;
    r->offsets[r->count++] = r->text_len;
    return 0;
}

yj_code yj_csv_reader_new(yj_csv_reader **out, const char *buf, size_t len,
                          const char *name, char delim, yj_error *err)
{
    yj_csv_reader *r;
    size_t i;

    *out = NULL;
    if (delim != 0 && delim != ',' && delim != '\t')
        return yj_fail(err, YJ_EINVAL, "unsupported delimiter 0x%02x",
                       (unsigned)(unsigned char)delim);
    if ((r = calloc(1, sizeof *r)) == NULL ||
        (r->name = yj_strndup(name, strlen(name))) == NULL) {
        free(r);
        return yj_fail(err, YJ_ENOMEM, "out of memory reading %s", name);
    }
    r->buf = buf;
    r->len = len;
    r->line = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    if (delim == 0) {
        bool tab = false, comma = false;
        for (i = r->pos; i < len && buf[i] != '\n' && buf[i] != '\r'; i++) {
            tab = tab || buf[i] == '\t';
            comma = comma || buf[i] == ',';
        }
        delim = (tab && !comma) ? '\t' : ',';
    }
    r->delim = delim;
    *out = r;
    return YJ_OK;
}

void yj_csv_reader_free(yj_csv_reader *r)
{
    if (r == NULL)
        return;
    free(r->name);
    free(r->text);
    free(r->offsets);
    free(r->fields);
    free(r);
}

char yj_csv_delimiter(const yj_csv_reader *r)
{
    return r->delim;
}

/* Consume a line end at pos if there is one; returns 1 if consumed. */
static int eat_newline(yj_csv_reader *r)
{
    if (r->pos < r->len && r->buf[r->pos] == '\r') {
        r->pos++;
        if (r->pos < r->len && r->buf[r->pos] == '\n')
            r->pos++;
        r->line++;
        return 1;
    }
    if (r->pos < r->len && r->buf[r->pos] == '\n') {
        r->pos++;
        r->line++;
        return 1;
    }
    return 0;
}

static yj_code nomem(yj_csv_reader *r, yj_error *err)
{
    return yj_fail(err, YJ_ENOMEM, "%s:%zu: out of memory", r->name, r->line);
}

/* Parse one quoted field; pos is just past the opening quote. */
static yj_code quoted_field(yj_csv_reader *r, yj_error *err)
{
    size_t open_line = r->line;

    for (;;) {
        char c;
        if (r->pos >= r->len)
            return yj_fail(err, YJ_EPARSE,
                           "%s:%zu: unterminated quoted field (the quote "
                           "opened on line %zu is never closed)",
                           r->name, open_line, open_line);
        c = r->buf[r->pos];
        if (c == '"') {
            if (r->pos + 1 < r->len && r->buf[r->pos + 1] == '"') {
                if (put(r, '"') != 0)
                    return nomem(r, err);
                r->pos += 2;
                continue;
            }
            r->pos++;
            if (r->pos < r->len && r->buf[r->pos] != r->delim &&
                r->buf[r->pos] != '\n' && r->buf[r->pos] != '\r') {
                if (open_line != r->line)
                    /* Most likely a stray quote where the field opened. */
                    return yj_fail(err, YJ_EPARSE,
                                   "%s:%zu: unbalanced quote: the quoted "
                                   "field opened on this line runs on to "
                                   "line %zu", r->name, open_line, r->line);
                return yj_fail(err, YJ_EPARSE,
                               "%s:%zu: unexpected text after a closing "
                               "quote (a quote inside a quoted field must "
                               "be doubled)", r->name, r->line);
            }
            return YJ_OK;
        }
        if (c == '\0')
            return yj_fail(err, YJ_EPARSE, "%s:%zu: NUL byte in the text",
                           r->name, r->line);
        if (c == '\r' || c == '\n') {
            /* Line ends inside quotes are data; keep them as LF. */
            eat_newline(r);
            if (put(r, '\n') != 0)
                return nomem(r, err);
            continue;
        }
        if (put(r, c) != 0)
            return nomem(r, err);
        r->pos++;
    }
}

yj_code yj_csv_read(const yj_csv_record **rec, yj_csv_reader *r,
                    yj_error *err)
{
    yj_code rc;
    size_t i;

    *rec = NULL;
    /* Skip blank lines. */
    while (r->pos < r->len && eat_newline(r))
        ;
    if (r->pos >= r->len)
        return YJ_OK;

    r->text_len = 0;
    r->count = 0;
    r->rec.line = r->line;
    for (;;) {
        if (start_field(r) != 0)
            return nomem(r, err);
        if (r->pos < r->len && r->buf[r->pos] == '"') {
            r->pos++;
            if ((rc = quoted_field(r, err)) != YJ_OK)
                return rc;
        } else {
            while (r->pos < r->len) {
                char c = r->buf[r->pos];
                if (c == r->delim || c == '\n' || c == '\r')
                    break;
                if (c == '\0')
                    return yj_fail(err, YJ_EPARSE,
                                   "%s:%zu: NUL byte in the text",
                                   r->name, r->line);
                if (put(r, c) != 0)
                    return nomem(r, err);
                r->pos++;
            }
        }
        if (put(r, '\0') != 0)
            return nomem(r, err);
        if (r->pos < r->len && r->buf[r->pos] == r->delim) {
            r->pos++;
            continue;
        }
        eat_newline(r);
        break;
    }
    if (grow((void **)&r->fields, &r->fields_cap, r->count,
             sizeof *r->fields) != 0)
        return nomem(r, err);
    for (i = 0; i < r->count; i++)
        r->fields[i] = r->text + r->offsets[i];
    r->rec.fields = r->fields;
    r->rec.count = r->count;
    *rec = &r->rec;
    return YJ_OK;
}

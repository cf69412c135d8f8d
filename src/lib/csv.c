/* csv.c — the delimited-text reader of csv.h.
 *
 * The reader is a small state machine over the caller's buffer.  Fields are
 * unescaped into one growing buffer per record; `fields` points into it.
 * Invariant: between calls, r->pos is at the start of a line. */
#include "csv.h"

#include "error.h"
#include "text.h"

#include <errno.h>
#include <iconv.h>
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

/* ---- decoding -------------------------------------------------------------- */

static size_t line_at(const char *buf, size_t pos)
{
    size_t line = 1, i;

    for (i = 0; i < pos; i++)
        line += buf[i] == '\n';
    return line;
}

/* iconv `from` → UTF-8; on bad input *bad is the offending byte offset. */
static yj_code convert(char **out, size_t *out_len, const char *buf,
                       size_t len, const char *from, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", from);
    size_t cap = len * 2 + 16, left_in = len, left_out;
    char *in = (char *)buf, *o, *res;

    *bad = (size_t)-1;
    if (cd == (iconv_t)-1)
        return YJ_EIO;
    if ((res = malloc(cap)) == NULL) {
        iconv_close(cd);
        return YJ_ENOMEM;
    }
    o = res;
    left_out = cap - 1;
    while (left_in > 0) {
        if (iconv(cd, &in, &left_in, &o, &left_out) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - res);
            char *grown = realloc(res, cap * 2);
            if (grown == NULL) {
                free(res);
                iconv_close(cd);
                return YJ_ENOMEM;
            }
            res = grown;
            cap *= 2;
            o = res + used;
            left_out = cap - 1 - used;
            continue;
        }
        *bad = (size_t)(in - buf);
        free(res);
        iconv_close(cd);
        return YJ_EPARSE;
    }
    iconv_close(cd);
    *o = '\0';
    *out = res;
    *out_len = (size_t)(o - res);
    return YJ_OK;
}

yj_code yj_csv_decode(char **out, size_t *out_len, const char **used,
                      const char *buf, size_t len, const char *encoding,
                      const char *name, yj_error *err)
{
    const unsigned char *u = (const unsigned char *)buf;
    const char *from;
    size_t bad = 0;
    yj_code rc;

    *out = NULL;
    *out_len = 0;
    *used = "";
    if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
        return yj_fail(err, YJ_EPARSE, "%s: an Excel workbook (.xlsx), not "
                       "a CSV file: in Excel, save it as \"CSV UTF-8\"",
                       name);
    if (len >= 8 && memcmp(buf, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
        return yj_fail(err, YJ_EPARSE, "%s: an old Excel workbook (.xls), "
                       "not a CSV file: in Excel, save it as \"CSV UTF-8\"",
                       name);
    if (strcmp(encoding, "auto") == 0 && len >= 2 &&
        ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
        /* Excel's "Unicode text": UTF-16 with a byte-order mark. */
        from = u[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
        rc = convert(out, out_len, buf + 2, len - 2, from, &bad);
        if (rc == YJ_EPARSE)
            return yj_fail(err, YJ_EPARSE, "%s: byte %zu: not valid %s",
                           name, bad + 3, from);
        if (rc != YJ_OK)
            return yj_fail(err, rc, "%s: cannot decode %s", name, from);
        *used = u[0] == 0xff ? "utf-16le" : "utf-16be";
    } else {
        if (memchr(buf, '\0', len) != NULL)
            return yj_fail(err, YJ_EPARSE, "%s:%zu: a NUL byte: a binary "
                           "file, not a CSV sheet", name,
                           line_at(buf, (size_t)((const char *)memchr(
                                            buf, '\0', len) - buf)));
        if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
            if (strcmp(encoding, "gb18030") == 0)
                return yj_fail(err, YJ_EPARSE, "%s: starts with a UTF-8 "
                               "byte-order mark but --encoding gb18030 was "
                               "given", name);
            buf += 3;
            len -= 3;
            encoding = "utf-8";
        }
        if (strcmp(encoding, "utf-8") == 0 ||
            (strcmp(encoding, "auto") == 0 && yj_utf8_valid(&bad, buf, len))) {
            if (!yj_utf8_valid(&bad, buf, len))
                return yj_fail(err, YJ_EPARSE, "%s:%zu: byte %zu of the "
                               "file is not valid UTF-8 (try --encoding "
                               "gb18030)", name, line_at(buf, bad), bad + 1);
            if ((*out = yj_strndup(buf, len)) == NULL)
                return yj_fail(err, YJ_ENOMEM, "out of memory");
            *out_len = len;
            *used = "utf-8";
            return YJ_OK;
        }
        rc = convert(out, out_len, buf, len, "GB18030", &bad);
        if (rc == YJ_EPARSE)
            return yj_fail(err, YJ_EPARSE, "%s:%zu: byte %zu of the file is "
                           "neither UTF-8 nor GB18030/GBK: not a text sheet "
                           "(save it as \"CSV UTF-8\")", name,
                           line_at(buf, bad), bad + 1);
        if (rc != YJ_OK)
            return yj_fail(err, rc, "%s: cannot decode GB18030", name);
        *used = "gb18030";
    }
    if (memchr(*out, '\0', *out_len) != NULL) {
        free(*out);
        *out = NULL;
        return yj_fail(err, YJ_EPARSE, "%s: a NUL character: a binary file, "
                       "not a CSV sheet", name);
    }
    return YJ_OK;
}

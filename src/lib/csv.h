/* csv.h — reading delimited text (RFC 4180 CSV and its tab form).  Pure:
 * the reader parses a caller's buffer.  Line numbers are 1-based physical
 * lines of the input.  (Writing is the station writer's: writer_delim.c.) */
#ifndef YJ_CSV_H
#define YJ_CSV_H

#include "yijia.h"

typedef struct yj_csv_record {
    char **fields;  /* count NUL-terminated fields, owned by the reader */
    size_t count;
    size_t line;    /* the line the record starts on */
} yj_csv_record;

typedef struct yj_csv_reader yj_csv_reader;

/* Parse buf[0..len) (not copied: it must outlive the reader).  `name`
 * (copied) prefixes error messages.  `delim` is ',' or '\t', or 0 to take
 * a tab when the first line has tabs and no commas, else a comma.  A UTF-8
 * byte-order mark is skipped; CRLF, LF and CR line ends are accepted. */
yj_code yj_csv_reader_new(yj_csv_reader **out, const char *buf, size_t len,
                          const char *name, char delim, yj_error *err);
void yj_csv_reader_free(yj_csv_reader *r);

/* The next record into *rec (borrowed until the next call), or *rec = NULL
 * at the end.  Blank lines are skipped.  YJ_EPARSE names "name:line" for an
 * unterminated quoted field, text after a closing quote, or a NUL byte. */
yj_code yj_csv_read(const yj_csv_record **rec, yj_csv_reader *r,
                    yj_error *err);

/* Decode a whole file's bytes to UTF-8 for the reader.  `encoding` is
 * "auto", "utf-8" or "gb18030" (GBK and GB2312 are its subsets).  Auto:
 * a UTF-8 or UTF-16 byte-order mark decides; else valid UTF-8 is UTF-8 and
 * anything else is read as GB18030 (what Excel on Chinese Windows saves).
 * *out (free it) is NUL-terminated without a byte-order mark; *used names
 * the encoding read.  YJ_EPARSE "name:line: ..." for bytes the encoding
 * cannot hold, a binary file (NUL bytes) or an Excel workbook. */
yj_code yj_csv_decode(char **out, size_t *out_len, const char **used,
                      const char *buf, size_t len, const char *encoding,
                      const char *name, yj_error *err);

/* The delimiter in use (after detection). */
char yj_csv_delimiter(const yj_csv_reader *r);


#endif

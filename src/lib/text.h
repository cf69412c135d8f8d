/* text.h — private text helpers shared by the CSV reader, validation and
 * the writers: UTF-8, display width, and fast fixed-point numbers.  Pure
 * functions over buffers. */
#ifndef YJ_TEXT_H
#define YJ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 sequence at s[0..len).  Returns its length (1..4) and
 * stores the code point in *cp, or returns 0 for an invalid sequence. */
size_t yj_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* How much of s[0..len) fits in `max` bytes without cutting a UTF-8
 * character: len itself when it fits, else at most max.  (Public too,
 * yijia.h: the tool and the server quote values with it.) */
size_t yj_utf8_cut(const char *s, size_t len, size_t max);
/* Copy src into dst[size] (size > 0), cut between characters when it does
 * not fit.  Always terminated. */
void yj_utf8_copy(char *dst, size_t size, const char *src);

/* Drop the last character of s when it was cut short (a buffer filled
 * by snprintf ends inside a UTF-8 sequence). */
void yj_utf8_drop_cut_tail(char *s);

/* Display width of one code point: 0, 1 or 2. */
int yj_codepoint_width(uint32_t cp);

/* Duplicate s[0..len) as a NUL-terminated heap string; NULL on ENOMEM. */
char *yj_strndup(const char *s, size_t len);

/* v with exactly `decimals` decimals into buf[32], as printf("%.*f")
 * writes it (digit for digit), but about ten times faster for the values
 * coordinates take.  Returns the length. */
size_t yj_format_fixed(char *buf, double v, int decimals);

/* Drop the trailing zeros of a decimal number's fraction (and its '.'
 * when nothing is left), and write "-0" as "0".  Returns the length. */
size_t yj_trim_decimal(char *buf);

/* Cells that a spreadsheet would run as a formula (README "What reaches a
 * spreadsheet"): one that starts with = + - @, a tab or CR (after any
 * apostrophes) and is not a plain number.  The writers of the CSVs meant
 * for Excel put an apostrophe in front of such a cell; import takes it
 * off again (yj_cell_unguard: a pointer into s), so that the round trip
 * is lossless, a leading apostrophe of the data included. */
bool yj_cell_needs_guard(const char *s);
const char *yj_cell_unguard(const char *s);

/* What people type, folded for matching into buf[size] (size > 0):
 * full-width ASCII forms (U+FF01..U+FF5E: "１２０．２９，" "ｔｏｉｌｅｔ") become
 * ASCII; the ideographic space U+3000, the no-break space U+00A0 and the
 * other Unicode spaces (U+1680, U+2000..U+200A, U+202F, U+205F) a space;
 * the zero-width space U+200B, word joiner U+2060 and BOM U+FEFF are
 * dropped; the minus sign U+2212 becomes '-'; and white space (ASCII and
 * those spaces) is taken off both ends.  Other text, invalid bytes included, is
 * copied as it is.  False when the result did not fit (buf then holds a
 * cut, terminated copy). */
bool yj_text_fold(char *buf, size_t size, const char *s);

#endif

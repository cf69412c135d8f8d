/* json.h — private: reading the providers' JSON with jansson (Debian's
 * libjansson4), loaded on first use like libcurl.  Never string matching:
 * every value is taken from the parsed tree. */
#ifndef YJ_JSON_H
#define YJ_JSON_H

#include "yijia.h"

#include <jansson.h>

/* How deep arrays and objects may nest: a provider's answer nests 4
 * levels; 100,000 '[' are an attack on the parser's stack. */
#define YJ_JSON_MAX_DEPTH 64

/* Parse text[0..len); YJ_EPARSE "not JSON: line L column C: what" when it
 * is not JSON, "JSON nested deeper than 64 levels" (checked before
 * parsing); YJ_EDEPENDENCY when jansson cannot be loaded.  Strings are valid
 * UTF-8 without NUL (jansson's rules). */
yj_code yj_json_load(json_t **out, const char *text, size_t len,
                     yj_error *err);
void yj_json_free(json_t *j);

/* Member `key` of an object, element i of an array (NULL when absent or
 * not that kind of value), an array's size (0 for anything else). */
json_t *yj_json_get(const json_t *obj, const char *key);
json_t *yj_json_at(const json_t *arr, size_t i);
size_t yj_json_size(const json_t *arr);
/* A string's text, or NULL (Amap writes an unknown field as []). */
const char *yj_json_str(const json_t *j);
/* A number, or a string holding a decimal number (providers do both). */
bool yj_json_num(const json_t *j, double *out);
/* Compact JSON text of j, any kind of value (free it); NULL on ENOMEM. */
char *yj_json_dump(const json_t *j);

#endif

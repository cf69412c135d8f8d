/* fuzz_import.c — libFuzzer target for import's field normalisers: the
 * text rules of yj_import_apply (vocabulary words and labels, amenity
 * lists with Chinese separators, dates such as 2025/3/1, Chinese opening
 * hours rewritten into the opening_hours syntax, full-width phone
 * punctuation, coordinates in three systems, the 坐标系 cell) and then
 * yj_station_validate, in memory without a database (ed NULL: townships
 * as written).  Any values either give a station — valid or refused with
 * a message — never a crash, a leak or an out-of-range point.
 *
 * Input: byte 0 chooses the default coordinate system (bits 0-1) and
 * whether an empty value clears (bit 2); then one value per line in field
 * order (id, name, address, ... as yijia.h's yj_field), then the 坐标系
 * cell; a line of one 0x7F byte is "not given" (NULL). */
#include "station.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yj_field_values v;
    yj_station s;
    yj_error err;
    char *text, *p, *lines[YJ_F_COUNT + 1];
    size_t n = 0, i;
    yj_crs crs;

    if (size < 1 || (text = malloc(size)) == NULL)
        return 0;
    crs = (yj_crs)(data[0] % 3);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    memset(&v, 0, sizeof v);
    v.empty_clears = (data[0] & 4) != 0;
    for (p = text; n < YJ_F_COUNT + 1 && p != NULL; n++) {
        char *nl = strchr(p, '\n');
        if (nl != NULL)
            *nl = '\0';
        lines[n] = strcmp(p, "\x7f") == 0 ? NULL : p;
        (void)yj_import_column(p);
        p = nl != NULL ? nl + 1 : NULL;
    }
    for (i = 0; i < n && i < YJ_F_COUNT; i++)
        v.value[i] = lines[i];
    v.crs = n > YJ_F_COUNT ? lines[YJ_F_COUNT] : NULL;

    memset(&s, 0, sizeof s);
    for (i = 0; i < YJ_F_COUNT; i++)
        if (yj_station_set(&s, (yj_field)i, "", &err) != YJ_OK)
            abort();
    memset(&err, 0, sizeof err);
    if (yj_import_apply(&s, NULL, &v, crs, "fuzz", &err) == YJ_OK) {
        if (s.has_point && !(fabs(s.lon) <= 180 && fabs(s.lat) <= 90))
            abort();
        if (yj_station_validate(&s, &err) == YJ_OK) {
            for (i = 0; i < YJ_F_COUNT; i++)
                if (s.text[i] == NULL || strlen(s.text[i]) > YJ_FIELD_MAX)
                    abort();
        } else if (err.message[0] == '\0') {
            abort();
        }
    } else if (err.message[0] == '\0') {
        abort();
    }
    yj_station_clear(&s);
    free(text);
    return 0;
}

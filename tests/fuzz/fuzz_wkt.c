/* fuzz_wkt.c — libFuzzer target for the boundary WKT check (dataset.c's
 * yj_wkt_check), which stands between boundaries.csv and SpatiaLite: any
 * text is either accepted with an extent on the globe and at most 10°
 * across and at least 4 points, or refused with a message — never a
 * crash, a hang or a read past the text (issue 19, defect 8: 1e300, inf
 * and the whole world were accepted).  Seeds: the shipped boundaries and
 * crafted polygons. */
#include "dataset.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yj_error err;
    yj_box box;
    size_t points = 0;
    char *text;

    if ((text = malloc(size + 1)) == NULL)
        return 0;
    if (size > 0)
        memcpy(text, data, size);
    text[size] = '\0';
    memset(&err, 0, sizeof err);
    if (yj_wkt_check(&box, &points, text, &err) == YJ_OK) {
        if (points < 4 || !(box.west >= -180 && box.east <= 180 &&
                            box.south >= -90 && box.north <= 90 &&
                            box.west <= box.east && box.south <= box.north &&
                            box.east - box.west <= 10 &&
                            box.north - box.south <= 10))
            abort();
    } else if (err.code != YJ_EINVAL || err.message[0] == '\0') {
        abort();
    }
    free(text);
    return 0;
}

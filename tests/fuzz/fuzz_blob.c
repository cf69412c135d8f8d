/* fuzz_blob.c — libFuzzer target for the SpatiaLite geometry BLOB decoder
 * (shape.c), the read path's only parser of database geometry: any bytes
 * either decode to a shape that keeps every invariant the grids and the
 * map rely on (rings of at least 4 points, points on the globe, the box
 * holding them all, a finite area, a faithful copy) or fail with YJ_EDB
 * and a message, leaving the shape empty — never a crash, a leak or an
 * out-of-bounds read (issue 19, defect 5).  Seeds: every township and the
 * district of the shipped data as the build writes them, and crafted
 * BLOBs. */
#include "shape.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_shape(const yj_shape *s)
{
    size_t r, i;
    yj_lonlat centre;
    double area;

    if (s->n_rings == 0 || s->ring_start[0] != 0 ||
        s->ring_start[s->n_rings] != s->n_points)
        abort();
    for (r = 0; r < s->n_rings; r++)
        if (s->ring_start[r + 1] < s->ring_start[r] + 4)
            abort();
    for (i = 0; i < s->n_points; i++) {
        const yj_lonlat *p = &s->points[i];
        if (!(fabs(p->lon) <= 180 && fabs(p->lat) <= 90) ||
            p->lon < s->box.west || p->lon > s->box.east ||
            p->lat < s->box.south || p->lat > s->box.north)
            abort();
    }
    area = yj_shape_area_m2(s);
    if (!isfinite(area))
        abort();
    centre.lon = (s->box.west + s->box.east) / 2;
    centre.lat = (s->box.south + s->box.north) / 2;
    (void)yj_shape_contains(s, centre);
    (void)yj_shape_contains(s, s->points[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yj_shape s, copy;
    yj_error err;
    uint8_t *blob;

    /* a copy of exactly `size` bytes: ASan sees any read past the end */
    if ((blob = malloc(size ? size : 1)) == NULL)
        return 0;
    if (size > 0)
        memcpy(blob, data, size);
    memset(&err, 0, sizeof err);
    if (yj_shape_from_blob(&s, blob, size, &err) == YJ_OK) {
        check_shape(&s);
        if (yj_shape_copy(&copy, &s, &err) != YJ_OK)
            abort();
        if (copy.n_points != s.n_points || copy.n_rings != s.n_rings ||
            memcmp(copy.points, s.points, s.n_points * sizeof *s.points) != 0)
            abort();
        yj_shape_clear(&copy);
        yj_shape_clear(&s);
    } else if (err.code != YJ_EDB || err.message[0] == '\0' ||
               s.points != NULL || s.ring_start != NULL || s.n_rings != 0) {
        abort();
    }
    free(blob);
    return 0;
}

/* zorder.c — Z-order keys and the key ranges of a box (see zorder.h).
 *
 * A box is covered by the cells of the finest level at which it spans at
 * most Z_SPAN cells along each axis; each cell is one contiguous key range,
 * and ranges that meet are merged.  Finer cells mean fewer keys outside the
 * box to skip, more cells mean more index seeks: 3 balances them. */
#include "zorder.h"

#include <math.h>
#include <stdlib.h>

#define Z_CELLS 2147483648.0 /* 2^31 */
#define Z_SPAN 4

static unsigned long long quantize(double v, double lo, double span)
{
    double q = (v - lo) / span * Z_CELLS;

    if (q < 0.0)
        return 0;
    if (q >= Z_CELLS)
        return (1ull << YJ_Z_BITS) - 1;
    return (unsigned long long)q;
}

static unsigned long long interleave(unsigned long long x,
                                     unsigned long long y, int bits)
{
    unsigned long long key = 0;
    int b;

    for (b = bits - 1; b >= 0; b--)
        key = (key << 2) | (((y >> b) & 1u) << 1) | ((x >> b) & 1u);
    return key;
}

long long yj_z_key(double lon, double lat)
{
    return (long long)interleave(quantize(lon, -180.0, 360.0),
                                 quantize(lat, -90.0, 180.0), YJ_Z_BITS);
}

static int by_lo(const void *a, const void *b)
{
    long long x = ((const long long *)a)[0], y = ((const long long *)b)[0];
    return (x > y) - (x < y);
}

size_t yj_z_ranges(long long lo[YJ_Z_MAX_RANGES], long long hi[YJ_Z_MAX_RANGES],
                   const yj_box *box)
{
    unsigned long long x0 = quantize(box->west, -180.0, 360.0);
    unsigned long long x1 = quantize(box->east, -180.0, 360.0);
    unsigned long long y0 = quantize(box->south, -90.0, 180.0);
    unsigned long long y1 = quantize(box->north, -90.0, 180.0);
    unsigned long long cx, cy;
    long long pairs[YJ_Z_MAX_RANGES][2];
    int level = YJ_Z_BITS, shift;
    size_t n = 0, i, m;

    /* Coarsen until the box spans at most Z_SPAN cells on each axis. */
    while (level > 0 && (((x1 >> (YJ_Z_BITS - level)) -
                          (x0 >> (YJ_Z_BITS - level))) >= Z_SPAN ||
                         ((y1 >> (YJ_Z_BITS - level)) -
                          (y0 >> (YJ_Z_BITS - level))) >= Z_SPAN))
        level--;
    shift = YJ_Z_BITS - level;
    for (cy = y0 >> shift; cy <= y1 >> shift; cy++) {
        for (cx = x0 >> shift; cx <= x1 >> shift; cx++) {
            unsigned long long prefix = interleave(cx, cy, level);
            pairs[n][0] = (long long)(prefix << (2 * shift));
            pairs[n][1] = (long long)((prefix + 1) << (2 * shift));
            n++;
        }
    }
    qsort(pairs, n, sizeof pairs[0], by_lo);
    for (i = 0, m = 0; i < n; i++) {
        if (m > 0 && hi[m - 1] == pairs[i][0]) {
            hi[m - 1] = pairs[i][1]; /* adjacent: one range */
            continue;
        }
        lo[m] = pairs[i][0];
        hi[m] = pairs[i][1];
        m++;
    }
    return m;
}

long yj_density_cell(double lon, double lat)
{
    long row = (long)floor(lat) + 90, col = (long)floor(lon) + 180;

    return row * 360 + col;
}

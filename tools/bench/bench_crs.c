/* bench_crs.c — points per second of yj_crs_convert_array in each of the six
 * directions, over the same pseudo-random points the node reference uses
 * (tools/bench/bench_convert.sh runs both and prints the ratios).
 * usage: bench_crs N   prints "direction points_per_second" lines. */
#include <yijia.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    static const yj_crs dirs[6][2] = {
        {YJ_CRS_WGS84, YJ_CRS_GCJ02}, {YJ_CRS_GCJ02, YJ_CRS_WGS84},
        {YJ_CRS_GCJ02, YJ_CRS_BD09},  {YJ_CRS_BD09, YJ_CRS_GCJ02},
        {YJ_CRS_WGS84, YJ_CRS_BD09},  {YJ_CRS_BD09, YJ_CRS_WGS84},
    };
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    yj_lonlat *src, *pts;
    unsigned long long state = 42;
    long i;
    int d;

    if (n <= 0 || (src = malloc((size_t)n * sizeof *src)) == NULL ||
        (pts = malloc((size_t)n * sizeof *pts)) == NULL)
        return 1;
    /* Points over greater Hangzhou (the same LCG as the node script). */
    for (i = 0; i < n; i++) {
        state = (state * 6364136223846793005ull + 1442695040888963407ull);
        src[i].lon = 119.5 + (double)(state >> 11) / 9007199254740992.0 * 1.5;
        state = (state * 6364136223846793005ull + 1442695040888963407ull);
        src[i].lat = 29.5 + (double)(state >> 11) / 9007199254740992.0 * 1.2;
    }
    for (d = 0; d < 6; d++) {
        double best = 1e30;
        int rep;
        for (rep = 0; rep < 3; rep++) {
            double t0;
            for (i = 0; i < n; i++)
                pts[i] = src[i];
            t0 = now_s();
            if (yj_crs_convert_array(NULL, pts, (size_t)n, dirs[d][0],
                                     dirs[d][1], NULL) != YJ_OK)
                return 1;
            t0 = now_s() - t0;
            if (t0 < best)
                best = t0;
        }
        printf("%s->%s %.0f\n", yj_crs_name(dirs[d][0]),
               yj_crs_name(dirs[d][1]), (double)n / best);
    }
    free(src);
    free(pts);
    return 0;
}

/* gen_synthetic.c — a deterministic generator of N synthetic stations
 * spread uniformly over mainland China, for benchmarks and scale tests.
 * Every row says it is synthetic (name, address, coord_source, source,
 * notes): none of it is a real station.
 *
 * usage: gen_synthetic N SEED > stations.csv
 * Then build a database with the real tool:
 *   cp data/places.csv data/boundaries.csv DIR/ && yijia --db X build --data DIR */
#include <yijia.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state;

static unsigned long long next(void)
{
    unsigned long long z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * ((double)(next() >> 11) / 9007199254740992.0);
}

int main(int argc, char **argv)
{
    static const char *const categories[] = {
        "community", "party_mass", "union", "enterprise", "bank",
        "fuel_station", "sanitation", "government",
    };
    /* Every station the programme standard; some more, surveyed. */
    static const char *const extras[] = {
        "", ";toilet", ";first_aid", ";toilet;first_aid", ";wifi",
        ";toilet;ebike_charging", "", "",
    };
    char *end;
    long n, i;
    unsigned long long seed;

    if (argc != 3) {
        fprintf(stderr, "usage: gen_synthetic N SEED > stations.csv\n");
        return 2;
    }
    errno = 0;
    n = strtol(argv[1], &end, 10);
    if (errno != 0 || *end != '\0' || n < 1 || n > 100000000) {
        fprintf(stderr, "gen_synthetic: N '%s' is not 1..100000000\n", argv[1]);
        return 2;
    }
    seed = strtoull(argv[2], &end, 10);
    if (*end != '\0') {
        fprintf(stderr, "gen_synthetic: SEED '%s' is not a number\n", argv[2]);
        return 2;
    }
    state = seed;
    printf("id,name,address,district,township,category,amenities,"
           "amenities_source,opening_hours,phone,lon,lat,coord_source,"
           "coord_precision,source,notes\n");
    for (i = 1; i <= n; i++) {
        yj_lonlat p;
        unsigned long long r;
        do {
            p.lon = uniform(73.5, 135.0);
            p.lat = uniform(18.0, 53.6);
        } while (!yj_crs_in_mainland(p));
        r = next();
        printf("SYN%08ld,合成站点%ld,合成地址%ld号,,,%s,drinking_water;rest;"
               "food_heating;warming;cooling;phone_charging;rain_shelter%s,"
               "survey,,,%.6f,%.6f,synthetic (gen_synthetic seed %llu),poi,"
               "synthetic,synthetic benchmark data: not a real station\n",
               i, i, i, categories[r % 8], extras[(r >> 8) % 8], p.lon, p.lat,
               seed);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

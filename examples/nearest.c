/* nearest.c — an example program using the installed libyijia: the three
 * stations nearest to a WGS84 point, nearest first.
 *
 *   usage: nearest DATABASE LON LAT
 *   e.g.   nearest /usr/local/share/yijia/stations.sqlite 120.2930 30.1750
 *
 * Prints one line a station: rank, id, name, distance in metres (to a
 * decimetre, as `yijia nearest` gives it).  Exit 0 when it found some, 1 on
 * an error (the library's message on stderr), 2 on bad arguments, 3 when no
 * station is located.
 *
 * Build with CMake (examples/CMakeLists.txt, find_package(yijia)), or with
 * pkg-config:
 *   cc -std=c11 -o nearest nearest.c $(pkg-config --cflags --libs yijia) */
#include <yijia.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A finite number with nothing after it ("30.1x" is not a number). */
static int parse_degrees(double *out, const char *text)
{
    char *end;

    errno = 0;
    *out = strtod(text, &end);
    return end != text && *end == '\0' && errno == 0 && isfinite(*out);
}

/* Called by yj_nearest once a station, nearest first; the station is
 * borrowed for the call only. */
static int print_hit(void *payload, const yj_hit *hit)
{
    size_t *found = payload;

    printf("%zu %s %s %.1f m\n", hit->rank, hit->station->text[YJ_F_ID],
           hit->station->text[YJ_F_NAME], hit->distance_m);
    (*found)++;
    return 0; /* go on */
}

int main(int argc, char **argv)
{
    yj_db *db = NULL;
    yj_near q = {{0.0, 0.0}, 3, 0.0};
    yj_error err;
    size_t found = 0;

    if (argc != 4 || !parse_degrees(&q.origin.lon, argv[2]) ||
        !parse_degrees(&q.origin.lat, argv[3])) {
        fprintf(stderr, "usage: nearest DATABASE LON LAT (libyijia %s)\n",
                yj_version());
        return 2;
    }
    if (yj_db_open(&db, argv[1], &err) != YJ_OK) {
        fprintf(stderr, "nearest: %s\n", err.message);
        return 1;
    }
    /* no filter (NULL): every station in service that has a point */
    if (yj_nearest(NULL, db, &q, NULL, print_hit, &found, &err) != YJ_OK) {
        fprintf(stderr, "nearest: %s\n", err.message);
        yj_db_close(db);
        return 1;
    }
    yj_db_close(db);
    return found > 0 ? 0 : 3;
}

/* cmd_nearest.c — `yijia nearest`: the stations nearest to a point or a
 * place, with distance, bearing and map links: the main job. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: yijia [--db FILE] nearest [OPTIONS] LON,LAT\n"
    "       yijia [--db FILE] nearest [OPTIONS] --near NAME\n"
    "\n"
    "The stations nearest to a point or a place: distance (geodesic, WGS84),\n"
    "bearing, address, amenities, opening hours, how precise the station's\n"
    "location is, and links that open it in Amap or Baidu Maps.\n"
    "\n"
    "Origin:\n"
    "  LON,LAT          coordinates (negative values are fine: -0.1,51.5)\n"
    "  --crs CRS        their system: wgs84 (GPS, default), gcj02 (Amap),\n"
    "                   bd09 (Baidu)\n"
    "  --latlon         read LAT,LON (Baidu's order)\n"
    "  --near NAME      a township (城厢街道, 城厢), a station id or name, or a\n"
    "                   metro station (湘湖站); an ambiguous name lists the\n"
    "                   candidates\n"
    "Options:\n"
    "  -k N             how many stations (default 3, at most 100000)\n"
    "  --within DIST    only stations this close: 800m, 2km (at most\n"
    "                   20000km)\n"
    "  --township NAME  only this township\n"
    "  --category CODE  only this category (community, bank, ...)\n"
    "  --amenity A,B    only stations offering all of these\n"
    "  --text STR       only stations whose name or address contains STR\n"
    "  --format FORMAT  table (the wide table), csv, tsv, json, geojson;\n"
    "                   default: fit the terminal's width (or $COLUMNS, also\n"
    "                   in a pipe): the table, fewer columns, or one card per\n"
    "                   station; without either, the wide table\n"
    "  --links          show the Amap and Baidu links in the table (always in\n"
    "                   json, geojson, csv and tsv)\n"
    "  --color WHEN     colour open, closed and approximate: auto (default: on\n"
    "                   a terminal, unless NO_COLOR is set), always, never\n"
    "  -h, --help       this help\n"
    "\n"
    "Distances to stations located only to their township are approximate\n"
    "and marked ≈.  Stations without coordinates cannot be ranked; a note on\n"
    "stderr counts them.  Exit 2 for a bad option, coordinate or place; 3\n"
    "when no station matches.\n";

/* LON,LAT starting with '-' is a coordinate, not an option — unless it is
 * the value of the option before it. */
static bool looks_like_coordinate(char **argv, int i)
{
    static const char *const takes_value[] = {
        "-k", "--township", "--category", "--amenity", "--text", "--format",
        "--near", "--crs", "--within",
    };
    const char *arg = argv[i];
    size_t j;

    if (!(arg[0] == '-' && (arg[1] == '.' || (arg[1] >= '0' && arg[1] <= '9'))))
        return false;
    for (j = 0; j < sizeof takes_value / sizeof *takes_value; j++)
        if (strcmp(argv[i - 1], takes_value[j]) == 0)
            return false;
    return true;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_QUERY_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_query q = {.format = NULL}; /* fit to the terminal */
    int64_t k = 3;
    yj_error err;
    int c, i;

    /* Coordinates such as -33.9,18.4 are arguments: take them out before
     * getopt sees them as options. */
    for (i = 1; i < argc; i++) {
        if (looks_like_coordinate(argv, i)) {
            if (q.from_text != NULL)
                return cli_usage_error("nearest", "more than one origin");
            q.from_text = argv[i];
            memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) *
                                                sizeof *argv);
            argc--;
            i--;
        }
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, "k:h", options, NULL)) != -1) {
        if (cli_query_option(&q, c, optarg))
            continue;
        switch (c) {
        case 'k':
            if (yj_parse_int(&k, optarg, 1, 100000, &err) != YJ_OK)
                return cli_usage_error("nearest", "-k: %s", err.message);
            break;
        case 'h':
            return cli_help(&cli_nearest_command);
        default:
            return cli_usage_error("nearest", "unknown or incomplete option "
                                   "'%s'", argv[optind - 1]);
        }
    }
    for (; optind < argc; optind++) {
        if (q.from_text != NULL)
            return cli_usage_error("nearest", "unexpected argument '%s'",
                                   argv[optind]);
        q.from_text = argv[optind];
    }
    if (q.from_text == NULL && q.near_name == NULL)
        return cli_usage_error("nearest", "where from? give LON,LAT or "
                               "--near NAME");
    return cli_query_main(g, &q, "nearest", true, (size_t)k);
}

const cli_command cli_nearest_command = {
    "nearest", run, "the nearest stations to a point or place, with links",
    usage,
};

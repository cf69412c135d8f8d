/* cmd_list.c — `yijia list`: the stations, filtered; sorted by township and
 * id, or — from an origin — by distance.  As an aligned table for people,
 * or CSV/TSV (the stations.csv columns, so a plain list imports again),
 * JSON or GeoJSON. */
#include "cli.h"

#include <getopt.h>

static const char usage[] =
    "usage: yijia [--db FILE] list [FILTERS] [--near NAME | --from LON,LAT\n"
    "                  [--crs CRS] [--latlon]] [--within DIST] [--links]\n"
    "                  [--format table|csv|tsv|json|geojson] [--color WHEN]\n"
    "\n"
    "List the stations, sorted by township then id; with an origin, every\n"
    "match sorted by distance, with distance and bearing.\n"
    "\n"
    "Filters:\n"
    "  --township NAME  only this township: full (城厢街道) or short (城厢) name\n"
    "  --category CODE  only this category (community, bank, fuel_station, ...)\n"
    "  --amenity A,B    only stations offering all of these (toilet, ...)\n"
    "  --text STR       only stations whose name or address contains STR\n"
    "Origin (optional):\n"
    "  --near NAME      a township, station id or name, or metro station\n"
    "  --from LON,LAT   coordinates, in --crs wgs84 (default), gcj02 or bd09;\n"
    "                   --latlon reads LAT,LON\n"
    "  --within DIST    only stations this close: 800m, 2km (at most\n"
    "                   20000km)\n"
    "  --links          with an origin: Amap and Baidu links in the table\n"
    "Output:\n"
    "  --format FORMAT  table (the wide table), csv or tsv (the stations.csv\n"
    "                   columns; with an origin, rank and distance first and\n"
    "                   the links last), json, geojson; default: fit the\n"
    "                   terminal's width (or $COLUMNS, also in a pipe): the\n"
    "                   table, fewer columns, or one card per station;\n"
    "                   without either, the wide table\n"
    "  --color WHEN     colour open, closed and approximate: auto (default: on\n"
    "                   a terminal, unless NO_COLOR is set), always, never\n"
    "  -h, --help       this help\n"
    "\n"
    "A station located only to its township is marked ≈ 位置仅到镇街; one with\n"
    "no coordinates yet is marked 无坐标 (and left out when sorting by\n"
    "distance).  Exit 3 when nothing matches.\n";

static int run(const cli_globals *g, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_QUERY_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_query q = {.format = NULL}; /* fit to the terminal */
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (cli_query_option(&q, c, optarg))
            continue;
        if (c == 'h')
            return cli_help(&cli_list_command);
        return cli_usage_error("list", "unknown or incomplete option '%s'",
                               argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage_error("list", "unexpected argument '%s'",
                               argv[optind]);
    return cli_query_main(g, &q, "list", false, 0);
}

const cli_command cli_list_command = {
    "list", run, "list the stations, filtered, by township or by distance",
    usage,
};

/* cmd_map.c — `yijia map`: the offline map of the district, its townships
 * and the stations, as an A4 SVG or a self-contained HTML page (pan, zoom,
 * details, filter; nothing loaded from the network); with an origin, "you
 * are here" and the k nearest joined to it; with --coverage, townships
 * shaded by coverage and the radius rings. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: yijia [--db FILE] map [-o FILE.svg|FILE.html] [--format svg|html]\n"
    "                  [--near NAME | --from LON,LAT [--crs CRS] [--latlon]]\n"
    "                  [-k N] [FILTERS] [--coverage [--radius DIST]]\n"
    "\n"
    "Draw the district, its townships (named) and the stations (colour by\n"
    "category; hollow when located only to the township), with a legend,\n"
    "a scale bar and a north arrow, on an A4 landscape page.  Web Mercator\n"
    "(conformal; north is up).  Offline: the outlines are the shipped ones.\n"
    "\n"
    "Options:\n"
    "  -o FILE          write FILE (replaced only on success); .html → page\n"
    "  --format FMT     svg (default, or from -o's name) or html\n"
    "  --near NAME, --from LON,LAT\n"
    "                   mark this place and join the k nearest stations to\n"
    "                   it with their distance (-k N, default 3, at most\n"
    "                   100)\n"
    "  FILTERS          --township, --category, --amenity, --text as for list\n"
    "  --coverage       shade townships by the share of their area within\n"
    "                   --radius (default 1km) of a station, draw the rings\n"
    "  -h, --help       this help\n";

enum { OPT_COVERAGE = 1300, OPT_RADIUS_MAP };

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_QUERY_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"output", required_argument, NULL, 'o'},
        {"coverage", no_argument, NULL, OPT_COVERAGE},
        {"radius", required_argument, NULL, OPT_RADIUS_MAP},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_query q = {.format = NULL};
    yj_map_options o = YJ_MAP_OPTIONS_INIT;
    yj_lonlat origin;
    bool has_origin = false, approximate = false;
    const char *radius_text = NULL;
    cli_output out;
    yj_db *db = NULL;
    yj_error err;
    int64_t k = 3;
    int c, status;

    o.radius_m = 1000.0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:k:", options, NULL)) != -1) {
        if (c != OPT_FORMAT && cli_query_option(&q, c, optarg))
            continue;
        switch (c) {
        case OPT_FORMAT: q.format = optarg; break;
        case 'o': q.output = optarg; break;
        case 'k':
            if (yj_parse_int(&k, optarg, 1, 100, &err) != YJ_OK)
                return cli_usage_error("map", "-k: %s", err.message);
            break;
        case OPT_COVERAGE: o.coverage = true; break;
        case OPT_RADIUS_MAP: radius_text = optarg; break;
        case 'h': return cli_help(&cli_map_command);
        default:
            return cli_usage_error("map", "unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("map", "unexpected argument '%s'", argv[optind]);
    if (q.format == NULL)
        q.format = q.output != NULL && (ends_with(q.output, ".html") ||
                                        ends_with(q.output, ".htm"))
                       ? "html" : "svg";
    if (strcmp(q.format, "svg") != 0 && strcmp(q.format, "html") != 0)
        return cli_usage_error("map", "--format: '%s' is not svg or html",
                               q.format);
    if (radius_text != NULL) {
        if ((status = cli_parse_distance(&o.radius_m, radius_text, "map",
                                         "--radius")) != EXIT_OK)
            return status;
        if (!o.coverage)
            return cli_usage_error("map", "--radius goes with --coverage");
    }
    if (q.within_text != NULL || q.open_now || q.open_at || q.on_arrival)
        return cli_usage_error("map", "--within and the opening-hours options "
                               "are for list and nearest");
    if (q.near_name != NULL && q.from_text != NULL)
        return cli_usage_error("map", "give either a place (--near) or "
                               "coordinates, not both");
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;
    status = cli_query_origin(&origin, &has_origin, &approximate, db, &q,
                              "map");
    if (status == EXIT_OK &&
        (status = cli_output_open(&out, q.output)) == EXIT_OK) {
        o.html = strcmp(q.format, "html") == 0;
        o.filter = &q.filter;
        o.has_origin = has_origin;
        o.origin = origin;
        o.k = (size_t)k;
        if (yj_map_write(out.fp, db, &o, &err) != YJ_OK) {
            if (err.code == YJ_ENOTFOUND) {
                cli_error("%s", err.message);
                status = EXIT_USAGE;
            } else {
                status = cli_fail(&err);
            }
        }
        status = cli_output_close(&out, status);
    }
    yj_db_close(db);
    return status;
}

const cli_command cli_map_command = {
    "map", run, "draw the offline map (SVG or a self-contained HTML page)",
    usage,
};

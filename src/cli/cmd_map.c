/* cmd_map.c — `yijia map`: the offline map of the district, its townships
 * and the stations, as an A4 SVG or a self-contained HTML page (pan, zoom,
 * details, filter; nothing loaded from the network); with an origin, "you
 * are here" and the k nearest joined to it; with --coverage, townships
 * shaded by coverage and the radius rings. */
#include "cli.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_K = 'k', OPT_COVERAGE = 1300, OPT_RADIUS_MAP };

static bool check_k(const char *value, char *msg, size_t size)
{
    int64_t k;
    yj_error err;

    if (yj_parse_int(&k, value, 1, 100, &err) == YJ_OK)
        return true;
    snprintf(msg, size, "%s", err.message);
    return false;
}

static const cli_option options[] = {
    {.name = "output", .letter = 'o', .arg = "FILE",
     .store = CLI_STORE_TEXT, .offset = offsetof(cli_query, output),
     .values = "@file",
     .help = N_("write FILE (replaced only on success); .html → page")},
    {.name = "format", .arg = "FMT", .store = CLI_STORE_TEXT,
     .offset = offsetof(cli_query, format), .values = "svg html",
     .help = N_("svg (default, or from -o's name) or html")},
    {.name = "k", .letter = 'k', .arg = "N", .check = check_k,
     .help = N_("with an origin: join the k nearest stations to it with "
                "their distance (default 3, at most 100)")},
    {.name = "coverage", .id = OPT_COVERAGE,
     .help = N_("shade townships by the share of their area within --radius "
                "of a station, draw the rings")},
    {.name = "radius", .arg = "DIST", .id = OPT_RADIUS_MAP,
     .check = cli_check_distance,
     .help = N_("with --coverage: the radius (default 1km)")},
    {0},
};

static const cli_option_group groups[] = {
    {N_("Origin (optional: marked, joined to the nearest stations)"),
     cli_query_place_options},
    {NULL, cli_query_from_options},
    {N_("Filters"), cli_query_filter_options},
    {N_("Options"), options},
    {0},
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_query q = {.format = NULL};
    yj_map_options o = YJ_MAP_OPTIONS_INIT;
    yj_lonlat origin;
    bool has_origin = false, approximate = false;
    const char *radius_text = NULL;
    cli_output out;
    yj_db *db = NULL;
    yj_error err;
    int64_t k = 3;
    cli_parser p;
    int c, status;

    o.radius_m = 1000.0;
    cli_parser_init(&p, &cli_map_command, &q, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case OPT_K:
            if (yj_parse_int(&k, p.arg, 1, 100, &err) != YJ_OK)
                return cli_usage_error("map", "-k: %s", err.message);
            break;
        case OPT_COVERAGE: o.coverage = true; break;
        case OPT_RADIUS_MAP: radius_text = p.arg; break;
        }
    }
    if (c < 0)
        return p.status;
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
    .name = "map",
    .run = run,
    .summary = N_("draw the offline map (SVG or a self-contained HTML page)"),
    .synopsis = "map [-o FILE.svg|FILE.html] [--format svg|html]\n"
                "map [--near NAME | --from LON,LAT] [-k N] [FILTERS] "
                "[--coverage [--radius DIST]]",
    .description = N_("Draw the district, its townships (named) and the "
                      "stations (colour by category; hollow when located "
                      "only to the township), with a legend, a scale bar and "
                      "a north arrow, on an A4 landscape page.  Web Mercator "
                      "(conformal; north is up).  Offline: the outlines are "
                      "the shipped ones."),
    .groups = groups,
};

/* cmd_list.c — `yijia list`: the stations, filtered; sorted by township and
 * id, or — from an origin — by distance.  As an aligned table for people,
 * or CSV/TSV (the stations.csv columns, so a plain list imports again),
 * JSON or GeoJSON. */
#include "cli.h"


static const cli_option_group groups[] = {
    {N_("Filters"), cli_query_filter_options},
    {N_("Origin (optional)"), cli_query_place_options},
    {NULL, cli_query_from_options},
    {NULL, cli_query_within_options},
    {N_("Opening hours"), cli_query_open_options},
    {N_("Output"), cli_query_output_options},
    {0},
};

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_query q = {.format = NULL}; /* fit to the terminal */
    cli_parser p;
    int c;

    cli_parser_init(&p, &cli_list_command, &q, argc, argv);
    while ((c = cli_getopt(&p)) > 0)
        ;
    if (c < 0)
        return p.status;
    if (optind < argc)
        return cli_usage_error("list", "unexpected argument '%s'",
                               argv[optind]);
    return cli_query_main(g, &q, "list", false, 0);
}

const cli_command cli_list_command = {
    .name = "list",
    .run = run,
    .summary = N_("list the stations, filtered, by township or by distance"),
    .synopsis = "list [FILTERS] [--near NAME | --from LON,LAT] [OPTIONS]",
    .description = N_("List the stations, sorted by township then id; with an "
                      "origin, every match sorted by distance, with distance "
                      "and bearing."),
    .groups = groups,
    .notes = N_("A station located only to its township is marked ≈ "
                "位置仅到镇街; one with no coordinates yet is marked 无坐标 "
                "(and left out when sorting by distance).  Exit 3 when "
                "nothing matches."),
};

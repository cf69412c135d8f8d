/* cmd_nearest.c — `yijia nearest`: the stations nearest to a point or a
 * place, with distance, bearing and map links: the main job. */
#include "cli.h"

#include <string.h>

enum { OPT_K = 'k' };

static bool check_k(const char *value, char *msg, size_t size)
{
    int64_t k;
    yj_error err;

    if (yj_parse_int(&k, value, 1, 100000, &err) == YJ_OK)
        return true;
    snprintf(msg, size, "%s", err.message);
    return false;
}

static const cli_option origin_operand[] = {
    {.name = "LON,LAT", .operand = true,
     .help = N_("coordinates (negative values are fine: -0.1,51.5); text "
                "without a digit is a place, as for --near (nearest "
                "杭州南站)")},
    {0},
};

static const cli_option count_option[] = {
    {.name = "k", .letter = 'k', .arg = "N", .check = check_k,
     .help = N_("how many stations (default 3, at most 100000)")},
    {0},
};

static const cli_option_group groups[] = {
    {N_("Origin"), origin_operand},
    {NULL, cli_query_place_options},
    {N_("Opening hours"), cli_query_open_options},
    {N_("Options"), count_option},
    {NULL, cli_query_within_options},
    {NULL, cli_query_filter_options},
    {NULL, cli_query_output_options},
    {0},
};

/* LON,LAT starting with '-' is a coordinate, not an option — unless it is
 * the value of the option before it (the table says which take one). */
static bool looks_like_coordinate(char **argv, int i)
{
    const char *arg = argv[i];
    const cli_option *before;

    if (!(arg[0] == '-' && (arg[1] == '.' || (arg[1] >= '0' && arg[1] <= '9'))))
        return false;
    before = cli_option_find(&cli_nearest_command, argv[i - 1]);
    return before == NULL || before->arg == NULL ||
           strchr(argv[i - 1], '=') != NULL;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_query q = {.format = NULL}; /* fit to the terminal */
    cli_parser p;
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
    cli_parser_init(&p, &cli_nearest_command, &q, argc, argv);
    while ((c = cli_getopt(&p)) > 0)
        if (c == OPT_K &&
            yj_parse_int(&k, p.arg, 1, 100000, &err) != YJ_OK)
            return cli_usage_error("nearest", "-k: %s", err.message);
    if (c < 0)
        return p.status;
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
    .name = "nearest",
    .run = run,
    .summary = N_("the nearest stations to a point or place, with links"),
    .synopsis = "nearest [OPTIONS] LON,LAT\nnearest [OPTIONS] --near NAME",
    .description = N_("The stations nearest to a point or a place: distance "
                      "(geodesic, WGS84), bearing, address, amenities, "
                      "opening hours, how precise the station's location "
                      "is, and links that open it in Amap or Baidu Maps."),
    .groups = groups,
    .notes = N_("Distances to stations located only to their township are "
                "approximate and marked ≈.  Stations without coordinates "
                "cannot be ranked; a note on stderr counts them.  Exit 2 for "
                "a bad option, coordinate or place; 3 when no station "
                "matches."),
};

/* cmd_build.c — `yijia build`: create the station database from a data
 * directory.  The database is written aside and renamed into place, so a
 * failed build leaves the previous database byte-for-byte as it was. */
#include "cli.h"

#include <getopt.h>
#include <unistd.h>

static const cli_option build_options[] = {
    {.name = "data", .arg = "DIR", .id = 'D',
     .values = "@dir",
     .help = N_("the data directory (default: $YIJIA_DATA, else the shipped "
                "data)")},
    {.name = "quiet", .letter = 'q',
     .help = N_("no summary on stderr")},
    {0},
};

static const cli_option_group build_groups[] = {
    {N_("Options"), build_options},
    {0},
};

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    const char *data = NULL, *path = cli_db_path(g);
    yj_dataset *ds = NULL;
    yj_build_report rep;
    yj_error err;
    size_t calendar_days;
    int quiet = 0, c;

    cli_parser_init(&p, &cli_build_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'D': data = p.arg; break;
        case 'q': quiet = 1; break;
        }
    }
    if (c < 0)
        return p.status;
    if (optind < argc)
        return cli_usage_error("build", "unexpected argument '%s'",
                               argv[optind]);
    /* a target that cannot be written is refused before the work */
    if (yj_file_check_target(NULL, 0, path, &err) != YJ_OK)
        return cli_usage_error("build", "--db: %s", err.message);
    if (data == NULL)
        data = cli_data_dir();
    if (yj_dataset_load(&ds, data, &err) != YJ_OK)
        return cli_fail(&err);
    if (yj_dataset_calendar_days(ds) == 0) {
        /* a data directory without holidays-cn.csv: the shipped one */
        char holidays[4096];
        snprintf(holidays, sizeof holidays, "%s/holidays-cn.csv",
                 cli_data_dir());
        if (access(holidays, R_OK) == 0) {
            if (yj_dataset_load_calendar(ds, holidays, &err) != YJ_OK) {
                yj_dataset_free(ds);
                return cli_fail(&err);
            }
            if (!quiet)
                cli_note("%s has no holidays-cn.csv: using %s", data,
                         holidays);
        } else if (!quiet) {
            cli_note("no holiday calendar (holidays-cn.csv): opening hours "
                     "with PH will be unknown");
        }
    }
    if (yj_db_build(&rep, path, ds, &err) != YJ_OK) {
        yj_dataset_free(ds);
        return cli_fail(&err);
    }
    calendar_days = yj_dataset_calendar_days(ds);
    yj_dataset_free(ds);
    if (!quiet)
        cli_note("built %s: %zu stations (%zu with coordinates), %zu "
                 "townships (%zu with polygons), %zu holiday calendar days",
                 path, rep.stations, rep.stations_located, rep.townships,
                 rep.township_polygons, calendar_days);
    return EXIT_OK;
}

const cli_command cli_build_command = {
    .name = "build",
    .run = run,
    .summary = N_("build the station database from the data files"),
    .synopsis = "build [--data DIR] [--quiet]",
    .description = N_("Build the SpatiaLite station database from the data directory "
                      "(stations.csv, places.csv, boundaries.csv, and holidays-cn.csv "
                      "for opening hours: without one, the shipped calendar; see "
                      "data/README.md). Every row is validated first; any problem is "
                      "reported with its file, row and column (stations.csv row 8, "
                      "column 经度 (lon): ...) and nothing is written."),
    .groups = build_groups,
};

/* cmd_townships.c — `yijia townships`: the gazetteer's townships with
 * their short names and station counts (the values --township takes). */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

static const cli_option townships_options[] = {
    {0},
};

static const cli_option_group townships_groups[] = {
    {N_("Options"), townships_options},
    {0},
};

static const char *const headers[] = {
    N_("Township"), N_("Short name"), N_("Kind"), N_("District"),
    N_("Stations"), N_("Point"), N_("Boundary"),
};

static int add_row(void *payload, const yj_township_info *t)
{
    char count[32];
    const char *cells[7];

    snprintf(count, sizeof count, "%zu", t->stations);
    cells[0] = t->name;
    cells[1] = t->short_name;
    cells[2] = t->kind[0] == 'z' ? _("zone") : _("township");
    cells[3] = t->district;
    cells[4] = count;
    cells[5] = t->has_point ? _("yes") : _("no");
    cells[6] = t->has_polygon ? _("yes") : _("no");
    return cli_table_add(payload, cells) != 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    cli_table *table;
    yj_db *db = NULL;
    yj_error err;
    int c, status;

    cli_parser_init(&p, &cli_townships_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        return cli_usage_error("townships", "unknown option '%s'",
                               argv[optind - 1]);
    }
    if (c < 0)
        return p.status;
    if (optind < argc)
        return cli_usage_error("townships", "unexpected argument '%s'",
                               argv[optind]);
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;
    if ((table = cli_table_new(7, headers)) == NULL) {
        yj_db_close(db);
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (yj_db_townships(db, add_row, table, &err) != YJ_OK)
        status = cli_fail(&err);
    else
        cli_table_print(table, stdout);
    cli_table_free(table);
    yj_db_close(db);
    return status;
}

const cli_command cli_townships_command = {
    .name = "townships",
    .run = run,
    .summary = N_("list the townships (values of --township)"),
    .synopsis = "townships",
    .description = N_("List the townships and development zones: full name, short "
                      "name, kind, district, number of stations, and whether a "
                      "representative point and a polygon are known.  Either name "
                      "works with --township."),
    .groups = townships_groups,
};

/* cmd_coverage.c — `yijia coverage`: the union's "every township covered"
 * goal (所有镇街全覆盖) and the 1 km target, township by township: the
 * stations inside each, the distance from its representative point to the
 * nearest station, the share of its area within the radius of a station,
 * and its farthest point; uncovered townships first, a district total
 * last.  Says plainly when station locations are only township-precise. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_RADIUS = 1200, OPT_CELL };

static const cli_option coverage_options[] = {
    {.name = "radius", .arg = "DIST", .id = OPT_RADIUS,
     .help = N_("the target distance (default 1km: a 15-minute walk; at most "
                "20000km)")},
    {.name = "cell", .arg = "DIST", .id = OPT_CELL,
     .help = N_("grid cell size, 10m-1km (default 100m)")},
    {.name = "format", .arg = "FMT", .id = 'f',
     .values = "table json csv",
     .help = N_("table (default), json, csv")},
    {0},
};

static const cli_option_group coverage_groups[] = {
    {N_("Options"), coverage_options},
    {0},
};


static void fmt_m(char *buf, size_t size, double m)
{
    if (m < 0)
        snprintf(buf, size, "—");
    else if (m < 995)
        snprintf(buf, size, "%.0f m", m);
    else
        snprintf(buf, size, "%.1f km", m / 1000.0);
}

static void fmt_share(char *buf, size_t size, double share)
{
    if (share < 0)
        snprintf(buf, size, "—");
    else
        snprintf(buf, size, "%.1f%%", share * 100.0);
}

static int print_table(const yj_coverage *c)
{
    static const char *const headers[] = {
        N_("Township"), N_("Stations (inside)"), N_("Stations (address)"),
        N_("Area"), N_("Centre to nearest station"), N_("Area within radius"),
        N_("Farthest point distance"), N_("Farthest point"),
    };
    cli_table *t = cli_table_new(8, headers);
    char inside[16], named[16], area[32], rep[32], share[32], far[32],
        where[64], radius[32];
    size_t i;

    if (t == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (i = 0; i < c->n_rows; i++) {
        const yj_coverage_row *r = &c->rows[i];
        const char *cells[8];
        snprintf(inside, sizeof inside, "%zu", r->stations);
        snprintf(named, sizeof named, "%zu", r->stations_named);
        if (r->area_km2 < 0)
            snprintf(area, sizeof area, "%s", _("no boundary"));
        else
            snprintf(area, sizeof area, "%.1f km²", r->area_km2);
        fmt_m(rep, sizeof rep, r->point_to_station_m);
        fmt_share(share, sizeof share, r->share_within);
        fmt_m(far, sizeof far, r->farthest_m);
        if (r->farthest_m >= 0)
            snprintf(where, sizeof where, "%.5f,%.5f", r->farthest.lon,
                     r->farthest.lat);
        else
            snprintf(where, sizeof where, "—");
        cells[0] = r->name;
        cells[1] = inside;
        cells[2] = named;
        cells[3] = area;
        cells[4] = rep;
        cells[5] = share;
        cells[6] = far;
        cells[7] = where;
        if (cli_table_add(t, cells) != 0) {
            cli_table_free(t);
            cli_error("out of memory");
            return EXIT_RUNTIME;
        }
    }
    cli_table_print(t, stdout);
    cli_table_free(t);
    fmt_m(radius, sizeof radius, c->radius_m);
    fmt_share(share, sizeof share, c->share_within);
    fmt_m(far, sizeof far, c->farthest_m);
    printf(_("\nWhole district: of %zu townships, %zu have a station (%s); "
             "of %.1f km², %s is within %s of a station; farthest point %s "
             "(%s, %.5f,%.5f).\n"),
           c->townships, c->townships_covered,
           c->townships_covered == c->townships ? _("all covered")
                                                : _("not all covered"),
           c->area_km2, share, radius, far, c->farthest_township,
           c->farthest.lon, c->farthest.lat);
    return EXIT_OK;
}

static void print_csv(const yj_coverage *c)
{
    size_t i;

    printf("township,kind,stations_inside,stations_named,area_km2,"
           "point_to_station_m,share_within,farthest_m,farthest_lon,"
           "farthest_lat,cells\n");
    for (i = 0; i < c->n_rows; i++) {
        const yj_coverage_row *r = &c->rows[i];
        printf("%s,%s,%zu,%zu,", r->name, r->kind, r->stations,
               r->stations_named);
        if (r->area_km2 >= 0)
            printf("%.3f", r->area_km2);
        putchar(',');
        if (r->point_to_station_m >= 0)
            printf("%.0f", r->point_to_station_m);
        putchar(',');
        if (r->share_within >= 0)
            printf("%.4f", r->share_within);
        putchar(',');
        if (r->farthest_m >= 0)
            printf("%.0f,%.6f,%.6f", r->farthest_m, r->farthest.lon,
                   r->farthest.lat);
        else
            printf(",,");
        printf(",%zu\n", r->cells);
    }
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    const char *format = "table";
    double radius = 1000.0, cell = 100.0;
    yj_coverage c;
    yj_db *db = NULL;
    yj_error err;
    int ch, status;

    cli_parser_init(&p, &cli_coverage_command, NULL, argc, argv);
    while ((ch = cli_getopt(&p)) > 0) {
        switch (ch) {
        case OPT_RADIUS:
            if ((status = cli_parse_distance(&radius, p.arg, "coverage",
                                             "--radius")) != 0)
                return status;
            break;
        case OPT_CELL:
            if ((status = cli_parse_distance(&cell, p.arg, "coverage",
                                             "--cell")) != 0)
                return status;
            if (cell < 10 || cell > 1000)
                return cli_usage_error("coverage", "--cell: '%s' is not "
                                       "between 10m and 1km", p.arg);
            break;
        case 'f':
            format = p.arg;
            break;
        }
    }
    if (ch < 0)
        return p.status;
    if (optind < argc)
        return cli_usage_error("coverage", "unexpected argument '%s'",
                               argv[optind]);
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0 &&
        strcmp(format, "csv") != 0)
        return cli_usage_error("coverage", "--format: '%s' is not table, "
                               "json or csv", format);
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;
    if (yj_coverage_compute(&c, db, radius, cell, &err) != YJ_OK) {
        yj_db_close(db);
        return cli_fail(&err);
    }
    yj_db_close(db);
    if (strcmp(format, "json") == 0)
        yj_coverage_write_json(stdout, &c);
    else if (strcmp(format, "csv") == 0)
        print_csv(&c);
    else
        status = print_table(&c);
    if (c.stations_approximate > 0)
        cli_note("%zu of %zu located stations are placed only at their "
                 "township's representative point: distances and shares are "
                 "approximate until they are geocoded", c.stations_approximate,
                 c.stations_located);
    cli_note("%zu of %zu located stations were checked on site "
             "(现场核查)", c.stations_surveyed, c.stations_located);
    yj_coverage_clear(&c);
    return status;
}

const cli_command cli_coverage_command = {
    .name = "coverage",
    .run = run,
    .summary = N_("township coverage: every township covered? within 1 km?"),
    .synopsis = "coverage [--radius DIST] [--cell DIST] [--format table|json|csv]",
    .description = N_("How well the stations cover each township: the stations inside "
                      "its polygon (and those whose address names it), the distance "
                      "from its representative point to the nearest station, the "
                      "share of its area within the radius of a station, and the "
                      "farthest point from any station.  Townships with no station "
                      "come first, then the lowest share.\n\nMethod: a grid of --cell "
                      "cells (default 100m) over each township's polygon; a cell "
                      "counts when its centre is inside; distances from each centre "
                      "to the nearest located station (of the whole district) are "
                      "geodesic on WGS84.  Stations located only to their township "
                      "make the figures approximate, and the output says so; it also "
                      "says how many were checked on site (precision surveyed)."),
    .groups = coverage_groups,
};

/* cmd_show.c — `yijia show ID`: every field of one station, labelled for
 * people, or in a machine format. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const cli_option show_options[] = {
    {.name = "format", .arg = "FORMAT", .id = 'f',
     .values = "text csv tsv json",
     .help = N_("text (default), csv, tsv or json")},
    {0},
};

static const cli_option_group show_groups[] = {
    {N_("Options"), show_options},
    {0},
};

/* Labels for people, in field order (in Chinese, as the sheets name the
 * columns). */
static const char *const labels[YJ_F_COUNT] = {
    N_("ID"), N_("Name"), N_("Address"), N_("District"), N_("Township"),
    N_("Category"), N_("Amenities"), N_("Amenities source"),
    N_("Opening hours"), N_("Phone"), N_("Longitude"), N_("Latitude"),
    N_("Coordinate source"), N_("Precision"), N_("Data source"), N_("Notes"),
    N_("Checked on"), N_("Closed on"),
};

static void print_text(const yj_station *s)
{
    size_t width = 0;
    int f;

    for (f = 0; f < YJ_F_COUNT; f++)
        if (yj_text_width(_(labels[f])) > width)
            width = yj_text_width(_(labels[f]));
    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *v = s->text[f];
        size_t pad = width + 2 - yj_text_width(_(labels[f]));
        printf("%s", _(labels[f]));
        while (pad-- > 0)
            putchar(' ');
        /* every value from the data passes cli_put_text */
        switch (f) {
        case YJ_F_CATEGORY: {
            const char *zh = yj_term_label(yj_categories(), v);
            cli_put_text(stdout, zh ? zh : v);
            if (zh)
                printf(" (%s)", v); /* a known code: plain ASCII */
            break;
        }
        case YJ_F_AMENITIES: {
            char names[1024];
            yj_amenity_labels(names, sizeof names, v);
            cli_put_text(stdout, names);
            if (strcmp(s->text[YJ_F_AMENITIES_SOURCE], "programme") == 0)
                printf("%s", _(" (the programme's standard set, not checked station "
                              "by station)"));
            break;
        }
        case YJ_F_OPENING_HOURS: {
            char words[YJ_FIELD_MAX + 1];
            cli_put_text(stdout, v[0] ? yj_hours_words(words, sizeof words, v)
                                      : _("unknown"));
            break;
        }
        case YJ_F_COORD_PRECISION:
            cli_put_text(stdout, yj_station_precision_label(s, true));
            printf("%s", s->has_point ? "" : _(" (not located yet)"));
            break;
        default:
            cli_put_text(stdout, v);
        }
        putchar('\n');
    }
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    const char *format_name = "text";
    yj_format format = YJ_FORMAT_CSV;
    yj_station s;
    yj_db *db = NULL;
    yj_writer *w = NULL;
    yj_error err;
    int c, status;

    cli_parser_init(&p, &cli_show_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'f': format_name = p.arg; break;
        }
    }
    if (c < 0)
        return p.status;
    if (optind != argc - 1)
        return cli_usage_error("show", optind >= argc ? "missing station ID"
                               : N_("expected one station ID"));
    if (strcmp(format_name, "text") != 0 &&
        !yj_format_from_name(&format, format_name))
        return cli_usage_error("show", "--format: '%s' is not text, csv, tsv "
                               "or json", format_name);
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;
    if (yj_db_get(&s, db, argv[optind], &err) != YJ_OK) {
        yj_db_close(db);
        return cli_fail(&err);
    }
    if (strcmp(format_name, "text") == 0) {
        print_text(&s);
    } else if (yj_writer_new(&w, stdout, format, false, &err) != YJ_OK ||
               yj_writer_station(w, &s, &err) != YJ_OK ||
               yj_writer_finish(w, &err) != YJ_OK) {
        status = cli_fail(&err);
    }
    yj_writer_free(w);
    yj_station_clear(&s);
    yj_db_close(db);
    return status;
}

const cli_command cli_show_command = {
    .name = "show",
    .run = run,
    .summary = N_("show every field of one station"),
    .synopsis = "show [--format text|csv|tsv|json] ID",
    .description = N_("Show every field of the station with id ID (XS001; case does "
                      "not matter).  Exit 3 when there is no such station."),
    .groups = show_groups,
};

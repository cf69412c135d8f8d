/* cmd_check.c — `yijia check`: a report of what is wrong with the station
 * data before it is published — errors (exit 1) and warnings, each with
 * the station id and the field — as a table for staff or JSON. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_option check_options[] = {
    {.name = "format", .arg = "FMT", .id = 'f',
     .values = "table json",
     .help = N_("table (default) or json")},
    {.name = "on", .arg = "DATE", .id = 'o',
     .help = N_("check as of DATE (YYYY-MM-DD; default: today, Beijing)")},
    {0},
};

static const cli_option_group check_groups[] = {
    {N_("Options"), check_options},
    {0},
};

typedef struct report {
    cli_table *table;
    bool json;
    size_t n;
    int failed;
} report;

static int add_finding(void *payload, const yj_finding *f)
{
    report *r = payload;
    const char *level = f->level == YJ_CHECK_ERROR ? "error" : "warning";

    if (r->json) {
        printf("%s\n  {\"level\": \"%s\", \"id\": ", r->n ? "," : "", level);
        yj_writer_json_literal(stdout, f->id);
        printf(", \"field\": ");
        yj_writer_json_literal(stdout, f->field);
        printf(", \"message\": ");
        yj_writer_json_literal(stdout, f->message);
        putchar('}');
    } else {
        const char *cells[4];
        cells[0] = f->level == YJ_CHECK_ERROR ? _("error") : _("warning");
        cells[1] = f->id;
        cells[2] = f->field;
        cells[3] = f->message;
        if (cli_table_add(r->table, cells) != 0) {
            r->failed = 1;
            return 1;
        }
    }
    r->n++;
    return 0;
}

/* The stations not checked on site in the last year, for the summary,
 * into a memory stream (their ids follow the counts). */
typedef struct due_list {
    FILE *fp;
    bool json;
    size_t n;
    char township[256];  /* the table groups the ids by township */
} due_list;

static int add_due(void *payload, const yj_station *s)
{
    due_list *d = payload;
    const char *town = s->text[YJ_F_TOWNSHIP];

    if (d->json) {
        fputs(d->n ? ", " : "", d->fp);
        yj_writer_json_literal(d->fp, s->text[YJ_F_ID]);
    } else if (d->n == 0 || strcmp(d->township, town) != 0) {
        /* TRANSLATORS: between the townships of the stations not checked */
        fputs(d->n ? _("; ") : "", d->fp);
        cli_put_text(d->fp, town[0] ? town : _("(township unknown)"));
        fputc(' ', d->fp);
        cli_put_text(d->fp, s->text[YJ_F_ID]);
        snprintf(d->township, sizeof d->township, "%s", town);
    } else {
        fputc(' ', d->fp);
        cli_put_text(d->fp, s->text[YJ_F_ID]);
    }
    d->n++;
    return 0;
}

/* How many stations were checked on site (precision surveyed) in the
 * year before `today`, and which were not (by township, then id): two
 * lines after the findings' count, or the JSON member "surveyed". */
static int print_surveyed(yj_db *db, const char *today, bool json,
                          yj_error *err)
{
    due_list d = {NULL, json, 0, ""};
    size_t surveyed = 0, stations = 0, len = 0;
    char *ids = NULL;
    yj_code rc;

    if ((d.fp = open_memstream(&ids, &len)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    rc = yj_check_surveyed(&surveyed, &stations, db, today, add_due, &d, err);
    if (fclose(d.fp) != 0 && rc == YJ_OK) {
        free(ids);
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (rc != YJ_OK) {
        free(ids);
        return cli_fail(err);
    }
    if (json)
        printf(", \"surveyed\": {\"within_year\": %zu, \"stations\": %zu, "
               "\"not_within_year\": [%s]}", surveyed, stations, ids);
    else
        printf(_("Checked on site in the last year: %zu of %zu stations\n"
                 "Not checked: %s\n"), surveyed, stations,
               d.n ? ids : _("none"));
    free(ids);
    return EXIT_OK;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    static const char *const headers[] = {N_("Level"), N_("ID"), N_("Field"),
                                          N_("Problem")};
    const char *format = "table", *on = NULL;
    char today[11];
    int64_t t;
    report r = {NULL, false, 0, 0};
    size_t errors = 0, warnings = 0;
    yj_db *db = NULL;
    yj_error err;
    yj_code rc;
    locale_t was;
    int c, status;

    cli_parser_init(&p, &cli_check_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'f': format = p.arg; break;
        case 'o': on = p.arg; break;
        }
    }
    if (c < 0)
        return p.status;
    if (optind < argc)
        return cli_usage_error("check", "unexpected argument '%s'",
                               argv[optind]);
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("check", "--format: '%s' is not table or json",
                               format);
    if (on == NULL) {
        cli_today(today);
    } else {
        char noon[32];
        snprintf(noon, sizeof noon, "%.10s 12:00", on);
        if (strlen(on) != 10 || !yj_hours_parse_local_time(&t, noon))
            return cli_usage_error("check", "--on: '%s' is not a date "
                                   "YYYY-MM-DD", on);
        snprintf(today, sizeof today, "%s", on);
    }
    r.json = strcmp(format, "json") == 0;
    if (!r.json && (r.table = cli_table_new(4, headers)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if ((status = cli_open_db(&db, g)) != EXIT_OK) {
        cli_table_free(r.table);
        return status;
    }
    if (r.json)
        printf("{\"findings\": [");
    /* JSON is for programs: its messages are the same (English) in every
     * language; the table is for people, in theirs */
    was = r.json ? cli_machine_text_begin() : (locale_t)0;
    rc = yj_check_run(&errors, &warnings, db, today, add_finding, &r, &err);
    cli_machine_text_end(was);
    if (rc != YJ_OK) {
        status = cli_fail(&err);
    } else if (r.failed) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
    } else if (r.json) {
        printf("\n], \"errors\": %zu, \"warnings\": %zu", errors, warnings);
        status = print_surveyed(db, today, true, &err);
        printf("}\n");
    } else {
        if (r.n > 0)
            cli_table_print(r.table, stdout);
        printf("%s", r.n ? "\n" : "");
        printf(_("%zu errors, %zu warnings\n"), errors, warnings);
        status = print_surveyed(db, today, false, &err);
    }
    if (status == EXIT_OK && errors > 0)
        status = EXIT_RUNTIME;
    cli_table_free(r.table);
    yj_db_close(db);
    return status;
}

const cli_command cli_check_command = {
    .name = "check",
    .run = run,
    .summary = N_("check the stations: errors to fix, warnings to follow up"),
    .synopsis = "check [--format table|json] [--on DATE]",
    .description = N_("Check every station.  Errors: a field breaking its rule "
                      "(required fields, vocabularies, phone, opening_hours syntax, "
                      "coordinates); a point outside the district outline or outside "
                      "its own township's polygon — said to be a coordinate-system "
                      "mix-up when it lands inside once read as GCJ-02 (Amap) or "
                      "BD-09 (Baidu), about 500 m here; the same name twice; a check "
                      "date in the future.  Warnings: two precisely located stations "
                      "under 30 m apart, locations known only to the township or "
                      "district or of unknown precision, no coordinates, a station "
                      "not verified on site (checked_on) in the year before DATE "
                      "(Hangzhou re-verifies every station yearly), a phone number of "
                      "too few or too many digits.  Closed stations (yijia remove) "
                      "are not checked. Then how many stations were checked on site "
                      "(precision surveyed, a check date in the year before DATE) and "
                      "which were not."),
    .groups = check_groups,
    .notes = N_("Exit 1 when there is an error, 0 otherwise (warnings alone)."),
};

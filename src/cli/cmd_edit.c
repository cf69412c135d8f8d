/* cmd_edit.c — the commands that change one station: `yijia add`,
 * `yijia edit ID`, `yijia remove ID`, and `yijia upgrade` (an older
 * database to this schema).  Each is one change in the history; values
 * are validated and normalised as an import row's are (import.c). */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const cli_option add_options[] = {
    {.name = "set", .arg = "FIELD=VALUE", .id = 's',
     .help = N_("a field's value (repeat for each field)")},
    {.name = "crs", .arg = "CRS", .id = 'c',
     .values = "@crs",
     .help = N_("of lon/lat (wgs84, gcj02, bd09)")},
    {.name = "id", .arg = "ID", .id = 'i',
     .help = N_("the new station's id")},
    {0},
};

static const cli_option_group add_groups[] = {
    {N_("Options"), add_options},
    {0},
};

static const cli_option edit_options[] = {
    {.name = "set", .arg = "FIELD=VALUE", .id = 's',
     .help = N_("a field's new value (repeat for each field)")},
    {.name = "crs", .arg = "CRS", .id = 'c',
     .values = "@crs",
     .help = N_("of lon/lat (wgs84, gcj02, bd09)")},
    {0},
};

static const cli_option_group edit_groups[] = {
    {N_("Options"), edit_options},
    {0},
};

static const cli_option remove_options[] = {
    {.name = "purge", .id = 'p',
     .help = N_("delete the station instead of closing it")},
    {0},
};

static const cli_option_group remove_groups[] = {
    {N_("Options"), remove_options},
    {0},
};

static const cli_option upgrade_options[] = {
    {0},
};

static const cli_option_group upgrade_groups[] = {
    {N_("Options"), upgrade_options},
    {0},
};

/* --set FIELD=VALUE into v (the value points into arg; argv stays as
 * given, for the history). */
static int take_set(yj_field_values *v, const char *arg, const char *cmd)
{
    const char *eq = strchr(arg, '=');
    char name[64];
    int col;

    if (eq == NULL)
        return cli_usage_error(cmd, "--set: '%s' is not FIELD=VALUE", arg);
    snprintf(name, sizeof name, "%.*s",
             (int)yj_utf8_cut(arg, (size_t)(eq - arg), sizeof name - 1), arg);
    if ((col = yj_import_column(name)) < 0) {
        cli_usage_error(cmd, "--set: unknown field '%s'", name);
        fprintf(stderr, "%s id name address district township category "
                "amenities amenities_source opening_hours phone lon lat crs "
                "coord_source coord_precision source notes checked_on "
                "closed_on\n", _("Fields:"));
        return EXIT_USAGE;
    }
    if (col == YJ_F_COUNT)
        v->crs = eq + 1;
    else
        v->value[col] = eq + 1;
    return EXIT_OK;
}

/* Parse --set, --crs and (add) --id; the remaining arguments from
 * *first. */
static int parse(yj_field_values *v, yj_crs *crs, const char **id, int argc,
                 char **argv, const cli_command *cmd, bool purge_option,
                 bool *purge)
{
    cli_parser p;
    int c, status;

    memset(v, 0, sizeof *v);
    v->empty_clears = true;
    *crs = YJ_CRS_WGS84;
    cli_parser_init(&p, cmd, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        /* each command's table has only its own options */
        switch (c) {
        case 's':
            if ((status = take_set(v, p.arg, cmd->name)) != EXIT_OK)
                return status;
            break;
        case 'c':
            if (!yj_crs_from_name(crs, p.arg))
                return cli_usage_error(cmd->name, "--crs: '%s' is not "
                                       "wgs84, gcj02 or bd09", p.arg);
            break;
        case 'i':
            if (id != NULL)
                *id = p.arg;
            break;
        case 'p':
            if (purge_option)
                *purge = true;
            break;
        }
    }
    if (c < 0) /* -1: the help, printed */
        return p.status == EXIT_OK ? -1 : p.status;
    return EXIT_OK;
}

/* Run one change: begin, fn, commit; print the outcome. */
typedef int (*change_fn)(yj_editor *ed, void *payload, yj_error *err);

static int change(const cli_globals *g, change_fn fn, void *payload)
{
    yj_editor *ed = NULL;
    yj_error err;
    long long id = 0;
    int status;

    if ((status = cli_open_editor(&ed, g, false)) != EXIT_OK)
        return status;
    if (yj_editor_begin(ed, cli_user(), g->command, &err) != YJ_OK) {
        status = cli_fail(&err);
    } else if ((status = fn(ed, payload, &err)) != EXIT_OK) {
        yj_editor_rollback(ed);
    } else if (yj_editor_commit(&id, ed, &err) != YJ_OK) {
        status = cli_fail(&err);
    } else if (id > 0) {
        cli_note("recorded as change #%lld (`yijia undo` takes it back)", id);
    } else {
        cli_note("nothing changed");
    }
    yj_editor_close(ed);
    return status;
}

typedef struct edit_job {
    const char *id;
    yj_field_values v;
    yj_crs crs;
    bool add, purge;
} edit_job;

static int apply(yj_editor *ed, void *payload, yj_error *err)
{
    edit_job *job = payload;
    yj_station before, after;
    char next[64], origin[160], today[11];
    bool changed = false;
    int status = EXIT_OK;
    int f;

    memset(&before, 0, sizeof before);
    memset(&after, 0, sizeof after);
    if (job->add) {
        if (job->id == NULL) {
            if (yj_editor_next_id(next, sizeof next, ed, err) != YJ_OK)
                return cli_fail(err);
            job->id = next;
        }
        if (yj_editor_get(&before, ed, job->id, err) == YJ_OK) {
            yj_station_clear(&before);
            cli_error("%s: a station with this id exists (`yijia edit`)",
                      job->id);
            return EXIT_RUNTIME;
        }
        for (f = 0; f < YJ_F_COUNT; f++)
            if (yj_station_set(&after, (yj_field)f, "", err) != YJ_OK)
                return cli_fail(err);
        job->v.value[YJ_F_ID] = job->id;
    } else {
        if (yj_editor_get(&before, ed, job->id, err) != YJ_OK)
            return cli_fail(err);
        if (yj_station_copy(&after, &before, err) != YJ_OK) {
            status = cli_fail(err);
            goto out;
        }
    }
    cli_today(today);
    snprintf(origin, sizeof origin, "yijia %s by %s on %s",
             job->add ? "add" : "edit", cli_user(), today);
    if (yj_import_apply(&after, ed, &job->v, job->crs, origin, err) !=
        YJ_OK) {
        cli_error("%s: %s", job->id, err->message);
        status = EXIT_RUNTIME;
        goto out;
    }
    /* put's messages start with the id already */
    if (yj_editor_put(&changed, ed, &after, err) != YJ_OK) {
        status = cli_fail(err);
        goto out;
    }
    if (changed)
        cli_print_change(stdout, job->add ? '+' : '~',
                         job->add ? NULL : &before, &after, NULL);
out:
    yj_station_clear(&before);
    yj_station_clear(&after);
    return status;
}

static int run_add(const cli_globals *g, int argc, char **argv)
{
    edit_job job;
    int status;

    memset(&job, 0, sizeof job);
    job.add = true;
    if ((status = parse(&job.v, &job.crs, &job.id, argc, argv,
                        &cli_add_command, false, NULL)) != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (optind != argc)
        return cli_usage_error("add", "unexpected argument '%s' (fields "
                               "are given with --set)", argv[optind]);
    if (job.v.value[YJ_F_ID] != NULL)
        return cli_usage_error("add", "give the id with --id");
    return change(g, apply, &job);
}

static int run_edit(const cli_globals *g, int argc, char **argv)
{
    edit_job job;
    int status, f;

    memset(&job, 0, sizeof job);
    if ((status = parse(&job.v, &job.crs, NULL, argc, argv,
                        &cli_edit_command, false, NULL)) != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (optind != argc - 1)
        return cli_usage_error("edit", optind >= argc ? "missing station ID"
                               : N_("expected one station ID"));
    job.id = argv[optind];
    if (job.v.value[YJ_F_ID] != NULL)
        return cli_usage_error("edit", "the id cannot change (add a new "
                               "station and remove this one)");
    for (f = 0; f < YJ_F_COUNT && job.v.value[f] == NULL; f++)
        ;
    if (f == YJ_F_COUNT)
        return cli_usage_error("edit", "nothing to change: give --set "
                               "FIELD=VALUE");
    return change(g, apply, &job);
}

static int remove_one(yj_editor *ed, void *payload, yj_error *err)
{
    edit_job *job = payload;
    yj_station before, after;
    char today[11];
    int status = EXIT_OK;

    if (yj_editor_get(&before, ed, job->id, err) != YJ_OK)
        return cli_fail(err);
    if (job->purge) {
        if (yj_editor_purge(ed, job->id, err) != YJ_OK)
            status = cli_fail(err);
        else
            cli_print_change(stdout, '-', &before, NULL, "deleted");
        yj_station_clear(&before);
        return status;
    }
    if (!yj_station_in_service(&before)) {
        cli_note("%s was closed on %s already", before.text[YJ_F_ID],
                 before.text[YJ_F_CLOSED_ON]);
        yj_station_clear(&before);
        return EXIT_OK;
    }
    cli_today(today);
    if (yj_station_copy(&after, &before, err) != YJ_OK ||
        yj_station_set(&after, YJ_F_CLOSED_ON, today, err) != YJ_OK ||
        yj_editor_put(NULL, ed, &after, err) != YJ_OK)
        status = cli_fail(err);
    else
        cli_print_change(stdout, '-', &before, &after, "closed");
    yj_station_clear(&before);
    yj_station_clear(&after);
    return status;
}

static int run_remove(const cli_globals *g, int argc, char **argv)
{
    edit_job job;
    int status;

    memset(&job, 0, sizeof job);
    if ((status = parse(&job.v, &job.crs, NULL, argc, argv,
                        &cli_remove_command, true, &job.purge)) != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (optind != argc - 1)
        return cli_usage_error("remove", optind >= argc
                               ? "missing station ID"
                               : N_("expected one station ID"));
    job.id = argv[optind];
    return change(g, remove_one, &job);
}

static int run_upgrade(const cli_globals *g, int argc, char **argv)
{
    yj_editor *ed = NULL;
    int status;

    if (argc == 2 && (strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "--help") == 0))
        return cli_help(&cli_upgrade_command);
    if (argc != 1)
        return cli_usage_error("upgrade", "unexpected argument '%s'",
                               argv[1]);
    if ((status = cli_open_editor(&ed, g, false)) == EXIT_OK)
        cli_note("%s: schema version %d", cli_db_path(g), YJ_SCHEMA_VERSION);
    yj_editor_close(ed);
    return status;
}

const cli_command cli_add_command = {
    .name = "add",
    .run = run_add,
    .summary = N_("add a station"),
    .synopsis = "add --set FIELD=VALUE ... [--id ID] [--crs wgs84|gcj02|bd09]",
    .description = N_("Add a station.  FIELD is a column of stations.csv or its "
                      "Chinese name in `yijia import --help` (名称=..., 地址=... are "
                      "required); values are checked as an imported row's.  "
                      "Coordinates (--set lon=... --set lat=...) are in --crs "
                      "(default wgs84) and stored in WGS84; say where they come from "
                      "with --set coord_source=... and how precise they are with "
                      "--set coord_precision=door|poi|road|township|district (default "
                      "unknown).  The new id is the next XS number unless --id gives "
                      "one. Prints the station's id; `yijia undo` takes the change "
                      "back."),
    .groups = add_groups,
};
const cli_command cli_edit_command = {
    .name = "edit",
    .run = run_edit,
    .summary = N_("change fields of a station"),
    .synopsis = "edit ID --set FIELD=VALUE ... [--crs wgs84|gcj02|bd09]",
    .description = N_("Change fields of the station ID.  FIELD is a column of "
                      "stations.csv or its Chinese name; an empty VALUE clears the "
                      "field (--set lon= --set lat= forgets the location).  New "
                      "coordinates are in --crs (default wgs84); unless coord_source "
                      "/ coord_precision are set too, their source is this edit and "
                      "their precision `unknown`.  --set closed_on= reopens a removed "
                      "station.  The id itself cannot change.  Prints what changed; "
                      "`yijia undo` takes it back."),
    .groups = edit_groups,
};
const cli_command cli_remove_command = {
    .name = "remove",
    .run = run_remove,
    .summary = N_("close (or --purge: delete) a station"),
    .synopsis = "remove [--purge] ID",
    .description = N_("Close the station ID: it stays in the database with today's "
                      "date in closed_on, and is no longer listed, found, exported or "
                      "mapped. `yijia edit ID --set closed_on=` or `yijia undo` "
                      "reopens it.  With --purge it is deleted instead (its fields "
                      "stay in the history, and `yijia undo` restores it)."),
    .groups = remove_groups,
};
const cli_command cli_upgrade_command = {
    .name = "upgrade",
    .run = run_upgrade,
    .summary = N_("upgrade an older database in place"),
    .synopsis = "upgrade",
    .description = N_("Bring a database written by an older yijia (schema 2 to 4) to "
                      "this version's schema in place, keeping its stations (the "
                      "other commands that change the database do this too).  Schema "
                      "1 files are rebuilt with `yijia build`."),
    .groups = upgrade_groups,
};

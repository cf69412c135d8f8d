/* cmd_history.c — `yijia history [ID]` (every change staff made, field by
 * field) and `yijia undo` (take changes back, as a new change). */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const cli_option history_options[] = {
    {.name = "format", .arg = "FORMAT", .id = 'f',
     .values = "text json",
     .help = N_("text (default) or json (one object per field)")},
    {0},
};

static const cli_option_group history_groups[] = {
    {N_("Options"), history_options},
    {0},
};

static const cli_option undo_options[] = {
    {.name = "change", .arg = "N", .id = 'c',
     .help = N_("undo change N (see `yijia history`)")},
    {.name = "to", .arg = "TIME", .id = 't',
     .help = N_("undo every change after TIME")},
    {.name = "dry-run", .id = 'n',
     .help = N_("say what would be undone; write nothing")},
    {0},
};

static const cli_option_group undo_groups[] = {
    {N_("Options"), undo_options},
    {0},
};

typedef struct printer {
    bool json;
    size_t n;
    long long last_change;
    const char *last_station;
    char station[64];
} printer;

static void quoted(const char *v)
{
    if (v == NULL) {
        fputs("—", stdout);
        return;
    }
    putchar('\'');
    cli_put_text(stdout, v);
    putchar('\'');
}

static int print_entry(void *payload, const yj_history_entry *e)
{
    printer *p = payload;

    if (p->json) {
        printf("%s\n  {\"change\": %lld, \"at\": ", p->n ? "," : "",
               e->change_id);
        yj_writer_json_literal(stdout, e->at);
        fputs(", \"user\": ", stdout);
        yj_writer_json_literal(stdout, e->user);
        fputs(", \"command\": ", stdout);
        yj_writer_json_literal(stdout, e->command);
        printf(", \"is_undo\": %s, \"undone_by\": ",
               e->is_undo ? "true" : "false");
        if (e->undone_by)
            printf("%lld", e->undone_by);
        else
            fputs("null", stdout);
        fputs(", \"station\": ", stdout);
        yj_writer_json_literal(stdout, e->station_id);
        fputs(", \"action\": ", stdout);
        yj_writer_json_literal(stdout, e->action);
        fputs(", \"field\": ", stdout);
        yj_writer_json_literal(stdout, e->field);
        fputs(", \"old\": ", stdout);
        if (e->old_value)
            yj_writer_json_literal(stdout, e->old_value);
        else
            fputs("null", stdout);
        fputs(", \"new\": ", stdout);
        if (e->new_value)
            yj_writer_json_literal(stdout, e->new_value);
        else
            fputs("null", stdout);
        putchar('}');
        p->n++;
        return 0;
    }
    if (e->change_id != p->last_change) {
        printf("%s#%lld  ", p->n ? "\n" : "", e->change_id);
        cli_put_text(stdout, e->at);
        fputs("  ", stdout);
        cli_put_text(stdout, e->user);
        fputs("  ", stdout);
        cli_put_text(stdout, e->command);
        if (e->undone_by)
            printf(_("  (undone by #%lld)"), e->undone_by);
        putchar('\n');
        p->last_change = e->change_id;
        p->station[0] = '\0';
        p->n++;
    }
    if (strcmp(p->station, e->station_id) != 0) {
        snprintf(p->station, sizeof p->station, "%s", e->station_id);
        fputs("  ", stdout);
        cli_put_text(stdout, e->station_id);
        printf(" %s\n",
               strcmp(e->action, "add") == 0      ? _("added")
               : strcmp(e->action, "purge") == 0  ? _("deleted")
               : strcmp(e->action, "remove") == 0 ? _("closed")
                                                  : _("changed"));
    }
    /* An added or deleted station's empty fields say nothing. */
    if ((e->old_value == NULL || e->old_value[0] == '\0') &&
        (e->new_value == NULL || e->new_value[0] == '\0'))
        return 0;
    fputs("    ", stdout);
    cli_put_text(stdout, e->field);
    fputs(": ", stdout);
    quoted(e->old_value);
    fputs(" → ", stdout);
    quoted(e->new_value);
    putchar('\n');
    return 0;
}

static int run_history(const cli_globals *g, int argc, char **argv)
{
    cli_parser op;
    printer p;
    yj_editor *ed = NULL;
    yj_error err;
    int c, status;

    memset(&p, 0, sizeof p);
    cli_parser_init(&op, &cli_history_command, NULL, argc, argv);
    while ((c = cli_getopt(&op)) > 0) {
        switch (c) {
        case 'f':
            if (strcmp(op.arg, "json") != 0 && strcmp(op.arg, "text") != 0)
                return cli_usage_error("history", "--format: '%s' is not "
                                       "text or json", op.arg);
            p.json = strcmp(op.arg, "json") == 0;
            break;
        }
    }
    if (c < 0)
        return op.status;
    if (optind < argc - 1)
        return cli_usage_error("history", "expected at most one station ID");
    if ((status = cli_open_editor(&ed, g, true)) != EXIT_OK)
        return status;
    if (p.json)
        putchar('[');
    if (yj_editor_history(ed, optind < argc ? argv[optind] : NULL,
                          print_entry, &p, &err) != YJ_OK)
        status = cli_fail(&err);
    if (p.json)
        printf("%s]\n", p.n ? "\n" : "");
    else if (p.n == 0 && status == EXIT_OK && optind < argc)
        cli_note("no changes recorded for %s", argv[optind]);
    else if (p.n == 0 && status == EXIT_OK)
        cli_note("no changes recorded");
    yj_editor_close(ed);
    return status;
}

static int run_undo(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    const char *change_text = NULL, *to_text = NULL;
    long long change = 0, *ids = NULL, done = 0;
    int64_t after = 0;
    size_t n = 0, i;
    bool dry_run = false;
    yj_editor *ed = NULL;
    yj_error err;
    int c, status;

    cli_parser_init(&p, &cli_undo_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'c': change_text = p.arg; break;
        case 't': to_text = p.arg; break;
        case 'n': dry_run = true; break;
        }
    }
    if (c < 0)
        return p.status;
    if (optind != argc)
        return cli_usage_error("undo", "unexpected argument '%s'",
                               argv[optind]);
    if (change_text && to_text)
        return cli_usage_error("undo", "--change and --to exclude each "
                               "other");
    if (change_text != NULL) {
        int64_t number;
        if (yj_parse_int(&number, change_text[0] == '#' ? change_text + 1
                                                         : change_text,
                         1, INT64_MAX, &err) != YJ_OK)
            return cli_usage_error("undo", "--change: %s (a change number "
                                   "of `yijia history`)", err.message);
        change = number;
    }
    if (to_text != NULL && !yj_hours_parse_local_time(&after, to_text))
        return cli_usage_error("undo", "--to: '%s' is not \"YYYY-MM-DD "
                               "HH:MM\"", to_text);
    if ((status = cli_open_editor(&ed, g, dry_run)) != EXIT_OK)
        goto out;
    if (yj_editor_begin(ed, cli_user(), g->command, &err) != YJ_OK) {
        status = cli_fail(&err);
        goto out;
    }
    if (change > 0) {
        if ((ids = malloc(sizeof *ids)) == NULL) {
            cli_error("out of memory");
            status = EXIT_RUNTIME;
            goto out;
        }
        ids[0] = change;
        n = 1;
    } else if (yj_editor_undo_list(&ids, &n, ed, to_text ? &after : NULL,
                                   &err) != YJ_OK) {
        status = cli_fail(&err);
        goto out;
    }
    if (n == 0) {
        cli_note(to_text ? "nothing to undo after that time"
                         : N_("nothing to undo"));
        status = EXIT_NOTHING;
        goto out;
    }
    for (i = 0; i < n; i++) {
        if (yj_editor_undo(ed, ids[i], &err) != YJ_OK) {
            status = cli_fail(&err);
            cli_note("nothing was undone");
            goto out;
        }
        printf(dry_run ? _("would undo change #%lld\n")
                       : _("undid change #%lld\n"), ids[i]);
    }
    if (!dry_run) {
        if (yj_editor_commit(&done, ed, &err) != YJ_OK) {
            status = cli_fail(&err);
            goto out;
        }
        if (done > 0)
            cli_note("recorded as change #%lld (`yijia undo --change %lld` "
                     "re-applies)", done, done);
    }
out:
    yj_editor_close(ed);
    free(ids);
    return status;
}

const cli_command cli_history_command = {
    .name = "history",
    .run = run_history,
    .summary = N_("the changes made, field by field"),
    .synopsis = "history [--format text|json] [ID]",
    .description = N_("Every change made to the database by import, add, edit, remove "
                      "and undo, oldest first: its number, time (Beijing), user "
                      "($USER), command, and each field's old and new value; with ID, "
                      "only that station's. A database built by `yijia build` starts "
                      "with no history."),
    .groups = history_groups,
};
const cli_command cli_undo_command = {
    .name = "undo",
    .run = run_undo,
    .summary = N_("take back the last change (or others)"),
    .synopsis = "undo [--change N | --to TIME] [--dry-run]",
    .description = N_("Take back the last change not yet undone (or change N, or "
                      "every change made after TIME, \"YYYY-MM-DD HH:MM\" Beijing "
                      "time), restoring each field's value exactly.  The undo is "
                      "itself a change in the history: `yijia undo --change M` of the "
                      "undo's number M re-applies what it took back.  A change that "
                      "later changes touched is refused (undo those first); nothing "
                      "is written then."),
    .groups = undo_groups,
};

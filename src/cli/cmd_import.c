/* cmd_import.c — `yijia import FILE`: a staff sheet into the database in
 * one change (all or nothing), or with --dry-run only the diff.  Under
 * --mode replace it says how many stations it closes, and refuses to
 * close more than CLOSE_WITHOUT_YES of them without --yes. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The most stations --mode replace closes without --yes: a sheet that
 * lacks more is more likely a part of the list than the list. */
#define CLOSE_WITHOUT_YES 3
/* The stations named in the summary of those closed. */
#define CLOSED_NAMED 5

static const cli_option import_options[] = {
    {.name = "dry-run", .id = 'n',
     .help = N_("print what would change; write nothing")},
    {.name = "mode", .arg = "MODE", .id = 'm',
     .values = "upsert replace",
     .help = N_("upsert (default): add and update; replace: also close the "
                "stations in service that the sheet lacks (kept, closed today: "
                "`yijia remove`); says how many it closes, and closes more "
                "than 3 only with --yes (else exit 2, nothing written)")},
    {.name = "encoding", .arg = "ENC", .id = 'e',
     .values = "auto utf-8 gb18030",
     .help = N_("auto (default), utf-8 or gb18030")},
    {.name = "crs", .arg = "CRS", .id = 'c',
     .values = "@crs",
     .help = N_("coordinates of rows without 坐标系 (default wgs84)")},
    {.name = "quiet", .id = 'q',
     .help = N_("no list of changes on stdout")},
    {.name = "yes", .id = 'y',
     .help = N_("--mode replace: close the stations the sheet lacks even "
                "when they are more than 3")},
    {0},
};

static const cli_option_group import_groups[] = {
    {N_("Options"), import_options},
    {0},
};

typedef struct printer {
    bool quiet;
    size_t closed;
    char named[CLOSED_NAMED * 160]; /* "XS001 名称, ..." of the first */
    /* the changes, held until the import is done: a refused or failed
     * import shows none (they would read as made) */
    FILE *out;
    char *held;
    size_t held_len;
} printer;

/* Start holding the changes (stdout itself when there is no memory). */
static void changes_hold(printer *p)
{
    p->out = open_memstream(&p->held, &p->held_len);
    if (p->out == NULL)
        p->out = stdout;
}

/* The import is done (`show`) or refused, failed: the changes it held. */
static void changes_done(printer *p, bool show)
{
    if (p->out == stdout || p->out == NULL)
        return;
    fclose(p->out);
    p->out = NULL;
    if (show)
        fwrite(p->held, 1, p->held_len, stdout);
    free(p->held);
    p->held = NULL;
}

static int print_event(void *payload, const yj_import_event *e)
{
    printer *p = payload;
    char where[64];

    if (e->kind == YJ_IMPORT_CLOSE && p->closed++ < CLOSED_NAMED) {
        size_t used = strlen(p->named);
        snprintf(p->named + used, sizeof p->named - used, "%s%s %.100s",
                 used ? ", " : "", e->before->text[YJ_F_ID],
                 e->before->text[YJ_F_NAME]);
    }
    if (p->quiet)
        return 0;
    if (e->kind == YJ_IMPORT_CLOSE)
        snprintf(where, sizeof where, "%s", _("closed: not in the sheet"));
    else
        snprintf(where, sizeof where, _("line %zu"), e->line);
    cli_print_change(p->out,
                     e->kind == YJ_IMPORT_ADD    ? '+'
                     : e->kind == YJ_IMPORT_CHANGE ? '~'
                                                   : '-',
                     e->before, e->after, where);
    return 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    yj_import_options opt = YJ_IMPORT_OPTIONS_INIT;
    yj_import_report rep;
    printer pr = {false, 0, "", NULL, NULL, 0};
    yj_editor *ed = NULL;
    yj_error err;
    bool dry_run = false, yes = false, refuse;
    char today[11];
    long long change = 0;
    int c, status;

    cli_parser_init(&p, &cli_import_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case 'n': dry_run = true; break;
        case 'q': pr.quiet = true; break;
        case 'y': yes = true; break;
        case 'm':
            if (strcmp(p.arg, "upsert") != 0 && strcmp(p.arg, "replace"))
                return cli_usage_error("import", "--mode: '%s' is not upsert "
                                       "or replace", p.arg);
            opt.replace = strcmp(p.arg, "replace") == 0;
            break;
        case 'e':
            if (strcmp(p.arg, "auto") && strcmp(p.arg, "utf-8") &&
                strcmp(p.arg, "gb18030"))
                return cli_usage_error("import", "--encoding: '%s' is not "
                                       "auto, utf-8 or gb18030", p.arg);
            opt.encoding = p.arg;
            break;
        case 'c':
            if (!yj_crs_from_name(&opt.crs, p.arg))
                return cli_usage_error("import", "--crs: '%s' is not wgs84, "
                                       "gcj02 or bd09", p.arg);
            break;
        }
    }
    if (c < 0)
        return p.status;
    if (optind != argc - 1)
        return cli_usage_error("import", optind >= argc ? "missing FILE"
                               : N_("expected one FILE"));
    cli_today(today);
    opt.today = today;
    if ((status = cli_open_editor(&ed, g, dry_run)) != EXIT_OK)
        return status;
    changes_hold(&pr);
    if (yj_editor_begin(ed, cli_user(), g->command, &err) != YJ_OK ||
        yj_import(&rep, ed, argv[optind], &opt, print_event, &pr, &err) !=
            YJ_OK) {
        changes_done(&pr, false);
        cli_error("%s", err.message);
        cli_note("nothing was imported");
        yj_editor_close(ed);
        return EXIT_RUNTIME;
    }
    refuse = rep.closed > CLOSE_WITHOUT_YES && !yes && !dry_run;
    if (rep.closed > 0) {
        char more[64] = "";
        if (rep.closed > CLOSED_NAMED)
            snprintf(more, sizeof more, _(" and %zu more"),
                     rep.closed - CLOSED_NAMED);
        if (refuse)
            cli_note("would close %zu of the %zu stations in service, not "
                     "in the sheet: %s%s", rep.closed, rep.in_service,
                     pr.named, more);
        else if (dry_run)
            cli_note("dry run: would close %zu of the %zu stations in "
                     "service, not in the sheet: %s%s", rep.closed,
                     rep.in_service, pr.named, more);
        else
            cli_note("closes %zu of the %zu stations in service, not in the "
                     "sheet: %s%s", rep.closed, rep.in_service, pr.named,
                     more);
    }
    if (refuse) {
        changes_done(&pr, false);
        cli_error("--mode replace would close %zu of the %zu stations in "
                  "service (more than %d): check that the sheet lists every "
                  "station, or add --yes to close them", rep.closed,
                  rep.in_service, CLOSE_WITHOUT_YES);
        cli_note("nothing was imported");
        yj_editor_close(ed);  /* rolls the change back */
        return EXIT_USAGE;
    }
    if (rep.closed > CLOSE_WITHOUT_YES && !yes)
        cli_note("dry run: without --yes, import refuses to close more than "
                 "%d stations", CLOSE_WITHOUT_YES);
    if (!dry_run && yj_editor_commit(&change, ed, &err) != YJ_OK) {
        changes_done(&pr, false);
        cli_error("%s", err.message);
        cli_note("nothing was imported");
        status = EXIT_RUNTIME;
    } else {
        changes_done(&pr, true);
        if (rep.ignored[0] != '\0')
            cli_note("ignored columns: %s", rep.ignored);
        if (rep.title_lines > 0)
            cli_note(rep.title_lines > 1
                         ? "skipped %zu title lines above the header"
                         : N_("skipped %zu title line above the header"),
                     rep.title_lines);
        if (rep.empty_lines > 0)
            cli_note(rep.empty_lines > 1 ? "skipped %zu empty rows"
                                         : N_("skipped %zu empty row"),
                     rep.empty_lines);
        cli_note(dry_run
                     ? "dry run: %s (%s, %s): %zu rows: %zu added, %zu "
                       "changed, %zu closed, %zu unchanged; nothing written"
                     : N_("%s (%s, %s): %zu rows: %zu added, %zu changed, "
                          "%zu closed, %zu unchanged"),
                 argv[optind], rep.encoding,
                 rep.delimiter == '\t' ? _("tab-separated")
                                       : _("comma-separated"),
                 rep.rows, rep.added, rep.changed, rep.closed, rep.unchanged);
        if (change > 0)
            cli_note("recorded as change #%lld (`yijia undo` takes it back)",
                     change);
        else if (!dry_run)
            cli_note("nothing changed");
    }
    yj_editor_close(ed);  /* a dry run's change is rolled back here */
    return status;
}

const cli_command cli_import_command = {
    .name = "import",
    .run = run,
    .summary = N_("import a staff sheet (CSV/TSV, UTF-8 or GBK)"),
    .synopsis = "import [--dry-run] [--mode upsert|replace] [OPTIONS] FILE",
    .description = N_("Import a sheet of stations: CSV or tab-separated text as Excel "
                      "saves it — UTF-8 (with or without a byte-order mark), "
                      "GB18030/GBK (Excel on Chinese Windows), or UTF-16 \"Unicode "
                      "text\" — with English column names (those of stations.csv) or "
                      "Chinese ones: 编号 名称 地址 区县 镇街 类别 服务项目 服务项目来源 开放时间 联系电话 经度 纬度 "
                      "坐标系 坐标来源 坐标精度 资料来源 备注 核查日期 撤销日期 (also 设施, 电话, 来源 ...; 名称 and "
                      "地址 are required).  Other columns "
                      "(序号 ...) are ignored and named on stderr, as are a title line "
                      "above the header and rows of empty cells, which are skipped.  "
                      "Categories, amenities and precisions may be written as their "
                      "codes or Chinese labels (社区/村, 饮水、休息) or common words (社区, "
                      "微波炉), townships by short name (城厢), dates as 2025/3/1, opening "
                      "hours in Chinese (周一至周五 8:30—17:00 → Mo-Fr 8:30-17:00, 全天 → "
                      "24/7).\n\nA row updates the station with its 编号 (id), else the "
                      "one with the same name and address, else adds a station with "
                      "the next XS number. An empty cell keeps what the database has; "
                      "clear a field with `yijia edit ID --set FIELD=`.  Coordinates "
                      "are in the row's 坐标系 (wgs84, gcj02, bd09; also GPS, 高德, 百度), "
                      "else --crs, and are stored in WGS84 with the sheet line as "
                      "their source and precision `unknown` unless a 坐标精度 column says "
                      "better.\n\nThe whole sheet is checked before anything is "
                      "written; the first problem is reported with its row and column "
                      "as the sheet names them (FILE row N, column 经度: problem), and "
                      "nothing changes. The import is one change in the "
                      "history: `yijia undo` takes it back. The changes are printed "
                      "on stdout (+ added, ~ changed, - closed), a summary on stderr."),
    .groups = import_groups,
    .notes = N_("Exit: 0 imported (or nothing to change), 1 a bad sheet or "
                "database (nothing written), 2 usage error."),
};

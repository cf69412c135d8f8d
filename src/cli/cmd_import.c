/* cmd_import.c — `yijia import FILE`: a staff sheet into the database in
 * one change (all or nothing), or with --dry-run only the diff. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: yijia [--db FILE] import [--dry-run] [--mode upsert|replace]\n"
    "                          [--encoding auto|utf-8|gb18030]\n"
    "                          [--crs wgs84|gcj02|bd09] [--quiet] FILE\n"
    "\n"
    "Import a sheet of stations: CSV or tab-separated text as Excel saves\n"
    "it — UTF-8 (with or without a byte-order mark), GB18030/GBK (Excel on\n"
    "Chinese Windows), or UTF-16 \"Unicode text\" — with English column names\n"
    "(those of stations.csv) or Chinese ones:\n"
    "  编号 名称 地址 区县 镇街 类别 设施 设施来源 开放时间 电话 经度 纬度\n"
    "  坐标系 坐标来源 坐标精度 来源 备注 核查日期 撤销日期\n"
    "名称 and 地址 are required.  Other columns (序号 ...) are ignored and\n"
    "named on stderr, as are a title line above the header and rows of\n"
    "empty cells, which are skipped.  Categories, amenities and precisions\n"
    "may be written as their codes or Chinese labels (社区/村, 饮水、休息)\n"
    "or common words (社区, 微波炉), townships by\n"
    "short name (城厢), dates as 2025/3/1, opening hours in Chinese\n"
    "(周一至周五 8:30—17:00 → Mo-Fr 8:30-17:00, 全天 → 24/7).\n"
    "\n"
    "A row updates the station with its 编号 (id), else the one with the\n"
    "same name and address, else adds a station with the next XS number.\n"
    "An empty cell keeps what the database has; clear a field with\n"
    "`yijia edit ID --set FIELD=`.  Coordinates are in the row's 坐标系\n"
    "(wgs84, gcj02, bd09; also GPS, 高德, 百度), else --crs, and are stored\n"
    "in WGS84 with the sheet line as their source and precision `unknown`\n"
    "unless a 坐标精度 column says better.\n"
    "\n"
    "The whole sheet is checked before anything is written; the first\n"
    "problem is reported as FILE:LINE: FIELD: problem, and nothing changes.\n"
    "The import is one change in the history: `yijia undo` takes it back.\n"
    "The changes are printed on stdout (+ added, ~ changed, - closed), a\n"
    "summary on stderr.\n"
    "\n"
    "Options:\n"
    "  --dry-run         print what would change; write nothing\n"
    "  --mode MODE       upsert (default): add and update; replace: also\n"
    "                    close the stations in service that the sheet lacks\n"
    "                    (kept, closed today: `yijia remove`)\n"
    "  --encoding ENC    auto (default), utf-8 or gb18030\n"
    "  --crs CRS         coordinates of rows without 坐标系 (default wgs84)\n"
    "  --quiet           no list of changes on stdout\n"
    "  -h, --help        this help\n"
    "\n"
    "Exit: 0 imported (or nothing to change), 1 a bad sheet or database\n"
    "(nothing written), 2 usage error.\n";

typedef struct printer {
    bool quiet;
} printer;

static int print_event(void *payload, const yj_import_event *e)
{
    const printer *p = payload;
    char where[64];

    if (p->quiet)
        return 0;
    if (e->kind == YJ_IMPORT_CLOSE)
        snprintf(where, sizeof where, "%s", _("closed: not in the sheet"));
    else
        snprintf(where, sizeof where, _("line %zu"), e->line);
    cli_print_change(stdout,
                     e->kind == YJ_IMPORT_ADD    ? '+'
                     : e->kind == YJ_IMPORT_CHANGE ? '~'
                                                   : '-',
                     e->before, e->after, where);
    return 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    static const struct option options[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"mode", required_argument, NULL, 'm'},
        {"encoding", required_argument, NULL, 'e'},
        {"crs", required_argument, NULL, 'c'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    yj_import_options opt = YJ_IMPORT_OPTIONS_INIT;
    yj_import_report rep;
    printer pr = {false};
    yj_editor *ed = NULL;
    yj_error err;
    bool dry_run = false;
    char today[11];
    long long change = 0;
    int c, status;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'n': dry_run = true; break;
        case 'q': pr.quiet = true; break;
        case 'm':
            if (strcmp(optarg, "upsert") != 0 && strcmp(optarg, "replace"))
                return cli_usage_error("import", "--mode: '%s' is not upsert "
                                       "or replace", optarg);
            opt.replace = strcmp(optarg, "replace") == 0;
            break;
        case 'e':
            if (strcmp(optarg, "auto") && strcmp(optarg, "utf-8") &&
                strcmp(optarg, "gb18030"))
                return cli_usage_error("import", "--encoding: '%s' is not "
                                       "auto, utf-8 or gb18030", optarg);
            opt.encoding = optarg;
            break;
        case 'c':
            if (!yj_crs_from_name(&opt.crs, optarg))
                return cli_usage_error("import", "--crs: '%s' is not wgs84, "
                                       "gcj02 or bd09", optarg);
            break;
        case 'h': return cli_help(&cli_import_command);
        default:
            return cli_usage_error("import", "unknown or incomplete option "
                                   "'%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("import", optind >= argc ? "missing FILE"
                               : N_("expected one FILE"));
    cli_today(today);
    opt.today = today;
    if ((status = cli_open_editor(&ed, g, dry_run)) != EXIT_OK)
        return status;
    if (yj_editor_begin(ed, cli_user(), g->command, &err) != YJ_OK ||
        yj_import(&rep, ed, argv[optind], &opt, print_event, &pr, &err) !=
            YJ_OK ||
        (!dry_run && yj_editor_commit(&change, ed, &err) != YJ_OK)) {
        cli_error("%s", err.message);
        cli_note("nothing was imported");
        status = EXIT_RUNTIME;
    } else {
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
    "import", run, "import a staff sheet (CSV/TSV, UTF-8 or GBK)", usage,
};

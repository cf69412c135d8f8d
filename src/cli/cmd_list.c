/* cmd_list.c — `yijia list`: the stations, filtered, as an aligned table
 * or as CSV/TSV (the stations.csv columns, so the output imports again) or
 * JSON. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: yijia [--db FILE] list [--township NAME] [--category CODE]\n"
    "                               [--format table|csv|tsv|json]\n"
    "\n"
    "List the stations, sorted by township then id.\n"
    "\n"
    "Options:\n"
    "  --township NAME  only this township: full (城厢街道) or short (城厢) name\n"
    "  --category CODE  only this category (community, bank, ...; see\n"
    "                   data/README.md)\n"
    "  --format FORMAT  table (default, for people), csv or tsv (the\n"
    "                   stations.csv columns), json\n"
    "  -h, --help       this help\n"
    "\n"
    "A station located only to its township is marked 位置仅到镇街; one with\n"
    "no coordinates yet is marked 无坐标.  Exit 3 when nothing matches.\n";

static const char *const table_headers[] = {
    "编号", "名称", "镇街", "类别", "定位", "地址",
};

typedef struct list_out {
    cli_table *table;   /* for the table format */
    yj_writer *writer;  /* for the others */
    size_t count;
    int failed;
} list_out;

static int add_station(void *payload, const yj_station *s)
{
    list_out *out = payload;
    const char *category = yj_term_label(yj_categories(),
                                         s->text[YJ_F_CATEGORY]);

    out->count++;
    if (out->writer != NULL)
        return yj_writer_station(out->writer, s, NULL) != YJ_OK;
    {
        const char *cells[] = {
            s->text[YJ_F_ID], s->text[YJ_F_NAME], s->text[YJ_F_TOWNSHIP],
            category ? category : s->text[YJ_F_CATEGORY],
            cli_precision_label(s), s->text[YJ_F_ADDRESS],
        };
        if (cli_table_add(out->table, cells) != 0) {
            out->failed = 1;
            return 1;
        }
    }
    return 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
    static const struct option options[] = {
        {"township", required_argument, NULL, 't'},
        {"category", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    yj_filter filter = {NULL, NULL};
    const char *format_name = "table";
    yj_format format = YJ_FORMAT_CSV;
    list_out out = {NULL, NULL, 0, 0};
    yj_db *db = NULL;
    yj_error err;
    int c, status;
    yj_code rc;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 't': filter.township = optarg; break;
        case 'c': filter.category = optarg; break;
        case 'f': format_name = optarg; break;
        case 'h': return cli_help(&cli_list_command);
        default:
            return cli_usage_error("list", "unknown or incomplete option "
                                   "'%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("list", "unexpected argument '%s'",
                               argv[optind]);
    if (strcmp(format_name, "table") != 0 &&
        !yj_format_from_name(&format, format_name))
        return cli_usage_error("list", "--format: '%s' is not table, csv, "
                               "tsv or json", format_name);
    if (filter.category != NULL &&
        yj_term_label(yj_categories(), filter.category) == NULL) {
        cli_error("--category: unknown category '%s'", filter.category);
        cli_print_valid_categories();
        return EXIT_USAGE;
    }
    if ((status = cli_open_db(&db, g)) != EXIT_OK)
        return status;

    if (strcmp(format_name, "table") == 0)
        out.table = cli_table_new(sizeof table_headers / sizeof *table_headers,
                                  table_headers);
    else
        yj_writer_new(&out.writer, stdout, format, NULL);
    if (out.table == NULL && out.writer == NULL) {
        cli_error("out of memory");
        yj_db_close(db);
        return EXIT_RUNTIME;
    }
    rc = yj_db_list(db, &filter, add_station, &out, &err);
    if (rc == YJ_ENOTFOUND) {
        cli_error("--township: %s", err.message);
        cli_print_valid_townships(db);
        status = EXIT_USAGE;
    } else if (rc != YJ_OK) {
        status = cli_fail(&err);
    } else if (out.failed) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
    } else if (out.table != NULL) {
        if (out.count > 0)
            cli_table_print(out.table, stdout);
    } else if (yj_writer_finish(out.writer, &err) != YJ_OK) {
        status = cli_fail(&err);
    }
    if (status == EXIT_OK && out.count == 0) {
        cli_note("no station matches");
        status = EXIT_NOTHING;
    }
    cli_table_free(out.table);
    yj_writer_free(out.writer);
    yj_db_close(db);
    return status;
}

const cli_command cli_list_command = {
    "list", run, "list the stations, filtered by township or category", usage,
};

/* cmd_show.c — `yijia show ID`: every field of one station, labelled for
 * people, or in a machine format. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const cli_option show_options[] = {
    {.name = "format", .arg = "FORMAT", .id = 'f',
     .values = "text csv tsv json",
     .help = N_("text (default), csv, tsv or json")},
    {NULL},
};

static const cli_option_group show_groups[] = {
    {N_("Options"), show_options},
    {NULL},
};

/* Chinese labels for people, in field order. */
static const char *const labels[YJ_F_COUNT] = {
    "编号", "名称", "地址", "区县", "镇街", "类别", "服务设施", "设施来源",
    "开放时间", "电话", "经度", "纬度", "坐标来源", "定位精度", "资料来源",
    "备注", "核查日期", "撤销日期",
};

static void print_text(const yj_station *s)
{
    int f;

    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *v = s->text[f];
        size_t pad = 10 - yj_text_width(labels[f]);
        printf("%s", labels[f]);
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
                printf("（项目统一标准，非逐站核查）");
            break;
        }
        case YJ_F_OPENING_HOURS:
            cli_put_text(stdout, v[0] ? v : "未知");
            break;
        case YJ_F_COORD_PRECISION:
            cli_put_text(stdout, yj_station_precision_label(s, true));
            printf("%s", s->has_point ? "" : "（尚未定位）");
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
                               : "expected one station ID");
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

/* cli_options.c — the option tables at work: getopt_long's array and
 * short-option string made from a command's table, values stored and
 * checked at parse time, "did you mean" for a mistyped option, the help
 * text (--help, `yijia help CMD`) with its lines wrapped by display width,
 * and the validators the tables share. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* -h, --help: every command has it. */
static const cli_option help_option[] = {
    {.name = "help", .letter = 'h', .help = N_("this help")},
    {0},
};

/* ---- text ------------------------------------------------------------------ */


/* ---- the table -------------------------------------------------------------- */

/* A short option only (-k): its name is its letter. */
static bool short_only(const cli_option *o)
{
    return o->letter != 0 && o->name[0] == o->letter && o->name[1] == '\0';
}

static void collect(cli_parser *p, const cli_option *table)
{
    const cli_option *o;

    for (o = table; o->name != NULL; o++) {
        if (o->operand || p->ntable >= (int)(sizeof p->table /
                                             sizeof *p->table) - 1)
            continue;
        p->table[p->ntable++] = o;
    }
}

void cli_parser_init(cli_parser *p, const cli_command *cmd, void *store,
                     int argc, char **argv)
{
    const cli_option_group *g;
    size_t s = 0;
    int i, n = 0;

    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->store = store;
    p->argc = argc;
    p->argv = argv;
    for (g = cmd->groups; g != NULL && g->options != NULL; g++)
        collect(p, g->options);
    collect(p, help_option);
    /* ':' first: a missing value is told apart from an unknown option */
    p->shortopts[s++] = ':';
    for (i = 0; i < p->ntable; i++) {
        const cli_option *o = p->table[i];
        if (!short_only(o)) {
            p->longopts[n].name = o->name;
            p->longopts[n].has_arg = o->arg ? required_argument
                                            : no_argument;
            p->longopts[n].flag = NULL;
            p->longopts[n].val = 1000 + i;
            n++;
        }
        if (o->letter != 0 && s + 3 < sizeof p->shortopts) {
            p->shortopts[s++] = (char)o->letter;
            if (o->arg != NULL)
                p->shortopts[s++] = ':';
        }
    }
    p->shortopts[s] = '\0';
    memset(&p->longopts[n], 0, sizeof p->longopts[n]);
}

void cli_parser_stop_at_operand(cli_parser *p)
{
    size_t n = strlen(p->shortopts);

    if (n + 1 < sizeof p->shortopts) {
        memmove(p->shortopts + 1, p->shortopts, n + 1);
        p->shortopts[0] = '+';
    }
}

const cli_option *cli_option_find(const cli_command *cmd, const char *word)
{
    cli_parser p;
    int i;

    cli_parser_init(&p, cmd, NULL, 0, NULL);
    for (i = 0; i < p.ntable; i++) {
        const cli_option *o = p.table[i];
        size_t n = strlen(o->name);
        if (word[0] == '-' && word[1] == '-' && !short_only(o) &&
            strncmp(word + 2, o->name, n) == 0 &&
            (word[2 + n] == '\0' || word[2 + n] == '='))
            return o;
        if (word[0] == '-' && o->letter != 0 && word[1] == o->letter &&
            word[2] == '\0')
            return o;
    }
    return NULL;
}

/* How an option is named in messages: "--speed", or "-k". */
static void option_label(char *buf, size_t size, const cli_option *o)
{
    if (short_only(o))
        snprintf(buf, size, "-%c", o->letter);
    else
        snprintf(buf, size, "--%s", o->name);
}

int cli_option_error(const cli_command *cmd, const cli_option *o,
                     const char *msg)
{
    char label[64];

    option_label(label, sizeof label, o);
    return cli_usage_error(cmd->name, "%s: %s", label, msg);
}

/* An unknown option: say so, with the nearest one if it is a slip. */
static int unknown_option(cli_parser *p, const char *word)
{
    const char *names[96 + 1];
    char typed[64];
    const char *best;
    int i, n = 0;

    snprintf(typed, sizeof typed, "%.*s", (int)strcspn(word, "="), word);
    for (i = 0; i < p->ntable; i++)
        if (!short_only(p->table[i]))
            names[n++] = p->table[i]->name;
    if (typed[0] == '-' && typed[1] == '-' &&
        (best = yj_text_suggest(typed + 2, names, (size_t)n)) != NULL)
        return cli_usage_error(p->cmd->name, "unknown option '%s'; did you "
                               "mean '--%s'?", typed, best);
    return cli_usage_error(p->cmd->name, "unknown option '%s'", typed);
}

int cli_getopt(cli_parser *p)
{
    int c;

    opterr = 0;
    for (;;) {
        const cli_option *o;

        c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
        p->arg = optarg;
        if (c == -1)
            return 0;
        if (c == '?' || c == ':') {
            /* long options: the word before optind; short ones: optopt */
            const char *word = optind > 0 && optind <= p->argc
                                   ? p->argv[optind - 1] : "";
            char typed[64];
            if (optopt > 0 && optopt < 256)
                snprintf(typed, sizeof typed, "-%c", optopt);
            else
                snprintf(typed, sizeof typed, "%.*s",
                         (int)strcspn(word, "="), word);
            if (c == ':')
                p->status = cli_usage_error(p->cmd->name, "option '%s' "
                                            "needs a value", typed);
            else if (optopt >= 1000)
                p->status = cli_usage_error(p->cmd->name, "option '%s' "
                                            "takes no value", typed);
            else if (optopt > 0)
                p->status = cli_usage_error(p->cmd->name, "unknown option "
                                            "'%s'", typed);
            else
                p->status = unknown_option(p, word);
            return -1;
        }
        if (c >= 1000 && c < 1000 + p->ntable) {
            o = p->table[c - 1000];
        } else {
            int i;
            o = NULL;
            for (i = 0; i < p->ntable; i++)
                if (p->table[i]->letter == c)
                    o = p->table[i];
            if (o == NULL)
                continue;
        }
        if (o == help_option) {
            p->status = cli_help(p->cmd);
            return -1;
        }
        if (o->check != NULL && optarg != NULL) {
            char msg[512];
            if (!o->check(optarg, msg, sizeof msg)) {
                p->status = cli_option_error(p->cmd, o, msg);
                return -1;
            }
        }
        switch (o->store) {
        case CLI_STORE_TEXT:
            *(const char **)(void *)((char *)p->store + o->offset) = optarg;
            continue;
        case CLI_STORE_FLAG:
            *(int *)(void *)((char *)p->store + o->offset) = 1;
            continue;
        case CLI_STORE_UNSET:
            *(int *)(void *)((char *)p->store + o->offset) = 0;
            continue;
        case CLI_STORE_NONE:
            break;
        }
        p->option = o;
        return o->id != 0 ? o->id : o->letter;
    }
}

/* ---- help ------------------------------------------------------------------- */

void cli_heading(FILE *fp, const char *title)
{
    /* TRANSLATORS: a heading in help texts ("Options:"); Chinese puts a
       full-width colon */
    fprintf(fp, _("%s:"), title);
    fputc('\n', fp);
}

#define HELP_WIDTH 79

/* "  -o, --output FILE" as help shows it, into buf. */
static void help_label(char *buf, size_t size, const cli_option *o)
{
    if (o->operand)
        snprintf(buf, size, "%s", o->name);
    else if (short_only(o))
        snprintf(buf, size, "-%c%s%s", o->letter, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    else if (o->letter != 0)
        snprintf(buf, size, "-%c, --%s%s%s", o->letter, o->name,
                 o->arg ? " " : "", o->arg ? o->arg : "");
    else
        snprintf(buf, size, "--%s%s%s", o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
}

static void help_rows(FILE *fp, const cli_option *table, size_t col)
{
    const cli_option *o;

    for (o = table; o->name != NULL; o++) {
        char label[128];
        size_t w;

        help_label(label, sizeof label, o);
        w = yj_text_width(label);
        fprintf(fp, "  %s", label);
        if (w + 2 + 1 > col) {
            fprintf(fp, "\n%*s", (int)col, "");
        } else {
            fprintf(fp, "%*s", (int)(col - 2 - w), "");
        }
        cli_wrap_text(fp, HELP_WIDTH, col, col, _(o->help));
    }
}

/* The column where help lines start: after the widest label, at most 22. */
static size_t help_column(const cli_command *cmd)
{
    const cli_option_group *g;
    const cli_option *o;
    size_t col = 14;

    for (g = cmd->groups; g != NULL && g->options != NULL; g++)
        for (o = g->options; o->name != NULL; o++) {
            char label[128];
            size_t w;
            help_label(label, sizeof label, o);
            w = yj_text_width(label) + 2 + 2;
            if (w > col && w <= 22)
                col = w;
        }
    return col;
}

int cli_help(const cli_command *cmd)
{
    const cli_option_group *g;
    const char *line;
    size_t col = help_column(cmd);
    const char *last_title = NULL;
    bool first = true;

    for (line = cmd->synopsis; line != NULL && *line != '\0';) {
        const char *usage = _("usage:");
        size_t n = strcspn(line, "\n"), lead = yj_text_width(usage) + 19;
        char one[512];

        snprintf(one, sizeof one, "%.*s", (int)n, line);
        if (first)
            printf("%s yijia [--db FILE] ", usage);
        else
            printf("%*s yijia [--db FILE] ", (int)yj_text_width(usage), "");
        cli_wrap_text(stdout, HELP_WIDTH, lead, lead + 4, one);
        first = false;
        line += n;
        if (*line == '\n')
            line++;
    }
    if (cmd->description != NULL) {
        fputc('\n', stdout);
        cli_wrap_text(stdout, HELP_WIDTH, 0, 0, _(cmd->description));
    }
    fputc('\n', stdout);
    for (g = cmd->groups; g != NULL && g->options != NULL; g++) {
        if (g->title != NULL) {
            cli_heading(stdout, _(g->title));
            last_title = g->title;
        } else if (last_title == NULL) {
            cli_heading(stdout, _("Options"));
            last_title = "Options";
        }
        help_rows(stdout, g->options, col);
    }
    if (last_title == NULL || strcmp(last_title, "Options") != 0)
        cli_heading(stdout, _("Options"));
    help_rows(stdout, help_option, col);
    if (cmd->notes != NULL) {
        fputc('\n', stdout);
        cli_wrap_text(stdout, HELP_WIDTH, 0, 0, _(cmd->notes));
    }
    return EXIT_OK;
}

/* ---- values ----------------------------------------------------------------- */

static void append(char *buf, size_t size, const char *word, size_t n)
{
    size_t len = strlen(buf);

    if (len + n + 2 > size)
        return;
    if (len > 0)
        buf[len++] = ' ';
    memcpy(buf + len, word, n);
    buf[len + n] = '\0';
}

static void append_terms(char *buf, size_t size, const yj_term *t)
{
    for (; t->code != NULL; t++)
        append(buf, size, t->code, strlen(t->code));
}

void cli_option_values(char *buf, size_t size, const cli_option *o)
{
    const char *p = o->values;

    buf[0] = '\0';
    while (p != NULL && *p != '\0') {
        size_t n = strcspn(p, " ");
        if (n == 8 && strncmp(p, "@formats", n) == 0) {
            /* "csv, tsv, json, ..." */
            const char *f = yj_format_names();
            while (*f != '\0') {
                size_t m = strcspn(f, ", ");
                if (m > 0 && strncmp(f, "or", m) != 0)
                    append(buf, size, f, m);
                f += m;
                f += strspn(f, ", ");
            }
        } else if (n == 4 && strncmp(p, "@crs", n) == 0) {
            append(buf, size, "wgs84 gcj02 bd09", 16);
        } else if (n == 11 && strncmp(p, "@categories", n) == 0) {
            append_terms(buf, size, yj_categories());
        } else if (n == 10 && strncmp(p, "@amenities", n) == 0) {
            append_terms(buf, size, yj_amenities());
        } else if (n > 0 && p[0] != '@') {
            append(buf, size, p, n);
        }
        p += n;
        p += strspn(p, " ");
    }
}

/* ---- validators --------------------------------------------------------------- */

bool cli_check_speed(const char *value, char *msg, size_t size)
{
    double kmh;
    yj_error err;

    if (yj_parse_speed(&kmh, value, &err) == YJ_OK)
        return true;
    snprintf(msg, size, _("'%s' is not a speed (walk, ride or km/h from %g "
                          "to %g)"), value, YJ_SPEED_MIN_KMH,
             YJ_SPEED_MAX_KMH);
    return false;
}

bool cli_check_distance(const char *value, char *msg, size_t size)
{
    double m;
    yj_error err;

    if (yj_parse_distance(&m, value, &err) == YJ_OK)
        return true;
    snprintf(msg, size, "%s", err.message);
    return false;
}

bool cli_check_crs(const char *value, char *msg, size_t size)
{
    yj_crs crs;

    if (yj_crs_from_name(&crs, value))
        return true;
    snprintf(msg, size, _("'%s' is not wgs84, gcj02 or bd09"), value);
    return false;
}

bool cli_check_query_format(const char *value, char *msg, size_t size)
{
    yj_format format;

    if (strcmp(value, "table") == 0 || yj_format_from_name(&format, value))
        return true;
    snprintf(msg, size, _("'%s' is not table, %s"), value, yj_format_names());
    return false;
}

bool cli_check_color(const char *value, char *msg, size_t size)
{
    if (strcmp(value, "auto") == 0 || strcmp(value, "always") == 0 ||
        strcmp(value, "never") == 0)
        return true;
    snprintf(msg, size, _("'%s' is not auto, always or never"), value);
    return false;
}

bool cli_check_labels(const char *value, char *msg, size_t size)
{
    if (strcmp(value, "zh") == 0 || strcmp(value, "codes") == 0)
        return true;
    snprintf(msg, size, _("'%s' is not zh (Chinese words) or codes"), value);
    return false;
}

bool cli_parse_time(int64_t *at, const char *value)
{
    char today[11], full[64];
    size_t n = strlen(value);

    if (yj_hours_parse_local_time(at, value))
        return true;
    /* a time alone ("20:00", "8:30"): today, in Beijing */
    if (n < 4 || n > 5 || strspn(value, "0123456789:") != n ||
        strchr(value, ':') == NULL)
        return false;
    cli_today(today);
    snprintf(full, sizeof full, "%s %s%s", today, n == 4 ? "0" : "", value);
    return yj_hours_parse_local_time(at, full);
}

bool cli_check_time(const char *value, char *msg, size_t size)
{
    int64_t at;

    if (cli_parse_time(&at, value))
        return true;
    snprintf(msg, size, _("'%s' is not a time such as \"20:00\" (today) or "
                          "\"2025-10-01 20:00\" (Beijing time)"), value);
    return false;
}

bool cli_check_not_empty(const char *value, char *msg, size_t size)
{
    if (value[0] != '\0')
        return true;
    snprintf(msg, size, "%s", _("empty value"));
    return false;
}

/* cli_man.c — the man pages yijia(1) and yijia-COMMAND(1), in roff
 * (man-pages style), made from the commands' option tables and texts, in
 * the language of the messages; written by `yijia --man DIR` at build
 * time (CMakeLists.txt: English, and Chinese with LANGUAGE=zh_CN). */
#include "cli.h"

#include <errno.h>
#include <string.h>

/* Punctuation that must not begin a line: ，。、；：）」』！？ */
static bool closing(const char *s)
{
    static const char *const marks[] = {"，", "。", "、", "；", "：", "）",
                                        "」", "』", "！", "？"};
    size_t i;

    for (i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strncmp(s, marks[i], strlen(marks[i])) == 0)
            return true;
    return false;
}

/* The character at s, UTF-8, of `n` bytes, as roff's \[uXXXX] (the page
 * stays ASCII: groff reads it without preconv).  Returns the bytes used. */
static size_t roff_char(FILE *fp, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned long cp;
    size_t n, i;

    if ((u[0] & 0xE0) == 0xC0) { n = 2; cp = u[0] & 0x1Fu; }
    else if ((u[0] & 0xF0) == 0xE0) { n = 3; cp = u[0] & 0x0Fu; }
    else if ((u[0] & 0xF8) == 0xF0) { n = 4; cp = u[0] & 0x07u; }
    else { fputc('?', fp); return 1; }
    for (i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            fputc('?', fp);
            return 1;
        }
        cp = (cp << 6) | (u[i] & 0x3Fu);
    }
    fprintf(fp, "\\[u%04lX]", cp);
    /* Chinese may break after any character but an opening bracket:
     * say so (groff knows no CJK line breaking) */
    if (cp >= 0x2E80 && cp != 0xFF08 && cp != 0x300C && cp != 0x300E &&
        !closing(s + n))
        fputs("\\:", fp);
    return n;
}

/* Text for roff: '\' escaped, '-' as \-, a '.' or '\'' starting a line
 * guarded, other than ASCII as \[uXXXX]; '\n' a line break, "\n\n" a new
 * paragraph. */
static void roff_text(FILE *fp, const char *s, bool line_start)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s >= 0x80) {
            s += roff_char(fp, s) - 1;
            line_start = false;
            continue;
        }
        if (line_start && (*s == '.' || *s == '\''))
            fputs("\\&", fp);
        line_start = false;
        if (*s == '\\') {
            fputs("\\e", fp);
        } else if (*s == '-') {
            fputs("\\-", fp);
        } else if (*s == '\n') {
            if (s[1] == '\n') {
                fputs("\n.PP\n", fp);
                s++;
            } else {
                fputs("\n.br\n", fp);
            }
            line_start = true;
        } else if (*s == ' ' && s[1] == ' ') {
            /* two spaces after a sentence: one */
        } else {
            fputc(*s, fp);
        }
    }
}

static void roff_line(FILE *fp, const char *s)
{
    roff_text(fp, s, true);
    fputc('\n', fp);
}

static void section(FILE *fp, const char *title)
{
    fputs(".SH ", fp);
    roff_line(fp, title);
}

static void option_head(FILE *fp, const cli_option *o)
{
    fputs(".TP\n", fp);
    if (o->operand) {
        fputs(".B ", fp);
        roff_line(fp, o->name);
        return;
    }
    if (o->letter != 0 && o->name[0] == o->letter && o->name[1] == '\0') {
        fprintf(fp, ".BI \"\\-%c", o->letter);
    } else if (o->letter != 0) {
        fprintf(fp, ".BI \"\\-%c, \\-\\-", o->letter);
        roff_text(fp, o->name, false);
    } else {
        fputs(".BI \"\\-\\-", fp);
        roff_text(fp, o->name, false);
    }
    fputc('"', fp);
    if (o->arg != NULL) {
        fputs(" \" \" ", fp);
        roff_text(fp, o->arg, false);
    }
    fputc('\n', fp);
}

static void options_section(FILE *fp, const cli_command *cmd)
{
    static const cli_option help = {.name = "help", .letter = 'h',
                                    .help = N_("this help")};
    const cli_option_group *g;
    const cli_option *o;
    const char *last_title = NULL;

    section(fp, _("OPTIONS"));
    for (g = cmd->groups; g != NULL && g->options != NULL; g++) {
        if (g->title != NULL) {
            fputs(".SS ", fp);
            roff_line(fp, _(g->title));
            last_title = g->title;
        }
        for (o = g->options; o->name != NULL; o++) {
            option_head(fp, o);
            roff_line(fp, _(o->help));
        }
    }
    if (last_title != NULL && strcmp(last_title, "Options") != 0) {
        fputs(".SS ", fp);
        roff_line(fp, _("Options"));
    }
    option_head(fp, &help);
    roff_line(fp, _(help.help));
}

static void exit_section(FILE *fp)
{
    section(fp, _("EXIT STATUS"));
    fputs(".TP\n.B 0\n", fp);
    roff_line(fp, _("done"));
    fputs(".TP\n.B 1\n", fp);
    roff_line(fp, _("a runtime error (a file, the database, the network)"));
    fputs(".TP\n.B 2\n", fp);
    roff_line(fp, _("a usage error: a bad option, value or argument"));
    fputs(".TP\n.B 3\n", fp);
    roff_line(fp, _("nothing found"));
}

static void header(FILE *fp, const char *page)
{
    char upper[64];
    size_t i;

    for (i = 0; page[i] != '\0' && i + 1 < sizeof upper; i++)
        upper[i] = (char)(page[i] >= 'a' && page[i] <= 'z' ? page[i] - 32
                                                            : page[i]);
    upper[i] = '\0';
    fprintf(fp, ".\\\" Made by `yijia --man` from the option tables; do not "
                "edit.\n");
    fprintf(fp, ".TH ");
    roff_text(fp, upper, false);
    fprintf(fp, " 1 \"\" \"yijia %s\" \"", yj_version());
    roff_text(fp, _("yijia manual"), false);
    fputs("\"\n", fp);
    /* ragged right: a Chinese line has no spaces to stretch */
    fputs(".ad l\n", fp);
    section(fp, _("NAME"));
}

static int command_page(FILE *fp, const cli_command *cmd)
{
    char page[64];
    const char *line;

    snprintf(page, sizeof page, "yijia-%s", cmd->name);
    header(fp, page);
    roff_text(fp, page, true);
    fputs(" \\- ", fp);
    roff_line(fp, _(cmd->summary));
    section(fp, _("SYNOPSIS"));
    for (line = cmd->synopsis; line != NULL && *line != '\0';) {
        char one[512];
        size_t n = strcspn(line, "\n");
        snprintf(one, sizeof one, "%.*s", (int)n, line);
        fputs(".B yijia\n[\\-\\-db\n.IR FILE ]\n", fp);
        roff_line(fp, one);
        line += n;
        if (*line == '\n') {
            line++;
            fputs(".br\n", fp);
        }
    }
    section(fp, _("DESCRIPTION"));
    roff_line(fp, _(cmd->description));
    options_section(fp, cmd);
    if (cmd->notes != NULL) {
        section(fp, _("NOTES"));
        roff_line(fp, _(cmd->notes));
    }
    exit_section(fp);
    section(fp, _("SEE ALSO"));
    fputs(".BR yijia (1)\n", fp);
    return ferror(fp) ? -1 : 0;
}

static int main_page(FILE *fp)
{
    size_t i;

    header(fp, "yijia");
    fputs("yijia \\- ", fp);
    roff_line(fp, _("find the rest stations for outdoor workers in 萧山区, "
                    "offline"));
    section(fp, _("SYNOPSIS"));
    fputs(".B yijia\n[\\-\\-db\n.IR FILE ]\n.I COMMAND\n[\n.I OPTIONS\n]\n"
          "[\n.I ARGS\n]\n.br\n.B yijia help\n.I COMMAND\n", fp);
    section(fp, _("DESCRIPTION"));
    roff_line(fp, _("Find the 萧山区 爱心驿家 rest stations for outdoor "
                    "workers, offline."));
    fputs(".SS ", fp);
    roff_line(fp, _("Commands"));
    for (i = 0; i < cli_command_count; i++) {
        if (cli_commands[i]->hidden)
            continue;
        fprintf(fp, ".TP\n.BR yijia\\-%s (1)\n", cli_commands[i]->name);
        roff_line(fp, _(cli_commands[i]->summary));
    }
    section(fp, _("OPTIONS"));
    fputs(".TP\n.BI \\-\\-db \" \" FILE\n", fp);
    roff_line(fp, _("the station database (default: $YIJIA_DB, else the "
                    "database built beside the tool or installed with it)"));
    fputs(".TP\n.B \\-h, \\-\\-help\n", fp);
    roff_line(fp, _("this help"));
    fputs(".TP\n.B \\-\\-version\n", fp);
    roff_line(fp, _("print the version"));
    exit_section(fp);
    section(fp, _("ENVIRONMENT"));
    fputs(".TP\n.B YIJIA_DB\n", fp);
    roff_line(fp, _("the station database, unless --db names one"));
    fputs(".TP\n.B YIJIA_DATA\n", fp);
    roff_line(fp, _("the data directory 'yijia build' reads"));
    fputs(".TP\n.B YIJIA_WAIT\n", fp);
    roff_line(fp, _("seconds a change waits for another writer (default "
                    "10)"));
    fputs(".TP\n.BR LANG ", fp);
    fputs("\", \" LANGUAGE\n", fp);
    roff_line(fp, _("the language of messages, help and man pages: Chinese "
                    "for zh_CN.UTF-8 (or LANGUAGE=zh_CN), else English"));
    fputs(".TP\n.B NO_COLOR\n", fp);
    roff_line(fp, _("set: no colour on the terminal (unless --color=always)"));
    section(fp, _("SEE ALSO"));
    for (i = 0; i < cli_command_count; i++) {
        if (cli_commands[i]->hidden)
            continue;
        fprintf(fp, "%s.BR yijia\\-%s (1)", i ? ",\n" : "",
                cli_commands[i]->name);
    }
    fputc('\n', fp);
    return ferror(fp) ? -1 : 0;
}

static int write_page(const char *dir, const char *name,
                      const cli_command *cmd)
{
    char path[4096];
    FILE *fp;
    int rc;

    snprintf(path, sizeof path, "%s/%s.1", dir, name);
    if ((fp = fopen(path, "w")) == NULL) {
        cli_error("%s: %s", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    rc = cmd != NULL ? command_page(fp, cmd) : main_page(fp);
    if (fclose(fp) != 0 || rc != 0) {
        cli_error("%s: %s", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_man_write(const char *dir)
{
    size_t i;
    int status;

    if ((status = write_page(dir, "yijia", NULL)) != EXIT_OK)
        return status;
    for (i = 0; i < cli_command_count; i++) {
        char name[64];
        if (cli_commands[i]->hidden)
            continue;
        snprintf(name, sizeof name, "yijia-%s", cli_commands[i]->name);
        if ((status = write_page(dir, name, cli_commands[i])) != EXIT_OK)
            return status;
    }
    return EXIT_OK;
}

/* cli_change.c — what the commands that change the database share:
 * opening it for writing, who is changing it, the command line recorded
 * in the history, today's date, and printing a station's changes. */
#include "cli.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long a change waits for another writer: $YIJIA_WAIT seconds. */
#define DEFAULT_WAIT_S 10

int cli_open_editor(yj_editor **out, const cli_globals *g, bool trial)
{
    const char *env = getenv("YIJIA_WAIT");
    double wait_s = DEFAULT_WAIT_S;
    yj_error err;

    if (env != NULL && env[0] != '\0' &&
        (!yj_parse_double(&wait_s, env) || wait_s < 0 || wait_s > 3600)) {
        cli_error("YIJIA_WAIT: '%s' is not a number of seconds (0-3600)",
                  env);
        return EXIT_USAGE;
    }
    if (yj_editor_open(out, cli_db_path(g), (int)(wait_s * 1000), trial,
                       &err) != YJ_OK) {
        cli_error("%s", err.message);
        if (err.code == YJ_EIO && g->db_path == NULL)
            fputs(_("Build the database with 'yijia build', or name one "
                    "with --db FILE or YIJIA_DB.\n"), stderr);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

const char *cli_user(void)
{
    static char name[64];
    const char *user = getenv("USER");
    struct passwd *pw;

    if (user != NULL && user[0] != '\0')
        return user;
    if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
        return pw->pw_name;
    snprintf(name, sizeof name, "uid %ld", (long)getuid());
    return name;
}

char *cli_command_line(int argc, char **argv)
{
    size_t n = 1;
    char *line, *p;
    int i;

    for (i = 0; i < argc; i++)
        n += strlen(argv[i]) * 2 + 3;
    if ((line = malloc(n)) == NULL)
        return NULL;
    p = line;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool quote = a[0] == '\0' || strpbrk(a, " \t\n'\"\\") != NULL;
        if (i > 0)
            *p++ = ' ';
        if (quote)
            *p++ = '\'';
        for (; *a != '\0'; a++) {
            if (quote && *a == '\'') {
                memcpy(p, "'\\''", 4);
                p += 4;
                continue;
            }
            *p++ = *a;
        }
        if (quote)
            *p++ = '\'';
    }
    *p = '\0';
    return line;
}

void cli_today(char buf[11])
{
    time_t t = time(NULL) + 8 * 3600;  /* Beijing */
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

static void value(FILE *fp, const char *v)
{
    fputc('\'', fp);
    cli_put_text(fp, v);
    fputc('\'', fp);
}

void cli_print_change(FILE *fp, char mark, const yj_station *before,
                      const yj_station *after, const char *where)
{
    const yj_station *s = after ? after : before;
    int f;

    fprintf(fp, "%c ", mark);
    cli_put_text(fp, s->text[YJ_F_ID]);
    fputc(' ', fp);
    cli_put_text(fp, s->text[YJ_F_NAME]);
    if (where != NULL) {
        fputs(" (", fp);
        cli_put_text(fp, where);
        fputc(')', fp);
    }
    fputc('\n', fp);
    for (f = 0; f < YJ_F_COUNT; f++) {
        const char *old = before ? before->text[f] : "";
        const char *new = after ? after->text[f] : "";
        if (f == YJ_F_ID || strcmp(old, new) == 0)
            continue;
        fprintf(fp, "    %s: ", yj_field_name((yj_field)f));
        if (before != NULL && after != NULL) {
            value(fp, old);
            fputs(" → ", fp);
        }
        value(fp, after ? new : old);
        fputc('\n', fp);
    }
}

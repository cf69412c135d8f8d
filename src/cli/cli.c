/* cli.c — shared pieces of the `yijia` tool: messages, exit codes, where
 * the database and data live, and display-width table output. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *cli_text_dup(const char *s)
{
    size_t n = yj_text_escape(NULL, 0, s) + 1;
    char *copy = malloc(n);

    if (copy != NULL)
        yj_text_escape(copy, n, s);
    return copy;
}

void cli_put_text(FILE *fp, const char *s)
{
    char buf[1024], *copy;

    if (yj_text_escape(buf, sizeof buf, s) < sizeof buf) {
        fputs(buf, fp);
    } else if ((copy = cli_text_dup(s)) != NULL) {
        fputs(copy, fp);
        free(copy);
    } else {
        fputs(buf, fp); /* out of memory: the part that fits */
    }
}

/* One line, written at once: stderr is unbuffered, and a line in pieces
 * can interleave with another process's.  Messages quote values from
 * data, so the whole line passes the terminal sanitiser. */
static void vmessage(const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
    char line[2048], *text = NULL;
    int n = snprintf(line, sizeof line, "yijia: %s", prefix), m;
    va_list again;

    va_copy(again, ap);
    m = vsnprintf(line + n, sizeof line - (size_t)n, _(fmt), ap);
    if (m >= 0 && (size_t)m >= sizeof line - (size_t)n &&
        (text = malloc((size_t)n + (size_t)m + 1)) != NULL) {
        memcpy(text, line, (size_t)n); /* longer than the buffer */
        vsnprintf(text + n, (size_t)m + 1, _(fmt), again);
    }
    va_end(again);
    cli_put_text(stderr, text ? text : line);
    fputc('\n', stderr);
    free(text);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmessage(_("error: "), fmt, ap);
    va_end(ap);
}

void cli_note(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmessage("", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmessage(_("error: "), fmt, ap);
    va_end(ap);
    if (cmd != NULL)
        fprintf(stderr, _("Try 'yijia help %s'.\n"), cmd);
    else
        fputs(_("Try 'yijia --help'.\n"), stderr);
    return EXIT_USAGE;
}

int cli_fail(const yj_error *err)
{
    cli_error("%s", err->message);
    return err->code == YJ_ENOTFOUND ? EXIT_NOTHING : EXIT_RUNTIME;
}

/* The directory holding this executable, or "" when unknown. */
static const char *exe_dir(void)
{
    static char dir[PATH_MAX - 64];  /* room for a file name after it */
    static int done;
    ssize_t n;
    char *slash;

    if (done)
        return dir;
    done = 1;
    n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0) {
        dir[0] = '\0';
        return dir;
    }
    dir[n] = '\0';
    if ((slash = strrchr(dir, '/')) != NULL)
        *slash = '\0';
    return dir;
}

/* True when this executable is the one CMake built in the source tree's
 * build directory: it then uses the build's database and the source data. */
static int in_build_tree(void)
{
    char path[PATH_MAX];

    snprintf(path, sizeof path, "%s/CMakeCache.txt", exe_dir());
    return exe_dir()[0] != '\0' && access(path, F_OK) == 0;
}

const char *cli_db_path(const cli_globals *g)
{
    static char path[PATH_MAX];
    const char *env = getenv("YIJIA_DB");

    if (g->db_path != NULL)
        return g->db_path;
    if (env != NULL && env[0] != '\0')
        return env;
    if (in_build_tree())
        snprintf(path, sizeof path, "%s/stations.sqlite", exe_dir());
    else
        snprintf(path, sizeof path, "%s/%s/stations.sqlite", exe_dir(),
                 YJ_BIN_TO_DATA);
    return path;
}

const char *cli_data_dir(void)
{
    static char path[PATH_MAX];
    const char *env = getenv("YIJIA_DATA");

    if (env != NULL && env[0] != '\0')
        return env;
    if (in_build_tree())
        return YJ_SOURCE_DATA_DIR;
    snprintf(path, sizeof path, "%s/%s", exe_dir(), YJ_BIN_TO_DATA);
    return path;
}

int cli_open_db(yj_db **out, const cli_globals *g)
{
    yj_error err;
    const char *path = cli_db_path(g);
    yj_code rc = yj_db_open(out, path, &err);

    if (rc == YJ_OK)
        return EXIT_OK;
    cli_error("%s", err.message);
    if (rc == YJ_EIO && g->db_path == NULL)
        fputs(_("Build the database with 'yijia build', or name one "
                "with --db FILE or YIJIA_DB.\n"), stderr);
    return EXIT_RUNTIME;
}

static int print_township(void *payload, const yj_township_info *t)
{
    (void)payload;
    fputs("  ", stderr);
    cli_put_text(stderr, t->name);
    if (t->short_name[0]) {
        fputs(" (", stderr);
        cli_put_text(stderr, t->short_name);
        fputc(')', stderr);
    }
    fputc('\n', stderr);
    return 0;
}

void cli_print_valid_townships(yj_db *db)
{
    fputs(_("Known townships:\n"), stderr);
    yj_db_townships(db, print_township, NULL, NULL);
}

void cli_print_valid_categories(void)
{
    const yj_term *t;

    fputs(_("Categories:\n"), stderr);
    for (t = yj_categories(); t->code != NULL; t++)
        fprintf(stderr, "  %-14s %s\n", t->code, t->zh);
}

/* The language of messages.  Only LC_MESSAGES follows the environment:
 * numbers are read and written the same in every locale.  A Chinese
 * locale that this machine has not generated (no zh_CN.UTF-8 in `locale
 * -a`) still gets Chinese messages, through C.UTF-8 and LANGUAGE. */
void cli_i18n_init(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    char dir[PATH_MAX];
    size_t i;

    if (setlocale(LC_MESSAGES, "") == NULL) {
        for (i = 0; i < sizeof vars / sizeof *vars; i++) {
            const char *v = getenv(vars[i]);
            if (v == NULL || v[0] == '\0')
                continue;
            if (strncmp(v, "zh", 2) == 0 &&
                setlocale(LC_MESSAGES, "C.UTF-8") != NULL)
                setenv("LANGUAGE", "zh_CN", 0);
            break;
        }
    }
    if (in_build_tree())
        snprintf(dir, sizeof dir, "%s/locale", exe_dir());
    else
        snprintf(dir, sizeof dir, "%s/%s", exe_dir(), YJ_BIN_TO_LOCALE);
    bindtextdomain("yijia", dir);
    bind_textdomain_codeset("yijia", "UTF-8");
    /* The system's messages (strerror, gai_strerror: glibc's domain) in
     * UTF-8 too: LC_CTYPE stays "C", whose ASCII would turn them into
     * '????' under a Chinese locale. */
    bind_textdomain_codeset("libc", "UTF-8");
    textdomain("yijia");
}

static locale_t machine_locale;

locale_t cli_machine_text_begin(void)
{
    if ((machine_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0)) ==
        (locale_t)0)
        return (locale_t)0; /* out of memory: the reader's language */
    return uselocale(machine_locale);
}

void cli_machine_text_end(locale_t previous)
{
    if (previous == (locale_t)0)
        return;
    uselocale(previous);
    freelocale(machine_locale);
    machine_locale = (locale_t)0;
}

/* ---- tables ------------------------------------------------------------ */

struct cli_table {
    size_t ncols, nrows, cap;
    char **cells;     /* (nrows + 1) * ncols, row 0 = headers */
    const char **styles; /* the same shape: SGR codes (static) or NULL */
    size_t *width;    /* per column */
};

cli_table *cli_table_new(size_t ncols, const char *const *headers)
{
    cli_table *t = calloc(1, sizeof *t);
    const char **shown = calloc(ncols ? ncols : 1, sizeof *shown);
    size_t i;

    if (t == NULL || shown == NULL ||
        (t->width = calloc(ncols, sizeof *t->width)) == NULL) {
        free(shown);
        free(t);
        return NULL;
    }
    t->ncols = ncols;
    for (i = 0; i < ncols; i++)
        shown[i] = _(headers[i]);
    if (cli_table_add(t, shown) != 0) {
        free(shown);
        cli_table_free(t);
        return NULL;
    }
    free(shown);
    return t;
}

int cli_table_add(cli_table *t, const char *const *cells)
{
    return cli_table_add_styled(t, cells, NULL);
}

int cli_table_add_styled(cli_table *t, const char *const *cells,
                         const char *const *styles)
{
    size_t i;

    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
        const char **grown_styles;
        if (grown == NULL)
            return -1;
        t->cells = grown;
        grown_styles = realloc(t->styles, cap * t->ncols * sizeof *grown_styles);
        if (grown_styles == NULL)
            return -1;
        t->styles = grown_styles;
        t->cap = cap;
    }
    for (i = 0; i < t->ncols; i++) {
        /* controls shown escaped: they would act on the terminal, and a
         * tab or line break would break the layout */
        char *copy = cli_text_dup(cells[i] ? cells[i] : "");
        size_t w;
        if (copy == NULL) {
            while (i-- > 0)
                free(t->cells[t->nrows * t->ncols + i]);
            return -1;
        }
        t->cells[t->nrows * t->ncols + i] = copy;
        t->styles[t->nrows * t->ncols + i] = styles ? styles[i] : NULL;
        w = yj_text_width(copy);
        if (w > t->width[i])
            t->width[i] = w;
    }
    t->nrows++;
    return 0;
}

void cli_table_print(const cli_table *t, FILE *fp)
{
    cli_table_print_color(t, fp, false);
}

size_t cli_table_width(const cli_table *t)
{
    size_t widest = 0, r, c;

    /* the last column is not padded: the widest line ends in its widest
     * cell, or is the padded columns before a shorter one */
    for (r = 0; r < t->nrows; r++) {
        size_t w = 0;
        for (c = 0; c + 1 < t->ncols; c++)
            w += t->width[c] + 2;
        w += yj_text_width(t->cells[r * t->ncols + t->ncols - 1]);
        if (w > widest)
            widest = w;
    }
    return widest;
}

void cli_table_print_color(const cli_table *t, FILE *fp, bool color)
{
    size_t r, c;

    for (r = 0; r < t->nrows; r++) {
        for (c = 0; c < t->ncols; c++) {
            const char *cell = t->cells[r * t->ncols + c];
            const char *style = color ? t->styles[r * t->ncols + c] : NULL;
            if (style != NULL && cell[0] != '\0')
                fprintf(fp, "\033[%sm%s\033[0m", style, cell);
            else
                fputs(cell, fp);
            if (c + 1 < t->ncols) {
                size_t pad = t->width[c] - yj_text_width(cell) + 2;
                while (pad-- > 0)
                    fputc(' ', fp);
            }
        }
        fputc('\n', fp);
    }
}

void cli_table_free(cli_table *t)
{
    size_t i;

    if (t == NULL)
        return;
    for (i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->styles);
    free(t->width);
    free(t);
}

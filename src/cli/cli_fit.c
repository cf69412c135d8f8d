/* cli_fit.c — output that fits the terminal: the width to fit to
 * (TIOCGWINSZ, then $COLUMNS), whether to colour (--color, NO_COLOR), and
 * cards — one station in a few lines, each wrapped by display width (a
 * Chinese character is two columns) and never inside a UTF-8 character.
 * Text from data is escaped (cli_text_dup) before it is measured. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

size_t cli_fit_width(FILE *fp)
{
    struct winsize ws;
    const char *env = getenv("COLUMNS");
    int fd = fileno(fp);
    int64_t cols = 0;
    yj_error err;

    if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0)
        cols = ws.ws_col;
    else if (env == NULL || env[0] == '\0' ||
             yj_parse_int(&cols, env, 1, 100000, &err) != YJ_OK)
        return 0; /* not a width: as if unset */
    return cols < CLI_FIT_MIN ? CLI_FIT_MIN : (size_t)cols;
}

int cli_color_resolve(bool *on, const char *when, FILE *fp, const char *cmd)
{
    const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
    int fd = fileno(fp);

    *on = false;
    if (when == NULL || strcmp(when, "auto") == 0)
        /* no-color.org: NO_COLOR set and not empty turns colour off */
        *on = fd >= 0 && isatty(fd) &&
              (no_color == NULL || no_color[0] == '\0') &&
              (term == NULL || strcmp(term, "dumb") != 0);
    else if (strcmp(when, "always") == 0)
        *on = true;
    else if (strcmp(when, "never") != 0)
        return cli_usage_error(cmd, "--color: '%s' is not auto, always or "
                               "never", when);
    return EXIT_OK;
}

const char *cli_open_style(yj_open_state state)
{
    switch (state) {
    case YJ_HOURS_OPEN:    return CLI_SGR_OPEN;
    case YJ_HOURS_CLOSED:  return CLI_SGR_CLOSED;
    case YJ_HOURS_UNKNOWN: return CLI_SGR_UNSURE;
    }
    return NULL;
}

/* Part of an ASCII word, a number or "(XS001)": not split when a space
 * before it can end the line instead. */
static bool ascii_word(char c)
{
    return c > ' ' && c < 0x7F;
}

/* Chinese punctuation that closes: it never starts a line (the character
 * before it goes down with it). */
static bool closing_mark(const char *p)
{
    static const char *const marks[] = {
        "、", "，", "。", "；", "：", "！", "？", "）", "」", "』", "》", "…",
    };
    size_t i;

    for (i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strncmp(p, marks[i], strlen(marks[i])) == 0)
            return true;
    return false;
}

/* The start of the character before p[n] (n > 0). */
static size_t char_before(const char *p, size_t n)
{
    do
        n--;
    while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80);
    return n;
}

static void spaces(FILE *fp, size_t n)
{
    while (n-- > 0)
        fputc(' ', fp);
}

static void put_styled(FILE *fp, const char *s, size_t len, const char *style,
                       bool color)
{
    if (color && style != NULL)
        fprintf(fp, "\033[%sm%.*s\033[0m", style, (int)len, s);
    else
        fwrite(s, 1, len, fp);
}

/* Wrap escaped text: each line the longest start that fits, moved back to
 * a space when it would split a run of ASCII letters, digits and marks (a URL has none: it breaks
 * anywhere); at least one character a line, so a narrow column still
 * ends. */
static void wrap_escaped(FILE *fp, size_t width, size_t col, size_t indent,
                         const char *p, const char *style, bool color)
{
    for (;;) {
        size_t avail = width > col ? width - col : 0, n, k, w;

        n = yj_text_fit(&w, p, avail);
        if (p[n] != '\0' && n == 0 && col > indent) {
            fputc('\n', fp); /* not even one character: a new line */
            spaces(fp, indent);
            col = indent;
            continue;
        }
        if (n == 0 && p[0] != '\0')
            n = yj_text_fit(&w, p, 2); /* one character, however narrow */
        if (p[n] != '\0' && n > 0 && ascii_word(p[n]) &&
            ascii_word(p[n - 1])) {
            for (k = n; k > 0 && ascii_word(p[k - 1]); k--)
                ;
            if (k > 0)
                n = k; /* the word goes down whole (after a space, or
                          after a Chinese character: "、csv") */
        }
        while (p[n] != '\0' && n > 0 && closing_mark(p + n) &&
               char_before(p, n) > 0)
            n = char_before(p, n); /* "）；" go down with the character
                                      before them */
        while (n > 0 && p[n - 1] == ' ' && p[n] != '\0')
            n--; /* no spaces at the end of a wrapped line */
        put_styled(fp, p, n, style, color);
        p += n;
        while (*p == ' ')
            p++;
        fputc('\n', fp);
        if (*p == '\0')
            return;
        spaces(fp, indent);
        col = indent;
    }
}

void cli_wrap(FILE *fp, size_t width, size_t col, size_t indent,
              const char *text, const char *style, bool color)
{
    char *copy = cli_text_dup(text);

    if (copy == NULL) { /* out of memory: no wrapping, but whole and safe */
        cli_put_text(fp, text);
        fputc('\n', fp);
        return;
    }
    wrap_escaped(fp, width, col, indent, copy, style, color);
    free(copy);
}

void cli_wrap_text(FILE *fp, size_t width, size_t col, size_t indent,
                   const char *text)
{
    const char *p = text;

    for (;;) {
        size_t n = strcspn(p, "\n");
        char *piece = strndup(p, n);

        if (piece == NULL) { /* out of memory: unwrapped, but whole */
            fputs(p, fp);
            fputc('\n', fp);
            return;
        }
        wrap_escaped(fp, width, col, indent, piece, NULL, false);
        free(piece);
        p += n;
        if (*p == '\0')
            return;
        p++;
        if (*p != '\n' && *p != '\0')
            spaces(fp, indent); /* no spaces on a blank line */
        col = indent;
    }
}

/* Cards are indented this much under their title. */
#define CARD_INDENT 3
/* A value column narrower than this goes under its label instead. */
#define CARD_MIN_VALUE 12

void cli_card_print(FILE *fp, size_t width, bool color, const char *title,
                    const cli_card_line *lines, size_t n)
{
    size_t label_w = 0, i;

    cli_wrap(fp, width, 0, CARD_INDENT, title, color ? CLI_SGR_TITLE : NULL,
             color);
    for (i = 0; i < n; i++)
        if (lines[i].label != NULL && lines[i].value[0] != '\0' &&
            yj_text_width(lines[i].label) > label_w)
            label_w = yj_text_width(lines[i].label);
    for (i = 0; i < n; i++) {
        const cli_card_line *l = &lines[i];
        size_t col = CARD_INDENT;

        if (l->value[0] == '\0')
            continue;
        spaces(fp, CARD_INDENT);
        if (l->whole) {
            if (l->label != NULL) {
                fputs(l->label, fp);
                fputc('\n', fp);
                spaces(fp, CARD_INDENT + 2);
            }
            cli_put_text(fp, l->value);
            fputc('\n', fp);
            continue;
        }
        if (l->label != NULL) {
            size_t lw = yj_text_width(l->label);
            fputs(l->label, fp);
            if (width >= CARD_INDENT + label_w + 1 + CARD_MIN_VALUE) {
                spaces(fp, label_w - lw + 1);
                col = CARD_INDENT + label_w + 1;
            } else {
                fputc('\n', fp); /* narrow: the value on lines of its own */
                col = CARD_INDENT + 2;
                spaces(fp, col);
            }
        }
        cli_wrap(fp, width, col, col, l->value, l->style, color);
    }
}

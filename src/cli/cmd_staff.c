/* cmd_staff.c — `yijia staff add|list|revoke`: the credentials of staff
 * who check stations on site with the phone page of `yijia serve
 * --staff`.  `add` prints the enrolment link — the only time the secret
 * exists outside the phone — on stdout, with a QR code of it drawn in the
 * terminal when libqrencode (Debian's libqrencode4, loaded with dlopen on
 * first use) is there; the secret goes nowhere else: not to stderr, not
 * to the history, not to the database (which keeps its SHA-256). */
#include "cli.h"

#include <dlfcn.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const cli_option subcommands[] = {
    {.name = "add NAME", .operand = true,
     .help = N_("make a credential for NAME (1-40 characters; one active "
                "credential a name) and print, once, its enrolment link "
                "URL/#staff=TOKEN and a QR code of it for the staff member's "
                "phone to scan (the QR code needs libqrencode4; without it, "
                "the link only).  The token is shown this once: the database "
                "keeps only a hash of its secret.  A lost phone: revoke, then "
                "add again.")},
    {.name = "list", .operand = true,
     .help = N_("every credential, active and revoked: name, public handle, "
                "when it was made and revoked (never a secret)")},
    {.name = "revoke NAME", .operand = true,
     .help = N_("revoke NAME's active credential: the phone is signed out at "
                "its next request")},
    {0},
};

enum { OPT_BASE_URL = 1000, OPT_FORMAT_STAFF, OPT_INVERT };

static const cli_option options[] = {
    {.name = "base-url", .arg = "URL", .id = OPT_BASE_URL,
     .help = N_("add: where the staff reach `yijia serve` (default "
                "http://127.0.0.1:8080, as serve's default; give the address "
                "the phones use, as serve's --base-url)")},
    {.name = "invert", .id = OPT_INVERT,
     .help = N_("add: draw the QR code for a light terminal background "
                "(default: for a dark one)")},
    {.name = "format", .arg = "FORMAT", .id = OPT_FORMAT_STAFF,
     .values = "table json",
     .help = N_("list: table (default) or json")},
    {0},
};

static const cli_option_group groups[] = {
    {N_("Subcommands"), subcommands},
    {N_("Options"), options},
    {0},
};

#define DEFAULT_BASE_URL "http://127.0.0.1:8080"

/* ---- the QR code (libqrencode, loaded on first use) ------------------------ */

/* qrencode.h's, stable since libqrencode 3: a symbol of width x width
 * modules, one byte each, bit 0 set for a dark module. */
typedef struct qr_code {
    int version;
    int width;
    unsigned char *data;
} qr_code;
enum { QR_ECLEVEL_M = 1, QR_MODE_8 = 2 };

static struct qr_api {
    void *lib;
    qr_code *(*encode_string)(const char *, int, int, int, int);
    void (*free_code)(qr_code *);
} qr;

static bool qr_load(void)
{
    if (qr.lib != NULL)
        return true;
    if ((qr.lib = dlopen("libqrencode.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL)
        return false;
    *(void **)&qr.encode_string = dlsym(qr.lib, "QRcode_encodeString");
    *(void **)&qr.free_code = dlsym(qr.lib, "QRcode_free");
    if (qr.encode_string == NULL || qr.free_code == NULL) {
        dlclose(qr.lib);
        qr.lib = NULL;
        return false;
    }
    return true;
}

/* Whether module (x, y) of the symbol with its quiet zone is dark. */
static bool dark(const qr_code *c, int quiet, int x, int y)
{
    x -= quiet;
    y -= quiet;
    if (x < 0 || y < 0 || x >= c->width || y >= c->width)
        return false;
    return (c->data[(size_t)y * (size_t)c->width + (size_t)x] & 1) != 0;
}

/* Draw `text` as a QR code on fp, two rows of modules a line, with a
 * quiet zone of 4 modules.  A character's ink is a light module (for a
 * dark background, as `qrencode -t UTF8` draws), or a dark one with
 * `invert`.  False when libqrencode is missing or cannot encode it. */
static bool draw_qr(FILE *fp, const char *text, bool invert)
{
    static const char *const glyph[4] = {" ", "▄", "▀", "█"};
    const int quiet = 4;
    qr_code *c;
    int size, x, y;

    if (!qr_load() ||
        (c = qr.encode_string(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
        return false;
    size = c->width + 2 * quiet;
    for (y = 0; y < size; y += 2) {
        for (x = 0; x < size; x++) {
            bool top = dark(c, quiet, x, y) == invert;
            bool bottom = y + 1 < size ? dark(c, quiet, x, y + 1) == invert
                                       : !invert;
            fputs(glyph[(top ? 2 : 0) | (bottom ? 1 : 0)], fp);
        }
        fputc('\n', fp);
    }
    qr.free_code(c);
    return true;
}

/* ---- add, revoke ----------------------------------------------------------- */

/* --base-url checked as serve checks it (no fragment either: the token
 * is one), without trailing slashes, into buf[size]. */
static int base_url(char *buf, size_t size, const char *text)
{
    size_t n = strlen(text);

    if ((strncmp(text, "http://", 7) != 0 &&
         strncmp(text, "https://", 8) != 0) ||
        n >= size || text[strcspn(text, " \"<>\\^`{|}#")] != '\0') {
        cli_usage_error("staff", "--base-url: '%s' is not an http:// or "
                        "https:// URL without a fragment", text);
        return EXIT_USAGE;
    }
    for (const char *p = text; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            cli_usage_error("staff", "--base-url: a control character");
            return EXIT_USAGE;
        }
    memcpy(buf, text, n + 1);
    while (n > 0 && buf[n - 1] == '/')
        buf[--n] = '\0';
    return EXIT_OK;
}

/* Open the database and a change, run add or revoke, commit. */
static int change(const cli_globals *g, const char *name, char *token,
                  size_t size)
{
    yj_editor *ed = NULL;
    yj_error err;
    yj_code rc;
    int status;

    if ((status = cli_open_editor(&ed, g, false)) != EXIT_OK)
        return status;
    if (yj_editor_begin(ed, cli_user(), g->command, &err) != YJ_OK) {
        status = cli_fail(&err);
        goto out;
    }
    rc = token != NULL ? yj_staff_add(token, size, ed, name, &err)
                       : yj_staff_revoke(ed, name, &err);
    if (rc == YJ_OK)
        rc = yj_editor_commit(NULL, ed, &err);
    if (rc == YJ_EINVAL) {
        /* the one input is NAME */
        status = cli_usage_error("staff", "%s", err.message);
    } else if (rc != YJ_OK) {
        status = cli_fail(&err);
    }
out:
    yj_editor_close(ed);
    return status;
}

static int run_add(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    char base[1024], token[YJ_STAFF_TOKEN_MAX], *link = NULL;
    const char *base_text = DEFAULT_BASE_URL;
    bool invert = false;
    size_t n;
    int c, status;

    cli_parser_init(&p, &cli_staff_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case OPT_BASE_URL: base_text = p.arg; break;
        case OPT_INVERT: invert = true; break;
        default:
            return cli_usage_error("staff", "add: --%s is an option of "
                                   "another subcommand", p.option->name);
        }
    }
    if (c < 0)
        return p.status;
    if (optind != argc - 1)
        return cli_usage_error("staff", "add: expected one NAME");
    if ((status = base_url(base, sizeof base, base_text)) != EXIT_OK)
        return status;
    if ((status = change(g, argv[optind], token, sizeof token)) != EXIT_OK)
        return status;
    n = strlen(base) + strlen("/#staff=") + strlen(token) + 1;
    if ((link = malloc(n)) == NULL) {
        cli_error("out of memory (the credential was made: revoke it and "
                  "add again)");
        return EXIT_RUNTIME;
    }
    snprintf(link, n, "%s/#staff=%s", base, token);
    printf("%s\n", link);
    if (draw_qr(stdout, link, invert))
        putchar('\n');
    else
        cli_note("no QR code: libqrencode is missing (install "
                 "libqrencode4); open the link on the phone instead");
    cli_note("the link above is shown this once: the database keeps only "
             "a hash of its secret (lost: `yijia staff revoke`, then add "
             "again)");
    memset(link, 0, n);
    memset(token, 0, sizeof token);
    free(link);
    return EXIT_OK;
}

static int run_revoke(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    int c, status;

    cli_parser_init(&p, &cli_staff_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        return cli_usage_error("staff", "revoke: --%s is an option of "
                               "another subcommand", p.option->name);
    }
    if (c < 0)
        return p.status;
    if (optind != argc - 1)
        return cli_usage_error("staff", "revoke: expected one NAME");
    if ((status = change(g, argv[optind], NULL, 0)) != EXIT_OK)
        return status;
    cli_note("revoked the credential of %s", argv[optind]);
    return EXIT_OK;
}

/* ---- list ------------------------------------------------------------------ */

typedef struct lister {
    bool json;
    size_t n;
    cli_table *table;
} lister;

static int list_one(void *payload, const yj_staff_info *s)
{
    lister *l = payload;

    if (l->json) {
        fputs(l->n ? ",\n  {\"name\": " : "\n  {\"name\": ", stdout);
        yj_writer_json_literal(stdout, s->name);
        fputs(", \"handle\": ", stdout);
        yj_writer_json_literal(stdout, s->handle);
        fputs(", \"created_at\": ", stdout);
        yj_writer_json_literal(stdout, s->created_at);
        fputs(", \"revoked_at\": ", stdout);
        if (s->revoked_at[0] != '\0')
            yj_writer_json_literal(stdout, s->revoked_at);
        else
            fputs("null", stdout);
        fputs(", \"active\": ", stdout);
        fputs(s->revoked_at[0] == '\0' ? "true}" : "false}", stdout);
    } else {
        const char *cells[4];
        cells[0] = s->name;
        cells[1] = s->handle;
        cells[2] = s->created_at;
        cells[3] = s->revoked_at[0] != '\0' ? s->revoked_at : "—";
        if (cli_table_add(l->table, cells) != 0)
            return 1;
    }
    l->n++;
    return 0;
}

static int run_list(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    static const char *const headers[] = {N_("Name"), N_("Handle"),
                                          N_("Created"), N_("Revoked")};
    lister l = {false, 0, NULL};
    yj_editor *ed = NULL;
    yj_error err;
    int c, status;

    cli_parser_init(&p, &cli_staff_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0) {
        switch (c) {
        case OPT_FORMAT_STAFF:
            if (strcmp(p.arg, "json") != 0 && strcmp(p.arg, "table") != 0)
                return cli_usage_error("staff", "--format: '%s' is not "
                                       "table or json", p.arg);
            l.json = strcmp(p.arg, "json") == 0;
            break;
        default:
            return cli_usage_error("staff", "list: --%s is an option of "
                                   "another subcommand", p.option->name);
        }
    }
    if (c < 0)
        return p.status;
    if (optind != argc)
        return cli_usage_error("staff", "list: unexpected argument '%s'",
                               argv[optind]);
    if (!l.json && (l.table = cli_table_new(4, headers)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if ((status = cli_open_editor(&ed, g, true)) != EXIT_OK)
        goto out;
    if (l.json)
        putchar('[');
    if (yj_staff_list(ed, list_one, &l, &err) != YJ_OK)
        status = cli_fail(&err);
    if (l.json)
        printf("%s]\n", l.n ? "\n" : "");
    else if (status == EXIT_OK && l.n > 0)
        cli_table_print(l.table, stdout);
    else if (status == EXIT_OK)
        cli_note("no staff credentials (`yijia staff add NAME` makes one)");
out:
    yj_editor_close(ed);
    cli_table_free(l.table);
    return status;
}

/* ---- the command ------------------------------------------------------------ */

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    const char *sub;
    int c;

    /* '+': the subcommand's options are its own */
    cli_parser_init(&p, &cli_staff_command, NULL, argc, argv);
    cli_parser_stop_at_operand(&p);
    while ((c = cli_getopt(&p)) > 0) {
        return cli_usage_error("staff", "--%s comes after add, list or "
                               "revoke", p.option->name);
    }
    if (c < 0)
        return p.status;
    if (optind >= argc)
        return cli_usage_error("staff", "expected add, list or revoke");
    sub = argv[optind];
    argc -= optind;
    argv += optind;
    optind = 0; /* glibc: a full new parse of the subcommand's options */
    if (strcmp(sub, "add") == 0)
        return run_add(g, argc, argv);
    if (strcmp(sub, "list") == 0)
        return run_list(g, argc, argv);
    if (strcmp(sub, "revoke") == 0)
        return run_revoke(g, argc, argv);
    return cli_usage_error("staff", "no subcommand '%s' (add, list or "
                           "revoke)", sub);
}

const cli_command cli_staff_command = {
    .name = "staff",
    .run = run,
    .summary = N_("credentials of staff who check stations on site"),
    .synopsis = "staff add NAME [--base-url URL] [--invert]\n"
                "staff list [--format table|json]\n"
                "staff revoke NAME",
    .description = N_("Credentials of the staff who check stations on site "
                      "with the phone page of `yijia serve --staff`."),
    .groups = groups,
    .notes = N_("Credentials are not station data: they are not in `yijia "
                "history` and `yijia undo` does not touch them.\n\nExit: 0 "
                "done, 1 runtime error (NAME has an active credential "
                "already), 2 usage error (a bad NAME), 3 revoke: NAME has no "
                "active credential."),
};

/* cli.h — what the `yijia` commands share: the command table, messages,
 * exit codes, database and data-directory resolution, and table output.
 * Commands include only yijia.h and this header. */
#ifndef YJ_CLI_H
#define YJ_CLI_H

#include "yijia.h"

#include <libintl.h>

/* Messages in the reader's language (GNU gettext, text domain "yijia",
 * po/zh_CN.po, bound in main.c): _() translates a message where it is
 * used, N_() marks one translated where it is shown.  The messages given
 * to cli_error, cli_note and cli_usage_error are translated there and need
 * no mark (xgettext finds them by those names, po/CMakeLists.txt). */
#define _(s) dgettext("yijia", s)
#define N_(s) s

/* Exit codes (README "Exit codes"). */
enum {
    EXIT_OK = 0,
    EXIT_RUNTIME = 1,
    EXIT_USAGE = 2,
    EXIT_NOTHING = 3
};

/* Options that come before the command. */
typedef struct cli_globals {
    const char *db_path;  /* --db, or NULL */
    const char *command;  /* the command line as typed (for the history) */
} cli_globals;

typedef struct cli_command {
    const char *name;
    int (*run)(const cli_globals *g, int argc, char **argv);
    const char *summary;
    const char *usage;   /* full help text of the command */
} cli_command;

extern const cli_command cli_add_command;
extern const cli_command cli_build_command;
extern const cli_command cli_check_command;
extern const cli_command cli_convert_command;
extern const cli_command cli_coverage_command;
extern const cli_command cli_edit_command;
extern const cli_command cli_export_command;
extern const cli_command cli_geocode_command;
extern const cli_command cli_history_command;
extern const cli_command cli_import_command;
extern const cli_command cli_list_command;
extern const cli_command cli_locate_command;
extern const cli_command cli_map_command;
extern const cli_command cli_nearest_command;
extern const cli_command cli_remove_command;
extern const cli_command cli_serve_command;
extern const cli_command cli_show_command;
extern const cli_command cli_staff_command;
extern const cli_command cli_townships_command;
extern const cli_command cli_undo_command;
extern const cli_command cli_upgrade_command;

/* "yijia: error: ..." on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "yijia: ..." on stderr (notes that are not errors). */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Text from data (station fields, history, answers from the network) on
 * its way to a terminal: controls shown escaped (yj_text_escape).  Every
 * human-readable output passes it; machine formats (JSON, CSV, ...) are
 * written exactly.  cli_text_dup returns a copy to free, NULL on ENOMEM. */
void cli_put_text(FILE *fp, const char *s);
char *cli_text_dup(const char *s);

/* Report a usage error of `cmd` and return EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print a library error; return the matching exit code (3 for not found,
 * else 1). */
int cli_fail(const yj_error *err);


/* Print the command's usage (for --help) and return EXIT_OK. */
int cli_help(const cli_command *cmd);

/* The database path: --db, $YIJIA_DB, then the default beside a built
 * tool or in the installed data directory.  Static storage. */
const char *cli_db_path(const cli_globals *g);
/* The data directory for `build`: $YIJIA_DATA, the source tree's data/ for
 * a built tool, else the installed data directory.  Static storage. */
const char *cli_data_dir(void);

/* Messages in the language the locale asks for (LANG=zh_CN.UTF-8, or
 * LANGUAGE=zh_CN), English otherwise.  First thing in main(). */
void cli_i18n_init(void);

/* Open the database for reading; on failure print why and return the exit
 * code (non-zero). */
int cli_open_db(yj_db **out, const cli_globals *g);

/* ---- changing the database (cli_change.c) ------------------------------ */

/* Open the database for a change (`trial`: a dry run, rolled back),
 * waiting $YIJIA_WAIT seconds (default 10) for another writer; on failure
 * print why and return the exit code. */
int cli_open_editor(yj_editor **out, const cli_globals *g, bool trial);
/* Who is changing it: $USER, else the account name.  Static storage. */
const char *cli_user(void);
/* The command line as the history records it (shell-quoted); free it.
 * main() keeps it in cli_globals before the command's getopt reorders
 * argv. */
char *cli_command_line(int argc, char **argv);
/* Today in Beijing, "YYYY-MM-DD". */
void cli_today(char buf[11]);
/* "MARK ID NAME (where)" and each changed field "    f: 'old' → 'new'"
 * (an added or deleted station: its non-empty fields). */
void cli_print_change(FILE *fp, char mark, const yj_station *before,
                      const yj_station *after, const char *where);


/* On unknown --township or --category values, print the valid ones. */
void cli_print_valid_townships(yj_db *db);
void cli_print_valid_categories(void);

/* ---- shared options of list and nearest ---------------------------------- */

/* Long-option codes of the shared options (above any short option). */
enum {
    OPT_TOWNSHIP = 1000,
    OPT_CATEGORY,
    OPT_AMENITY,
    OPT_TEXT,
    OPT_FORMAT,
    OPT_NEAR,
    OPT_FROM,
    OPT_CRS,
    OPT_LATLON,
    OPT_WITHIN,
    OPT_LINKS,
    OPT_OPEN_NOW,
    OPT_OPEN_AT,
    OPT_OPEN_ON_ARRIVAL,
    OPT_SPEED
};

/* The `struct option` entries of the shared options (getopt.h needed). */
#define CLI_QUERY_OPTIONS                                                   \
    {"township", required_argument, NULL, OPT_TOWNSHIP},                  \
    {"category", required_argument, NULL, OPT_CATEGORY},                  \
    {"amenity", required_argument, NULL, OPT_AMENITY},                    \
    {"text", required_argument, NULL, OPT_TEXT},                          \
    {"format", required_argument, NULL, OPT_FORMAT},                      \
    {"near", required_argument, NULL, OPT_NEAR},                          \
    {"crs", required_argument, NULL, OPT_CRS},                            \
    {"latlon", no_argument, NULL, OPT_LATLON},                            \
    {"within", required_argument, NULL, OPT_WITHIN},                      \
    {"links", no_argument, NULL, OPT_LINKS},                              \
    {"open-now", no_argument, NULL, OPT_OPEN_NOW},                        \
    {"open-at", required_argument, NULL, OPT_OPEN_AT},                    \
    {"open-on-arrival", no_argument, NULL, OPT_OPEN_ON_ARRIVAL},          \
    {"speed", required_argument, NULL, OPT_SPEED}

/* What list and nearest were asked for. */
typedef struct cli_query {
    yj_filter filter;
    const char *format;      /* "table" or a yj_format name */
    const char *near_name;   /* --near */
    const char *from_text;   /* --from or the positional LON,LAT */
    const char *crs_name;    /* --crs */
    int latlon;              /* --latlon */
    const char *within_text; /* --within */
    int links;               /* --links */
    int open_now;            /* --open-now */
    const char *open_at;     /* --open-at "YYYY-MM-DD HH:MM" */
    int on_arrival;          /* --open-on-arrival */
    const char *speed;       /* --speed walk|ride|KM/H */
    const char *output;      /* -o FILE (export), or NULL: stdout */
    int bom;                 /* CSV/TSV: start with a byte order mark */
    int keep_formulas;       /* CSVs: no apostrophe before formula-like
                                cells (export --keep-formulas) */
    int stored_order;        /* list in storage order, without sorting */
} cli_query;

/* Handle option `c` if it is a shared one: 1 if handled, 0 if not. */
int cli_query_option(cli_query *q, int c, const char *arg);

/* "800m", "2km" → metres (more than 0); a usage error of `cmd` naming
 * `option` otherwise.  Returns the exit code. */
int cli_parse_distance(double *metres, const char *text, const char *cmd,
                       const char *option);

/* Parse "A,B" (two decimal numbers) from a[0..alen), b[0..blen) into a
 * point, taking the first as latitude when `latlon`.  On false, msg says
 * which value is wrong. */
bool cli_parse_pair(yj_lonlat *out, const char *a, size_t alen, const char *b,
                    size_t blen, int latlon, char *msg, size_t msg_size);

/* The origin of a query: --from LON,LAT (in --crs, --latlon) or --near
 * NAME (a place; ambiguous names list the candidates).  *has_origin is
 * false without either.  Returns the exit code. */
int cli_query_origin(yj_lonlat *origin, bool *has_origin, bool *approximate,
                     yj_db *db, const cli_query *q, const char *cmd);

/* Run the query `cmd` asked for: check its options, open the database,
 * resolve the origin (LON,LAT in its CRS, or --near NAME), and write the
 * stations (no origin) or the k nearest (0: all) as a table or in a
 * machine format.  `needs_origin`: nearest, where --within and --links
 * need no separate check.  Returns the exit code (3 when nothing
 * matched). */
int cli_query_main(const cli_globals *g, const cli_query *q, const char *cmd,
                   bool needs_origin, size_t k);

/* Where a command writes its data: stdout, or a file written aside and
 * renamed into place on success. */
typedef struct cli_output {
    FILE *fp;          /* write here */
    const char *path;  /* -o FILE, or NULL for stdout */
    yj_replace *file;  /* the file being written aside, or NULL */
} cli_output;
/* Open stdout (path NULL or "-") or a temporary file beside `path`.
 * Returns the exit code (non-zero after printing why). */
int cli_output_open(cli_output *o, const char *path);
/* Finish: when `status` is EXIT_OK, flush, sync and rename the file into
 * place; otherwise remove it.  Returns `status`, or EXIT_RUNTIME if
 * writing failed. */
int cli_output_close(cli_output *o, int status);

/* A table whose columns are aligned by display width (Chinese characters
 * are two columns wide).  The headers are English, marked N_(), and shown
 * translated. */
typedef struct cli_table cli_table;
cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Add a row of ncols strings (copied).  Returns 0, or -1 on ENOMEM. */
int cli_table_add(cli_table *t, const char *const *cells);
/* Print to fp; the last column is not padded. */
void cli_table_print(const cli_table *t, FILE *fp);
void cli_table_free(cli_table *t);

#endif

/* cli.h — what the `yijia` commands share: the command table, messages,
 * exit codes, database and data-directory resolution, and table output.
 * Commands include only yijia.h and this header. */
#ifndef YJ_CLI_H
#define YJ_CLI_H

#include "yijia.h"

#include <getopt.h>
#include <libintl.h>
#include <locale.h>

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

/* ---- options (cli_options.c) --------------------------------------------
 * Each command has one table of its options (cli_option), in groups shown
 * under a heading; getopt_long's array and short-option string, --help,
 * `yijia help CMD`, the man pages (cli_man.c) and the shell completions
 * (cmd_completion.c) are all made from it.  No other list of options. */

/* A validator: true if `value` is good; else a message (translated, without
 * the option's name, which the caller puts first) in msg[size]. */
typedef bool (*cli_check_fn)(const char *value, char *msg, size_t size);

/* Where an option's value goes in the store the command gives cli_parse. */
typedef enum cli_store {
    CLI_STORE_NONE,  /* nowhere: cli_getopt returns its id to the command */
    CLI_STORE_TEXT,  /* const char * at offset: the value */
    CLI_STORE_FLAG,  /* int at offset: 1 */
    CLI_STORE_UNSET  /* int at offset: 0 (--no-... flags) */
} cli_store;

typedef struct cli_option {
    const char *name;     /* long name without "--"; an operand (`operand`)
                             as shown: "LON,LAT"; NULL ends a table */
    int letter;           /* short option letter, or 0 */
    const char *arg;      /* the value's name ("N", "FILE"); NULL: a flag */
    const char *help;     /* one line, N_(): wrapped where shown */
    cli_check_fn check;   /* run on the value at parse time, or NULL */
    const char *values;   /* the fixed values, for completions: words
                             separated by spaces; "@formats", "@crs",
                             "@categories", "@amenities" expand; "@file",
                             "@dir" complete paths; NULL: free text */
    int id;               /* what cli_getopt returns (default: letter) */
    cli_store store;
    size_t offset;        /* where the value goes (offsetof) */
    bool operand;         /* not an option: an operand or subcommand,
                             shown in help and man pages only */
} cli_option;

/* Options shown under one heading; title NULL: under the previous one. */
typedef struct cli_option_group {
    const char *title;          /* N_("Options"), ... */
    const cli_option *options;  /* ending with {NULL} */
} cli_option_group;

typedef struct cli_command {
    const char *name;
    int (*run)(const cli_globals *g, int argc, char **argv);
    const char *summary;      /* N_(): one line, for the command list */
    const char *synopsis;     /* usage lines after "yijia [--db FILE] ",
                                 separated by '\n' (not translated) */
    const char *description;  /* N_(): paragraphs separated by "\n\n" */
    const cli_option_group *groups; /* ending with {NULL}; -h, --help is
                                       added to every command */
    const char *notes;        /* N_(): paragraphs after the options, or
                                 NULL */
    bool hidden;              /* not listed (a tool for the build) */
} cli_command;

/* Every command, in the order `yijia --help` lists them (main.c). */
extern const cli_command *const cli_commands[];
extern const size_t cli_command_count;
const cli_command *cli_find_command(const char *name);

/* Parsing a command's arguments by its table. */
typedef struct cli_parser {
    const cli_command *cmd;
    void *store;              /* where CLI_STORE_* options go */
    int argc;
    char **argv;
    const cli_option *option; /* the option cli_getopt returned */
    char *arg;                /* the value of the option cli_getopt
                                 returned, or NULL */
    int status;               /* when cli_getopt returns -1: the exit code
                                 the command returns (help: 0; error: 2) */
    int ntable;
    const cli_option *table[96];
    struct option longopts[96];
    char shortopts[200];
} cli_parser;

void cli_parser_init(cli_parser *p, const cli_command *cmd, void *store,
                     int argc, char **argv);
/* Stop at the first operand (a subcommand, or LON,LAT beginning with
 * '-'): getopt's '+'. */
void cli_parser_stop_at_operand(cli_parser *p);
/* The next option the command handles itself (its id, > 0); 0 at the end
 * of the options (operands from optind); -1 when the command returns
 * p->status: --help printed, or a usage error reported (unknown option,
 * with "did you mean"; missing value; a value its validator refused). */
int cli_getopt(cli_parser *p);
/* The option of cmd's table named by the word `word` ("--near", "-k",
 * "--near=x"), or NULL. */
const cli_option *cli_option_find(const cli_command *cmd, const char *word);
/* "'%s' is not ..." and the like for a usage error of an option value:
 * "--speed: MSG".  Returns EXIT_USAGE. */
int cli_option_error(const cli_command *cmd, const cli_option *o,
                     const char *msg);

/* Validators shared by the tables. */
bool cli_check_speed(const char *value, char *msg, size_t size);
bool cli_check_distance(const char *value, char *msg, size_t size);
bool cli_check_crs(const char *value, char *msg, size_t size);
bool cli_check_color(const char *value, char *msg, size_t size);
/* list and nearest: "table" or a yj_format name */
bool cli_check_query_format(const char *value, char *msg, size_t size);
bool cli_check_labels(const char *value, char *msg, size_t size);
/* --open-at: "2025-10-01 20:00", or a time alone ("20:00": today), in
 * Beijing time. */
bool cli_parse_time(int64_t *at, const char *value);
bool cli_check_time(const char *value, char *msg, size_t size);
bool cli_check_not_empty(const char *value, char *msg, size_t size);

/* The fixed values of an option (its `values`, "@..." expanded), separated
 * by spaces, into buf[size]; "" for free text and paths. */
void cli_option_values(char *buf, size_t size, const cli_option *o);


/* A heading of a help text, "TITLE:" (the title translated already). */
void cli_heading(FILE *fp, const char *title);

/* Write yijia.1 and yijia-COMMAND.1 into `dir` (cli_man.c), in the
 * language of the messages.  Returns the exit code. */
int cli_man_write(const char *dir);

extern const cli_command cli_add_command;
extern const cli_command cli_build_command;
extern const cli_command cli_check_command;
extern const cli_command cli_completion_command;
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


/* Print the command's help (for --help, `yijia help CMD`), made from its
 * table, and return EXIT_OK. */
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
/* Messages in English for a while, on this thread: machine output (JSON,
 * CSV) that carries the library's messages is the same in every language.
 * cli_machine_text_end restores what _begin returned (0: nothing to do). */
locale_t cli_machine_text_begin(void);
void cli_machine_text_end(locale_t previous);

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

/* The shared option tables (cli_query.c), stored into a cli_query:
 * --township --category --amenity --text; --within; --near --crs --latlon;
 * --from; --open-now --open-at --open-on-arrival --speed; --format (table
 * or a yj_format) --links --color. */
extern const cli_option cli_query_filter_options[];
extern const cli_option cli_query_within_options[];
extern const cli_option cli_query_place_options[];
extern const cli_option cli_query_from_options[];
extern const cli_option cli_query_open_options[];
extern const cli_option cli_query_output_options[];

/* What list and nearest were asked for. */
typedef struct cli_query {
    yj_filter filter;
    const char *format;      /* NULL: fit to the terminal (cli_fit.c);
                                "table" or a yj_format name */
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
    const char *color;       /* --color auto|always|never, NULL: auto */
    const char *output;      /* -o FILE (export), or NULL: stdout */
    int bom;                 /* CSV/TSV: start with a byte order mark */
    int keep_formulas;       /* CSVs: no apostrophe before formula-like
                                cells (export --keep-formulas) */
    int stored_order;        /* list in storage order, without sorting */
    const char *labels;      /* --labels zh|codes, or NULL: the format's */
} cli_query;

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
/* Add a row whose cells are shown in colour: styles[i] is an SGR code
 * (CLI_SGR_*) or NULL; `styles` NULL is cli_table_add. */
int cli_table_add_styled(cli_table *t, const char *const *cells,
                         const char *const *styles);
/* Print the styles too when `color` (cli_table_print: never). */
void cli_table_print_color(const cli_table *t, FILE *fp, bool color);
/* The width of the widest line cli_table_print writes, in columns. */
size_t cli_table_width(const cli_table *t);

/* ---- output that fits the terminal (cli_fit.c) -------------------------- */

/* Colours (SGR parameters) for what a worker looks for first. */
#define CLI_SGR_OPEN "32"     /* green: open */
#define CLI_SGR_CLOSED "31"   /* red: closed */
#define CLI_SGR_UNSURE "33"   /* yellow: unknown hours, approximate place */
#define CLI_SGR_TITLE "1"     /* bold: a card's station name */

/* The width to fit output on `fp` to: the terminal's (TIOCGWINSZ), else
 * $COLUMNS (also when fp is not a terminal), else 0: do not fit (pipes and
 * scripts get the wide table).  Widths under CLI_FIT_MIN count as it. */
#define CLI_FIT_MIN 20
size_t cli_fit_width(FILE *fp);
/* --color: `when` is "auto" (NULL too: colour on a terminal unless
 * $NO_COLOR is set and not empty), "always" or "never".  Sets *on; a
 * usage error of `cmd` for any other value.  Returns the exit code. */
int cli_color_resolve(bool *on, const char *when, FILE *fp, const char *cmd);
/* The colour of an opening state. */
const char *cli_open_style(yj_open_state state);

/* One line of a card: "label  value", the value wrapped. */
typedef struct cli_card_line {
    const char *label;  /* translated already; NULL: the value alone */
    const char *value;  /* from data: shown escaped; "" lines are left out */
    const char *style;  /* CLI_SGR_* of the value, or NULL */
    bool whole;         /* a link: on a line of its own, never wrapped (a
                           link in pieces can be neither tapped nor
                           copied; a terminal that folds it keeps it one) */
} cli_card_line;
/* A card: the title line, then each line with the labels aligned, every
 * line at most `width` columns (wrapped by display width between
 * characters, at a space where an ASCII word would be split; continuation
 * lines indented) but for links, styles shown when `color`. */
void cli_card_print(FILE *fp, size_t width, bool color, const char *title,
                    const cli_card_line *lines, size_t n);
/* `text` (escaped) wrapped to `width` columns: the first line starts at
 * column `col` (already written), the others after `indent` spaces.
 * Every line ends with a newline.  cli_wrap_text: the same for the tool's
 * own texts (help, man), not escaped, where '\n' starts a new line. */
void cli_wrap(FILE *fp, size_t width, size_t col, size_t indent,
              const char *text, const char *style, bool color);
void cli_wrap_text(FILE *fp, size_t width, size_t col, size_t indent,
                   const char *text);

#endif

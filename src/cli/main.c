/* main.c — the `yijia` tool: global options, the command table and
 * dispatch, "did you mean" for a mistyped command.  Each command lives in
 * cmd_<name>.c with its option table and help texts (add, edit, remove and
 * upgrade share cmd_edit.c; history and undo cmd_history.c; geocode and
 * locate cmd_geocode.c).  `--man DIR` (not listed) writes the man pages. */
#include "cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

const cli_command *const cli_commands[] = {
    &cli_nearest_command,
    &cli_list_command,
    &cli_show_command,
    &cli_townships_command,
    &cli_export_command,
    &cli_map_command,
    &cli_coverage_command,
    &cli_convert_command,
    &cli_serve_command,
    &cli_check_command,
    &cli_build_command,
    &cli_import_command,
    &cli_add_command,
    &cli_edit_command,
    &cli_remove_command,
    &cli_geocode_command,
    &cli_locate_command,
    &cli_history_command,
    &cli_undo_command,
    &cli_staff_command,
    &cli_upgrade_command,
    &cli_completion_command,
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

static void main_usage(FILE *fp)
{
    size_t i;

    fprintf(fp, "%s yijia [--db FILE] COMMAND [OPTIONS] [ARGS]\n\n",
            _("usage:"));
    fprintf(fp, "%s\n\n",
            _("Find the 萧山区 爱心驿家 rest stations for outdoor workers, "
              "offline."));
    cli_heading(fp, _("Commands"));
    for (i = 0; i < cli_command_count; i++)
        if (!cli_commands[i]->hidden)
            fprintf(fp, "  %-10s %s\n", cli_commands[i]->name,
                    _(cli_commands[i]->summary));
    fprintf(fp, "  %-10s %s\n\n", "help", _("explain a command"));
    cli_heading(fp, _("Global options"));
    fprintf(fp, "  --db FILE    ");
    cli_wrap_text(fp, 79, 15, 15,
                  _("the station database (default: $YIJIA_DB, else the "
                    "database built beside the tool or installed with it)"));
    fprintf(fp, "  -h, --help   %s\n  --version    %s\n\n", _("this help"),
            _("print the version"));
    cli_wrap_text(fp, 79, 0, 0,
                  _("'yijia help COMMAND' or 'yijia COMMAND --help' explains "
                    "a command.\nExit codes: 0 ok, 1 runtime error, 2 usage "
                    "error, 3 nothing found."));
}

/* Interrupted (Ctrl-C, kill, a closed terminal): the files being written
 * aside go, then the signal ends the process as it would have. */
static void on_signal(int sig)
{
    yj_replace_abort_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void remove_temporaries_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction was;
        /* a signal ignored from the start stays ignored (a shell's
         * background jobs ignore SIGINT) */
        if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

const cli_command *cli_find_command(const char *name)
{
    size_t i;

    for (i = 0; i < cli_command_count; i++)
        if (strcmp(cli_commands[i]->name, name) == 0)
            return cli_commands[i];
    return NULL;
}

/* "no command 'nearst'", with the nearest name when it is a slip. */
static int no_command(const char *name)
{
    const char *names[64];
    const char *best;
    size_t i, n = 0;

    for (i = 0; i < cli_command_count && n < 63; i++)
        if (!cli_commands[i]->hidden)
            names[n++] = cli_commands[i]->name;
    names[n++] = "help";
    if ((best = yj_text_suggest(name, names, n)) != NULL)
        return cli_usage_error(NULL, "no command '%s'; did you mean '%s'?",
                               name, best);
    return cli_usage_error(NULL, "no command '%s' (see the list of commands "
                           "in 'yijia --help')", name);
}

static int run_help(int argc, char **argv)
{
    const cli_command *cmd;

    if (argc < 2 || strcmp(argv[1], "help") == 0) {
        main_usage(stdout);
        return EXIT_OK;
    }
    if ((cmd = cli_find_command(argv[1])) == NULL)
        return no_command(argv[1]);
    return cli_help(cmd);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"man", required_argument, NULL, 'M'},  /* the build's, unlisted */
        {NULL, 0, NULL, 0},
    };
    cli_globals g = {NULL, NULL};
    char *command;
    const cli_command *cmd;
    yj_error err;
    int c, status;

    cli_i18n_init();
    if (yj_db_process_init(&err) != YJ_OK) {
        cli_error("%s", err.message);
        return EXIT_RUNTIME;
    }
    remove_temporaries_on_signals();
    opterr = 0;
    /* '+': stop at the command name; its options are its own. */
    while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (optarg[0] == '\0')
                return cli_usage_error(NULL, "--db: empty file name");
            g.db_path = optarg;
            break;
        case 'h':
            main_usage(stdout);
            return EXIT_OK;
        case 'V':
            printf("yijia %s\n", yj_version());
            return EXIT_OK;
        case 'M': /* the man pages, written at build time (CMakeLists.txt) */
            return cli_man_write(optarg);
        default:
            return cli_usage_error(NULL, "unknown option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        main_usage(stderr);
        return EXIT_USAGE;
    }
    argc -= optind;
    argv += optind;
    if (strcmp(argv[0], "help") == 0)
        return run_help(argc, argv);
    if ((cmd = cli_find_command(argv[0])) == NULL)
        return no_command(argv[0]);
    optind = 0;  /* glibc: full reinitialisation for the command's parse */
    if ((command = cli_command_line(argc, argv)) == NULL) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    g.command = command;
    status = cmd->run(&g, argc, argv);
    free(command);
    /* Data went to stdout: a full disk or closed pipe is an error too. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("writing the output failed");
        return EXIT_RUNTIME;
    }
    return status;
}

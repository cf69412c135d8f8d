/* cmd_completion.c — `yijia completion bash|zsh|fish`: a completion script
 * for the shell, made from the commands' option tables: the commands, each
 * command's options, and the values of options that take one of a fixed
 * list (formats, coordinate systems, --color, categories, amenities). */
#include "cli.h"

#include <string.h>

static const cli_option shells[] = {
    {.name = "bash", .operand = true,
     .help = N_("for bash: source it, or put it in "
                "~/.local/share/bash-completion/completions/yijia")},
    {.name = "zsh", .operand = true,
     .help = N_("for zsh: put it as _yijia in a directory of $fpath")},
    {.name = "fish", .operand = true,
     .help = N_("for fish: put it in ~/.config/fish/completions/yijia.fish")},
    {0},
};

static const cli_option_group groups[] = {
    {N_("Shells"), shells},
    {0},
};

/* Calls fn for each option of cmd that getopt takes (help included). */
static void each_option(const cli_command *cmd,
                        void (*fn)(const cli_command *, const cli_option *,
                                   void *),
                        void *payload)
{
    cli_parser p;
    int i;

    cli_parser_init(&p, cmd, NULL, 0, NULL);
    for (i = 0; i < p.ntable; i++)
        fn(cmd, p.table[i], payload);
}

static bool is_short_only(const cli_option *o)
{
    return o->letter != 0 && o->name[0] == o->letter && o->name[1] == '\0';
}

static bool takes_path(const cli_option *o)
{
    return o->values != NULL && (strcmp(o->values, "@file") == 0 ||
                                 strcmp(o->values, "@dir") == 0);
}

/* Help text for a shell string: one line, without the quote `q`, '\\' or
 * the characters `drop`. */
static void put_plain(const char *text, const char *drop)
{
    const char *s;
    size_t n = 0;

    for (s = text; *s != '\0' && n < 70; s++, n++) {
        if (*s == '\n' || *s == '\'' || *s == '\\' || *s == '"' ||
            *s == '`' || *s == '$' || strchr(drop, *s) != NULL)
            putchar(' ');
        else
            putchar(*s);
    }
    /* keep a cut UTF-8 character whole */
    while ((*s & 0xC0) == 0x80)
        putchar(*s++);
}

/* ---- bash -------------------------------------------------------------------- */

static void bash_words(const cli_command *cmd, const cli_option *o, void *p)
{
    (void)cmd;
    (void)p;
    if (!is_short_only(o))
        printf(" --%s", o->name);
    if (o->letter != 0)
        printf(" -%c", o->letter);
}

static void bash_values(const cli_command *cmd, const cli_option *o, void *p)
{
    char values[2048];

    (void)cmd;
    (void)p;
    if (o->arg == NULL)
        return;
    printf("            ");
    if (!is_short_only(o))
        printf("--%s%s", o->name, o->letter ? "|" : "");
    if (o->letter)
        printf("-%c", o->letter);
    if (takes_path(o)) {
        printf(") COMPREPLY=($(compgen -%c -- \"$cur\")); return ;;\n",
               strcmp(o->values, "@dir") == 0 ? 'd' : 'f');
        return;
    }
    cli_option_values(values, sizeof values, o);
    if (values[0] == '\0')
        printf(") return ;;\n");
    else
        printf(") COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n",
               values);
}

static void bash(void)
{
    size_t i;

    printf("# bash completion for yijia (made by `yijia completion bash`)\n"
           "_yijia() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=\n"
           "    local i cmd=\n"
           "    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    COMPREPLY=()\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in\n"
           "        --db) ((i++)) ;;\n"
           "        -*) ;;\n"
           "        *) cmd=${COMP_WORDS[i]}; break ;;\n"
           "        esac\n"
           "    done\n"
           "    if [[ -z $cmd ]]; then\n"
           "        case $prev in\n"
           "        --db) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
           "        esac\n"
           "        if [[ $cur == -* ]]; then\n"
           "            COMPREPLY=($(compgen -W '--db --help --version' -- "
           "\"$cur\"))\n"
           "        else\n"
           "            COMPREPLY=($(compgen -W '");
    for (i = 0; i < cli_command_count; i++)
        if (!cli_commands[i]->hidden)
            printf("%s ", cli_commands[i]->name);
    printf("help' -- \"$cur\"))\n"
           "        fi\n"
           "        return\n"
           "    fi\n"
           "    case $cmd in\n"
           "    help)\n"
           "        COMPREPLY=($(compgen -W '");
    for (i = 0; i < cli_command_count; i++)
        if (!cli_commands[i]->hidden)
            printf("%s ", cli_commands[i]->name);
    printf("' -- \"$cur\"))\n"
           "        return ;;\n");
    for (i = 0; i < cli_command_count; i++) {
        const cli_command *cmd = cli_commands[i];
        if (cmd->hidden)
            continue;
        printf("    %s)\n        case $prev in\n", cmd->name);
        each_option(cmd, bash_values, NULL);
        printf("        esac\n");
        if (cmd == &cli_completion_command)
            printf("        [[ $cur != -* ]] && COMPREPLY=($(compgen -W "
                   "'bash zsh fish' -- \"$cur\")) && return\n");
        printf("        if [[ $cur == -* ]]; then\n"
               "            COMPREPLY=($(compgen -W '");
        each_option(cmd, bash_words, NULL);
        printf("' -- \"$cur\"))\n"
               "        else\n"
               "            COMPREPLY=($(compgen -f -- \"$cur\"))\n"
               "        fi ;;\n");
    }
    printf("    esac\n"
           "}\n"
           "complete -F _yijia yijia\n");
}

/* ---- zsh --------------------------------------------------------------------- */

static void zsh_spec(const cli_command *cmd, const cli_option *o, void *p)
{
    char values[2048];
    const char *arg = o->arg;
    int pass;

    (void)cmd;
    (void)p;
    for (pass = 0; pass < 2; pass++) {
        if (pass == 0 && is_short_only(o))
            continue;
        if (pass == 1 && o->letter == 0)
            break;
        if (pass == 0)
            printf("        '--%s%s[", o->name, arg ? "=" : "");
        else
            printf("        '-%c[", o->letter);
        put_plain(_(o->help), "[]:");
        putchar(']');
        if (arg != NULL) {
            printf(":%s:", arg);
            cli_option_values(values, sizeof values, o);
            if (takes_path(o))
                printf("_files%s", strcmp(o->values, "@dir") == 0
                                        ? " -/" : "");
            else if (values[0] != '\0')
                printf("(%s)", values);
            else
                putchar(' ');
        }
        printf("' \\\n");
    }
}

static void zsh(void)
{
    size_t i;

    printf("#compdef yijia\n"
           "# zsh completion for yijia (made by `yijia completion zsh`)\n"
           "_yijia() {\n"
           "    local -a commands\n"
           "    local cmd i=2\n"
           "    commands=(\n");
    for (i = 0; i < cli_command_count; i++) {
        if (cli_commands[i]->hidden)
            continue;
        printf("        '%s:", cli_commands[i]->name);
        put_plain(_(cli_commands[i]->summary), ":");
        printf("'\n");
    }
    printf("        'help:");
    put_plain(_("explain a command"), ":");
    printf("'\n"
           "    )\n"
           "    while [[ ${words[i]} == --db ]]; do ((i += 2)); done\n"
           "    if ((CURRENT <= i)); then\n"
           "        if [[ ${words[CURRENT]} == -* ]]; then\n"
           "            compadd -- --db --help --version\n"
           "        else\n"
           "            _describe -t commands command commands\n"
           "        fi\n"
           "        return\n"
           "    fi\n"
           "    cmd=${words[i]}\n"
           "    shift $((i - 1)) words\n"
           "    ((CURRENT -= i - 1))\n"
           "    case $cmd in\n"
           "    help) _describe -t commands command commands ;;\n");
    for (i = 0; i < cli_command_count; i++) {
        const cli_command *cmd = cli_commands[i];
        if (cmd->hidden)
            continue;
        printf("    %s)\n        _arguments -s \\\n", cmd->name);
        each_option(cmd, zsh_spec, NULL);
        if (cmd == &cli_completion_command)
            printf("        '1:shell:(bash zsh fish)'\n");
        else
            printf("        '*:argument:_files'\n");
        printf("        ;;\n");
    }
    printf("    esac\n"
           "}\n"
           "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
           "    _yijia \"$@\"\n"
           "else\n"
           "    compdef _yijia yijia\n"
           "fi\n");
}

/* ---- fish -------------------------------------------------------------------- */

static void fish_option(const cli_command *cmd, const cli_option *o,
                        void *p)
{
    char values[2048];

    (void)p;
    printf("complete -c yijia -n '__fish_seen_subcommand_from %s'",
           cmd->name);
    if (!is_short_only(o))
        printf(" -l %s", o->name);
    if (o->letter != 0)
        printf(" -s %c", o->letter);
    if (o->arg != NULL) {
        cli_option_values(values, sizeof values, o);
        if (takes_path(o))
            printf(" -r -F");
        else if (values[0] != '\0')
            printf(" -x -a '%s'", values);
        else
            printf(" -x");
    }
    printf(" -d '");
    put_plain(_(o->help), "");
    printf("'\n");
}

static void fish(void)
{
    size_t i;

    printf("# fish completion for yijia (made by `yijia completion fish`)\n"
           "complete -c yijia -f\n"
           "complete -c yijia -n __fish_use_subcommand -l db -r -F -d '");
    put_plain(_("the station database"), "");
    printf("'\n"
           "complete -c yijia -n __fish_use_subcommand -l version -d '");
    put_plain(_("print the version"), "");
    printf("'\n");
    for (i = 0; i < cli_command_count; i++) {
        const cli_command *cmd = cli_commands[i];
        if (cmd->hidden)
            continue;
        printf("complete -c yijia -n __fish_use_subcommand -a %s -d '",
               cmd->name);
        put_plain(_(cmd->summary), "");
        printf("'\n");
    }
    printf("complete -c yijia -n __fish_use_subcommand -a help -d '");
    put_plain(_("explain a command"), "");
    printf("'\ncomplete -c yijia -n '__fish_seen_subcommand_from help' -a '");
    for (i = 0; i < cli_command_count; i++)
        if (!cli_commands[i]->hidden)
            printf("%s ", cli_commands[i]->name);
    printf("'\ncomplete -c yijia -n '__fish_seen_subcommand_from "
           "completion' -a 'bash zsh fish'\n");
    for (i = 0; i < cli_command_count; i++)
        if (!cli_commands[i]->hidden)
            each_option(cli_commands[i], fish_option, NULL);
}

/* `yijia completion options` (for the tests): each command and the
 * options its table gives getopt, one line a command. */
static void list_word(const cli_command *cmd, const cli_option *o, void *p)
{
    (void)cmd;
    (void)p;
    if (is_short_only(o))
        printf(" -%c", o->letter);
    else
        printf(" --%s", o->name);
}

static void list_options(void)
{
    size_t i;

    for (i = 0; i < cli_command_count; i++) {
        if (cli_commands[i]->hidden)
            continue;
        printf("%s", cli_commands[i]->name);
        each_option(cli_commands[i], list_word, NULL);
        putchar('\n');
    }
}

static int run(const cli_globals *g, int argc, char **argv)
{
    cli_parser p;
    int c;

    (void)g;
    cli_parser_init(&p, &cli_completion_command, NULL, argc, argv);
    while ((c = cli_getopt(&p)) > 0)
        ;
    if (c < 0)
        return p.status;
    if (optind != argc - 1)
        return cli_usage_error("completion", "name one shell: bash, zsh or "
                               "fish");
    if (strcmp(argv[optind], "bash") == 0)
        bash();
    else if (strcmp(argv[optind], "zsh") == 0)
        zsh();
    else if (strcmp(argv[optind], "fish") == 0)
        fish();
    else if (strcmp(argv[optind], "options") == 0)
        list_options();
    else
        return cli_usage_error("completion", "'%s' is not bash, zsh or fish",
                               argv[optind]);
    return EXIT_OK;
}

const cli_command cli_completion_command = {
    .name = "completion",
    .run = run,
    .summary = N_("print a shell completion script (bash, zsh, fish)"),
    .synopsis = "completion bash|zsh|fish",
    .description = N_("Print the script that lets the shell complete yijia's "
                      "commands, options and their fixed values.  For bash, "
                      "for this session: source <(yijia completion bash)."),
    .groups = groups,
};

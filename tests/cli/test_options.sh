# test_options.sh — the option tables: every option of every command is in
# its --help, its man page (English and Chinese) and the bash, zsh and fish
# completions; the scripts parse and bash's completes; values are checked
# at parse time; "did you mean" for commands and options.
source "$(dirname "$0")/lib.sh" "$@"

MAN=$(dirname "$YIJIA")/man
[ -d "$MAN/man1" ] || fail "no man pages in $MAN/man1 (the build writes them)"

# The options each command's table gives getopt.
run 0 "$YIJIA" completion options
cp out.txt options.txt
[ "$(wc -l < options.txt)" -ge 20 ] || fail "too few commands listed"
contains options.txt "nearest "
for shell in bash zsh fish; do
    run 0 "$YIJIA" completion "$shell"
    cp out.txt "completion.$shell"
done

while read -r cmd opts; do
    "$YIJIA" help "$cmd" > "help-$cmd.txt" || fail "yijia help $cmd failed"
    "$YIJIA" "$cmd" --help > "help2-$cmd.txt" || true
    cmp -s "help-$cmd.txt" "help2-$cmd.txt" ||
        fail "help $cmd differs from $cmd --help"
    for page in "$MAN/man1/yijia-$cmd.1" "$MAN/zh_CN/man1/yijia-$cmd.1"; do
        [ -s "$page" ] || { fail "$page missing"; continue; }
    done
    for opt in $opts; do
        grep -qE -- "(^|[ ,])$opt( |,|\$)" "help-$cmd.txt" ||
            fail "$cmd --help lacks $opt"
        roff=${opt//-/\\-}   # the pages write - as \-
        for page in "$MAN/man1/yijia-$cmd.1" "$MAN/zh_CN/man1/yijia-$cmd.1"; do
            grep -qF -- "$roff" "$page" ||
                fail "$(basename "$(dirname "$(dirname "$page")")")/$(basename "$page") lacks $opt"
        done
        # bash: in the words of the command's case
        sed -n "/^    $cmd)\$/,/;;\$/p" completion.bash | grep -qF -- " $opt" ||
            sed -n "/^    $cmd)\$/,/fi ;;\$/p" completion.bash | grep -qF -- " $opt" ||
            fail "bash completion of $cmd lacks $opt"
        # zsh: an _arguments spec '--opt[...' or '--opt=[...' under the command
        sed -n "/^    $cmd)\$/,/;;\$/p" completion.zsh |
            grep -qE -- "'$opt=?\\[" || fail "zsh completion of $cmd lacks $opt"
        # fish: -l NAME or -s LETTER under the command
        case $opt in
        --*) want="-l ${opt#--}" ;;
        *) want="-s ${opt#-}" ;;
        esac
        grep -F -- "__fish_seen_subcommand_from $cmd'" completion.fish |
            grep -qE -- "$want( |\$)" || fail "fish completion of $cmd lacks $opt"
    done
done < options.txt

# the man pages render without a warning (groff reads them as they are:
# other than ASCII is written \[uXXXX])
if command -v groff > /dev/null; then
    for page in "$MAN"/man1/*.1 "$MAN"/zh_CN/man1/*.1; do
        groff -Tutf8 -man -ww -z "$page" 2> groff.txt ||
            fail "groff failed on $page"
        [ ! -s groff.txt ] || { fail "groff warns on $page"; head -3 groff.txt >&2; }
    done
fi
[ -s "$MAN/man1/yijia.1" ] || fail "no yijia.1"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT \
        "SEE ALSO"; do
    contains "$MAN/man1/yijia.1" ".SH $section"
done
contains "$MAN/man1/yijia-nearest.1" ".SH EXIT STATUS"
contains "$MAN/man1/yijia-nearest.1" ".BR yijia (1)"
# the Chinese pages are Chinese: 选项 (OPTIONS) as \[u9009]...
contains "$MAN/zh_CN/man1/yijia-nearest.1" '.SH \[u9009]'

# the scripts parse
bash -n completion.bash || fail "bash -n rejects the bash completion"
if command -v zsh > /dev/null; then
    zsh -n completion.zsh || fail "zsh -n rejects the zsh completion"
else
    echo "(no zsh: its script is not parsed)"
fi
if command -v fish > /dev/null; then
    fish -n completion.fish || fail "fish -n rejects the fish completion"
    # and completes
    fish -c "source completion.fish; complete -C 'yijia nea'" > fish.txt 2>&1
    contains fish.txt "nearest"
    fish -c "source completion.fish; complete -C 'yijia list --color '" \
        > fish.txt 2>&1
    contains fish.txt "always"
else
    echo "(no fish: its script is not parsed)"
fi

# bash completes commands, options and fixed values
complete_bash() {  # complete_bash WORD... : the words, the last one being typed
    bash -c 'source completion.bash
             COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _yijia
             printf "%s\n" "${COMPREPLY[@]}"' yijia-test yijia "$@"
}
complete_bash nea > words.txt
[ "$(cat words.txt)" = nearest ] || fail "yijia nea<TAB>: $(cat words.txt)"
complete_bash nearest --op > words.txt
for w in --open-now --open-at --open-on-arrival; do
    grep -qx -- "$w" words.txt || fail "yijia nearest --op<TAB> lacks $w"
done
[ "$(wc -l < words.txt)" = 3 ] || fail "yijia nearest --op<TAB>: $(cat words.txt)"
complete_bash list --color "" > words.txt
[ "$(sort words.txt | tr '\n' ' ')" = "always auto never " ] ||
    fail "list --color <TAB>: $(cat words.txt)"
complete_bash export --labels "" > words.txt
grep -qx zh words.txt || fail "export --labels <TAB> lacks zh"
complete_bash nearest --crs g > words.txt
[ "$(cat words.txt)" = gcj02 ] || fail "nearest --crs g<TAB>: $(cat words.txt)"
complete_bash list --category comm > words.txt
grep -qx community words.txt || fail "list --category comm<TAB> lacks community"
complete_bash nearest --amenity toi > words.txt
grep -qx toilet words.txt || fail "nearest --amenity toi<TAB> lacks toilet"
complete_bash --db x.sqlite li > words.txt
[ "$(cat words.txt)" = list ] || fail "yijia --db x li<TAB>: $(cat words.txt)"
complete_bash completion "" > words.txt
grep -qx zsh words.txt || fail "completion <TAB> lacks zsh"

# --help names the options the tables added (they had drifted)
for cmd in nearest list export; do
    run 0 "$YIJIA" "$cmd" --help
    for opt in --open-now --open-at --open-on-arrival --speed; do
        contains out.txt "$opt"
    done
done
run 0 "$YIJIA" export --help
contains out.txt "--labels"
run 0 "$YIJIA" import --help
contains out.txt "--yes"

# values are checked when parsed, naming the option
run 2 "$YIJIA" nearest --speed -5 --open-on-arrival 120.29,30.17
contains err.txt "--speed: '-5' is not a speed (walk, ride or km/h from 1 to 200)"
lacks err.txt "unexpected argument"
run 2 "$YIJIA" nearest --speed=fast --open-on-arrival 120.29,30.17
contains err.txt "--speed: 'fast' is not a speed"
run 2 "$YIJIA" list --color sometimes
contains err.txt "--color: 'sometimes' is not auto, always or never"
run 2 "$YIJIA" export --labels english
contains err.txt "--labels: 'english' is not zh"
run 2 "$YIJIA" nearest -k 0 120.29,30.17
contains err.txt "-k: "
run 2 "$YIJIA" list --within far
contains err.txt "--within: "
run 2 "$YIJIA" nearest --crs utm 120.29,30.17
contains err.txt "--crs: 'utm' is not wgs84, gcj02 or bd09"
run 2 "$YIJIA" list --open-at tomorrow
contains err.txt "--open-at: 'tomorrow' is not a time"
run 2 "$YIJIA" list --format
contains err.txt "option '--format' needs a value"
run 2 "$YIJIA" list --latlon=yes
contains err.txt "option '--latlon' takes no value"
# a negative coordinate after an option taking a value is that value
run 2 "$YIJIA" nearest --within -5 120.29,30.17
contains err.txt "--within: "
lacks err.txt "more than one origin"

# staff: one table, each subcommand its own options
run 2 "$YIJIA" staff add 张三 --format json
contains err.txt "add: --format is an option of another subcommand"
run 2 "$YIJIA" staff --invert add 张三
contains err.txt "--invert comes after add, list or revoke"

# did you mean
run 2 "$YIJIA" nearst
contains err.txt "no command 'nearst'; did you mean 'nearest'?"
run 2 "$YIJIA" help nearst
contains err.txt "no command 'nearst'; did you mean 'nearest'?"
run 2 "$YIJIA" lsit
contains err.txt "no command 'lsit'; did you mean 'list'?"
run 2 "$YIJIA" nearest --amenty toilet 120.29,30.17
contains err.txt "unknown option '--amenty'; did you mean '--amenity'?"
run 2 "$YIJIA" list --townshp=城厢
contains err.txt "unknown option '--townshp'; did you mean '--township'?"
# a difference in case alone is a slip too
run 2 "$YIJIA" list --Format csv
contains err.txt "unknown option '--Format'; did you mean '--format'?"
run 2 "$YIJIA" LIST
contains err.txt "no command 'LIST'; did you mean 'list'?"
# one letter is no slip of a one-letter or Chinese name
run 2 "$YIJIA" list --category a
contains err.txt "unknown category 'a'"
lacks err.txt "did you mean"
run 2 "$YIJIA" list --category hang
lacks err.txt "did you mean"
run 2 "$YIJIA" frobnicate
contains err.txt "no command 'frobnicate'"
lacks err.txt "did you mean"
run 2 "$YIJIA" list --frobnicate
lacks err.txt "did you mean"
run 2 "$YIJIA" nearest -x 120.29,30.17
contains err.txt "unknown option '-x'"

# help in Chinese: headings and help lines translated, options kept
LANGUAGE=zh_CN "$YIJIA" nearest --help > zh.txt
contains zh.txt "用法："
contains zh.txt "--open-on-arrival"
contains zh.txt "--speed"
lacks zh.txt "Opening hours"
lacks zh.txt "this help"
finish

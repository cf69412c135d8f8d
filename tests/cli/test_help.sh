# test_help.sh — help, version and usage errors of the tool.
source "$(dirname "$0")/lib.sh" "$@"

run 0 "$YIJIA" --version
# the version of project() in CMakeLists.txt, the one place it is written
version=$(sed -n 's/^project(yijia VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$version" ] || fail "no version in CMakeLists.txt"
contains out.txt "yijia $version"

run 0 "$YIJIA" --help
for cmd in build convert list nearest show townships help; do
    contains out.txt "  $cmd "
done
contains out.txt "Exit codes"

# 'yijia help X' and 'yijia X --help' print the same text, on stdout.
for cmd in build convert list nearest show townships staff; do
    run 0 "$YIJIA" help "$cmd"
    cp out.txt help1.txt
    run 0 "$YIJIA" "$cmd" --help
    cmp -s out.txt help1.txt || fail "help $cmd differs from $cmd --help"
    contains out.txt "usage: yijia"
done

# Usage errors exit 2 with a message on stderr and nothing on stdout.
run 2 "$YIJIA"
run 2 "$YIJIA" lst
contains err.txt "yijia: error: no command 'lst'"
run 2 "$YIJIA" --frobnicate list
contains err.txt "unknown option"
run 2 "$YIJIA" help nosuch
run 2 "$YIJIA" list --format xml
contains err.txt "--format: 'xml' is not"
[ ! -s out.txt ] || fail "usage error wrote to stdout"
run 2 "$YIJIA" show
contains err.txt "missing station ID"
run 2 "$YIJIA" list extra
contains err.txt "unexpected argument 'extra'"
run 2 "$YIJIA" --db "" list

# A missing database is a runtime error that says how to make one.
run 1 "$YIJIA" --db "$WORK/none.sqlite" list
contains err.txt "none.sqlite"
contains err.txt "No such file"
finish

# lib.sh — shared by the end-to-end cases: the tool under test, a scratch
# directory, and assertions that print what was expected and what came.
# usage (from a case): source lib.sh "$@"  with  YIJIA SRC WORK
set -euo pipefail
YIJIA=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
# English messages (the Chinese ones are tested by test_zh.sh)
export LC_ALL=C.UTF-8
unset LANGUAGE
unset YIJIA_DB YIJIA_DATA
# pipes get the wide table and no colour, whatever the caller's terminal
# (test_fit.sh sets them where it means to)
unset COLUMNS NO_COLOR
# Failures are recorded in a file, so ones inside pipelines (subshells)
# count too.
FAILED_MARK=$WORK/.failed

fail() {
    echo "FAIL: $*" >&2
    echo "$*" >> "$FAILED_MARK"
}

# run EXPECTED_STATUS CMD...: run, keeping stdout in out.txt and stderr in
# err.txt, and check the exit status.
run() {
    local want=$1 got=0
    shift
    "$@" >out.txt 2>err.txt || got=$?
    if [ "$got" != "$want" ]; then
        fail "'$*' exited $got, expected $want"
        sed 's/^/  stderr: /' err.txt >&2
    fi
}

# contains FILE TEXT: FILE holds TEXT (fixed string).
contains() {
    grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'"; sed 's/^/  | /' "$1" | head -20 >&2; }
}

lacks() {
    ! grep -qF -- "$2" "$1" || fail "$1 unexpectedly holds '$2'"
}

finish() {
    if [ -e "$FAILED_MARK" ]; then
        echo "$(basename "$0"): FAILED" >&2
        exit 1
    fi
    echo "$(basename "$0"): ok"
}

# A database built from the shipped data, in the scratch directory.
build_db() {
    "$YIJIA" --db "$WORK/stations.sqlite" build --data "$SRC/data" --quiet
}

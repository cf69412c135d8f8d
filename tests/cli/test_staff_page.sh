# test_staff_page.sh — the phone page's staff mode (issue 21) in a real
# browser against the real server: `yijia serve --staff` on a scratch copy
# of the database (127.0.0.1, an ephemeral port, stopped by its id), a
# credential from `yijia staff add NAME --base-url ...` (the enrolment link
# it prints), then tests/browser/staff_test.js walks a staff member through
# checking three stations (one of them offline) and a refusal, and reads
# the results back through the CLI and a worker's page.  Screenshots stay
# in this case's scratch directory as artifacts.
source "$(dirname "$0")/lib.sh" "$@"
if [ ! -x /usr/bin/chromium ] || [ ! -d "$SRC/tests/browser/node_modules/playwright-core" ] ||
    [ ! -d "$SRC/tests/browser/node_modules/axe-core" ] || ! command -v node >/dev/null; then
    echo "chromium, playwright-core or axe-core is not installed (tools/setup installs them): skipped"
    exit 77
fi
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
NAME=王核查

PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
# wait_for TEST...: poll (a guard of 3 minutes for slow sanitizer builds)
wait_for() {
    local i
    for i in $(seq 1 3600); do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}

: > serve.err
"${Y[@]}" serve --staff --listen 127.0.0.1:0 2> serve.err &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
PORT=
server_port() {
    PORT=$(sed -n 's|^yijia: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' serve.err)
    [ -n "$PORT" ] || { kill -0 "$SERVER_PID" 2>/dev/null && return 1; return 0; }
}
wait_for server_port || true
if [ -z "$PORT" ]; then
    sed 's/^/  | /' serve.err >&2
    fail "yijia serve --staff did not start"
    finish
fi
BASE=http://127.0.0.1:$PORT

run 0 "${Y[@]}" staff add "$NAME" --base-url "$BASE"
LINK=$(grep -o "$BASE/#staff=[A-Za-z0-9_.-]*" out.txt | head -1)
[ -n "$LINK" ] || { sed 's/^/  | /' out.txt >&2; fail "staff add printed no enrolment link"; finish; }

node "$SRC/tests/browser/staff_test.js" "$YIJIA" "$DB" "$BASE/" "$LINK" "$NAME" "$WORK" > staff.out 2>&1 ||
    fail "the staff mode (staff.out)"
cat staff.out
contains staff.out "staff_test: ok"
for s in signed-in sheet offline-queue refused worker revoked; do
    [ -s "staff-$s-360x780.png" ] || fail "screenshot staff-$s-360x780.png"
done

# the server's audit lines: one per applied change, never the token
grep -c 'yijia: audit: ' serve.err > audits.txt || true
[ "$(cat audits.txt)" = 3 ] || { sed 's/^/  | /' serve.err >&2; fail "3 audit lines, got $(cat audits.txt)"; }
lacks serve.err "${LINK#*#staff=}"
kill -TERM "$SERVER_PID"
st=0
wait "$SERVER_PID" || st=$?
[ "$st" = 0 ] || fail "yijia serve exited $st after SIGTERM"
finish

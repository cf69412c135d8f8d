# test_concurrency.sh — changes are safe with others reading and writing,
# and against a crash: during an import a reader sees all of it or none of
# it; a second writer waits, then fails with a clear message; `kill -9`
# in the middle of an import leaves the previous state intact, and the
# next writer carries on.  The 40,000-row sheet is synthetic test data.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
N=40000
awk -v n=$N 'BEGIN { print "名称,地址,镇街,经度,纬度,备注";
    for (i = 0; i < n; i++)
        printf "合成测试站%d,合成测试路%d号,城厢街道,%.6f,%.6f,测试：合成数据\n",
            i, i, 120.2 + (i % 300) * 0.0003, 30.0 + int(i / 300) * 0.0003 }' > big.csv

in_service() { "${Y[@]}" list --format csv | grep -c '^XS' || true; }
dump() { sqlite3 "$DB" "SELECT * FROM stations ORDER BY id; SELECT count(*) FROM changes"; }

# Wait until the import in the background ($1) holds the write lock (a
# probe cannot take it).  Fails when the import ends first.
alive() { [ -e "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status"; }
wait_writing() {
    local i locked=0
    for i in $(seq 1 3000); do
        alive "$1" || break
        # three refusals in a row: the import's transaction, not a moment
        # of its start-up (opening)
        if sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK" >/dev/null 2>&1; then
            locked=0
        else
            locked=$((locked + 1))
            [ $locked -ge 3 ] && return 0
        fi
        sleep 0.02
    done
    fail "the import ended before the test could see it writing: $(cat import1.out 2>/dev/null)"
    return 1
}

# ---- kill -9 in the middle: nothing of it is left ---------------------------
"${Y[@]}" edit XS003 --set phone=0571-82345678 >/dev/null 2>&1
dump > before.txt
"${Y[@]}" import --quiet big.csv >import1.out 2>&1 &
pid=$!
if wait_writing $pid; then
    # a reader sees the state before the import, not part of it
    [ "$(in_service)" = 44 ] || fail "a reader saw part of the import"
    # a second writer waits, then gives up clearly, changing nothing
    export YIJIA_WAIT=0.3
    run 1 "${Y[@]}" edit XS001 --set phone=0571-11112222
    unset YIJIA_WAIT
    contains err.txt "another process is changing the database (waited 0.3 s)"
    alive $pid || fail "the import ended before it could be killed"
    kill -9 $pid
fi
wait $pid 2>/dev/null || true
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity after kill -9"
dump > after.txt
cmp -s before.txt after.txt || fail "kill -9 left part of the import behind"
[ "$(in_service)" = 44 ] || fail "stations after kill -9: $(in_service)"
run 0 "${Y[@]}" history
lacks out.txt "big.csv"

# ---- the next writer carries on; readers see all or nothing ----------------
run 0 "${Y[@]}" edit XS001 --set phone=0571-11112222
"${Y[@]}" import --quiet big.csv >import2.out 2>&1 &
pid=$!
: > counts.txt
while kill -0 $pid 2>/dev/null; do
    in_service >> counts.txt
done
wait $pid || fail "the import failed: $(cat import2.out)"
in_service >> counts.txt
sort -u counts.txt > seen.txt
grep -vxE "44|$((N + 44))" seen.txt && fail "a reader saw a partial import: $(tr '\n' ' ' < seen.txt)"
[ "$(tail -1 counts.txt)" = $((N + 44)) ] || fail "after the import: $(tail -1 counts.txt)"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = delete ] || fail "not in rollback-journal mode (README: the journal mode)"
run 0 "${Y[@]}" nearest 120.2,30.0 -k 1 --format csv
contains out.txt "合成测试站0,"
# and the whole import is one change, undone in one step
run 0 "${Y[@]}" undo
[ "$(in_service)" = 44 ] || fail "undo of the big import"
run 0 "${Y[@]}" nearest 120.2,30.0 -k 1 --format csv
lacks out.txt "合成测试站"
finish

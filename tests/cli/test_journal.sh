# test_journal.sh — the journal-mode policy (README "The journal mode"):
# the file keeps SQLite's rollback journal, never WAL, so a rebuild never
# meets a stale write-ahead log and readers without write access to the
# directory can always read; concurrent writers wait instead of failing;
# a refused or trial change leaves the file byte for byte as it was; a
# change interrupted mid-commit is undone by the next process that may
# write, and explained to one that may not.  Issue 19, defects 1, 3, 6,
# 16 and 17.  The 6,000-row sheet is synthetic test data.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
sound() { [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "$1 is corrupt: $2"; }
mode() { sqlite3 "$1" 'PRAGMA journal_mode'; }
# ready NAME: wait until NAME exists (a guard of 3 minutes, not a timing)
ready() {
    local i
    for i in $(seq 1 3600); do [ -e "$1" ] && return 0; sleep 0.05; done
    fail "$1 never appeared"
}
# hold FILE NAME: a reader (another program, sqlite3) opens FILE, reads it,
# and keeps it open until `release NAME`; hold returns once it has read.
hold() {
    touch "$2.stay"
    rm -f "$2.ready"
    { printf 'SELECT count(*) FROM stations;\n.shell touch %s.ready\n' "$2"
      while [ -e "$2.stay" ]; do sleep 0.05; done; } | sqlite3 "$1" >/dev/null &
    HOLDER=$!
    ready "$2.ready"
}
release() { rm -f "$1.stay"; wait "$HOLDER"; }
trap 'rm -f "$WORK"/*.stay' EXIT   # no reader outlives a failed test

# a smaller data directory: the first four stations
mkdir small
cp "$SRC"/data/*.csv small/
head -5 "$SRC/data/stations.csv" > small/stations.csv

# ---- defect 1: a rebuild while another program holds the file open ----------
run 0 "${Y[@]}" edit XS027 --set notes=a
[ "$(mode "$DB")" = delete ] || fail "an edit left journal mode $(mode "$DB")"
hold "$DB" reader
for i in 1 2 3 4 5; do run 0 "${Y[@]}" edit XS027 --set notes=b$i; done
[ ! -e "$DB-wal" ] || fail "an edit left $DB-wal"
run 0 "${Y[@]}" build --data "$WORK/small" --quiet
sound "$DB" "rebuilt while a reader held it"
run 0 "${Y[@]}" list --format csv
[ "$(grep -c '^XS' out.txt)" = 4 ] || fail "the rebuild from 4 stations lists $(grep -c '^XS' out.txt)"
run 0 "${Y[@]}" build --quiet
run 0 "${Y[@]}" show XS027
lacks out.txt "b5"
release reader
sound "$DB" "after the reader left"
run 0 "${Y[@]}" nearest 120.29,30.17 -k 1

# a file another program switched to WAL and holds open: refused, unchanged
sqlite3 "$DB" 'PRAGMA journal_mode = WAL' >/dev/null
hold "$DB" walreader
cp "$DB" before.sqlite
run 1 "${Y[@]}" build --data "$WORK/small" --quiet
contains err.txt "is open in another program in WAL mode"
contains err.txt "nothing was changed"
release walreader
cmp -s "$DB" before.sqlite || fail "a refused build changed the file"
# once it is closed, the build goes ahead and leaves WAL mode
run 0 "${Y[@]}" build --data "$WORK/small" --quiet
[ "$(mode "$DB")" = delete ] || fail "the build left journal mode $(mode "$DB")"
[ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ] || fail "the build left -wal/-shm"
sound "$DB" "after leaving WAL"

# a write-ahead log without its database is not replayed onto a new one
"$YIJIA" --db w.sqlite build --quiet
sqlite3 w.sqlite 'PRAGMA journal_mode = WAL' >/dev/null
hold w.sqlite logreader
run 0 "$YIJIA" --db w.sqlite edit XS001 --set notes=logged   # stays in the log
cp w.sqlite-wal orphan.sqlite-wal
release logreader
run 0 "$YIJIA" --db orphan.sqlite build --quiet
sound orphan.sqlite "built beside an orphan -wal"
[ ! -e orphan.sqlite-wal ] || fail "the orphan -wal is still there"
run 0 "$YIJIA" --db orphan.sqlite show XS001
lacks out.txt "logged"

# an editor (still WAL: another reader) switches the file back when alone
run 0 "$YIJIA" --db w.sqlite edit XS002 --set notes=alone
[ "$(mode w.sqlite)" = delete ] || fail "an edit left w.sqlite in $(mode w.sqlite) mode"

# ---- defect 3: a reader without write access to the directory ---------------
mkdir shared
"$YIJIA" --db shared/s.sqlite build --quiet
run 0 "$YIJIA" --db shared/s.sqlite edit XS027 --set notes=x
ls shared > files.txt
[ "$(cat files.txt)" = s.sqlite ] || fail "an edit left files beside the database: $(tr '\n' ' ' < files.txt)"
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null &&
    runuser -u nobody -- true 2>/dev/null; then
    chmod 755 "$WORK" shared
    chmod 644 shared/s.sqlite
    if runuser -u nobody -- test -r "$WORK/shared/s.sqlite" 2>/dev/null; then
        run 0 runuser -u nobody -- "$YIJIA" --db "$WORK/shared/s.sqlite" nearest 120.29,30.17 -k 1 --format csv
        contains out.txt "XS027"
        # a change killed in the middle of its commit (a hot journal):
        # explained to the reader who cannot undo it, undone by one who can
        sh -c 'sqlite3 shared/s.sqlite "PRAGMA cache_size = 1; BEGIN;
            UPDATE stations SET notes = hex(randomblob(2000));" \
            ".shell kill -9 \$PPID"' >/dev/null 2>&1 || true
        if [ -s shared/s.sqlite-journal ]; then
            run 1 runuser -u nobody -- "$YIJIA" --db "$WORK/shared/s.sqlite" list
            contains err.txt "a change to it was interrupted"
            contains err.txt "upgrade"
            run 0 "$YIJIA" --db shared/s.sqlite list
            sound shared/s.sqlite "after the interrupted change"
            [ "$(sqlite3 shared/s.sqlite 'SELECT count(*) FROM stations WHERE length(notes) > 1000')" = 0 ] ||
                fail "the interrupted change was not undone"
            run 0 runuser -u nobody -- "$YIJIA" --db "$WORK/shared/s.sqlite" list
        else
            fail "could not make an interrupted change"
        fi
    else
        echo "note: the scratch directory is not readable for nobody; part skipped"
    fi
else
    echo "note: not root (or no runuser): the reader without write access is not tried"
fi

# ---- defect 6: writers racing wait for each other ------------------------------
export YIJIA_WAIT=120
"$YIJIA" --db race.sqlite build --quiet
# a writer holding the file whole while an edit starts: the edit waits
rm -f writer.ready
{ printf 'BEGIN EXCLUSIVE; SELECT count(*) FROM stations;\n.shell touch writer.ready\n'
  sleep 2; echo 'COMMIT;'; } | sqlite3 race.sqlite >/dev/null &
holder=$!
ready writer.ready
run 0 "$YIJIA" --db race.sqlite edit XS001 --set notes=waited
lacks err.txt "not a yijia database"
wait $holder
: > race.err
for i in $(seq 10 39); do
    "$YIJIA" --db race.sqlite edit XS0$i --set notes=race$i >/dev/null 2>>race.err &
    "$YIJIA" --db race.sqlite undo >/dev/null 2>>race.err &
done
wait
unset YIJIA_WAIT
if grep -v -e 'recorded as change' -e 'undid\|took back\|nothing to undo\|undo' race.err | grep . > race.bad; then
    fail "racing writers failed: $(head -3 race.bad)"
fi
grep -q 'not a yijia database' race.err && fail "a racing writer saw 'not a yijia database'"
[ "$(sqlite3 race.sqlite "SELECT count(*) FROM changes WHERE command LIKE '%edit%'")" = 31 ] ||
    fail "of 31 edits, $(sqlite3 race.sqlite "SELECT count(*) FROM changes WHERE command LIKE '%edit%'") were recorded"
sound race.sqlite "after racing writers"

# ---- defect 16: a dry run leaves the file byte for byte -----------------------
awk 'BEGIN { print "名称,地址,镇街,经度,纬度,备注";
    for (i = 0; i < 6000; i++)
        printf "合成测试站%d,合成测试路%d号,城厢街道,%.6f,%.6f,测试：合成数据%0200d\n",
            i, i, 120.2 + (i % 100) * 0.0003, 30.1 + int(i / 100) * 0.0003, i }' > big.csv
"$YIJIA" --db dry.sqlite build --quiet
# free pages, as deleted rows leave them
sqlite3 dry.sqlite "CREATE TABLE junk AS WITH RECURSIVE n(i) AS (SELECT 1
    UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT randomblob(1000) b
    FROM n; DROP TABLE junk"
[ "$(sqlite3 dry.sqlite 'PRAGMA freelist_count')" -gt 50 ] || fail "no free pages to test with"
cp dry.sqlite dry-before.sqlite
run 0 "$YIJIA" --db dry.sqlite import --dry-run --quiet big.csv
contains err.txt "nothing written"
cmp -s dry.sqlite dry-before.sqlite || fail "import --dry-run changed the file"
[ ! -e dry.sqlite-journal ] || fail "a dry run left a journal"

# ---- defect 17: a file of a newer schema is refused untouched -----------------
"$YIJIA" --db new.sqlite build --quiet
sqlite3 new.sqlite 'PRAGMA user_version = 99'
cp new.sqlite new-before.sqlite
run 1 "$YIJIA" --db new.sqlite edit XS001 --set notes=x
contains err.txt "schema version 99"
run 1 "$YIJIA" --db new.sqlite upgrade
cmp -s new.sqlite new-before.sqlite || fail "a refused edit changed the file"
ls new.sqlite* > files.txt
[ "$(cat files.txt)" = new.sqlite ] || fail "a refused edit left $(tr '\n' ' ' < files.txt)"
finish

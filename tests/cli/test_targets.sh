# test_targets.sh — what yijia writes to and reads from (README "What yijia
# writes to"): regular files only, symbolic links followed, an existing
# file's mode and owner kept, hard links and special files refused with a
# message; temporary files removed when the run is killed by a signal, and
# the ones a killed run left removed by the next; a database that is a
# directory or a FIFO named as such, a full disk named as such.  Issue 19,
# defects 2, 18 and 19.  The 30,000-station data directory is synthetic.
source "$(dirname "$0")/lib.sh" "$@"
build_db
Y=("$YIJIA" --db "$WORK/stations.sqlite")
temps() { find . -maxdepth 2 -name '*.yijia-tmp-*' | sort; }

# ---- -o: special files are refused, and nothing replaces them ---------------
mkfifo fifo
run 2 "${Y[@]}" export --format csv -o fifo
contains err.txt "fifo is a FIFO (named pipe): yijia writes regular files only"
contains err.txt "leave out -o"
[ -p fifo ] || fail "the FIFO was replaced"
if mknod null c 1 3 2>/dev/null; then
    run 2 "${Y[@]}" export --format csv -o null
    contains err.txt "null is a character device"
    [ -c null ] || fail "the device node was replaced"
else
    echo "note: cannot make a device node here; that case is skipped"
fi
# standard output by its /proc name, as /dev/stdout is (a link of the
# scratch directory, so that a regression cannot replace the system's)
ln -s /proc/self/fd/1 stdout-link
"${Y[@]}" export --format csv -o stdout-link > piped.txt 2>err.txt && fail "-o stdout-link was taken"
contains err.txt "stdout-link reaches /proc/self/fd/1"
[ ! -s piped.txt ] || fail "-o stdout-link wrote to stdout"
[ -L stdout-link ] || fail "the link to standard output was replaced"
mkdir adir
run 2 "${Y[@]}" export --format csv -o adir
contains err.txt "adir is a directory"

# ---- -o: a symbolic link is followed; mode and owner are kept -----------------
echo old > real.csv
ln -s real.csv link.csv
run 0 "${Y[@]}" export --format csv -o link.csv
[ -L link.csv ] || fail "the symbolic link was replaced by a file"
contains real.csv "XS001"
mkdir -p sub
ln -s ../real.csv sub/rel.csv
echo old > real.csv
run 0 "${Y[@]}" export --format geojson -o sub/rel.csv
[ -L sub/rel.csv ] || fail "a relative link was replaced"
contains real.csv "FeatureCollection"
echo secret > private.csv
chmod 600 private.csv
run 0 "${Y[@]}" export --format csv -o private.csv
[ "$(stat -c %a private.csv)" = 600 ] || fail "a 0600 export came back $(stat -c %a private.csv)"
if [ "$(id -u)" = 0 ] && chown nobody private.csv 2>/dev/null; then
    run 0 "${Y[@]}" export --format csv -o private.csv
    [ "$(stat -c %U private.csv)" = nobody ] || fail "the owner became $(stat -c %U private.csv)"
fi
echo x > linked.csv
ln linked.csv other-name.csv
run 2 "${Y[@]}" export --format csv -o linked.csv
contains err.txt "has 2 hard links"
[ "$(cat other-name.csv)" = x ] || fail "a hard-linked target was written"

# ---- build: the same rules for the database file ------------------------------
run 2 "$YIJIA" --db fifo build --quiet
contains err.txt "fifo is a FIFO"
[ -p fifo ] || fail "build replaced the FIFO"
run 2 "$YIJIA" --db adir build --quiet
contains err.txt "adir is a directory"
echo "my notes" > notes.txt
run 1 "$YIJIA" --db notes.txt build --quiet
contains err.txt "notes.txt exists and is not an SQLite database"
[ "$(cat notes.txt)" = "my notes" ] || fail "build replaced a text file"
ln -s stations.sqlite db-link.sqlite
run 0 "$YIJIA" --db db-link.sqlite build --quiet
[ -L db-link.sqlite ] || fail "build replaced the link to the database"

# ---- reading: a directory or a FIFO is not a database (and never hangs) -------
run 1 "$YIJIA" --db adir list
contains err.txt "adir is a directory, not a station database"
run 1 timeout 20 "$YIJIA" --db fifo list
contains err.txt "fifo is a FIFO (named pipe), not a station database"
run 1 timeout 20 "$YIJIA" --db fifo edit XS001 --set notes=x
contains err.txt "not a station database"

# ---- temporary files: removed on SIGTERM, and by the next run after kill -9 ---
mkdir big
cp "$SRC"/data/*.csv big/
awk 'BEGIN { FS = OFS = "," } { print } NR == 2 { row = $0 }
     END { for (i = 1000; i < 31000; i++) { $0 = row; $1 = "XS" i;
           $2 = "合成测试站" i; print } }' "$SRC/data/stations.csv" > big/stations.csv
cp stations.sqlite before.sqlite
# interrupt NAME SIGNAL CMD...: start CMD, wait until its temporary file is
# there, send SIGNAL; prints the exit status (or "done" if it ended first)
interrupt() {
    local sig=$1 pid i status=0
    shift
    "$@" >/dev/null 2>&1 &
    pid=$!
    for i in $(seq 1 2000); do
        [ -n "$(temps)" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.01
    done
    if kill -0 $pid 2>/dev/null && [ -n "$(temps)" ]; then
        kill -s "$sig" $pid
        wait $pid || status=$?
        echo $status
    else
        wait $pid || true
        echo done
    fi
}
got=$(interrupt TERM "${Y[@]}" build --data "$WORK/big" --quiet)
if [ "$got" = done ]; then
    echo "note: the build ended before it could be interrupted"
else
    [ "$got" = 143 ] || fail "SIGTERM: build exited $got, expected 143"
    [ -z "$(temps)" ] || fail "SIGTERM left $(temps)"
    cmp -s stations.sqlite before.sqlite || fail "an interrupted build changed the database"
fi
got=$(interrupt KILL "${Y[@]}" build --data "$WORK/big" --quiet)
if [ "$got" = done ]; then
    echo "note: the build ended before it could be killed"
else
    [ -n "$(temps)" ] || fail "kill -9 left no temporary file to test with"
    cmp -s stations.sqlite before.sqlite || fail "a killed build changed the database"
    run 0 "${Y[@]}" build --quiet
    [ -z "$(temps)" ] || fail "the next build left $(temps) of the killed one"
fi
# a temporary file of a live process, or another user's, is not touched
touch "stations.sqlite.yijia-tmp-$$-live01"
run 0 "${Y[@]}" build --quiet
[ -e "stations.sqlite.yijia-tmp-$$-live01" ] || fail "a live process's temporary file was removed"
rm -f "stations.sqlite.yijia-tmp-$$-live01"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    sh -c 'exit 0' & dead=$!
    wait $dead
    touch "out.csv.yijia-tmp-$dead-theirs" "out.csv.yijia-tmp-$dead-mine01"
    chown nobody "out.csv.yijia-tmp-$dead-theirs"
    run 0 "${Y[@]}" export --format csv -o out.csv
    [ -e "out.csv.yijia-tmp-$dead-theirs" ] || fail "another user's temporary file was removed"
    [ ! -e "out.csv.yijia-tmp-$dead-mine01" ] || fail "a dead run's temporary file was kept"
    rm -f out.csv.yijia-tmp-*
fi

# ---- a full disk is named as such ----------------------------------------------
mkdir full
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=256k tmpfs full 2>/dev/null; then
    trap 'umount "$WORK/full" 2>/dev/null || true' EXIT
    run 1 "$YIJIA" --db full/s.sqlite build --quiet
    contains err.txt "full"
    [ -z "$(ls full)" ] || fail "a build on a full disk left $(ls full)"
    umount full
    trap - EXIT
else
    echo "note: cannot mount a small tmpfs here; the full-disk case is skipped"
fi
finish

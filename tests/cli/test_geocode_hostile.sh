# test_geocode_hostile.sh — `yijia geocode` against a hostile geocoder on
# loopback (tools/mock-geocoder/hostile.js; every answer it gives is
# SYNTHETIC): bodies that are huge, endless or a gzip bomb, endless headers,
# JSON nested 100,000 deep, the key echoed in every field (as sent,
# URL-encoded, upper case, \u-escaped, as a member name), labels of 100 and
# 12,000 Chinese characters, numbers of 1e300, points out of range,
# redirects (to another port, a loop, file://), HTML with 200, 403 and 502,
# a body dripping a byte a second, connections closed mid-body.
# Each run must end by the tool's own limits (no test timing), with one
# clear line per station and the documented exit code (0: done, stations
# failed; 1: a fatal answer stopped the run); the database must still open,
# hold exactly the changes reported, valid UTF-8 within the field limits,
# and the key and the secret nowhere: stdout, stderr, the database's bytes
# (file and WAL) or its dump.
source "$(dirname "$0")/lib.sh" "$@"
HOSTILE=$SRC/tools/mock-geocoder/hostile.js
command -v node >/dev/null || { echo "node is not installed: skipped"; exit 77; }
build_db
cp stations.sqlite fresh.sqlite
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
# Characters that URL-encoding changes, and both cases: every form differs.
KEY='k3y-Synthetic+7f/3a9c'
SECRET='s3cret-Synthetic=51e2&x'
export YIJIA_AMAP_KEY=$KEY YIJIA_AMAP_SECRET=$SECRET YIJIA_BAIDU_AK=$KEY \
    YIJIA_BAIDU_SK=$SECRET YIJIA_TIANDITU_TK=$KEY
# The forms a provider could quote them in (one a line).
node -e 'for (const k of process.argv.slice(1)) {
    const q = encodeURIComponent(k);
    for (const f of [k, q, q.replace(/%20/g, "+"), q.toLowerCase()]) console.log(f); }' \
    "$KEY" "$SECRET" | sort -u > secret-forms.txt

# The point every answer gives: 40 m east of 城厢街道's point (XS003 is
# there; XS026, in 义桥镇, is then held for review).
WGS=120.2486,30.1647
GCJ=$("$YIJIA" convert --from wgs84 --to gcj02 --precision 6 $WGS)
BD=$("$YIJIA" convert --from wgs84 --to bd09 --precision 6 $WGS)

start_hostile() {  # start_hostile SCENARIO: HOSTILE_PID, AT (host:port); requests in requests.log
    : > requests.log
    : > other.log
    rm -f port.txt
    node "$HOSTILE" --scenario "$1" --log requests.log --other-log other.log \
        --secret "$SECRET" --point-wgs84 $WGS --point-gcj02 "$GCJ" \
        --point-bd09 "$BD" > port.txt &
    HOSTILE_PID=$!
    for _ in $(seq 1 400); do [ -s port.txt ] && break; sleep 0.05; done
    [ -s port.txt ] || fail "the hostile geocoder did not start"
    AT=127.0.0.1:$(head -1 port.txt)
    local url=http://$AT
    export YIJIA_AMAP_URL=$url YIJIA_BAIDU_URL=$url YIJIA_TIANDITU_URL=$url \
        YIJIA_NOMINATIM_URL=$url
}
stop_hostile() {
    [ -n "${HOSTILE_PID:-}" ] || return 0
    kill "$HOSTILE_PID" 2>/dev/null || true
    wait "$HOSTILE_PID" 2>/dev/null || true
    HOSTILE_PID=
}
trap stop_hostile EXIT

# no_secret_anywhere LABEL: no form of the key or secret, in any case, in
# stdout, stderr, the history, the database file, its WAL or its dump.
no_secret_anywhere() {
    local f form
    sqlite3 "$DB" .dump > dump.sql
    "$YIJIA" --db "$DB" history > hist.txt 2>&1 || fail "$1: history does not open"
    "$YIJIA" --db "$DB" geocode --review > review.txt 2>&1 || fail "$1: --review failed"
    while IFS= read -r form; do
        for f in out.txt err.txt hist.txt review.txt dump.sql "$DB" "$DB-wal"; do
            [ -e "$f" ] || continue
            if [ "$(grep -caiF -- "$form" "$f")" != 0 ]; then
                fail "$1: '$form' (a form of the key or secret) is in $(basename "$f")"
                case $f in
                    *.txt|*.sql) { grep -aiF -- "$form" "$f" | head -3 | cut -c1-300 >&2; } || true ;;
                esac
            fi
        done
    done < secret-forms.txt
}

# db_sane LABEL CHANGES: the database opens, passes SQLite's integrity
# check, holds CHANGES changes, and every text is valid UTF-8 within the
# 4000 bytes a field may hold.
db_sane() {
    local n
    [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "$1: integrity_check"
    n=$(sqlite3 "$DB" 'SELECT count(*) FROM changes')
    [ "$n" = "$2" ] || fail "$1: $n changes in the history, expected $2"
    "$YIJIA" --db "$DB" list --format csv > list.csv 2> list.err ||
        fail "$1: the database does not list: $(cat list.err)"
    sqlite3 "$DB" .dump | iconv -f UTF-8 -t UTF-8 > /dev/null 2>&1 ||
        fail "$1: the database holds invalid UTF-8"
    n=$(sqlite3 "$DB" 'SELECT count(*) FROM stations WHERE length(CAST(coord_source AS BLOB)) > 4000')
    [ "$n" = 0 ] || fail "$1: a coord_source over 4000 bytes"
}

# one_line_each LABEL N: stdout is N lines 'ID<TAB>outcome<TAB>source<TAB>why',
# valid UTF-8; stderr at most two lines (an error, the summary).
one_line_each() {
    local n
    n=$(wc -l < out.txt)
    [ "$n" = "$2" ] || { fail "$1: $n lines on stdout, expected $2"; sed 's/^/  | /' out.txt | cut -c1-300 >&2; }
    n=$(grep -cvP '^XS[0-9]+\t(resolved|review|kept|failed)\t(online|cache)\t[^\t]+$' out.txt || true)
    [ "$n" = 0 ] || { fail "$1: malformed lines on stdout"; sed 's/^/  | /' out.txt | cut -c1-300 >&2; }
    [ "$(wc -l < err.txt)" -le 2 ] || { fail "$1: more than two lines on stderr"; sed 's/^/  | /' err.txt | cut -c1-300 >&2; }
    iconv -f UTF-8 -t UTF-8 out.txt > /dev/null 2>&1 || fail "$1: stdout is not valid UTF-8"
    iconv -f UTF-8 -t UTF-8 err.txt > /dev/null 2>&1 || fail "$1: stderr is not valid UTF-8"
}

stations_of() { sqlite3 "$1" "SELECT * FROM stations ORDER BY id"; }
stations_of fresh.sqlite > fresh-stations.txt
unchanged() {  # the stations as they were
    stations_of "$DB" | cmp -s - fresh-stations.txt || fail "$1: the stations changed"
}

# ---- transport: every run ends by the tool's own limits, the query fails
# cleanly (exit 0, "failed" and why), nothing is written -----------------
# scenario | what the station's line must say
while IFS='|' read -r scenario why; do
    cp fresh.sqlite "$DB"
    start_hostile "$scenario"
    run 0 "${Y[@]}" geocode --ids XS003 --timeout 2 --retries 1
    contains out.txt "XS003	failed	online	${why/@/$AT}"
    contains err.txt "1 stations: 0 resolved, 0 need review, 0 kept (no better answer), 1 failed"
    one_line_each "$scenario" 1
    db_sane "$scenario" 0
    unchanged "$scenario"
    no_secret_anywhere "$scenario"
    stop_hostile
done <<'EOF'
huge|@: the answer is larger than 2 MiB (not read further)
endless|@: the answer is larger than 2 MiB (not read further)
gzip-bomb|@: the answer is larger than 2 MiB (not read further)
huge-headers|@: the answer's headers are larger than 64 KiB (not read further)
deep-array|malformed answer: JSON nested deeper than 64 levels
deep-object|malformed answer: JSON nested deeper than 64 levels
html-200|malformed answer: not JSON: line 1 column 1
html-502|HTTP 502 from @
drip|@: no complete answer within 2 s
close-mid-body|@: the connection broke off
close-chunked|@: the connection broke off
EOF

# ---- fatal answers: the run stops (exit 1) with one clear error line -------
while IFS='|' read -r scenario why; do
    cp fresh.sqlite "$DB"
    start_hostile "$scenario"
    run 1 "${Y[@]}" geocode --ids XS003 --timeout 2 --retries 1
    contains err.txt "yijia: error: amap stopped the run: ${why/@/$AT} (what was done is kept)"
    [ "$(grep -c 'yijia: error:' err.txt)" = 1 ] || fail "$scenario: one error line"
    [ "$(wc -l < requests.log)" = 1 ] || fail "$scenario: $(wc -l < requests.log) requests, expected 1 (not retried, not followed)"
    [ -s other.log ] && fail "$scenario: a redirect was followed (the key went elsewhere)"
    one_line_each "$scenario" 0
    db_sane "$scenario" 0
    unchanged "$scenario"
    no_secret_anywhere "$scenario"
    stop_hostile
done <<'EOF'
redirect-port|HTTP 302 from @: a redirect, not followed (check the endpoint URL)
redirect-loop|HTTP 302 from @: a redirect, not followed (check the endpoint URL)
redirect-scheme|HTTP 302 from @: a redirect, not followed (check the endpoint URL)
html-403|HTTP 403 from @ (check the endpoint URL and the key)
EOF

# ---- numbers: every number is checked finite and in range (no cast of
# 1e300 to an integer: undefined behaviour), a point out of range is a
# malformed answer ---------------------------------------------------------
while IFS='|' read -r scenario provider why; do
    cp fresh.sqlite "$DB"
    start_hostile "$scenario"
    run 0 "${Y[@]}" geocode --provider "$provider" --ids XS003 --retries 0
    contains out.txt "XS003	failed	online	malformed answer: $why"
    one_line_each "$scenario/$provider" 1
    db_sane "$scenario/$provider" 0
    unchanged "$scenario/$provider"
    stop_hostile
done <<'EOF'
bad-code|amap|Amap infocode 1e+300 is not a whole number from 0 to 99999
bad-code|baidu|Baidu status 1e+300 is not a whole number from 0 to 99999
bad-code|tianditu|Tianditu status 1e+300 is not a whole number from 0 to 99999
bad-point|amap|Amap location 1e+300,30.16 is not within ±180,±90
bad-point|baidu|Baidu location 1e+300,91 is not within ±180,±90
bad-point|tianditu|Tianditu location 1e+300,91 is not within ±180,±90
bad-point|nominatim|Nominatim lon,lat 1e+300,91 is not within ±180,±90
bad-confidence|baidu|Baidu confidence 1e+300 is not a number from 0 to 100
bad-confidence|tianditu|Tianditu score 1e+300 is not a number from 0 to 100
EOF

# ---- the key echoed back, in every form and field: blanked out before it
# is printed or stored (issue 19, defect 4) ----------------------------------
for provider in amap baidu tianditu nominatim; do
    # a good answer with the key in every text field and as a member name:
    # XS003 resolved (the label goes to coord_source and the history),
    # XS026 held for review (its label to geocode_candidates)
    cp fresh.sqlite "$DB"
    start_hostile echo-key
    run 0 "${Y[@]}" geocode --provider $provider --ids XS003,XS026 --qps 20
    contains out.txt "XS003	resolved	online	"
    contains out.txt "XS026	review	online	"
    one_line_each "echo-key/$provider" 2
    db_sane "echo-key/$provider" 1
    sqlite3 "$DB" "SELECT coord_source FROM stations WHERE id = 'XS003'" | grep -q "^$provider geocode 20" ||
        fail "echo-key/$provider: coord_source names the geocoder"
    [ "$(sqlite3 "$DB" 'SELECT count(*) FROM geocode_candidates')" = 1 ] ||
        fail "echo-key/$provider: one candidate"
    no_secret_anywhere "echo-key/$provider"
    stop_hostile
    # the key in the level: printed on stdout (kept: not precise) and cached
    cp fresh.sqlite "$DB"
    start_hostile echo-key-level
    # (Amap then asks its POI search, whose answer echoes the key too)
    run 0 "${Y[@]}" geocode --provider $provider --ids XS003 --qps 20
    one_line_each "echo-key-level/$provider" 1
    db_sane "echo-key-level/$provider" "$(grep -c '	resolved	' out.txt || true)"
    [ "$(sqlite3 "$DB" 'SELECT count(*) FROM geocode_cache')" -ge 1 ] ||
        fail "echo-key-level/$provider: the answer is cached"
    no_secret_anywhere "echo-key-level/$provider"
    stop_hostile
    # an error answer quoting the key: Amap's and Baidu's "invalid key" stop
    # the run; Tianditu's fails the query; Nominatim's is not a list
    cp fresh.sqlite "$DB"
    start_hostile echo-key-error
    case $provider in amap|baidu) want=1 ;; *) want=0 ;; esac
    run $want "${Y[@]}" geocode --provider $provider --ids XS003 --qps 20 --retries 0
    db_sane "echo-key-error/$provider" 0
    no_secret_anywhere "echo-key-error/$provider"
    stop_hostile
    # not JSON, the key where the parser stops (its message quotes it)
    cp fresh.sqlite "$DB"
    start_hostile echo-key-malformed
    run 0 "${Y[@]}" geocode --provider $provider --ids XS003 --qps 20 --retries 0
    contains out.txt "XS003	failed	online	malformed answer: not JSON"
    one_line_each "echo-key-malformed/$provider" 1
    db_sane "echo-key-malformed/$provider" 0
    no_secret_anywhere "echo-key-malformed/$provider"
    stop_hostile
done

# ---- a cache row written before the filter existed (or under another key)
# holds the key: read back, it is filtered like a fresh answer -----------------
cp fresh.sqlite "$DB"
run 0 "${Y[@]}" geocode --dry-run --ids XS003
query=$(cut -f4 out.txt)
sqlite3 "$DB" "INSERT INTO geocode_cache VALUES ('amap', '$query', '{}', $WGS,
    'door', '门牌号', '旧缓存 $KEY', '2025-01-01T00:00:00+08:00')"
run 0 "${Y[@]}" geocode --ids XS003
contains out.txt "XS003	resolved	cache	door, 门牌号"
sqlite3 "$DB" "SELECT coord_source FROM stations WHERE id = 'XS003'" | grep -qF '旧缓存 ***' ||
    fail "stale cache: the label is filtered into coord_source"
sqlite3 "$DB" "DELETE FROM geocode_cache; VACUUM"  # the planted row itself
no_secret_anywhere "stale cache"

# ---- a label full of terminal controls: the answer's filter makes C0 and
# C1 controls spaces (one line per station), the terminal sanitiser shows
# the rest escaped; nothing raw reaches stdout ---------------------------------
for provider in amap tianditu nominatim; do
    cp fresh.sqlite "$DB"
    start_hostile controls
    run 0 "${Y[@]}" geocode --provider $provider --ids XS003,XS026 --qps 20
    one_line_each "controls/$provider" 2
    db_sane "controls/$provider" 1
    sqlite3 "$DB" "SELECT coord_source FROM stations WHERE id = 'XS003'" > source.txt
    LC_ALL=C grep -qaP '[\x00-\x08\x0a-\x1f\x7f]|\xc2[\x80-\x9f]' source.txt &&
        fail "controls/$provider: a control character in coord_source"
    run 0 "${Y[@]}" geocode --review
    contains out.txt "合成 ]0;owned 路 2J\u202e1号  末"
    LC_ALL=C grep -qaP '\x1b|\x07|\xc2\x9b|\xe2\x80\xae' out.txt &&
        fail "controls/$provider: a raw control on stdout"
    stop_hostile
done

# ---- long labels: cut at a character boundary, never mid-character (issue
# 19, defect 7: a 100-character Chinese formatted_address stopped the run
# with "coord_source: invalid UTF-8") ------------------------------------------
for n in 100 12000; do
    for provider in amap baidu tianditu nominatim; do
        cp fresh.sqlite "$DB"
        start_hostile long-label-$n
        run 0 "${Y[@]}" geocode --provider $provider --ids XS003,XS026 --qps 20
        contains out.txt "XS003	resolved	online	"
        contains err.txt "1 resolved, 1 need review"
        one_line_each "long-label-$n/$provider" 2
        db_sane "long-label-$n/$provider" 1
        sqlite3 "$DB" "SELECT coord_source FROM stations WHERE id = 'XS003'" | grep -q '驿站合成地址驿站' ||
            fail "long-label-$n/$provider: the label is in coord_source"
        run 0 "${Y[@]}" show XS003
        run 0 "${Y[@]}" geocode --review
        contains out.txt "XS026	$provider	"
        stop_hostile
    done
done
finish

# test_geocode.sh — `yijia geocode` against a mock provider on loopback
# (tools/mock-geocoder/server.js: every answer it gives is SYNTHETIC, made
# from the fixture below in each provider's format).  Checked: Amap batches
# (44 stations, 5 requests), signatures, results stored in WGS84 equal to
# the exact inverse of what the provider gave, a result outside its
# township held for review, the cache (a re-run makes no request), retries
# of rate limits and HTTP 500, fatal codes, timeouts, malformed answers,
# Baidu/Tianditu/Nominatim, `locate`, and that the key never leaks.
source "$(dirname "$0")/lib.sh" "$@"
MOCK=$SRC/tools/mock-geocoder/server.js
build_db
cp stations.sqlite fresh.sqlite
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
KEY=k3y-SYNTHETIC-7f3a9c
SECRET=s3cret-SYNTHETIC-51e2
export YIJIA_AMAP_KEY=$KEY YIJIA_AMAP_SECRET=$SECRET YIJIA_BAIDU_AK=$KEY \
    YIJIA_BAIDU_SK=$SECRET YIJIA_TIANDITU_TK=$KEY

# ---- the fixture: each station's query, a point 40 m east of its location
# (its township's point; 120.27,30.17 in 城厢 for those without), and
# XS002 planted in 瓜沥镇, outside its township 城厢街道 ------------------
run 0 "${Y[@]}" geocode --dry-run --only all
cut -f1,4 out.txt > queries.tsv
[ "$(wc -l < queries.tsv)" = 44 ] || fail "44 queries expected"
sqlite3 -separator ' ' "$DB" "SELECT id, ifnull(lon + 0.0004, 120.27), ifnull(lat, 30.17) FROM stations ORDER BY id" |
    while read -r id lon lat; do
        [ "$id" = XS002 ] && { lon=120.4; lat=30.2; }  # 瓜沥镇
        echo "$id $lon,$lat"
    done > wgs.txt
cut -d' ' -f2 wgs.txt | "$YIJIA" convert --from wgs84 --to gcj02 --precision 6 > gcj.txt
cut -d' ' -f2 wgs.txt | "$YIJIA" convert --from wgs84 --to bd09 --precision 6 > bd.txt
paste -d' ' wgs.txt gcj.txt bd.txt > points.txt
{
    echo "{"
    sep=""
    while IFS=$'\t' read -r id query; do
        set -- $(grep "^$id " points.txt)
        printf '%s"%s": {"wgs84": "%s", "gcj02": "%s", "bd09": "%s", "level": "门牌号"}\n' \
            "$sep" "$query" "$2" "$3" "$4"
        sep=","
    done < queries.tsv
    echo "}"
} > fixture.json

start_mock() {  # start_mock SCENARIO [options]: MOCK_URL, MOCK_PID; log in requests.log
    : > requests.log
    rm -f port.txt  # not the previous mock's port
    node "$MOCK" --fixture fixture.json --log requests.log --scenario "$@" > port.txt &
    MOCK_PID=$!
    for _ in $(seq 1 400); do [ -s port.txt ] && break; sleep 0.05; done
    [ -s port.txt ] || fail "the mock provider did not start"
    MOCK_URL=http://127.0.0.1:$(cat port.txt)
    export YIJIA_AMAP_URL=$MOCK_URL YIJIA_BAIDU_URL=$MOCK_URL \
        YIJIA_TIANDITU_URL=$MOCK_URL YIJIA_NOMINATIM_URL=$MOCK_URL
}
stop_mock() { kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; }
trap stop_mock EXIT
requests() { wc -l < requests.log; }
same_point() {  # same_point LON,LAT LON,LAT: equal to 2e-9 degrees
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, p, ","); split(b, q, ",");
        d1 = p[1] - q[1]; d2 = p[2] - q[2]; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2;
        exit !(d1 < 2e-9 && d2 < 2e-9 && q[2] != "") }'
}
no_key_anywhere() {  # the key and secret in no output, database or cache
    for f in out.txt err.txt "$DB"; do
        grep -qaF -- "$KEY" "$f" && fail "$1: the key is in $f"
        grep -qaF -- "$SECRET" "$f" && fail "$1: the secret is in $f"
    done
    "$YIJIA" --db "$DB" history > hist.txt 2>&1
    grep -qF -- "$KEY" hist.txt && fail "$1: the key is in the history"
    sqlite3 "$DB" "SELECT * FROM geocode_cache" | grep -qF -- "$KEY" && fail "$1: key in the cache"
    true
}

# ---- Amap: 44 stations in 5 signed batch requests, at 3 a second ---------
start_mock ok --amap-secret "$SECRET"
run 0 "${Y[@]}" geocode --qps 3
[ "$(requests)" = 5 ] || fail "amap: $(requests) requests, expected 5"
contains err.txt "44 stations: 42 resolved, 2 need review"
contains err.txt "5 requests made"
grep -q '"batch":"true"' requests.log || fail "amap: batch=true"
grep -q '"city":"杭州"' requests.log || fail "amap: city"
grep -q '"sig":"[0-9a-f]\{32\}"' requests.log || fail "amap: sig"
grep -q '"agent":"yijia/' requests.log || fail "an identifying User-Agent"
# every resolved point is the exact inverse of the GCJ-02 it was given
while read -r id wgs gcj bd; do
    [ "$id" = XS002 ] || [ "$id" = XS037 ] && continue
    want=$("$YIJIA" convert --from gcj02 --to wgs84 --precision 9 "$gcj")
    got=$(sqlite3 "$DB" "SELECT lon || ',' || lat FROM stations WHERE id = '$id'")
    same_point "$want" "$got" || fail "$id: stored $got, inverse $want"
done < points.txt
[ "$(sqlite3 "$DB" "SELECT coord_precision FROM stations WHERE id = 'XS001'")" = door ] ||
    fail "门牌号 → door"
sqlite3 "$DB" "SELECT coord_source FROM stations WHERE id = 'XS001'" | grep -q '^amap geocode 20' ||
    fail "coord_source names the geocoder"
# XS002 (瓜沥镇 point for a 城厢街道 station): held, not taken
[ "$(sqlite3 "$DB" "SELECT coord_precision FROM stations WHERE id = 'XS002'")" = township ] ||
    fail "XS002 must keep its township point"
run 0 "${Y[@]}" geocode --review
contains out.txt "XS002	amap	"
contains out.txt "lies outside 城厢街道"
# XS037 (义蓬街道, 钱塘区): no polygon to check it against, so held too
contains out.txt "XS037	amap	"
# each station its own change
[ "$(sqlite3 "$DB" "SELECT count(*) FROM changes")" = 42 ] || fail "one change per station"
no_key_anywhere amap
stop_mock

# ---- a re-run answers from the cache: no request ---------------------------
start_mock ok
run 0 "${Y[@]}" geocode --only all
[ "$(requests)" = 0 ] || fail "cached re-run made $(requests) requests"
contains err.txt "44 from cache, 0 requests"
contains err.txt "42 kept"
run 0 "${Y[@]}" geocode --only all --refresh --dry-run
contains err.txt "5 requests would be made"
stop_mock

# ---- a position measured on site (precision surveyed) is never replaced:
# not even asked for with --ids and --refresh, and the run says so -------
cp fresh.sqlite "$DB"
sqlite3 "$DB" "UPDATE stations SET coord_precision = 'surveyed',
    coord_source = '现场核查 张三 2026-03-01 23:59 ±8 m (GPS, WGS84)' WHERE id = 'XS003'"
start_mock ok
run 0 "${Y[@]}" geocode --ids XS003,XS004 --refresh
contains out.txt "XS003	kept	online	surveyed on site (现场核查): a geocoder never replaces it"
contains out.txt "XS004	resolved	"
[ "$(requests)" = 1 ] || fail "surveyed: $(requests) requests, expected 1 (XS004's)"
grep -qF "$(grep '^XS003	' queries.tsv | cut -f2)" requests.log && fail "XS003 was asked for"
[ "$(sqlite3 "$DB" "SELECT coord_precision FROM stations WHERE id = 'XS003'")" = surveyed ] ||
    fail "a surveyed position was replaced"
contains err.txt "2 stations: 1 resolved, 0 need review, 1 kept"
stop_mock

# ---- a POI that replaced a weaker address answer: both answers are cached,
# a re-run asks neither again (the address answer was dropped unasked) -----
cp fresh.sqlite "$DB"
cp fixture.json fixture-all.json
node -e 'const fs = require("fs"), [q, n] = process.argv.slice(1);
    const f = JSON.parse(fs.readFileSync("fixture-all.json", "utf8"));
    f[q].level = "道路"; f["poi:" + n] = Object.assign({}, f[q]);
    fs.writeFileSync("fixture.json", JSON.stringify(f));' \
    "$(grep '^XS005	' queries.tsv | cut -f2)" \
    "$(sqlite3 "$DB" "SELECT name FROM stations WHERE id = 'XS005'")"
start_mock ok
run 0 "${Y[@]}" geocode --ids XS005
contains out.txt "XS005	resolved	cache	poi, 兴趣点"
[ "$(requests)" = 2 ] || fail "poi: $(requests) requests, expected 2 (address, POI)"
stop_mock
start_mock ok
run 0 "${Y[@]}" geocode --ids XS005 --only all
[ "$(requests)" = 0 ] || fail "poi: a re-run made $(requests) requests"
contains err.txt "2 from cache"
stop_mock
cp fixture-all.json fixture.json

# ---- locate settles the one held for review ---------------------------------
run 0 "${Y[@]}" locate XS002 120.2680,30.1700 --crs gcj02 --source "高德坐标拾取器 (test)"
want=$("$YIJIA" convert --from gcj02 --to wgs84 --precision 9 120.2680,30.1700)
same_point "$want" "$(sqlite3 "$DB" "SELECT lon || ',' || lat FROM stations WHERE id = 'XS002'")" ||
    fail "locate: stored point"
[ "$(sqlite3 "$DB" "SELECT coord_precision FROM stations WHERE id = 'XS002'")" = poi ] || fail "locate precision"
run 0 "${Y[@]}" geocode --review
lacks out.txt "XS002"
run 2 "${Y[@]}" locate XS002 120.2680,30.1700
contains err.txt "--source"

# ---- retries: rate-limit codes and HTTP 500 are retried, then succeed -------
for scenario in ratelimit-2 http500-2; do
    cp fresh.sqlite "$DB"
    start_mock "$scenario"
    run 0 "${Y[@]}" geocode --ids XS003,XS004 --retries 3
    contains err.txt "2 resolved"
    [ "$(requests)" = 3 ] || fail "$scenario: $(requests) requests, expected 3"
    stop_mock
done
# ... and give up after --retries, keeping nothing half-done
cp fresh.sqlite "$DB"
start_mock ratelimit-99
run 0 "${Y[@]}" geocode --ids XS003 --retries 1
contains err.txt "1 failed"
[ "$(requests)" = 2 ] || fail "ratelimit: $(requests) requests, expected 2"
contains out.txt "Amap infocode 10021"
stop_mock

# ---- fatal codes stop the run clearly; nothing done is lost ------------------
cp fresh.sqlite "$DB"
start_mock fatal
run 1 "${Y[@]}" geocode
contains err.txt "amap stopped the run: Amap infocode 10001 INVALID_USER_KEY"
[ "$(requests)" = 1 ] || fail "fatal: $(requests) requests"
no_key_anywhere fatal
stop_mock
start_mock ok --amap-secret wrong-secret
run 1 "${Y[@]}" geocode
contains err.txt "Amap infocode 10007 INVALID_USER_SIGNATURE"
stop_mock

# ---- timeouts, slow answers, malformed JSON ---------------------------------
start_mock hang
run 0 "${Y[@]}" geocode --ids XS003 --timeout 0.3 --retries 1
contains err.txt "1 failed"
contains out.txt "no complete answer within 0.3 s"
stop_mock
start_mock slow-300
run 0 "${Y[@]}" geocode --ids XS003 --timeout 5
contains err.txt "1 resolved"
stop_mock
cp fresh.sqlite "$DB"
start_mock malformed
run 0 "${Y[@]}" geocode --ids XS003 --retries 1
contains out.txt "malformed answer: not JSON"
contains err.txt "1 failed"
stop_mock
# a key echoed back by the provider is not stored
cp fresh.sqlite "$DB"
start_mock echo-key
run 0 "${Y[@]}" geocode --ids XS003,XS004
no_key_anywhere echo-key
stop_mock

# ---- Baidu (bd09, signed with sn), Tianditu (CGCS2000), Nominatim ------------
for provider in baidu tianditu nominatim; do
    cp fresh.sqlite "$DB"
    if [ $provider = baidu ]; then start_mock ok --baidu-sk "$SECRET"; else start_mock ok; fi
    # XS036's address has spaces: Baidu's sn signs them form-encoded ('+')
    run 0 "${Y[@]}" geocode --provider $provider --ids XS003,XS004,XS036 --qps 10
    contains err.txt "3 resolved"
    set -- $(grep '^XS003 ' points.txt)
    case $provider in
        baidu) want=$("$YIJIA" convert --from bd09 --to wgs84 --precision 9 "$4") ;;
        *) want=$2 ;;
    esac
    got=$(sqlite3 "$DB" "SELECT lon || ',' || lat FROM stations WHERE id = 'XS003'")
    same_point "$want" "$got" || fail "$provider: stored $got, expected $want"
    no_key_anywhere $provider
    stop_mock
done

# ---- usage errors -------------------------------------------------------------
run 2 env -u YIJIA_AMAP_KEY "${Y[@]}" geocode
contains err.txt "set YIJIA_AMAP_KEY"
run 3 "${Y[@]}" geocode --ids XS003,XS999
contains err.txt "--ids: no station 'XS999' in service"
run 2 "${Y[@]}" geocode --provider google
run 2 "${Y[@]}" geocode --qps 0
run 2 env YIJIA_AMAP_URL=ftp://x "${Y[@]}" geocode
finish

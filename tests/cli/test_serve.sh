# test_serve.sh — `yijia serve` over HTTP on 127.0.0.1, at a port the OS
# chooses, started and stopped (by its pid) by this test:
#   - every status it gives: 200, 304 (If-None-Match; the ETag changes when
#     another process commits an edit), 400 (unknown parameters, invalid
#     values, bad percent-escapes, NUL, invalid UTF-8, a parameter twice,
#     too many parameters), 404, 405 with Allow, 414 and 431 (libmicrohttpd's
#     own: a 4xx), each error JSON {"code", "description"} where the server
#     writes it; HEAD, gzip, Cache-Control, CORS only with --cors, the
#     Combined Log Format access log;
#   - the JSON API is the tool's JSON, byte for byte: nearest from 30 seeded
#     random origins in each of wgs84, gcj02 and bd09, with filters, list,
#     show, coverage;
#   - always current: an edit by another process, a database replaced by
#     `yijia build` under a stream of requests (all 200), `kill -9` of a big
#     import under a stream of requests (all 200, the last committed state);
#   - robust: malformed requests get a 4xx and the next good request its
#     200; a client dripping a byte a second and 1,000 idle connections do
#     not keep a request from being answered; SIGTERM lets a request in
#     flight finish, then the server exits 0.
# The clients curl cannot be are tests/serve/clients.js (node, no packages).
# No timing is asserted: waits poll for a state, timeouts are only guards.
source "$(dirname "$0")/lib.sh" "$@"
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
command -v node >/dev/null || { echo "node is not installed: skipped"; exit 77; }
CLIENTS=$SRC/tests/serve/clients.js
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
# 1,000 connections on each side of the loopback
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 4096 2>/dev/null || true

SERVER_PID=
HELPERS=()
cleanup() {
    local p
    for p in "${HELPERS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    if [ -n "$SERVER_PID" ]; then
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
die() { fail "$*"; finish; }

# wait_for TEST...: poll until the command succeeds (a guard of 3 minutes
# for slow sanitizer builds, never an assertion of speed).
wait_for() {
    local i
    for i in $(seq 1 3600); do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}

# start_server NAME [OPTION...]: SERVER_PID, PORT, B (the base URL);
# stderr in NAME.err, the access log NAME.log.
start_server() {
    local name=$1
    shift
    : > "$name.err"
    "$YIJIA" --db "$DB" serve --listen 127.0.0.1:0 \
        --access-log "$WORK/$name.log" "$@" 2> "$name.err" &
    SERVER_PID=$!
    server_port() {
        PORT=$(sed -n 's|^yijia: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/ .*|\1|p' "$name.err")
        [ -n "$PORT" ] || { kill -0 "$SERVER_PID" 2>/dev/null && return 1; return 0; }
    }
    wait_for server_port || true
    [ -n "${PORT:-}" ] || { sed 's/^/  | /' "$name.err" >&2; die "the server did not start"; }
    B=http://127.0.0.1:$PORT
}
# stop_server: SIGTERM; it must exit 0.
stop_server() {
    local st=0
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || st=$?
    [ "$st" = 0 ] || fail "the server exited $st after SIGTERM"
    SERVER_PID=
}

# get PATH [CURL-OPTION...]: CODE, body.txt, head.txt.  The path is sent
# as written (no globbing, no dot-segment removal).
get() {
    local path=$1
    shift
    rm -f body.txt head.txt   # curl writes no file for an answer without body
    CODE=$(curl -s -g --path-as-is --max-time 20 -o body.txt -D head.txt \
           -w '%{http_code}' "$@" "$B$path" 2>/dev/null) || true
    CODE=${CODE:-000}
}
# header NAME: the value of response header NAME in head.txt (last one).
header() {
    sed -n "s/^$1: *//Ip" head.txt | tr -d '\r' | tail -1
}
# expect STATUS PATH [CURL-OPTION...]
expect() {
    local want=$1
    shift
    get "$@"
    [ "$CODE" = "$want" ] || {
        fail "GET $(printf %.200s "$1") ${*:2}: status $CODE, expected $want"
        head -c 300 body.txt | sed 's/^/  | /' >&2
    }
}
# An error answer: STATUS, JSON with code CODE and a description holding
# WHAT (the parameter named, say); kept in errors/ for the JSON check.
N_ERR=0
mkdir -p errors
expect_error() {
    local want=$1 code=$2 what=$3
    shift 3
    expect "$want" "$@"
    [ "$CODE" = "$want" ] || return 0
    N_ERR=$((N_ERR + 1))
    cp body.txt "errors/$N_ERR.json"
    printf '%s\n' "$1" > "errors/$N_ERR.path"
    case $(header Content-Type) in
        application/json*) ;;
        *) fail "$(printf %.100s "$1"): an error of type '$(header Content-Type)'" ;;
    esac
    grep -qF "\"code\": \"$code\"" body.txt ||
        fail "$(printf %.100s "$1"): code is not $code: $(head -c 200 body.txt)"
    grep -qF -- "$what" body.txt ||
        fail "$(printf %.100s "$1"): the description does not name '$what': $(head -c 200 body.txt)"
    [ -n "$(header Cache-Control)" ] || fail "$(printf %.100s "$1"): no Cache-Control on a $want"
}
# still_serving: a good request right after a bad one gets its 200.
still_serving() {
    local saved=$CODE
    get /api/stations/XS001
    [ "$CODE" = 200 ] && grep -qF '"id": "XS001"' body.txt ||
        fail "after a malformed request the server did not answer ($CODE)"
    CODE=$saved
}
# bad STATUS CODE WHAT PATH [CURL-OPTION...]: an error, then a good request.
bad() {
    expect_error "$@"
    still_serving
}
# expect_4xx WANT LABEL: an answer libmicrohttpd gives itself (its own
# HTML) is a 4xx; another 4xx than WANT is reported, not failed.
expect_4xx() {
    case $CODE in
        4??) [ "$CODE" = "$1" ] || echo "NOTE: $2 got $CODE, not $1 (a 4xx: accepted)" ;;
        *) fail "$2: status $CODE, not a 4xx" ;;
    esac
}
# raw FORMAT [ARG...]: printf's bytes on a socket; the answer in raw.txt,
# its status in CODE.
raw() {
    printf "$@" | node "$CLIENTS" raw --port "$PORT" > raw.txt
    CODE=$(head -1 raw.txt | cut -d' ' -f2)
    CODE=${CODE:-000}
}
# ids FILE: how many stations a JSON answer holds.
ids() { grep -o '"id": "[^"]*"' "$1" | wc -l; }
# start_hammer NAME [--path P]... [--forbid TEXT]: requests on 4
# keep-alive connections until NAME.stop exists; returns once one is answered.
start_hammer() {
    local name=$1
    shift
    rm -f "$name.ready" "$name.stop"
    node "$CLIENTS" hammer --port "$PORT" --ready "$name.ready" \
        --stop "$name.stop" --guard 600 "$@" > "$name.json" &
    HAMMER_PID=$!
    HELPERS+=("$HAMMER_PID")
    wait_for test -e "$name.ready" || die "$name: no first answer"
}
# stop_hammer NAME: every request it made was answered 200.
stop_hammer() {
    local name=$1
    touch "$name.stop"
    wait "$HAMMER_PID" || fail "$name: the client failed"
    node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const other = Object.keys(r.statuses).filter((s) => s !== "200");
        if (r.requests < 1 || other.length || r.errors || r.forbidden) {
            console.error(JSON.stringify(r));
            process.exit(1);
        }' "$name.json" ||
        fail "$name: not every request was answered 200 from the committed state"
}

CHENGXIANG=%E5%9F%8E%E5%8E%A2   # 城厢, percent-encoded
I=/ogcapi/collections/stations/items

start_server main --idle-timeout 600

# ---- 200, and what a good answer carries ----------------------------------
expect 200 /api/stations
[ "$(ids body.txt)" = 44 ] || fail "/api/stations: $(ids body.txt) stations"
case $(header Content-Type) in application/json*) ;; *) fail "Content-Type $(header Content-Type)" ;; esac
ETAG=$(header ETag)
[ -n "$ETAG" ] || fail "no ETag on /api/stations"
[ -n "$(header Cache-Control)" ] || fail "no Cache-Control on a 200"
[ -z "$(header Access-Control-Allow-Origin)" ] || fail "a CORS header without --cors"
for p in / /ogcapi /ogcapi/ /api/townships "/api/places?q=$CHENGXIANG" /api/coverage \
         /ogcapi/conformance /ogcapi/api /ogcapi/collections \
         /ogcapi/collections/stations/items /ogcapi/collections/townships/items \
         /ogcapi/collections/stations/items/XS001; do
    expect 200 "$p"
done

# ---- 304: If-None-Match with the ETag; another process's edit changes it ---
expect 304 /api/stations -H "If-None-Match: $ETAG"
[ ! -s body.txt ] || fail "a 304 with a body"
[ "$(header ETag)" = "$ETAG" ] || fail "the 304 carries another ETag: $(header ETag)"
expect 304 /api/stations -H "If-None-Match: \"x\", $ETAG"
expect 304 /api/stations -H "If-None-Match: ${ETAG#W/}"
expect 200 /api/stations -H 'If-None-Match: W/"another"'
for i in 1 2 3 4 5 6; do   # every worker has the answers (and may keep them)
    expect 200 /api/stations/XS003
    expect 200 "$I/XS003"
done
lacks body.txt '0571-82345678'
"${Y[@]}" edit XS003 --set phone=0571-82345678 >/dev/null 2>edit.err ||
    fail "edit: $(cat edit.err)"
expect 200 /api/stations -H "If-None-Match: $ETAG"
[ -n "$(header ETag)" ] && [ "$(header ETag)" != "$ETAG" ] ||
    fail "the ETag did not change with an edit committed by another process"
contains body.txt '"phone": "0571-82345678"'
for i in 1 2 3 4 5 6; do   # the next request of every worker
    expect 200 /api/stations/XS003
    contains body.txt '"phone": "0571-82345678"'
    expect 200 "$I/XS003"
    contains body.txt '"phone": "0571-82345678"'
done

# ---- 400: the client's mistakes, each named, and the server goes on -------
N="/api/nearest?at=120.25,30.16"
bad 400 InvalidParameter "'x'" "$N&x=1"
bad 400 InvalidParameter "'K'" "$N&K=1"
bad 400 InvalidParameterValue "k:" "$N&k=0"
bad 400 InvalidParameterValue "k:" "$N&k=1e300"
bad 400 InvalidParameterValue "k:" "$N&k=-1"
bad 400 InvalidParameterValue "k:" "$N&k=99999999999999999999999"
bad 400 InvalidParameterValue "k:" "$N&k="
bad 400 InvalidParameterValue "at:" "/api/nearest?at=200,100"
bad 400 InvalidParameterValue "at:" "/api/nearest?at=120.1x,30"
bad 400 InvalidParameterValue "at:" "/api/nearest?at=1e400,30"
bad 400 InvalidParameterValue "at:" "/api/nearest?at=-1e308,-1e308"
bad 400 InvalidParameterValue "at:" "/api/nearest?at=nan,nan"
bad 400 InvalidParameterValue "at:" "/api/nearest?at=120.2"
bad 400 InvalidParameterValue "within:" "$N&within=1e308km"
bad 400 InvalidParameterValue "within:" "$N&within=-1km"
bad 400 InvalidParameterValue "open:" "$N&open=garbage"
bad 400 InvalidParameterValue "arrive:" "$N&arrive=fly"
bad 400 InvalidParameterValue "crs:" "$N&crs=nad27"
bad 400 InvalidParameterValue "amenity:" "$N&amenity=spa"
bad 400 InvalidParameterValue "category:" "$N&category=castle"
# the words and positions people type (issue 18): the library's normaliser
expect 200 "/api/nearest?at=120.29%EF%BC%8C30.17&k=1"      # 120.29，30.17
expect 200 "/api/nearest?at=E120.29%20N30.17&k=1"
expect 200 "/api/nearest?at=https%3A%2F%2Furi.amap.com%2Fmarker%3Fposition%3D120.29%2C30.17&k=1"
bad 400 InvalidParameterValue "crs: the link in at is in gcj02" \
    "/api/nearest?at=https%3A%2F%2Furi.amap.com%2Fmarker%3Fposition%3D120.29%2C30.17&crs=bd09"
bad 400 InvalidParameterValue "did you mean 120.293,30.175?" "/api/nearest?at=30.175,120.293"
expect 200 "/api/stations?category=%E9%93%B6%E8%A1%8C"        # 银行
expect 200 "/api/nearest?at=120.29,30.17&amenity=%E5%8E%95%E6%89%80%EF%BC%8C%E7%83%AD%E9%A5%AD"  # 厕所，热饭
bad 400 InvalidParameterValue "did you mean '卫生间' (toilet)?" \
    "$N&amenity=%E5%8D%AB%E7%94%9F%E9%97%AE"                  # 卫生问
bad 400 InvalidParameterValue "near: unknown place; did you mean 城厢 (城厢街道)?" \
    "/api/nearest?near=%E5%9F%8E%E7%AE%B1"                    # 城箱
expect 200 "/api/places?q=%E5%9F%8E%E7%AE%B1"
contains body.txt '"did_you_mean": "城厢", "did_you_mean_full": "城厢街道"'
expect 200 "/api/nearest?near=%E6%9D%AD%E5%B7%9E%E5%8D%97%E7%AB%99&k=1"  # 杭州南站
bad 400 InvalidParameterValue "near:" "/api/nearest?near=nowhere-at-all"
bad 400 InvalidParameterValue "near:" "/api/nearest?near=&k=4"   # was a 500 (fuzz_serve)
bad 400 InvalidParameterValue "near:" "/api/stations?near="
bad 400 InvalidParameterValue "not both" "$N&near=$CHENGXIANG"
bad 400 MissingParameterValue "at" "/api/nearest"
bad 400 MissingParameterValue "q" "/api/places"
bad 400 InvalidParameterValue "limit:" "/api/places?q=a&limit=0"
bad 400 InvalidParameterValue "radius:" "/api/coverage?radius=-1m"
bad 400 InvalidParameterValue "cell:" "/api/coverage?cell=1m"
bad 400 InvalidParameter "'k'" "/api/stations?k=3"
bad 400 InvalidParameter "'x'" "/api/stations/XS001?x=1"
bad 400 InvalidParameterValue "bbox:" "$I?bbox=1,2,3"
bad 400 InvalidParameterValue "bbox:" "$I?bbox=-1e308,0,1e308,1"
bad 400 InvalidParameterValue "bbox:" "$I?bbox=0,10,1,5"
bad 400 InvalidParameterValue "limit:" "$I?limit=0"
bad 400 InvalidParameterValue "limit:" "$I?limit=-5"
bad 400 InvalidParameterValue "offset:" "$I?offset=-1"
bad 400 InvalidParameterValue "offset:" "$I?offset=1e30"
bad 400 InvalidParameterValue "datetime:" "$I?datetime=garbage"
bad 400 InvalidParameterValue "datetime:" "$I?datetime=../.."
bad 400 InvalidParameter "'x'" "$I?x=1"
# what the target itself holds
bad 400 InvalidParameterValue "percent-escape" "/api/stations?township=%G1"
bad 400 InvalidParameterValue "percent-escape" "/api/stations?township=%"
bad 400 InvalidParameterValue "percent-escape" "/api/stations?township=%4"
bad 400 InvalidRequest "percent-escape" "/api/sta%ZZtions"
bad 400 InvalidParameterValue "NUL" "/api/stations?text=%00"
bad 400 InvalidParameterValue "NUL" "/api/stations?te%00xt=a"
bad 400 InvalidRequest "NUL" "/api/stations/XS%00001"
bad 400 InvalidParameterValue "not UTF-8" "/api/stations?text=%ff"
bad 400 InvalidParameterValue "not UTF-8" "/api/stations?text=%C3%28"
bad 400 InvalidParameterValue "not UTF-8" "/api/stations?text=%C0%AF"
bad 400 InvalidParameterValue "not UTF-8" "/api/stations?text=%ED%A0%80"
bad 400 InvalidRequest "not UTF-8" "/api/stations/%ff"
bad 400 InvalidParameterValue "given twice" "/api/stations?township=$CHENGXIANG&township=$CHENGXIANG"
bad 400 InvalidParameterValue "given twice" "$N&k=1&k=1"
# parameters by the hundred (libmicrohttpd's own parsing of them once left
# the connection closed with no answer) and by the ten thousand (longer
# than a target may be)
bad 400 InvalidParameterValue "more than 64" "/api/stations?$(printf 'p%d=1&' $(seq 1 65))"
bad 400 InvalidParameterValue "more than 64" "/api/stations?$(printf 'a%d&' $(seq 1 1000))"
# 10,000 parameters are longer than libmicrohttpd takes a line: its 414
get "/api/stations?$(printf 'a&%.0s' $(seq 1 10000))"
expect_4xx 414 "10,000 parameters of 2 bytes"
still_serving
get "/api/stations?$(printf 'p%d=1&' $(seq 1 10000))"
expect_4xx 414 "10,000 parameters"
still_serving
expect 200 "/api/stations?$(printf '&%.0s' $(seq 1 1000))"  # empty ones are none
[ "$(ids body.txt)" = 44 ] || fail "a query of 1000 '&' is not the whole list"
# the same through a raw socket: a NUL byte, invalid UTF-8 bytes, controls
raw 'GET /api/stations?text=a\0b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$CODE" = 400 ] || fail "a NUL byte in the query: $CODE"
contains raw.txt "NUL"
still_serving
raw 'GET /api/stations/XS\000001 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$CODE" = 400 ] || fail "a NUL byte in the path: $CODE"
still_serving
raw 'GET /api/stations?text=\377\376 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$CODE" = 400 ] || fail "raw invalid UTF-8 in the query: $CODE"
contains raw.txt "not UTF-8"
still_serving
raw 'GET /api/\033[2Jstations HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$CODE" = 404 ] || fail "a control in the path: $CODE"
lacks raw.txt $'\033'
still_serving
# a method may be any bytes: the 405 names it escaped (its body was not
# UTF-8 JSON; found by fuzz_serve)
raw 'G\377T /api/stations HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$CODE" = 405 ] || fail "a method with a byte that is not UTF-8: $CODE"
contains raw.txt 'G\\xffT is not answered'
[ "$(LC_ALL=C grep -c $'\377' raw.txt)" = 0 ] || fail "the 405 holds a byte that is not UTF-8"
still_serving
raw 'GET /api/stations?text=%s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' \
    "$(printf '\345\237\216\345\216\242')"   # 城厢, raw UTF-8: fine
[ "$CODE" = 200 ] || fail "raw UTF-8 in the query: $CODE"
contains raw.txt '"township": "城厢街道"'


# ---- 404 ------------------------------------------------------------------
bad 404 NotFound "/nope" /nope
bad 404 NotFound "/API/stations" /API/stations
bad 404 NotFound "no station 'XS999'" /api/stations/XS999
bad 404 NotFound "/api/stations/XS001/more" /api/stations/XS001/more
bad 404 NotFound "no collection 'nope'" /ogcapi/collections/nope
bad 404 NotFound "no collection 'nope'" /ogcapi/collections/nope/items
bad 404 NotFound "XS999" /ogcapi/collections/stations/items/XS999
bad 404 NotFound "/api/../etc/passwd" /api/../etc/passwd

# ---- 405 with Allow ----------------------------------------------------------
for m in POST PUT DELETE PATCH; do
    expect_error 405 MethodNotAllowed "$m" /api/stations -X $m
    allow=$(header Allow)
    case ", $allow," in *", GET,"*) ;; *) fail "$m: Allow '$allow'" ;; esac
    case ", $allow," in *", HEAD,"*) ;; *) fail "$m: Allow '$allow'" ;; esac
    still_serving
done
bad 405 MethodNotAllowed POST /api/nearest -X POST --data 'at=120.2,30.1'
bad 405 MethodNotAllowed PUT /ogcapi/collections/stations/items/XS001 -X PUT --data '{}'

# ---- 414 and 431: libmicrohttpd's own answers must be 4xx ----------------------
LONG=$(head -c 65536 /dev/zero | tr '\0' a)
get "/api/stations?text=$LONG"
expect_4xx 414 "a 64 KiB URL"
still_serving
bad 414 URITooLong "8192" "/api/stations?text=${LONG:0:9000}"
{ printf 'X-Big: '; head -c 100000 /dev/zero | tr '\0' a; echo; } > big-header.txt
get /api/stations -H @big-header.txt
expect_4xx 431 "a 100 KB header"
still_serving
for i in $(seq 1 2000); do echo "X-Many-$i: v"; done > many-headers.txt
get /api/stations -H @many-headers.txt
expect_4xx 431 "2000 headers"
still_serving

# ---- the error bodies are JSON {"code", "description"} ----------------------
node -e '
    const fs = require("fs");
    let bad = 0;
    for (let i = 1; i <= Number(process.argv[1]); i++) {
        const text = fs.readFileSync(`errors/${i}.json`, "utf8");
        let ok = false;
        try {
            const j = JSON.parse(text);
            ok = j && typeof j === "object" && !Array.isArray(j) &&
                Object.keys(j).sort().join() === "code,description" &&
                typeof j.code === "string" && j.code.length > 0 &&
                typeof j.description === "string" && j.description.length > 0;
        } catch (e) {}
        if (!ok) {
            bad++;
            console.error(`${fs.readFileSync(`errors/${i}.path`, "utf8").slice(0, 100).trim()}: ${text.slice(0, 200)}`);
        }
    }
    process.exit(bad ? 1 : 0);' "$N_ERR" || fail "error bodies that are not JSON {code, description}"
[ "$N_ERR" -ge 70 ] || fail "only $N_ERR error answers checked"

# ---- HEAD: the headers, no body ---------------------------------------------------
get /api/stations/XS001
GET_LEN=$(wc -c < body.txt)
raw 'HEAD /api/stations/XS001 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$CODE" = 200 ] || fail "HEAD: $CODE"
grep -qi "^Content-Length: $GET_LEN"$'\r'"\$" raw.txt || fail "HEAD: Content-Length is not the GET's ($GET_LEN)"
[ "$(awk 'BEGIN { RS = "\r\n\r\n" } NR > 1' raw.txt | wc -c)" = 0 ] || fail "HEAD: a body came"
grep -qi '^ETag: ' raw.txt || fail "HEAD: no ETag"
get /api/stations
expect 304 /api/stations -I -H "If-None-Match: $(header ETag)"
# HEAD, then GET on the same connection: keep-alive works after a HEAD
raw 'HEAD /api/stations HTTP/1.1\r\nHost: t\r\n\r\nGET /api/stations/XS002 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
[ "$(grep -c '^HTTP/1.1 200' raw.txt)" = 2 ] || fail "HEAD then GET on one connection"
contains raw.txt '"id": "XS002"'

# ---- gzip: when the client takes it and the body is large ----------------------
expect 200 /api/stations
cp body.txt plain.json
[ -z "$(header Content-Encoding)" ] || fail "gzip without Accept-Encoding"
expect 200 /api/stations -H 'Accept-Encoding: gzip'
[ "$(header Content-Encoding)" = gzip ] || fail "no gzip for 'Accept-Encoding: gzip'"
case $(header Vary) in *Accept-Encoding*) ;; *) fail "gzip without Vary: Accept-Encoding" ;; esac
[ "$(wc -c < body.txt)" -lt "$(wc -c < plain.json)" ] || fail "the gzip body is not smaller"
for i in 1 2 3 4 5; do   # made, then kept by the workers: the same
    expect 200 /api/stations -H 'Accept-Encoding: gzip'
    [ "$(header Content-Encoding)" = gzip ] || fail "no gzip for 'Accept-Encoding: gzip' (request $i)"
    gunzip -c < body.txt > gunzipped.json || fail "the gzip body does not decompress"
    cmp -s gunzipped.json plain.json || fail "the gzip body is not the plain one"
done
expect 200 /api/stations
cmp -s body.txt plain.json || fail "the plain body after gzip ones differs"
expect 200 /api/stations -H 'Accept-Encoding: br, gzip;q=0.5'
[ "$(header Content-Encoding)" = gzip ] || fail "no gzip for 'br, gzip;q=0.5'"
expect 200 /api/stations -H 'Accept-Encoding: gzip;q=0'
[ -z "$(header Content-Encoding)" ] || fail "gzip for 'gzip;q=0'"
for ae in 'gzip;q=0.000, br' 'gzip;q=abc' 'gzip;q=1.5' 'gzip;q=0x1' 'gzip;q=-1'; do
    expect 200 /api/stations -H "Accept-Encoding: $ae"
    [ -z "$(header Content-Encoding)" ] || fail "gzip for '$ae' (not a positive qvalue)"
done
expect 200 /api/stations -H 'Accept-Encoding: gzip; q=1, br'
[ "$(header Content-Encoding)" = gzip ] || fail "no gzip for 'gzip; q=1, br'"
expect 200 /api/stations -H 'Accept-Encoding: deflate'
[ -z "$(header Content-Encoding)" ] || fail "gzip for 'deflate'"
expect 200 /ogcapi/conformance -H 'Accept-Encoding: gzip'
[ -z "$(header Content-Encoding)" ] || fail "gzip for a small body"
contains body.txt conf/core

# ---- the JSON API is the tool's JSON -------------------------------------------------
# 30 seeded random origins in and around 萧山, in each coordinate system
awk 'BEGIN { srand(16); for (i = 0; i < 30; i++)
    printf "%.6f,%.6f\n", 120.1 + rand() * 0.5, 29.9 + rand() * 0.4 }' > origins.txt
[ "$(sort -u origins.txt | wc -l)" = 30 ] || fail "the origins are not 30"
same() {  # same LABEL PATH TOOL-ARGS...: the API's body is the tool's stdout
    local label=$1 path=$2
    shift 2
    get "$path"
    [ "$CODE" = 200 ] || { fail "$label: status $CODE"; return 0; }
    "${Y[@]}" "$@" > cli.json 2>/dev/null || true
    cmp -s cli.json body.txt || {
        fail "$label: $path differs from 'yijia $*'"
        diff cli.json body.txt | head -5 | cut -c1-200 >&2 || true
    }
}
n=0
while IFS= read -r o; do
    for crs in wgs84 gcj02 bd09; do
        same "origin $o $crs" "/api/nearest?at=$o&crs=$crs&k=5" \
            nearest "$o" --crs $crs -k 5 --format json
        n=$((n + 1))
    done
done < origins.txt
[ $n = 90 ] || fail "$n comparisons of nearest, not 90"
while IFS= read -r o; do
    same "first_aid $o" "/api/nearest?at=$o&k=5&amenity=first_aid" \
        nearest "$o" -k 5 --amenity first_aid --format json
    same "城厢 $o" "/api/nearest?at=$o&k=5&township=$CHENGXIANG" \
        nearest "$o" -k 5 --township 城厢 --format json
    same "open $o" "/api/nearest?at=$o&k=5&open=2026-02-17T03:00" \
        nearest "$o" -k 5 --open-at 2026-02-17T03:00 --format json
    same "all three $o" "/api/nearest?at=$o&crs=gcj02&k=5&amenity=first_aid&township=$CHENGXIANG&open=2026-02-17T03:00" \
        nearest "$o" --crs gcj02 -k 5 --amenity first_aid --township 城厢 --open-at 2026-02-17T03:00 --format json
done < <(head -5 origins.txt)
same "within" "/api/nearest?at=120.25,30.16&k=100&within=3km" \
    nearest 120.25,30.16 -k 100 --within 3km --format json
same "near" "/api/nearest?near=$CHENGXIANG&k=4" nearest --near 城厢 -k 4 --format json
same "list" /api/stations list --format json
same "list 城厢" "/api/stations?township=$CHENGXIANG" list --township 城厢 --format json
same "list first_aid" "/api/stations?amenity=first_aid" list --amenity first_aid --format json
same "show" /api/stations/XS001 show --format json XS001
same "show edited" /api/stations/XS003 show --format json XS003
same "coverage" /api/coverage coverage --format json

# ---- the access log: Combined Log Format, a line per request -----------------------
before=$(wc -l < main.log)
get /api/stations/XS002 -A 'yijia-test/1 "quoted"' -e 'http://referer.example/page'
get "/api/stations?x=1"
get /api/stations/XS002 -X DELETE
get /api/stations -I
after=$(wc -l < main.log)
[ $((after - before)) = 4 ] || fail "4 requests, $((after - before)) log lines"
tail -4 main.log > last4.log
LEN=$(curl -s "$B/api/stations/XS002" | wc -c)
contains last4.log "\"GET /api/stations/XS002 HTTP/1.1\" 200 $LEN \"http://referer.example/page\" \"yijia-test/1 \\x22quoted\\x22\""
contains last4.log '"GET /api/stations?x=1 HTTP/1.1" 400 '
contains last4.log '"DELETE /api/stations/XS002 HTTP/1.1" 405 '
contains last4.log '"HEAD /api/stations HTTP/1.1" 200 '
CLF='^127\.0\.0\.1 - - \[[0-3][0-9]/[A-Z][a-z][a-z]/[0-9]{4}:[0-2][0-9]:[0-5][0-9]:[0-6][0-9] [+-][0-9]{4}] "[^ "]+ [^ "]+ HTTP/1\.[01]" [1-5][0-9][0-9] [0-9]+ "[^"]*" "[^"]*"$'
if grep -avEq "$CLF" main.log; then
    fail "access log lines not in the Combined Log Format:"
    grep -avE "$CLF" main.log | head -3 | cut -c1-200 >&2
fi
[ "$(wc -l < main.log)" -gt 300 ] || fail "the access log holds only $(wc -l < main.log) lines"
# a log that is not a regular file is refused before serving, not blocked
# on (a FIFO without a reader) or written into (a device, a directory)
mkfifo log.fifo
for target in log.fifo /dev/null "$WORK"; do
    if timeout 60 "${Y[@]}" serve --listen 127.0.0.1:0 --access-log "$target" \
            > /dev/null 2> badlog.err; then
        fail "--access-log $target: accepted"
    else
        rc=$?
        [ "$rc" = 1 ] || fail "--access-log $target: exit $rc, not 1"
    fi
    contains badlog.err "--access-log: $target: "
done
contains badlog.err "not a regular file"

# ---- always current: a database replaced by `yijia build` ----------------------------
mkdir -p data4
cp -r "$SRC/data/." data4/
head -5 "$SRC/data/stations.csv" > data4/stations.csv
start_hammer rebuild --path /api/stations --path "/api/nearest?at=120.25,30.16&k=3" \
    --path "$I?limit=100" --path /api/coverage
"${Y[@]}" build --data data4 --quiet || fail "the 4-station build failed"
for i in 1 2 3 4 5 6; do   # every worker: the next request is the new file's
    expect 200 /api/stations
    [ "$(ids body.txt)" = 4 ] || fail "after the rebuild: $(ids body.txt) stations, not 4"
done
"${Y[@]}" build --data "$SRC/data" --quiet || fail "the rebuild failed"
for i in 1 2 3 4 5 6; do
    expect 200 /api/stations
    [ "$(ids body.txt)" = 44 ] || fail "after the second rebuild: $(ids body.txt) stations"
done
stop_hammer rebuild

# ---- always current: `kill -9` of a big import while requests run -----------------
awk 'BEGIN { print "名称,地址,镇街,经度,纬度,备注";
    for (i = 0; i < 40000; i++)
        printf "合成测试站%d,合成测试路%d号,城厢街道,%.6f,%.6f,测试：合成数据\n",
            i, i, 120.2 + (i % 300) * 0.0003, 30.0 + int(i / 300) * 0.0003 }' > big.csv
alive() { [ -e "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status"; }
# wait_writing PID: the import holds the write lock (three refused probes
# in a row: its transaction, not a moment of its start-up); false when it
# ended first (as test_concurrency.sh).
wait_writing() {
    local i locked=0
    for i in $(seq 1 6000); do
        alive "$1" || return 1
        if sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK" >/dev/null 2>&1; then
            locked=0
        else
            locked=$((locked + 1))
            [ $locked -ge 3 ] && return 0
        fi
        sleep 0.02
    done
    return 1
}
start_hammer import --path "/api/nearest?at=120.2,30.0&k=1" \
    --path "/api/stations?township=$CHENGXIANG" --path "$I?limit=1000" \
    --forbid 合成测试站
"${Y[@]}" import --quiet big.csv > import.out 2>&1 &
IMPORT_PID=$!
HELPERS+=("$IMPORT_PID")
if wait_writing $IMPORT_PID; then
    expect 200 "/api/nearest?at=120.2,30.0&k=1"
    lacks body.txt 合成测试站
    alive $IMPORT_PID || fail "the import ended before it could be killed"
    kill -9 $IMPORT_PID
else
    fail "the import was never seen writing: $(cat import.out)"
fi
wait $IMPORT_PID 2>/dev/null || true
for i in 1 2 3 4 5 6; do
    expect 200 /api/stations
    [ "$(ids body.txt)" = 44 ] || fail "after kill -9 of the import: $(ids body.txt) stations"
    lacks body.txt 合成测试站
done
expect 200 "/api/nearest?at=120.2,30.0&k=1"
lacks body.txt 合成测试站
stop_hammer import
same "list after kill -9" /api/stations list --format json

# ---- a client dripping a byte a second ---------------------------------------------
node "$CLIENTS" drip --port "$PORT" --ready drip.ready --state drip.state &
DRIP_PID=$!
HELPERS+=("$DRIP_PID")
wait_for test -e drip.ready || fail "the dripping client did not start"
expect 200 /api/stations/XS001
expect 200 /api/stations -H 'Accept-Encoding: gzip'
grep -q '^open ' drip.state || fail "the dripping client was closed: $(cat drip.state)"
kill "$DRIP_PID"
wait "$DRIP_PID" 2>/dev/null || true

# ---- 1,000 idle connections ------------------------------------------------------------
# (each side needs a descriptor for each: the hard limit must allow them)
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 1100 ]; then
    die "1,000 idle connections need more than $(ulimit -n) descriptors (ulimit -Hn)"
fi
node "$CLIENTS" idle --port "$PORT" --count 1000 --ready idle.ready --guard 600 > idle.json &
IDLE_PID=$!
HELPERS+=("$IDLE_PID")
wait_for test -e idle.ready || fail "the 1,000 idle connections were not all opened"
[ "$(cat idle.ready 2>/dev/null)" = 500 ] || fail "of 500 keep-alive requests, $(cat idle.ready) answered"
expect 200 /api/stations/XS001
expect 200 "/api/nearest?at=120.25,30.16&k=5"
kill -TERM "$IDLE_PID"
wait "$IDLE_PID" 2>/dev/null || true
grep -q '"open":1000' idle.json || fail "idle connections were closed while the request ran: $(cat idle.json)"
# and SIGTERM does not wait for idle connections
stop_server
contains main.err "yijia: stopped"

# ---- CORS only with --cors; OPTIONS -------------------------------------------------------
# (one worker thread: see the SIGTERM case below)
start_server cors --cors https://example.org --threads 1
expect 200 /api/stations/XS001
[ "$(header Access-Control-Allow-Origin)" = https://example.org ] ||
    fail "--cors: Access-Control-Allow-Origin '$(header Access-Control-Allow-Origin)'"
expect_error 404 NotFound "/nope" /nope
[ "$(header Access-Control-Allow-Origin)" = https://example.org ] || fail "--cors: none on a 404"
expect 204 /api/stations -X OPTIONS -H 'Origin: https://example.org' \
    -H 'Access-Control-Request-Method: GET'
case $(header Allow) in *GET*) ;; *) fail "OPTIONS: Allow '$(header Allow)'" ;; esac

# ---- SIGTERM: the request in flight is finished, then exit 0 ---------------------------
# The request is sent but its last CRLF: in flight from its first line.
node "$CLIENTS" inflight --port "$PORT" --path /api/stations --ready inflight.ready \
    --go inflight.go > inflight.json &
INFLIGHT_PID=$!
HELPERS+=("$INFLIGHT_PID")
wait_for test -e inflight.ready || die "the in-flight client did not start"
# The server has read what was sent when its socket's receive queue is
# empty (/proc/net/tcp: the server's end, local port PORT).  The one worker
# reads and parses in one go, so once a later request is answered the
# first line of this one was parsed: it is in flight.
received() {
    awk -v p="$(printf '%04X' "$PORT")" '$2 ~ ":"p"$" && $4 == "01" {
        split($5, q, ":"); if (q[2] != "00000000") busy = 1; n++ }
        END { exit !(n >= 1 && !busy) }' /proc/net/tcp
}
wait_for received || fail "the server did not read the in-flight request"
expect 200 /api/stations/XS002
kill -TERM "$SERVER_PID"
wait_for grep -q 'finishing the requests in flight' cors.err || fail "no word of SIGTERM"
refused() { ! curl -s --max-time 5 -o /dev/null "$B/api/stations/XS001"; }
wait_for refused || fail "new connections are still taken after SIGTERM"
alive "$SERVER_PID" || fail "the server ended before the request in flight was finished"
touch inflight.go
wait "$INFLIGHT_PID" || fail "the in-flight client failed"
st=0
wait "$SERVER_PID" || st=$?
SERVER_PID=
[ "$st" = 0 ] || fail "the server exited $st after SIGTERM with a request in flight"
contains cors.err "yijia: stopped"
lacks cors.err "still running"
node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const list = r.status === 200 && r.bodyLength === r.contentLength ? JSON.parse(r.body) : null;
    if (!list || list.length !== 44) {
        console.error(JSON.stringify(r).slice(0, 300));
        process.exit(1);
    }' inflight.json || fail "the request in flight at SIGTERM was not answered whole"
grep -q '"GET /api/stations HTTP/1.1" 200 ' cors.log || fail "the in-flight request is not in the log"
finish

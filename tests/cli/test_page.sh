# test_page.sh — the workers' phone page (web/, issue 17) in a real
# browser, in both its homes: served by `yijia serve` (on 127.0.0.1, an
# ephemeral port, stopped by its id), and as the static site of `yijia
# export --format site` on a plain node static file server
# (tests/browser/static_server.js, started and stopped by the test).  The
# answers the page must give come from the tool: `yijia nearest ...
# --format json` here, passed to tests/browser/page_test.js.  Screenshots
# (360×780, 1280×800) stay in this case's scratch directory as artifacts;
# the transfer size and the first answer under CPU ×4 + Slow 4G are printed.
source "$(dirname "$0")/lib.sh" "$@"
if [ ! -x /usr/bin/chromium ] || [ ! -d "$SRC/tests/browser/node_modules/playwright-core" ] ||
    [ ! -d "$SRC/tests/browser/node_modules/axe-core" ] || ! command -v node >/dev/null; then
    echo "chromium, playwright-core or axe-core is not installed (tools/setup installs them): skipped"
    exit 77
fi
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")

# One station located to its door (test data: the shipped ones are all
# located only to their townships), to check the hand-off to a point.
PRECISE=XS001
run 0 "${Y[@]}" edit $PRECISE --set lon=120.2455123 --set lat=30.1531234 --set coord_precision=door
FROM=120.2460,30.1535

# nearest ARGS...: the tool's answer as JSON ([] when nothing matches)
nearest() {
    local out
    out=$("${Y[@]}" nearest "$@" -k 5 --format json 2>/dev/null) || true
    [ -n "$out" ] && printf '%s' "$out" || printf '[]'
}
PLACES=(120.2930,30.1750 120.2650,30.1850 120.4300,30.2000 120.2200,30.1300
        120.3500,30.0500 120.5000,30.2800 120.1900,30.2200)
{
    printf '{"places": ['
    sep=
    for p in "${PLACES[@]}"; do
        printf '%s{"lon": %s, "lat": %s, "hits": %s}' "$sep" "${p%,*}" "${p#*,}" "$(nearest "$p")"
        sep=,
    done
    printf '],\n'
    GCJ=$("$YIJIA" convert --from wgs84 --to gcj02 "${PLACES[2]}")
    BD=$("$YIJIA" convert --from wgs84 --to bd09 "${PLACES[3]}")
    BDLATLON="${BD#*,},${BD%,*}"
    printf '"typed": [{"text": "%s", "hits": %s},\n' "${PLACES[0]/,/，}" "$(nearest "${PLACES[0]}")"
    printf '{"text": "https://uri.amap.com/marker?position=%s&name=x", "hits": %s},\n' "$GCJ" "$(nearest "$GCJ" --crs gcj02)"
    printf '{"text": "https://api.map.baidu.com/marker?location=%s&title=x&output=html", "hits": %s},\n' "$BDLATLON" "$(nearest "$BD" --crs bd09)"
    printf '{"text": "%s", "crs": "gcj02", "hits": %s}],\n' "$GCJ" "$(nearest "$GCJ" --crs gcj02)"
    printf '"near": {"text": "湘湖", "place": "湘湖站", "hits": %s},\n' "$(nearest --near 湘湖)"
    printf '"township": {"name": "城厢街道", "hits": %s},\n' "$(nearest --near 城厢街道)"
    printf '"toilet": %s,\n' "$(nearest "${PLACES[0]}" --amenity toilet)"
    printf '"open_now": %s,\n' "$(nearest "${PLACES[0]}" --open-now)"
    printf '"precise_hits": %s,\n' "$(nearest $FROM)"
    printf '"shared": "XS029"}\n'
} > expected.raw.json
# derive the link checks from the tool's own JSON
node -e '
const fs = require("fs");
const e = JSON.parse(fs.readFileSync("expected.raw.json", "utf8"));
const a = e.places[0].hits[0];
e.approximate = { id: a.id, name: a.name, address: a.address };
const p = e.precise_hits[0];
const g = /position=([-\d.]+),([-\d.]+)/.exec(p.links.amap), b = /location=([-\d.]+),([-\d.]+)/.exec(p.links.baidu);
e.precise = { id: p.id, name: p.name, from: { lon: '"${FROM%,*}"', lat: '"${FROM#*,}"' }, hits: e.precise_hits,
              wgs: { lon: p.lon, lat: p.lat }, gcj: { lon: +g[1], lat: +g[2] }, bd: { lat: +b[1], lon: +b[2] } };
if (p.id !== "'$PRECISE'" || !a.approximate) throw new Error("test data: " + p.id + " " + a.id);
fs.writeFileSync("expected.json", JSON.stringify(e, null, 1));
' || fail "expected answers"

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

# ---- served by yijia serve ----
: > serve.err
"${Y[@]}" serve --listen 127.0.0.1:0 --access-log "$WORK/access.log" 2> serve.err &
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
    fail "yijia serve did not start"
else
    node "$SRC/tests/browser/page_test.js" served "http://127.0.0.1:$PORT/" expected.json "$WORK" \
        "$WORK/access.log" > served.out 2>&1 || fail "the served page (served.out)"
    cat served.out
    kill -TERM "$SERVER_PID"
    st=0
    wait "$SERVER_PID" || st=$?
    [ "$st" = 0 ] || fail "yijia serve exited $st after SIGTERM"
fi

# ---- the static site ----
run 0 "${Y[@]}" export --format site -o site
node "$SRC/tests/browser/page_test.js" static "$WORK/site" expected.json "$WORK" > static.out 2>&1 ||
    fail "the static site (static.out)"
cat static.out

for f in served static; do
    contains $f.out "page_test [$f]: ok"
    for s in first-360x780 results-360x780 map-360x780 results-1280x800; do
        [ -s "$f-$s.png" ] || fail "screenshot $f-$s.png"
    done
done
finish

# test_serve_ogc.sh — `yijia serve` as OGC API – Features – Part 1: Core
# (OGC 17-069r4) under /ogcapi/, probed with curl and checked with node,
# then read by a real client, GDAL's OAPIF driver.  The server runs on
# 127.0.0.1 at a port the OS picks, started and stopped (by its process
# id) here.  The requirement texts are those of opengeospatial/
# ogcapi-features, core/standard/requirements/.
#
# Requirements class Core (/req/core/...)         test (a function below)
#   root-op, root-success                          req_landing
#   api-definition-op, api-definition-success      req_api_definition
#   conformance-op, conformance-success            req_conformance
#   http                                           req_http
#   query-param-unknown, query-param-invalid       req_query_params
#   crs84                                          req_crs84
#   fc-md-op, fc-md-success, fc-md-links,
#     fc-md-items, fc-md-items-links               req_collections
#   fc-md-extent                                   req_extent
#   sfc-md-op, sfc-md-success                      req_collection
#   fc-op, fc-response, fc-timeStamp,
#     fc-numberMatched, fc-numberReturned          req_items
#   fc-bbox-definition, fc-bbox-response           req_bbox (+ req_oas_document)
#   fc-limit-definition, fc-limit-response-1       req_limit
#   fc-time-definition, fc-time-response           req_datetime
#   fc-links, fc-rel-type (and numberMatched/
#     Returned across pages)                       req_paging, req_links_base
#   f-op, f-success, f-links                       req_feature
# Requirements class OpenAPI 3.0 (/req/oas30/...)
#   oas-definition-1                               req_api_definition
#   oas-definition-2, security                     req_oas_document
#   oas-impl (and: every /ogcapi route of
#     src/serve/serve_route.c is in the document)  req_oas_impl
#   completeness, exceptions-codes                 req_oas_completeness
# Requirements class GeoJSON (/req/geojson/...)
#   definition, content                            req_geojson
# Not claimed (not in /ogcapi/conformance): HTML (api.html is the
# service-doc only), GML SF0/SF2.
#
# Real clients (issue 16, deliverable 5)                 test
#   ogrinfo OAPIF:URL lists both layers                  gdal_layers
#   every station read equals `yijia export` (ids,
#     names, coordinates)                                gdal_read_all
#   -spat pushes bbox= to the server (access log)        gdal_spat
#   PAGE_SIZE=7 follows next links to all 44             gdal_paging
#   ogr2ogr -f GPKG from the service: 44 stations        gdal_gpkg
source "$(dirname "$0")/lib.sh" "$@"

for tool in curl node; do
    command -v "$tool" >/dev/null ||
        { echo "$tool is not installed: skipped"; exit 77; }
done
# loopback only: never through a proxy the environment names
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
# guards only (a hung server ends the test instead of the CI job)
export GDAL_HTTP_TIMEOUT=120 CPL_DEBUG=OFF

build_db
DB=$WORK/stations.sqlite
"$YIJIA" --db "$DB" export --format geojson -o export.geojson

# ---- the servers ------------------------------------------------------------
PIDS=()
stop_servers() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT

# start_server NAME OPTION...: `yijia serve` in the background, its stderr
# in NAME.err; sets SERVER_PID and SERVER_URL (http://127.0.0.1:PORT)
# once it says it serves.
start_server() {
    local name=$1 line="" waited=0
    shift
    "$YIJIA" --db "$DB" serve --listen 127.0.0.1:0 "$@" 2>"$WORK/$name.err" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    while [ -z "$line" ]; do
        line=$(grep -o 'serving http://127\.0\.0\.1:[0-9]*/' "$WORK/$name.err" || true)
        [ -n "$line" ] && break
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            fail "yijia serve ($name) exited before serving"
            sed 's/^/  | /' "$WORK/$name.err" >&2
            finish
        fi
        # a guard against a server that never starts, not a measurement
        waited=$((waited + 1))
        if [ "$waited" -gt 1800 ]; then
            fail "yijia serve ($name) did not start within 180 s"
            finish
        fi
        sleep 0.1
    done
    line=${line#serving }
    SERVER_URL=${line%/}
}

# get NAME URL [CURL-OPTION...]: NAME.body and NAME.head; STATUS
get() {
    local name=$1 url=$2
    shift 2
    STATUS=$(curl -sS --max-time 120 -o "$WORK/$name.body" \
        -D "$WORK/$name.head" -w '%{http_code}' "$@" "$url" \
        2>"$WORK/$name.curl" </dev/null) ||
        STATUS="curl failed: $(cat "$WORK/$name.curl")"
}
# status_is NAME WANT: the last get's status
status_is() {
    [ "$STATUS" = "$2" ] ||
        { fail "$1: status $STATUS, expected $2"; head -c 400 "$WORK/$1.body" | sed 's/^/  | /' >&2; }
}
# header NAME FIELD: the value of a response header (last one)
header() {
    tr -d '\r' <"$WORK/$1.head" | awk -v f="$2" 'BEGIN { f = tolower(f) }
        { i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == f) v = substr($0, i + 2) }
        END { print v }'
}
# type_is NAME MEDIA-TYPE
type_is() {
    local got
    got=$(header "$1" Content-Type)
    [ "$got" = "$2" ] || fail "$1: Content-Type '$got', expected '$2'"
}

# js LABEL FILE...  with JavaScript on stdin: the files' JSON are j[0],
# j[1], ...; ok(cond, what) records a failure; the helpers of check.js
# and `fetch` (node 20) are at hand; `await` works.
js() {
    local label=$1
    shift
    node "$WORK/check.js" "$label" "$@" || fail "$label"
}
cat >"$WORK/check.js" <<'EOF'
"use strict";
const fs = require("fs");
const [label, ...files] = process.argv.slice(2);
let failed = 0;
function ok(cond, what) {
    if (!cond) {
        failed++;
        console.error(`  ${label}: ${what}`);
    }
    return !!cond;
}
function load(f) {
    try {
        return JSON.parse(fs.readFileSync(f, "utf8"));
    } catch (e) {
        ok(false, `${f}: not JSON (${e.message})`);
        return undefined;
    }
}
const j = files.map(load);
const env = process.env;
const BASE = env.BASE;                 // http://127.0.0.1:PORT/ogcapi
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const exported = load("export.geojson").features;  // `yijia export`
const links = (o, rel) => ((o && o.links) || []).filter(l => l.rel === rel);
// every link an object with href, rel and type strings
const linksTyped = o => Array.isArray(o.links) && o.links.every(l =>
    typeof l.href === "string" && typeof l.rel === "string" &&
    typeof l.type === "string");
const sameSet = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const rfc3339 = s => typeof s === "string" &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) &&
    !isNaN(Date.parse(s));
async function getJSON(url, headers) {
    const r = await fetch(url, { headers: headers || {} });
    const text = await r.text();
    let body;
    try { body = JSON.parse(text); } catch (e) { body = undefined; }
    return { status: r.status, type: r.headers.get("content-type"), body, text };
}
// a point [lon, lat] in box [w, s, e, n] (w > e: across the antimeridian)
function pointIn(b, p) {
    if (p[1] < b[1] || p[1] > b[3]) return false;
    return b[0] <= b[2] ? p[0] >= b[0] && p[0] <= b[2] : p[0] >= b[0] || p[0] <= b[2];
}
// does segment a-c meet box b (w <= e)?
function segmentMeets(a, c, b) {
    let t0 = 0, t1 = 1;
    const dx = c[0] - a[0], dy = c[1] - a[1];
    const p = [-dx, dx, -dy, dy], q = [a[0] - b[0], b[2] - a[0], a[1] - b[1], b[3] - a[1]];
    for (let i = 0; i < 4; i++) {
        if (p[i] === 0) { if (q[i] < 0) return false; continue; }
        const r = q[i] / p[i];
        if (p[i] < 0) { if (r > t1) return false; if (r > t0) t0 = r; }
        else { if (r < t0) return false; if (r < t1) t1 = r; }
    }
    return true;
}
function insideRings(rings, pt) {
    let c = false;
    for (const ring of rings)
        for (let i = 0, k = ring.length - 1; i < ring.length; k = i++) {
            const [xi, yi] = ring[i], [xk, yk] = ring[k];
            if ((yi > pt[1]) !== (yk > pt[1]) &&
                pt[0] < (xk - xi) * (pt[1] - yi) / (yk - yi) + xi)
                c = !c;
        }
    return c;
}
// does a feature's geometry (Point or MultiPolygon) meet box b?
function geometryMeets(g, b) {
    if (g === null) return true;  // /req/core/fc-bbox-response C
    if (b[0] > b[2])
        return geometryMeets(g, [b[0], b[1], 180, b[3]]) ||
               geometryMeets(g, [-180, b[1], b[2], b[3]]);
    if (g.type === "Point") return pointIn(b, g.coordinates);
    const rings = g.coordinates.flat(1);
    for (const r of rings)
        for (let i = 0; i < r.length; i++)
            if (segmentMeets(r[i], r[(i + 1) % r.length], b)) return true;
    return insideRings(rings, [b[0], b[1]]);
}
// every coordinate of a geometry, as [lon, lat] pairs
function positions(g) {
    if (g === null) return [];
    if (g.type === "Point") return [g.coordinates];
    return g.coordinates.flat(2);
}
// every page from url on, following next links: { ids, pages }
async function pageAll(url, most) {
    const ids = [], pages = [];
    for (let n = 0; url && n < (most || 100); n++) {
        const r = await getJSON(url);
        if (!ok(r.status === 200 && r.body, `${url}: status ${r.status}`)) break;
        pages.push({ url, body: r.body });
        for (const f of r.body.features) ids.push(f.id);
        const next = links(r.body, "next");
        url = next.length ? next[0].href : null;
    }
    return { ids, pages };
}
const AsyncFunction = (async () => {}).constructor;
const helpers = { fs, ok, j, env, BASE, CRS84, exported, links, linksTyped,
    sameSet, rfc3339, getJSON, pointIn, geometryMeets, positions, pageAll, load };
const code = fs.readFileSync(0, "utf8");
new AsyncFunction(...Object.keys(helpers), code)(...Object.values(helpers))
    .catch(e => ok(false, `threw ${e.stack}`))
    .then(() => process.exit(failed ? 1 : 0));
EOF

start_server main --access-log "$WORK/access.log"
MAIN_PID=$SERVER_PID
URL=$SERVER_URL
export BASE=$URL/ogcapi
ITEMS=$BASE/collections/stations/items
TOWNSHIP_ITEMS=$BASE/collections/townships/items

# ---- Core ---------------------------------------------------------------------

req_landing() {   # /req/core/root-op, root-success
    local path
    for path in /ogcapi /ogcapi/; do
        get landing "$URL$path"
        status_is landing 200
        type_is landing application/json
    done
    js root-success landing.body <<'JS'
        const l = j[0];
        ok(typeof l.title === "string", "a title");
        ok(linksTyped(l), "every link has href, rel and type");
        ok(links(l, "service-desc").length + links(l, "service-doc").length > 0,
           "a link to the API definition (service-desc or service-doc)");
        ok(links(l, "conformance").some(x => x.href === BASE + "/conformance"),
           "a conformance link to /conformance");
        ok(links(l, "data").some(x => x.href === BASE + "/collections"),
           "a data link to /collections");
        ok(links(l, "self").some(x => x.href === BASE && x.type === "application/json"),
           "a self link");
JS
}

req_api_definition() {   # /req/core/api-definition-op, -success; /req/oas30/oas-definition-1
    js api-definition landing.body <<'JS'
        const defs = links(j[0], "service-desc").concat(links(j[0], "service-doc"));
        ok(defs.length === 2, "service-desc and service-doc");
        for (const d of defs) {
            // GET with Accept: the link's type gives a document of that type
            const r = await fetch(d.href, { headers: { Accept: d.type } });
            const text = await r.text();
            ok(r.status === 200, `${d.href}: status ${r.status}`);
            ok(r.headers.get("content-type").startsWith(d.type.split(";")[0]),
               `${d.href}: Content-Type ${r.headers.get("content-type")} for ${d.type}`);
            if (d.rel === "service-desc") {
                ok(d.type === "application/vnd.oai.openapi+json;version=3.0",
                   "service-desc is OpenAPI 3.0 JSON (oas-definition-1)");
                ok(d.href === BASE + "/api", "the definition is at /api");
                let doc;
                try { doc = JSON.parse(text); } catch (e) { ok(false, "the definition is JSON"); }
                ok(doc && /^3\.0\.\d+$/.test(doc.openapi), "openapi 3.0.x");
                ok(r.headers.get("content-type") === d.type, "served as " + d.type);
            } else {
                ok(d.type === "text/html", "service-doc is HTML (oas-definition-1)");
                ok(/^<!doctype html>/i.test(text) && text.includes("</html>"),
                   "service-doc is an HTML document");
            }
        }
JS
}

req_conformance() {   # /req/core/conformance-op, conformance-success
    get conformance "$BASE/conformance"
    status_is conformance 200
    type_is conformance application/json
    js conformance-success conformance.body <<'JS'
        const c = j[0].conformsTo;
        ok(Array.isArray(c) && c.every(x => typeof x === "string"), "conformsTo: strings");
        for (const k of ["core", "oas30", "geojson"])
            ok(c.includes("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/" + k),
               "conforms to " + k);
        // what is not implemented is not claimed
        ok(!c.some(x => /conf\/(html|gmlsf0|gmlsf2)$/.test(x)), "claims no html, gml");
JS
}

req_http() {   # /req/core/http: HTTP/1.1
    get http "$BASE/collections"
    status_is http 200
    head -1 "$WORK/http.head" | grep -q '^HTTP/1\.1 200' ||
        fail "http: status line $(head -1 "$WORK/http.head")"
    [ -n "$(header http Date)" ] || fail "http: no Date header"
    [ "$(header http Content-Length)" = "$(stat -c %s "$WORK/http.body")" ] ||
        fail "http: Content-Length is not the body's length"
    # HEAD: the same headers, no body (read off the socket: a client
    # would not show bytes after the headers)
    local port=${URL##*:}
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'HEAD /ogcapi/collections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    timeout 120 cat <&3 >"$WORK/head.raw" || fail "http: HEAD unanswered"
    exec 3<&-
    head -1 "$WORK/head.raw" | grep -q '^HTTP/1\.1 200' || fail "http: HEAD: $(head -1 "$WORK/head.raw")"
    grep -qi '^Content-Type: application/json' "$WORK/head.raw" || fail "http: HEAD's Content-Type"
    [ "$(tail -c 4 "$WORK/head.raw" | od -An -c | tr -d ' ')" = '\r\n\r\n' ] ||
        fail "http: HEAD has a body"
    # a method the resource does not take: 405 with Allow
    get post "$BASE/collections" -X POST -d x=1
    status_is post 405
    case $(header post Allow) in *GET*) ;; *) fail "http: 405 without Allow: GET" ;; esac
    # persistent connections: two requests, one connection
    curl -sv --max-time 120 -o /dev/null -o /dev/null "$BASE/conformance" "$BASE/collections" \
        2>"$WORK/keepalive.txt" || fail "http: two requests on one connection"
    grep -qi 're-using existing connection' "$WORK/keepalive.txt" ||
        fail "http: the connection was not kept alive"
    # an entity tag, and 304 for If-None-Match (HTTP/1.1 conditional GET)
    local tag
    tag=$(header http ETag)
    [ -n "$tag" ] || fail "http: no ETag on /collections"
    get cond "$BASE/collections" -H "If-None-Match: $tag"
    status_is cond 304
    [ ! -s "$WORK/cond.body" ] || fail "http: a 304 with a body"
}

req_query_params() {   # /req/core/query-param-unknown, query-param-invalid
    local q
    # a parameter the API definition does not name: 400, on every resource
    for q in "?foo=1" "/conformance?foo=1" "/collections?bbox=120,30,121,31" \
             "/collections/stations?limit=1" "/collections/stations/items?foo=1" \
             "/collections/stations/items?Limit=1" "/collections/townships/items?township=x" \
             "/collections/stations/items/XS001?limit=1" "/api?foo=1"; do
        get unknown "$BASE$q"
        status_is unknown 400
        type_is unknown application/json
        js "query-param-unknown $q" unknown.body <<'JS'
            ok(typeof j[0].code === "string" && typeof j[0].description === "string",
               "an exception {code, description}");
            ok(/unknown query parameter/.test(j[0].description), "names the parameter: " + j[0].description);
JS
    done
    # a value that is not valid: 400
    for q in limit=0 limit=-1 limit=1.5 limit=abc limit= \
             offset=-1 offset=x bbox=1,2,3 bbox=1,2,3,4,5 bbox=120,31,121,30 \
             bbox=120,30,200,31 bbox=a,b,c,d bbox=120,30,121,31,, bbox= \
             datetime=yesterday datetime=2026-13-01T00:00:00Z f=xml \
             township=nowhere category=nothing amenity=nothing; do
        get invalid "$ITEMS?$q"
        status_is invalid 400
        js "query-param-invalid $q" invalid.body <<'JS'
            ok(typeof j[0].code === "string" && typeof j[0].description === "string",
               "an exception {code, description}");
JS
    done
    for q in "?f=xml" "/collections?f=html" "/collections/stations/items/XS001?f=xml"; do
        get invalid "$BASE$q"
        status_is invalid 400
    done
}

req_crs84() {   # /req/core/crs84
    get crs "$ITEMS?limit=10000"
    status_is crs 200
    get crs_townships "$TOWNSHIP_ITEMS?limit=10000"
    status_is crs_townships 200
    js crs84 crs.body crs_townships.body <<'JS'
        for (const fc of j)
            for (const f of fc.features)
                for (const [lon, lat] of positions(f.geometry))
                    ok(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90,
                       `${f.id}: ${lon},${lat} is not CRS84`);
        // longitude first: the same points as the export (RFC 7946, lon,lat)
        const byId = new Map(exported.map(f => [f.id, f]));
        for (const f of j[0].features) {
            const e = byId.get(f.id);
            ok(e && JSON.stringify(e.geometry) === JSON.stringify(f.geometry),
               `${f.id}: geometry ${JSON.stringify(f.geometry)} differs from the export`);
        }
        const c = await getJSON(BASE + "/collections");
        for (const col of c.body.collections) {
            ok(Array.isArray(col.crs) && col.crs.includes(CRS84), col.id + ": crs lists CRS84");
            ok(!col.extent || col.extent.spatial.crs === undefined || col.extent.spatial.crs === CRS84,
               col.id + ": the extent is in CRS84");
        }
JS
}

req_collections() {   # /req/core/fc-md-op, fc-md-success, fc-md-links, fc-md-items, fc-md-items-links
    get collections "$BASE/collections"
    status_is collections 200
    type_is collections application/json
    js collections collections.body <<'JS'
        const c = j[0];
        ok(Array.isArray(c.collections) && Array.isArray(c.links), "links and collections");
        ok(sameSet(c.collections.map(x => x.id), ["stations", "townships"]),
           "the collections are stations and townships");
        ok(linksTyped(c), "every link has href, rel and type");
        ok(links(c, "self").some(l => l.href === BASE + "/collections" && l.type === "application/json"),
           "a typed self link");
        // one media type (JSON) is served: no alternate is owed
        for (const col of c.collections) {
            ok(typeof col.id === "string" && typeof col.title === "string", col.id + ": id, title");
            ok(linksTyped(col), col.id + ": links with rel and type");
            ok(links(col, "items").some(l =>
                   l.href === `${BASE}/collections/${col.id}/items` && l.type === "application/geo+json"),
               col.id + ": an items link to its features, GeoJSON");
            ok(col.itemType === undefined || col.itemType === "feature", col.id + ": itemType feature");
        }
JS
}

req_extent() {   # /req/core/fc-md-extent
    js fc-md-extent collections.body <<'JS'
        for (const col of j[0].collections) {
            if (!ok(col.extent && col.extent.spatial, col.id + ": a spatial extent")) continue;
            const bb = col.extent.spatial.bbox;
            ok(Array.isArray(bb) && bb.length >= 1 && bb[0].length === 4, col.id + ": one 2D bbox");
            const [w, s, e, n] = bb[0];
            const fc = (await getJSON(`${BASE}/collections/${col.id}/items?limit=10000`)).body;
            let n_pos = 0;
            for (const f of fc.features)
                for (const [lon, lat] of positions(f.geometry)) {
                    n_pos++;
                    ok(lon >= w && lon <= e && lat >= s && lat <= n,
                       `${col.id}/${f.id}: ${lon},${lat} outside the extent ${bb[0]}`);
                }
            ok(n_pos > 0, col.id + ": features with positions");
        }
JS
}

req_collection() {   # /req/core/sfc-md-op, sfc-md-success
    local id
    for id in stations townships; do
        get "collection_$id" "$BASE/collections/$id"
        status_is "collection_$id" 200
        type_is "collection_$id" application/json
        js "sfc-md-success $id" collections.body "collection_$id.body" <<'JS'
            const one = j[1];
            const listed = j[0].collections.find(c => c.id === one.id);
            ok(listed, "the collection is in /collections");
            // the same content: id, title, description, extent identical
            ok(JSON.stringify(listed) === JSON.stringify(one),
               "differs from its entry in /collections");
JS
    done
    get nocollection "$BASE/collections/nope"
    status_is nocollection 404
}

req_items() {   # /req/core/fc-op, fc-response, fc-timeStamp, fc-numberMatched, fc-numberReturned
    local id before after
    for id in stations townships; do
        get "items_$id" "$BASE/collections/$id/items"
        status_is "items_$id" 200
    done
    get noitems "$BASE/collections/nope/items"
    status_is noitems 404
    before=$(date +%s)
    get items_all "$ITEMS?limit=10000"
    after=$(date +%s)
    status_is items_all 200
    BEFORE=$before AFTER=$after js fc-response items_all.body items_stations.body <<'JS'
        const all = j[0];
        ok(all.numberMatched === 44 && all.numberReturned === 44 && all.features.length === 44,
           `44 stations: matched ${all.numberMatched}, returned ${all.numberReturned}`);
        ok(sameSet(all.features.map(f => f.id), exported.map(f => f.id)),
           "the stations are those of `yijia export`");
        ok(j[1].features.length === 10 && j[1].numberReturned === 10 && j[1].numberMatched === 44,
           "without limit: the default page of 10, 44 matched");
        // timeStamp: when the response was generated (to the second)
        const t = Date.parse(all.timeStamp) / 1000;
        ok(rfc3339(all.timeStamp), "timeStamp is RFC 3339: " + all.timeStamp);
        ok(t >= +env.BEFORE - 1 && t <= +env.AFTER + 1,
           `timeStamp ${all.timeStamp} is not the time of the request`);
        // only the features selected: equality filters, counted against the export
        const cases = [
            ["township=%E5%9F%8E%E5%8E%A2", f => f.properties.township === "城厢街道"],
            ["township=%E5%9F%8E%E5%8E%A2%E8%A1%97%E9%81%93", f => f.properties.township === "城厢街道"],
            ["category=bank", f => f.properties.category === "bank"],
            ["amenity=first_aid", f => f.properties.amenities.includes("first_aid")],
            ["category=bank&amenity=drinking_water,rest",
             f => f.properties.category === "bank" && f.properties.amenities.includes("drinking_water") &&
                  f.properties.amenities.includes("rest")],
        ];
        for (const [q, pick] of cases) {
            const r = await getJSON(`${BASE}/collections/stations/items?limit=10000&${q}`);
            const want = exported.filter(pick).map(f => f.id);
            ok(r.status === 200, `${q}: status ${r.status}`);
            ok(want.length > 0, `${q}: the data has such stations`);
            ok(sameSet(r.body.features.map(f => f.id), want), `${q}: not the stations selected`);
            ok(r.body.numberMatched === want.length && r.body.numberReturned === want.length,
               `${q}: numberMatched ${r.body.numberMatched}, numberReturned ${r.body.numberReturned}, ` +
               `expected ${want.length}`);
        }
        // numberReturned on a partial page, numberMatched independent of paging
        const p = await getJSON(`${BASE}/collections/stations/items?limit=5&offset=42`);
        ok(p.body.numberReturned === 2 && p.body.features.length === 2 && p.body.numberMatched === 44,
           "offset 42 of 44, limit 5: two returned, 44 matched");
        const past = await getJSON(`${BASE}/collections/stations/items?offset=100`);
        ok(past.status === 200 && past.body.features.length === 0 && past.body.numberReturned === 0 &&
           past.body.numberMatched === 44, "an offset past the end: an empty page");
JS
}

req_bbox() {   # /req/core/fc-bbox-definition, fc-bbox-response
    js fc-bbox-response <<'JS'
        // four numbers; six (heights ignored); across the antimeridian;
        // boxes over the townships of Xiaoshan, large and small
        const boxes = [
            [120.2, 30.1, 120.3, 30.2], [120.24, 30.16, 120.26, 30.17],
            [119, 29, 121, 31], [0, 0, 1, 1], [170, -10, -170, 10], [-180, -90, 180, 90],
            [120.26, 30.15, 120.265, 30.155], [120.4, 29.9, 120.45, 30.0],
        ];
        let seed = 16;
        const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let i = 0; i < 30; i++) {
            const lon = 120.05 + rnd() * 0.6, lat = 29.83 + rnd() * 0.5, d = rnd() * 0.04;
            boxes.push([lon, lat, +(lon + d).toFixed(6), +(lat + d).toFixed(6)]);
        }
        const townships = (await getJSON(`${BASE}/collections/townships/items?limit=10000`)).body.features;
        for (const b of boxes)
            for (const six of [false, true]) {
                const q = six ? [b[0], b[1], -100, b[2], b[3], 9000] : b;
                for (const [col, all] of [["stations", exported], ["townships", townships]]) {
                    const r = await getJSON(`${BASE}/collections/${col}/items?limit=10000&bbox=${q.join(",")}`);
                    if (!ok(r.status === 200, `${col} bbox=${q}: status ${r.status}`)) continue;
                    // the features whose geometry meets the box, and those without one (C)
                    const want = all.filter(f => geometryMeets(f.geometry, b)).map(f => f.id);
                    ok(sameSet(r.body.features.map(f => f.id), want),
                       `${col} bbox=${q}: got ${r.body.features.map(f => f.id)}, expected ${want}`);
                    ok(r.body.numberMatched === want.length, `${col} bbox=${q}: numberMatched`);
                }
            }
        // the stations without a point match every box
        const unlocated = exported.filter(f => f.geometry === null).map(f => f.id);
        ok(unlocated.length === 4, "the data has 4 stations without a point");
        const none = await getJSON(`${BASE}/collections/stations/items?bbox=0,0,1,1`);
        ok(sameSet(none.body.features.map(f => f.id), unlocated), "a box with no station: the 4 without a point");
JS
}

req_limit() {   # /req/core/fc-limit-definition, fc-limit-response-1
    js fc-limit <<'JS'
        for (const [limit, want] of [[1, 1], [3, 3], [44, 44], [10000, 44], [10001, 44], [123456789, 44]]) {
            const r = await getJSON(`${BASE}/collections/stations/items?limit=${limit}`);
            ok(r.status === 200, `limit=${limit}: status ${r.status}`);
            ok(r.body.features.length === want && r.body.numberReturned === want,
               `limit=${limit}: ${r.body.features.length} features, expected ${want}`);
            ok(r.body.features.length <= Math.min(limit, 10000), `limit=${limit}: more than the limit`);
        }
        const t = await getJSON(`${BASE}/collections/townships/items?limit=2`);
        ok(t.body.features.length === 2, "townships limit=2");
        // the definition: integer, 1..10000, default 10, in the query, form, not exploded
        const api = (await getJSON(BASE + "/api")).body;
        for (const path of ["/collections/stations/items", "/collections/townships/items"]) {
            const p = api.paths[path].get.parameters.map(x =>
                x.$ref ? api.components.parameters[x.$ref.split("/").pop()] : x).find(x => x.name === "limit");
            ok(p && p.in === "query" && !p.required && p.schema.type === "integer" &&
               p.schema.minimum === 1 && p.schema.maximum === 10000 && p.schema.default === 10 &&
               p.style === "form" && p.explode === false, path + ": limit is not as 17-069r4 defines it");
        }
JS
}

req_datetime() {   # /req/core/fc-time-definition, fc-time-response
    local v
    # the stations and townships have no time: every one matches (C)
    for v in 2026-10-01T08:00:00Z 2026-10-01T08:00:00.5%2B08:00 2026-10-01t08:00:00z \
             2026-10-01T08:00:00Z/2026-10-02T08:00:00Z ../2026-10-01T08:00:00Z \
             /2026-10-01T08:00:00Z 2026-10-01T08:00:00Z/.. 2026-10-01T08:00:00Z/ \
             2024-02-29T23:59:60-05:30; do
        get datetime "$ITEMS?limit=100&datetime=$v"
        status_is datetime 200
        js "fc-time-response $v" datetime.body <<'JS'
            ok(j[0].numberMatched === 44 && j[0].features.length === 44, "all 44 match");
JS
        get datetime "$TOWNSHIP_ITEMS?limit=100&datetime=$v"
        status_is datetime 200
    done
    # not the syntax of 17-069r4 (RFC 3339 5.6 date-time, intervals): 400
    for v in 2026-10-01 2026-10-01T08:00Z 2026-10-01T08:00:00 2026-02-30T00:00:00Z \
             2025-02-29T00:00:00Z 2026-10-01T24:00:00Z 2026-10-01T08:60:00Z \
             2026-10-01T08:00:00%2B24:00 ../.. / 2026-10-01T08:00:00Z/x \
             2026-10-01T08:00:00Z/2026-10-02T08:00:00Z/2026-10-03T08:00:00Z now; do
        get datetime "$ITEMS?datetime=$v"
        status_is datetime 400
    done
    js fc-time-definition <<'JS'
        const api = (await getJSON(BASE + "/api")).body;
        for (const path of ["/collections/stations/items", "/collections/townships/items"]) {
            const p = api.paths[path].get.parameters.map(x =>
                x.$ref ? api.components.parameters[x.$ref.split("/").pop()] : x).find(x => x.name === "datetime");
            ok(p && p.in === "query" && !p.required && p.schema.type === "string" &&
               p.style === "form" && p.explode === false, path + ": datetime is not as 17-069r4 defines it");
        }
JS
}

req_paging() {   # /req/core/fc-links, fc-rel-type; numberMatched/Returned across pages
    js fc-links <<'JS'
        for (const [col, q] of [["stations", "limit=7"], ["stations", "limit=7&bbox=120.2,30.1,120.3,30.2"],
                                ["stations", "limit=3&category=bank"], ["townships", "limit=4"]]) {
            const first = `${BASE}/collections/${col}/items?${q}`;
            const { ids, pages } = await pageAll(first);
            const all = (await getJSON(`${BASE}/collections/${col}/items?${q.replace(/limit=\d+/, "limit=10000")}`)).body;
            const limit = +q.match(/limit=(\d+)/)[1];
            ok(pages.length === Math.ceil(all.numberMatched / limit),
               `${q}: ${pages.length} pages for ${all.numberMatched} features`);
            ok(new Set(ids).size === ids.length, `${q}: a feature on two pages`);
            ok(sameSet(ids, all.features.map(f => f.id)), `${q}: the pages do not hold every feature`);
            pages.forEach((p, i) => {
                const b = p.body;
                ok(linksTyped(b), `${q} page ${i}: every link has rel and type (fc-rel-type)`);
                const self = links(b, "self");
                ok(self.length === 1 && self[0].type === "application/geo+json",
                   `${q} page ${i}: one self link, GeoJSON`);
                // self names this page: the same parameters and offset
                const su = new URL(self[0].href), pu = new URL(p.url);
                ok(su.origin + su.pathname === pu.origin + pu.pathname, `${q} page ${i}: self's path`);
                for (const [k, v] of pu.searchParams)
                    ok(su.searchParams.get(k) === v, `${q} page ${i}: self lacks ${k}=${v}`);
                ok(+(su.searchParams.get("offset") || 0) === i * limit, `${q} page ${i}: self's offset`);
                ok(b.numberMatched === all.numberMatched, `${q} page ${i}: numberMatched`);
                ok(b.numberReturned === b.features.length && b.features.length <= limit,
                   `${q} page ${i}: numberReturned`);
                ok((links(b, "next").length === 1) === (i < pages.length - 1), `${q} page ${i}: next link`);
                ok((links(b, "prev").length === 1) === (i > 0), `${q} page ${i}: prev link`);
                if (i > 0) {
                    const prev = new URL(links(b, "prev")[0].href);
                    ok(+prev.searchParams.get("offset") === (i - 1) * limit, `${q} page ${i}: prev's offset`);
                }
            });
        }
        // one media type (GeoJSON) is served: no alternate is owed
JS
}

req_links_base() {   # links follow the Host a client named, or --base-url
    get host "$BASE/collections/stations/items?limit=2" -H 'Host: maps.example.org:8443'
    status_is host 200
    js links-host host.body <<'JS'
        ok(j[0].links.every(l => l.href.startsWith("http://maps.example.org:8443/ogcapi/")),
           "links do not start with the Host named: " + j[0].links.map(l => l.href));
JS
    start_server based --base-url https://maps.example.org/yijia/
    local based=$SERVER_URL
    get based_landing "$based/ogcapi"
    status_is based_landing 200
    get based_items "$based/ogcapi/collections/stations/items?limit=2&offset=2"
    status_is based_items 200
    get based_api "$based/ogcapi/api"
    status_is based_api 200
    js links-base-url based_landing.body based_items.body based_api.body <<'JS'
        const pre = "https://maps.example.org/yijia/ogcapi";
        for (const d of [j[0], j[1]])
            ok(d.links.every(l => l.href.startsWith(pre)), "a link ignores --base-url: " + d.links.map(l => l.href));
        ok(links(j[1], "next")[0].href === pre + "/collections/stations/items?limit=2&offset=4",
           "next behind the proxy: " + links(j[1], "next")[0].href);
        ok(j[2].servers[0].url === pre, "the OpenAPI server is " + j[2].servers[0].url);
JS
}

req_feature() {   # /req/core/f-op, f-success, f-links
    js f-op items_all.body <<'JS'
        const tw = (await getJSON(`${BASE}/collections/townships/items?limit=10000`)).body.features;
        for (const [col, features] of [["stations", j[0].features], ["townships", tw]])
            for (const f of features) {
                const url = `${BASE}/collections/${col}/items/${encodeURIComponent(f.id)}`;
                const r = await getJSON(url);
                ok(r.status === 200, `${url}: status ${r.status}`);
                if (!r.body) continue;
                ok(r.type === "application/geo+json", `${url}: Content-Type ${r.type}`);
                ok(r.body.type === "Feature" && r.body.id === f.id, `${url}: not the feature`);
                ok(JSON.stringify(r.body.geometry) === JSON.stringify(f.geometry) &&
                   JSON.stringify(r.body.properties) === JSON.stringify(f.properties),
                   `${url}: differs from the feature in items`);
                ok(linksTyped(r.body), `${url}: links with rel and type`);
                ok(links(r.body, "self").some(l => l.href === url && l.type === "application/geo+json"),
                   `${url}: a self link`);
                ok(links(r.body, "collection").some(l => l.href === `${BASE}/collections/${col}` &&
                                                     l.type === "application/json"),
                   `${url}: a collection link`);
            }
        for (const url of [`${BASE}/collections/stations/items/XS999`, `${BASE}/collections/stations/items/%E6%97%A0`,
                           `${BASE}/collections/townships/items/nowhere`, `${BASE}/collections/nope/items/XS001`]) {
            const r = await getJSON(url);
            ok(r.status === 404 && r.body && typeof r.body.code === "string", `${url}: status ${r.status}, not 404`);
        }
JS
}

# ---- OpenAPI 3.0 ------------------------------------------------------------------

req_oas_document() {   # /req/oas30/oas-definition-2, security; the source parses
    get api "$BASE/api"
    status_is api 200
    type_is api "application/vnd.oai.openapi+json;version=3.0"
    js "openapi.json parses" "$SRC/src/serve/openapi.json" </dev/null
    js oas-definition-2 api.body <<'JS'
        // the structure OpenAPI 3.0 prescribes (no validator is installed)
        const d = j[0];
        ok(/^3\.0\.\d+$/.test(d.openapi), "openapi: 3.0.x");
        ok(d.info && typeof d.info.title === "string" && typeof d.info.version === "string", "info");
        ok(d.servers[0].url === BASE, "servers[0] is this server: " + d.servers[0].url);
        ok(d.security === undefined, "no security: nothing is access-controlled (oas30/security)");
        // every $ref resolves in the document
        const resolve = ref => ref.slice(2).split("/").reduce((o, k) => o && o[k], d);
        (function walk(o, at) {
            if (Array.isArray(o)) o.forEach((x, i) => walk(x, at + "/" + i));
            else if (o && typeof o === "object")
                for (const [k, v] of Object.entries(o)) {
                    if (k === "$ref")
                        ok(typeof v === "string" && v.startsWith("#/") && resolve(v) !== undefined,
                           `${at}: $ref ${v} does not resolve`);
                    walk(v, at + "/" + k);
                }
        })(d, "#");
        const deref = x => (x && x.$ref ? resolve(x.$ref) : x);
        const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        const ids = new Set();
        for (const [path, item] of Object.entries(d.paths)) {
            ok(path.startsWith("/"), path + ": a path starts with /");
            for (const k of Object.keys(item))
                ok(methods.includes(k) || ["summary", "description", "servers", "parameters", "$ref"].includes(k),
                   `${path}: ${k} is not a path item field`);
            const templated = (path.match(/\{[^}]+\}/g) || []).map(x => x.slice(1, -1));
            for (const m of methods.filter(m => item[m])) {
                const op = item[m];
                ok(!op.operationId || !ids.has(op.operationId), `${path}: operationId repeated`);
                ids.add(op.operationId);
                const params = (op.parameters || []).map(deref);
                const seen = new Set();
                for (const p of params) {
                    ok(typeof p.name === "string" && ["query", "header", "path", "cookie"].includes(p.in),
                       `${path}: a parameter needs name and in`);
                    ok(!seen.has(p.in + p.name), `${path}: parameter ${p.name} twice`);
                    seen.add(p.in + p.name);
                    ok(p.schema || p.content, `${path}: parameter ${p.name} has no schema`);
                    if (p.in === "path")
                        ok(p.required === true && templated.includes(p.name),
                           `${path}: path parameter ${p.name} must be required and in the template`);
                }
                for (const t of templated)
                    ok(params.some(p => p.in === "path" && p.name === t), `${path}: {${t}} is not declared`);
                const rs = op.responses || {};
                ok(Object.keys(rs).length > 0, `${path}: no responses`);
                for (const [code, r] of Object.entries(rs)) {
                    ok(/^([1-5](\d\d|XX)|default)$/.test(code), `${path}: response ${code}`);
                    ok(typeof deref(r).description === "string", `${path}: response ${code} has no description`);
                }
            }
        }
        // bbox as 17-069r4 defines it (/req/core/fc-bbox-definition)
        for (const path of ["/collections/stations/items", "/collections/townships/items"]) {
            const p = d.paths[path].get.parameters.map(deref).find(x => x.name === "bbox");
            ok(p && p.in === "query" && !p.required && p.schema.type === "array" &&
               p.schema.minItems === 4 && p.schema.maxItems === 6 && p.schema.items.type === "number" &&
               p.style === "form" && p.explode === false, path + ": bbox is not as 17-069r4 defines it");
        }
JS
}

req_oas_impl() {   # /req/oas30/oas-impl: what the document says is served; and the reverse
    js oas-impl api.body items_all.body "$SRC/src/serve/openapi.json" <<'JS'
        const d = j[0];
        const deref = x => (x && x.$ref ? x.$ref.slice(2).split("/").reduce((o, k) => o[k], d) : x);
        const stationId = j[1].features[0].id;
        const townships = (await getJSON(`${BASE}/collections/townships/items?limit=1`)).body;
        const ids = { stations: stationId, townships: townships.features[0].id };
        // a valid value for each query parameter the document names
        const example = { limit: "5", offset: "1", bbox: "120,29.8,120.7,30.4", datetime: "2026-10-01T08:00:00Z",
                          township: "城厢", category: "bank", amenity: "drinking_water" };
        for (const [path, item] of Object.entries(d.paths)) {
            const col = (path.match(/^\/collections\/([^/{]+)/) || [])[1];
            const url = BASE + path.replace("{featureId}", encodeURIComponent(ids[col] || ""));
            const plain = await getJSON(url);
            ok(plain.status === 200, `${url}: status ${plain.status}`);
            const want = Object.keys(deref(item.get.responses["200"]).content || {})[0];
            ok(plain.type && want && plain.type.split(";")[0] === want.split(";")[0],
               `${url}: Content-Type ${plain.type}, the document says ${want}`);
            for (const p of (item.get.parameters || []).map(deref).filter(p => p.in === "query")) {
                const v = p.schema.enum ? p.schema.enum[0] : example[p.name];
                if (!ok(v !== undefined, `${path}: no example for ${p.name}`)) continue;
                const r = await getJSON(`${url}?${p.name}=${encodeURIComponent(v)}`);
                ok(r.status === 200, `${url}?${p.name}=${v}: status ${r.status}`);
            }
        }
        // every /ogcapi route the server has is in the document: the
        // route table of src/serve/serve_route.c, {} standing for a
        // collection, then a feature
        const routes = fs.readFileSync(env.SRC + "/src/serve/serve_route.c", "utf8")
            .match(/\{"\/ogcapi[^"]*", serve_ogc_\w+/g).map(r => r.match(/"([^"]*)"/)[1]);
        ok(routes.length >= 8, "the route table of serve_route.c was read");
        for (const r of routes) {
            const rel = r.replace(/^\/ogcapi/, "") || "/";
            for (const col of rel.includes("{}") ? Object.keys(ids) : [null]) {
                const path = col ? rel.replace("{}", col).replace("{}", "{featureId}") : rel;
                ok(d.paths[path] && d.paths[path].get, `the server answers ${path}, the document lacks it`);
            }
        }
        // and the document the server sends is the source's, the base put in
        ok(JSON.stringify(j[2]).replace(/@BASE@/g, env.URL) === JSON.stringify(d),
           "the served document differs from src/serve/openapi.json");
JS
}

req_oas_completeness() {   # /req/oas30/completeness, exceptions-codes
    # each status the server answers an operation with is declared there
    local probe path query status tag
    while read -r path query status; do
        [ "$path" = - ] && path=""
        [ "$query" = - ] && query=""
        if [ "$status" = 304 ]; then
            get probe "$BASE${path//\{featureId\}/XS001}"
            tag=$(header probe ETag)
            get probe "$BASE${path//\{featureId\}/XS001}$query" -H "If-None-Match: $tag"
        else
            get probe "$BASE${path//\{featureId\}/XS001}$query"
        fi
        status_is probe "$status"
        P=$path S=$status js "completeness $path $status" api.body probe.body <<'JS'
            const d = j[0], path = env.P === "" ? "/" : env.P, code = env.S;
            const deref = x => (x && x.$ref ? x.$ref.slice(2).split("/").reduce((o, k) => o[k], d) : x);
            const r = d.paths[path].get.responses[code];
            ok(r, `${path}: status ${code} is answered, not declared`);
            if (r && code >= 400) {
                // the exception the document names is what is sent
                const schema = deref(deref(r).content["application/json"].schema);
                ok(schema.required.every(k => typeof j[1][k] === "string"),
                   `${path} ${code}: the body is not the exception schema`);
            }
JS
    done <<'EOF'
- - 200
- ?x=1 400
- - 304
/conformance ?x=1 400
/api ?x=1 400
/api.html ?f=json 400
/collections ?x=1 400
/collections/stations - 304
/collections/townships ?x=1 400
/collections/stations/items ?limit=0 400
/collections/stations/items - 304
/collections/townships/items ?bbox=1 400
/collections/stations/items/{featureId} - 200
/collections/stations/items/{featureId} ?x=1 400
/collections/townships/items/{featureId} - 404
EOF
    js exceptions-codes api.body <<'JS'
        const d = j[0];
        for (const [name, r] of Object.entries(d.components.responses))
            if (r.content && r.content["application/json"])
                ok(r.content["application/json"].schema.$ref === "#/components/schemas/exception",
                   name + ": an error response with the exception schema");
        for (const [path, item] of Object.entries(d.paths))
            for (const code of ["400", "500", "503"])
                ok(item.get.responses[code], `${path}: ${code} not declared`);
JS
}

# ---- GeoJSON --------------------------------------------------------------------

req_geojson() {   # /req/geojson/definition, content
    local path
    for path in /collections/stations/items /collections/townships/items \
                /collections/stations/items/XS001 \
                /collections/townships/items/%E5%9F%8E%E5%8E%A2%E8%A1%97%E9%81%93; do
        get geo "$BASE$path"
        status_is geo 200
        type_is geo application/geo+json
    done
    for path in "" /conformance /collections /collections/stations /collections/townships; do
        get json "$BASE$path"
        status_is json 200
        type_is json application/json
    done
    js geojson-content items_all.body items_townships.body geo.body <<'JS'
        const geometryOk = g => g === null ||
            (g.type === "Point" && g.coordinates.length === 2 && g.coordinates.every(Number.isFinite)) ||
            (g.type === "MultiPolygon" && g.coordinates.every(poly => poly.every(ring =>
                ring.length >= 4 && JSON.stringify(ring[0]) === JSON.stringify(ring[ring.length - 1]) &&
                ring.every(p => p.length === 2 && p.every(Number.isFinite)))));
        const featureOk = f => f.type === "Feature" && "geometry" in f && geometryOk(f.geometry) &&
            typeof f.properties === "object" && (typeof f.id === "string" || typeof f.id === "number");
        for (const fc of [j[0], j[1]]) {
            ok(fc.type === "FeatureCollection" && Array.isArray(fc.features), "a FeatureCollection");
            fc.features.forEach(f => ok(featureOk(f), "not a GeoJSON Feature: " + JSON.stringify(f).slice(0, 200)));
            ok(Array.isArray(fc.links) && links(fc, "self").length === 1, "links as a foreign member");
        }
        ok(featureOk(j[2]) && Array.isArray(j[2].links), "a single Feature with links");
        ok(j[0].crs === undefined, "no crs member (RFC 7946)");
JS
}

# ---- real clients: GDAL's OAPIF driver ------------------------------------------

# log_since LINE: the access log after line LINE
log_since() { tail -n +"$(($1 + 1))" "$WORK/access.log"; }
log_lines() { wc -l <"$WORK/access.log"; }
# gdal_features FILE: how many OGRFeature(stations) records ogrinfo wrote
gdal_features() { grep -c '^OGRFeature(stations)' "$1" || true; }

gdal_layers() {
    run 0 ogrinfo -ro "OAPIF:$BASE"
    contains out.txt "stations"
    contains out.txt "townships"
    grep -q '^1: stations.*(Point)' out.txt || fail "gdal: stations is not a Point layer"
    grep -q '^2: townships.*(Multi Polygon)' out.txt || fail "gdal: townships is not a MultiPolygon layer"
    run 0 ogrinfo -ro -so "OAPIF:$BASE" stations
    contains out.txt "Feature Count: 44"
}

gdal_read_all() {
    run 0 ogr2ogr -f GeoJSON "$WORK/gdal_stations.geojson" "OAPIF:$BASE" stations
    js gdal-read-all gdal_stations.geojson <<'JS'
        // ids, names and coordinates equal to `yijia export --format geojson`
        const got = j[0].features;
        ok(got.length === 44, `${got.length} stations read, 44 expected`);
        const byId = new Map(exported.map(f => [f.id, f]));
        ok(sameSet(got.map(f => f.properties.id), [...byId.keys()]), "not the export's ids");
        for (const f of got) {
            const e = byId.get(f.properties.id);
            if (!e) continue;
            ok(f.properties.name === e.properties.name, `${e.id}: name ${f.properties.name}`);
            ok((f.geometry === null) === (e.geometry === null), `${e.id}: geometry or none`);
            if (f.geometry && e.geometry)
                ok(f.geometry.type === "Point" &&
                   Math.abs(f.geometry.coordinates[0] - e.geometry.coordinates[0]) < 1e-9 &&
                   Math.abs(f.geometry.coordinates[1] - e.geometry.coordinates[1]) < 1e-9,
                   `${e.id}: ${f.geometry.coordinates} read, ${e.geometry.coordinates} exported`);
        }
JS
}

gdal_spat() {
    local mark
    mark=$(log_lines)
    run 0 ogrinfo -ro -q "OAPIF:$BASE" stations -spat 120.24 30.16 120.26 30.17
    log_since "$mark" | grep -q 'GET /ogcapi/collections/stations/items?[^ ]*bbox=120\.2[34]' ||
        { fail "gdal -spat: no bbox= request in the access log"; log_since "$mark" | sed 's/^/  | /' >&2; }
    js gdal-spat <<JS
        const want = exported.filter(f => f.geometry && pointIn([120.24, 30.16, 120.26, 30.17],
                                                                f.geometry.coordinates)).length;
        ok(want > 0 && want === $(gdal_features out.txt), "-spat read $(gdal_features out.txt), expected " + want);
JS
}

gdal_paging() {
    local mark offsets
    mark=$(log_lines)
    run 0 ogrinfo -ro -q -oo PAGE_SIZE=7 "OAPIF:$BASE" stations
    [ "$(gdal_features out.txt)" = 44 ] || fail "gdal PAGE_SIZE=7: $(gdal_features out.txt) stations, 44 expected"
    [ "$(grep -c 'POINT (' out.txt)" = 40 ] || fail "gdal PAGE_SIZE=7: $(grep -c 'POINT (' out.txt) points, 40 expected"
    # pages of 7 through the next links: offsets 7, 14, ..., 42
    offsets=$(log_since "$mark" | grep -o 'items?limit=7&offset=[0-9]*' | sort -u | wc -l)
    [ "$offsets" -ge 6 ] ||
        { fail "gdal PAGE_SIZE=7: $offsets pages with offset= in the access log"; log_since "$mark" | sed 's/^/  | /' >&2; }
}

gdal_gpkg() {
    rm -f "$WORK/from_service.gpkg"
    run 0 ogr2ogr -f GPKG "$WORK/from_service.gpkg" "OAPIF:$BASE"
    run 0 ogrinfo -ro -so "$WORK/from_service.gpkg" stations
    contains out.txt "Feature Count: 44"
    run 0 ogrinfo -ro -so "$WORK/from_service.gpkg" townships
    contains out.txt "Feature Count: $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).numberMatched)' "$WORK/items_townships.body")"
    run 0 ogr2ogr -f GeoJSON "$WORK/gpkg_stations.geojson" "$WORK/from_service.gpkg" stations
    js gdal-gpkg gpkg_stations.geojson <<'JS'
        ok(sameSet(j[0].features.map(f => f.properties.id), exported.map(f => f.id)), "the GPKG's ids");
        ok(j[0].features.filter(f => f.geometry).length === 40, "40 stations with a point");
JS
}

export URL SRC
req_landing
req_api_definition
req_conformance
req_http
req_query_params
req_crs84
req_collections
req_extent
req_collection
req_items
req_bbox
req_limit
req_datetime
req_paging
req_feature
req_oas_document
req_oas_impl
req_oas_completeness
req_geojson
req_links_base
if command -v ogrinfo >/dev/null && command -v ogr2ogr >/dev/null; then
    gdal_layers
    gdal_read_all
    gdal_spat
    gdal_paging
    gdal_gpkg
else
    echo "ogrinfo (gdal-bin) is not installed: the GDAL checks skipped"
fi

# SIGTERM: the server stops and exits 0
kill -TERM "$MAIN_PID"
status=0
wait "$MAIN_PID" || status=$?
[ "$status" = 0 ] || fail "yijia serve exited $status after SIGTERM"
finish

#!/usr/bin/env bash
# bench_serve.sh — `yijia serve` under load (wrk, on loopback), against a
# peer serving the same file in the same run with the same wrk settings:
#   (a) OGC API - Features, a 10-feature bbox page of the shipped 44
#       stations: yijia against MapServer 8 through lighttpd + FastCGI (the
#       anchor of ../shared/docs/serve-anchors.md), at 16 and 64 connections
#   (b) /api/nearest (k=5) from a set of varied origins (a wrk Lua script
#       cycles through them) at 44 stations and at 1M synthetic stations
#       (tools/gen/gen_synthetic.c, built as bench_nearest.sh builds it),
#       64 connections
#   (c) at 1M: the server's peak resident memory (VmHWM) after the load,
#       and the time from starting it to its first answer
# Requests/s with p50/p99 (wrk --latency).  wrk runs on the same machine
# and shares its cores with the server: the figures are for both together.
# Every server is started here, on 127.0.0.1 only, and stopped by its
# process id; MapServer's configuration lives in a temporary directory.
# Never part of the tests.
# usage: tools/bench/bench_serve.sh [SECONDS]   (default 10 per run)
#        BUILD=DIR (default build/, made with -DYJ_BUILD_BENCH=ON when
#        missing), BENCH_DIR=DIR (kept synthetic databases; default
#        $BUILD/bench-data, shared with bench_nearest.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/bench/lib.sh"
secs=${1:-10}
build=${BUILD:-$root/build}
build=$(cd "$build" 2>/dev/null && pwd || echo "$build")
if [ ! -x "$build/tools/bench/gen_synthetic" ] || [ ! -x "$build/yijia" ]; then
    cmake -S "$root" -B "$build" -DYJ_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
for tool in wrk curl lighttpd mapserv; do
    command -v "$tool" >/dev/null ||
        { echo "needs $tool (Debian: wrk, curl, lighttpd, cgi-mapserver; tools/setup installs them)" >&2; exit 1; }
done
yijia=$build/yijia
work=${BENCH_DIR:-$build/bench-data}
mkdir -p "$work"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_serve.XXXXXX")
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

# ---- what is started is stopped, by process id ------------------------------
pids=()
stop() {
    local pid
    for pid in "$@"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
cleanup() {
    stop "${pids[@]}"
    rm -rf "$tmp"
}
trap cleanup EXIT

# A port free at the moment (for lighttpd, which takes no port 0).
free_port() {
    node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })' 2>/dev/null ||
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve DB NAME: start `yijia serve` on a port the OS picks; SERVE_PID,
# SERVE_URL when it says it serves.
serve() {
    local line=""
    "$yijia" --db "$1" serve --listen 127.0.0.1:0 2>"$tmp/$2.err" &
    SERVE_PID=$!
    pids+=("$SERVE_PID")
    until line=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/$2.err"); do
        kill -0 "$SERVE_PID" 2>/dev/null || { cat "$tmp/$2.err" >&2; exit 1; }
        sleep 0.002
    done
    SERVE_URL=$line
}

# answers URL: until URL answers 200 (a guard of 60 s)
answers() {
    local i
    for ((i = 0; i < 30000; i++)); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
        sleep 0.002
    done
    echo "no answer from $1" >&2
    exit 1
}

# ---- the databases ------------------------------------------------------------
db44=$work/shipped.sqlite
"$yijia" --db "$db44" build --data "$root/data" --quiet
n=1000000
if needs_build "$yijia" "$work/syn$n.sqlite"; then
    echo "building the 1M synthetic database (about half a minute) ..." >&2
    mkdir -p "$work/syn$n"
    cp "$root"/data/places.csv "$root"/data/boundaries.csv "$work/syn$n/"
    "$build/tools/bench/gen_synthetic" "$n" 1 >"$work/syn$n/stations.csv"
    "$yijia" --db "$work/syn$n.sqlite" build --data "$work/syn$n" --quiet
fi
db1m=$work/syn$n.sqlite
cat "$db44" "$db1m" >/dev/null   # every figure with the files in the page cache

# Origins for /api/nearest, cycled by wrk (a fixed seed): 200 points
# over Xiaoshan's box (44 stations); at 1M, 200 points within 0.05° of
# every 5000th synthetic station (people ask where stations are: the
# synthetic ones cover mainland China), and 200 anywhere in China's
# bounding box (sea, deserts and neighbours included: the far case).
lua_tail='print "}"; print "local i = 0"; print "request = function()"; print "    i = i + 1"; print "    return wrk.format(\"GET\", \"/api/nearest?k=5&at=\" .. origins[i % #origins + 1])"; print "end"'
origins_box() {   # FILE WEST SOUTH EAST NORTH
    awk -v w="$2" -v s="$3" -v e="$4" -v n="$5" "BEGIN {
        srand(16); printf \"local origins = {\"
        for (i = 0; i < 200; i++)
            printf \"%s\\\"%.5f,%.5f\\\"\", i ? \", \" : \"\", w + rand() * (e - w), s + rand() * (n - s)
        $lua_tail }" >"$1"
}
origins_box "$tmp/xiaoshan.lua" 120.1 29.85 120.6 30.3
origins_box "$tmp/china_box.lua" 73.5 18 135 53.6
awk -F, "BEGIN { srand(16); printf \"local origins = {\" }
    NR > 1 && NR % 5000 == 2 { printf \"%s\\\"%.5f,%.5f\\\"\", n++ ? \", \" : \"\", \$11 + rand() * 0.1 - 0.05, \$12 + rand() * 0.1 - 0.05 }
    END { $lua_tail }" "$work/syn$n/stations.csv" >"$tmp/china_stations.lua"

# ---- MapServer 8 through lighttpd + FastCGI -------------------------------------
ms_port=$(free_port)
cat >"$tmp/ms.conf" <<EOF
CONFIG
  ENV  MS_MAP_PATTERN "^$tmp/"  END
  MAPS  stations "$tmp/st.map"  END
END
EOF
cat >"$tmp/st.map" <<EOF
MAP
  NAME "yijia"
  EXTENT 119 29 121 31
  PROJECTION "init=epsg:4326" END
  WEB METADATA "oga_enable_request" "*"  "ows_title" "stations"
               "oga_onlineresource" "http://127.0.0.1:$ms_port/ms/stations/ogcapi" "ows_srs" "EPSG:4326" END END
  LAYER
    NAME "stations"  TYPE POINT  STATUS ON
    CONNECTIONTYPE OGR  CONNECTION "$db44"  DATA "stations"
    PROJECTION "init=epsg:4326" END
    METADATA "oga_title" "stations" "gml_include_items" "all" "gml_featureid" "id" END
    TEMPLATE "dummy"
  END
END
EOF
mkdir -p "$tmp/www"
cat >"$tmp/lighttpd.conf" <<EOF
server.document-root = "$tmp/www"
server.bind = "127.0.0.1"
server.port = $ms_port
server.errorlog = "$tmp/lighttpd.err"
server.modules = ("mod_fastcgi")
fastcgi.server = ("/ms" => ((
    "bin-path" => "$(command -v mapserv)",
    "socket" => "$tmp/mapserv.sock",
    "check-local" => "disable",
    "min-procs" => 2, "max-procs" => 2,
    "bin-environment" => ("MAPSERVER_CONFIG_FILE" => "$tmp/ms.conf")
)))
EOF
lighttpd -D -f "$tmp/lighttpd.conf" &
ms_pid=$!
pids+=("$ms_pid")

bbox=120.2,30.1,120.3,30.2
ms_items="http://127.0.0.1:$ms_port/ms/stations/ogcapi/collections/stations/items?f=json&limit=10&bbox=$bbox"
answers "$ms_items"
serve "$db44" y44
y44_pid=$SERVE_PID
y_items="$SERVE_URL/ogcapi/collections/stations/items?limit=10&bbox=$bbox"
answers "$y_items"
returned() { curl -s "$1" | grep -o '"numberReturned": *[0-9]*' | grep -o '[0-9]*$'; }

# ---- the runs ---------------------------------------------------------------------
# bench LABEL CONNECTIONS URL [LUA]: one wrk run; prints a row, keeps the
# requests/s in RPS
threads=2
bench() {
    local label=$1 c=$2 url=$3 script=() out rps p50 p99 errors
    [ -n "${4:-}" ] && script=(-s "$4")
    out=$(wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 10s --latency "${script[@]}" "$url")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ { sub(/^ +/, ""); printf "%s; ", $0 }' <<<"$out")
    printf '%-44s %5s %12s %10s %10s  %s\n' "$label" "$c" "$rps" "$p50" "$p99" "${errors:-}"
    RPS=$rps
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -sr)"
echo "wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'): -t$threads -c<conns> -d${secs}s --timeout 10s --latency, the same for every side;"
echo "  wrk runs on this machine too and shares its $(nproc) cores with the server it loads;"
echo "  requests without Accept-Encoding (uncompressed), HTTP/1.1 keep-alive"
echo "yijia serve: $("$yijia" --version 2>&1 | head -1), $(nproc) worker threads (its default: one per core)"
echo "MapServer: $(mapserv -v | cut -d' ' -f1-3), lighttpd $(lighttpd -v 2>&1 | grep -o '1\.[0-9.]*' | head -1) + FastCGI, 2 mapserv processes"
echo "same SpatiaLite file for both: $db44 (44 stations)"
echo "bbox page: yijia returns $(returned "$y_items") features (of 17: 13 located in the box and the 4 without a point, which"
echo "  bbox matches by /req/core/fc-bbox-response C); MapServer returns $(returned "$ms_items") (of its 13 located)"
echo
printf '%-44s %5s %12s %10s %10s\n' request conns requests/s p50 p99
for c in 16 64; do
    bench "MapServer items?f=json&limit=10&bbox" "$c" "$ms_items"
    ms_rps=$RPS
    bench "yijia     items?limit=10&bbox" "$c" "$y_items"
    y_rps=$RPS
    echo "  ratio yijia / MapServer at $c connections: $(awk -v y="$y_rps" -v m="$ms_rps" 'BEGIN { printf "%.0f×", y / m }')"
done
# lighttpd leaves the FastCGI processes it spawned: each stopped by its id
ms_children=$(ps -o pid= --ppid "$ms_pid" || true)
stop "$ms_pid"
for pid in $ms_children; do
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 1000; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
done

bench "yijia /api/nearest k=5, 44 stations" 64 "$SERVE_URL/" "$tmp/xiaoshan.lua"
stop "$y44_pid"

# ---- 1M ---------------------------------------------------------------------------
# start to first answer: from the start of the process to a 200 of
# /api/nearest (as a client polling for it sees it), three times
first=()
for i in 1 2 3; do
    t0=$(date +%s%N)
    serve "$db1m" "y1m_$i"
    answers "$SERVE_URL/api/nearest?k=5&at=116.4,39.9"
    t1=$(date +%s%N)
    first+=($(((t1 - t0) / 1000000)))
    [ "$i" = 3 ] || stop "$SERVE_PID"
done
y1m_pid=$SERVE_PID
bench "yijia /api/nearest k=5, 1M, near stations" 64 "$SERVE_URL/" "$tmp/china_stations.lua"
bench "yijia /api/nearest k=5, 1M, anywhere in box" 64 "$SERVE_URL/" "$tmp/china_box.lua"
hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$y1m_pid/status")
rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$y1m_pid/status")
stop "$y1m_pid"
echo
echo "1M synthetic stations ($(stat -c %s "$db1m" | awk '{ printf "%.0f MiB", $1 / 1048576 }') file):"
echo "  server peak resident memory (VmHWM) after the load: $hwm MiB (VmRSS then: $rss MiB)"
echo "  start to first answer (process start to a 200 of /api/nearest, polled every 2 ms): ${first[*]} ms"

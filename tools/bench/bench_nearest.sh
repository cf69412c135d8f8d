#!/usr/bin/env bash
# bench_nearest.sh — nearest-station speed at 44, 100k and 1M stations,
# against SpatiaLite on the same files, in the same run:
#   (a) in-process yj_nearest, k=5: median and p99, without and with an
#       amenity filter (toilet: ~30% of the synthetic stations), and with
#       the points held in memory (yj_db_hold_points: how a long-lived
#       process asks), with the time holding them took
#   (b) a whole `yijia nearest` process: median, p99, peak memory
#   (c) the anchors: SpatiaLite's VirtualKNN (k=5, in-process, no filter)
#       and the `spatialite` tool answering the same KNN query
# The 100k and 1M databases are synthetic (tools/gen/gen_synthetic.c,
# marked synthetic in every row), built with the real tool.
# usage: tools/bench/bench_nearest.sh [QUERIES]   (needs -DYJ_BUILD_BENCH=ON;
#        done here if missing; the 1M build takes about half a minute)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/bench/lib.sh"
q=${1:-2000}
build=$root/build
if [ ! -x "$build/tools/bench/bench_nearest" ]; then
    cmake -S "$root" -B "$build" -DYJ_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
command -v spatialite >/dev/null || { echo "needs the spatialite tool (Debian: spatialite-bin; tools/setup installs it)" >&2; exit 1; }
bench=$build/tools/bench/bench_nearest
yijia=$build/yijia
work=${BENCH_DIR:-$build/bench-data}
mkdir -p "$work"

# Databases: the shipped one, and synthetic ones built once and kept.
db44=$work/shipped.sqlite
"$yijia" --db "$db44" build --quiet
for n in 100000 1000000; do
    if needs_build "$yijia" "$work/syn$n.sqlite"; then
        mkdir -p "$work/syn$n"
        cp "$root"/data/places.csv "$root"/data/boundaries.csv "$work/syn$n/"
        "$build/tools/bench/gen_synthetic" "$n" 1 > "$work/syn$n/stations.csv"
        "$yijia" --db "$work/syn$n.sqlite" build --data "$work/syn$n" --quiet
    fi
done

# Every figure is taken with the files in the page cache (a just-built or
# long-unused file would be read from disk by whichever side came first).
cat "$db44" "$work"/syn*.sqlite > /dev/null

china=73.5,18,135,53.6
xiaoshan=120.1,29.85,120.6,30.3
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $q queries per figure"
printf '%-9s %-34s %10s %10s %10s\n' stations measurement median p99 peak_KiB
row() { printf '%-9s %-34s %10s %10s %10s\n' "$1" "$2" $3; }
for set in 44 100000 1000000; do
    if [ "$set" = 44 ]; then db=$db44; box=$xiaoshan; o=120.29,30.17; else db=$work/syn$set.sqlite; box=$china; o=116.4,39.9; fi
    a=$("$bench" inproc "$db" "$q" "$box")
    row "$set" "in-process nearest k=5 (µs)" "$a"
    row "$set" "  with --amenity toilet (µs)" "$("$bench" inproc "$db" "$q" "$box" toilet)"
    h=$("$bench" held "$db" "$q" "$box")
    row "$set" "  points held in memory (µs)" "${h% *}"
    row "$set" "  holding the points took (ms)" "${h##* } - -"
    k=$("$bench" knn "$db" $((q / 10)) "$box")
    row "$set" "  SpatiaLite VirtualKNN (µs)" "$k"
    ratio() { awk -v a="$1" -v k="$2" 'BEGIN { printf "%.0f×", k / a }'; }
    echo "$set in-process ratio (KNN median / yijia median): $(ratio "${a%% *}" "${k%% *}"), points held: $(ratio "${h%% *}" "${k%% *}")"
    lon=${o%,*}; lat=${o#*,}
    # the two in alternating blocks of ten, so both see the machine alike
    pair=$("$bench" exec 120 "$yijia" --db "$db" nearest "$o" -k 5 --format csv \
        --vs spatialite -silent "$db" "SELECT s.id, k.distance FROM KNN k JOIN stations s ON s.fid = k.fid WHERE f_table_name = 'stations' AND f_geometry_column = 'geom' AND ref_geometry = MakePoint($lon, $lat, 4326) AND max_items = 5")
    e=$(sed -n 1p <<<"$pair")
    s=$(sed -n 2p <<<"$pair")
    row "$set" "yijia nearest process (ms)" "$e"
    row "$set" "spatialite tool, same query (ms)" "$s"
    echo "$set end-to-end ratio (spatialite / yijia): $(awk -v e="${e%% *}" -v s="${s%% *}" 'BEGIN { printf "%.1f×", s / e }')"
done

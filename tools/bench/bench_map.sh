#!/usr/bin/env bash
# bench_map.sh — `yijia coverage` and `yijia map` on the shipped data, in
# the same run as the anchor: SpatiaLite computing the same coverage
# shares independently (the union of 1 km buffers in UTM 51N intersected
# with each township, the `spatialite` tool).  Median wall times of whole
# processes.  Targets (issue 9): map well under a second, coverage at
# 100 m cells under 2 s.
# usage: tools/bench/bench_map.sh [RUNS]   (needs build/yijia, spatialite)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
yijia=${YIJIA:-$root/build/yijia}
runs=${1:-9}
command -v spatialite >/dev/null || { echo "needs the spatialite tool (spatialite-bin)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$yijia" --db "$work/s.sqlite" build --quiet
cp "$work/s.sqlite" "$work/anchor.sqlite"
spatialite -silent "$work/anchor.sqlite" "SELECT InsertEpsgSrid(32651)" >/dev/null

# median_ms CMD...
source "$root/tools/bench/lib.sh"
anchor_sql="CREATE TEMP TABLE cover AS SELECT ST_Union(ST_Buffer(Transform(geom,
    32651), 1000, 64)) AS g FROM stations WHERE geom IS NOT NULL;
    SELECT t.name, ST_Area(ST_Intersection(Transform(t.geom, 32651),
    (SELECT g FROM cover))) / ST_Area(Transform(t.geom, 32651))
    FROM townships t WHERE t.geom IS NOT NULL"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $runs runs (median)"
a=$(median_ms spatialite -silent "$work/anchor.sqlite" "$anchor_sql")
c=$(median_ms "$yijia" --db "$work/s.sqlite" coverage)
c50=$(median_ms "$yijia" --db "$work/s.sqlite" coverage --cell 50m)
m=$(median_ms "$yijia" --db "$work/s.sqlite" map -o "$work/m.svg")
h=$(median_ms "$yijia" --db "$work/s.sqlite" map --near 城厢 --coverage -o "$work/m.html")
printf '%-52s %10s\n' what ms
printf '%-52s %10s\n' "anchor: spatialite, buffer-union coverage shares" "$a"
printf '%-52s %10s\n' "yijia coverage (100 m cells, 25 townships)" "$c"
printf '%-52s %10s\n' "yijia coverage --cell 50m" "$c50"
printf '%-52s %10s\n' "yijia map (SVG)" "$m"
printf '%-52s %10s\n' "yijia map --near --coverage (HTML)" "$h"
echo "coverage ratio (anchor / yijia): $(awk -v a="$a" -v c="$c" 'BEGIN { printf "%.2f×", a / c }')"

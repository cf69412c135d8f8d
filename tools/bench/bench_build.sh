#!/usr/bin/env bash
# bench_build.sh — yijia's write and read paths against GDAL, same run,
# same machine, same data.  Not a test: prints figures and ratios.
#
#   build:  yijia build            vs  ogr2ogr CSV → SpatiaLite (the anchor)
#   read:   yijia list --format csv vs  ogr2ogr SpatiaLite → CSV (the anchor)
#
# at two sizes: the shipped 44 stations, and N synthetic stations (default
# 100000; points drawn uniformly over 萧山's bounding box, named 合成站点N,
# coord_source "synthetic" — labelled as such, never shipped).
# usage: tools/bench/bench_build.sh [N] [RUNS]   (needs build/yijia, ogr2ogr)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
yijia=${YIJIA:-$root/build/yijia}
n=${1:-100000}
runs=${2:-5}
command -v ogr2ogr >/dev/null || { echo "needs ogr2ogr (gdal-bin)" >&2; exit 1; }
[ -x "$yijia" ] || { echo "build yijia first (tools/quickstart)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median_ms CMD...
source "$root/tools/bench/lib.sh"

mkdir "$work/shipped" "$work/synthetic"
cp "$root"/data/*.csv "$work/shipped/"
cp "$root"/data/places.csv "$root"/data/boundaries.csv "$work/synthetic/"
awk -v n="$n" 'BEGIN {
    srand(20261128)
    print "id,name,address,district,township,category,amenities,amenities_source,opening_hours,phone,lon,lat,coord_source,coord_precision,source,notes"
    for (i = 1; i <= n; i++)
        printf "SYN%07d,合成站点%d,合成地址%d号,萧山区,,other,rest,,,,%.6f,%.6f,synthetic,township,synthetic benchmark data,\n",
            i, i, i, 120.07 + rand() * 0.55, 29.85 + rand() * 0.45
}' > "$work/synthetic/stations.csv"

ogr_build() {
    rm -f "$2"
    ogr2ogr -f SQLite -dsco SPATIALITE=YES "$2" "$1/stations.csv" \
        -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
        -oo KEEP_GEOM_COLUMNS=YES -a_srs EPSG:4326 -nln stations
}
yj_build() { "$yijia" --db "$2" build --data "$1" --quiet; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -m); runs: $runs (median)"
printf '%-10s %-6s %12s %12s %8s\n' data path "anchor ms" "yijia ms" ratio
for set in shipped synthetic; do
    rows=$(($(wc -l < "$work/$set/stations.csv") - 1))
    a=$(median_ms ogr_build "$work/$set" "$work/ogr.sqlite")
    y=$(median_ms yj_build "$work/$set" "$work/yj.sqlite")
    printf '%-10s %-6s %12s %12s %8s\n' "$rows" build "$a" "$y" \
        "$(awk -v a="$a" -v y="$y" 'BEGIN { printf "%.2f", y / a }')"
    a=$(median_ms ogr2ogr -f CSV /vsistdout/ "$work/ogr.sqlite" stations)
    y=$(median_ms "$yijia" --db "$work/yj.sqlite" list --format csv)
    printf '%-10s %-6s %12s %12s %8s\n' "$rows" read "$a" "$y" \
        "$(awk -v a="$a" -v y="$y" 'BEGIN { printf "%.2f", y / a }')"
    printf '%-10s sizes: anchor %s KiB, yijia %s KiB\n' "$rows" \
        $(( $(stat -c %s "$work/ogr.sqlite") / 1024 )) $(( $(stat -c %s "$work/yj.sqlite") / 1024 ))
done
echo "ratio = yijia / anchor (below 1: yijia faster)"

#!/usr/bin/env bash
# bench_export.sh — `yijia export --format geojson` against the anchor,
# `ogr2ogr -f GeoJSON` reading the same SpatiaLite database, in the same
# run: median wall time and peak memory (max RSS) of whole processes, each
# writing a file.  Also the other formats, for the record.  The 1M database
# is synthetic (tools/gen/gen_synthetic.c, marked synthetic in every row),
# built with the real tool and kept in build/bench-data.
# usage: tools/bench/bench_export.sh [N] [RUNS]   (default 1000000 3;
#        needs ogr2ogr and GNU time; builds the generator if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/bench/lib.sh"
n=${1:-1000000}
runs=${2:-3}
build=$root/build
command -v ogr2ogr >/dev/null || { echo "needs ogr2ogr (gdal-bin)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (Debian: time)" >&2; exit 1; }
if [ ! -x "$build/tools/bench/gen_synthetic" ]; then
    cmake -S "$root" -B "$build" -DYJ_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
yijia=$build/yijia
work=${BENCH_DIR:-$build/bench-data}
db=$work/syn$n.sqlite
mkdir -p "$work"
if needs_build "$yijia" "$db"; then
    mkdir -p "$work/syn$n"
    cp "$root"/data/places.csv "$root"/data/boundaries.csv "$work/syn$n/"
    "$build/tools/bench/gen_synthetic" "$n" 1 > "$work/syn$n/stations.csv"
    "$yijia" --db "$db" build --data "$work/syn$n" --quiet
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# measure CMD...: "median_seconds max_peak_KiB" over `runs` runs.
measure() {
    local i times=() peak=0 line
    for ((i = 0; i < runs; i++)); do
        rm -f "$out"/*
        line=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1)
        times+=("${line% *}")
        [ "${line#* }" -gt "$peak" ] && peak=${line#* }
    done
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n |
        awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" "$peak"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $n stations; $runs runs (median time, max peak)"
printf '%-40s %10s %12s %12s\n' what seconds peak_MiB size_MiB
row() {
    local label=$1 file=$2 m
    shift 2
    m=$(measure "$@")
    printf '%-40s %10s %12.1f %12.1f\n' "$label" "${m% *}" \
        "$(awk -v k="${m#* }" 'BEGIN { print k / 1024 }')" \
        "$(awk -v b="$(stat -c %s "$file" 2>/dev/null || echo 0)" 'BEGIN { print b / 1048576 }')"
    echo "${m% *}" > "$out/.last"
}
# The last run's file is kept for the size column: measure removes files
# before each run, not after.
row "anchor: ogr2ogr -f GeoJSON" "$out/ogr.geojson" \
    ogr2ogr -f GeoJSON "$out/ogr.geojson" "$db" stations
a=$(cat "$out/.last")
row "yijia export --format geojson" "$out/yj.geojson" \
    "$yijia" --db "$db" export --format geojson -o "$out/yj.geojson"
y=$(cat "$out/.last")
echo "geojson ratio, files on disk (ogr2ogr / yijia): $(awk -v a="$a" -v y="$y" 'BEGIN { printf "%.1f×", a / y }')"
# The same into memory (tmpfs), to separate the work from the disk's.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    shm=$(mktemp -d /dev/shm/yijia-bench.XXXXXX)
    trap 'rm -rf "$out" "$shm"' EXIT
    row "anchor: ogr2ogr -f GeoJSON (tmpfs)" "$shm/ogr.geojson" \
        sh -c 'rm -f "$1"; exec ogr2ogr -f GeoJSON "$1" "$2" stations' - \
        "$shm/ogr.geojson" "$db"
    a=$(cat "$out/.last")
    row "yijia export --format geojson (tmpfs)" "$shm/yj.geojson" \
        "$yijia" --db "$db" export --format geojson -o "$shm/yj.geojson"
    y=$(cat "$out/.last")
    echo "geojson ratio, files in tmpfs (ogr2ogr / yijia): $(awk -v a="$a" -v y="$y" 'BEGIN { printf "%.1f×", a / y }')"
    rm -f "$shm"/*
fi
for f in amap baidu kml gpx csv amap-csv baidu-csv; do
    row "yijia export --format $f" "$out/yj.$f" \
        "$yijia" --db "$db" export --format "$f" -o "$out/yj.$f"
done

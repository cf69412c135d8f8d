#!/usr/bin/env bash
# bench_convert.sh — coordinate conversion speed against the npm reference
# implementation coordtransform (wandergis), same machine, same run, same
# points, one core each:
#   1. points per second in each of the six directions (library calls);
#   2. streaming 1M CSV lines through `yijia convert` vs the same job in
#      node with coordtransform.
# Ratios are yijia / reference (above 1: yijia faster).  The reference's
# inverses are one-step (metres off); yijia's are exact.
# usage: tools/bench/bench_convert.sh [POINTS] [LINES]
# Needs: node and npm (installs coordtransform into build/bench-node), and a
# build configured with -DYJ_BUILD_BENCH=ON (done here if missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
points=${1:-1000000}
lines=${2:-1000000}
build=$root/build
command -v node >/dev/null || { echo "needs node (Debian: nodejs)" >&2; exit 1; }

if [ ! -x "$build/tools/bench/bench_crs" ]; then
    cmake -S "$root" -B "$build" -DYJ_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
fi
nodedir=$build/bench-node
if [ ! -d "$nodedir/node_modules/coordtransform" ]; then
    mkdir -p "$nodedir"
    npm install --silent --no-audit --no-fund --prefix "$nodedir" coordtransform@2.1.2 >/dev/null
fi
export NODE_PATH=$nodedir/node_modules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); node $(node --version); one core each"
echo
echo "1. points per second ($points points over greater Hangzhou, best of 3)"
"$build/tools/bench/bench_crs" "$points" > "$work/c.txt"
node "$root/tools/bench/bench_crs.js" "$points" > "$work/js.txt"
printf '%-14s %14s %14s %7s\n' direction yijia coordtransform ratio
join "$work/c.txt" "$work/js.txt" | while read -r dir c js; do
    printf '%-14s %14s %14s %7s\n' "$dir" "$c" "$js" \
        "$(awk -v c="$c" -v j="$js" 'BEGIN { printf "%.2f", c / j }')"
done

echo
echo "2. streaming $lines CSV lines (lon,lat,name), wgs84 → gcj02, 7 decimals"
awk -v n="$lines" 'BEGIN { srand(7); print "lon,lat,name";
    for (i = 0; i < n; i++) printf "%.6f,%.6f,site%d\n", 119.5 + rand() * 1.5, 29.5 + rand() * 1.2, i }' > "$work/in.csv"
t() { local t0 t1; t0=$(date +%s%N); "$@" < "$work/in.csv" > "$work/out.csv"; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
y=$(t "$build/yijia" convert --from wgs84 --to gcj02)
cp "$work/out.csv" "$work/yijia.csv"
j=$(t node "$root/tools/bench/bench_crs.js" --stream wgs84 gcj02)
printf 'yijia convert  %6d ms\ncoordtransform %6d ms\nratio          %6s (reference time / yijia time)\n' \
    "$y" "$j" "$(awk -v y="$y" -v j="$j" 'BEGIN { printf "%.2f", j / y }')"
# Same answers to the printed 7 decimals (a last-digit rounding tie aside).
diffs=$(paste -d, "$work/yijia.csv" "$work/out.csv" | awk -F, 'NR > 1 && ($1 != $4 || $2 != $5) { n++ } END { print n + 0 }')
echo "lines whose 7-decimal output differs from the reference: $diffs"

# lib.sh — shared by the benchmark scripts (source it after setting runs).
# median_ms CMD...: the median wall time in ms of `runs` runs of CMD, its
# output discarded.
median_ms() {
    local times=() i t0 t1
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

# needs_build YIJIA DB: true when DB is missing or a schema this yijia does
# not read (a kept synthetic database from an older version).
needs_build() {
    [ ! -f "$2" ] || ! "$1" --db "$2" townships >/dev/null 2>&1
}

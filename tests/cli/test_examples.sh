# test_examples.sh — examples/nearest.c, built against an installed yijia
# as a program of one's own would be, both ways its comment shows: with
# pkg-config (PKG_CONFIG_PATH into the prefix) and with the CMake package
# (examples/CMakeLists.txt, find_package(yijia)).  Both run against the
# default database and name the stations `yijia nearest` names.
source "$(dirname "$0")/lib.sh" "$@"

command -v pkg-config >/dev/null || { echo "pkg-config missing: skipped"; exit 77; }
BUILD=$(dirname "$YIJIA")
P=$WORK/prefix
run 0 cmake --install "$BUILD" --prefix "$P"
DB=$P/share/yijia/stations.sqlite
cc=${YJ_CONSUMER_CC:-cc}
flags=${YJ_CONSUMER_CFLAGS:-}

# pkg-config: the build line of nearest.c's comment
pc=$(find "$P" -name yijia.pc | head -1)
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
run 0 sh -c "$cc -std=c11 $flags -o nearest-pc $SRC/examples/nearest.c \$(pkg-config --cflags --libs yijia)"
# the CMake package, from the prefix only (the build tree is not searched)
run 0 cmake -S "$SRC/examples" -B "$WORK/cmake-build" -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
run 0 cmake --build "$WORK/cmake-build"

# 杭州南站 and a point in 湘湖 (WGS84): the ranks, ids, names and distances
# (metres, to a decimetre) that `yijia nearest` gives, in its order.
for point in "120.2930 30.1750" "120.2265 30.1530"; do
    read -r lon lat <<<"$point"
    "$YIJIA" --db "$DB" nearest "$lon,$lat" -k 3 --format tsv > tool.tsv
    tail -n +2 tool.tsv |
        awk -F'\t' '{ printf "%s %s %s %s m\n", $1, $5, $6, $2 }' > want.txt
    [ "$(wc -l <want.txt)" = 3 ] || fail "yijia nearest $lon,$lat: not 3 stations"
    for prog in ./nearest-pc "$WORK/cmake-build/nearest"; do
        run 0 "$prog" "$DB" "$lon" "$lat"
        cmp -s want.txt out.txt ||
            { fail "$prog $lon $lat differs from yijia nearest"; diff want.txt out.txt >&2; }
    done
done
# bad arguments: usage, exit 2; a file that is not a database: exit 1
run 2 ./nearest-pc "$DB" 120.29x 30.17
contains err.txt "usage: nearest DATABASE LON LAT"
run 1 ./nearest-pc "$SRC/data/stations.csv" 120.29 30.17
finish

# test_numbers.sh — numbers, parsers and geometry under hostile input
# (issue 19): every number out of range is a usage error (exit 2) naming
# the option and the valid range, never a cast of 1e300; bad coordinates in
# convert's first line are errors, not a header; boundaries of 1e300, inf or
# the whole world are refused by build; and database contents are input
# too: a crafted geometry BLOB, a township the size of the world or a
# station at lon 1e300 give a clear error (exit 1), never a crash or a hang.
# Commands that used to hang run under `timeout`, so a hang fails the test.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
T=(timeout 60)

# ---- arguments: in range or a usage error naming option and range --------
run 2 "${Y[@]}" nearest 120.27,30.16 -k 1e300
contains err.txt "-k: '1e300' is not a whole number (1..100000)"
run 2 "${Y[@]}" nearest 120.27,30.16 -k 100001
contains err.txt "-k: 100001 is out of range (1..100000)"
run 2 "${Y[@]}" nearest 120.27,30.16 -k 9223372036854775808
contains err.txt "out of range (1..100000)"
run 2 "${Y[@]}" map -k 1e300
contains err.txt "-k: '1e300' is not a whole number (1..100)"
run 2 "${Y[@]}" map -k 101
contains err.txt "-k: 101 is out of range (1..100)"
run 2 "$YIJIA" convert --from wgs84 --to gcj02 --precision 1e300 120,30
contains err.txt "--precision: '1e300' is not a whole number (0..15)"
run 2 "$YIJIA" convert --from wgs84 --to gcj02 --precision 16 120,30
contains err.txt "--precision: 16 is out of range (0..15)"
# a speed of 1e-300 km/h made the travel time overflow an int (dropped)
run 2 "${Y[@]}" nearest 120.27,30.16 --open-on-arrival --speed 1e-300
contains err.txt "--speed: '1e-300' is not a speed (walk, ride or km/h from 1 to 200)"
run 2 "${Y[@]}" nearest 120.27,30.16 --open-on-arrival --speed 1e300
contains err.txt "--speed: '1e300' is not a speed (walk, ride or km/h from 1 to 200)"
run 0 "${Y[@]}" nearest 120.2596,30.16 -k 1 --open-on-arrival --speed 1 \
    --open-at "2025-10-09 16:40"
contains out.txt "行程"
# infinite distances: exit 2 (was 1), never "inf" in the output
for cmd in "nearest 120.27,30.16 --within" "list --from 120.27,30.16 --within" \
           "coverage --radius" "map --coverage --radius"; do
    # shellcheck disable=SC2086
    run 2 "${Y[@]}" $cmd 1e308km
    contains err.txt "'1e308km' is out of range (more than 0, at most 20000km)"
    lacks out.txt "inf"
done
run 2 "${Y[@]}" coverage --radius 20001km
run 2 "${Y[@]}" coverage --cell 1e308km
run 0 "${Y[@]}" coverage --radius 20000km --format json
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('out.txt'))")" = 1 ] || fail "coverage json"
run 2 "${Y[@]}" nearest 120.27,30.16 --within 1e-400km
contains err.txt "must be more than 0"
# coordinates: out of range and underflow
run 2 "${Y[@]}" nearest 1e300,30
contains err.txt "longitude 1e300 is out of range (-180..180)"
run 2 "${Y[@]}" nearest inf,30
contains err.txt "longitude 'inf' is not a number"
run 0 "${Y[@]}" nearest 120.27,1e-400 -k 1 --format csv  # the equator
# undo --change: a number too large is a usage error naming it (it became
# #9223372036854775807)
run 2 "${Y[@]}" undo --change 9223372036854775808
contains err.txt "--change: 9223372036854775808 is out of range (1..9223372036854775807)"
lacks err.txt "#9223372036854775807"
run 2 "${Y[@]}" undo --change '#1e3'
contains err.txt "'1e3' is not a whole number"

# ---- edit: lon=1e-400 is the number it is (0), 1e999 out of range -------
cp "$DB" edit.sqlite
run 0 "$YIJIA" --db edit.sqlite edit XS001 --set lon=1e-400 --set lat=30.1 \
    --set coord_source=test
[ "$(sqlite3 edit.sqlite "SELECT lon FROM stations WHERE id = 'XS001'")" = 0.0 ] \
    || fail "lon=1e-400 is not stored as 0"
run 1 "$YIJIA" --db edit.sqlite edit XS001 --set lon=1e999 --set lat=30.1
contains err.txt "lon: 1e999 is out of range (-180..180)"
lacks err.txt "is not a number"

# ---- convert: a bad first line is an error, not a header ------------------
for first in "120.1,91" "inf,30" "-inf,30" "nan,nan" "120.1,30x" "1e999,30"; do
    printf '%s\n120,30\n' "$first" > first.csv
    run 2 "$YIJIA" convert --from wgs84 --to gcj02 < first.csv
    contains err.txt "line 1:"
done
printf '经度,纬度,名称\n120,30,x\n' > header.csv
run 0 "$YIJIA" convert --from wgs84 --to gcj02 < header.csv
contains out.txt "经度,纬度,名称"
# CR line ends (old Mac files) are lines, each converted, line ends kept
printf 'lon,lat\r120.1485,30.2425\r106,32' > cr.csv
run 0 "$YIJIA" convert --from wgs84 --to gcj02 < cr.csv
printf 'lon,lat\r120.1532105,30.2401799\r106.0038603,31.9977757' > want.csv
cmp -s out.txt want.csv || { fail "CR-only input"; od -c out.txt | head >&2; }
printf '120.1485,30.2425\r120.1x,30\r' > cr-bad.csv
run 2 "$YIJIA" convert --from wgs84 --to gcj02 < cr-bad.csv
contains err.txt "line 2: longitude '120.1x' is not a number"

# ---- import: a repeated header row, ids near the end of the numbers -------
cp "$DB" before.sqlite
{
    echo "编号,名称,地址,镇街"
    echo "XS001,萧山区城厢街道休博园社区爱心驿家,萧山区城厢街道休博园社区水城37幢2楼,城厢街道"
    echo "编号,名称,地址,镇街"
    echo "XS002,萧山区城厢街道潘水社区爱心驿家,萧山区城厢街道潘水路79号潘水社区党群服务中心,城厢街道"
} > twice.csv
run 1 "${Y[@]}" import twice.csv
contains err.txt "twice.csv row 3: the header row again"
cmp -s "$DB" before.sqlite || fail "import of a repeated header changed the database"
{
    echo "id,name,address"
    echo "XS9223372036854775807,合成测试驿站甲,萧山区合成路1号"
    echo ",合成测试驿站乙,萧山区合成路2号"
} > bigid.csv
run 0 "${Y[@]}" import --dry-run bigid.csv
lacks out.txt "XS-"
contains out.txt "XS045"
{
    echo "id,name,address"
    echo "XS999999999999999999,合成测试驿站甲,萧山区合成路1号"
    echo ",合成测试驿站乙,萧山区合成路2号"
} > lastid.csv
run 1 "${Y[@]}" import --dry-run lastid.csv
contains err.txt "lastid.csv row 3, column 编号 (id): the numbers XS001 to XS999999999999999999 are used up"

# ---- build: boundaries are checked before SpatiaLite sees them ----------
wkt_case() {  # wkt_case NAME WKT MESSAGE: township line 3 gets WKT
    mkdir -p "$1"
    cp "$SRC"/data/*.csv "$1"/
    sed "3s/,\"MULTIPOLYGON.*/,\"$2\"/" "$SRC/data/boundaries.csv" > "$1/boundaries.csv"
    run 1 "${T[@]}" "$YIJIA" --db "$WORK/$1.sqlite" build --data "$WORK/$1"
    contains err.txt "boundaries.csv:3: wkt: "
    contains err.txt "$3"
    [ ! -e "$WORK/$1.sqlite" ] || fail "$1: a database was written"
}
wkt_case huge "MULTIPOLYGON(((1e300 30,120.1 30,120.1 30.1,1e300 30)))" \
    "longitude 1e300 is out of range (-180..180)"
wkt_case inf "MULTIPOLYGON(((120 30,inf 30,120.1 30.1,120 30)))" \
    "not valid polygon text: longitude 'inf' is not a number at character 23"
wkt_case world "MULTIPOLYGON(((-180 -90,180 -90,180 90,-180 90,-180 -90)))" \
    "the polygon spans 360° × 180°"
wkt_case open "POLYGON((120 30,120.1 30,120.1 30.1,120 30.1))" \
    "a ring that does not end at its first point"
wkt_case three "POLYGON((120 30,120.1 30,120 30))" \
    "a ring of fewer than 4 points"
wkt_case lat "POLYGON((120 30,120.1 95,120.1 30.1,120 30))" \
    "latitude 95 is out of range (-90..90)"

# ---- crafted database contents: a clear error, never a crash or hang ----
geom() {  # geom FILE TOWNSHIP HEX: set a township's geometry BLOB
    sqlite3 "$1" "DROP TRIGGER IF EXISTS ggu_townships_geom;
                  UPDATE townships SET geom = X'$3' WHERE name = '$2'"
}
HEAD=0001E6100000$(printf '0%.0s' {1..64})7C06000000  # MULTIPOLYGON, MBR 0
ONE=010000006903000000      # one part: a polygon
blob_case() {  # blob_case NAME HEX MESSAGE
    cp "$DB" "$1.sqlite"
    geom "$1.sqlite" 临浦镇 "$2"
    for cmd in coverage map check "map --coverage"; do
        # shellcheck disable=SC2086
        run 1 "${T[@]}" "$YIJIA" --db "$1.sqlite" $cmd
        contains err.txt "临浦镇: $3"
        lacks out.txt "inf"
    done
}
# two empty rings: a double free; one empty ring: an out-of-bounds read
blob_case two_empty "$HEAD${ONE}020000000000000000000000FE" \
    "a polygon ring of 0 points"
blob_case one_empty "$HEAD${ONE}0100000000000000FE" \
    "a polygon ring of 0 points"
# a point at lon 1e300 (coverage and map hung on it)
blob_case huge "$HEAD${ONE}01000000040000009C7500883CE4377E0000000000003E40\
6666666666065E400000000000003E406666666666065E409A99999999193E40\
9C7500883CE4377E0000000000003E40FE" "a polygon point 1e+300 30 is out of range"
blob_case cut "$HEAD${ONE}01000000050000000000000000005E40FE" \
    "a polygon ring is cut short"
# a valid township the size of the world: coverage refused, not days long;
# the map draws it without "inf" (Web Mercator stops at ±85°)
cp "$DB" world.sqlite
geom world.sqlite 临浦镇 "$HEAD${ONE}010000000500000000000000008066C0\
00000000008056C0000000000080664000000000008056C000000000008066400000000000\
80564000000000008066C0000000000080564000000000008066C000000000008056C0FE"
run 1 "${T[@]}" "$YIJIA" --db world.sqlite coverage
contains err.txt "township 临浦镇 spans 360° × 180°"
run 1 "${T[@]}" "$YIJIA" --db world.sqlite map --coverage
contains err.txt "a grid of 100 m cells over it would have more than 50 million"
run 0 "${T[@]}" "$YIJIA" --db world.sqlite map
lacks out.txt "inf"
lacks out.txt "nan"
# a station at lon 1e300: nearest looped forever in the geodesic
cp "$DB" far.sqlite
sqlite3 far.sqlite "UPDATE stations SET lon = 1e300 WHERE id = 'XS001'"
for cmd in "nearest 120.27,30.16" "nearest 120.248208,30.164714 -k 50" \
           "list --from 120.27,30.16" "coverage" "map"; do
    # shellcheck disable=SC2086
    run 1 "${T[@]}" "$YIJIA" --db far.sqlite $cmd
    contains err.txt "station XS001 in the database has lon 1e+300"
done

finish

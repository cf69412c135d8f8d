# test_build_errors.sh — broken copies of the data are refused with
# the file, the row (or line) and the column, and the value, a non-zero exit, and an existing
# database left byte-for-byte unchanged (the issue's acceptance check).
source "$(dirname "$0")/lib.sh" "$@"
build_db
cp stations.sqlite before.sqlite

# broken NAME FILE WHERE-FRAGMENT MESSAGE-FRAGMENT < edited file on stdin
# (WHERE follows the file name: ":11: ", " row 8, column 经度 (lon): ")
broken() {
    local name=$1 file=$2 where=$3 what=$4
    rm -rf "bad-$name"
    mkdir "bad-$name"
    cp "$SRC"/data/*.csv "bad-$name/"
    cat > "bad-$name/$file"
    run 1 "$YIJIA" --db "$WORK/stations.sqlite" build --data "$WORK/bad-$name"
    contains err.txt "yijia: error: $WORK/bad-$name/$file$where"
    contains err.txt "$what"
    cmp -s stations.sqlite before.sqlite || fail "$name: database changed"
    [ -z "$(ls | grep 'tmp-')" ] || fail "$name: temporary file left behind"
    [ ! -s out.txt ] || fail "$name: wrote to stdout"
}

S=$SRC/data/stations.csv

sed 's/^XS010,萧山区/XS010,"萧山区/' "$S" |
    broken unbalanced stations.csv ":11: " "unbalanced quote: the quoted field opened on this line runs on to line 17"

# A quote that never closes at all.
{ cat "$S"; printf 'XS045,"no end,addr,,,,,,,,,,,,,\n'; } |
    broken unterminated stations.csv ":46: " "unterminated quoted field"

sed '5s/,[^,]*$//' "$S" |
    broken columns stations.csv " row 5: " "expected 18 columns as in the header, found 17"

sed 's/^\(XS007,.*\),120\.44931,/\1,120.44931x,/' "$S" |
    broken lon stations.csv " row 8, column 经度 (lon): " "'120.44931x' is not a number"

sed 's/^\(XS007,.*,120\.44931\),30\.187389,/\1,91.2,/' "$S" |
    broken lat_range stations.csv " row 8, column 纬度 (lat): " "91.2 is out of range"

sed 's/^\(XS007,.*\),120\.44931,/\1,-181,/' "$S" |
    broken lon_range stations.csv " row 8, column 经度 (lon): " "-181 is out of range"

sed 's/^XS005,/XS003,/' "$S" |
    broken duplicate stations.csv ":6: " "id: 'XS003' is already used on line 4"

sed 's/^XS009,萧山区北干/XS009,萧山区\xff北干/' "$S" |
    broken utf8 stations.csv " row 10, column 名称 (name): " "invalid UTF-8 at byte 10"

sed '1s/,lat,/,/' "$S" |
    broken missing_column stations.csv ":1: " "missing required column 'lat'"

sed '1s/,closed_on$/,remarks/' "$S" |
    broken unknown_column stations.csv ":1: " "unknown column 'remarks'"

sed 's/^\(XS003,[^,]*,[^,]*,[^,]*,[^,]*\),community,/\1,castle,/' "$S" |
    broken category stations.csv " row 4, column 类别 (category): " "unknown category 'castle'"

sed 's/^临浦镇,临浦,township,萧山区,120.240286/临浦镇,临浦,township,萧山区,east/' \
    "$SRC/data/places.csv" |
    broken place places.csv ":2: " "lon: 'east' is not a longitude"

sed '3s/MULTIPOLYGON(((/MULTIPOLYGON(((oops /' "$SRC/data/boundaries.csv" |
    broken wkt boundaries.csv ":3: " "wkt: not valid polygon text"

# A data directory that does not exist.
run 1 "$YIJIA" --db "$WORK/stations.sqlite" build --data "$WORK/nowhere"
contains err.txt "nowhere/places.csv: No such file"
cmp -s stations.sqlite before.sqlite || fail "database changed"

# An empty stations file.
mkdir -p empty && cp "$SRC"/data/*.csv empty/ && : > empty/stations.csv
run 1 "$YIJIA" --db "$WORK/stations.sqlite" build --data "$WORK/empty"
contains err.txt "stations.csv:1: empty file"

# A database path in a missing directory.
run 1 "$YIJIA" --db "$WORK/no/such/dir.sqlite" build --data "$SRC/data"
contains err.txt "no/such/dir.sqlite"
finish

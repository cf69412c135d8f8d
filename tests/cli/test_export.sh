# test_export.sh — `yijia export` in every format, read back by the
# programs they are for: GDAL (ogrinfo/ogr2ogr) reads GeoJSON, KML, GPX and
# the CSVs; gpsbabel reads the GPX; xmllint finds KML and GPX well-formed.
# Counts and coordinates are compared with the database, the Amap/Baidu
# coordinates with `yijia convert`; the CSV round-trips through `build`
# byte for byte.  Twice: the shipped data, and a database of awkward names
# (markup characters, quotes, commas, newlines, tabs, CR, emoji, control
# characters; synthetic test rows, labelled so).
source "$(dirname "$0")/lib.sh" "$@"
for tool in ogrinfo ogr2ogr gpsbabel xmllint; do
    command -v "$tool" >/dev/null || {
        echo "$tool is not installed (tools/setup installs it): skipped"
        exit 77
    }
done
build_db
DB=$WORK/stations.sqlite
export YIJIA_DB=$DB

# xy_ref DB [CRS DECIMALS]: "lon,lat,id" of every located station, sorted
# by id, from `yijia list` (TSV), converted by `yijia convert` if asked.
xy_ref() {
    YIJIA_DB=$1 "$YIJIA" list --format tsv |
        awk -F'\t' 'NR > 1 && $11 != "" { print $11 "," $12 "," $1 }' |
        if [ $# -gt 1 ]; then
            "$YIJIA" convert --from wgs84 --to "$2" --precision "$3"
        else
            cat
        fi | sort -t, -k3,3
}

# xy_gdal FILE [OGR2OGR OPTIONS]: "x,y,id" of every feature with a point,
# as GDAL reads FILE, sorted by id.
xy_gdal() {
    local file=$1
    shift
    ogr2ogr -f CSV /vsistdout/ "$file" -lco GEOMETRY=AS_XY -select id "$@" |
        awk -F, 'NR > 1 && $1 != "" { print $1 "," $2 "," $3 }' |
        sort -t, -k3,3
}

# same_xy NAME EXPECTED ACTUAL TOLERANCE: the same ids with the same
# coordinates (to within TOLERANCE degrees).
same_xy() {
    if ! awk -F, -v tol="$4" '
        NR == FNR { x[$3] = $1; y[$3] = $2; n++; next }
        {   m++
            if (!($3 in x)) { print "unexpected " $3; bad = 1; next }
            dx = $1 - x[$3]; dy = $2 - y[$3]
            if (dx < 0) dx = -dx
            if (dy < 0) dy = -dy
            if (dx > tol || dy > tol) { print $3 ": " $1 "," $2 " != " x[$3] "," y[$3]; bad = 1 } }
        END { if (n != m) { print n " expected, " m " read"; bad = 1 }; exit bad }' \
        "$2" "$3" >&2; then
        fail "$1: coordinates differ from the database"
    fi
}

# ---- the shipped data ----------------------------------------------------

xy_ref "$DB" > ref.wgs84
xy_ref "$DB" gcj02 7 > ref.gcj02
xy_ref "$DB" bd09 7 > ref.bd09
[ "$(wc -l < ref.wgs84)" = 40 ] || fail "expected 40 located stations"

# GeoJSON: RFC 7946, WGS84; every station, 4 of them without a geometry.
run 0 "$YIJIA" export --format geojson -o shipped.geojson
[ ! -s out.txt ] || fail "export -o wrote to stdout"
run 0 ogrinfo -ro -so -al shipped.geojson
contains out.txt "Feature Count: 44"
contains out.txt 'ID["EPSG",4326]'
lacks shipped.geojson '"crs"'
xy_gdal shipped.geojson > got.txt
same_xy geojson ref.wgs84 got.txt 0.00000015
# at most 7 decimals in coordinates
! grep -Eq '"coordinates": \[[0-9.-]*[0-9]\.[0-9]{8}' shipped.geojson ||
    fail "a GeoJSON coordinate has more than 7 decimals"
contains shipped.geojson '"amenities": ["drinking_water", "rest"'
contains shipped.geojson '"links": {"amap": "https://uri.amap.com/marker?'

# Amap and Baidu GeoJSON layers: the same features in GCJ-02 / BD-09.
run 0 "$YIJIA" export --format amap -o amap.geojson
contains amap.geojson '"coordinate_system": "gcj02"'
xy_gdal amap.geojson > got.txt
same_xy amap ref.gcj02 got.txt 0.00000015
run 0 "$YIJIA" export --format baidu -o baidu.geojson
contains baidu.geojson '"coordinate_system": "bd09ll"'
xy_gdal baidu.geojson > got.txt
same_xy baidu ref.bd09 got.txt 0.00000015

# Amap import CSV: _location is "lng,lat" in one cell, GCJ-02.
run 0 "$YIJIA" export --format amap-csv -o amap.csv
contains err.txt "4 matching stations without coordinates left out"
head -1 amap.csv | grep -q '^_name,_location,_address,coordtype,id,' ||
    fail "amap-csv header"
run 0 ogrinfo -ro -so -al amap.csv
contains out.txt "Feature Count: 40"
ogr2ogr -f CSV /vsistdout/ amap.csv -select id,_location |
    awk -F'"' 'NR > 1 { sub(/,$/, "", $1); print $2 "," $1 }' |
    sort -t, -k3,3 > got.txt
xy_ref "$DB" gcj02 6 > ref.gcj02.6
same_xy amap-csv ref.gcj02.6 got.txt 0.0000015
grep -c ',autonavi,' amap.csv | grep -qx 40 || fail "amap-csv coordtype"

# Baidu import CSV: title, address, longitude, latitude, coord_type=3.
run 0 "$YIJIA" export --format baidu-csv -o baidu.csv
head -1 baidu.csv | grep -q '^title,address,longitude,latitude,coord_type,id,' ||
    fail "baidu-csv header"
xy_gdal baidu.csv -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude \
    > got.txt
xy_ref "$DB" bd09 6 > ref.bd09.6
same_xy baidu-csv ref.bd09.6 got.txt 0.0000015
ogr2ogr -f CSV /vsistdout/ baidu.csv -select coord_type |
    awk 'NR > 1 && $0 != "\"3\"" { bad = 1 } END { exit bad }' ||
    fail "baidu-csv coord_type is not 3 (bd09ll)"

# KML 2.2: well-formed, 44 Placemarks (40 with a Point), a style per
# category, every field in ExtendedData.
run 0 "$YIJIA" export --format kml -o shipped.kml
run 0 xmllint --noout shipped.kml
run 0 ogrinfo -ro -so -al shipped.kml
contains out.txt "Feature Count: 44"
contains out.txt "coord_precision: String"
xy_gdal shipped.kml > got.txt
same_xy kml ref.wgs84 got.txt 0.00000015
contains shipped.kml '<Style id="cat-community">'
contains shipped.kml '<styleUrl>#cat-community</styleUrl>'
run 0 ogrinfo -ro -q -al shipped.kml -where "id = 'XS029'"
contains out.txt "opening_hours (String) = 24/7"
contains out.txt "Style = @cat-community"

# GPX 1.1: well-formed, 40 waypoints (a waypoint needs a point) with
# type = category; gpsbabel and GDAL read them.
run 0 "$YIJIA" export --format gpx -o shipped.gpx
contains err.txt "4 matching stations without coordinates left out: gpx"
run 0 xmllint --noout shipped.gpx
run 0 gpsbabel -i gpx -f shipped.gpx -o unicsv -F gpsbabel.csv
[ "$(($(wc -l < gpsbabel.csv) - 1))" = 40 ] ||
    fail "gpsbabel read $(($(wc -l < gpsbabel.csv) - 1)) waypoints, not 40"
run 0 ogrinfo -ro -so shipped.gpx waypoints
contains out.txt "Feature Count: 40"
ogr2ogr -f CSV /vsistdout/ shipped.gpx waypoints -lco GEOMETRY=AS_XY \
    -select name | awk -F, 'NR > 1 { print $1 "," $2 }' | sort > got.txt
cut -d, -f1,2 ref.wgs84 | sort > want.txt
awk -F, 'NR == FNR { a[NR] = $0; next } { split(a[FNR], w, ",");
    if ((w[1] - $1) ^ 2 > 1e-14 || (w[2] - $2) ^ 2 > 1e-14) bad = 1 }
    END { exit bad || NR != 2 * FNR }' want.txt got.txt ||
    fail "gpx: waypoint coordinates differ from the database"
contains shipped.gpx '<type>社区/村</type>'
contains shipped.gpx '<group name="社区/村"'
# schema order of a waypoint's children: name, cmt, desc, type, extensions
grep -q '<wpt [^>]*><name>[^<]*</name><cmt>.*</cmt><desc>' shipped.gpx ||
    fail "gpx: waypoint children out of schema order"

# CSV for Excel: the stations.csv columns with a byte order mark; GDAL
# reads it; it builds again and exports the same bytes (lossless).
run 0 "$YIJIA" export --format csv -o shipped.csv
[ "$(head -c 3 shipped.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] ||
    fail "csv: no UTF-8 byte order mark"
run 0 "$YIJIA" export --format csv --no-bom
head -1 out.txt | grep -q '^id,name,address,' || fail "csv --no-bom"
run 0 ogrinfo -ro -so -al shipped.csv
contains out.txt "Feature Count: 44"
contains out.txt "id: String"
tail -c +4 shipped.csv | sort > got.txt
sort "$SRC/data/stations.csv" > want.txt
cmp -s got.txt want.txt || fail "csv export differs from data/stations.csv"
mkdir rt
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" rt/
cp shipped.csv rt/stations.csv
run 0 "$YIJIA" --db rt.sqlite build --data rt --quiet
run 0 "$YIJIA" --db rt.sqlite export --format csv -o rt.csv
cmp -s shipped.csv rt.csv || fail "csv round trip through build changed it"

# --labels: Chinese words by default in the layers Chinese maps read, as
# GDAL, gpsbabel and xmllint read them; codes on request.
run 0 ogrinfo -ro -q -al amap.geojson -where "id = 'XS029'"
contains out.txt "category (String) = 社区/村"
contains out.txt "amenities (StringList) = (12:饮水,休息,"
contains out.txt "coord_precision (String) = 位置仅到镇街"
contains out.txt "coordinate_system (String) = gcj02"
# the lon/lat properties are the geometry's GCJ-02 numbers
ogr2ogr -f CSV /vsistdout/ amap.geojson -lco GEOMETRY=AS_XY -select lon,lat |
    awk -F, 'NR > 1 && $1 != "" { n++; if ($1 != $3 || $2 != $4) bad = 1 }
        END { exit bad || n != 40 }' ||
    fail "amap: lon/lat properties are not the geometry's"
run 0 "$YIJIA" export --format baidu -o baidu.geojson
run 0 ogrinfo -ro -q -al baidu.geojson -where "id = 'XS029'"
contains out.txt "coordinate_system (String) = bd09ll"
contains out.txt "amenities_source (String) = 报道"
run 0 "$YIJIA" export --format amap --labels codes -o amap-codes.geojson
run 0 ogrinfo -ro -q -al amap-codes.geojson -where "id = 'XS029'"
contains out.txt "category (String) = community"
run 0 ogrinfo -ro -q -al shipped.kml -where "id = 'XS029'"
contains out.txt "category (String) = 社区/村"
contains out.txt "amenities (String) = 饮水、休息、饭菜加热、取暖、纳凉、手机充电、避雨、冰箱、应急药箱"
contains out.txt "服务设施：饮水、休息"
contains shipped.kml '<displayName>类别</displayName><value>社区/村</value>'
run 0 "$YIJIA" export --format kml --labels codes -o codes.kml
run 0 xmllint --noout codes.kml
contains codes.kml '<Data name="category"><value>community</value></Data>'
run 0 "$YIJIA" export --format gpx --labels codes -o codes.gpx
run 0 gpsbabel -i gpx -f codes.gpx -o unicsv -F codes.gpsbabel.csv
contains codes.gpx '<type>community</type>'
contains amap.csv ',社区/村,饮水、休息、饭菜加热、'
run 2 "$YIJIA" export --format geojson --labels xx
contains err.txt "--labels: 'xx' is not zh (Chinese words) or codes"
[ -s out.txt ] && fail "export --labels xx wrote something"

# The Excel CSV with Chinese headers and words: import reads it back with
# nothing to change, and into a fresh build it changes nothing either.
run 0 "$YIJIA" export --format csv --labels zh -o zh.csv
head -1 zh.csv | grep -q "^$(printf '\xef\xbb\xbf')编号,名称,地址,区县,镇街,类别,服务项目,服务项目来源,开放时间,联系电话,经度,纬度," ||
    fail "csv --labels zh: headers"
contains zh.csv ',项目标准,'
run 0 ogrinfo -ro -so -al zh.csv
contains out.txt "Feature Count: 44"
run 0 "$YIJIA" import --dry-run zh.csv
contains err.txt "44 rows: 0 added, 0 changed, 0 closed, 44 unchanged"
[ -s out.txt ] && fail "import of the zh csv would change something"
true
mkdir zh-rt
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" "$SRC/data/stations.csv" zh-rt/
run 0 "$YIJIA" --db zh-rt.sqlite build --data zh-rt --quiet
run 0 "$YIJIA" --db zh-rt.sqlite import zh.csv
contains err.txt "nothing changed"
run 0 "$YIJIA" --db zh-rt.sqlite export --format csv -o zh-rt.csv
cmp -s shipped.csv zh-rt.csv || fail "zh csv import into a fresh build changed it"

# Filters of list apply; with an origin, rank and distance come along.
run 0 "$YIJIA" export --format geojson --township 城厢
[ "$(grep -c '"type": "Feature"' out.txt)" = 7 ] || fail "--township filter"
run 0 "$YIJIA" export --format kml --near 城厢街道 --within 3km
contains out.txt '<Data name="distance_m">'

# -o: replaced only on success, no temporary file left behind.
echo "old content" > keep.json
run 2 "$YIJIA" export --township 没有这个镇 -o keep.json
run 3 "$YIJIA" export --text 没有这个站 -o keep.json
[ "$(cat keep.json)" = "old content" ] || fail "failed export replaced -o FILE"
[ -z "$(ls keep.json.* 2>/dev/null)" ] || fail "temporary file left behind"
run 0 "$YIJIA" export -o keep.json
contains keep.json '"type": "FeatureCollection"'

# Usage errors.
run 2 "$YIJIA" export --format table
contains err.txt "export writes csv, tsv, json, geojson"
run 2 "$YIJIA" export --format shapefile
contains err.txt "'shapefile' is not csv, tsv, json, geojson, amap, amap-csv, baidu, baidu-csv, kml, gpx"
run 2 "$YIJIA" export -o .
contains err.txt "is a directory"
run 2 "$YIJIA" export stray

# ---- awkward names (synthetic test rows) ---------------------------------

mkdir awk
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" awk/
{
    head -1 "$SRC/data/stations.csv"
    # in export order: township (北干 before 城厢), none last, then id
    printf 'AW002,"换行\n第二行\t制表",地址🚲 emoji 😀,萧山区,北干街道,bank,rest,programme,,,120.28,30.18,test: synthetic awkward row,poi,test,"CR\r\nhere",,\n'
    printf '%s\n' 'AW001,"尖括号<b>&amp; ""引号"" '"'"'单引号'"'"'","城厢街道，逗号,路1号",萧山区,城厢街道,community,drinking_water;rest,programme,Mo-Fr 08:00-17:00,0571-1234,120.27,30.16,test: synthetic awkward row,door,test,,,'
    printf 'AW003,控制\x01字符\x1b\x7f,"地址,逗号 ""q""",萧山区,,other,,,,,,,,,test,,,\n'
    printf 'AW004,]]>--> <!-- & &amp;,</desc><x>,萧山区,,other,rest,programme,,,120.3,30.2,test: synthetic awkward row,road,test,\xe2\x80\xa8 sep \xef\xbf\xbe,,\n'
} > awk/stations.csv
AWK_DB=$WORK/awkward.sqlite
run 0 "$YIJIA" --db "$AWK_DB" build --data awk --quiet
printf '%s\n' 120.27,30.16,AW001 120.28,30.18,AW002 120.3,30.2,AW004 > awk.ref

for f in geojson amap baidu kml gpx csv amap-csv baidu-csv json tsv; do
    run 0 "$YIJIA" --db "$AWK_DB" export --format "$f" -o "awk.$f"
done
run 0 ogrinfo -ro -so -al awk.geojson
contains out.txt "Feature Count: 4"
xy_gdal awk.geojson > got.txt
same_xy awkward-geojson awk.ref got.txt 0.00000015
run 0 ogrinfo -ro -q -al awk.geojson -where "id = 'AW001'"
contains out.txt "name (String) = 尖括号<b>&amp; \"引号\" '单引号'"
contains out.txt "address (String) = 城厢街道，逗号,路1号"
run 0 ogrinfo -ro -q -al awk.geojson -where "id = 'AW004'"
contains out.txt "name (String) = ]]>--> <!-- & &amp;"
run 0 ogrinfo -ro -so -al awk.amap
contains out.txt "Feature Count: 4"
run 0 ogrinfo -ro -so -al awk.baidu
contains out.txt "Feature Count: 4"
for f in kml gpx; do
    run 0 xmllint --noout "awk.$f"
done
run 0 ogrinfo -ro -so -al awk.kml
contains out.txt "Feature Count: 4"
xy_gdal awk.kml > got.txt
same_xy awkward-kml awk.ref got.txt 0.00000015
run 0 ogrinfo -ro -q -al awk.kml -where "id = 'AW004'"
contains out.txt "address (String) = </desc><x>"
# XML cannot hold U+0001 or U+001B at all: they become U+FFFD.
run 0 ogrinfo -ro -q -al awk.kml -where "id = 'AW003'"
contains out.txt "Name (String) = 控制�字符�"
run 0 gpsbabel -i gpx -f awk.gpx -o unicsv -F awk.gpsbabel.csv
[ "$(($(wc -l < awk.gpsbabel.csv) - 1))" = 3 ] || fail "gpsbabel: awkward gpx"
run 0 ogrinfo -ro -so -al awk.csv
contains out.txt "Feature Count: 4"
run 0 ogrinfo -ro -so -al CSV:awk.amap-csv
contains out.txt "Feature Count: 3"
run 0 ogrinfo -ro -so -al CSV:awk.baidu-csv
contains out.txt "Feature Count: 3"
# JSON: RFC 8259 escapes, checked by a strict parser (SQLite's json())
for f in json geojson amap baidu; do
    [ "$(sqlite3 :memory: "SELECT json_valid(readfile('awk.$f'))")" = 1 ] ||
        fail "awk.$f is not valid JSON"
done
contains awk.json '"name": "控制\u0001字符\u001b\u007f"'
contains awk.json '"notes": "\u2028 sep'
# CSV round trip, every field byte for byte
mkdir awk-rt
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" awk-rt/
cp awk.csv awk-rt/stations.csv
run 0 "$YIJIA" --db awk-rt.sqlite build --data awk-rt --quiet
run 0 "$YIJIA" --db awk-rt.sqlite export --format csv -o awk-rt.csv
cmp -s awk.csv awk-rt.csv || fail "awkward csv round trip changed it"
# (the reader keeps a line end inside quotes as LF: CR LF comes back as LF)
tr -d '\r' < awk/stations.csv > awk.source.csv
tail -c +4 awk.csv | cmp -s - awk.source.csv ||
    fail "awkward csv export differs from its source rows"
finish

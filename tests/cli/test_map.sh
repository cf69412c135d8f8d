# test_map.sh — `yijia coverage` against a known answer (a synthetic
# 2 km × 2 km township with one station at its centre: π/4 of it within
# 1 km, its farthest cell centre 1.34 km away; a neighbour with none) and
# on the shipped data; `yijia map` as SVG (well-formed, every station, the
# township-precise ones hollow, legend, scale bar, north arrow, origin and
# its k nearest, coverage rings) and as one self-contained HTML page.
source "$(dirname "$0")/lib.sh" "$@"
command -v xmllint >/dev/null || { echo "xmllint missing: skipped"; exit 77; }
build_db
export YIJIA_DB=$WORK/stations.sqlite

# ---- coverage, known answer (synthetic test data, labelled so) ----------
mkdir known
# ±1 km around 120.3,30.2 and around 120.4,30.2 (1 km = 0.0090209° of
# latitude and 0.0103912° of longitude at 30.2°N)
square() {
    awk -v x="$1" -v y=30.2 'BEGIN { dx = 0.0103912; dy = 0.0090209
        printf "\"MULTIPOLYGON(((%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f)))\"",
            x-dx, y-dy, x+dx, y-dy, x+dx, y+dy, x-dx, y+dy, x-dx, y-dy }'
}
{
    echo "name,short_name,kind,district,lon,lat,coord_source,notes"
    echo "测试镇,测试,township,萧山区,120.3,30.2,test: synthetic,"
    echo "空白镇,空白,township,萧山区,120.4,30.2,test: synthetic,"
} > known/places.csv
{
    echo "name,level,source,wkt"
    echo "萧山区,district,test: synthetic,\"MULTIPOLYGON(((120.2 30.1,120.5 30.1,120.5 30.3,120.2 30.3,120.2 30.1)))\""
    echo "测试镇,township,test: synthetic,$(square 120.3)"
    echo "空白镇,township,test: synthetic,$(square 120.4)"
} > known/boundaries.csv
{
    head -1 "$SRC/data/stations.csv" | sed "s/,checked_on,closed_on\r\?$//"
    echo "T1,测试站,测试镇测试路1号,萧山区,测试镇,community,rest,programme,,,120.3,30.2,test: synthetic,door,test,"
} > known/stations.csv
run 0 "$YIJIA" --db known.sqlite build --data known --quiet
run 0 "$YIJIA" --db known.sqlite coverage --format csv
sed -n 2p out.txt | grep -q '^空白镇,township,0,0,' || fail "the uncovered township is not first: $(cat out.txt)"
awk -F, '$1 == "测试镇" {
    if ($3 != 1) { print "stations " $3; bad = 1 }
    if ($5 < 3.95 || $5 > 4.05) { print "area " $5; bad = 1 }
    if ($6 != 0) { print "point to station " $6; bad = 1 }
    if ($7 < 0.765 || $7 > 0.805) { print "share " $7; bad = 1 }
    if ($8 < 1300 || $8 > 1420) { print "farthest " $8; bad = 1 }
    if ($11 != 400) { print "cells " $11; bad = 1 } }
  $1 == "空白镇" {
    if ($6 < 9550 || $6 > 9700) { print "point to station " $6; bad = 1 }
    if ($7 != 0) { print "share " $7; bad = 1 }
    if ($8 < 10500 || $8 > 10700) { print "farthest " $8; bad = 1 } }
  END { exit bad }' out.txt >&2 || fail "coverage: known answer"
run 0 "$YIJIA" --db known.sqlite coverage --radius 2km --format json
contains out.txt '"radius_m": 2000'
contains out.txt '"covered": 1'
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('out.txt'))")" = 1 ] || fail "coverage json"

# ---- coverage, shipped data ----------------------------------------------
run 0 "$YIJIA" coverage
contains out.txt "Whole district: of 28 townships, 20 have a station (not all covered)"
contains err.txt "40 of 40 located stations are placed only at their township's representative point"
contains err.txt "0 of 40 located stations were checked on site (现场核查)"
head -2 out.txt | tail -1 | grep -q ' 0  *0 ' || fail "uncovered townships first"
run 0 "$YIJIA" coverage --format csv
[ "$(($(wc -l < out.txt) - 1))" = 28 ] || fail "coverage csv: 28 townships"
grep -q '^城厢街道,township,7,7,' out.txt || fail "城厢街道 has 7 stations"
# compared with an independent computation: SpatiaLite's union of 1 km
# buffers in UTM 51N (EPSG:32651) intersected with each township
if command -v spatialite >/dev/null; then
    cp stations.sqlite independent.sqlite
    spatialite -silent independent.sqlite "SELECT InsertEpsgSrid(32651);
        CREATE TEMP TABLE cover AS SELECT ST_Union(ST_Buffer(Transform(geom,
            32651), 1000, 64)) AS g FROM stations WHERE geom IS NOT NULL;
        SELECT t.name, coalesce(ST_Area(ST_Intersection(Transform(t.geom,
            32651), (SELECT g FROM cover))), 0) / ST_Area(Transform(t.geom,
            32651)) FROM townships t WHERE t.geom IS NOT NULL" 2>/dev/null |
        grep '|' > independent.txt
    [ "$(wc -l < independent.txt)" = 25 ] || fail "independent coverage: $(cat independent.txt)"
    awk -F'[|,]' 'NR == FNR { share[$1] = $2; next }
        FNR > 1 && ($1 in share) { n++; d = $7 - share[$1]; if (d < 0) d = -d
            if (d > 0.015) { print $1 ": " $7 " vs " share[$1]; bad = 1 } }
        END { if (n != 25) { print n " compared"; bad = 1 }; exit bad }' \
        independent.txt out.txt >&2 || fail "coverage differs from SpatiaLite's"
fi
run 2 "$YIJIA" coverage --radius 1
run 2 "$YIJIA" coverage --cell 5m
run 2 "$YIJIA" coverage --format xml

# ---- map: SVG ----------------------------------------------------------------
run 0 "$YIJIA" map -o map.svg
run 0 xmllint --noout map.svg
[ "$(grep -c '<circle class="station' map.svg)" = 40 ] || fail "40 station markers"
[ "$(grep -c '<circle class="station approximate' map.svg)" = 40 ] ||
    fail "township-level stations must be hollow (approximate)"
[ "$(grep -c 'class="township"' map.svg)" = 25 ] || fail "25 township polygons"
contains map.svg '>城厢街道</text>'
contains map.svg 'id="scale-bar"'
contains map.svg 'id="north-arrow"'
contains map.svg '空心：位置仅到镇街'
contains map.svg 'width="297mm" height="210mm"'
lacks map.svg 'id="origin"'
# every marker sits at its station's coordinates projected by PROJ (GDAL's
# gdaltransform, EPSG:4326 → EPSG:3857) and placed by the page transform
# the SVG declares (data-projection="EPSG:3857 x0 y0 scale top margin")
if command -v gdaltransform >/dev/null; then
    read -r _ x0 y0 scale top margin < <(grep -o 'data-projection="[^"]*"' map.svg |
        sed 's/data-projection="//; s/"$//')
    grep '<circle class="station' map.svg |
        sed -E 's/.* cx="([^"]*)" cy="([^"]*)".* data-lon="([^"]*)" data-lat="([^"]*)".*/\3 \4 \1 \2/' > markers.txt
    [ "$(wc -l < markers.txt)" = 40 ] || fail "markers.txt"
    cut -d' ' -f1,2 markers.txt | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3857 -output_xy > merc.txt
    paste -d' ' markers.txt merc.txt | awk -v x0="$x0" -v y0="$y0" -v k="$scale" \
        -v top="$top" -v m="$margin" '{
            px = m + ($5 - x0) * k; py = top - ($6 - y0) * k
            if ((px - $3) ^ 2 > 0.01 || (py - $4) ^ 2 > 0.01) { print $1, $2, $3, $4, px, py; bad = 1 } }
        END { exit bad }' >&2 || fail "a marker is not at its projected coordinates"
fi
run 0 "$YIJIA" map --near 湘湖站 -k 3 --format svg
[ "$(grep -c 'class="to-nearest"' out.txt)" = 3 ] || fail "3 lines to the nearest"
[ "$(grep -c 'class="station[a-z ]* nearest"' out.txt)" = 3 ] || fail "3 highlighted"
contains out.txt 'id="origin"'
contains out.txt '你在这里'
run 0 "$YIJIA" map --coverage --radius 500m
[ "$(grep -c 'class="ring"' out.txt)" = 40 ] || fail "40 rings"
contains out.txt '有驿站的镇街：20 / 28'
contains out.txt '驿站 500 m 范围'
run 0 "$YIJIA" map --township 城厢
[ "$(grep -c '<circle class="station' out.txt)" = 7 ] || fail "--township filter"

# ---- a station checked on site (precision surveyed): drawn solid, like a
# door-precise one, and counted by coverage --------------------------------
cp stations.sqlite surveyed.sqlite
sqlite3 surveyed.sqlite "UPDATE stations SET coord_precision = 'surveyed',
    coord_source = '现场核查 张三 2026-03-01 23:59 ±8 m (GPS, WGS84)',
    checked_on = '2026-03-01' WHERE id = 'XS001'"
run 0 "$YIJIA" --db surveyed.sqlite map -o surveyed.svg
[ "$(grep -c '<circle class="station approximate' surveyed.svg)" = 39 ] ||
    fail "a surveyed station must not be hollow"
grep '<circle class="station" ' surveyed.svg | grep -q 'data-id="XS001"' ||
    fail "XS001 (surveyed) drawn solid"
contains surveyed.svg 'data-precision_zh="现场核查"'
run 0 "$YIJIA" --db surveyed.sqlite coverage
contains err.txt "39 of 40 located stations are placed only"
contains err.txt "1 of 40 located stations were checked on site (现场核查)"
run 0 "$YIJIA" --db surveyed.sqlite coverage --format json
contains out.txt '"stations_approximate": 39, "stations_surveyed": 1,'

# ---- map: HTML, self-contained ------------------------------------------------
run 0 "$YIJIA" map --near 城厢 --coverage -o map.html
head -1 map.html | grep -q '<!DOCTYPE html>' || fail "html doctype"
contains map.html '<svg xmlns="http://www.w3.org/2000/svg" id="yijia-map"'
contains map.html 'id="q" type="search"'
lacks map.html ' src='
lacks map.html '<link'
lacks map.html 'url('
lacks map.html '@import'
# the only URLs: the SVG namespace and the stations' own map links
grep -o 'https\?://[^"<> ]*' map.html | grep -v -e '^http://www.w3.org/2000/svg$' \
    -e '^https://uri.amap.com/marker?' -e '^https://api.map.baidu.com/marker?' \
    > urls.txt || true
[ ! -s urls.txt ] || fail "the page refers to $(head -3 urls.txt)"
if command -v node >/dev/null; then
    sed -n '/^<script>$/,/^<\/script>$/p' map.html | sed '1d;$d' > page.js
    run 0 node --check page.js
fi
run 2 "$YIJIA" map --format png
run 2 "$YIJIA" map --radius 1km
run 2 "$YIJIA" map -k 0
run 2 "$YIJIA" map --near 没有这个地方
finish

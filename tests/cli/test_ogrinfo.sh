# test_ogrinfo.sh — GDAL reads the built file as a SpatiaLite database:
# 44 Point features in EPSG:4326, townships as polygons; under 1 MiB.
source "$(dirname "$0")/lib.sh" "$@"
build_db

size=$(stat -c %s stations.sqlite)
[ "$size" -lt 1048576 ] || fail "database is $size bytes, over 1 MiB"

if ! command -v ogrinfo >/dev/null; then
    echo "ogrinfo (gdal-bin) is not installed: skipped"
    exit 77
fi
run 0 ogrinfo -ro -so stations.sqlite stations
contains out.txt "Geometry: Point"
contains out.txt "Feature Count: 44"
contains out.txt 'ID["EPSG",4326]'
contains out.txt "Geometry Column = geom"
run 0 ogrinfo -ro -so stations.sqlite townships
contains out.txt "Geometry: Multi Polygon"
contains out.txt "Feature Count: 28"
run 0 ogrinfo -ro -so stations.sqlite districts
contains out.txt "Feature Count: 1"
# A spatial filter around 城厢街道's representative point finds its 7.
run 0 ogrinfo -ro -q stations.sqlite stations -spat 120.24 30.16 120.26 30.17
[ "$(grep -c 'OGRFeature(stations)' out.txt)" = 7 ] || fail "spatial filter"
# Still a SpatiaLite database after the build dropped the metadata
# validation triggers and the per-row time stamps: SpatiaLite recognises
# its current layout (3) and answers a KNN query; GDAL adds a layer, and
# ogrinfo reads it back.
if command -v spatialite >/dev/null; then
    [ "$(spatialite -silent stations.sqlite "SELECT CheckSpatialMetaData()" 2>/dev/null)" = 3 ] ||
        fail "SpatiaLite does not recognise its metadata layout"
    [ "$(spatialite -silent stations.sqlite "SELECT count(*) FROM KNN WHERE f_table_name = 'stations' AND ref_geometry = MakePoint(120.29, 30.17, 4326) AND max_items = 3" 2>/dev/null)" = 3 ] ||
        fail "SpatiaLite's KNN"
fi
cp stations.sqlite added.sqlite
"$YIJIA" --db stations.sqlite export --format geojson -o layer.geojson
run 0 ogr2ogr -update added.sqlite layer.geojson -nln copied
run 0 ogrinfo -ro -so added.sqlite copied
contains out.txt "Feature Count: 44"
finish

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
finish

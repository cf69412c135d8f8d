# test_nearest.sh — `yijia nearest` and `list --near/--from`: origins in
# three coordinate systems and by name, formats, links, filters, the note
# about unranked stations, and every bad input (exit 2) or empty answer
# (exit 3).
source "$(dirname "$0")/lib.sh" "$@"
build_db
N=("$YIJIA" --db "$WORK/stations.sqlite" nearest)
L=("$YIJIA" --db "$WORK/stations.sqlite" list)

# From 城厢街道's point: its seven stations tie at 0 m, broken by id.
run 0 "${N[@]}" 120.248208,30.164714 --format csv
[ "$(cut -d, -f1,5 out.txt | sed -n 2,4p | tr '\n' ' ')" = "1,XS001 2,XS002 3,XS003 " ] \
    || fail "csv ranking: $(cut -d, -f1,5 out.txt | tr '\n' ' ')"
head -1 out.txt | grep -q '^rank,distance_m,bearing_deg,direction,id,name,' || fail "csv header"
head -1 out.txt | grep -q ',amap_url,baidu_url$' || fail "csv link columns"
contains err.txt "4 matching stations without coordinates are not ranked"

# The table says approximate, and shows the links with --links.
run 0 "${N[@]}" 120.27,30.16 -k 2 --links
contains out.txt "≈ 2.2 km"
contains out.txt "284° 西"
contains out.txt "≈ 位置仅到镇街"
contains out.txt "https://uri.amap.com/marker?position="
contains out.txt "https://api.map.baidu.com/marker?location="
[ "$(wc -l < out.txt)" = 3 ] || fail "-k 2 gave $(($(wc -l < out.txt) - 1)) rows"
run 0 "${N[@]}" 120.27,30.16 -k 2
lacks out.txt "https://"

# A station checked on site (precision surveyed) is precise: no ≈, in
# the table or the JSON, which carries its accuracy.
cp "$WORK/stations.sqlite" surveyed.sqlite
sqlite3 surveyed.sqlite "UPDATE stations SET coord_precision = 'surveyed',
    coord_source = '现场核查 张三 2026-03-01 23:59 ±8 m (GPS, WGS84)',
    checked_on = '2026-03-01' WHERE id = 'XS001'"
run 0 "$YIJIA" --db surveyed.sqlite nearest 120.2483,30.1648 -k 2
grep -E '^1 +XS001 ' out.txt | grep -q '现场核查' || fail "XS001 shows 现场核查"
grep -E '^1 +XS001 ' out.txt | grep -q '≈' && fail "a surveyed station has no ≈"
grep -qE '^2 +XS002 .*≈ 10 m' out.txt || fail "XS002 is still approximate"
run 0 "$YIJIA" --db surveyed.sqlite nearest 120.2483,30.1648 -k 1 --format json
contains out.txt '"approximate": false, "id": "XS001"'
contains out.txt '"precision": "surveyed", "coord_accuracy_m": 8, "links"'
run 0 "$YIJIA" --db surveyed.sqlite nearest 120.2483,30.1648 -k 2 --format geojson
[ "$(grep -o '"coord_accuracy_m"' out.txt | wc -l)" = 1 ] || fail "coord_accuracy_m for XS001 only"

# The same place in GCJ-02 and BD-09 (and lat,lon) gives the same answer.
run 0 "${N[@]}" 120.42,30.21 -k 5 --format csv
cut -d, -f1-5 out.txt > wgs.txt
g=$("$YIJIA" convert --from wgs84 --to gcj02 --precision 9 120.42,30.21)
b=$("$YIJIA" convert --from wgs84 --to bd09 --precision 9 --latlon 30.21,120.42)
run 0 "${N[@]}" "$g" --crs gcj02 -k 5 --format csv
cut -d, -f1-5 out.txt | cmp -s - wgs.txt || fail "gcj02 origin ranks differently"
run 0 "${N[@]}" --crs bd09 --latlon "$b" -k 5 --format csv
cut -d, -f1-5 out.txt | cmp -s - wgs.txt || fail "bd09 lat,lon origin ranks differently"

# JSON: the documented members, links always.
run 0 "${N[@]}" --near 湘湖站 -k 1 --format json
for key in '"id": ' '"name": ' '"address": ' '"township": ' '"lon": ' '"lat": ' \
           '"distance_m": ' '"bearing_deg": ' '"precision": "township"' \
           '"links": {"amap": "https://uri.amap.com/marker' '"baidu": "https://api.map.baidu.com/marker'; do
    contains out.txt "$key"
done
contains err.txt "from landmark 湘湖站"
# GeoJSON: a FeatureCollection of Points.
run 0 "${N[@]}" --near XS029 -k 2 --format geojson
contains out.txt '{"type": "FeatureCollection", "features": ['
contains out.txt '"geometry": {"type": "Point", "coordinates": [120.538191, 30.232324]}'

# Places: township short name, station name part, metro; ambiguity.
run 0 "${N[@]}" --near 城厢 -k 1
contains err.txt "a township-level point: distances are approximate"
run 0 "${N[@]}" --near 长运修理 -k 1 --format tsv
contains err.txt "萧山长运修理分公司爱心驿家 (XS033)"
run 2 "${N[@]}" --near 驿家
contains err.txt "could be"
contains err.txt "  station  "
run 2 "${N[@]}" --near 火星
contains err.txt "unknown place '火星'"
run 2 "${N[@]}" --near 盈丰
contains err.txt "has no known location"
run 2 "${N[@]}" --near XS016
contains err.txt "has no known location"

# Filters.
run 0 "${N[@]}" 120.27,30.16 --category bank --format tsv
[ "$(cut -f10 out.txt | tail -n +2 | sort -u)" = "bank" ] || fail "category filter"
run 0 "${N[@]}" 120.27,30.16 --township 北干 -k 10 --format tsv
[ "$(tail -n +2 out.txt | wc -l)" = 4 ] || fail "北干 has 4 stations"
run 0 "${N[@]}" 120.27,30.16 --amenity first_aid,fridge --format tsv
contains out.txt "XS029"
[ "$(tail -n +2 out.txt | wc -l)" = 1 ] || fail "only XS029 has first_aid and fridge"
run 0 "${N[@]}" 120.27,30.16 --text 农村商业银行 -k 10 --format tsv
[ "$(tail -n +2 out.txt | wc -l)" = 3 ] || fail "text filter (3 located banks)"
run 0 "${N[@]}" 120.248208,30.164714 --within 800m -k 20 --format tsv
[ "$(tail -n +2 out.txt | wc -l)" = 7 ] || fail "within 800m of 城厢: its 7"
run 0 "${N[@]}" 120.248208,30.164714 --within 4.5km -k 50 --format tsv
[ "$(tail -n +2 out.txt | wc -l)" -gt 7 ] || fail "within 4.5km"

# list with an origin: every match, sorted by distance.
run 0 "${L[@]}" --from 120.27,30.16 --format csv
[ "$(tail -n +2 out.txt | wc -l)" = 40 ] || fail "list --from ranks the 40 located"
head -1 out.txt | grep -q '^rank,distance_m' || fail "list --from is ranked"
run 0 "${L[@]}" --near 湘湖站 --category bank
contains out.txt "Rank"
run 3 "${L[@]}" --amenity toilet --format csv
[ "$(wc -l < out.txt)" = 1 ] || fail "no station is recorded with a toilet"
contains err.txt "no station matches"

# Bad input: exit 2 with a clear message.
run 2 "${N[@]}"
contains err.txt "where from?"
run 2 "${N[@]}" 120.1x,30.2
contains err.txt "longitude '120.1x' is not a number"
run 2 "${N[@]}" 120.1,95
contains err.txt "latitude 95 is out of range"
run 2 "${N[@]}" 120.1
run 2 "${N[@]}" 120.1,30.2 -k 0
contains err.txt "-k: 0 is out of range (1..100000)"
run 2 "${N[@]}" 120.1,30.2 -k 2.5
run 2 "${N[@]}" 120.1,30.2 --within 800
contains err.txt "needs a unit"
run 2 "${N[@]}" 120.1,30.2 --within -2km
contains err.txt "must be more than 0"
run 2 "${N[@]}" 120.1,30.2 --within 2 miles
run 2 "${N[@]}" 120.1,30.2 --township 火星
contains err.txt "unknown township '火星'"
contains err.txt "城厢街道 (城厢)"
run 2 "${N[@]}" 120.1,30.2 --amenity sauna
contains err.txt "unknown amenity 'sauna'"
contains err.txt "first_aid"
run 2 "${N[@]}" 120.1,30.2 --category castle
run 2 "${N[@]}" 120.1,30.2 --crs mercator
run 2 "${N[@]}" 120.1,30.2 --format xml
run 2 "${N[@]}" 120.1,30.2 --near 城厢
contains err.txt "not both"
run 2 "${N[@]}" 120.1,30.2 121,30
run 2 "${L[@]}" --within 2km
contains err.txt "need an origin"

# Nothing matches: exit 3, message on stderr, nothing on stdout.
run 3 "${N[@]}" 120.1,30.2 --within 10m
contains err.txt "no station matches within the radius"
[ ! -s out.txt ] || fail "exit 3 wrote a table"
run 3 "${N[@]}" 120.1,30.2 --township 楼塔
# A negative coordinate is an origin, not an option (far away: no shift).
run 0 "${N[@]}" -k 1 -0.1276,51.5072 --format tsv
contains out.txt "1	"
finish

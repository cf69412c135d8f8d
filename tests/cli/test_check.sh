# test_check.sh — `yijia check` finds what is wrong (synthetic test rows,
# labelled so): the same name twice, a point outside the district, a point
# outside its township that lands inside once read as GCJ-02 (Amap
# coordinates stored as WGS84), a field edited into breaking its rule
# (4 errors); two stations 19 m apart; and warns of township-level and missing
# locations; counts the stations checked on site in the last year and
# lists the others.  The shipped data has no error.
source "$(dirname "$0")/lib.sh" "$@"
build_db
run 0 "$YIJIA" --db stations.sqlite check
# 40 township-level points, 4 without any, 44 never verified on site
contains out.txt "0 errors, 88 warnings"
# and a summary of the checks on site: none yet, every station listed
contains out.txt "Checked on site in the last year: 0 of 44 stations"
contains out.txt "Not checked: 临浦镇 XS015 XS034; "
contains out.txt "(township unknown) XS016 XS044"
grep -qE "^warning +XS001 +checked_on +never verified" out.txt || fail "XS001 checked_on"
grep -qE "^warning +XS044 +lon" out.txt || fail "XS044 has no coordinates"
run 0 "$YIJIA" --db stations.sqlite check --format json
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('out.txt'))")" = 1 ] || fail "check json"
contains out.txt '"errors": 0, "warnings": 88'
contains out.txt '"surveyed": {"within_year": 0, "stations": 44, "not_within_year": ["XS015", "XS034", '

mkdir d
{
    echo "name,short_name,kind,district,lon,lat,coord_source,notes"
    echo "测试镇,测试,township,萧山区,120.3,30.2,test: synthetic,"
} > d/places.csv
{
    echo "name,level,source,wkt"
    echo "萧山区,district,test: synthetic,\"MULTIPOLYGON(((120.2 30.1,120.5 30.1,120.5 30.3,120.2 30.3,120.2 30.1)))\""
    echo "测试镇,township,test: synthetic,\"MULTIPOLYGON(((120.2896088 30.1909791,120.3103912 30.1909791,120.3103912 30.2090209,120.2896088 30.2090209,120.2896088 30.1909791)))\""
} > d/boundaries.csv
# C3: a point 0.87 km east of the centre, stored as Amap gives it (GCJ-02)
gcj=$("$YIJIA" convert --from wgs84 --to gcj02 --precision 6 120.309,30.2)
{
    head -1 "$SRC/data/stations.csv" | sed "s/,checked_on,closed_on\r\?$//"
    row() { echo "$1,$2,测试镇测试路,萧山区,测试镇,community,rest,programme,,,$3,test: synthetic,$4,test,"; }
    row C1 测试站 "120.3,30.2" door
    row C2 测试站 "120.301,30.2" door
    row C3 偏移站 "$gcj" poi
    row C4 远方站 "121.0,30.2" door
    row C5 近邻站 "120.3002,30.2" door
    row C6 镇级站 "120.3,30.2" township
    echo "C7,无坐标站,测试镇测试路,萧山区,测试镇,community,rest,programme,,,,,,,test,"
} > d/stations.csv
run 0 "$YIJIA" --db d.sqlite build --data d --quiet
sqlite3 d.sqlite "UPDATE stations SET opening_hours = 'Mo-Fr 18:00+' WHERE id = 'C1';
    UPDATE stations SET checked_on = '2025-11-27' WHERE id = 'C5';
    UPDATE stations SET checked_on = '2025-11-28', phone = '0571-12' WHERE id = 'C6'"
run 1 "$YIJIA" --db d.sqlite check --on 2026-11-28
# + checked_on: C5 more than a year ago, 5 never; C6 a year ago to the day;
# + C6 phone of 6 digits
contains out.txt "4 errors, 10 warnings"
grep -qE "^warning +C5 +checked_on +last verified on 2025-11-27" out.txt ||
    fail "C5 check date"
grep -qE "^warning +C6 +checked_on" out.txt && fail "C6 was verified in the year"
grep -qE "^warning +C6 +phone .*6 digits" out.txt || fail "C6 phone digits"
grep -qE "^error +C1 +opening_hours" out.txt || fail "C1 opening_hours"
contains out.txt "open ends (18:00+) are not supported"
grep -qE "^error +C2 +name" out.txt || fail "C2 name"
contains out.txt "'测试站' is also the name of C1"
contains out.txt "inside once read as GCJ-02"
contains out.txt "121.000000,30.200000 lies outside 萧山区"
contains out.txt "19 m from C1: the same station twice?"
grep -qE "^warning +C6 +coord_precision" out.txt || fail "C6 precision"
grep -qE "^warning +C7 +lon" out.txt || fail "C7 no coordinates"
# errors come before warnings
awk '/^warning/ { w = 1 } /^error/ && w { bad = 1 } END { exit bad }' out.txt ||
    fail "errors must come first"
run 1 "$YIJIA" --db d.sqlite check --format json --on 2026-11-28
contains out.txt '"errors": 4, "warnings": 10'
run 2 "$YIJIA" --db d.sqlite check --format xml

# Checked on site (precision surveyed) within the year: C1 counts; C5,
# surveyed a year and a day before, does not; no precision warning for them
sqlite3 d.sqlite "UPDATE stations SET coord_precision = 'surveyed',
    checked_on = '2026-06-01' WHERE id = 'C1';
    UPDATE stations SET coord_precision = 'surveyed' WHERE id = 'C5'"
run 1 "$YIJIA" --db d.sqlite check --on 2026-11-28
contains out.txt "Checked on site in the last year: 1 of 7 stations"
contains out.txt "Not checked: 测试镇 C2 C3 C4 C5 C6 C7"
grep -qE "^warning +C1 +checked_on" out.txt && fail "C1 was checked in the year"
run 1 "$YIJIA" --db d.sqlite check --format json --on 2026-11-28
contains out.txt '"surveyed": {"within_year": 1, "stations": 7, "not_within_year": ["C2", "C3", "C4", "C5", "C6", "C7"]}}'
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('out.txt'))")" = 1 ] || fail "check json with surveyed"

# Every located station is tested against the district outline, whatever
# its district field says: a row at Shanghai's coordinates without 区县
# (as a sheet without 区县/镇街 imports it) is an error naming it.
mkdir d2
cp d/places.csv d/boundaries.csv d2/
{
    head -1 d/stations.csv
    echo "C1,测试站,测试镇测试路,萧山区,测试镇,community,rest,programme,,,120.3,30.2,test: synthetic,door,test,"
    echo "S1,上海站,上海市人民大道,,,community,rest,programme,,,121.47,31.23,test: synthetic,unknown,test,"
    echo "S2,黄浦站,上海市黄浦区,黄浦区,,community,rest,programme,,,121.47,31.23,test: synthetic,unknown,test,"
} > d2/stations.csv
run 0 "$YIJIA" --db d2.sqlite build --data d2 --quiet
run 1 "$YIJIA" --db d2.sqlite check --on 2026-11-28
grep -qE "^error +S1 +lon +'上海站' at 121.470000,31.230000 lies outside 萧山区 \(the district outline; its district is not set\)" out.txt ||
    fail "S1 without a district is not reported outside 萧山区"
contains out.txt "'黄浦站' at 121.470000,31.230000 lies outside 萧山区 (the district outline; its district '黄浦区' has none)"
run 1 "$YIJIA" --db d2.sqlite check --format json --on 2026-11-28
contains out.txt '"errors": 2,'
finish

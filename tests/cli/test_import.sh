# test_import.sh — `yijia import`: sheets as staff send them (GBK without
# a BOM, BOM + CRLF, UTF-16, tabs, Chinese headers, GCJ-02 and BD-09
# coordinates) are imported and compared field by field; a dry run and
# every broken sheet leave the database byte for byte unchanged.  All
# sheets here are synthetic test data.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")

field() {  # field ID NAME: one field of a station as stored
    sqlite3 "$DB" "SELECT ifnull($2, '') FROM stations WHERE id = '$1'"
}
same_db() {  # same_db WHAT: the database file is unchanged
    cmp -s "$DB" before.sqlite || fail "$1: the database changed"
}

# ---- a GBK sheet without BOM: Chinese headers, Amap (GCJ-02) points ------
gcj1="120.2571,30.1623"
gcj2="120.2712,30.1786"
{
    echo "序号,编号,名称,地址,镇街,类别,设施,开放时间,电话,经度,纬度,坐标系,备注"
    echo "1,XS001,萧山区城厢街道休博园社区爱心驿家,萧山区城厢街道休博园社区水城37幢2楼,城厢街道,社区/村,饮水、休息、卫生间,全天,0571-82345678,${gcj1%,*},${gcj1#*,},高德,\"测试：合成数据\""
    echo "2,,合成测试驿站,萧山区北干街道合成路8号,北干,企业,饮水；手机充电,Mo-Fr 08:00-17:00,13800000000,${gcj2%,*},${gcj2#*,},gcj02,测试：合成数据"
    echo "3,,合成无坐标驿站,萧山区宁围街道合成路9号,宁围街道,union,rest,,,,,,"
} > utf8.csv
iconv -f UTF-8 -t GB18030 utf8.csv > gbk.csv
cp "$DB" before.sqlite
run 0 "${Y[@]}" import --dry-run gbk.csv
same_db "dry run"
contains out.txt "~ XS001 萧山区城厢街道休博园社区爱心驿家 (line 2)"
contains out.txt "    phone: '' → '0571-82345678'"
contains out.txt "+ XS045 合成测试驿站 (line 3)"
contains out.txt "+ XS046 合成无坐标驿站 (line 4)"
contains err.txt "gb18030, comma-separated): 3 rows: 2 added, 1 changed"
contains err.txt "nothing written"
contains err.txt "ignored columns: '序号' (column 1)"

run 0 "${Y[@]}" import gbk.csv
contains err.txt "recorded as change #1"
[ "$(field XS001 opening_hours)" = "24/7" ] || fail "全天 → 24/7"
[ "$(field XS001 amenities)" = "drinking_water;rest;toilet" ] || fail "amenity labels"
[ "$(field XS001 notes)" = "测试：合成数据" ] || fail "notes"
[ "$(field XS001 coord_precision)" = "unknown" ] || fail "precision unknown"
[ "$(field XS001 coord_source)" = "import gbk.csv:2 (gcj02, converted to WGS84)" ] ||
    fail "coord_source: $(field XS001 coord_source)"
[ "$(field XS045 township)" = "北干街道" ] || fail "short township name"
[ "$(field XS045 district)" = "萧山区" ] || fail "district from the gazetteer"
[ "$(field XS045 category)" = "enterprise" ] || fail "category label"
[ "$(field XS045 amenities)" = "drinking_water;phone_charging" ] || fail "；"
[ "$(field XS046 lon)" = "" ] || fail "no coordinates"
# coordinates: stored in WGS84, equal to the exact inverse of GCJ-02
for pair in "XS001 $gcj1" "XS045 $gcj2"; do
    set -- $pair
    want=$("$YIJIA" convert --from gcj02 --to wgs84 --precision 9 "$2")
    got="$(field "$1" lon),$(field "$1" lat)"
    awk -v a="$want" -v b="$got" 'BEGIN { split(a, p, ","); split(b, q, ",");
        d1 = p[1] - q[1]; d2 = p[2] - q[2]; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2;
        exit !(d1 < 2e-9 && d2 < 2e-9) }' || fail "$1: $got is not $want"
done
run 0 "${Y[@]}" nearest "$gcj2" --crs gcj02 -k 1 --format csv
contains out.txt ",XS045,合成测试驿站,"

# ---- the same sheet with a BOM and CRLF: nothing left to change -----------
{ printf '\357\273\277'; sed 's/$/\r/' utf8.csv; } > bom.csv
cp "$DB" before.sqlite
run 0 "${Y[@]}" import bom.csv
contains err.txt "(utf-8, comma-separated): 3 rows: 0 added, 0 changed, 0 closed, 3 unchanged"
contains err.txt "nothing changed"
# matched by name and address (no 编号 on lines 3-4): no new stations
[ "$("${Y[@]}" list --format csv | wc -l)" = 47 ] || fail "46 stations expected"

# ---- UTF-16 tab-separated ("Unicode text" from Excel), BD-09, quoted newline
{
    printf 'name\taddress\tlon\tlat\tcrs\tnotes\tchecked_on\n'
    printf '合成百度站\t萧山区新塘街道合成路1号\t120.3100\t30.1900\tbd09\t"两行\n备注"\t2026/3/1\n'
} | iconv -f UTF-8 -t UTF-16 > u16.txt
run 0 "${Y[@]}" import u16.txt
contains err.txt "(utf-16le, tab-separated): 1 rows: 1 added"
[ "$(field XS047 checked_on)" = "2026-03-01" ] || fail "date 2026/3/1"
[ "$(field XS047 notes)" = "两行
备注" ] || fail "quoted newline"
want=$("$YIJIA" convert --from bd09 --to wgs84 --precision 9 120.31,30.19)
[ "$(field XS047 lon),$(field XS047 lat)" = "$want" ] || fail "bd09: $(field XS047 lon) vs $want"

# ---- SQL-looking text is stored as written ---------------------------------
printf '名称,地址\n"x'"'"'); DROP TABLE stations;--","萧山区城厢街道 1 号; DELETE FROM meta"\n' > sql.csv
run 0 "${Y[@]}" import sql.csv
[ "$(field XS048 name)" = "x'); DROP TABLE stations;--" ] || fail "SQL text"
run 0 "${Y[@]}" list --text "DROP TABLE" --format csv
contains out.txt "XS048"

# ---- a title line above the header, empty rows as Excel writes them --------
printf '萧山区爱心驿家名单（合成测试）,,\n名称,地址,电话\n合成丙站,萧山区合成路3号,0571-87654321\n,,\n , ,\n' > titled.csv
run 0 "${Y[@]}" import --dry-run titled.csv
contains err.txt "skipped 1 title line above the header"
contains err.txt "skipped 2 empty rows"
contains err.txt "1 rows: 1 added"
printf '萧山区爱心驿家名单,,\n名字,住址,电话\n' > untitled.csv
run 1 "${Y[@]}" import untitled.csv
contains err.txt "untitled.csv row 2: missing required column '名称'"

# ---- Chinese wording in hours and vocabulary cells -------------------------
printf '名称,地址,类别,设施,开放时间,电话\n合成甲站,萧山区合成路1号,社区,微波炉、厕所、饮水,周一至周五 8:30—17:00,（0571）8888—1234；13800000000\n合成乙站,萧山区合成路2号,党群,充电,周一至周五 08:00-12:00、14:00-17:30；周六 09:00-12:00,\n' > words.csv
run 0 "${Y[@]}" import words.csv
[ "$(field XS049 opening_hours)" = "Mo-Fr 8:30-17:00" ] || fail "周一至周五: $(field XS049 opening_hours)"
[ "$(field XS049 amenities)" = "food_heating;toilet;drinking_water" ] || fail "amenity words"
[ "$(field XS049 category)" = "community" ] || fail "社区"
[ "$(field XS049 phone)" = "(0571)8888-1234;13800000000" ] || fail "full-width phone: $(field XS049 phone)"
[ "$(field XS050 opening_hours)" = "Mo-Fr 08:00-12:00,14:00-17:30;Sa 09:00-12:00" ] ||
    fail "two spans and 周六: $(field XS050 opening_hours)"
[ "$(field XS050 category)" = "party_mass" ] || fail "党群"

# ---- replace: the stations the sheet lacks are closed, not deleted ----------
cp "$DB" replace.sqlite
in_service() { "$YIJIA" --db "$1" list --format csv | grep -c '^XS'; }
# closing more than 3 needs --yes: a 3-row sheet would close 47 of 50
run 2 "$YIJIA" --db replace.sqlite import --mode replace bom.csv
contains err.txt "would close 47 of the 50 stations in service, not in the sheet: XS002 "
contains err.txt " and 42 more"
contains err.txt "error: --mode replace would close 47 of the 50 stations in service (more than 3): check that the sheet lists every station, or add --yes"
contains err.txt "nothing was imported"
[ -s out.txt ] && fail "a refused replace listed changes as if made"
[ "$(in_service replace.sqlite)" = 50 ] || fail "a refused replace closed stations"
# the dry run shows the count without --yes
run 0 "$YIJIA" --db replace.sqlite import --mode replace --dry-run --quiet bom.csv
contains err.txt "dry run: would close 47 of the 50 stations in service"
contains err.txt "without --yes, import refuses to close more than 3 stations"
contains err.txt "0 added, 0 changed, 47 closed"
[ "$(in_service replace.sqlite)" = 50 ] || fail "a dry run closed stations"
# a few (at most 3) close without --yes
"$YIJIA" --db replace.sqlite export --format csv --no-bom |
    grep -v '^XS00[234],' > most.csv
run 0 "$YIJIA" --db replace.sqlite import --mode replace --quiet most.csv
contains err.txt "closes 3 of the 50 stations in service, not in the sheet: XS002 "
[ "$(in_service replace.sqlite)" = 47 ] || fail "replace of 3 without --yes"
run 0 "$YIJIA" --db replace.sqlite undo
run 0 "$YIJIA" --db replace.sqlite import --mode replace --yes bom.csv
contains err.txt "0 added, 0 changed, 47 closed"
contains out.txt "- XS002 "
[ "$(in_service replace.sqlite)" = 3 ] || fail "3 stations left in service"
"$YIJIA" --db replace.sqlite show --format json XS002 | grep -q '"closed_on": "20' || fail "XS002 closed_on"
run 0 "$YIJIA" --db replace.sqlite undo
[ "$(in_service replace.sqlite)" = 50 ] || fail "undo of replace"

# ---- broken sheets: a clear message with the line, nothing written --------
cp "$DB" before.sqlite
broken() {  # broken NAME MESSAGE [import options]: import NAME, expect failure
    local name=$1 msg=$2
    shift 2
    run 1 "${Y[@]}" import "$@" "$name"
    contains err.txt "$msg"
    contains err.txt "nothing was imported"
    same_db "$name"
}
printf '名称,镇街\n测试,城厢街道\n' > no_address.csv
broken no_address.csv "no_address.csv row 1: missing required column '地址'"
printf '名称,地址,经度,纬度\n甲,甲路,120.3,30.2\n乙,乙路,200.5,30.2\n' > range.csv
broken range.csv "range.csv row 3, column 经度: 200.5 is out of range"
printf '名称,地址,经度,纬度\n甲,甲路,NaN,30.2\n' > nan.csv
broken nan.csv "nan.csv row 2, column 经度: 'NaN' is not a number"
# in Chinese: the row and the column as the sheet names them (issue 18)
run 1 env LANGUAGE=zh_CN "${Y[@]}" import nan.csv
contains err.txt "nan.csv 第 2 行「经度」：'NaN' 不是数字"
printf 'name,address,lng,lat\n甲,甲路,120.3,91\n' > lat_range.csv
run 1 env LANGUAGE=zh_CN "${Y[@]}" import lat_range.csv
contains err.txt "lat_range.csv 第 2 行「纬度（lat）」：91 超出范围（-90..90）"
# the system's words quoted in Chinese are readable, not '?' (strerror)
run 1 env LANGUAGE=zh_CN "${Y[@]}" import no_such_sheet.csv
contains err.txt "no_such_sheet.csv："
lacks err.txt "??"
broken lat_range.csv "lat_range.csv row 2, column 纬度 (lat): 91 is out of range (-90..90)"
printf '名称,地址,经度,纬度\n甲,甲路,30.2,120.3\n' > swapped.csv
broken swapped.csv "swapped.csv row 2, column 经度, 纬度: 30.2, 120.3 look swapped"
printf '编号,名称,地址\nXS003,甲,甲路\nxs003,乙,乙路\n' > dup.csv
broken dup.csv "dup.csv row 3, column 编号: 'XS003' is the station of row 2 too"
printf '名称,地址\n甲,甲路\n甲,甲路\n' > dup2.csv
broken dup2.csv "dup2.csv row 3: the station of row 2 too"
printf '名称,地址,类别\n甲,甲路,餐馆\n' > category.csv
broken category.csv "category.csv row 2, column 类别: '餐馆' is not one of 社区/村"
printf '名称,地址,设施\n甲,甲路,饮水 phone charging\n乙,乙路,wifi|卫生问\n' > amenity.csv
broken amenity.csv "amenity.csv row 3, column 设施: unknown amenity '卫生问'; did you mean '卫生间' (toilet)?"
run 1 env LANGUAGE=zh_CN "${Y[@]}" import amenity.csv
contains err.txt "amenity.csv 第 3 行「设施」：不认识的服务项目 "
printf '名称,地址,开放时间\n甲,甲路,Mo-Fr 08:00-\n' > hours.csv
broken hours.csv "hours.csv row 2, column 开放时间: "
printf '名称,地址,镇街\n甲,甲路,不存在镇\n' > town.csv
broken town.csv "town.csv row 2, column 镇街: '不存在镇' is not a township"
printf '名称,地址\n"甲,甲路\n乙,乙路\n' > quote.csv
broken quote.csv "quote.csv:2: unterminated quoted field"
printf '名称,地址\n甲,甲路,多余\n' > columns.csv
broken columns.csv "columns.csv row 2: expected 2 columns as in the header, found 3"
{ printf '名称,地址\n甲,"'; head -c 10485760 /dev/zero | tr '\0' 'x'; printf '"\n'; } > big_field.csv
broken big_field.csv "big_field.csv row 2, column 地址: 10485760 bytes, more than the 4000"
: > empty.csv
broken empty.csv "empty.csv: empty file"
printf '名称,地址\n' > header_only.csv
broken header_only.csv "header_only.csv: a header but no stations"
head -c 4096 "$YIJIA" > binary.csv
broken binary.csv "a binary file"
printf 'PK\003\004rest of a zip' > sheet.xlsx
broken sheet.xlsx "an Excel workbook (.xlsx)"
printf '名称,地址\n甲\xff,甲路\n' > badutf8.csv
broken badutf8.csv "badutf8.csv:2: byte 18 of the file is not valid UTF-8" --encoding utf-8
# a GBK sheet forced as UTF-8 is refused, not stored as mojibake
broken gbk.csv "is not valid UTF-8 (try --encoding gb18030)" --encoding utf-8
run 2 "${Y[@]}" import --mode merge gbk.csv
contains err.txt "--mode: 'merge' is not upsert or replace"
run 2 "${Y[@]}" import --encoding latin1 gbk.csv
run 2 "${Y[@]}" import
run 1 "${Y[@]}" import missing.csv
contains err.txt "missing.csv: No such file or directory"
same_db "usage errors"

# ---- amenities a sheet changes are the staff's: amenities_source staff ----
cp "$DB" staff.sqlite
printf '编号,名称,地址,服务项目,服务项目来源\nXS002,%s,%s,饮水、卫生间,项目标准\nXS003,,,饮水、休息、饭菜加热、取暖、纳凉、手机充电、避雨,项目标准\n' \
    "$("$YIJIA" --db staff.sqlite show --format json XS002 | sed -n 's/.*"name": "\([^"]*\)".*/\1/p')" \
    "$("$YIJIA" --db staff.sqlite show --format json XS002 | sed -n 's/.*"address": "\([^"]*\)".*/\1/p')" > amen.csv
run 0 "$YIJIA" --db staff.sqlite import amen.csv
contains out.txt "    amenities_source: 'programme' → 'staff'"
[ "$(sqlite3 staff.sqlite "SELECT amenities_source FROM stations WHERE id = 'XS002'")" = staff ] ||
    fail "import of changed amenities kept programme"
[ "$(sqlite3 staff.sqlite "SELECT amenities_source FROM stations WHERE id = 'XS003'")" = programme ] ||
    fail "import of the same amenities changed the source"
run 0 "$YIJIA" --db staff.sqlite undo
[ "$(sqlite3 staff.sqlite "SELECT amenities_source FROM stations WHERE id = 'XS002'")" = programme ] ||
    fail "undo did not restore programme"

# ---- a row outside the district outline, whatever its 区县 says -----------
cp "$DB" outside.sqlite
printf '名称,地址,经度,纬度\n上海测试站,上海市黄浦区人民大道,121.47,31.23\n' > shanghai.csv
run 1 "$YIJIA" --db outside.sqlite import --dry-run shanghai.csv
contains err.txt "shanghai.csv row 2, column 经度, 纬度: '上海测试站' at 121.470000,31.230000 lies outside 萧山区 (the district outline; the row names no district)"
contains err.txt "nothing was imported"
run 1 "$YIJIA" --db outside.sqlite import shanghai.csv
printf '名称,地址,区县,经度,纬度\n上海测试站,上海市黄浦区人民大道,萧山区,121.47,31.23\n' > shanghai2.csv
run 1 "$YIJIA" --db outside.sqlite import shanghai2.csv
contains err.txt "lies outside 萧山区 (the district outline): check the coordinates and their 坐标系"
[ "$(sqlite3 outside.sqlite "SELECT count(*) FROM stations WHERE name = '上海测试站'")" = 0 ] ||
    fail "a row outside the district was imported"
# A sheet deep in folders with long Chinese names: the message keeps what
# is wrong, and the path gives way from its start ("…"), between characters.
deep="$WORK/萧山区总工会户外劳动者服务站点建设工作专班/二〇二六年第四季度新增站点（城厢、北干、蜀山、新塘、宁围、新街、盈丰、闻堰）/各镇街报送汇总"
mkdir -p "$deep"
printf '名称,地址,经度,纬度\n甲站,甲路,120.29,30.1x\n' > "$deep/驿站.csv"
run 1 "$YIJIA" --db outside.sqlite import "$deep/驿站.csv"
contains err.txt "驿站.csv row 2, column 纬度: '30.1x' is not a number"
contains err.txt "yijia: error: …"
iconv -f UTF-8 -t UTF-8 err.txt >/dev/null || fail "a long path's message is cut inside a character"
finish

# test_show.sh — `yijia show ID` in text and machine formats.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=(--db "$WORK/stations.sqlite")

run 0 "$YIJIA" "${DB[@]}" show XS029
contains out.txt "萧山区党湾镇卫东桥社区爱心驿家"
grep -qE "^Opening hours +24/7" out.txt || fail "show: opening hours"
contains out.txt "≈ 位置仅到镇街"
contains out.txt "应急药箱"

run 0 "$YIJIA" "${DB[@]}" show xs001
contains out.txt "(the programme's standard set, not checked station by station)"
grep -qE "^Opening hours +unknown" out.txt || fail "show: unknown hours"

run 0 "$YIJIA" "${DB[@]}" show XS037
contains out.txt "钱塘区"
contains out.txt "无坐标 (not located yet)"

run 0 "$YIJIA" "${DB[@]}" show --format json XS016
contains out.txt '"id": "XS016"'
contains out.txt '"lon": null'

run 0 "$YIJIA" "${DB[@]}" show --format csv XS002
[ "$(wc -l <out.txt)" = 2 ] || fail "csv show is not header + 1 row"
grep -F "XS002," "$SRC/data/stations.csv" > want.txt
tail -1 out.txt | cmp -s - want.txt || fail "csv show differs from stations.csv row"

run 3 "$YIJIA" "${DB[@]}" show XS999
contains err.txt "no station with id 'XS999'"
finish

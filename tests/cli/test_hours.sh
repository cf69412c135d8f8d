# test_hours.sh — --open-now, --open-at and --open-on-arrival on list,
# nearest and export, against a database of stations with varied hours
# (synthetic test rows, labelled so) and the shipped holiday calendar;
# the stations returned are compared with hand-computed answers.
source "$(dirname "$0")/lib.sh" "$@"
mkdir data
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" "$SRC/data/holidays-cn.csv" data/
{
    head -1 "$SRC/data/stations.csv" | sed "s/,checked_on,closed_on\r\?$//"
    row() { echo "$1,测试站$1,城厢街道测试路$1号,萧山区,城厢街道,community,rest,programme,\"$2\",,$3,30.16,test: synthetic row,door,test,"; }
    row HW1 "Mo-Fr 08:00-17:00; Sa,Su,PH off" 120.270
    row HW2 "24/7" 120.271
    row HW3 "Mo-Su 17:00-03:00" 120.272
    row HW4 "Mo-Su 08:00-22:00; Jul-Aug Mo-Su 06:00-22:00" 120.273
    row HW5 "" 120.274
    row HW6 "Mo-Fr 20:00-02:00; PH off" 120.275
} > data/stations.csv
run 0 "$YIJIA" --db hours.sqlite build --data data --quiet
export YIJIA_DB=$WORK/hours.sqlite

# ids_at TIME: the ids `list --open-at TIME` returns, sorted, on one line
ids_at() {
    "$YIJIA" list --open-at "$1" --format tsv 2>/dev/null |
        awk -F'\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//'
}
check() {
    local got
    got=$(ids_at "$1")
    [ "$got" = "$2" ] || fail "--open-at '$1': got '$got', want '$2'"
}
check "2025-10-01 10:00" "HW2 HW4"            # National Day: HW1 off
check "2025-10-01 01:00" "HW2 HW3 HW6"        # HW6's Tuesday night runs on
check "2025-10-01 20:00" "HW2 HW3 HW4"        # HW6 off on the holiday
check "2025-09-28 10:00" "HW1 HW2 HW4"        # make-up Sunday: HW1 works
check "2025-09-27 10:00" "HW2 HW4"            # an ordinary Saturday
check "2025-07-15 06:30" "HW2 HW4"            # heat-season hours; HW3 closed at 03:00
check "2026-02-16 10:00" "HW2 HW4"            # Spring Festival
check "2026-02-14 10:00" "HW1 HW2 HW4"        # its make-up Saturday
check "2025-10-09 21:00" "HW2 HW3 HW4 HW6"    # back to normal

# unknown hours are left out of an open filter, and said so
run 0 "$YIJIA" list --open-at "2025-10-09 21:00"
contains err.txt "1 matching station with unknown opening hours left out"
grep -qE " Open( |$)" out.txt || fail "the open status column"
contains out.txt "开放至 22:00"
run 0 "$YIJIA" list --township 城厢 --open-at "2025-10-01 10:00" --format csv
head -1 out.txt | grep -q ',open_state,next_change,open_text,travel_min,arrival$' ||
    fail "csv: status columns"
contains out.txt ',open,2025-10-01T22:00+08:00,开放至 22:00,,'
# nearest: the k nearest open stations, not the nearest filtered after
run 0 "$YIJIA" nearest 120.270,30.16 -k 2 --open-at "2025-10-01 10:00" --format tsv
[ "$(awk -F'\t' 'NR > 1 { printf "%s ", $5 }' out.txt)" = "HW2 HW4 " ] ||
    fail "nearest --open-at: $(cat out.txt)"
# on arrival: 1 km on foot is 14 minutes; HW1 closes at 17:00
run 0 "$YIJIA" nearest 120.2596,30.16 -k 1 --text HW1 --open-on-arrival --open-at "2025-10-09 16:40"
contains out.txt "步行 14 分钟，到达时开放（至 17:00）"
run 0 "$YIJIA" nearest 120.2596,30.16 -k 1 --text HW1 --open-on-arrival --speed 3 --open-at "2025-10-09 16:40"
contains out.txt "行程 21 分钟，到达时已关闭（明天 08:00 开放）"
run 0 "$YIJIA" nearest 120.2596,30.16 -k 1 --text HW1 --open-on-arrival --speed ride --format json --open-at "2025-10-09 16:40"
contains out.txt '"travel_min": 5'  # 1002 m at 15 km/h, rounded up
contains out.txt '"open_state": "open"'
# export carries the status too
run 0 "$YIJIA" export --format geojson --open-at "2025-10-01 10:00"
contains out.txt '"open_state": "open"'
run 0 "$YIJIA" export --format gpx --open-at "2025-10-01 10:00"
contains out.txt "开放至 22:00"
# bad input
run 2 "$YIJIA" list --open-at "2025-10-01"
contains err.txt "is not a time such as"
# a time alone is today's (Beijing): the same answer as the full form
today=$(TZ=Asia/Shanghai date +%F)
run 0 "$YIJIA" list --open-at "20:00" --format csv
cp out.txt alone.csv
run 0 "$YIJIA" list --open-at "$today 20:00" --format csv
cmp -s alone.csv out.txt || fail "--open-at 20:00 is not today's 20:00"
run 0 "$YIJIA" list --open-at "8:30" --format csv
run 2 "$YIJIA" list --open-at "25:00"
contains err.txt "is not a time such as"
run 2 "$YIJIA" list --open-now --open-at "2025-10-01 10:00"
run 2 "$YIJIA" nearest 120.27,30.16 --open-on-arrival --speed fast
contains err.txt "--speed: 'fast'"
run 2 "$YIJIA" list --open-on-arrival
# a station's hours that do not parse stop the build, naming the column
mkdir bad
cp data/places.csv data/boundaries.csv bad/
{ head -1 data/stations.csv | sed "s/,checked_on,closed_on\r\?$//"; echo 'HB1,坏,城厢街道,萧山区,城厢街道,community,rest,programme,Mo-Fr 18:00+,,,,,,test,'; } > bad/stations.csv
run 1 "$YIJIA" --db bad.sqlite build --data bad --quiet
contains err.txt "character 12: open ends"
[ ! -e bad.sqlite ] || fail "a failed build left bad.sqlite"
# a data directory without holidays-cn.csv gets the shipped calendar
mkdir nocal
cp data/places.csv data/boundaries.csv data/stations.csv nocal/
run 0 "$YIJIA" --db nocal.sqlite build --data nocal
contains err.txt "nocal has no holidays-cn.csv: using"
contains err.txt "72 holiday calendar days"
[ "$(YIJIA_DB=$WORK/nocal.sqlite ids_at "2025-10-01 10:00")" = "HW2 HW4" ] ||
    fail "the shipped calendar was not used"
# the shipped data: XS029 (24 hours, per the union's 2024 report) is open
YIJIA_DB= run 0 "$YIJIA" --db "$WORK/shipped.sqlite" build --data "$SRC/data" --quiet
run 0 "$YIJIA" --db "$WORK/shipped.sqlite" list --open-at "2026-02-17 03:00" --format tsv
[ "$(awk -F'\t' 'NR > 1 { print $1 }' out.txt)" = XS029 ] || fail "shipped: only XS029 is known to be open"
finish

# test_list.sh — `yijia list`: table, csv, tsv, json, filters, exit codes.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=(--db "$WORK/stations.sqlite")

run 0 "$YIJIA" "${DB[@]}" list
[ "$(wc -l <out.txt)" = 45 ] || fail "table has $(wc -l <out.txt) lines, want 45"
contains out.txt "≈ 位置仅到镇街"
contains out.txt "无坐标"
# Columns line up by display width (Chinese characters are two columns):
# everything before the address column has the same display width in
# every row (GNU wc -L measures display width).
first=""
while IFS= read -r line; do
    w=$(printf '%s' "${line%  *}" | wc -L)
    [ -n "$first" ] || first=$w
    [ "$w" = "$first" ] || fail "misaligned row ($w, not $first): $line"
done <out.txt

run 0 "$YIJIA" "${DB[@]}" list --format csv
head -1 out.txt > header.txt
cmp -s header.txt <(head -1 "$SRC/data/stations.csv") || fail "csv header differs from stations.csv"
[ "$(tail -n +2 out.txt | wc -l)" = 44 ] || fail "csv rows != 44"
# Same rows as stations.csv, only ordered by township.
diff <(tail -n +2 out.txt | sort) <(tail -n +2 "$SRC/data/stations.csv" | sort) >/dev/null \
    || fail "csv rows differ from stations.csv"

# The CSV output is itself a valid data file: build from it.
mkdir -p again
cp out.txt again/stations.csv
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" again/
run 0 "$YIJIA" --db "$WORK/again.sqlite" build --data "$WORK/again"
contains err.txt "44 stations"

run 0 "$YIJIA" "${DB[@]}" list --format tsv --township 城厢
[ "$(wc -l <out.txt)" = 8 ] || fail "城厢 tsv has $(wc -l <out.txt) lines, want 8"
contains out.txt "XS041	萧山区工行营业部本级爱心驿家	"

run 0 "$YIJIA" "${DB[@]}" list --format json --category bank
[ "$(grep -c '"id": ' out.txt)" = 5 ] || fail "want 5 banks"
contains out.txt '"lon": null, "lat": null'
head -c1 out.txt | grep -q '\[' || fail "json does not start with ["

run 0 "$YIJIA" "${DB[@]}" list --township 盈丰街道
contains out.txt "XS025"

# Unknown values: usage errors listing what is valid.
run 2 "$YIJIA" "${DB[@]}" list --township 火星
contains err.txt "unknown township '火星'"
contains err.txt "城厢街道 (城厢)"
run 2 "$YIJIA" "${DB[@]}" list --category castle
contains err.txt "unknown category 'castle'"
contains err.txt "fuel_station"

# Nothing matches: exit 3.
run 3 "$YIJIA" "${DB[@]}" list --township 楼塔 --category bank
contains err.txt "no station matches"

# YIJIA_DB names the database when --db is absent.
YIJIA_DB="$WORK/stations.sqlite" run 0 "$YIJIA" list --format csv
[ "$(wc -l <out.txt)" = 45 ] || fail "YIJIA_DB not honoured"

# The tool built in the build tree finds its default database by itself.
if [ -f "$(dirname "$YIJIA")/stations.sqlite" ]; then
    run 0 "$YIJIA" list --format csv
    [ "$(wc -l <out.txt)" = 45 ] || fail "default database not used"
fi

# Output errors are reported, not ignored.
if [ -w /dev/full ]; then
    status=0
    "$YIJIA" "${DB[@]}" list --format csv >/dev/full 2>err.txt || status=$?
    [ "$status" = 1 ] || fail "writing to a full disk exited $status"
    contains err.txt "writing the output failed"
fi
finish

# test_edit.sh — add, edit, remove (close and purge), history and undo:
# every change is recorded field by field, and undo restores the previous
# state exactly (every column, the spatial index, the derived tables).
# Stations added here are synthetic test data.
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
export USER=tester

# Every stored column of every station, the spatial index's entries and
# the derived tables: what "exactly the previous state" means.
state() {
    sqlite3 "$DB" "SELECT * FROM stations ORDER BY id;
        SELECT s.id, r.xmin, r.ymin FROM idx_stations_geom r
            JOIN stations s ON s.fid = r.pkid ORDER BY s.id;
        SELECT * FROM station_density ORDER BY cell;
        SELECT * FROM meta WHERE key LIKE 'stations_%' ORDER BY key" |
        sed 's/^[0-9]*|//'  # the row id may change when a deleted row returns
}
state > s0.txt
# When the stations layer last had rows inserted|updated|deleted, which
# GDAL compares with its cached statistics: the build stamps the insert,
# each change what it did (SpatiaLite's per-row triggers are gone).
stamps() {
    sqlite3 "$DB" "SELECT last_insert, last_update, last_delete
        FROM geometry_columns_time WHERE f_table_name = 'stations'"
}
never=0000-01-01T00:00:00.000Z
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name GLOB 'tm[iud]_*'")" = 0 ] ||
    fail "per-row time triggers left in the file"
IFS='|' read -r ins0 upd0 del0 <<<"$(stamps)"
[ "$ins0" != "$never" ] && [ "$upd0" = "$never" ] && [ "$del0" = "$never" ] ||
    fail "build stamps: $ins0 $upd0 $del0"

# ---- add ------------------------------------------------------------------
run 0 "${Y[@]}" add --set 名称=合成测试驿站 --set address=萧山区城厢街道合成路1号 \
    --set 镇街=城厢 --set 设施=饮水、休息 --set lon=120.2612 --set lat=30.1634 \
    --crs gcj02 --set coord_precision=poi --set 'notes=测试：合成数据'
contains out.txt "+ XS045 合成测试驿站"
contains err.txt "recorded as change #1"
run 0 "${Y[@]}" nearest 120.2612,30.1634 --crs gcj02 -k 1 --format csv
contains out.txt ",XS045,合成测试驿站,"
lacks out.txt "≈"
want=$("$YIJIA" convert --from gcj02 --to wgs84 --precision 9 120.2612,30.1634)
got=$(sqlite3 "$DB" "SELECT lon || ',' || lat FROM stations WHERE id = 'XS045'")
[ "$got" = "$want" ] || fail "added point $got, expected $want"
state > s1.txt
IFS='|' read -r ins1 upd1 del1 <<<"$(stamps)"
[[ "$ins1" > "$ins0" ]] && [ "$upd1" = "$never" ] || fail "add stamps: $ins1 $upd1"

# ---- edit -----------------------------------------------------------------
run 0 "${Y[@]}" edit XS003 --set phone=0571-82345678 --set 开放时间=Mo-Fr\ 08:30-17:00 \
    --set checked_on=2026/11/20
contains out.txt "    phone: '' → '0571-82345678'"
contains out.txt "    checked_on: '' → '2026-11-20'"
run 0 "${Y[@]}" edit XS003 --set phone=0571-82345678
contains err.txt "nothing changed"
run 1 "${Y[@]}" edit XS003 --set category=餐馆
contains err.txt "XS003: category: '餐馆' is not one of"
run 1 "${Y[@]}" edit XS003 --set 'opening_hours=Mo-Fr 18:00+'
contains err.txt "XS003: opening_hours"
run 2 "${Y[@]}" edit XS003 --set colour=red
contains err.txt "--set: unknown field 'colour'"
run 2 "${Y[@]}" edit XS003 --set id=XS999
run 2 "${Y[@]}" edit XS003
run 3 "${Y[@]}" edit XS999 --set phone=1
contains err.txt "no station 'XS999'"
state > s2.txt
IFS='|' read -r ins2 upd2 del2 <<<"$(stamps)"
[ "$ins2" = "$ins1" ] && [[ "$upd2" > "$ins1" ]] && [ "$del2" = "$never" ] ||
    fail "edit stamps: $ins2 $upd2 $del2"

# ---- remove: closed and kept; purge: deleted ------------------------------
run 0 "${Y[@]}" remove XS010
contains out.txt "- XS010 "
contains out.txt "    closed_on: '' → '20"
"${Y[@]}" list --format csv | grep -q '^XS010,' && fail "a closed station is listed"
"${Y[@]}" export --format geojson | grep -q '"XS010"' && fail "a closed station is exported"
run 0 "${Y[@]}" show XS010
grep -qE "^Closed on +20" out.txt || fail "show: closed on"
run 0 "${Y[@]}" remove XS010
contains err.txt "closed on 20"
state > s3.txt
run 0 "${Y[@]}" remove --purge XS045
IFS='|' read -r ins4 upd4 del4 <<<"$(stamps)"
[[ "$del4" > "$upd2" ]] || fail "purge stamps: $del4"
run 3 "${Y[@]}" show XS045
run 0 "${Y[@]}" nearest 120.2612,30.1634 --crs gcj02 -k 1 --format csv
lacks out.txt "XS045"

# ---- history ----------------------------------------------------------------
run 0 "${Y[@]}" history XS003
contains out.txt "#2  "
contains out.txt "  tester  edit XS003 --set phone=0571-82345678 --set '开放时间=Mo-Fr 08:30-17:00' --set checked_on=2026/11/20"
contains out.txt "    phone: '' → '0571-82345678'"
run 0 "${Y[@]}" history --format json
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('out.txt'))")" = 1 ] || fail "history json"
contains out.txt '"station": "XS045", "action": "purge", "field": "name", "old": "合成测试驿站", "new": null'
run 0 "${Y[@]}" history XS001
contains err.txt "no changes recorded for XS001"

# ---- undo: one step at a time restores each earlier state exactly ----------
run 0 "${Y[@]}" undo --dry-run
contains out.txt "would undo change #4"
run 0 "${Y[@]}" undo
contains out.txt "undid change #4"
state > now.txt; cmp -s now.txt s3.txt || fail "undo of the purge"
run 0 "${Y[@]}" nearest 120.2612,30.1634 --crs gcj02 -k 1 --format csv
contains out.txt ",XS045,"
run 0 "${Y[@]}" undo
state > now.txt; cmp -s now.txt s2.txt || fail "undo of the remove"
run 0 "${Y[@]}" undo
state > now.txt; cmp -s now.txt s1.txt || fail "undo of the edit"
run 0 "${Y[@]}" undo
state > now.txt; cmp -s now.txt s0.txt || fail "undo of the add"
run 3 "${Y[@]}" undo
contains err.txt "nothing to undo"
run 0 "${Y[@]}" history
contains out.txt "(undone by #"

# ---- an undo is undone by number (redo); a conflicting undo is refused -----
undo_of_add=$(sqlite3 "$DB" "SELECT undone_by FROM changes WHERE change_id = 1")
run 0 "${Y[@]}" undo --change "$undo_of_add"
state > now.txt; cmp -s now.txt s1.txt || fail "redo of the add"
run 0 "${Y[@]}" edit XS045 --set phone=0571-11112222
cp "$DB" before.sqlite
run 1 "${Y[@]}" undo --change 1
contains err.txt "XS045 phone has changed since"
cmp -s "$DB" before.sqlite || fail "a refused undo changed the database"
run 1 "${Y[@]}" undo --change 2
contains err.txt "was already undone"
run 3 "${Y[@]}" undo --change 999
run 2 "${Y[@]}" undo --change x
run 2 "${Y[@]}" undo --to yesterday

# ---- undo --to TIME: everything after it ----------------------------------
sqlite3 "$DB" "UPDATE changes SET at = '2026-01-01T08:00:00+08:00', unix_time = 1767225600"
state > s4.txt
run 0 "${Y[@]}" edit XS001 --set phone=0571-1234567
run 0 "${Y[@]}" remove XS002
run 0 "${Y[@]}" undo --to "2026-01-01 09:00"
contains out.txt "undid change #"
[ "$(grep -c undid out.txt)" = 2 ] || fail "undo --to undid $(grep -c undid out.txt) changes, expected 2"
state > now.txt; cmp -s now.txt s4.txt || fail "undo --to"

# ---- a schema 3 file (before history): refused by readers, upgraded -------
"$YIJIA" --db v3.sqlite build --data "$SRC/data" --quiet
sqlite3 v3.sqlite "ALTER TABLE stations DROP COLUMN checked_on;
    ALTER TABLE stations DROP COLUMN closed_on; DROP TABLE change_fields;
    DROP TABLE changes; DROP TABLE geocode_cache;
    DROP TABLE geocode_candidates; DROP TABLE survey_submissions;
    DROP TABLE staff; PRAGMA user_version = 3"
run 1 "$YIJIA" --db v3.sqlite list
contains err.txt "schema version 3, this yijia reads 6 (upgrade it with \`yijia --db v3.sqlite upgrade\`)"
cp v3.sqlite v3.before
printf '名称,地址\n合成测试驿站,萧山区城厢街道合成路1号\n' > one.csv
run 0 "$YIJIA" --db v3.sqlite import --dry-run one.csv
contains out.txt "+ XS045 合成测试驿站"
cmp -s v3.sqlite v3.before || fail "a dry run on a schema 3 file changed it"
run 0 "$YIJIA" --db v3.sqlite upgrade
run 0 "$YIJIA" --db v3.sqlite list --format csv
[ "$(grep -c '^XS' out.txt)" = 44 ] || fail "stations after the upgrade"
run 0 "$YIJIA" --db v3.sqlite remove XS044
run 0 "$YIJIA" --db v3.sqlite undo

# ---- bad values are refused like an import row's -------------------------
run 1 "${Y[@]}" add --set name=缺地址
contains err.txt "address: empty"
run 1 "${Y[@]}" add --set name=甲 --set address=甲路 --set lon=120.3
contains err.txt "lat: empty while 经度 is '120.3'"
run 1 "${Y[@]}" add --id XS001 --set name=甲 --set address=甲路
contains err.txt "a station with this id exists"
# Chinese hours wording: 法定节假日 is one word, not 法定 + 节假日
run 0 "${Y[@]}" edit XS004 --set '开放时间=周一至周五 8:00-17:00；法定节假日 休息'
contains out.txt "    opening_hours: '' → 'Mo-Fr 8:00-17:00;PH off'"
run 0 "${Y[@]}" undo

# ---- amenities changed by staff say so (amenities_source staff); undo ----
source_of() { sqlite3 "$DB" "SELECT amenities_source FROM stations WHERE id = '$1'"; }
[ "$(source_of XS004)" = programme ] || fail "XS004 starts as programme"
run 0 "${Y[@]}" edit XS004 --set 'amenities=饮水、卫生间'
contains out.txt "    amenities_source: 'programme' → 'staff'"
[ "$(source_of XS004)" = staff ] || fail "edited amenities: source $(source_of XS004)"
run 0 "${Y[@]}" history XS004
contains out.txt "amenities_source"
run 0 "${Y[@]}" show XS004
contains out.txt "staff"
[ -n "$(grep -F '项目统一标准' out.txt)" ] && fail "show still says 项目统一标准"
run 0 "${Y[@]}" undo
[ "$(source_of XS004)" = programme ] || fail "undo: source $(source_of XS004)"
# naming the source with the change keeps it
run 0 "${Y[@]}" edit XS004 --set amenities=toilet --set amenities_source=report
[ "$(source_of XS004)" = report ] || fail "explicit source: $(source_of XS004)"
run 0 "${Y[@]}" undo
finish

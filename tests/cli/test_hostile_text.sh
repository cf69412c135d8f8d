# test_hostile_text.sh — text from data that would act on a terminal or a
# spreadsheet (README "What reaches a terminal", "What reaches a
# spreadsheet"; issue 19, defects 9 and 10): escape and OSC sequences, C1
# controls and bidirectional overrides in a station reach show, history,
# the edit and import diffs, import errors and tables only escaped; cells
# that Excel would run as formulas get an apostrophe in the CSVs meant for
# Excel, which import takes off again.  The values are synthetic.
source "$(dirname "$0")/lib.sh" "$@"
build_db
Y=("$YIJIA" --db "$WORK/stations.sqlite")
ESC=$'\033'
OSC="${ESC}]0;pwned"$'\007'
CSI_C1=$'\xc2\x9b'31m        # U+009B, the one-byte CSI
RLO=$'\xe2\x80\xae'           # U+202E RIGHT-TO-LEFT OVERRIDE
HOSTILE="a${OSC}b${CSI_C1}c${RLO}d"$'\n'"e"
# raw FILE: FILE holds none of the controls raw
raw() {
    if LC_ALL=C grep -q -e "$ESC" -e $'\x07' -e $'\xc2\x9b' -e "$RLO" "$1"; then
        fail "$1 holds a raw control: $(cat -v "$1" | head -3)"
    fi
}

run 0 "${Y[@]}" edit XS001 --set "notes=$HOSTILE" --set "name=站${ESC}[2J名"
raw out.txt; raw err.txt
contains out.txt 'a\x1b]0;pwned\x07b\u009b31mc\u202ed\ne'
contains out.txt '站\x1b[2J名'
run 0 "${Y[@]}" show XS001
raw out.txt
contains out.txt 'a\x1b]0;pwned\x07b\u009b31mc\u202ed\ne'
run 0 "${Y[@]}" history XS001
raw out.txt
contains out.txt '\u202e'
run 0 "${Y[@]}" list --text 站
raw out.txt
contains out.txt '站\x1b[2J名'
run 0 "${Y[@]}" nearest 120.26,30.16 -k 44
raw out.txt
run 0 "${Y[@]}" check
raw out.txt; raw err.txt
# machine formats carry the value exactly (JSON escapes the C0 controls)
run 0 "${Y[@]}" show XS001 --format json
contains out.txt 'a\u001b]0;pwned\u0007b'

# a sheet: its diff and its errors
printf '名称,地址,镇街,备注\n合成站%s,合成路1号,城厢,x\n' "$ESC[31m" > sheet.csv
run 0 "${Y[@]}" import --dry-run sheet.csv
raw out.txt; raw err.txt
contains out.txt '合成站\x1b[31m'
printf '名称,地址,镇街,类别\n合成站,合成路1号,城厢,bad%s\n' "$OSC" > bad.csv
run 1 "${Y[@]}" import bad.csv
raw err.txt
contains err.txt 'bad\x1b]0;pwned\x07'
# a township name in a message
run 2 "${Y[@]}" list --township "x${ESC}[2Jy"
raw err.txt
contains err.txt 'x\x1b[2Jy'

# ---- spreadsheets --------------------------------------------------------------
run 0 "${Y[@]}" edit XS002 --set 'notes==HYPERLINK("http://example.invalid","点")' \
    --set 'address=@SUM(1+1)'
run 0 "${Y[@]}" edit XS003 --set "notes=-2+3" --set "name='=already quoted"
run 0 "${Y[@]}" edit XS004 --set "notes=-5"
run 0 "${Y[@]}" edit XS005 --set "notes=+cmd|' /C calc'!A0"
run 0 "${Y[@]}" export --format csv --no-bom
contains out.txt \''=HYPERLINK(""http://example.invalid"",""点"")'
contains out.txt "'+cmd|' /C calc'!A0"
contains out.txt "'@SUM(1+1)"
contains out.txt "'-2+3"
contains out.txt "''=already quoted"
lacks out.txt ",=HYPERLINK"
lacks out.txt "'-5"          # a plain number is no formula
# the platforms' CSVs carry name and address (and some of our fields)
for f in amap-csv baidu-csv; do
    run 0 "${Y[@]}" export --format $f
    contains out.txt "'@SUM(1+1)"
    contains out.txt "''=already quoted"
done
run 0 "${Y[@]}" list --format csv
contains out.txt "'@SUM(1+1)"
# TSV is for scripts; --keep-formulas writes the cells as they are
run 0 "${Y[@]}" export --format tsv
contains out.txt $'\t@SUM(1+1)\t'
run 0 "${Y[@]}" export --format csv --keep-formulas --no-bom
contains out.txt ",@SUM(1+1),"
lacks out.txt "'@SUM"
# and the round trips are lossless: import of the export changes nothing,
# a build from `list --format csv` gives the same stations
run 0 "${Y[@]}" export --format csv -o excel.csv
run 0 "${Y[@]}" import --dry-run excel.csv
contains err.txt "0 added, 0 changed, 0 closed"
mkdir again
cp "$SRC"/data/*.csv again/
"${Y[@]}" list --format csv > again/stations.csv
run 0 "$YIJIA" --db again.sqlite build --data again --quiet
run 0 "$YIJIA" --db again.sqlite show XS003 --format json
contains out.txt '"name": "'"'"'=already quoted"'
contains out.txt '"notes": "-2+3"'
finish

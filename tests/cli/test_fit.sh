# test_fit.sh — output that fits the terminal (README "Output that fits";
# issue 18, deliverable 4): with COLUMNS (or a terminal's width) `nearest`
# and `list` keep every line within it, measured by display width (a
# Chinese character is two columns), never end a line inside a UTF-8
# character, and show as cards the same stations in the same order as
# --format json; a real pseudo-terminal gets fitting and colour;
# --color=never and NO_COLOR give no escape codes, --color=always does in
# a pipe; --format table and pipes without COLUMNS keep the wide table.
source "$(dirname "$0")/lib.sh" "$@"
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
build_db
Y=("$YIJIA" --db "$WORK/stations.sqlite")
ESC=$'\033'

# A station whose hours say open, one closed, and one with a long name and
# address mixing Chinese, ASCII words and a control (shown escaped).
"${Y[@]}" edit XS001 --set 'opening_hours=24/7' >/dev/null 2>&1
"${Y[@]}" edit XS002 --set 'opening_hours=off' >/dev/null 2>&1
LONG_NAME="萧山区城厢街道这是一个特别特别长的名字用来测试折行的爱心驿家${ESC}[2J（合成）"
LONG_ADDR="萧山区城厢街道 Very Long Road Name Number 1234567 号楼梯间旁边的休息室，靠近公交站 Xiaoshan Bus Stop"
"${Y[@]}" edit XS003 --set "name=$LONG_NAME" --set "address=$LONG_ADDR" \
    --set 'phone=0571-12345678' >/dev/null 2>&1

# fits FILE WIDTH: every line of FILE is whole UTF-8, at most WIDTH
# columns wide (escape sequences of colour not counted), no tab, and no
# wrapped line starts with Chinese closing punctuation (、，。）).
fits() {
    fits_check "$1" "$2" || fail "$1 does not fit $2 columns"
}
fits_check() {
    python3 - "$1" "$2" <<'EOF'
import re, sys, unicodedata
path, width = sys.argv[1], int(sys.argv[2])
bad = 0
for n, raw in enumerate(open(path, 'rb').read().split(b'\n'), 1):
    raw = raw.rstrip(b'\r')
    try:
        line = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        print(f'  line {n} is not whole UTF-8: {e}', file=sys.stderr)
        bad = 1
        continue
    line = re.sub(r'\x1b\[[0-9;]*m', '', line)
    w = sum(0 if unicodedata.combining(c) else
            2 if unicodedata.east_asian_width(c) in 'WF' else 1
            for c in line)
    # a link is never wrapped: on a line of its own, whole
    if w > width and re.fullmatch(r' *https?://\S+', line):
        continue
    if w > width or '\t' in line:
        print(f'  line {n} is {w} columns: {line}', file=sys.stderr)
        bad = 1
    if line.startswith(' ') and line.lstrip()[:1] in ('、', '，', '。', '）'):
        print(f'  line {n} starts with a closing mark: {line}', file=sys.stderr)
        bad = 1
sys.exit(bad)
EOF
}

# card_ids FILE: the station id of each card, in order (the first "(ID)"
# of each block).
card_ids() {
    python3 - "$1" <<'EOF'
import re, sys
for block in open(sys.argv[1], encoding='utf-8').read().split('\n\n'):
    m = re.search(r'\(([A-Z]+[0-9]+)\)', block)
    if m:
        print(m.group(1))
EOF
}

json_ids() {
    python3 -c 'import json,sys; [print(s["id"]) for s in json.load(sys.stdin)]' < "$1"
}

# the check itself: a 82-column line and a cut character fail it
printf '%s\n' "$(printf '城厢%.0s' {1..20})ab" > wide82.txt
! fits_check wide82.txt 80 2>/dev/null || fail "fits passes 82 columns"
fits wide82.txt 82
printf '   饮水\n   、休息\n' > mark.txt
! fits_check mark.txt 80 2>/dev/null || fail "fits passes a line starting 、"
printf 'ab\xe5\x9f\n' > cut.txt
! fits_check cut.txt 80 2>/dev/null || fail "fits passes a cut character"

QUERIES=(
    "nearest 120.27,30.16 -k 8"
    "nearest 120.27,30.16 -k 8 --links"
    "nearest --near 城厢 --open-on-arrival --speed ride -k 10"
    "list"
    "list --near 湘湖 --links"
    "list --township 城厢"
)
for width in 60 80 120; do
    for query in "${QUERIES[@]}"; do
        read -ra args <<< "$query"
        COLUMNS=$width run 0 "${Y[@]}" "${args[@]}"
        fits out.txt "$width"
        lacks out.txt "$ESC["            # a pipe: no colour
        # the control in XS003's name escaped, and not split
        if grep -q XS003 out.txt; then contains out.txt '\x1b[2J'; fi
        # cards (they have the Address: label) hold the stations of json
        if grep -q '^   Address:' out.txt; then
            card_ids out.txt > cards.ids
            "${Y[@]}" "${args[@]}" --format json > json.txt 2>/dev/null
            json_ids json.txt > json.ids
            cmp -s cards.ids json.ids ||
                fail "COLUMNS=$width $query: cards differ from json: $(paste -sd' ' cards.ids) / $(paste -sd' ' json.ids)"
        fi
    done
done
# at 80 columns a nearest answer with Chinese names is cards, with its
# labels, the long name and address wrapped whole
COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3
contains out.txt '1. '
contains out.txt '   Distance:  ≈ '
contains out.txt '   Status:    '
contains out.txt '   Phone:     0571-12345678'
contains out.txt '\x1b[2J'
contains out.txt 'Very Long Road Name'
lacks out.txt '   Amap:'                    # links only with --links
COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3 --links
contains out.txt '   Amap:'
# each link whole on a line of its own, as the JSON has it
for link in $("${Y[@]}" nearest 120.27,30.16 -k 3 --format json |
              python3 -c 'import json, sys
for h in json.load(sys.stdin):
    print(h["links"]["amap"]); print(h["links"]["baidu"])'); do
    grep -qxF -- "     $link" out.txt || fail "a link is not whole on its own line: $link"
done
# wide enough: the whole table, with the opening status
COLUMNS=400 run 0 "${Y[@]}" list --township 城厢
head -1 out.txt > head.txt
contains head.txt 'ID'
contains head.txt 'Category'
contains head.txt 'Open'
# between: the columns that matter (name, distance, bearing, status,
# address), without the amenities
COLUMNS=150 run 0 "${Y[@]}" nearest 120.27,30.16 -k 2
head -1 out.txt > head.txt
contains head.txt 'Distance'
contains head.txt 'Open'
contains head.txt 'Address'
lacks head.txt '服务设施'
# an unusable COLUMNS is as if unset; a tiny one counts as 20
COLUMNS=abc run 0 "${Y[@]}" nearest 120.27,30.16 -k 2
"${Y[@]}" nearest 120.27,30.16 -k 2 --format table > wide.txt 2>/dev/null
cmp -s out.txt wide.txt || fail "COLUMNS=abc did not give the wide table"
COLUMNS=5 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3 --links
fits out.txt 20
COLUMNS=30 run 0 "${Y[@]}" list
fits out.txt 30

# the wide table: in a pipe without COLUMNS, and with --format table
# whatever COLUMNS says — the same bytes
run 0 "${Y[@]}" nearest 120.27,30.16 -k 5 --links --open-now
cp out.txt pipe.txt
COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 5 --links --open-now \
    --format table
cmp -s out.txt pipe.txt || fail "--format table differs from the pipe's table"
contains out.txt 'Amap'
run 0 "${Y[@]}" list
head -1 out.txt > head.txt
contains head.txt 'Location'
lacks out.txt 'Address:'

# colour: only when asked in a pipe; never with never; open green,
# closed red, approximate yellow
COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3 --color=always
contains out.txt "${ESC}[32m"
contains out.txt "${ESC}[31m"
contains out.txt "${ESC}[33m≈"
fits out.txt 80
run 0 "${Y[@]}" nearest 120.27,30.16 -k 3 --color=always --open-now
contains out.txt "${ESC}[32m"
NO_COLOR=1 COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3 \
    --color=always
contains out.txt "${ESC}["                   # always still colours
COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3 --color=never
lacks out.txt "$ESC"
run 2 "${Y[@]}" nearest 120.27,30.16 --color=sometimes
contains err.txt "--color: 'sometimes' is not auto, always or never"
run 2 "${Y[@]}" list --color
# machine formats are never coloured
run 0 "${Y[@]}" list --format json --color=always
lacks out.txt "$ESC"

# a real terminal (a pseudo-terminal 80 columns wide): fitted and
# coloured without COLUMNS, and its width wins over COLUMNS
on_tty() {
    python3 - "$@" <<'EOF'
import fcntl, os, pty, struct, sys, termios
cols = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 24, cols, 0, 0))
    os.execvp(sys.argv[2], sys.argv[2:])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out.replace(b'\r\n', b'\n'))
sys.exit(os.waitstatus_to_exitcode(status))
EOF
}
(unset COLUMNS NO_COLOR; on_tty 80 "${Y[@]}" nearest 120.27,30.16 -k 3) > tty.txt ||
    fail "nearest on a terminal failed"
fits tty.txt 80
contains tty.txt '   Distance:'
contains tty.txt "${ESC}[32m"
contains tty.txt "${ESC}[1m1. "
(COLUMNS=300; export COLUMNS; unset NO_COLOR
 on_tty 60 "${Y[@]}" list --township 城厢) > tty.txt || fail "list on a terminal failed"
fits tty.txt 60
(unset COLUMNS; NO_COLOR=1 on_tty 80 "${Y[@]}" nearest 120.27,30.16 -k 3) > tty.txt
fits tty.txt 80
lacks tty.txt "$ESC"
(unset COLUMNS NO_COLOR; on_tty 80 "${Y[@]}" nearest 120.27,30.16 -k 3 \
    --color=never) > tty.txt
lacks tty.txt "$ESC"
contains tty.txt '   Distance:'
(unset COLUMNS; NO_COLOR= on_tty 80 "${Y[@]}" nearest 120.27,30.16 -k 3) > tty.txt
contains tty.txt "${ESC}[32m"                # an empty NO_COLOR is not set

# a long value quoted in a message is cut between characters, never
# inside one (a cut one would show as \xe9)
LONG_WORD=x$(printf '卫生间%.0s' {1..9})
run 2 "${Y[@]}" list --amenity "$LONG_WORD"
contains err.txt "unknown amenity 'x卫生间"
lacks err.txt '\x'
run 2 "${Y[@]}" edit XS004 --set "x$(printf '字段%.0s' {1..12})=1"
contains err.txt "unknown field 'x字段"
lacks err.txt '\x'

# Chinese labels
LANGUAGE=zh_CN COLUMNS=80 run 0 "${Y[@]}" nearest 120.27,30.16 -k 3
contains out.txt '   距离：'
contains out.txt '   地址：'
fits out.txt 80
finish

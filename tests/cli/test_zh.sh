# test_zh.sh — the tool in Chinese (issue 18): a Chinese locale gives
# Chinese messages, report lines and table headers, with the same exit
# codes as in English; a Chinese locale that is not generated still gives
# Chinese (cli_i18n_init falls back to C.UTF-8 + LANGUAGE); no message of
# the catalogue shows through in English; machine formats (JSON, GeoJSON,
# CSV, KML, GPX, ...) are byte for byte the same in both languages.  Help
# texts are not looked at here (test_help.sh).
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")

# ---- the Chinese environment ----------------------------------------------
# zh_CN.UTF-8 when the system has it; else generated with localedef into
# the scratch directory (LOCPATH: no root needed, the system untouched);
# else the fallback the tool itself uses, LANGUAGE=zh_CN with C.UTF-8.
if locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
    ZH=(env -u LANGUAGE LC_ALL=zh_CN.UTF-8)
    how="the system's zh_CN.UTF-8"
elif command -v localedef >/dev/null && mkdir -p "$WORK/locale" &&
     localedef -i zh_CN -f UTF-8 "$WORK/locale/zh_CN.UTF-8" >/dev/null 2>&1 &&
     [ -d "$WORK/locale/zh_CN.UTF-8" ]; then
    # With LOCPATH, glibc leaves a copy of the locale search path
    # (__argz_add_sep) unreferenced, which LeakSanitizer reports in
    # sanitizer builds, even in English: that block alone is suppressed.
    echo 'leak:argz_add_sep' > "$WORK/lsan.supp"  # __argz_add_sep (gcc), argz_add_sep (clang)
    ZH=(env -u LANGUAGE LOCPATH="$WORK/locale" LC_ALL=zh_CN.UTF-8
        LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$WORK/lsan.supp:print_suppressions=0")
    how="zh_CN.UTF-8 made by localedef"
else
    ZH=(env LANGUAGE=zh_CN LC_ALL=C.UTF-8)
    how="LANGUAGE=zh_CN with C.UTF-8"
fi
echo "Chinese from $how"

# What the Chinese runs print for people (not machine formats), for the
# check of English leaks; and their messages alone (stderr).
: > zh-all.txt
: > zh-err.txt
machine=0

# zrun STATUS CMD...: run in Chinese into zout.txt and zerr.txt.
zrun() {
    local want=$1 got=0
    shift
    "${ZH[@]}" "$@" >zout.txt 2>zerr.txt || got=$?
    if [ "$got" != "$want" ]; then
        fail "zh: '$*' exited $got, expected $want"
        sed 's/^/  stderr: /' zerr.txt >&2
    fi
    [ "$machine" = 1 ] || cat zout.txt >> zh-all.txt
    cat zerr.txt | tee -a zh-err.txt >> zh-all.txt
}

# both STATUS CMD...: the same exit status in English (out.txt, err.txt)
# and in Chinese (zout.txt, zerr.txt).
both() {
    run "$@"
    zrun "$@"
}

# same CMD...: a machine format, identical in both languages (exit 0).
same() {
    machine=1
    both 0 "$@"
    machine=0
    cmp -s out.txt zout.txt || fail "zh: '$*' writes other bytes in Chinese"
    [ -s out.txt ] || fail "'$*' wrote nothing"
}

# ---- the locales that ask for Chinese --------------------------------------
msg="yijia: 错误：没有选项 '--bogus'"
zrun 2 "${Y[@]}" nearest --bogus
contains zerr.txt "$msg"
contains zerr.txt "请看 'yijia help nearest'。"
# LANGUAGE with C.UTF-8
got=0
LANGUAGE=zh_CN LC_ALL=C.UTF-8 "${Y[@]}" nearest --bogus 2>lang.txt || got=$?
[ "$got" = 2 ] || fail "LANGUAGE=zh_CN: exit $got"
contains lang.txt "$msg"
# a Chinese locale the system has not generated: Chinese all the same
missing=zh_CN.GB18030
if locale -a 2>/dev/null | grep -qi '^zh_CN\.gb18030$'; then
    missing=zh_TW.BIG5-HKSCS  # also a Chinese name; any missing one will do
fi
if ! locale -a 2>/dev/null | grep -qiF "$missing"; then
    got=0
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=$missing \
        "${Y[@]}" nearest --bogus 2>fallback.txt || got=$?
    [ "$got" = 2 ] || fail "LANG=$missing: exit $got"
    contains fallback.txt "$msg"
    got=0
    env -u LANGUAGE -u LANG -u LC_ALL LC_MESSAGES=$missing \
        "${Y[@]}" nearest --bogus 2>fallback.txt || got=$?
    contains fallback.txt "$msg"
fi
# and English stays English: no locale, and a locale that is not Chinese
env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "${Y[@]}" nearest --bogus \
    2>en.txt || true
contains en.txt "yijia: error: unknown option '--bogus'"
env -u LANGUAGE -u LC_ALL LANG=fr_FR.UTF-8 "${Y[@]}" nearest --bogus \
    2>en.txt || true
contains en.txt "yijia: error: unknown option '--bogus'"

# ---- usage errors: the exit codes of English, Chinese words -----------------
both 2 "${Y[@]}" nearest --open-at tomorrow 120.27,30.16
contains zerr.txt "yijia: 错误：--open-at：'tomorrow' 不是 \"20:00\"（今天）或 \"2025-10-01 20:00\" 这样的时间（北京时间）"
both 2 "${Y[@]}" nearest --speed 5 120.27,30.16
contains zerr.txt "--speed 要和 --open-on-arrival 一起用"
both 2 "${Y[@]}" nearest --near 火星
contains zerr.txt "--near：不认识的地点 '火星'"
both 2 "${Y[@]}" nearest --near 驿家
contains zerr.txt "--near：'驿家' 可能是"
grep -qE '^  驿站  ' zerr.txt || fail "zh: place kinds in Chinese"
both 2 "${Y[@]}" list --category nope
contains zerr.txt "--category：未知的类别 'nope'"
contains zerr.txt "类别："
both 2 "${Y[@]}" list --amenity nope
contains zerr.txt "服务项目："
both 2 "${Y[@]}" import
contains zerr.txt "yijia: 错误：缺少文件"
contains zerr.txt "请看 'yijia help import'。"
both 2 "${Y[@]}" edit
contains zerr.txt "缺少驿站编号"
both 2 "${Y[@]}" show XS001 XS002
contains zerr.txt "只能给一个驿站编号"
both 2 "${Y[@]}" check --format xml
contains zerr.txt "--format：'xml' 不是 table 或 json"
both 2 "${Y[@]}" check --on tomorrow
both 2 "${Y[@]}" coverage --format xml
both 2 "${Y[@]}" history XS001 XS002
contains zerr.txt "最多只能给一个驿站编号"
both 2 "${Y[@]}" convert 120.1
contains zerr.txt "必须给出 --from 和 --to"
both 2 "${Y[@]}" staff nope
both 2 "${Y[@]}" nosuchcommand
both 2 "${Y[@]}" export --format table
both 2 "${Y[@]}" export -o ''
contains zerr.txt "--output：值为空"

# ---- nothing found, runtime errors -------------------------------------------
both 3 "${Y[@]}" show XS999
both 3 "${Y[@]}" list --amenity toilet
contains zerr.txt "yijia: 没有符合条件的驿站"
both 1 "$YIJIA" --db "$WORK/none/x.sqlite" list
contains zerr.txt "yijia: 错误："
# the system's own messages (strerror, in glibc's text domain) in UTF-8
# whatever LC_CTYPE says, never as '????'
lacks zerr.txt "??"

# ---- a nearest table: Chinese headers, a note on its origin -----------------
both 0 "${Y[@]}" nearest --near 湘湖站 -k 3
grep -qE '^名次 +编号 +名称 +距离 +方向' zout.txt || fail "zh: nearest headers"
grep -qE '^Rank +ID +Name +Distance +Direction' out.txt ||
    fail "en: nearest headers"
contains zerr.txt "yijia: 从地标 湘湖站出发，坐标"
contains zerr.txt "个符合条件的驿站没有坐标，未参加排序（见 'yijia list'）"

# ---- import: a bad sheet, then the diff and summary of a good one -------------
printf '编号,名称,地址,经度,纬度\nXS001,新名字,新地址,120.44931x,30.1\n' > bad.csv
cp "$DB" before.sqlite
both 1 "${Y[@]}" import --dry-run bad.csv
contains zerr.txt "yijia: 错误："
contains zerr.txt "bad.csv"
contains zerr.txt "yijia: 没有导入任何内容"
printf '编号,名称,地址\nXS001,新名字,新地址\n' > ok.csv
both 0 "${Y[@]}" import --dry-run ok.csv
contains zout.txt "~ XS001 新名字 (第 2 行)"
contains out.txt "~ XS001 新名字 (line 2)"
contains zerr.txt "yijia: 试运行：ok.csv（utf-8，逗号分隔）：1 行：新增 0，修改 1，撤销 0，未变 0；未写入任何内容"
cmp -s "$DB" before.sqlite || fail "a dry run changed the database"

# ---- check: findings under Chinese headers, the summary -----------------------
both 0 "${Y[@]}" check
grep -qE '^级别 +编号 +字段 +问题' zout.txt || fail "zh: check headers"
grep -qE '^提醒 +XS001 +checked_on' zout.txt || fail "zh: check level"
contains zout.txt "0 个错误，88 个提醒"
contains zout.txt "近一年现场核查 0 站，共 44 站"
contains zout.txt "未核查：临浦镇 XS015 XS034；"
contains zout.txt "（镇街不详） XS016 XS044"
same "${Y[@]}" check --format json

# ---- townships, coverage, show --------------------------------------------------
both 0 "${Y[@]}" townships
grep -qE '^镇街 +简称 +类型 +区县 +驿站数 +代表点 +边界' zout.txt ||
    fail "zh: townships headers"
grep -qE '^临浦镇 +临浦 +镇街 +萧山区 +[0-9]+ +有 +有' zout.txt ||
    fail "zh: townships row"
both 0 "${Y[@]}" coverage
contains zout.txt "全区：28 个镇街中 20 个有驿站（未全覆盖）"
grep -qE '^镇街 +驿站\(界内\)' zout.txt || fail "zh: coverage headers"
contains zerr.txt "个只定位到镇街代表点"
same "${Y[@]}" coverage --format csv
same "${Y[@]}" coverage --format json
both 0 "${Y[@]}" show XS037
grep -qE '^开放时间 +未知' zout.txt || fail "zh: show, unknown hours"
contains zout.txt "无坐标（尚未定位）"
contains zout.txt "（项目统一标准，非逐站核查）"
# opening hours in the reader's words: the syntax in English, Chinese here
both 0 "${Y[@]}" show XS029
grep -qE '^开放时间 +全天开放' zout.txt || fail "zh: show, 24/7 in words"
grep -qE '^Opening hours +24/7' out.txt || fail "show, 24/7 in English"

# ---- history and undo ---------------------------------------------------------------
both 0 "${Y[@]}" history
contains zerr.txt "yijia: 没有改动记录"
zrun 0 "${Y[@]}" edit XS001 --set phone=0571-82345678
contains zerr.txt "yijia: 已记录为第 1 号改动（\`yijia undo\` 可以撤回）"
both 0 "${Y[@]}" history
grep -qE '^  XS001 修改$' zout.txt || fail "zh: history action"
grep -qE '^  XS001 changed$' out.txt || fail "en: history action"
same "${Y[@]}" history --format json
both 0 "${Y[@]}" undo --dry-run
contains zout.txt "将撤回第 1 号改动"
zrun 0 "${Y[@]}" undo
contains zout.txt "已撤回第 1 号改动"
both 3 "${Y[@]}" undo --to "2000-01-01 00:00"

# ---- machine formats: the same bytes in both languages ------------------------
for f in json geojson csv tsv; do
    same "${Y[@]}" nearest --format "$f" -k 5 120.27,30.16
    same "${Y[@]}" list --format "$f"
done
same "${Y[@]}" nearest --format json --near 湘湖站 --open-at "2025-10-01 20:00"
same "${Y[@]}" list --format csv --open-at "2025-10-01 20:00"
for f in geojson amap amap-csv baidu baidu-csv kml gpx csv; do
    same "${Y[@]}" export --format "$f"
done
same "${Y[@]}" show --format json XS001
same "${Y[@]}" show --format csv XS037
same "${Y[@]}" convert --from wgs84 --to gcj02 120.27,30.16
same "${Y[@]}" map --format svg

# ---- serve: its lines in Chinese, its answers as they are ------------------------
both 2 "${Y[@]}" serve --listen 999.1.1.1:80
contains zerr.txt "yijia: 错误：--listen：'999.1.1.1:80' 不是数字形式的地址和端口"
both 1 "${Y[@]}" serve --listen 127.0.0.1:0 --access-log "$WORK"
contains zerr.txt "不是普通文件（输出到标准输出请用 -）"
if command -v curl >/dev/null; then
    SERVER_PID=
    trap '[ -z "$SERVER_PID" ] || kill -9 "$SERVER_PID" 2>/dev/null || true' EXIT
    : > serve.err
    "${ZH[@]}" "${Y[@]}" serve --listen 127.0.0.1:0 --threads 1 2>serve.err &
    SERVER_PID=$!
    PORT=
    for i in $(seq 1 3600); do  # a guard for slow builds, not a timing
        PORT=$(sed -n 's|^yijia：正在 http://127\.0\.0\.1:\([0-9][0-9]*\)/ 提供服务（1 个工作线程.*|\1|p' serve.err || true)
        [ -n "$PORT" ] || ! kill -0 "$SERVER_PID" 2>/dev/null && break
        sleep 0.05
    done
    if [ -z "$PORT" ]; then
        fail "zh: the server did not say where it serves"
        sed 's/^/  | /' serve.err >&2
    else
        curl -s --max-time 20 "http://127.0.0.1:$PORT/api/stations?township=x" \
            > zanswer.txt || fail "zh: no answer from the server"
        curl -s --max-time 20 "http://127.0.0.1:$PORT/api/nope" \
            >> zanswer.txt || true
        grep -q '"description"' zanswer.txt || fail "zh: the server's answers"
        grep -qP '[\x{4e00}-\x{9fff}]' zanswer.txt 2>/dev/null &&
            fail "zh: the server's errors are for programs: English"
        st=0
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" || st=$?
        SERVER_PID=
        [ "$st" = 0 ] || fail "zh: the server exited $st after SIGTERM"
        contains serve.err "yijia：SIGTERM：正在完成进行中的请求"
        contains serve.err "yijia：已停止"
    fi
    cat serve.err >> zh-all.txt
fi

# ---- other cases in both languages --------------------------------------------
# Cases written for English run with a twin of the tool: it runs each
# command as asked (the case sees the English answer) and, for the commands
# that only read, again in Chinese (and in English once more to compare):
# the exit status must be the same, and a
# machine format (--format other than table/text, export, map) the same
# bytes.  Commands whose answer depends on the clock are not run twice.
{
    echo '#!/usr/bin/env bash'
    printf 'zh=(%s)\n' "$(printf '%q ' "${ZH[@]}")"
    printf 'tool=%q\nlog=%q\n' "$YIJIA" "$WORK/twin.log"
    cat <<'TWIN'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
st=0
"$tool" "$@" || st=$?
cmd= machine=0 prev= skip=0
for a in "$@"; do
    case $prev in
    --db) prev=; continue ;;
    --format) case $a in table|text) ;; *) machine=1 ;; esac ;;
    esac
    case $a in
    --db) ;;
    --db=*) ;;
    --format=table|--format=text) ;;
    --format=*) machine=1 ;;
    -h|--help|--version|--open-now|--open-on-arrival|-o|-o*|--output*) skip=1 ;;
    -*) ;;
    *) [ -n "$cmd" ] || cmd=$a ;;
    esac
    prev=$a
done
[ ! -c /dev/stdout ] || skip=1  # /dev/full, /dev/null: the answer is not written
case $cmd in
nearest|list|show|townships|check|coverage) ;;
export|map) machine=1 ;;
*) skip=1 ;;
esac
if [ "$skip" = 0 ]; then
    zst=0
    "${zh[@]}" "$tool" "$@" > "$tmp/zh.out" 2> "$tmp/zh.err" < /dev/null || zst=$?
    if [ "$zst" != "$st" ]; then
        echo "STATUS $st/$zst: $*" >> "$log"
    elif [ "$machine" = 1 ] &&
         ! { "$tool" "$@" > "$tmp/en.out" 2>/dev/null < /dev/null;
             cmp -s "$tmp/en.out" "$tmp/zh.out"; }; then
        echo "BYTES: $*" >> "$log"
    else
        echo "same: $*" >> "$log"
    fi
fi
exit "$st"
TWIN
} > twin.sh
chmod +x twin.sh
: > twin.log
for c in nearest list show hours numbers check map; do
    bash "$SRC/tests/cli/test_$c.sh" "$WORK/twin.sh" "$SRC" "$WORK/twin-$c" \
        > "twin-$c.txt" 2>&1 ||
        { fail "test_$c.sh with the Chinese twin"; tail -5 "twin-$c.txt" >&2; }
done
if grep -E '^(STATUS|BYTES)' twin.log > twin-bad.txt; then
    fail "zh: other exit codes or machine output in Chinese:"
    head -20 twin-bad.txt >&2
fi
twins=$(grep -c '^same: ' twin.log || true)
[ "$twins" -gt 100 ] || fail "only $twins commands of other cases ran in Chinese"
echo "$twins commands of other cases ran in both languages"

lacks zh-all.txt "???"

# ---- no message of the catalogue in English -------------------------------------
# The fixed runs of the catalogue's messages (the text between format
# directives, escapes and quoted values) of 12 characters or more with two
# English words or more, which their translation does not keep (option
# names, commands): none may show in the Chinese output.  Messages not yet
# translated are the catalogue's test (tools/po check, test i18n.po).
awk '
function flush() {
    if (id != "" && str != "") {
        n = split(id, run, /%[-+ #0-9.$*]*(hh|h|ll|l|z|j|t|L)?[a-zA-Z%]|\\[nt"\\]|\047|「|」/)
        for (i = 1; i <= n; i++) {
            r = run[i]
            gsub(/^[ ]+|[ ]+$/, "", r)
            w = 0
            tmp = r
            while (match(tmp, /[A-Za-z][A-Za-z]+/)) {
                w++
                tmp = substr(tmp, RSTART + RLENGTH)
            }
            if (length(r) >= 12 && w >= 2 && index(str, r) == 0)
                print r
        }
    }
    id = ""; str = ""; in_id = 0; in_str = 0
}
/^msgid / { flush(); in_id = 1; s = $0; sub(/^msgid "/, "", s); sub(/"$/, "", s); id = s; next }
/^msgstr / { in_id = 0; in_str = 1; s = $0; sub(/^msgstr "/, "", s); sub(/"$/, "", s); str = s; next }
/^"/ { s = $0; sub(/^"/, "", s); sub(/"$/, "", s); if (in_id) id = id s; else if (in_str) str = str s; next }
/^$/ { flush() }
END { flush() }
' "$SRC/po/zh_CN.po" | LC_ALL=C sort -u > english.txt
[ "$(wc -l < english.txt)" -gt 100 ] || fail "too few English runs found in the catalogue"
# the check sees an English message where there is one
"${Y[@]}" nearest --open-at tomorrow 120.27,30.16 2>en-leak.txt || true
grep -qF -f english.txt en-leak.txt ||
    fail "the leak check does not see an English message"
if grep -nF -f english.txt zh-all.txt > leaks.txt; then
    fail "zh: English messages in the Chinese output:"
    head -20 leaks.txt >&2
fi

finish

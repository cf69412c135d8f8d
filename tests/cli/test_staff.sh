# test_staff.sh — `yijia staff add|list|revoke`: the enrolment link and its
# QR code (decoded back with zbarimg when zbar-tools is there), the token's
# shape, one active credential a name, revoke, the usage errors, and that
# the secret is printed once on stdout and nowhere else: not on stderr,
# not in the list, the history or the database (which keeps its SHA-256).
source "$(dirname "$0")/lib.sh" "$@"
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")
export USER=tester

have_qr=0
if ldconfig -p 2>/dev/null | grep -q 'libqrencode\.so\.4 '; then
    have_qr=1
fi

# decode FILE: the QR code drawn in FILE's lines of ▀ ▄ █ and spaces, read
# back by zbarimg from a PBM made of it (a character is two modules, ink a
# light one; `invert`: ink a dark one).
decode() {
    local ink=0 paper=1
    [ "${2:-}" = invert ] && { ink=1; paper=0; }
    grep -E '^[▀▄█ ]+$' "$1" |
        sed -e 's/█/F/g; s/▀/T/g; s/▄/B/g; s/ /N/g' |
        awk -v ink=$ink -v paper=$paper -v s=4 '
            { for (r = 0; r < 2; r++) {
                  row = ""
                  for (i = 1; i <= length($0); i++) {
                      c = substr($0, i, 1)
                      on = (r == 0) ? (c == "F" || c == "T") : (c == "F" || c == "B")
                      for (k = 0; k < s; k++) row = row (on ? ink : paper) " "
                  }
                  for (k = 0; k < s; k++) rows[n++] = row
              }
              w = length($0) * s }
            END { print "P1"; print w, n; for (j = 0; j < n; j++) print rows[j] }' \
            > qr.pbm
    zbarimg --raw -q qr.pbm 2>/dev/null
}

# ---- add ------------------------------------------------------------------
run 0 "${Y[@]}" staff add 张三
cp out.txt add1.out
cp err.txt add1.err
link=$(head -n 1 out.txt)
[[ "$link" =~ ^http://127\.0\.0\.1:8080/#staff=([0-9a-f]{12})\.([A-Za-z0-9_-]{43})$ ]] ||
    fail "link '$link' is not BASE/#staff=<12 hex>.<43 base64url>"
handle=${BASH_REMATCH[1]:-none}
secret=${BASH_REMATCH[2]:-none}
contains err.txt "shown this once"
lacks err.txt "$secret"
lacks err.txt "#staff="
if [ $have_qr = 1 ]; then
    lines=$(grep -cE '^[▀▄█ ]+$' out.txt || true)
    [ "$lines" -ge 15 ] || fail "no QR code drawn ($lines lines)"
    widths=$(grep -E '^[▀▄█ ]+$' out.txt | sed 's/[▀▄█]/x/g' | awk '{ print length($0) }' |
        sort -u | wc -l)
    [ "$widths" = 1 ] || fail "QR code lines of different widths"
    [ "$(grep -E '^[▀▄█ ]+$' out.txt | head -n 1 | tr -d '█')" = "" ] ||
        fail "the quiet zone's first line is not all light"
    lacks err.txt "libqrencode"
    if command -v zbarimg >/dev/null; then
        [ "$(decode out.txt)" = "$link" ] || fail "the QR code does not read back as the link"
    else
        echo "note: zbarimg (zbar-tools) missing: QR code not decoded" >&2
    fi
else
    contains err.txt "no QR code: libqrencode is missing"
fi

# the database keeps the SHA-256 of the secret, never the secret
want=$(printf %s "$secret" | sha256sum | cut -d' ' -f1)
got=$(sqlite3 "$DB" "SELECT handle || ' ' || name || ' ' || secret_sha256 || ' ' || ifnull(revoked_at, '-') FROM staff")
[ "$got" = "$handle 张三 $want -" ] || fail "staff row '$got'"
! grep -qF "$secret" "$DB" || fail "the secret is in the database file"
[ ! -e "$DB-journal" ] || fail "a journal was left"
# not a station change: no history
run 0 "${Y[@]}" history
contains err.txt "no changes recorded"
lacks out.txt "$secret"

# --base-url, --invert
run 0 "${Y[@]}" staff add 李四 --base-url https://example.org/yijia/ --invert
link2=$(head -n 1 out.txt)
[[ "$link2" =~ ^https://example\.org/yijia/#staff=[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$ ]] ||
    fail "link '$link2' with --base-url"
if [ $have_qr = 1 ] && command -v zbarimg >/dev/null; then
    [ "$(decode out.txt invert)" = "$link2" ] || fail "the inverted QR code does not read back"
fi
secret2=${link2##*.}

# ---- list -----------------------------------------------------------------
run 0 "${Y[@]}" staff list
contains out.txt "Name"
contains out.txt "张三  $handle"
contains out.txt "李四"
lacks out.txt "$secret"
lacks out.txt "$secret2"
lacks out.txt "$want"
run 0 "${Y[@]}" staff list --format json
contains out.txt "\"name\": \"张三\", \"handle\": \"$handle\""
contains out.txt "\"revoked_at\": null, \"active\": true"
lacks out.txt "$secret"
lacks out.txt "$want"
if command -v node >/dev/null; then
    node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
             if (a.length !== 2) process.exit(1)' < out.txt ||
        fail "staff list --format json is not an array of 2"
fi

# ---- one active credential a name, revoke, add again ------------------------
run 1 "${Y[@]}" staff add 张三
contains err.txt "active credential"
[ ! -s out.txt ] || fail "a refused add printed a link"
run 1 "${Y[@]}" staff add " 张三 "
run 3 "${Y[@]}" staff revoke 王五
contains err.txt "王五"
run 0 "${Y[@]}" staff revoke 张三
contains err.txt "revoked"
[ "$(sqlite3 "$DB" "SELECT revoked_at IS NOT NULL FROM staff WHERE handle = '$handle'")" = 1 ] ||
    fail "revoke left the row active"
run 3 "${Y[@]}" staff revoke 张三
run 0 "${Y[@]}" staff add 张三
run 0 "${Y[@]}" staff list --format json
[ "$(grep -c '"name": "张三"' out.txt)" = 2 ] || fail "list lacks the revoked credential"
contains out.txt "\"active\": false"

# ---- usage errors -----------------------------------------------------------
run 2 "${Y[@]}" staff
contains err.txt "expected add, list or revoke"
run 2 "${Y[@]}" staff frob
contains err.txt "no subcommand 'frob'"
run 2 "${Y[@]}" staff add
run 2 "${Y[@]}" staff add a b
run 2 "${Y[@]}" staff add ""
contains err.txt "empty"
run 2 "${Y[@]}" staff add "   "
run 2 "${Y[@]}" staff add "$(printf 'a\033[31mb')"
contains err.txt "control"
run 2 "${Y[@]}" staff add "$(printf '%041d' 0)"
run 2 "${Y[@]}" staff add 王五 --base-url ftp://example.org
run 2 "${Y[@]}" staff add 王五 --base-url 'https://example.org/#x'
run 2 "${Y[@]}" staff add 王五 --frob
run 2 "${Y[@]}" staff list --format xml
run 2 "${Y[@]}" staff list extra
run 2 "${Y[@]}" staff revoke
run 2 "${Y[@]}" staff revoke ""
[ "$(sqlite3 "$DB" "SELECT count(*) FROM staff WHERE name = '王五'")" = 0 ] ||
    fail "a refused add wrote a row"
run 0 "${Y[@]}" staff --help
contains out.txt "usage: yijia [--db FILE] staff add NAME"
run 0 "${Y[@]}" staff add --help

# The secrets were printed on stdout only: nothing else in the scratch
# directory holds them (the outputs of add kept above aside).
for s in "$secret" "$secret2"; do
    hits=$(grep -rlF -- "$s" "$WORK" | grep -v '/add1\.out$' || true)
    [ -z "$hits" ] || fail "a secret is in: $hits"
done
finish

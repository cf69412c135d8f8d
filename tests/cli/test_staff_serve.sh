# test_staff_serve.sh — `yijia serve --staff` on 127.0.0.1, at a port the OS
# chooses, started and stopped (by its pid) by this test, with curl:
#   - without --staff /staff/ is a 404 and a POST elsewhere a 405;
#   - sign-in: the cookie HttpOnly, SameSite=Strict, a year; GET session;
#     logout clears it;
#   - a check → 201, and the CLI shows the new lon/lat, precision surveyed,
#     checked_on, and the staff member in the history; the same id again →
#     200 duplicate, one change only; an audit line on stderr;
#   - refused: a forged or missing Origin (403), a missing or wrong
#     X-CSRF-Token (403), no cookie (401), a revoked credential (401), a
#     1 MB body (413), not JSON (415), a member of the wrong type (400
#     bad_request naming it), invalid opening hours (400 invalid_field), a
#     position in Shanghai (422), an unknown station (404), GET on
#     /staff/checks (405 with Allow), 11 bad sign-ins or cookies (the 11th: 429 with
#     Retry-After);
#   - no secret in the access log or on stderr.
# No timing is asserted: waits poll for a state, timeouts are only guards.
source "$(dirname "$0")/lib.sh" "$@"
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
build_db
DB=$WORK/stations.sqlite
Y=("$YIJIA" --db "$DB")

SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
die() { fail "$*"; finish; }

wait_for() {
    local i
    for i in $(seq 1 3600); do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}

# start_server NAME [OPTION...]: SERVER_PID, B; stderr in NAME.err, the
# access log NAME.log.
start_server() {
    local name=$1
    shift
    : > "$name.err"
    PORT=
    "$YIJIA" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 \
        --access-log "$WORK/$name.log" "$@" 2> "$name.err" &
    SERVER_PID=$!
    server_port() {
        PORT=$(sed -n 's|^yijia: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/ .*|\1|p' "$name.err")
        [ -n "$PORT" ] || { kill -0 "$SERVER_PID" 2>/dev/null && return 1; return 0; }
    }
    wait_for server_port || true
    [ -n "${PORT:-}" ] || { sed 's/^/  | /' "$name.err" >&2; die "the server did not start"; }
    B=http://127.0.0.1:$PORT
}
stop_server() {
    local st=0
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || st=$?
    [ "$st" = 0 ] || fail "the server exited $st after SIGTERM"
    SERVER_PID=
}

# req METHOD PATH [CURL-OPTION...]: CODE, body.txt, head.txt.
req() {
    local method=$1 path=$2
    shift 2
    rm -f body.txt head.txt
    CODE=$(curl -s -g --max-time 20 -X "$method" -o body.txt -D head.txt \
           -w '%{http_code}' "$@" "$B$path" 2>/dev/null) || true
    CODE=${CODE:-000}
}
header() {
    sed -n "s/^$1: *//Ip" head.txt | tr -d '\r' | tail -1
}
# expect STATUS CODE WHAT METHOD PATH [CURL-OPTION...]: the status, and for
# an error the JSON code and a description holding WHAT.
expect() {
    local want=$1 code=$2 what=$3
    shift 3
    req "$@"
    if [ "$CODE" != "$want" ]; then
        fail "$1 $2: status $CODE, expected $want"
        head -c 300 body.txt 2>/dev/null | sed 's/^/  | /' >&2 || true
        return 0
    fi
    if [ -n "$code" ]; then
        grep -qF "\"code\": \"$code\"" body.txt ||
            fail "$1 $2: code is not $code: $(head -c 200 body.txt)"
        grep -qF -- "$what" body.txt ||
            fail "$1 $2: the description does not name '$what': $(head -c 200 body.txt)"
    fi
}

# ---- a credential ---------------------------------------------------------------
# `yijia staff add` when the tool has it; else a row made by hand with the
# SHA-256 of a known secret (the token is "<handle>.<secret>").
STAFF=王测试
make_credential() {
    if "$YIJIA" staff --help >/dev/null 2>&1; then
        "${Y[@]}" staff add "$STAFF" > add.txt 2> add.err ||
            die "yijia staff add failed: $(cat add.err)"
        TOKEN=$(sed -n 's|.*#staff=\([A-Za-z0-9._-]*\).*|\1|p' add.txt | head -1)
    else
        command -v sqlite3 >/dev/null || { echo "neither yijia staff nor sqlite3: skipped"; exit 77; }
        local secret handle
        handle=$(printf %s "$STAFF" | sha256sum | head -c 12)
        secret=$(printf 'yijia-test-secret-%s' "$$" | sha256sum | head -c 43)
        sqlite3 "$DB" "INSERT INTO staff (handle, name, secret_sha256, created_at)
            VALUES ('$handle', '$STAFF', '$(printf %s "$secret" | sha256sum | cut -d' ' -f1)',
                    '2026-12-01 10:00')"
        TOKEN=$handle.$secret
    fi
    [ -n "$TOKEN" ] || die "no token"
    SECRET=${TOKEN#*.}
}
revoke_credential() {
    if "$YIJIA" staff --help >/dev/null 2>&1; then
        "${Y[@]}" staff revoke "$STAFF" >/dev/null 2>revoke.err ||
            fail "yijia staff revoke failed: $(cat revoke.err)"
    else
        sqlite3 "$DB" "UPDATE staff SET revoked_at = '2026-12-01 11:00' WHERE name = '$STAFF'"
    fi
}
make_credential

# ---- without --staff: nothing new ------------------------------------------------
start_server plain
expect 404 "" "" GET /staff/session
expect 404 "" "" POST /staff/session -H "Origin: $B" -H 'Content-Type: application/json' \
    --data "{\"token\": \"$TOKEN\"}"
[ -z "$(header Set-Cookie)" ] || fail "a cookie without --staff"
expect 405 "" "" POST /api/stations -H "Origin: $B" --data 'x=1'
[ "$(header Allow)" = "GET, HEAD, OPTIONS" ] || fail "POST /api/stations: Allow '$(header Allow)'"
stop_server

# ---- with --staff ---------------------------------------------------------------------
start_server staff --staff
JSON=(-H 'Content-Type: application/json')
ORIGIN=(-H "Origin: $B")

# signing in
expect 200 "" "" POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" --data "{\"token\": \"$TOKEN\"}"
COOKIE=$(header Set-Cookie)
case $COOKIE in
    "yj_staff=$TOKEN; "*) ;;
    *) fail "Set-Cookie: '$COOKIE'" ;;
esac
for attr in "Path=/" HttpOnly SameSite=Strict Max-Age=31536000; do
    case "; $COOKIE;" in *"; $attr;"*) ;; *) fail "the cookie lacks $attr: '$COOKIE'" ;; esac
done
case $COOKIE in *Secure*) fail "Secure over plain http: '$COOKIE'" ;; esac
contains body.txt "\"name\": \"$STAFF\""
CSRF=$(sed -n 's/.*"csrf": "\([0-9a-f]*\)".*/\1/p' body.txt)
[ ${#CSRF} = 64 ] || fail "csrf: '$CSRF'"
case $CSRF in *0) WRONG_CSRF=${CSRF%?}1 ;; *) WRONG_CSRF=${CSRF%?}0 ;; esac
AUTH=(-H "Cookie: other=1; yj_staff=$TOKEN")
expect 200 "" "" GET /staff/session "${AUTH[@]}"
contains body.txt "\"csrf\": \"$CSRF\""
expect 401 not_signed_in "" GET /staff/session
case $TOKEN in *A) WRONG=${TOKEN%?}B ;; *) WRONG=${TOKEN%?}A ;; esac
expect 401 bad_credential "" POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" \
    --data "{\"token\": \"$WRONG\"}"
expect 403 forbidden_origin "" POST /staff/session -H "Origin: http://evil.example" \
    "${JSON[@]}" --data "{\"token\": \"$TOKEN\"}"
expect 415 unsupported_media_type "" POST /staff/session "${ORIGIN[@]}" \
    -H 'Content-Type: text/plain' --data "{\"token\": \"$TOKEN\"}"
expect 400 bad_request token POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" --data '{"token": 7}'

# a check
NOW_MS=$(date +%s)000
TODAY=$(TZ=Asia/Shanghai date +%F)
check() { # ID [LON LAT [HOURS [STATION]]]
    printf '{"id": "%s", "station": "%s", "lon": %s, "lat": %s, "accuracy_m": 8.5, "measured_at": %s, "amenities": ["drinking_water", "rest"], "opening_hours": %s, "phone": null, "note": "门口有牌子"}' \
        "$1" "${5:-XS001}" "${2:-120.24912}" "${3:-30.16533}" "$NOW_MS" "${4:-null}"
}
POST_CHECK=(POST /staff/checks "${ORIGIN[@]}" "${AUTH[@]}" -H "X-CSRF-Token: $CSRF" "${JSON[@]}")
expect 201 "" "" "${POST_CHECK[@]}" --data "$(check sub0000001)"
contains body.txt '"duplicate": false'
contains body.txt '"station": {"id": "XS001"'
CHANGE=$(sed -n 's/^{"change": \([0-9]*\),.*/\1/p' body.txt)
[ -n "$CHANGE" ] || fail "no change number: $(head -c 200 body.txt)"
run 0 "${Y[@]}" show --format json XS001
contains out.txt '"lon": 120.24912'
contains out.txt '"lat": 30.16533'
contains out.txt '"coord_precision": "surveyed"'
contains out.txt "\"checked_on\": \"$TODAY\""
run 0 "${Y[@]}" history XS001
contains out.txt "$STAFF"
contains out.txt "serve: check on site sub0000001"
grep -q "^yijia: audit: .* staff=$STAFF station=XS001 change=$CHANGE submission=sub0000001 from=127.0.0.1 ±8.5 m$" staff.err ||
    fail "no audit line: $(grep audit staff.err || true)"
# what a worker's page reads sees it at once
expect 200 "" "" GET /api/stations/XS001
contains body.txt '"lon": 120.24912'

# the same submission again: applied once
expect 200 "" "" "${POST_CHECK[@]}" --data "$(check sub0000001)"
contains body.txt '"duplicate": true'
contains body.txt "\"change\": $CHANGE,"
run 0 "${Y[@]}" history --format json
changes=$( (grep -o '"change": [0-9]*' out.txt || true) | sort -u | wc -l)
[ "$changes" = 1 ] || fail "$changes changes after a resend"
[ "$(grep -c 'audit:' staff.err || true)" = 1 ] || fail "an audit line for a resend"
# the same id for another station is not a resend: 409, nothing written
expect 409 conflict "was applied to station XS001" "${POST_CHECK[@]}" \
    --data "$(check sub0000001 120.24912 30.16533 null XS002)"
run 0 "${Y[@]}" show --format json XS002
lacks out.txt '"coord_precision": "surveyed"'

# refused
expect 403 forbidden_origin "" POST /staff/checks -H "Origin: http://127.0.0.1:1" \
    "${AUTH[@]}" -H "X-CSRF-Token: $CSRF" "${JSON[@]}" --data "$(check sub0000002)"
expect 403 forbidden_origin "" POST /staff/checks "${AUTH[@]}" -H "X-CSRF-Token: $CSRF" \
    "${JSON[@]}" --data "$(check sub0000002)"
expect 403 bad_csrf_token "" POST /staff/checks "${ORIGIN[@]}" "${AUTH[@]}" \
    "${JSON[@]}" --data "$(check sub0000002)"
expect 403 bad_csrf_token "" POST /staff/checks "${ORIGIN[@]}" "${AUTH[@]}" \
    -H "X-CSRF-Token: $WRONG_CSRF" "${JSON[@]}" --data "$(check sub0000002)"
expect 401 not_signed_in "" POST /staff/checks "${ORIGIN[@]}" -H "X-CSRF-Token: $CSRF" \
    "${JSON[@]}" --data "$(check sub0000002)"
head -c 1000000 /dev/zero | tr '\0' ' ' > big.json
expect 413 too_large "" "${POST_CHECK[@]}" --data-binary @big.json
expect 413 too_large "" "${POST_CHECK[@]}" -H 'Transfer-Encoding: chunked' --data-binary @big.json
expect 415 unsupported_media_type "" POST /staff/checks "${ORIGIN[@]}" "${AUTH[@]}" \
    -H "X-CSRF-Token: $CSRF" --data "$(check sub0000002)"
expect 400 bad_request "not JSON" "${POST_CHECK[@]}" --data '{"id": '
expect 400 bad_request lat "${POST_CHECK[@]}" --data "$(check sub0000002 120.25 '"30.1"')"
expect 400 bad_request lat "${POST_CHECK[@]}" --data "$(check sub0000002 120.25 95)"
expect 400 bad_request id "${POST_CHECK[@]}" --data "$(check 'bad id!')"
expect 400 invalid_field "" "${POST_CHECK[@]}" --data "$(check sub0000003 120.24912 30.16533 '"Mo-Xx 25:00-99:00"')"
expect 422 outside_area "" "${POST_CHECK[@]}" --data "$(check sub0000004 121.4737 31.2304)"
expect 404 not_found XS999 "${POST_CHECK[@]}" --data "$(check sub0000005 120.24912 30.16533 null XS999)"
expect 405 method_not_allowed "" GET /staff/checks "${AUTH[@]}"
[ "$(header Allow)" = POST ] || fail "GET /staff/checks: Allow '$(header Allow)'"
expect 404 not_found "" GET /staff/nothing
run 0 "${Y[@]}" history --format json
changes=$( (grep -o '"change": [0-9]*' out.txt || true) | sort -u | wc -l)
[ "$changes" = 1 ] || fail "$changes changes after the refusals"

# logout clears the cookie (the browser's); the credential stays valid
expect 204 "" "" POST /staff/logout "${ORIGIN[@]}" "${AUTH[@]}"
case $(header Set-Cookie) in
    "yj_staff=; "*"Max-Age=0"*) ;;
    *) fail "logout: Set-Cookie '$(header Set-Cookie)'" ;;
esac

# a revoked credential stops at once
revoke_credential
expect 401 not_signed_in "" GET /staff/session "${AUTH[@]}"
expect 401 not_signed_in "" "${POST_CHECK[@]}" --data "$(check sub0000006)"
expect 401 bad_credential "" POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" \
    --data "{\"token\": \"$TOKEN\"}"

# failed sign-ins: four so far (two bad tokens above, and the revoked
# cookie twice: a cookie is a credential presented too); up to 10 are
# answered 401, then 429
for i in 5 6 7 8 9 10; do
    expect 401 bad_credential "" POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" \
        --data '{"token": "0123456789ab.nonenonenonenonenonenonenonenonenonenonenon"}'
done
expect 429 too_many_attempts "" POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" \
    --data '{"token": "0123456789ab.nonenonenonenonenonenonenonenonenonenonenon"}'
retry=$(header Retry-After)
[ -n "$retry" ] && [ "$retry" -gt 0 ] && [ "$retry" -le 600 ] || fail "429: Retry-After '$retry'"
grep -q "failed sign-in" staff.err || fail "failed sign-ins are not logged"
# and a cookie from this address is not checked meanwhile either
expect 429 too_many_attempts "" GET /staff/session "${AUTH[@]}"
stop_server

# ---- no secret where people read ---------------------------------------------------------
for f in staff.log plain.log staff.err plain.err; do
    lacks "$f" "$SECRET"
    lacks "$f" "yj_staff="
    lacks "$f" "$CSRF"
done
grep -q '"POST /staff/checks HTTP/1.1" 201 ' staff.log || fail "the check is not in the access log"

# ---- behind an https proxy: Secure, and that origin only --------------------------------------
start_server https --staff --base-url https://maps.example.org/yijia
STAFF=李测试
make_credential
expect 403 forbidden_origin "" POST /staff/session "${ORIGIN[@]}" "${JSON[@]}" \
    --data "{\"token\": \"$TOKEN\"}"
expect 200 "" "" POST /staff/session -H "Origin: https://maps.example.org" "${JSON[@]}" \
    --data "{\"token\": \"$TOKEN\"}"
case $(header Set-Cookie) in *"; Secure"*) ;; *) fail "no Secure with an https base: '$(header Set-Cookie)'" ;; esac
stop_server
finish

# test_browser.sh — the HTML map in a real browser: headless Debian
# Chromium driven by playwright-core (tests/browser, installed by
# tools/setup), network off; screenshots stay in this case's scratch
# directory (build/tests/cli_browser/*.png) as artifacts.
source "$(dirname "$0")/lib.sh" "$@"
if [ ! -x /usr/bin/chromium ] || [ ! -d "$SRC/tests/browser/node_modules/playwright-core" ] ||
    ! command -v node >/dev/null; then
    echo "chromium or playwright-core is not installed (tools/setup installs them): skipped"
    exit 77
fi
build_db
export YIJIA_DB=$WORK/stations.sqlite
run 0 "$YIJIA" map -o map.html
run 0 node "$SRC/tests/browser/map_test.js" map.html "$WORK"
contains out.txt "map_test: ok"
[ -s map.png ] && [ -s map-station.png ] || fail "screenshots"
finish

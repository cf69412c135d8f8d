# test_install.sh — `cmake --install` puts the tool, library, headers,
# pkg-config file, CMake package and data in place, and they work (the
# installed tool, given no data arguments, builds a database of the same
# content as the build's default one); and a tool with SQLite linked in
# (YJ_STATIC_SQLITE) runs one SQLite only, even after loading SpatiaLite
# and PROJ, which are linked to libsqlite3.so.
source "$(dirname "$0")/lib.sh" "$@"

# (ldd's output in a variable: `ldd | grep -q` can fail on SIGPIPE)
linked=$(ldd "$YIJIA")
if [[ $linked != *libsqlite3* ]]; then
    LD_DEBUG=bindings LD_DEBUG_OUTPUT=$WORK/ld run 0 "$YIJIA" --db "$WORK/linked.sqlite" build
    cat "$WORK"/ld.* > bindings.txt
    contains bindings.txt "mod_spatialite.so [0] to $YIJIA [0]: normal symbol \`sqlite3_rtree_query_callback'"
    contains bindings.txt "libproj.so"
    # (libsqlite3.so's own internal calls bind inside it; never run)
    grep "to [^ ]*libsqlite3\.so[^ ]* \[0\]: normal symbol" bindings.txt |
        grep -v "binding file [^ ]*libsqlite3\.so" > stray.txt || true
    [ ! -s stray.txt ] || { fail "symbols bound to libsqlite3.so"; head -5 stray.txt >&2; }
fi

BUILD=$(dirname "$YIJIA")
run 0 cmake --install "$BUILD" --prefix "$WORK/prefix"
P=$WORK/prefix
for f in bin/yijia include/yijia.h include/yijia_version.h \
         share/yijia/stations.csv share/yijia/places.csv \
         share/yijia/boundaries.csv share/yijia/holidays-cn.csv \
         share/yijia/README.md share/yijia/stations.sqlite \
         share/locale/zh_CN/LC_MESSAGES/yijia.mo \
         share/man/man1/yijia.1 share/man/man1/yijia-nearest.1 \
         share/man/zh_CN/man1/yijia.1 share/man/zh_CN/man1/yijia-nearest.1; do
    [ -e "$P/$f" ] || fail "$f not installed"
done
lib=$(find "$P" -name 'libyijia.*' | head -1)
[ -n "$lib" ] || fail "libyijia not installed"
pc=$(find "$P" -name yijia.pc | head -1)
[ -n "$pc" ] || fail "yijia.pc not installed"
[ -n "$(find "$P" -name yijiaConfig.cmake)" ] || fail "CMake package not installed"

# The installed tool finds the installed database by itself (relocatable).
run 0 "$P/bin/yijia" list --format csv
[ "$(wc -l <out.txt)" = 45 ] || fail "installed tool and database do not list 44"
# The installed tool speaks Chinese from the installed catalogue (found
# relative to the tool, as the data is), and English without a Chinese locale.
LANGUAGE=zh_CN run 2 "$P/bin/yijia" --no-such-option
contains err.txt "错误："
run 2 "$P/bin/yijia" --no-such-option
contains err.txt "error: "
# ... and the installed data, to build a database of one's own: every file
# the build reads is installed, so it has the content of the build's
# default database (which the installed one is a copy of).
run 0 "$P/bin/yijia" --db "$WORK/own.sqlite" build
contains err.txt "44 stations"
holidays=$(($(wc -l <"$SRC/data/holidays-cn.csv") - 1))
contains err.txt ", $holidays holiday calendar days"
if [ -e "$BUILD/stations.sqlite" ]; then
    default=$BUILD/stations.sqlite
else
    default=$P/share/yijia/stations.sqlite
fi
# compared: the GeoJSON export, the holiday table, and every row of every
# table except what differs between any two builds (the build's time and
# data directory and its random generation in meta; SpatiaLite's own
# timestamps in spatialite_history and geometry_columns_time).
dump() { # dump DB NAME: the compared contents of DB into NAME.*
    "$YIJIA" --db "$1" export --format geojson > "$2.geojson"
    sqlite3 "$1" "SELECT date, kind FROM holidays ORDER BY date" > "$2.holidays"
    sqlite3 "$1" .dump |
        grep -vE "^INSERT INTO (spatialite_history|geometry_columns_time) |^INSERT INTO meta VALUES\('(built_at|data_dir|stations_generation)'," \
        > "$2.dump"
}
dump "$default" default
dump "$WORK/own.sqlite" own
[ "$(wc -l <own.holidays)" = "$holidays" ] ||
    fail "installed build: $(wc -l <own.holidays) holiday days, expected $holidays"
for ext in geojson holidays dump; do
    cmp -s default.$ext own.$ext ||
        { fail "installed build differs from $default ($ext)"; diff default.$ext own.$ext | head -5 >&2; }
done

# A program built against the installed header and library through
# pkg-config.
cat > use.c <<'C'
#include <yijia.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
    yj_db *db = NULL;
    yj_station s;
    yj_error err;
    if (argc != 2 || yj_db_open(&db, argv[1], &err) != YJ_OK)
        return 1;
    if (yj_db_get(&s, db, "XS001", &err) != YJ_OK)
        return 1;
    printf("%s %s %s\n", YJ_VERSION_STRING, yj_version(), s.text[YJ_F_NAME]);
    yj_station_clear(&s);
    yj_db_close(db);
    return 0;
}
C
export PKG_CONFIG_PATH=$(dirname "$pc")
run 0 sh -c "${YJ_CONSUMER_CC:-cc} -std=c11 ${YJ_CONSUMER_CFLAGS:-} -o use use.c \$(pkg-config --cflags --libs yijia)"
run 0 ./use "$P/share/yijia/stations.sqlite"
# the version macros and yj_version() are project(VERSION) of CMakeLists.txt
version=$(sed -n 's/^project(yijia VERSION \([0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
contains out.txt "$version $version 萧山区城厢街道休博园社区爱心驿家"
finish

# test_install.sh — `cmake --install` puts the tool, library, header,
# pkg-config file, CMake package and data in place, and they work.
source "$(dirname "$0")/lib.sh" "$@"

BUILD=$(dirname "$YIJIA")
run 0 cmake --install "$BUILD" --prefix "$WORK/prefix"
P=$WORK/prefix
for f in bin/yijia include/yijia.h share/yijia/stations.csv \
         share/yijia/places.csv share/yijia/boundaries.csv \
         share/yijia/README.md share/yijia/stations.sqlite; do
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
# ... and the installed data, to build a database of one's own.
run 0 "$P/bin/yijia" --db "$WORK/own.sqlite" build
contains err.txt "44 stations"

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
    printf("%s %s\n", yj_version(), s.text[YJ_F_NAME]);
    yj_station_clear(&s);
    yj_db_close(db);
    return 0;
}
C
export PKG_CONFIG_PATH=$(dirname "$pc")
run 0 sh -c "${YJ_CONSUMER_CC:-cc} -std=c11 ${YJ_CONSUMER_CFLAGS:-} -o use use.c \$(pkg-config --cflags --libs yijia)"
run 0 ./use "$P/share/yijia/stations.sqlite"
contains out.txt "0.2.0 萧山区城厢街道休博园社区爱心驿家"
finish

# test_forgiving.sh — the words and positions people type (issue 18):
# vocabulary words in every query filter (--amenity 卫生间, --category
# 银行), townships and places trimmed and with "did you mean" (城箱), the
# hubs of the gazetteer (杭州南站, 萧山国际机场), and every form of a
# position (Chinese comma, full-width digits, E/N, degrees-minutes-seconds,
# Amap and Baidu links, the swapped order said, not guessed).
source "$(dirname "$0")/lib.sh" "$@"
build_db
N=("$YIJIA" --db "$WORK/stations.sqlite" nearest)
L=("$YIJIA" --db "$WORK/stations.sqlite" list)
X=("$YIJIA" --db "$WORK/stations.sqlite" export)

# The first station (its id) from 120.29,30.17 (WGS84), to compare with.
run 0 "${N[@]}" 120.29,30.17 -k 3 --format csv
cut -d, -f2,5 out.txt > want.txt
same() { # the ranking of `nearest ARGS -k 3` equals want.txt
    run 0 "${N[@]}" "$@" -k 3 --format csv
    cut -d, -f2,5 out.txt > got.txt
    cmp -s want.txt got.txt || fail "$* ranks $(tr '\n' ' ' < got.txt), not $(tr '\n' ' ' < want.txt)"
}
same '120.29，30.17'
same '１２０．２９，３０．１７'
same '120.29、30.17'
same '120.29 30.17'
same ' 120.29,30.17　'
same 'E120.29 N30.17'
same 'N30.17 E120.29'
same '东经120.29 北纬30.17'
same '30.17,120.29' --latlon
same "120°17'24\"E 30°10'12\"N"
same '120°17′24″ 30°10′12″'
same '120d17m24s,30d10m12s'
same '120度17分24秒 30度10分12秒'
same 'https://uri.amap.com/marker?position=120.29,30.17&coordinate=wgs84'

# A link's system comes from the link: Amap's GCJ-02, Baidu's BD-09 are
# the same place as the point converted with --crs.
run 0 "${N[@]}" 120.29,30.17 --crs gcj02 -k 3 --format csv
cut -d, -f2,5 out.txt > want.txt
same 'https://uri.amap.com/marker?position=120.29,30.17'
same 'https://uri.amap.com/marker?position=120.29,30.17' --crs gcj02
run 0 "${N[@]}" 120.29,30.17 --crs bd09 -k 3 --format csv
cut -d, -f2,5 out.txt > want.txt
same 'https://api.map.baidu.com/marker?location=30.17,120.29&title=x&coord_type=bd09ll&output=html'
run 2 "${N[@]}" 'https://api.map.baidu.com/marker?location=30.17,120.29&coord_type=bd09ll' --crs wgs84
contains err.txt "--crs wgs84: the link is in bd09"
run 2 "${N[@]}" 'https://example.com/?position=120.29,30.17'
contains err.txt "is not an Amap or Baidu map link"

# The other order, said and not guessed.
run 2 "${N[@]}" 30.175,120.293
contains err.txt "30.175,120.293 looks like latitude,longitude: did you mean 120.293,30.175 (or add --latlon)?"
[ ! -s out.txt ] || fail "a swapped pair ranked stations"
run 2 "${N[@]}" 120.293,30.175 --latlon
contains err.txt "did you mean 30.175,120.293 (or leave out --latlon)?"
run 2 "${L[@]}" --from 30.175,120.293
contains err.txt "looks like latitude,longitude"
run 2 "${N[@]}" '120°70′,30°'
contains err.txt "minutes and seconds under 60"
run 2 "${N[@]}" 'E120 E30'
contains err.txt "two longitudes"

# The words people use, in every query filter.
run 0 "${N[@]}" 120.29,30.17 --category 银行 --format tsv
[ "$(cut -f10 out.txt | tail -n +2 | sort -u)" = "bank" ] || fail "--category 银行"
run 0 "${L[@]}" --category ' 银行 ' --format csv
[ "$(tail -n +2 out.txt | wc -l)" -ge 3 ] || fail "list --category ' 银行 '"
run 0 "${N[@]}" 120.29,30.17 --amenity 热饭,饮用水 --format tsv
run 0 "${N[@]}" 120.29,30.17 --amenity food_heating,drinking_water --format tsv
cp out.txt codes.txt
run 0 "${N[@]}" 120.29,30.17 --amenity '微波炉，开水' --format tsv
cmp -s out.txt codes.txt || fail "--amenity 微波炉，开水 differs from the codes"
# 卫生间 is known (no station records one: nothing found, not a usage error)
run 3 "${L[@]}" --amenity 卫生间
lacks err.txt "unknown"
# ... and it is said: the word found nothing, not the place
contains err.txt "no station matches"
contains err.txt "no station records toilet (卫生间)"
run 3 "${N[@]}" 120.29,30.17 --amenity 卫生间,充电
lacks err.txt "unknown"
contains err.txt "no station records toilet (卫生间)"
lacks err.txt "records phone_charging"
run 3 "${L[@]}" --amenity 'phone charging,shower' --category 银行
contains err.txt "no station records shower (淋浴)"
lacks err.txt "records phone_charging"
lacks err.txt "records bank"
run 3 env LANGUAGE=zh_CN "${L[@]}" --amenity 厕所
contains err.txt "没有任何驿站登记有 toilet（卫生间）"
# words some station records: nothing more than "no station matches"
run 3 "${N[@]}" 120.29,30.17 --within 1m --amenity 充电 --category 银行
contains err.txt "no station matches within the radius"
lacks err.txt "no station records"
run 3 "${X[@]}" --amenity 厕所 --format csv
lacks err.txt "unknown"
run 2 "${N[@]}" 120.29,30.17 --amenity 卫生问
contains err.txt "--amenity: unknown amenity '卫生问'; did you mean '卫生间' (toilet)?"
contains err.txt "toilet"
run 2 "${L[@]}" --category 银航
contains err.txt "--category: unknown category '银航'; did you mean '银行' (bank)?"
run 2 "${L[@]}" --amenity cesuo
contains err.txt "did you mean '厕所' (toilet)?"

# Townships: short names, trimmed, "did you mean".
run 0 "${L[@]}" --township 城厢 --format csv
cp out.txt township.txt
run 0 "${L[@]}" --township ' 城厢　' --format csv
cmp -s out.txt township.txt || fail "--township ' 城厢　'"
run 2 "${L[@]}" --township 城箱
contains err.txt "unknown township '城箱'; did you mean '城厢' (城厢街道)?"
run 2 "${X[@]}" --township chengxiang
contains err.txt "did you mean '城厢' (城厢街道)?"

# Places: the hubs, trimmed names, "did you mean".
run 0 "${N[@]}" --near 杭州南站 -k 1
contains err.txt "from landmark 杭州南站 at 120.292855,30.175093"
# ... also typed without --near: text without a digit is a place
run 0 "${N[@]}" 杭州南站 -k 1
contains err.txt "from landmark 杭州南站 at 120.292855,30.175093"
run 2 "${N[@]}" 城箱
contains err.txt "did you mean 城厢 (城厢街道)?"
run 0 "${N[@]}" --near 南站 -k 1
contains err.txt "杭州南站"
run 0 "${N[@]}" --near 萧山国际机场 -k 1
contains err.txt "from landmark 萧山国际机场 at 120.428554,30.237850"
run 0 "${N[@]}" --near 机场 -k 1
contains err.txt "萧山国际机场"
run 0 "${N[@]}" --near '湘湖 ' -k 1
contains err.txt "from landmark 湘湖站"
run 0 "${L[@]}" --near '湘湖 ' --format csv
run 2 "${N[@]}" --near 城箱
contains err.txt "--near: unknown place '城箱'; did you mean 城厢 (城厢街道)?"
run 2 "${N[@]}" --near 火星
contains err.txt "unknown place '火星' (a township"

# Import and edit take the same words (and suggest the same way).
run 0 "$YIJIA" --db "$WORK/stations.sqlite" edit XS001 --set 'amenities=厕所、充电桩 ,热饭'
run 0 "$YIJIA" --db "$WORK/stations.sqlite" show XS001 --format json
contains out.txt '"amenities": ["toilet", "ebike_charging", "food_heating"]'
run 0 "${L[@]}" --amenity 卫生间 --format csv
contains out.txt "XS001"
run 0 "$YIJIA" --db "$WORK/stations.sqlite" edit XS001 --set 'category= 银行 '
run 0 "${L[@]}" --category 银行 --format csv
contains out.txt "XS001"
run 1 "$YIJIA" --db "$WORK/stations.sqlite" edit XS001 --set 'amenities=卫生问'
contains err.txt "did you mean '卫生间' (toilet)?"
run 1 "$YIJIA" --db "$WORK/stations.sqlite" edit XS001 --set 'township=城箱'
contains err.txt "did you mean '城厢'?"
# An origin far from every station gets a note (a sign, the order or the
# system is likely wrong); one in the district does not.
run 0 "${N[@]}" 0,0 -k 1
contains err.txt "the nearest station is 12886 km from 0,0: are the coordinates right"
run 0 "${N[@]}" 120.29,30.17 -k 1
lacks err.txt "are the coordinates right"
finish

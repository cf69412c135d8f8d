# test_seed.sh — the 44 stations are the seed document's, in its order,
# with its wording: name + '，' + address of every station, concatenated,
# is exactly the seed's station list with the PDF line breaks removed.
source "$(dirname "$0")/lib.sh" "$@"
seed=$(ls "$SRC"/../shared/seed/000_*.txt 2>/dev/null | head -1 || true)
if [ -z "$seed" ]; then
    echo "the seed document (../shared/seed) is not beside the checkout: skipped"
    exit 77
fi
build_db
run 0 "$YIJIA" --db "$WORK/stations.sqlite" list --format tsv
# Back to seed order (ids are XS001..XS044 in seed order).
tail -n +2 out.txt | sort | awk -F'\t' '{ printf "%s，%s", $2, $3 }' > ours.txt
[ "$(tail -n +2 out.txt | wc -l)" = 44 ] || fail "not 44 stations"
tr -d '\n' < "$seed" > flat.txt
grep -qF -- "$(cat ours.txt)" flat.txt || fail "station list differs from the seed"
# And it is the whole list: it starts and ends where the seed's does.
case "$(cat ours.txt)" in
    萧山区城厢街道休博园社区爱心驿家，*萧山环卫中心通惠南路爱心驿家，萧山区通惠南路207号) ;;
    *) fail "list does not span the seed's first to last station" ;;
esac
finish

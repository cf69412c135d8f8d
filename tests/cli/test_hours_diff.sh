# test_hours_diff.sh — yijia's opening_hours evaluator against
# opening_hours.js (tests/hours, the npm package locked there): a quick
# seeded differential run (a few thousand comparisons, seconds) in which
# every disagreement must fall in a category of data/README.md, the
# categories' examples there checked too; the run repeats exactly; a
# harness that lies is caught.  Then the spans issue 22 found refused
# (23:01-23:59 starts), through `yijia build` and `list --open-at`.
# usage: test_hours_diff.sh YIJIA SRC WORK HOURS_EVAL
source "$(dirname "$0")/lib.sh" "$@"
HARNESS=$4
if ! command -v node >/dev/null ||
    [ ! -d "$SRC/tests/hours/node_modules/opening_hours" ]; then
    echo "node or the npm package opening_hours is not installed (tools/setup installs it): skipped"
    exit 77
fi
DIFF=$SRC/tests/hours/diff.js

# the quick run: seeded, every disagreement classified
run 0 node "$DIFF" --harness "$HARNESS" --seed 22 --comparisons 4000
contains out.txt "hours diff: ok"
grep -q "comparisons [0-9]\{4,\}, agreements [0-9]*, disagreements [1-9]" out.txt ||
    fail "the quick run compared too little: $(head -2 out.txt)"
cp out.txt first.txt
# repeatable: the same seed, the same figures (the time aside)
run 0 node "$DIFF" --harness "$HARNESS" --seed 22 --comparisons 4000
[ "$(sed 's/, [0-9.]* s$//' first.txt)" = "$(sed 's/, [0-9.]* s$//' out.txt)" ] ||
    fail "two runs of seed 22 differ"
# another seed finds the same kinds of thing
run 0 node "$DIFF" --harness "$HARNESS" --seed 4242 --comparisons 4000
contains out.txt "hours diff: ok"

# each category (model.js's, and the refusals diff.js knows) is written in
# data/README.md under its name, with the example the run checks
# (diff.js's EXAMPLES: they must disagree, in that category)
node -e '
    const m = require(process.argv[1]), d = require(process.argv[2]);
    const ids = m.CATEGORIES.map(c => c.id).concat(d.REFUSED.map(r => r[0]));
    for (const id of ids) {
        const e = d.EXAMPLES.find(x => x[0] === id);
        console.log(id + "\t" + (e ? e[1] : ""));
    }
' "$SRC/tests/hours/model.js" "$DIFF" > categories.txt
[ "$(wc -l < categories.txt)" -ge 8 ] || fail "categories: $(cat categories.txt)"
while IFS=$'\t' read -r id example; do
    grep -q "^#### \`$id\`" "$SRC/data/README.md" ||
        fail "data/README.md has no section for the category $id"
    [ -n "$example" ] || fail "diff.js has no example for $id"
    grep -qF -- "\`$example\`" "$SRC/data/README.md" ||
        fail "data/README.md does not give $id's example '$example'"
done < categories.txt

# a harness whose answers are not yijia's is caught, not classified
cat > liar.sh <<'EOF'
#!/bin/sh
while IFS= read -r line; do
    case $line in E*) echo ok ;; *) echo open ;; esac
done
EOF
chmod +x liar.sh
run 1 node "$DIFF" --harness ./liar.sh --seed 22 --comparisons 500
contains out.txt "does not give yijia's answer"

# issue 22: spans starting 23:01-23:59 were refused by build and edit
printf 'E\tMo 23:30-23:45\nE\tMo 23:15-03:00\nE\tMo 23:59-00:30\nE\tMo 23:30-24:00\n' |
    "$HARNESS" > eval.txt
[ "$(tr '\n' ' ' < eval.txt)" = "ok ok ok ok " ] || fail "hours_eval: $(cat eval.txt)"
mkdir data
cp "$SRC/data/places.csv" "$SRC/data/boundaries.csv" "$SRC/data/holidays-cn.csv" data/
{
    head -1 "$SRC/data/stations.csv" | sed "s/,checked_on,closed_on\r\?$//"
    row() { echo "$1,测试站$1,城厢街道测试路$1号,萧山区,城厢街道,community,rest,programme,\"$2\",,$3,30.16,test: synthetic row,door,test,"; }
    row LT1 "Mo 23:30-23:45" 120.270
    row LT2 "Mo 23:15-03:00" 120.271
    row LT3 "Mo 23:59-00:30" 120.272
    row LT4 "Mo 23:30-24:00" 120.273
    row LT5 "Mo 22:45-03:00" 120.274
} > data/stations.csv
run 0 "$YIJIA" --db late.sqlite build --data data --quiet
export YIJIA_DB=$WORK/late.sqlite
ids_at() {
    "$YIJIA" list --open-at "$1" --format tsv 2>/dev/null |
        awk -F'\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//'
}
# 2025-10-13 is a Monday
[ "$(ids_at "2025-10-13 23:40")" = "LT1 LT2 LT4 LT5" ] || fail "23:40: $(ids_at "2025-10-13 23:40")"
[ "$(ids_at "2025-10-13 23:59")" = "LT2 LT3 LT4 LT5" ] || fail "23:59: $(ids_at "2025-10-13 23:59")"
[ "$(ids_at "2025-10-14 00:20")" = "LT2 LT3 LT5" ] || fail "00:20: $(ids_at "2025-10-14 00:20")"
[ "$(ids_at "2025-10-13 23:10")" = "LT5" ] || fail "23:10: $(ids_at "2025-10-13 23:10")"
run 0 "$YIJIA" edit LT5 --set "opening_hours=Mo 23:01-23:02"
[ "$(ids_at "2025-10-13 23:01")" = "LT5" ] || fail "edit: $(ids_at "2025-10-13 23:01")"
finish

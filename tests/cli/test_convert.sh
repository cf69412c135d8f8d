# test_convert.sh — `yijia convert`: arguments and streaming, lat,lon order,
# precision, headers and line ends kept, and every bad input refused with
# its argument or line number (exit 2).
source "$(dirname "$0")/lib.sh" "$@"
Y=("$YIJIA" convert)

# Published vector P01 (crs-spatialite-proj.md §1.6), every direction.
run 0 "${Y[@]}" --from wgs84 --to gcj02 120.1485,30.2425
contains out.txt "120.1532105,30.2401799"
run 0 "${Y[@]}" --from wgs84 --to bd09 120.1485,30.2425
contains out.txt "120.1597258,30.2461196"
run 0 "${Y[@]}" --from gcj02 --to bd09 120.153210488,30.240179907
contains out.txt "120.1597258,30.2461196"
run 0 "${Y[@]}" --from gcj02 --to wgs84 --precision 9 120.153210488,30.240179907
contains out.txt "120.148500000,30.242500000"
run 0 "${Y[@]}" --from bd09 --to wgs84 --precision 8 120.159725849,30.246119644
contains out.txt "120.14850000,30.24250000"
run 0 "${Y[@]}" --from bd09 --to gcj02 --precision 9 120.159725849,30.246119644
contains out.txt "120.153210488,30.240179907"
# Names are case-insensitive; aliases.
run 0 "${Y[@]}" --from CGCS2000 --to Amap 120.1485,30.2425
contains out.txt "120.1532105,30.2401799"

# Several arguments: one line each, in order.
run 0 "${Y[@]}" --from wgs84 --to gcj02 120.1485,30.2425 106,32
[ "$(sed -n 2p out.txt)" = "106.0038603,31.9977757" ] || fail "second argument"
# --latlon: Baidu's URI order in and out.
run 0 "${Y[@]}" --from wgs84 --to bd09 --latlon 30.2425,120.1485
contains out.txt "30.2461196,120.1597258"
# Outside mainland China nothing moves; negative coordinates are arguments.
run 0 "${Y[@]}" --from wgs84 --to gcj02 126.98,37.57 -74.006,40.7128 -0,-0
contains out.txt "126.9800000,37.5700000"
contains out.txt "-74.0060000,40.7128000"
contains out.txt "0.0000000,0.0000000"
lacks out.txt "-0.0000000"
run 0 "${Y[@]}" --from wgs84 --to gcj02 --precision 0 120.1485,30.2425
contains out.txt "120,30"

# Bad arguments: exit 2, the argument named, nothing on stdout.
for bad in 120.1x,30.2 120.1,30.2x 120.1 120.1,30.2,5 ,30 120.1, nan,30 \
           120,inf 0x10,30 "120.1 30.2" 181,30 120,-90.5 1e999,30; do
    run 2 "${Y[@]}" --from wgs84 --to gcj02 120,30 "$bad"
    contains err.txt "argument 2"
    [ ! -s out.txt ] || fail "'$bad': partial output"
done
run 2 "${Y[@]}" --from wgs84 --to gcj02 120.1x,30.2
contains err.txt "longitude '120.1x' is not a number"
run 2 "${Y[@]}" --from wgs84 --to gcj02 120,91.25
contains err.txt "latitude 91.25 is out of range"
run 2 "${Y[@]}" --from wgs84 --to gcj02 --latlon 30.2x,120
contains err.txt "latitude '30.2x' is not a number"

# Bad options.
run 2 "${Y[@]}" --to gcj02 120,30
contains err.txt "--from and --to are required"
run 2 "${Y[@]}" --from wgs84 --to bd09mc 120,30
contains err.txt "'bd09mc' is not wgs84, gcj02 or bd09"
run 2 "${Y[@]}" --from wgs84 --to gcj02 --precision 16 120,30
run 2 "${Y[@]}" --from wgs84 --to gcj02 --precision 2.5 120,30
run 2 "${Y[@]}" --from wgs84 --to gcj02 --bogus 120,30

# Streaming a spreadsheet: header, quotes, CRLF, blank lines, extra columns
# and a byte-order mark all survive; only the first two fields change.
printf '\xef\xbb\xbflon,lat,name,note\r\n120.1485,30.2425,"站, A","x"\r\n\r\n"120.2125","30.2905",B,\r\n' > in.csv
run 0 "${Y[@]}" --from wgs84 --to gcj02 < in.csv
printf '\xef\xbb\xbflon,lat,name,note\r\n120.1532105,30.2401799,"站, A","x"\r\n\r\n120.2170347,30.2880737,B,\r\n' > want.csv
cmp -s out.txt want.csv || { fail "stream output differs"; od -c out.txt | head >&2; }

# TSV, no header, no final newline.
printf '120.1485\t30.2425\tP01\n106\t32\tX' > in.tsv
run 0 "${Y[@]}" --from wgs84 --to gcj02 < in.tsv
printf '120.1532105\t30.2401799\tP01\n106.0038603\t31.9977757\tX' > want.tsv
cmp -s out.txt want.tsv || fail "tsv output differs"

# A bad line stops the run, naming the line; --skip-invalid skips it.
printf 'lon,lat\n120.1485,30.2425\n120.1x,30.2\n106,32\n' > bad.csv
run 2 "${Y[@]}" --from wgs84 --to gcj02 < bad.csv
contains err.txt "line 3: longitude '120.1x' is not a number"
run 0 "${Y[@]}" --from wgs84 --to gcj02 --skip-invalid < bad.csv
contains err.txt "line 3: skipped"
contains err.txt "1 line skipped"
[ "$(wc -l < out.txt)" = 3 ] || fail "skip-invalid kept $(wc -l < out.txt) lines"
printf '120,30\nonly-one-field\n' | { run 2 "${Y[@]}" --from wgs84 --to gcj02; }
contains err.txt "line 2: expected LON,LAT in the first two fields"
printf '120,30\n121,95,x\n' | { run 2 "${Y[@]}" --from wgs84 --to gcj02; }
contains err.txt "line 2: latitude 95 is out of range"
printf '120,30\n"121"x,30\n' | { run 2 "${Y[@]}" --from wgs84 --to gcj02; }
contains err.txt "line 2:"
printf 'lon,lat\nname,value\n' | { run 2 "${Y[@]}" --from wgs84 --to gcj02; }
contains err.txt "line 2:"

# -o writes aside: a failed run leaves an existing file untouched.
echo "keep me" > result.csv
run 2 "${Y[@]}" --from wgs84 --to gcj02 -o result.csv < bad.csv
[ "$(cat result.csv)" = "keep me" ] || fail "-o replaced the file on failure"
[ -z "$(ls | grep 'result.csv.tmp')" ] || fail "-o left a temporary file"
run 0 "${Y[@]}" --from wgs84 --to gcj02 -o result.csv < in.tsv
cmp -s result.csv want.tsv || fail "-o output differs"

# Round trip through every pair keeps 1 mm (7 decimals is ~1 cm: use 12).
for pair in "wgs84 gcj02" "wgs84 bd09" "gcj02 bd09"; do
    set -- $pair
    "${Y[@]}" --from "$1" --to "$2" --precision 12 120.2707,30.1629 119.9,29.3 > there.txt
    "${Y[@]}" --from "$2" --to "$1" --precision 9 < there.txt > back.txt
    printf '120.270700000,30.162900000\n119.900000000,29.300000000\n' | cmp -s - back.txt \
        || fail "round trip $1 → $2 → $1: $(tr '\n' ' ' < back.txt)"
done
finish

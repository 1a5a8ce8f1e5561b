#!/bin/sh
# bench/warc.sh - reading a WARC: 'wark index' and 'wark verify' side by side
# with warcio.js 'cdx-index' and a plain 'zcat | sha1sum' floor, in one run on
# the same file. The input (>= 40 MB of uncompressed records, BENCH_MB to
# change) is written by bench/gen_warc.c with wark's own writer.
# Prints wall time, throughput over the uncompressed size and peak RSS; the
# last row writes the same file again (digests, gzip, fsync at close).
set -eu
cd "$(dirname "$0")/.."
MB=${BENCH_MB:-48}
[ -x build/release/wark ] && [ -f build/release/libwark.a ] || make -s release >/dev/null
tmp=$(mktemp -d /tmp/wark-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

PKGS="zlib libcrypto libidn2 libbrotlidec libzstd"
cc -std=c11 -D_GNU_SOURCE -O2 -I. -o "$tmp/gen_warc" bench/gen_warc.c build/release/libwark.a \
  $(pkg-config --libs $PKGS) -lm
warc=$("$tmp/gen_warc" "$tmp" "$MB")
raw=$(zcat "$warc" | wc -c)
comp=$(wc -c <"$warc")
recs=$(build/release/wark ls "$warc" | wc -l)
raw_mb=$(awk -v b="$raw" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "input: $(basename "$warc"): $recs records, $raw_mb MB uncompressed, $(awk -v b="$comp" 'BEGIN { printf "%.1f", b / 1048576 }') MB gzip"

run() {   # name, command (run by sh; stdout discarded)
  /usr/bin/time -f "%e %M" -o "$tmp/time" sh -c "$2" >/dev/null 2>"$tmp/err" || {
    echo "$1: failed: $(head -c 300 "$tmp/err")"; return 0; }
  set -- "$1" $(tail -1 "$tmp/time")
  awk -v n="$1" -v t="$2" -v m="$3" -v mb="$raw_mb" \
    'BEGIN { printf "%-28s %8.2f s %9.1f MB/s %9.1f MB\n", n, t, (t > 0 ? mb / t : 0), m / 1024 }'
}
printf "%-28s %10s %14s %12s\n" tool wall throughput "peak RSS"
run "wark index"              "build/release/wark index '$warc'"
run "wark verify"             "build/release/wark verify '$warc'"
run "warcio.js cdx-index"     "node tests/js/node_modules/.bin/warcio cdx-index '$warc'"
run "zcat | sha1sum (floor)"  "zcat '$warc' | sha1sum"
mkdir "$tmp/w2"
run "wark writer (gen_warc)"  "'$tmp/gen_warc' '$tmp/w2' $MB"
# both index the same number of records
a=$(build/release/wark index "$warc" | wc -l)
b=$(node tests/js/node_modules/.bin/warcio cdx-index "$warc" | wc -l)
echo "index lines: wark $a, warcio.js $b"

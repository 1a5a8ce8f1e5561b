#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/warc.sh - reading a WARC: 'wark index' and 'wark verify' side by side
# with warcio.js 'cdx-index' and a plain 'zcat | sha1sum' floor, in one run on
# the same file. The input (64 MB of uncompressed records by default, at least 40, BENCH_MB to
# change) is written by bench/gen_warc.c with wark's own writer.
# Prints the best wall time of 3 runs (/usr/bin/time: 10 ms resolution),
# throughput over the uncompressed size and peak RSS; the
# last row writes the same file again (digests, gzip, fsync at close).
set -eu
cd "$(dirname "$0")/.."
MB=${BENCH_MB:-64}
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

run() {   # name, command (run by sh; stdout discarded): best wall time of 3, its peak RSS
  best=""
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" sh -c "$2" >/dev/null 2>"$tmp/err" || {
      echo "$1: failed: $(head -c 300 "$tmp/err")"; return 0; }
    t=$(tail -1 "$tmp/time")
    best=$(printf '%s\n%s\n' "$best" "$t" | awk 'NF == 2' | sort -n | head -1)
  done
  set -- "$1" $best
  awk -v n="$1" -v t="$2" -v m="$3" -v mb="$raw_mb" \
    'BEGIN { printf "%-28s %8.2f s %9.1f MB/s %9.1f MB\n", n, t, (t > 0 ? mb / t : 0), m / 1024 }'
}
printf "%-28s %10s %14s %12s\n" tool wall throughput "peak RSS"
run "wark index"              "build/release/wark index '$warc'"
run "wark verify"             "build/release/wark verify '$warc'"
run "warcio.js cdx-index"     "node tests/js/node_modules/.bin/warcio cdx-index '$warc'"
run "zcat | sha1sum (floor)"  "zcat '$warc' | sha1sum"
run "wark writer (gen_warc)"  "rm -rf '$tmp/w2' && mkdir '$tmp/w2' && '$tmp/gen_warc' '$tmp/w2' $MB"
# the two indexes agree line for line (JSON compared as data, digest label stripped)
norm='import hashlib,json,sys
out=[]
for l in sys.stdin:
    k,t,j=l.rstrip("\n").split(" ",2); d=json.loads(j)
    if "digest" in d: d["digest"]=d["digest"].split(":")[-1]
    out.append(k+" "+t+" "+json.dumps(d,sort_keys=True))
print(len(out)); print(hashlib.sha1("\n".join(sorted(out)).encode()).hexdigest())'
a=$(build/release/wark index "$warc" | python3 -c "$norm")
b=$(node tests/js/node_modules/.bin/warcio cdx-index "$warc" | python3 -c "$norm")
if [ "$a" = "$b" ]; then echo "index: wark and warcio.js agree on all $(echo "$a" | head -1) lines"
else echo "index: wark and warcio.js DIFFER ($(echo "$a" | head -1) vs $(echo "$b" | head -1) lines)"; fi

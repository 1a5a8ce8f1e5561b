#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# pack_roundtrip.sh - does a WACZ made by `wark pack` replay in ReplayWeb.page?
#
#   sh tests/replay/pack_roundtrip.sh WARK TMPDIR
#
# Independent of `wark crawl`: the sample site (8 articles) is captured by
# GNU wget --warc-file (-r -p, robots on), packed by `WARK pack`, and then
# tests/replay/replay-check.mjs must show an article's headline with all its
# images and find the article by searching for its headline. The server is
# stopped on every exit path. Exit 0 when all holds, 1 otherwise.
set -u
[ $# -eq 2 ] || { echo "usage: pack_roundtrip.sh WARK TMPDIR" >&2; exit 2; }
WARK=$1
T=$2
cd "$(dirname "$0")/../.."
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null' EXIT
fail() { echo "pack_roundtrip: $*" >&2; exit 1; }

mkdir -p "$T/site" "$T/crawl/warc"
python3 tools/samplesite/serve.py "$T/site" --port-file "$T/port" &
PID=$!
i=0
while [ ! -s "$T/port" ]; do
  i=$((i + 1)); [ $i -gt 100 ] && fail "server did not start"; sleep 0.1
done
BASE="http://127.0.0.1:$(cat "$T/port")"
python3 tools/samplesite/gen.py "$T/site" --per-section 2 --base-url "$BASE" --truth "$T/truth.jsonl" \
  >/dev/null || fail "generator failed"
(cd "$T/crawl/warc" && wget -q -r -l inf -p -e robots=on --warc-file=sample -P "$T/mirror" "$BASE/")
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 8 ] || fail "wget exited $rc"
kill "$PID"; wait "$PID" 2>/dev/null; PID=""
"$WARK" pack "$T/crawl" -o "$T/sample.wacz" >"$T/pack.out" 2>&1 || fail "wark pack failed: $(cat "$T/pack.out")"
url=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["url"])' "$T/truth.jsonl")
title=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["title"])' "$T/truth.jsonl")
node tests/replay/replay-check.mjs --wacz "$T/sample.wacz" --url "$url" --text "$title" --images \
  --search "$title" --timeout 90

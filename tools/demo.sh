#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# demo.sh - `make demo`: serve the bundled sample news site on 127.0.0.1 and
# archive it with wark, end to end, then print a short report.
#
#   sh tools/demo.sh            (make demo builds ./wark and installs deps first)
#   WARK=path/to/wark DEMO_OUT=dir sh tools/demo.sh      (as tests/integration/test_demo.c runs it)
#
# Steps: generate the site (tools/samplesite/gen.py) into build/demo/site, serve
# it (tools/samplesite/serve.py, kernel-chosen port), archive it, verify the
# WACZ, report on it (every article a page? robots.txt obeyed? extracted title,
# byline, date, paragraphs and captions against the generator's truth file),
# and, when Chromium and the ReplayWeb.page files are installed, replay one
# article in ReplayWeb.page with its image and find it by full-text search. `wark archive` (crawl + extract + pack + verify) is used when
# it exists (`wark archive --help` exits 0); until then the four commands run
# one after the other. The server is stopped on every exit path (trap).
# Exit status: 0 when every step passed, 1 otherwise.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
WARK=${WARK:-$ROOT/wark}
OUT=${DEMO_OUT:-build/demo}
SITE=$OUT/site
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

say() { printf '%s\n' "demo: $*"; }
fail() { say "FAILED: $*"; exit 1; }

[ -x "$WARK" ] || fail "$WARK is missing (run: make wark)"
case "$OUT" in ""|/|.|..) fail "refusing DEMO_OUT=$OUT" ;; esac
rm -rf "$OUT"
mkdir -p "$SITE"

# Serve first so that the generator knows the origin for sitemap.xml and JSON-LD.
python3 tools/samplesite/serve.py "$SITE" --port-file "$OUT/port" &
SERVER_PID=$!
i=0
while [ ! -s "$OUT/port" ]; do
  i=$((i + 1))
  [ $i -gt 100 ] && fail "sample site server did not start"
  kill -0 "$SERVER_PID" 2>/dev/null || fail "sample site server exited"
  sleep 0.1
done
PORT=$(cat "$OUT/port")
BASE="http://127.0.0.1:$PORT"
python3 tools/samplesite/gen.py "$SITE" --base-url "$BASE" --truth "$OUT/truth.jsonl" >/dev/null ||
  fail "site generator failed"
NART=$(wc -l <"$OUT/truth.jsonl")
say "sample site: $NART articles at $BASE/ (robots.txt disallows /private/)"

start=$(date +%s)
if "$WARK" archive --help >/dev/null 2>&1; then
  say "running: wark archive $BASE/ -o $OUT/sample"
  "$WARK" archive "$BASE/" -o "$OUT/sample" || fail "wark archive exited $?"
  WACZ=""
  for w in "$OUT/sample.wacz" "$OUT/sample"/*.wacz; do
    [ -f "$w" ] && { WACZ=$w; break; }
  done
  [ -n "$WACZ" ] || fail "wark archive wrote no .wacz under $OUT"
  CRAWL=$OUT/sample
  EXTRACT=""
  for e in "$OUT/sample/extract/pages.jsonl" "$OUT/sample/pages.jsonl"; do
    [ -f "$e" ] && { EXTRACT=$e; break; }
  done
else
  say "wark archive is not available yet: running crawl, extract, pack and verify in turn"
  CRAWL=$OUT/crawl
  WACZ=$OUT/sample.wacz
  EXTRACT=$CRAWL/extract/pages.jsonl
  "$WARK" crawl --help >/dev/null 2>&1 || fail "wark crawl is not implemented yet"
  say "running: wark crawl $BASE/ -o $CRAWL"
  "$WARK" crawl "$BASE/" -o "$CRAWL" || fail "wark crawl exited $?"
  say "running: wark extract $CRAWL -o $CRAWL/extract"
  "$WARK" extract "$CRAWL" -o "$CRAWL/extract" || fail "wark extract exited $?"
  say "running: wark pack $CRAWL -o $WACZ"
  "$WARK" pack "$CRAWL" -o "$WACZ" || fail "wark pack exited $?"
fi
elapsed=$(( $(date +%s) - start ))

say "running: wark verify $WACZ"
"$WARK" verify "$WACZ" || fail "wark verify found problems in $WACZ"

# Report: captures, pages, extraction against the generator's truth.
python3 - "$CRAWL" "$WACZ" "$OUT/truth.jsonl" "${EXTRACT:-}" "$elapsed" <<'EOF' || exit 1
import gzip, json, os, sys, zipfile
crawl, wacz, truth, extract, elapsed = sys.argv[1:6]
truth = [json.loads(l) for l in open(truth)]
z = zipfile.ZipFile(wacz)
names = z.namelist()
pages = [json.loads(l) for l in z.read("pages/pages.jsonl").decode().splitlines()[1:] if l.strip()]
urls = {p.get("url") for p in pages}
print("demo: WACZ %s: %d bytes, %d entries, %d pages in pages.jsonl" % (wacz, os.path.getsize(wacz), len(names), len(pages)))
have = sum(1 for t in truth if t["url"] in urls)
print("demo: articles listed as pages: %d/%d" % (have, len(truth)))
private = [u for u in urls if u and "/private/" in u]
for name in names:  # any record at all for a disallowed URL, in every WARC of the WACZ
    if name.startswith("archive/"):
        f = z.open(name)
        for line in (gzip.open(f) if name.endswith(".gz") else f):
            if line.startswith(b"WARC-Target-URI:") and b"/private/" in line:
                private.append(line.split(b":", 1)[1].strip().decode("utf-8", "replace"))
print("demo: robots.txt respected: %s" % ("yes" if not private else "NO (%s)" % private[0]))
titles = 0
if extract and os.path.exists(extract):
    got = {}
    for l in open(extract):
        try:
            j = json.loads(l)
        except ValueError:
            continue
        got[j.get("url")] = j
    def norm(x):
        return " ".join(str(x or "").split())
    n = len(truth)
    same = lambda key, tkey: sum(1 for t in truth if norm((got.get(t["url"]) or {}).get(key)) == norm(t[tkey]))
    print("demo: extraction vs truth: title %d/%d, byline %d/%d, date %d/%d"
          % (same("title", "title"), n, same("byline", "byline"), n, same("date", "date"), n))
    paras = found = caps = capfound = leaks = 0
    boiler = ["Get the Gazette by email", "We use a single cookie", "More from ", "Share this story",
              "Skip to content", "A fictional newspaper generated", "Read more:", "Advertisement:"]
    for t in truth:
        g = got.get(t["url"]) or {}
        text = norm(g.get("text"))
        paras += len(t["paragraphs"])
        found += sum(1 for q in t["paragraphs"] if norm(q) in text)
        capstext = norm(json.dumps(g.get("captions", ""), ensure_ascii=False))
        for f in t["figures"]:
            caps += 1
            capfound += norm(f["caption"]) in capstext and norm(f["credit"]) in capstext
        leaks += any(b in text for b in boiler)
    print("demo: paragraphs found verbatim %d/%d, captions with credit %d/%d, pages with boilerplate %d/%d"
          % (found, paras, capfound, caps, leaks, n))
else:
    print("demo: extraction report skipped: no extract pages.jsonl found")
print("demo: archived in %s s" % elapsed)
ok = have == len(truth) and not private
sys.exit(0 if ok else 1)
EOF

# Replay one article in ReplayWeb.page when the browser and its files are here.
if [ -x /usr/bin/chromium ] && [ -f tests/js/vendor/replaywebpage/sw.js ]; then
  url=$(python3 -c 'import json,sys; t=json.loads(open(sys.argv[1]).readline()); print(t["url"])' "$OUT/truth.jsonl")
  title=$(python3 -c 'import json,sys; t=json.loads(open(sys.argv[1]).readline()); print(t["title"])' "$OUT/truth.jsonl")
  node tests/replay/replay-check.mjs --wacz "$WACZ" --url "$url" --text "$title" --search "$title" --images --timeout 90 ||
    fail "the archived article does not replay in ReplayWeb.page"
else
  say "ReplayWeb.page check skipped (needs /usr/bin/chromium and tools/deps.sh)"
fi
say "OK: $WACZ"

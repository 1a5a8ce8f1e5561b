#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/extract.sh - wark extract vs Readability.js (jsdom) over the 88 Zyte
# dev pages in one run: F1/precision/recall (the benchmark's metric), pages/s
# on one CPU, peak RSS. Needs ./wark (make) and tests/js (npm install).
set -eu
cd "$(dirname "$0")/.."
shared=${WARK_SHARED:-../shared}
corpus="$shared/bench/zyte-dev"
if [ ! -f "$corpus/ground-truth.json" ]; then
  echo "bench extract: SKIPPED, no figure: the Zyte dev corpus is absent; expected at $corpus"
  echo "  (html/*.html.gz and ground-truth.json; set WARK_SHARED to the folder holding bench/)"
  exit 0
fi
[ -x build/release/wark ] || make --no-print-directory release
[ -d tests/js/node_modules/@mozilla/readability ] || (cd tests/js && npm install --no-audit --no-fund >/dev/null)
python3 tests/extract/bench_extract.py build/release/wark "$corpus" --repeat "${REPEAT:-3}"

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/extract.sh - wark extract vs Readability.js (jsdom) over the 88 Zyte
# dev pages in one run: F1/precision/recall (the benchmark's metric), pages/s
# on one CPU, peak RSS. Needs ./wark (make) and tests/js (npm install).
set -eu
cd "$(dirname "$0")/.."
shared=${WARK_SHARED:-../shared}
[ -x build/release/wark ] || make --no-print-directory release
[ -d tests/js/node_modules/@mozilla/readability ] || (cd tests/js && npm install --no-audit --no-fund >/dev/null)
python3 tests/extract/bench_extract.py build/release/wark "$shared/bench/zyte-dev" --repeat "${REPEAT:-3}"

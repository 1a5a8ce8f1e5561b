#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# valgrind.sh - `make valgrind`: the whole suite (unit + integration) once
# with the unit-test binary and every wark process under valgrind memcheck
# (tests/valgrind-wark, build/valgrind/: -O1 -g, no sanitizers). Passes when
# the suite passes and no process reported a memcheck error or a definitely
# lost block; the reports are printed from build/valgrind/vg/*.log. Tests
# that cannot mean anything under valgrind (timing bounds, RSS bounds, python
# or node only) skip themselves when WARK_VARIANT=valgrind.
set -u
cd "$(dirname "$0")/.."
logs=build/valgrind/vg
rm -rf "$logs"
mkdir -p "$logs"
start=$(date +%s)
WARK_TIMEOUT_SCALE=${WARK_TIMEOUT_SCALE:-30} sh tests/run.sh valgrind
status=$?
# an error's headline is "==PID== Text" (its stack lines are indented; warnings are not errors)
bad=$(grep -lE '^==[0-9]+== [^ W]' "$logs"/*.log 2>/dev/null)
for f in $bad; do
  echo "== $f"
  head -80 "$f"
done
n=$(echo "$bad" | grep -c .)
echo "valgrind: $(( $(date +%s) - start )) s; $n processes with memcheck errors or definite leaks"
[ "$n" -eq 0 ] || status=1
exit $status

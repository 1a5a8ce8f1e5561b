#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the Criterion suites (unit, then integration driving the built ./wark)
# for each build variant named on the command line, and closes with one plain
# summary line over all of them: "tests: N passed, N failed".
# Variant valgrind (make valgrind, see tests/valgrind.sh) runs the unit-test
# binary and every wark under memcheck through tests/valgrind-wark, with the
# tests' time limits stretched by WARK_TIMEOUT_SCALE.
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0; status=0
JOBS=${WARK_TEST_JOBS:-2}
for variant in "$@"; do
  wark="$PWD/build/$variant/wark"
  [ "$variant" = valgrind ] && wark="$PWD/tests/valgrind-wark"
  for suite in unit-tests integration-tests; do
    bin=build/$variant/$suite
    log=build/$variant/$suite.log
    echo "== $variant $suite"
    run=
    [ "$variant" = valgrind ] && [ "$suite" = unit-tests ] && run="env WARK_VG_PROG=$PWD/$bin $wark"
    WARK_BIN="$wark" WARK_VARIANT=$variant \
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ${run:-$bin} --jobs "$JOBS" --short-filename >"$log" 2>&1
    rc=$?
    grep -vE '^\[----\]' "$log" | grep -E 'FAIL|Assertion|failed|crash|ERROR|Synthesis' | tail -40
    line=$(grep 'Synthesis' "$log" | tail -1)
    p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    c=$(echo "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
    [ -n "$p" ] || { p=0; f=1; c=0; echo "$bin: no summary (exit $rc)"; tail -20 "$log"; }
    passed=$((passed + p)); failed=$((failed + f))
    [ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || status=1
  done
done
echo "tests: $passed passed, $failed failed"
exit $status

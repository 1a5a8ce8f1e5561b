#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench: runs every bench/*.sh (each prints its own side-by-side table
# against the peer tools, measured in the same run). BENCH=name runs one.
set -u
cd "$(dirname "$0")/.."
status=0
for b in bench/*.sh; do
  name=$(basename "$b" .sh)
  [ "$name" = run ] && continue
  [ -n "${BENCH:-}" ] && [ "$BENCH" != "$name" ] && continue
  echo "=== bench: $name"
  sh "$b" || { echo "bench $name failed"; status=1; }
done
exit $status

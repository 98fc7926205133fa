#!/usr/bin/env bash
# Runs one test tier and fails when it fails or when it ran no test.
# Usage: scripts/tier.sh NAME COMMAND [ARGS...]
# Counts "N passed" from cargo / wasm-bindgen-test-runner ("test result: ok. N passed") and
# Playwright ("N passed") summaries.
set -uo pipefail
name=$1
shift
log=$(mktemp)
echo "==> tier: $name: $*"
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -aoE '([0-9]+) passed' "$log" | awk '{s += $1} END {print s + 0}')
rm -f "$log"
if [ "$status" -ne 0 ]; then
  echo "==> tier $name FAILED (exit $status)"
  exit "$status"
fi
if [ "$passed" -eq 0 ]; then
  echo "==> tier $name ran no test: failing"
  exit 1
fi
echo "==> tier $name: $passed passed"

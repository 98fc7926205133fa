#!/usr/bin/env bash
# Runs one test tier and fails when it fails, when it ran no test, or when a test binary named
# with --each ran none. The last line reports what passed and what was skipped.
# Usage: scripts/tier.sh NAME [--each BINARY]... COMMAND [ARGS...]
#
# Counts, from the command's output:
# - cargo test and wasm-bindgen-test-runner, per test binary: cargo names each before it runs
#   ("Running unittests src/lib.rs (target/debug/deps/yubei_core-…)", "Running
#   tests/ics_golden.rs (…)", "Doc-tests yubei_core"), which then sums up ("test result: ok.
#   N passed; F failed; I ignored; …"). A binary is named crate:path (yubei_core:src/lib.rs,
#   ics_golden:tests/ics_golden.rs): every crate of the workspace has a src/lib.rs. Ignored
#   tests are reported as skipped. --each BINARY must have run at least one test: a library's
#   unit tests vanishing
#   (a module left out of lib.rs, a cfg that compiles them away) fails the tier even though
#   the other binaries still pass;
# - Playwright's summary ("N passed", "N skipped") and tests/webkit/run.mjs's ("N passed,
#   M skipped, K failed (T s)").
set -uo pipefail
name=$1
shift
each=()
while [ "${1:-}" = --each ]; do
  each+=("$2")
  shift 2
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "==> tier: $name: $*"
start=$SECONDS
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
elapsed=$((SECONDS - start))

# One line per test binary ("binary passed ignored"), then "total passed skipped".
summary=$(awk '
  function add_bin(b) { if (!(b in seen)) { seen[b] = 1; order[++n] = b } }
  # cargo: "Running unittests src/lib.rs (target/…)", "Running tests/x.rs (target/…)"; not
  # "Running headless tests in Chrome …" (wasm-bindgen-test-runner) or "Running 58 tests …"
  # (Playwright).
  /^[[:space:]]*Running (unittests )?[^ ]+ \(/ {
    path = ($2 == "unittests") ? $3 : $2
    exe = $NF
    sub(/\)$/, "", exe); sub(/.*\//, "", exe); sub(/\.wasm$/, "", exe); sub(/-[0-9a-f]+$/, "", exe)
    bin = exe ":" path
    next
  }
  /^[[:space:]]*Doc-tests / { bin = "doc-tests:" $2; next }
  /test result: / {
    p = 0; i = 0
    if (match($0, /[0-9]+ passed/)) p = substr($0, RSTART, RLENGTH) + 0
    if (match($0, /[0-9]+ ignored/)) i = substr($0, RSTART, RLENGTH) + 0
    b = (bin == "") ? "(unnamed)" : bin
    add_bin(b)
    passed[b] += p; ignored[b] += i
    total += p; skipped += i
    bin = ""
    next
  }
  {
    if (match($0, /[0-9]+ passed/)) total += substr($0, RSTART, RLENGTH) + 0
    if (match($0, /[0-9]+ skipped/)) skipped += substr($0, RSTART, RLENGTH) + 0
  }
  END {
    for (k = 1; k <= n; k++) print order[k], passed[order[k]], ignored[order[k]]
    print "total", total + 0, skipped + 0
  }
' "$log")

read -r _ passed skipped < <(grep '^total ' <<<"$summary")
passed=${passed:-0}
skipped=${skipped:-0}
binaries=$(grep -v '^total ' <<<"$summary" || true)
detail=""
if [ -n "$binaries" ]; then
  with=$(awk '$2 > 0 { printf "%s%s %d", sep, $1, $2; sep = ", " }' <<<"$binaries")
  without=$(awk '$2 == 0 { printf "%s%s", sep, $1; sep = ", " }' <<<"$binaries")
  detail=" [${with}${without:+; none in ${without}}]"
fi
line="$passed passed, $skipped skipped in ${elapsed}s$detail"

if [ "$status" -ne 0 ]; then
  echo "==> tier $name FAILED (exit $status): $line"
  exit "$status"
fi
for b in "${each[@]}"; do
  n=$(awk -v b="$b" '$1 == b { print $2 }' <<<"$binaries")
  if [ -z "$n" ]; then
    echo "==> tier $name: no test binary $b ran: failing ($line)"
    exit 1
  fi
  if [ "$n" -eq 0 ]; then
    echo "==> tier $name: $b ran no test: failing ($line)"
    exit 1
  fi
done
if [ "$passed" -eq 0 ]; then
  echo "==> tier $name ran no test: failing"
  exit 1
fi
echo "==> tier $name: $line"

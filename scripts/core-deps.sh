#!/usr/bin/env bash
# Fails when the core crate (crates/core) depends, for the host or for the wasm, on anything
# of the web app's or the importer's: Leptos, web-sys, gloo or pinyin (make lint).
# Usage: scripts/core-deps.sh [PACKAGE] (yubei-core unless named; another shows the check bites).
set -euo pipefail
crate=${1:-yubei-core}
found=0
for target in host wasm32-unknown-unknown; do
  args=(-p "$crate" -e normal --prefix none)
  [ "$target" = host ] || args+=(--target "$target")
  tree=$(cargo tree "${args[@]}")
  bad=$(grep -E '^(leptos|web-sys|gloo|pinyin)' <<<"$tree" | sort -u || true)
  if [ -n "$bad" ]; then
    echo "$crate depends on what only the app or the importer may use ($target):" >&2
    echo "$bad" >&2
    found=1
  fi
done
[ "$found" -eq 0 ] && echo "$crate: no leptos, web-sys, gloo or pinyin (host, wasm)"
exit "$found"

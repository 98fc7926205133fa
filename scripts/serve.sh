#!/bin/sh
# Serves a build through Caddy with the committed Caddyfile, on http://127.0.0.1:PORT/.
# `make serve`, the end-to-end tests (tests/e2e/playwright.config.js, specs/caddy.js) and
# `make bench` (bench/lib.mjs) all start the server with this script. Caddy runs in the
# foreground in place of this shell (exec): stopping this process stops the server. The
# Content-Security-Policy header is read once, at start: restart the server after a rebuild
# (`make serve` does), or the new page's inline scripts are refused.
#
# Usage: scripts/serve.sh [DIST=dist] [PORT=8080]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dist=${1:-dist}
port=${2:-8080}
[ -d "$dist" ] || { echo "serve.sh: $dist is not a directory (make build writes dist/)" >&2; exit 1; }
dist=$(cd "$dist" && pwd)
# The header's value, written by the build (scripts/csp.mjs): it names this build's inline
# scripts by hash, so it changes with every build.
policy="$dist/.content-security-policy"
[ -s "$policy" ] || { echo "serve.sh: $policy is missing: build with make build (scripts/post-build.mjs writes it)" >&2; exit 1; }
command -v caddy >/dev/null 2>&1 || { echo "serve.sh: caddy is not installed (make setup-server installs Debian's caddy)" >&2; exit 1; }
SERVE_ROOT=$dist
SERVE_PORT=$port
SERVE_CSP=$(cat "$policy")
export SERVE_ROOT SERVE_PORT SERVE_CSP
# Caddy saves the config it runs (autosave.json) in its config dir: keep this server's out of
# the user's own Caddy directories.
XDG_CONFIG_HOME=${TMPDIR:-/tmp}/yubei-week-caddy
XDG_DATA_HOME=$XDG_CONFIG_HOME
export XDG_CONFIG_HOME XDG_DATA_HOME
echo "serving $dist on http://127.0.0.1:$port/ (Caddy $(caddy version | cut -d' ' -f1))"
exec caddy run --config "$root/Caddyfile" --adapter caddyfile

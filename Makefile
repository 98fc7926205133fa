# Two commands matter (see README): `make serve` and `make test`. Both install whatever is
# missing first, at pinned versions, and skip what is already there.
SHELL := /bin/bash
.DEFAULT_GOAL := serve

TRUNK_VERSION := 0.21.14
# The splitter that cuts the release wasm into the first load and chunks (scripts/split.mjs).
WASM_SPLIT_VERSION := 0.2.4
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, "", $$0); print}' Cargo.lock)
E2E := tests/e2e
WEBKIT := tests/webkit
PORT ?= 8080
# zbarimg (zbar-tools) and pdftoppm (poppler-utils) read the QR codes back from screenshots and
# printed pages (tests/e2e/specs/qr.spec.js): decoders independent of the app's encoder.
APT_PACKAGES := chromium chromium-driver fonts-wqy-microhei zbar-tools poppler-utils
# The web server that serves the build (Caddyfile): `make serve`, the end-to-end tests, `make bench`.
SERVER_PACKAGES := caddy
# WebKit for the WebKit tier: WebKitGTK's MiniBrowser and WebKitWebDriver, under a virtual X
# server (MiniBrowser has no headless mode).
WEBKIT_PACKAGES := webkit2gtk-driver xvfb xauth
# Test binaries of the host tier that must each run at least one test (scripts/tier.sh --each).
# Named crate:path, as scripts/tier.sh names them (each crate has its own src/lib.rs).
HOST_TEST_BINARIES := yubei_core:src/lib.rs yubei_app:src/lib.rs yubei_importer:src/lib.rs \
  synth:src/bin/synth.rs ics_golden:tests/ics_golden.rs importer_seed:tests/importer_seed.rs \
  loader_frees:tests/loader_frees.rs edition_cmd:tests/edition_cmd.rs
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# npm's binaryen (wasm-opt 132) first; cargo-installed tools next.
export PATH := $(CURDIR)/$(E2E)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER := /usr/bin/chromedriver

# A second release of the same tree (tests/e2e/specs/releases.spec.js: a new version published
# over an installed one): compiled with YUBEI_RELEASE=2, which crates/app/src/web.rs puts on the live page,
# so its wasm and JS, hence their hashed names, differ from dist/'s. Cargo recompiles the app
# crate for it (and again for the next `make build`): a few minutes on 2 cores.
RELEASE_2 := $(E2E)/.release-2

# A site of two editions (tests/e2e/specs/editions.spec.js): the test notice of a 2025 week
# (tests/editions/notice-2025.txt) added with `make edition`'s command to a copy of
# data/editions.json, and built: 2025 at the root, the committed 2024 week at 2024/.
EDITIONS_SITE := $(E2E)/.editions

.PHONY: serve test build release-2 editions-site edition setup setup-browser setup-server setup-webkit lint test-host test-wasm test-e2e test-webkit bench data clean

## Install (idempotent), build the release bundle, serve it through Caddy (Caddyfile) on
## http://127.0.0.1:$(PORT)
serve: setup setup-server build
	scripts/serve.sh dist $(PORT)

## Install (idempotent), then every test tier; fails if a tier fails or runs no test
test: setup setup-browser setup-server setup-webkit lint test-host test-wasm build test-e2e test-webkit

build: setup
	trunk build --release

release-2: setup
	YUBEI_RELEASE=2 trunk build --release --dist $(RELEASE_2)

editions-site: setup
	rm -rf $(EDITIONS_SITE) && mkdir -p $(EDITIONS_SITE)
	cp data/editions.json $(EDITIONS_SITE)/editions.json
	cargo run --release -q -p yubei-importer --bin edition -- tests/editions/notice-2025.txt --list $(EDITIONS_SITE)/editions.json
	EDITIONS=$(EDITIONS_SITE)/editions.json trunk build --release --dist $(EDITIONS_SITE)/dist

setup: $(E2E)/node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)' \
	  || cargo install trunk --version $(TRUNK_VERSION) --locked
	@# No --locked: wasm-bindgen-cli's own lock wants a crate version the registry lacks.
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@# The splitter has no --version: cargo's list of what it installed says which it is.
	@cargo install --list | grep -qx 'wasm_split_cli_support v$(WASM_SPLIT_VERSION):' \
	  || cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked
	@wasm-opt --version | grep -q 'version_132'

$(E2E)/node_modules/.installed: $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --no-audit --no-fund
	touch $@

# WebdriverIO for the WebKit tier, from its lockfile. --ignore-scripts: webdriverio's
# dependencies include edgedriver and geckodriver, whose install scripts download drivers this
# project never uses (the tier talks to Debian's WebKitWebDriver).
$(WEBKIT)/node_modules/.installed: $(WEBKIT)/package.json $(WEBKIT)/package-lock.json
	cd $(WEBKIT) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup-browser:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(APT_PACKAGES); }

# Debian's caddy (2.6.2 on bookworm). Its package also enables a system service on port 80
# with /etc/caddy/Caddyfile; this project never uses it: scripts/serve.sh runs its own.
setup-server:
	@dpkg -s $(SERVER_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(SERVER_PACKAGES); }

setup-webkit: $(WEBKIT)/node_modules/.installed
	@dpkg -s $(WEBKIT_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(WEBKIT_PACKAGES); }

# The page's scripts are checked as what they are: every scripts/*.js parses as a classic
# script (head.js and sw.template.js are), bootstrap.js also as the module it is inlined as.
lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	for f in scripts/*.js scripts/*.mjs; do node --check "$$f" || exit 1; done
	node --input-type=module --check < scripts/bootstrap.js
	node scripts/no-circles.mjs crates/core/src crates/app/src crates/importer/src
	scripts/core-deps.sh

test-host:
	scripts/tier.sh host $(addprefix --each ,$(HOST_TEST_BINARIES)) cargo test
	node --test tests/scripts/

test-wasm:
	scripts/tier.sh wasm --each wasm_storage:tests/wasm_storage.rs cargo test -p yubei-app --target wasm32-unknown-unknown --test wasm_storage

# Playwright serves dist/ through Caddy (scripts/serve.sh). The e2e tier also serves a
# synthetic week of 20,000 sessions (tests/e2e/specs/scale.spec.js) and, on one origin, dist/
# then a second release over it (release-2, tests/e2e/specs/releases.spec.js).
test-e2e: setup-server build release-2 editions-site
	@mkdir -p $(E2E)/.synth
	cargo run -q --bin synth -- data/yubei-2024.json 20000 $(E2E)/.synth/synth-20000.json
	cd $(E2E) && ../../scripts/tier.sh e2e npx playwright test

# The parent's path in WebKit (WebKitGTK's MiniBrowser, through WebKitWebDriver) on the same
# release build, served the same way (scripts/serve.sh); a screenshot of every step lands in
# tests/webkit/screenshots/.
test-webkit: setup-server setup-webkit build
	cd $(WEBKIT) && ../../scripts/tier.sh webkit node run.mjs

## Sizes, Lighthouse and search latency against the budgets: prints one table with PASS/FAIL
## per budget line and exits 0 either way (non-zero only when a measurement fails). Not part
## of `make test`. Lighthouse is installed into bench/ from its lockfile when missing.
BENCH := bench
BENCH_OUT := $(BENCH)/out
LIGHTHOUSE_VERSION := 12.2.3
BENCH_SIZES := 600 20000
bench: setup setup-server build
	@[ "$$(node -p 'require("./$(BENCH)/node_modules/lighthouse/package.json").version' 2>/dev/null)" = "$(LIGHTHOUSE_VERSION)" ] \
	  || (cd $(BENCH) && npm ci --no-audit --no-fund)
	cargo build --release --bin synth --bin bench_search
	@mkdir -p $(BENCH_OUT)
	cp data/yubei-2024.json $(BENCH_OUT)/yubei-2024.json
	@for n in $(BENCH_SIZES); do \
	  cargo run --release -q --bin synth -- data/yubei-2024.json $$n $(BENCH_OUT)/synth-$$n.json || exit 1; \
	done
	trunk build --release --config $(BENCH)/Trunk.toml
	BENCH_SIZES='$(BENCH_SIZES)' node $(BENCH)/run.mjs

## Add a year's notice as the site's newest edition (the next `make serve` serves it):
## make edition NOTICE=path/to/notice-2025.txt (see README: a new year's week)
edition:
	@[ -n "$(NOTICE)" ] || { echo 'usage: make edition NOTICE=path/to/notice.txt' >&2; exit 2; }
	cargo run --release -q -p yubei-importer --bin edition -- "$(NOTICE)"

## Re-import the notice into the dataset the app fetches
data:
	cargo run --release --bin import -- data/notice-2024.txt -o data/yubei-2024.json

clean:
	rm -rf dist target $(RELEASE_2) $(E2E)/node_modules $(WEBKIT)/node_modules $(WEBKIT)/screenshots

# The two commands of the README: `make run` and `make test`. Both install what is missing first.

SHELL := /bin/bash
# cargo-leptos finds wasm-opt and wasm-bindgen on PATH instead of downloading them.
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_SITE_ADDR ?= 127.0.0.1:3000

.PHONY: run test build site tools lint bench

# The server `make run` starts; a test points it at the test build's binary.
SERVER ?= ./target/release/kms-hsm-advisor

## Build the release site, then serve it on LEPTOS_SITE_ADDR with the built binary, so that its
## exit status is make's (cargo-leptos's serve exits 0 when the server refuses invalid rules).
## The binary reads the site settings from Cargo.toml and its asset hashes from beside itself.
run: build
	$(SERVER) serve

## Every test: domain unit tests, the rules corpus, router tests and browser end-to-end tests.
test: lint site
	./scripts/install-tools --test
	@# A hung test fails the run instead of using up the CI time.
	timeout 1800 cargo test --workspace --features ssr --all-targets

## The release server and site (WASM, JS, CSS): what `make run` serves and the image ships.
build: tools
	cargo leptos build --release

## The release site alone (WASM, JS, CSS and their hashes): what the browser tests load. They run
## the server of the test build, so the tests do not wait for a second, optimized server build.
site: tools
	cargo leptos build --release --frontend-only

lint: tools
	./scripts/install-tools --lint
	cargo fmt --check
	leptosfmt --check --quiet src
	cargo clippy --all-targets --features ssr -- -D warnings
	cargo clippy --all-targets --no-default-features --features hydrate -- -D warnings
	@# The core's own clippy.toml denies file, network, process, environment and clock calls.
	cargo clippy -p advisor-core --all-targets -- -D warnings
	@# The core alone builds for the browser's WASM, as the island uses it.
	cargo build -p advisor-core --target wasm32-unknown-unknown
	@# The core's Cargo.toml holds the line: none of these may enter its dependency tree.
	@if cargo tree -p advisor-core -e normal --prefix none | grep -Ew '^(leptos|leptos_[a-z_]+|axum|plotters|tokio|hyper|tower|tower-http)'; then \
		echo "the core depends on a framework, runtime or plotting crate"; exit 1; fi
	@# Charts are drawn on the server: plotters must never reach the browser's WASM.
	@if cargo tree --no-default-features --features hydrate --target wasm32-unknown-unknown -e normal | grep -q plotters; then \
		echo "plotters is in the WASM build"; exit 1; fi

bench: tools
	cargo bench --features ssr

tools:
	./scripts/install-tools

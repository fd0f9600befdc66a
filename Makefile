# The two commands of the README: `make run` and `make test`. Both install what is missing first.

SHELL := /bin/bash
# cargo-leptos finds wasm-opt and wasm-bindgen on PATH instead of downloading them.
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_SITE_ADDR ?= 127.0.0.1:3000

.PHONY: run test build tools lint bench

## Build the release site, then serve it on LEPTOS_SITE_ADDR with the built binary, so that its
## exit status is make's (cargo-leptos's serve exits 0 when the server refuses invalid rules).
## The binary reads the site settings from Cargo.toml and its asset hashes from beside itself.
run: build
	./target/release/kms-hsm-advisor serve

## Every test: domain unit tests, the rules corpus, router tests and browser end-to-end tests.
test: lint build
	./scripts/install-tools --test
	@# A hung test fails the run instead of using up the CI time.
	timeout 1800 cargo test --features ssr --all-targets

## The release server and site (WASM, JS, CSS): what the browser tests load and the image ships.
build: tools
	cargo leptos build --release

lint: tools
	./scripts/install-tools --lint
	cargo fmt --check
	leptosfmt --check --quiet src
	cargo clippy --all-targets --features ssr -- -D warnings
	cargo clippy --all-targets --no-default-features --features hydrate -- -D warnings
	@# Charts are drawn on the server: plotters must never reach the browser's WASM.
	@if cargo tree --no-default-features --features hydrate --target wasm32-unknown-unknown -e normal | grep -q plotters; then \
		echo "plotters is in the WASM build"; exit 1; fi

bench: tools
	cargo bench --features ssr

tools:
	./scripts/install-tools

# Coffer's two commands: `make run` and `make test`. Both install what is missing first.
# Everything else is here for people who want the pieces.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run test deps ui build lint fmt clean-demo package package-test bench-desktop

## Install what is missing, build, and open Coffer (browser mode when there is no display).
run: deps ui
	@scripts/run.sh

## Install what is missing and run every test: Rust, UI, browser end-to-end. Prints a summary.
test: deps ui
	@scripts/test.sh

## System packages (apt), the Rust toolchain check, and the UI's npm packages.
deps:
	@scripts/deps.sh

## Build the web UI into ui/dist (the Tauri app embeds it at compile time).
ui:
	@scripts/build-ui.sh

## Installers: the .deb and AppImage (Tauri bundler), then the .deb's install test in a fresh
## Debian root (debootstrap + chroot; needs root).
package: deps ui
	@scripts/package.sh
	@scripts/package-test.sh

## The install test alone, on the .deb that `make package` built.
package-test:
	@scripts/package-test.sh

## The desktop app's cold start and idle memory over a 1,000,000-transaction vault, and the
## bundle sizes (the release build from `make package`; same CARGO_TARGET_DIR).
bench-desktop:
	@scripts/desktop-bench.sh

build: deps ui
	$(CARGO) build --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

.PHONY: bench soak
## Coffer beside Actual Budget, hledger, ofxparse and ofxtools on the same 10k/100k/1M card data,
## plus sync, queries and unlock; figures and the growth plot into BENCHMARKS.md (under an hour;
## BENCH_SCALE=small for a quick run). Installs the peers into target/bench-peers.
bench:
	@scripts/bench/run.sh

## The reliability campaign: SIGKILL trials during sync and a 1M-row import, the sandbox fault
## matrix, fuzzing; results into BENCHMARKS.md (SOAK_PARTS=kill,faults,fuzz, SOAK_SCALE=small).
soak:
	@scripts/soak/run.sh

# Coffer's two commands: `make run` and `make test`. Both install what is missing first.
# Everything else is here for people who want the pieces.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run test deps ui build lint fmt clean-demo

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

build: deps ui
	$(CARGO) build --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

#!/usr/bin/env bash
# Browser end-to-end tests: Debian's Chromium (through playwright-core, no browser download)
# against `coffer serve` over a fresh passphrase vault synced from the sandbox bank (`coffer demo`),
# plus one imported card statement whose merchant is hostile HTML. Builds nothing: needs target/debug/coffer
# and ui/dist (`make build ui`). Prints node's TAP summary (`# pass N`, `# fail N`), which
# scripts/test.sh adds up; a setup failure prints `# fail 1` so it is counted, not lost.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

COFFER_BIN=${COFFER_BIN:-$root/target/debug/coffer}
UI_DIR=${COFFER_UI_DIR:-$root/ui/dist}
CHROMIUM=${COFFER_E2E_CHROMIUM:-/usr/bin/chromium}

fail_setup() {
  echo "e2e: $*" >&2
  echo "# fail 1"
  exit 1
}

[ -x "$COFFER_BIN" ] || fail_setup "$COFFER_BIN is missing; build it first: cargo build -p coffer-cli"
[ -f "$UI_DIR/index.html" ] || fail_setup "$UI_DIR/index.html is missing; build the UI first: make ui"
command -v node >/dev/null 2>&1 || fail_setup "node is missing; run scripts/deps.sh"
[ -x "$CHROMIUM" ] || fail_setup "$CHROMIUM is missing; install Debian's chromium (scripts/deps.sh)"
[ -d tests/e2e/node_modules/playwright-core ] || fail_setup "tests/e2e has no node_modules; run scripts/npm-install.sh tests/e2e"

work=$(mktemp -d "${TMPDIR:-/tmp}/coffer-e2e.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

vault="$work/vault.db"
# A throwaway vault for this run only; the passphrase reaches coffer through a named environment
# variable or stdin, never argv. COFFER_DEMO_PASSPHRASE makes `coffer demo` create a passphrase
# vault with it even where a keychain exists.
passphrase="e2e $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export COFFER_E2E_PASSPHRASE="$passphrase"
COFFER_DEMO_PASSPHRASE="$passphrase" "$COFFER_BIN" --vault "$vault" --passphrase-env COFFER_E2E_PASSPHRASE demo >"$work/demo.out" 2>&1 \
  || fail_setup "coffer demo failed: $(tail -n 5 "$work/demo.out")"
# A Barclaycard US statement (the preamble names the account) with a merchant that is HTML.
cat >"$work/hostile.csv" <<'CSV'
Barclays Bank Delaware
Account Number: XXXXXXXXXXXX0666
Account Balance as of October 30 2026:    $42.17

Transaction Date,Description,Category,Amount
10/28/2026,"<img src=x onerror=alert(1)>",DEBIT,42.17
CSV
"$COFFER_BIN" --vault "$vault" --passphrase-env COFFER_E2E_PASSPHRASE import "$work/hostile.csv" >"$work/import.out" 2>&1 \
  || fail_setup "coffer import failed: $(cat "$work/import.out")"

# The main server starts locked (no passphrase): the tests unlock it through the UI.
"$COFFER_BIN" --vault "$vault" serve --ui-dir "$UI_DIR" >"$work/serve.out" 2>"$work/serve.err" </dev/null &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(head -n 1 "$work/serve.out" 2>/dev/null)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || fail_setup "coffer serve printed no URL: $(cat "$work/serve.err")"

mkdir -p tests/e2e/artifacts
status=0
(
  cd tests/e2e
  COFFER_E2E_URL="$url" \
  COFFER_E2E_BIN="$COFFER_BIN" \
  COFFER_E2E_UI_DIR="$UI_DIR" \
  COFFER_E2E_VAULT="$vault" \
  COFFER_E2E_PASSPHRASE="$passphrase" \
  COFFER_E2E_CHROMIUM="$CHROMIUM" \
  COFFER_E2E_ARTIFACTS="$root/tests/e2e/artifacts" \
    node --test --test-reporter=tap --test-concurrency=1 tests/
) || status=$?
echo "e2e: screenshots in tests/e2e/artifacts/" >&2
exit "$status"

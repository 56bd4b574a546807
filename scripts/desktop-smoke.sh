#!/usr/bin/env bash
# Smoke test of the real desktop app in its real webview (Linux): tauri-driver + WebKitWebDriver
# under Xvfb drive target/debug/coffer-app (the UI is embedded at compile time; tauri.conf.json has
# no devUrl) over a fresh passphrase vault synced from the sandbox bank (`coffer demo`).
# tests/desktop/smoke.test.mjs unlocks it, checks the dashboard against the CLI and exports CSV.
# The app saves files through a native save dialog, which WebDriver cannot drive: COFFER_SAVE_DIR
# (the app's automation hook) makes it write them into $work/saved instead, without a dialog.
# Prints node's TAP summary (`# pass N`, `# fail N`) for scripts/test.sh; a setup failure prints
# `# fail 1`. Screenshots, a copy of the exported CSV and timings land in tests/desktop/artifacts/.
#   COFFER_APP_BIN / COFFER_BIN pick other binaries (the benchmark uses the release build).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

APP_BIN=${COFFER_APP_BIN:-$root/target/debug/coffer-app}
COFFER_BIN=${COFFER_BIN:-$root/target/debug/coffer}
VAULT=${COFFER_DESKTOP_VAULT:-}          # an existing vault to open instead of a fresh demo one
ARTIFACTS=${COFFER_DESKTOP_ARTIFACTS:-$root/tests/desktop/artifacts}
TAURI_DRIVER_VERSION=2.1.0

fail_setup() {
  echo "desktop-smoke: $*" >&2
  echo "# fail 1"
  exit 1
}

[ "$(uname -s)" = "Linux" ] || { echo "desktop-smoke: WebKitWebDriver exists on Linux only; skipped" >&2; echo "# skipped 1"; exit 0; }
[ -x "$APP_BIN" ] || fail_setup "$APP_BIN is missing; build it first: make ui && cargo build -p coffer-app"
[ -x "$COFFER_BIN" ] || fail_setup "$COFFER_BIN is missing; build it first: cargo build -p coffer-cli"
command -v WebKitWebDriver >/dev/null || fail_setup "WebKitWebDriver is missing; run scripts/deps.sh (Debian package webkit2gtk-driver)"
command -v Xvfb >/dev/null || fail_setup "Xvfb is missing; run scripts/deps.sh"
if ! command -v tauri-driver >/dev/null; then
  echo "desktop-smoke: installing tauri-driver $TAURI_DRIVER_VERSION (cargo install, once)" >&2
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION" >&2 2>/dev/null \
    || fail_setup "cargo install tauri-driver failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/coffer-desktop.XXXXXX")
pids=()
descendants() { local child; for child in $(ps -o pid= --ppid "$1"); do descendants "$child"; echo "$child"; done; }
cleanup() {
  # The app and WebKit's processes are tauri-driver's descendants; end them too if still running.
  for pid in "${pids[@]}"; do kill -TERM $(descendants "$pid") 2>/dev/null; done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# A private profile: config, data, cache and the downloads folder (XDG user dirs) all under $work,
# so nothing of the developer's desktop is read or written and every run is a cold start.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
downloads="$work/downloads"
saved="$work/saved"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$downloads" "$saved"
printf 'XDG_DOWNLOAD_DIR="%s"\n' "$downloads" >"$XDG_CONFIG_HOME/user-dirs.dirs"

passphrase="desktop $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
if [ -z "$VAULT" ]; then
  VAULT="$work/vault.db"
  COFFER_DEMO_PASSPHRASE="$passphrase" "$COFFER_BIN" --vault "$VAULT" demo >"$work/demo.out" 2>&1 \
    || fail_setup "coffer demo failed: $(tail -n 5 "$work/demo.out")"
else
  passphrase=${COFFER_DESKTOP_PASSPHRASE:?COFFER_DESKTOP_PASSPHRASE names the passphrase of COFFER_DESKTOP_VAULT}
fi

# A virtual X display of our own; -displayfd picks a free display number.
exec 5>"$work/display"
Xvfb -displayfd 5 -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
exec 5>&-
for _ in $(seq 1 100); do [ -s "$work/display" ] && break; sleep 0.05; done
[ -s "$work/display" ] || fail_setup "Xvfb did not start: $(cat "$work/xvfb.log")"
export DISPLAY=":$(head -n1 "$work/display")"
unset WAYLAND_DISPLAY

# Free loopback ports for tauri-driver and WebKitWebDriver.
read -r port native_port < <(node -e '
  const net = require("node:net");
  const free = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });
  Promise.all([free(), free()]).then(([a, b]) => console.log(a, b));')

# The app reads its vault from COFFER_VAULT and where to save files from COFFER_SAVE_DIR;
# WebKitWebDriver passes our environment on to it.
COFFER_VAULT="$VAULT" COFFER_SAVE_DIR="$saved" tauri-driver --port "$port" --native-port "$native_port" >"$work/driver.out" 2>"$work/driver.err" &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/status" >/dev/null 2>&1 || fail_setup "tauri-driver did not answer: $(cat "$work/driver.err")"

mkdir -p "$ARTIFACTS"
status=0
(
  cd tests/desktop
  COFFER_DESKTOP_DRIVER="http://127.0.0.1:$port" \
  COFFER_DESKTOP_APP="$APP_BIN" \
  COFFER_DESKTOP_BIN="$COFFER_BIN" \
  COFFER_DESKTOP_VAULT="$VAULT" \
  COFFER_DESKTOP_PASSPHRASE="$passphrase" \
  COFFER_DESKTOP_DOWNLOADS="$downloads" \
  COFFER_DESKTOP_SAVED="$saved" \
  COFFER_DESKTOP_ARTIFACTS="$ARTIFACTS" \
    node --test --test-reporter=tap --test-concurrency=1 smoke.test.mjs
) || status=$?
[ "$status" -ne 0 ] && sed -n '1,40p' "$work/driver.err" >&2
echo "desktop-smoke: screenshots and timings in ${ARTIFACTS#"$root/"}/" >&2
exit "$status"

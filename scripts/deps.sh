#!/usr/bin/env bash
# Installs whatever Coffer needs that this machine lacks: Debian/Ubuntu packages through apt
# (the WebKitGTK stack Tauri builds against, a real Secret Service for keychain tests, Xvfb and
# Chromium for UI tests), checks Rust and Node, and installs the UI's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'deps: %s\n' "$*"; }

APT_PACKAGES=(
  build-essential pkg-config file curl
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev libjavascriptcoregtk-4.1-dev
  gnome-keyring dbus dbus-x11 libsecret-tools
  xvfb xauth chromium chromium-driver webkit2gtk-driver
  sqlite3
)

if [ "$(uname -s)" = "Linux" ] && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
elif [ "$(uname -s)" = "Darwin" ]; then
  command -v xcode-select >/dev/null && xcode-select -p >/dev/null 2>&1 || {
    say "install the Xcode command line tools first: xcode-select --install"; exit 1; }
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    say "installing the Rust toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    say "installing Node.js and npm"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    brew install node
  fi
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node.js $(node --version) is too old for the UI build (needs 20.19 or newer); install a current Node.js"
  exit 1
fi

scripts/npm-install.sh ui
[ -f tests/e2e/package-lock.json ] && scripts/npm-install.sh tests/e2e
exit 0

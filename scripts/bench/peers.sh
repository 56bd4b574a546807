#!/usr/bin/env bash
# Installs the peers `make bench` measures Coffer against, into a cache directory (never by
# `make test`): hledger (Debian package), Actual Budget's `@actual-app/api` (npm) and the Python
# OFX parsers ofxparse and ofxtools (PyPI, in a venv). A peer that cannot be installed is left out
# of the run and the report says so.
#   scripts/bench/peers.sh CACHE_DIR
set -uo pipefail
cache=${1:?cache dir}
mkdir -p "$cache"

if ! command -v hledger >/dev/null; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  { $sudo_cmd apt-get install -y hledger || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y hledger; }; } \
    >"$cache/hledger-install.log" 2>&1 || echo "peers: hledger could not be installed (see $cache/hledger-install.log)"
fi

if [ ! -f "$cache/actual/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
  mkdir -p "$cache/actual"
  [ -f "$cache/actual/package.json" ] || echo '{"private":true}' >"$cache/actual/package.json"
  (cd "$cache/actual" && npm install --no-audit --no-fund @actual-app/api@26.9.0) \
    >"$cache/actual-install.log" 2>&1 || echo "peers: @actual-app/api could not be installed (see $cache/actual-install.log)"
fi

if [ ! -x "$cache/venv/bin/python" ] || ! "$cache/venv/bin/python" -c 'import ofxparse, ofxtools' 2>/dev/null; then
  { python3 -m venv "$cache/venv" && "$cache/venv/bin/pip" install -q ofxparse ofxtools; } \
    >"$cache/pip-install.log" 2>&1 || echo "peers: ofxparse/ofxtools could not be installed (see $cache/pip-install.log)"
fi
exit 0

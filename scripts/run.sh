#!/usr/bin/env bash
# Builds Coffer, creates (or refreshes) the demo vault from the sandbox bank, and opens it: the
# desktop window when there is a display, otherwise the UI served to a browser on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

echo "run: building Coffer (the first build takes several minutes)"
cargo build -p coffer-cli -p coffer-app

data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/coffer"
[ "$(uname -s)" = "Darwin" ] && data_dir="$HOME/Library/Application Support/coffer"
demo_vault="${COFFER_DEMO_VAULT:-$data_dir/demo.db}"
export COFFER_DEMO_PASSPHRASE=coffer-demo   # the documented passphrase of the synthetic demo vault

echo "run: syncing the demo vault at $demo_vault from the sandbox bank"
key_source=$(target/debug/coffer --vault "$demo_vault" --json demo | sed -n 's/.*"key_source": *"\([a-z]*\)".*/\1/p' | head -n1)

unlock_args=()
[ "$key_source" = "passphrase" ] && unlock_args=(--passphrase-env COFFER_DEMO_PASSPHRASE)

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname -s)" = "Darwin" ]; then
  echo "run: opening the Coffer window"
  COFFER_VAULT="$demo_vault" COFFER_DEMO=1 exec target/debug/coffer-app
fi

echo "run: no display here (DISPLAY and WAYLAND_DISPLAY are unset), so Coffer is served to your browser instead."
echo "run: open the address on the next line in a browser on this machine; Ctrl+C stops it."
COFFER_DEMO=1 exec target/debug/coffer --vault "$demo_vault" ${unlock_args[@]+"${unlock_args[@]}"} serve

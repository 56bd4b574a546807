#!/usr/bin/env bash
# `npm ci` in a folder, only when its package-lock.json changed since the last install.
set -euo pipefail
dir="$1"
stamp="$dir/node_modules/.coffer-lock-stamp"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "deps: npm ci in $dir"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"

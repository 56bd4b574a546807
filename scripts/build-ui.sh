#!/usr/bin/env bash
# Builds the web UI into ui/dist, skipping the build when no UI source changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/../ui"
stamp=dist/.coffer-source-stamp
want=$(find src index.html package-lock.json tsconfig.json vite.config.ts -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "ui: building ui/dist"
npm run --silent build
echo "$want" > "$stamp"

#!/usr/bin/env bash
# Builds Coffer's installers with the Tauri bundler (the CLI pinned in packaging/package.json):
# the .deb, then the AppImage. The UI must be built first (`make ui`); the release build embeds
# ui/dist. Prints where each bundle landed and its size.
#   scripts/package.sh            both bundles (an AppImage failure is reported, not fatal)
#   CARGO_TARGET_DIR=...          builds there (bundles under $CARGO_TARGET_DIR/release/bundle/)
# The AppImage bundler downloads linuxdeploy and its GTK plugin from GitHub on first use (cached
# in ~/.cache/tauri); where GitHub is unreachable only the .deb is built.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'package: %s\n' "$*"; }
target=${CARGO_TARGET_DIR:-target}
bundle_dir="$target/release/bundle"

[ -f ui/dist/index.html ] || { say "ui/dist is missing; run make ui first"; exit 1; }
command -v dpkg-deb >/dev/null || { say "dpkg-deb is missing (Debian/Ubuntu builds .deb packages)"; exit 1; }
# `npm install`, not `npm ci`: the lock file records only the CLI's binary for the platform it was
# made on (the registry mirror here serves no other), and npm adds this platform's binary.
(cd packaging && npm install --no-audit --no-fund --loglevel=error)
tauri=packaging/node_modules/.bin/tauri

say "building the release app and the .deb with $("$tauri" --version)"
rm -rf "$bundle_dir/deb"
"$tauri" build --ci --bundles deb
deb=$(ls "$bundle_dir"/deb/*.deb)

appimage=""
say "building the AppImage"
rm -rf "$bundle_dir/appimage"
# `tauri bundle` packs the binary `tauri build` just made, without building it again.
if "$tauri" bundle --ci --bundles appimage >"$target/appimage-build.log" 2>&1; then
  appimage=$(ls "$bundle_dir"/appimage/*.AppImage)
else
  say "the AppImage was not built (the bundler's last lines follow; full log: $target/appimage-build.log)"
  tail -n 5 "$target/appimage-build.log" | sed 's/^/package:   /'
fi

for file in "$deb" $appimage; do
  say "$(du -h "$file" | cut -f1) ($(stat -c %s "$file") bytes)  $file"
done

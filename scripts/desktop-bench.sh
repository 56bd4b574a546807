#!/usr/bin/env bash
# Benchmark of the desktop app (release build, the one `make package` bundles) in its real
# webview under Xvfb, over a vault of ~1,200,000 card transactions synced from the sandbox bank:
#  - cold start: process start → lock screen, and unlock (passphrase, SQLCipher's KDF) → dashboard
#    rows on screen, measured by tests/desktop/smoke.test.mjs polling over WebDriver, RUNS times,
#    each with a fresh WebKit profile;
#  - idle memory: RSS and PSS summed over the app and every process it started (WebKitWebProcess,
#    WebKitNetworkProcess, …) after IDLE seconds on the dashboard;
#  - the sizes of the bundles `make package` built.
#   CARGO_TARGET_DIR=/work/target-bench scripts/desktop-bench.sh [RUNS] [IDLE]   (defaults 5, 30)
# The vault is made once and kept as $CARGO_TARGET_DIR/desktop-bench/vault-1m.db (passphrase "bench").
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
runs=${1:-5}
idle=${2:-30}
target=$(realpath "${CARGO_TARGET_DIR:-target}")
app="$target/release/coffer-app"
bin=${COFFER_BIN:-$target/release/coffer}   # the CLI only makes and reads the vault; not timed
bench="$target/desktop-bench"
vault="$bench/vault-1m.db"
mkdir -p "$bench"

[ -x "$app" ] || { echo "desktop-bench: $app is missing; build it with make package (same CARGO_TARGET_DIR)"; exit 1; }
[ -n "${COFFER_BIN:-}" ] || cargo build --release -p coffer-cli >/dev/null

if [ ! -f "$vault" ]; then
  echo "desktop-bench: syncing a ~1.2M-transaction vault from the sandbox bank (once)" >&2
  knobs=(--cards 10 --savings 1 --cds 3 --months 24 --tx-per-month 4200)
  "$bin" sandbox serve "${knobs[@]}" >"$bench/sandbox.url" &
  sandbox=$!
  trap 'kill $sandbox 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s "$bench/sandbox.url" ] && break; sleep 0.1; done
  api="$(head -n1 "$bench/sandbox.url")/api/v1/barclays-us"
  rm -f "$vault.partial"*
  echo bench | "$bin" --vault "$vault.partial" --passphrase-stdin init >/dev/null
  printf 'bench\ndemo\ndemo\n123456\n' | "$bin" --vault "$vault.partial" --passphrase-stdin link issuer --url "$api" >/dev/null
  echo bench | "$bin" --vault "$vault.partial" --passphrase-stdin sync >/dev/null 2>&1
  kill "$sandbox"; wait "$sandbox" 2>/dev/null || true
  trap - EXIT
  mv "$vault.partial" "$vault"
fi
transactions=$(echo bench | "$bin" --vault "$vault" --passphrase-stdin --json status | sed -n 's/.*"transactions": \([0-9]*\).*/\1/p')
echo "desktop-bench: vault with $transactions transactions; $runs cold starts, then $idle s idle" >&2

results="$bench/runs"
rm -rf "$results"
for i in $(seq 1 "$runs"); do
  idle_seconds=0
  [ "$i" -eq "$runs" ] && idle_seconds=$idle   # the last run also measures idle memory
  COFFER_APP_BIN="$app" COFFER_BIN="$bin" COFFER_DESKTOP_VAULT="$vault" COFFER_DESKTOP_PASSPHRASE=bench \
  COFFER_DESKTOP_IDLE_SECONDS=$idle_seconds COFFER_DESKTOP_TIMEOUT_MS=600000 COFFER_DESKTOP_ARTIFACTS="$results/$i" \
    scripts/desktop-smoke.sh >"$bench/run-$i.log" 2>&1 || { echo "desktop-bench: run $i failed:"; grep -E '^(not ok|  *error)' "$bench/run-$i.log"; exit 1; }
done

node - "$results" "$runs" "$transactions" <<'JS'
const fs = require("node:fs");
const [dir, runs, transactions] = process.argv.slice(2);
const all = Array.from({ length: Number(runs) }, (_, i) => JSON.parse(fs.readFileSync(`${dir}/${i + 1}/desktop-timings.json`, "utf8")));
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
  return `median ${median} ms (min ${sorted[0]}, max ${sorted[sorted.length - 1]}, ${sorted.length} runs)`;
};
console.log(`vault: ${Number(transactions).toLocaleString("en-US")} transactions`);
console.log(`process start → lock screen shown:        ${stats(all.map((t) => t.start_to_lock_screen_ms))}`);
console.log(`unlock click → dashboard rows shown:      ${stats(all.map((t) => t.unlock_to_dashboard_data_ms))}`);
console.log(`cold start to dashboard (the two summed): ${stats(all.map((t) => t.start_to_lock_screen_ms + t.unlock_to_dashboard_data_ms))}`);
const memory = all[all.length - 1].idle_memory;
const mib = (kib) => (kib / 1024).toFixed(1);
console.log(`idle memory after ${all[all.length - 1].idle_seconds} s: PSS ${mib(memory.pssKiB)} MiB, RSS ${mib(memory.rssKiB)} MiB over ${memory.processes.length} processes`);
for (const p of memory.processes) console.log(`  ${p.name.padEnd(16)} PSS ${mib(p.pssKiB).padStart(7)} MiB  RSS ${mib(p.rssKiB).padStart(7)} MiB`);
JS

for file in "$target"/release/bundle/deb/*.deb "$target"/release/bundle/appimage/*.AppImage; do
  if [ -f "$file" ]; then echo "bundle: $(basename "$file") $(stat -c %s "$file") bytes ($(du -h "$file" | cut -f1))"; fi
done
echo "binary: coffer-app $(stat -c %s "$app") bytes"

#!/usr/bin/env bash
# Benchmark: a full sync of ~1,000,000 card transactions (plus every other kind of data) from the
# sandbox bank over loopback HTTP into an encrypted vault, with the release build.
#   scripts/bench-sync.sh [TX_PER_MONTH]     (default 4200: 10 cards × 24 months ≈ 1.0M rows)
# Prints rows, seconds and rows/s; BENCHMARKS.md records the latest run.
set -euo pipefail
cd "$(dirname "$0")/.."
per_month=${1:-4200}
target=${CARGO_TARGET_DIR:-target}
# COFFER_BIN times another build of `coffer` (e.g. a baseline) instead of building this tree.
if [ -z "${COFFER_BIN:-}" ]; then
  cargo build --release -p coffer-cli >/dev/null
fi
bin=${COFFER_BIN:-$target/release/coffer}
work=$(mktemp -d)
trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$work"' EXIT
knobs=(--cards 10 --savings 1 --cds 3 --months 24 --tx-per-month "$per_month")
"$bin" sandbox serve "${knobs[@]}" > "$work/url" &
sandbox_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
api="$(head -n1 "$work/url")/api/v1/barclays-us"
vault=(--vault "$work/v.db" --passphrase-stdin)
echo bench | "$bin" "${vault[@]}" init >/dev/null
printf 'bench\ndemo\ndemo\n123456\n' | "$bin" "${vault[@]}" link issuer --url "$api" >/dev/null
start=$(date +%s.%N)
echo bench | /usr/bin/time -f "coffer sync: %e s wall, %U s user, %S s sys, %M KB max RSS" \
  "$bin" "${vault[@]}" sync 2>"$work/sync.err" >/dev/null
end=$(date +%s.%N)
grep '^coffer sync:' "$work/sync.err" || true
# The sandbox's own CPU time (generating and serving every page), from /proc.
awk '{ printf "sandbox CPU so far: %.1f s\n", ($14 + $15) / 100 }' "/proc/$sandbox_pid/stat" || true
rows=$(echo bench | "$bin" "${vault[@]}" --json status | sed -n 's/.*"transactions": \([0-9]*\).*/\1/p')
awk -v rows="$rows" -v start="$start" -v end="$end" 'BEGIN {
  secs = end - start
  printf "sync: %d transactions (plus the other kinds) in %.1f s = %.0f transactions/s\n", rows, secs, rows / secs }' 
echo bench | "$bin" "${vault[@]}" --json status | grep -E '"(transactions|statements|reward_events|balance_snapshots|integrity)"'

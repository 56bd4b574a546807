#!/usr/bin/env bash
# Benchmark: importing the same ~1,000,000-transaction card download as OFX 1.x, OFX 2.x and CSV
# into an encrypted vault (release build), then re-importing it (nothing changes).
#   scripts/bench-import.sh [TX_PER_MONTH]    (default 42000: 1 card × 24 months ≈ 1.0M rows)
set -euo pipefail
cd "$(dirname "$0")/.."
per_month=${1:-42000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -p coffer-cli >/dev/null
bin="$target/release/coffer"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
knobs=(--cards 1 --savings 0 --cds 0 --months 24 --tx-per-month "$per_month")
card=$("$bin" --json sandbox truth "${knobs[@]}" | grep -o '"cc_[0-9]*"' | head -n1 | tr -d '"')
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
for format in ofx1 ofx2 csv-short; do
  file="$work/statement.$format"
  "$bin" sandbox file "${knobs[@]}" --account "$card" --format "$format" --out "$file" >/dev/null
  rows=$(ls -l "$file" | awk '{print $5}')
  vault=(--vault "$work/$format.db" --passphrase-stdin)
  echo bench | "$bin" "${vault[@]}" init >/dev/null
  t0=$(now); out=$(echo bench | "$bin" "${vault[@]}" --json import "$file"); t1=$(now)
  added=$(echo "$out" | sed -n 's/.*"added": \([0-9]*\).*/\1/p')
  t2=$(now); echo bench | "$bin" "${vault[@]}" --json import "$file" >/dev/null; t3=$(now)
  first=$(elapsed "$t0" "$t1"); again=$(elapsed "$t2" "$t3")
  awk -v f="$format" -v n="$added" -v s="$first" -v r="$again" -v bytes="$rows" 'BEGIN {
    printf "import %-9s %8d rows (%4.0f MB): %6.2f s = %7.0f rows/s; re-import %6.2f s\n", f, n, bytes / 1e6, s, n / s, r }'
done

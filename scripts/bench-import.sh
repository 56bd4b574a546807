#!/usr/bin/env bash
# Benchmark: importing the same ~1,000,000-transaction card download as OFX 1.x, OFX 2.x and CSV
# into an encrypted vault (release build), then re-importing it (nothing changes); then the bare
# storage ceiling of the same rows (benches/storage_ceiling.rs), so the ratio is taken in one run.
#   scripts/bench-import.sh [TX_PER_MONTH]    (default 42000: 1 card × 24 months ≈ 1.0M rows)
# Environment: RUNS (default 3) imports per format, median reported; COFFER_BIN to time another
# build of `coffer` (e.g. a baseline); FORMATS (default "ofx1 ofx2 csv-short"); CEILING=0 skips
# the ceiling.
set -euo pipefail
cd "$(dirname "$0")/.."
per_month=${1:-42000}
runs=${RUNS:-3}
target=${CARGO_TARGET_DIR:-target}
if [ -z "${COFFER_BIN:-}" ]; then
  cargo build --release -p coffer-cli >/dev/null
fi
bin=${COFFER_BIN:-$target/release/coffer}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
knobs=(--cards 1 --savings 0 --cds 0 --months 24 --tx-per-month "$per_month")
card=$("$bin" --json sandbox truth "${knobs[@]}" | grep -o '"cc_[0-9]*"' | head -n1 | tr -d '"')
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for format in ${FORMATS:-ofx1 ofx2 csv-short}; do
  file="$work/statement.$format"
  "$bin" sandbox file "${knobs[@]}" --account "$card" --format "$format" --out "$file" >/dev/null
  bytes=$(wc -c < "$file")
  firsts="" agains="" cpus1="" cpus2="" added=0
  for run in $(seq "$runs"); do
    vault=(--vault "$work/$format-$run.db" --passphrase-stdin)
    echo bench | "$bin" "${vault[@]}" init >/dev/null
    t0=$(now)
    out=$(echo bench | /usr/bin/time -f "%U %S" -o "$work/cpu1" "$bin" "${vault[@]}" --json import "$file")
    t1=$(now)
    added=$(echo "$out" | sed -n 's/.*"added": \([0-9]*\).*/\1/p')
    t2=$(now)
    echo bench | /usr/bin/time -f "%U %S" -o "$work/cpu2" "$bin" "${vault[@]}" --json import "$file" >/dev/null
    t3=$(now)
    first=$(elapsed "$t0" "$t1"); again=$(elapsed "$t2" "$t3")
    cpu1=$(awk '{ printf "%.2f", $1 + $2 }' "$work/cpu1"); cpu2=$(awk '{ printf "%.2f", $1 + $2 }' "$work/cpu2")
    echo "import $format run $run: $added rows in $first s (CPU $cpu1 s); re-import $again s (CPU $cpu2 s)"
    firsts="$firsts $first" agains="$agains $again" cpus1="$cpus1 $cpu1" cpus2="$cpus2 $cpu2"
    rm -f "$work/$format-$run.db"*
  done
  m1=$(echo "$firsts" | median); m2=$(echo "$agains" | median)
  c1=$(echo "$cpus1" | median); c2=$(echo "$cpus2" | median)
  echo "import $format CPU (user+sys) median: first $c1 s, re-import $c2 s"
  awk -v f="$format" -v n="$added" -v s="$m1" -v r="$m2" -v b="$bytes" -v all="$firsts" -v k="$runs" 'BEGIN {
    printf "import %-9s %8d rows (%4.0f MB): median %6.2f s = %7.0f rows/s (runs:%s); re-import median %6.2f s (%d runs)\n",
      f, n, b / 1e6, s, n / s, all, r, k }'
  if [ "$format" = ofx1 ] && [ "${CEILING:-1}" != 0 ]; then
    COFFER_CEILING_FILE="$file" COFFER_CEILING_RUNS="$runs" \
      cargo bench -q -p coffer-core --bench storage_ceiling 2>/dev/null | grep median
  fi
done

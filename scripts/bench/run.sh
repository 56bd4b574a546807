#!/usr/bin/env bash
# `make bench`: Coffer side by side with the tools people use today, on the same generated card
# data, then Coffer's own sync / analytics / unlock benchmarks, and the figures written into
# BENCHMARKS.md (between `<!-- bench:begin -->` and `<!-- bench:end -->`) with a growth plot
# (docs/bench-growth.svg).
#
#   make bench                      # 10k, 100k and 1M transactions (under an hour on 2 cores)
#   BENCH_SCALE=small make bench    # 10k only, a few minutes
# Knobs: BENCH_RUNS (runs per measurement, default 3), BENCH_RUNS_1M (Coffer's runs at 1M, default
# 2; the peers run once there), BENCH_TIMEOUT (seconds before a run is stopped, default 600),
# BENCH_ACTUAL_RUNS (default 1: its re-import alone takes minutes at 10k) and BENCH_ACTUAL_MAX
# (largest size given to Actual Budget, default 20000: the 10k file only), BENCH_OFXPARSE_MAX (default 20000: ofxparse is quadratic, over 10 minutes at 100k),
# BENCH_NO_WRITE=1 (print the report, leave BENCHMARKS.md alone), COFFER_BIN (use this coffer
# binary instead of building one), BENCH_ONLY_IMPORT=1 (skip sync, analytics and unlock),
# BENCH_SIZES (purchases a month per size, default "420 4200 42000"), BENCH_PEER_MAX (largest row
# count the peers get), BENCH_CARGO_TIMEOUT (seconds for each `cargo bench`, default 1200).
# CARGO_TARGET_DIR picks the release build's directory (default target).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

# Coffer's default vault key lives in the OS keychain: run inside a private D-Bus session with an
# unlocked gnome-keyring (as `make test` does) so imports use it, and the unlock bench can too.
if [ -z "${COFFER_BENCH_IN_DBUS:-}" ] && command -v dbus-run-session >/dev/null \
  && command -v gnome-keyring-daemon >/dev/null; then
  export COFFER_BENCH_IN_DBUS=1
  exec dbus-run-session -- bash -c '
    export XDG_DATA_HOME=$(mktemp -d)
    echo -n coffer-bench-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    exec "$0" "$@"' "$0" "$@"
fi

scale=${BENCH_SCALE:-full}
runs=${BENCH_RUNS:-3}
runs_1m=${BENCH_RUNS_1M:-2}
limit=${BENCH_TIMEOUT:-600}
actual_runs=${BENCH_ACTUAL_RUNS:-1}
actual_max=${BENCH_ACTUAL_MAX:-20000}
ofxparse_max=${BENCH_OFXPARSE_MAX:-20000}
case "$scale" in
  small) sizes=(420) ;;
  full) sizes=(420 4200 42000) ;;
  *) echo "BENCH_SCALE is small or full" >&2; exit 2 ;;
esac
[ -n "${BENCH_SIZES:-}" ] && read -r -a sizes <<<"$BENCH_SIZES"
peer_max=${BENCH_PEER_MAX:-100000000}
cargo_limit=${BENCH_CARGO_TIMEOUT:-1200}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
export ACTUAL_API_DIR=$root/target/bench-peers/actual
out=$root/target/bench
cache=$root/target/bench-peers
mkdir -p "$out" "$cache"
results=$out/results.tsv
notes=$out/notes.txt
: >"$results"
: >"$notes"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
t_start=$(date +%s)

if [ -n "${COFFER_BIN:-}" ]; then
  bin=$COFFER_BIN   # a binary built beforehand (e.g. while the tree is mid-edit)
else
  echo "==> release build of coffer"
  cargo build --release -p coffer-cli >/dev/null
  bin=$CARGO_TARGET_DIR/release/coffer
fi
# The key the way a user gets it (the OS keychain, no KDF); a passphrase where there is none.
key=()
probe=$out/probe.db
rm -f "$probe"
if ! "$bin" --vault "$probe" init </dev/null >/dev/null 2>&1; then
  key=(--passphrase-env COFFER_BENCH_PASSPHRASE)
  export COFFER_BENCH_PASSPHRASE=bench
  echo "No keychain here: Coffer's vaults use a passphrase (its KDF is paid on every open)." >>"$notes"
fi
rm -f "$probe"

echo "==> peers (installed into $cache)"
scripts/bench/peers.sh "$cache"
have_hledger=$(command -v hledger >/dev/null && echo 1 || echo 0)
have_actual=$([ -f "$cache/actual/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ] && echo 1 || echo 0)
have_py=$("$cache/venv/bin/python" -c 'import ofxparse, ofxtools' 2>/dev/null && echo 1 || echo 0)
{
  if [ -n "${COFFER_BIN:-}" ]; then
    echo "coffer $("$bin" --version | awk '{print $2}') (a binary built $(date -u -r "$bin" +%FT%TZ), given as COFFER_BIN)"
  else
    echo "coffer $("$bin" --version | awk '{print $2}') (git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo '+uncommitted'))"
  fi
  [ "$have_hledger" = 1 ] && echo "hledger $(hledger --version | awk '{print $2}' | tr -d ,)"
  [ "$have_actual" = 1 ] && echo "@actual-app/api $(node -p "require('$cache/actual/node_modules/@actual-app/api/package.json').version") on node $(node --version)"
  [ "$have_py" = 1 ] && "$cache/venv/bin/python" -c 'import importlib.metadata as m; print("ofxparse", m.version("ofxparse")); print("ofxtools", m.version("ofxtools"))'
} >"$out/versions.txt"
cat "$out/versions.txt"

# One measured command: wall, user+sys CPU and peak RSS from GNU time; "timeout" or "failed" as
# the status when it did not finish. Appends a row to results.tsv.
#   measure ROWS TOOL OP -- COMMAND...
measure() {
  local rows=$1 tool=$2 op=$3
  shift 4
  local tf=$out/time.txt status=ok
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" timeout "$limit" "$@" >"$out/last.out" 2>"$out/last.err"; then
    status=failed
    grep -q 'status 124' "$tf" && status=timeout
    tail -n 3 "$out/last.err" | sed "s/^/  [$tool $op] /" >&2
  fi
  local line
  line=$(tail -n 1 "$tf")
  read -r wall user sys rss <<<"$line"
  [ "$status" = timeout ] && wall=$limit
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$tool" "$op" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$rss" "$status" >>"$results"
  printf '  %-9s %-13s %8s rows %8.2f s  (%s)\n' "$tool" "$op" "$rows" "$wall" "$status"
}

for per_month in "${sizes[@]}"; do
  knobs=(--cards 1 --savings 0 --cds 0 --months 24 --tx-per-month "$per_month")
  data=$out/data/$per_month
  mkdir -p "$data"
  card=$("$bin" --json sandbox truth "${knobs[@]}" | grep -o '"cc_[0-9]*"' | head -n1 | tr -d '"')
  for format in ofx1 csv-short; do
    [ -s "$data/card.$format" ] || "$bin" sandbox file "${knobs[@]}" --account "$card" \
      --format "$format" --out "$data/card.$format" >/dev/null
  done
  ofx=$data/card.ofx1
  csv=$data/card.csv-short
  rows=$(grep -c '<STMTTRN>' "$ofx")
  n=$runs
  [ "$per_month" -ge 42000 ] && n=$runs_1m
  echo "==> $rows transactions ($(du -h "$ofx" | cut -f1) OFX, $(du -h "$csv" | cut -f1) CSV), $n runs"
  for run in $(seq "$n"); do
    echo " run $run"
    for format in ofx csv; do
      file=$ofx
      [ "$format" = csv ] && file=$csv
      vault=$data/run.$format.db
      rm -f "$vault" "$vault"-wal "$vault"-shm
      "$bin" --vault "$vault" "${key[@]}" init </dev/null >/dev/null
      measure "$rows" coffer "import-$format" -- "$bin" --vault "$vault" "${key[@]}" --json import "$file"
      measure "$rows" coffer "reimport-$format" -- "$bin" --vault "$vault" "${key[@]}" --json import "$file"
      rm -f "$vault" "$vault"-wal "$vault"-shm
    done
    peers_now=1
    [ "$per_month" -ge 42000 ] && [ "$run" -gt 1 ] && peers_now=0
    [ "$rows" -gt "$peer_max" ] && peers_now=0
    if [ "$have_hledger" = 1 ] && [ "$peers_now" = 1 ]; then
      measure "$rows" hledger read-csv -- sh -c 'hledger -f "csv:$1" --rules-file "$2" print >/dev/null' _ \
        "$csv" scripts/bench/barclays.rules
    fi
    if [ "$have_py" = 1 ] && [ "$peers_now" = 1 ]; then
      for lib in ofxtools ofxparse; do
        [ "$lib" = ofxparse ] && [ "$rows" -gt "$ofxparse_max" ] && continue
        measure "$rows" "$lib" parse-ofx -- "$cache/venv/bin/python" scripts/bench/ofx_peers.py "$lib" "$ofx"
      done
    fi
    if [ "$have_actual" = 1 ] && [ "$rows" -le "$actual_max" ] && [ "$run" -le "$actual_runs" ]; then
      rm -rf "$data/actual" && mkdir -p "$data/actual"
      measure "$rows" actual process -- node scripts/bench/actual_import.mjs "$csv" "$data/actual"
      # Its own timings of each importTransactions call; a run stopped at the time limit during
      # the re-import still has the first import's figure, and the re-import counts as stopped.
      json=$(grep '^{' "$out/last.out" | tail -n1)
      first=0
      for op in import reimport; do
        secs=$(echo "$json" | sed -n "s/.*\"${op}_s\":\([0-9.]*\).*/\1/p")
        if [ -n "$secs" ]; then
          [ "$op" = import ] && first=$secs
          printf '%s\tactual\t%s-csv\t%s\t\t\tok\n' "$rows" "$op" "$secs" >>"$results"
          printf '  %-9s %-13s %8s rows %8.2f s  (in-process)\n' actual "$op-csv" "$rows" "$secs"
        elif [ "$(grep -P "^$rows\tactual\tprocess\t" "$results" | tail -n1 | cut -f7)" = timeout ]; then
          # A lower bound: the time limit less the first import it also covered.
          printf '%s\tactual\t%s-csv\t%s\t\t\ttimeout\n' "$rows" "$op" \
            "$(awk -v l="$limit" -v f="$first" 'BEGIN { printf "%.0f", l - f }')" >>"$results"
        fi
      done
      rm -rf "$data/actual"
    fi
  done
  if [ "$have_actual" = 1 ] && [ "$rows" -gt "$actual_max" ]; then
    echo "Actual Budget not run at $rows rows (BENCH_ACTUAL_MAX=$actual_max): its import grows at least linearly from the 10k figure, its re-import faster than that." >>"$notes"
  fi
  if [ "$rows" -gt "$peer_max" ]; then
    echo "Peers not run at $rows rows (BENCH_PEER_MAX=$peer_max)." >>"$notes"
  elif [ "$have_py" = 1 ] && [ "$rows" -gt "$ofxparse_max" ]; then
    echo "ofxparse not run at $rows rows (BENCH_OFXPARSE_MAX=$ofxparse_max)." >>"$notes"
  fi
  # The bare storage ceiling for the same file (another helper's bench; used when present).
  if [ -f crates/core/benches/storage_ceiling.rs ] && [ -z "${BENCH_ONLY_IMPORT:-}" ]; then
    echo " storage ceiling"
    COFFER_CEILING_FILE=$ofx COFFER_CEILING_RUNS=$n timeout "$cargo_limit" cargo bench -q -p coffer-core --bench storage_ceiling \
      2>/dev/null | tee "$out/ceiling-$per_month.txt" | sed 's/^/  /' || true
    # One row per run: its wall seconds (the lines "… N rows: W s wall, C s CPU …").
    grep -E '^ceiling .* s wall' "$out/ceiling-$per_month.txt" | awk -v rows="$rows" '
      { label = $2; if ($3 == "schema") label = "vault-schema";
        for (i = 1; i < NF; i++) if ($(i+1) == "s" && $(i+2) == "wall,") secs = $i;
        printf "%s\tceiling\t%s\t%s\t\t\tok\n", rows, label, secs }' >>"$results" || true
  fi
done

# Sync from the sandbox bank over loopback: 10 cards × 24 months at the same per-card scales.
if [ -z "${BENCH_ONLY_IMPORT:-}" ]; then
echo "==> sync from the sandbox bank"
for per_month in "${sizes[@]}"; do
  sync_pm=$((per_month / 10))
  scripts/bench-sync.sh "$sync_pm" 2>&1 | tee "$out/sync-$sync_pm.txt" | sed 's/^/  /' \
    || echo "sync bench at $sync_pm purchases a month failed: $(tail -n1 "$out/sync-$sync_pm.txt")" >>"$notes"
  awk '/^sync:/ { for (i = 1; i <= NF; i++) { if ($(i+1) == "transactions") rows = $i; if ($(i+1) == "s") secs = $i }
    printf "%s\tcoffer\tsync\t%s\t\t\tok\n", rows, secs }' "$out/sync-$sync_pm.txt" >>"$results"
done

# Queries, search and export; vault unlock (keychain key and passphrase).
largest=$(( ${sizes[-1]} * 24 ))
echo "==> analytics, page/search queries and CSV export ($largest rows)"
COFFER_BENCH_ROWS=$largest COFFER_BENCH_IMPORT_FILE=$out/data/${sizes[-1]}/card.ofx1 \
  timeout "$cargo_limit" cargo bench -q -p coffer-core --bench analytics 2>/dev/null \
  | tee "$out/analytics.txt" | sed 's/^/  /' || echo "analytics bench failed" >>"$notes"
echo "==> vault unlock"
timeout "$cargo_limit" cargo bench -q -p coffer-core --bench vault_open 2>/dev/null \
  | tee "$out/vault_open.txt" | sed 's/^/  /' || echo "vault_open bench failed" >>"$notes"
fi

minutes=$(( ($(date +%s) - t_start + 59) / 60 ))
{
  echo "started=$started"
  echo "minutes=$minutes"
  echo "command=$([ -n "${BENCH_SIZES:-}${BENCH_PEER_MAX:-}${COFFER_BIN:-}" ] && echo "BENCH_SIZES='${sizes[*]}' BENCH_PEER_MAX=$peer_max COFFER_BIN=… ")$([ "$scale" = small ] && echo "BENCH_SCALE=small ")make bench"
  echo "scale=$scale"
  echo "runs=$runs"
  echo "runs_1m=$runs_1m"
  echo "timeout=$limit"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "ram=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"

echo "==> report"
write=--write
[ -n "${BENCH_NO_WRITE:-}" ] && write=
cargo run --release -q -p coffer-bench -- --dir "$out" --benchmarks BENCHMARKS.md \
  --svg docs/bench-growth.svg $write
echo "make bench took $minutes min"

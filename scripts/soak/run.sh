#!/usr/bin/env bash
# `make soak`: the reliability campaign, with its results written into BENCHMARKS.md between
# `<!-- soak:begin -->` and `<!-- soak:end -->`.
#   make soak                            # every part at full size (under an hour on 2 cores)
#   SOAK_PARTS=kill,faults make soak     # choose parts: kill, faults, fuzz
#   SOAK_SCALE=small make soak           # a few minutes: fewer trials, smaller data, 100k fuzz runs
# Parts:
#   kill    SIGKILL at random instants: SOAK_SYNC_TRIALS (100) during `coffer sync` and
#           SOAK_IMPORT_TRIALS (100) during the import of a 1,000,000-row OFX (scripts/soak/kill.py)
#   faults  every sandbox fault kind alone and mixed over a long sync (scripts/soak/faults.py)
#   fuzz    SOAK_FUZZ_RUNS (10,000,000) executions per cargo-fuzz target within
#           SOAK_FUZZ_BUDGET_SECONDS (3000) in all, corpus minimized (scripts/soak/fuzz.sh); runs
#           beside the other parts, one target at a time on the second core while they run, then
#           one per core
# SOAK_NO_WRITE=1 leaves BENCHMARKS.md alone. CARGO_TARGET_DIR picks the release build's directory.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

# Vault keys from a real keychain (gnome-keyring in a private D-Bus session), as users have them.
if [ -z "${COFFER_SOAK_IN_DBUS:-}" ] && command -v dbus-run-session >/dev/null \
  && command -v gnome-keyring-daemon >/dev/null; then
  export COFFER_SOAK_IN_DBUS=1
  exec dbus-run-session -- bash -c '
    export XDG_DATA_HOME=$(mktemp -d)
    echo -n coffer-soak-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    exec "$0" "$@"' "$0" "$@"
fi

parts=${SOAK_PARTS:-kill,faults,fuzz}
scale=${SOAK_SCALE:-full}
if [ "$scale" = small ]; then
  sync_trials=${SOAK_SYNC_TRIALS:-10}; import_trials=${SOAK_IMPORT_TRIALS:-10}
  import_pm=${SOAK_IMPORT_TX_PER_MONTH:-420}; faults_pm=${SOAK_FAULTS_TX_PER_MONTH:-42}
  export SOAK_FUZZ_RUNS=${SOAK_FUZZ_RUNS:-100000}; resume_every=${SOAK_RESUME_EVERY:-2}
  export SOAK_FUZZ_BUDGET_SECONDS=${SOAK_FUZZ_BUDGET_SECONDS:-300}
else
  sync_trials=${SOAK_SYNC_TRIALS:-100}; import_trials=${SOAK_IMPORT_TRIALS:-100}
  import_pm=${SOAK_IMPORT_TX_PER_MONTH:-42000}; faults_pm=${SOAK_FAULTS_TX_PER_MONTH:-420}
  export SOAK_FUZZ_RUNS=${SOAK_FUZZ_RUNS:-10000000}; resume_every=${SOAK_RESUME_EVERY:-10}
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
out=$root/target/soak
mkdir -p "$out"
# A part not run this time keeps its latest report (so parts can run separately and add up).
has_part() { [[ ",${SOAK_PARTS:-kill,faults,fuzz}," == *",$1,"* ]]; }
rm -f "$out/0-notes.md"
has_part kill && rm -f "$out/1-kill.md"
has_part faults && rm -f "$out/2-faults.md"
has_part fuzz && rm -f "$out/3-fuzz.md"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_at_start=$(cut -d" " -f1 /proc/loadavg)
t0=$(date +%s)
has() { [[ ",$parts," == *",$1,"* ]]; }

if [ -n "${COFFER_BIN:-}" ]; then
  bin=$COFFER_BIN   # a binary built beforehand (e.g. while the tree is mid-edit)
else
  echo "==> release build of coffer"
  cargo build --release -p coffer-cli >/dev/null || exit 1
  bin=$CARGO_TARGET_DIR/release/coffer
fi
probe=$out/probe.db
rm -f "$probe"
if ! "$bin" --vault "$probe" init </dev/null >/dev/null 2>&1; then
  export COFFER_SOAK_PASSPHRASE=soak
  echo "No keychain here: vaults use a passphrase." >"$out/0-notes.md"
fi
rm -f "$probe"

status=0
fuzz_pid=
if has fuzz; then
  echo "==> fuzz (in the background)"
  # One core for the fuzzers while the kill and fault parts run, all of them after.
  busy=$out/foreground.busy
  if has kill || has faults; then touch "$busy"; else rm -f "$busy"; fi
  (SOAK_FUZZ_BUSY_FILE=$busy COFFER_BIN=$bin scripts/soak/fuzz.sh "$out/3-fuzz.md" >"$out/fuzz.out" 2>&1; echo $? >"$out/fuzz.rc") &
  fuzz_pid=$!
fi
if has kill; then
  echo "==> kill: $sync_trials sync trials, $import_trials import trials"
  s=$(date +%s)
  python3 scripts/soak/kill.py --bin "$bin" --work "$out/kill" --out "$out/1-kill.md" \
    --sync-trials "$sync_trials" --import-trials "$import_trials" \
    --import-tx-per-month "$import_pm" --resume-every "$resume_every" || status=1
  echo "Part \`kill\` took $(( ($(date +%s) - s + 59) / 60 )) min." >>"$out/1-kill.md"
  rm -rf "$out/kill"
fi
if has faults; then
  echo "==> faults"
  s=$(date +%s)
  python3 scripts/soak/faults.py --bin "$bin" --work "$out/faults" --out "$out/2-faults.md" \
    --tx-per-month "$faults_pm" || status=1
  echo "Part \`faults\` took $(( ($(date +%s) - s + 59) / 60 )) min." >>"$out/2-faults.md"
  rm -rf "$out/faults"
fi
rm -f "$out/foreground.busy"
if [ -n "$fuzz_pid" ]; then
  echo "==> waiting for the fuzzing campaign"
  wait "$fuzz_pid"
  cat "$out/fuzz.out" | grep '^fuzz:' || true
  [ "$(cat "$out/fuzz.rc" 2>/dev/null)" = 0 ] || status=1
fi
minutes=$(( ($(date +%s) - t0 + 59) / 60 ))

command="make soak"
[ "$parts" != kill,faults,fuzz ] && command="SOAK_PARTS=$parts $command"
[ "$scale" = small ] && command="SOAK_SCALE=small $command"
{
  echo "<!-- soak:begin -->"
  echo "## \`make soak\`: the reliability campaign (latest run)"
  echo
  echo "Written by \`$command\` (\`scripts/soak/run.sh\`); edit the scripts, not this section."
  echo "Run started $started, took $minutes min, result: $([ $status = 0 ] && echo 'every check passed' || echo '**failures, see below**')."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr); $([ -n "${COFFER_BIN:-}" ] && echo "coffer binary built $(date -u -r "$bin" +%FT%TZ) (COFFER_BIN)" || echo "coffer git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo '+uncommitted')"); load average $load_at_start when it started, $(cut -d" " -f1 /proc/loadavg) when it ended."
  echo
  cat "$out"/*.md
  echo "<!-- soak:end -->"
} >"$out/section.txt"
if [ -z "${SOAK_NO_WRITE:-}" ]; then
  python3 - "$root/BENCHMARKS.md" "$out/section.txt" <<'EOF'
import sys
path, section = sys.argv[1], open(sys.argv[2]).read().rstrip() + "\n"
text = open(path).read()
b, e = text.find("<!-- soak:begin -->"), text.find("<!-- soak:end -->")
if b >= 0 and e > b:
    text = text[:b] + section.rstrip("\n") + text[e + len("<!-- soak:end -->"):]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
EOF
  echo "wrote BENCHMARKS.md (soak section)"
else
  cat "$out/section.txt"
fi
echo "make soak took $minutes min"
exit $status

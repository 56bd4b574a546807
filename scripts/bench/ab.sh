#!/usr/bin/env bash
# Same-session A/B of two coffer builds on one file: runs alternate before/after, each imports
# FILE into a new passphrase vault, timed by GNU time (wall, then user+sys CPU). The only fair
# comparison on a shared machine, whose speed drifts from hour to hour.
#   scripts/bench/ab.sh BEFORE_BIN AFTER_BIN FILE RUNS
set -euo pipefail
before=${1:?before binary} after=${2:?after binary} file=${3:?file} runs=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for run in $(seq "$runs"); do
  for which in before after; do
    bin=$before
    [ "$which" = after ] && bin=$after
    vault=$work/ab.db
    rm -f "$vault" "$vault"-wal "$vault"-shm
    echo "ab pass" | "$bin" --vault "$vault" --passphrase-stdin init >/dev/null
    /usr/bin/time -f "$which $run wall %e cpu %U+%S" -o "$work/time" \
      sh -c 'echo "ab pass" | "$1" --vault "$2" --passphrase-stdin import "$3" >/dev/null' _ "$bin" "$vault" "$file"
    cat "$work/time"
  done
done

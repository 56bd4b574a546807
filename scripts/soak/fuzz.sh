#!/usr/bin/env bash
# `make soak`, part `fuzz`: a libFuzzer campaign of SOAK_FUZZ_RUNS executions per cargo-fuzz
# target (default 10,000,000) within an overall time budget, SOAK_FUZZ_BUDGET_SECONDS (default
# 3000), then `cargo fuzz cmin`. Writes a Markdown table to $1; a target stopped by its time says
# so. Each target fuzzes a working copy (target/soak/fuzz/corpus/<target>): the
# seeds in fuzz/corpus/<target> plus the corpus the last campaign kept, fuzz/corpus.tar.xz; the
# minimized result replaces that archive (libFuzzer inputs compress about 70×: 57 MB → 0.8 MB).
#   scripts/soak/fuzz.sh REPORT.md
# Targets run the slowest first (exec/s of the 2026-11-24 campaigns, which fall as the corpus
# grows: csv 7–12k, ofx 6.5–13k, issuer 20k, fdx 32–65k, simplefin 63–71k), as many at a time
# as there are free cores: SOAK_FUZZ_PARALLEL (default: the core count), but only one while the
# file named by SOAK_FUZZ_BUSY_FILE exists (`make soak` holds it while the kill and fault parts
# use the other core). Slowest first, because the two slow targets need most of the budget each
# and only the first can start before the second core is free; the fast ones fill in after.
# A target runs until its executions are done, the budget is spent, or SOAK_FUZZ_MAX_SECONDS
# (default 1800), so one that became slow cannot take the whole budget from the others.
# Toolchain: a nightly if rustup has one, else the stable compiler with RUSTC_BOOTSTRAP=1 (what
# cargo-fuzz's flags need). Built with -O, debug assertions on and no sanitizer: the parsers are
# safe Rust, so what the campaign hunts is panics, overflows, unbounded time and memory.
# Built without comparison tracing (`--no-trace-compares`): it cost 3.2x per execution
# (csv_parse, same corpus, 25 s each: 4,890 vs 15,411 exec/s), which put three targets short
# of 10,000,000 in the budget. Coverage stays edge-guided, and the corpus every campaign keeps
# carries what the comparison-guided campaigns before it found. SOAK_FUZZ_TRACE_COMPARES=1
# builds with the tracing again (for a campaign hunting new paths rather than volume).
set -uo pipefail
cd "$(dirname "$0")/../.."
report=${1:?report file}
case "$report" in /*) ;; *) report=$PWD/$report ;; esac
runs=${SOAK_FUZZ_RUNS:-10000000}
targets=${SOAK_FUZZ_TARGETS:-csv_parse ofx_parse issuer_json fdx_json simplefin_json}
parallel=${SOAK_FUZZ_PARALLEL:-$(nproc)}
busy_file=${SOAK_FUZZ_BUSY_FILE:-}
budget=${SOAK_FUZZ_BUDGET_SECONDS:-3000}
out=$PWD/target/soak/fuzz
tdir=$PWD/target/fuzz
mkdir -p "$out"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked >"$out/install.log" 2>&1
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
  toolchain="nightly ($(rustup run nightly rustc --version | awk '{print $2, $4}' | tr -d ')'))"
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  toolchain="stable $(rustc --version | awk '{print $2}') with RUSTC_BOOTSTRAP=1"
fi
flags=(-O -s none --debug-assertions --target-dir "$tdir")
[ "${SOAK_FUZZ_TRACE_COMPARES:-0}" = 1 ] || flags+=(--no-trace-compares)
cap=${SOAK_FUZZ_MAX_SECONDS:-1800}
# 16 KiB holds an OFX or CSV statement of ~50 transactions: on the kept corpus it reached 2,510
# of the 2,512 edges 64 KiB did, at twice the executions per second (fuzz/README.md).
max_len=${SOAK_FUZZ_MAX_LEN:-16384}
libfuzzer=(-runs="$runs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)

# Seeds for the JSON targets from a tiny sandbox bank (only into empty corpus folders).
[ -n "${COFFER_BIN:-}" ] && python3 scripts/soak/fuzz_seeds.py "$COFFER_BIN" fuzz/corpus
corpus=$out/corpus
rm -rf "$corpus"
mkdir -p "$corpus"
[ -f fuzz/corpus.tar.xz ] && tar -C "$corpus" -xJf fuzz/corpus.tar.xz
for t in $targets; do
  mkdir -p "$corpus/$t"
  cp -n fuzz/corpus/"$t"/* "$corpus/$t/" 2>/dev/null || true
done
cd fuzz
echo "fuzz: building the targets ($toolchain)"
if ! "${fuzz[@]}" build "${flags[@]}" >"$out/build.log" 2>&1; then
  tail -n 20 "$out/build.log"
  printf '### Fuzzing\n\nThe fuzz targets did not build (%s); see target/soak/fuzz/build.log.\n' "$toolchain" >"$report"
  exit 1
fi

campaign() {
  local t=$1 secs=$2 start
  mkdir -p "artifacts/$t"
  start=$(date +%s)
  "${fuzz[@]}" run "${flags[@]}" "$t" "$corpus/$t" -- "${libfuzzer[@]}" -max_total_time="$secs" \
    -artifact_prefix="artifacts/$t/" >"$out/$t.log" 2>&1
  echo $? >"$out/$t.rc"
  echo $(( $(date +%s) - start )) >"$out/$t.secs"
  echo "$secs" >"$out/$t.allowed"
}

# Slots free now: one while the other soak parts hold the busy file, else all of them.
slots() {
  if [ -n "$busy_file" ] && [ -e "$busy_file" ]; then echo 1; else echo "$parallel"; fi
}
started=$(date +%s)
read -r -a queue <<<"$targets"
max_slots_used=1
shared_cores=0
for t in "${queue[@]}"; do
  # Wait for a free slot (polled, so a slot freed by the other parts finishing counts too).
  while [ "$(jobs -rp | wc -l)" -ge "$(slots)" ]; do sleep 2; done
  n=$(slots)
  [ "$n" -lt "$parallel" ] && shared_cores=1
  [ "$n" -gt "$max_slots_used" ] && max_slots_used=$n
  # This target's time: what is left of the budget, at most the cap, at least a minute.
  remaining=$(( budget - ($(date +%s) - started) ))
  share=$remaining
  [ "$cap" -gt 0 ] && [ "$share" -gt "$cap" ] && share=$cap
  [ "$share" -lt 60 ] && share=60
  echo "fuzz: $t, $runs executions or $share s ($n slots free)"
  campaign "$t" "$share" &
done
wait
campaign_secs=$(( $(date +%s) - started ))

failed=0
{
  echo "### Fuzzing (cargo-fuzz / libFuzzer)"
  echo
  echo "Command: \`SOAK_PARTS=fuzz make soak\` ($toolchain; \`cargo fuzz run ${flags[*]:0:4} ${flags[*]:6} <target> <working corpus> -- -runs=$runs -max_total_time=<its time> -max_len=$max_len -timeout=10 -rss_limit_mb=2048\`, up to $max_slots_used at a time$([ "$shared_cores" = 1 ] && echo ', one while the kill and fault parts ran') within a ${budget}-second budget, slowest first, each target given what is left of the budget up to ${cap} s), then \`cargo fuzz cmin\` on each corpus. A target whose executions fall short of $runs was stopped by its time (the seconds column: taken (allowed))."
  echo
  echo "| target | executions | exec/s | seconds (allowed) | coverage (cov / ft) | corpus kept (after cmin) | crashes, timeouts, OOMs |"
  echo "|---|---:|---:|---:|---|---:|---|"
} >"$report"
for t in $targets; do
  log=$out/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)
  rc=$(cat "$out/$t.rc" 2>/dev/null || echo 1)
  if [ "$rc" = 0 ]; then
    "${fuzz[@]}" cmin "${flags[@]}" "$t" "$corpus/$t" >"$out/$t.cmin.log" 2>&1 || true
    verdict="none"
  else
    failed=1
    verdict="**exit $rc**: $(ls "artifacts/$t" 2>/dev/null | head -n3 | tr '\n' ' ')"
  fi
  kept=$(find "$corpus/$t" -type f | wc -l)
  printf '| %s | %s | %s | %s (%s) | %s | %s files | %s |\n' "$t" "${execs:-?}" "${rate:-?}" \
    "$(cat "$out/$t.secs" 2>/dev/null)" "$(cat "$out/$t.allowed" 2>/dev/null)" "${cov:-?}" "$kept" \
    "$verdict" >>"$report"
  echo "fuzz: $t executions=${execs:-?} exec/s=${rate:-?} exit=$rc corpus=$kept"
done
# The minimized corpora, for the next campaign (names sorted, times and owners fixed, so an
# unchanged corpus gives the same archive).
tar -C "$corpus" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . \
  | xz -T2 -6 >corpus.tar.xz
echo >>"$report"
echo "The campaign took $campaign_secs s of its ${budget}-second budget." >>"$report"
echo >>"$report"
echo "Corpus kept: \`fuzz/corpus.tar.xz\`, $(find "$corpus" -type f | wc -l) inputs, $(du -sh "$corpus" | cut -f1) unpacked, $(du -h corpus.tar.xz | cut -f1) packed (the next campaign starts from it and the seeds)." >>"$report"
echo >>"$report"
exit $failed

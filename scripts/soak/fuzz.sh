#!/usr/bin/env bash
# `make soak`, part `fuzz`: a libFuzzer campaign of SOAK_FUZZ_RUNS executions (default 10,000,000,
# or SOAK_FUZZ_MAX_SECONDS per target, default 1800, whichever comes first: the table says which)
# on every cargo-fuzz target in fuzz/, two targets at a time (one per core), then `cargo fuzz cmin`
# so the committed corpus (fuzz/corpus/<target>) stays small. Writes a Markdown table to $1.
#   scripts/soak/fuzz.sh REPORT.md
# Toolchain: a nightly if rustup has one, else the stable compiler with RUSTC_BOOTSTRAP=1 (what
# cargo-fuzz's flags need). Built with -O, debug assertions on and no sanitizer: the parsers are
# safe Rust, so what the campaign hunts is panics, overflows, unbounded time and memory.
set -uo pipefail
cd "$(dirname "$0")/../.."
report=${1:?report file}
case "$report" in /*) ;; *) report=$PWD/$report ;; esac
runs=${SOAK_FUZZ_RUNS:-10000000}
targets=${SOAK_FUZZ_TARGETS:-ofx_parse csv_parse issuer_json fdx_json simplefin_json}
parallel=${SOAK_FUZZ_PARALLEL:-2}
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
max_secs=${SOAK_FUZZ_MAX_SECONDS:-1800}
libfuzzer=(-runs="$runs" -max_total_time="$max_secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)

# Seeds for the JSON targets from a tiny sandbox bank (only into empty corpus folders).
[ -n "${COFFER_BIN:-}" ] && python3 scripts/soak/fuzz_seeds.py "$COFFER_BIN" fuzz/corpus
cd fuzz
echo "fuzz: building the targets ($toolchain)"
if ! "${fuzz[@]}" build "${flags[@]}" >"$out/build.log" 2>&1; then
  tail -n 20 "$out/build.log"
  printf '### Fuzzing\n\nThe fuzz targets did not build (%s); see target/soak/fuzz/build.log.\n' "$toolchain" >"$report"
  exit 1
fi

campaign() {
  local t=$1 start
  mkdir -p "corpus/$t" "artifacts/$t"
  start=$(date +%s)
  "${fuzz[@]}" run "${flags[@]}" "$t" "corpus/$t" -- "${libfuzzer[@]}" -artifact_prefix="artifacts/$t/" \
    >"$out/$t.log" 2>&1
  echo $? >"$out/$t.rc"
  echo $(( $(date +%s) - start )) >"$out/$t.secs"
}

active=0
for t in $targets; do
  echo "fuzz: $t, $runs executions"
  campaign "$t" &
  active=$((active + 1))
  if [ "$active" -ge "$parallel" ]; then wait -n; active=$((active - 1)); fi
done
wait

failed=0
{
  echo "### Fuzzing (cargo-fuzz / libFuzzer)"
  echo
  echo "Command: \`SOAK_PARTS=fuzz make soak\` ($toolchain; \`cargo fuzz run -O -s none --debug-assertions <target> corpus/<target> -- -runs=$runs -max_total_time=$max_secs -max_len=65536 -timeout=10 -rss_limit_mb=2048\`, two targets at a time), then \`cargo fuzz cmin\` on each corpus. A target whose executions fall short of $runs was stopped by the time limit."
  echo
  echo "| target | executions | exec/s | seconds | coverage (cov / ft) | corpus kept (after cmin) | crashes, timeouts, OOMs |"
  echo "|---|---:|---:|---:|---|---:|---|"
} >"$report"
for t in $targets; do
  log=$out/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)
  rc=$(cat "$out/$t.rc" 2>/dev/null || echo 1)
  if [ "$rc" = 0 ]; then
    "${fuzz[@]}" cmin "${flags[@]}" "$t" "corpus/$t" >"$out/$t.cmin.log" 2>&1 || true
    verdict="none"
  else
    failed=1
    verdict="**exit $rc**: $(ls "artifacts/$t" 2>/dev/null | head -n3 | tr '\n' ' ')"
  fi
  kept=$(find "corpus/$t" -type f | wc -l)
  printf '| %s | %s | %s | %s | %s | %s files | %s |\n' "$t" "${execs:-?}" "${rate:-?}" \
    "$(cat "$out/$t.secs" 2>/dev/null)" "${cov:-?}" "$kept" "$verdict" >>"$report"
  echo "fuzz: $t executions=${execs:-?} exec/s=${rate:-?} exit=$rc corpus=$kept"
done
echo >>"$report"
exit $failed

#!/usr/bin/env bash
# Dependency audit, run by `make test`: cargo-deny over the Rust dependency graph with deny.toml
# (advisories from the RustSec database, licenses, banned crates, sources), and `npm audit` over
# the UI's runtime packages. One TAP line per check and `# pass N` / `# fail N` / `# skipped N`
# for scripts/test.sh. A check whose database cannot be reached is reported as skipped with the
# reason, never as passed.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
CARGO_DENY_VERSION=0.20.2
logs=target/audit
mkdir -p "$logs"

passed=0 failed=0 skipped=0 n=0
result() { # result ok|fail|skip "description" [log]
  n=$((n + 1))
  case "$1" in
    ok) passed=$((passed + 1)); echo "ok $n - $2" ;;
    fail) failed=$((failed + 1)); echo "not ok $n - $2"; [ -n "${3:-}" ] && grep -vE '^\s*$' "$3" | head -n 40 | sed 's/^/#   /' ;;
    skip) skipped=$((skipped + 1)); echo "ok $n - $2 # SKIP" ;;
  esac
}

if ! cargo deny --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
  echo "audit: installing cargo-deny $CARGO_DENY_VERSION (cargo install, once)" >&2
  cargo install cargo-deny --locked --version "$CARGO_DENY_VERSION" >"$logs/install.log" 2>&1 \
    || { result fail "cargo-deny $CARGO_DENY_VERSION installs" "$logs/install.log"; echo "# fail $failed"; exit 1; }
fi

# The advisory database is a git repository on GitHub; fetch (or update) it first.
checks=(bans licenses sources)
if cargo deny fetch db >"$logs/fetch.log" 2>&1; then
  checks=(advisories "${checks[@]}")
else
  reason=$(grep -m1 -E '^fatal:' "$logs/fetch.log" | sed 's/^fatal: //')
  result skip "cargo deny check advisories: the RustSec advisory database (a git clone from GitHub) could not be fetched: ${reason:-see $logs/fetch.log}"
fi
for check in "${checks[@]}"; do
  if cargo deny --log-level warn check --hide-inclusion-graph "$check" >"$logs/$check.log" 2>&1; then
    result ok "cargo deny check $check"
  else
    result fail "cargo deny check $check" "$logs/$check.log"
  fi
done

# npm audit of what the UI ships (its runtime dependencies, not the build tools).
(cd ui && npm audit --omit=dev --json >"../$logs/npm-audit.json" 2>"../$logs/npm-audit.err")
npm_verdict=$(node -e '
  const fs = require("node:fs");
  let report;
  try { report = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { console.log("skip the audit endpoint gave no report"); process.exit(); }
  if (report.metadata === undefined) {
    const why = report.error?.summary || report.message || "no vulnerability metadata in its answer";
    console.log(`skip the registry did not answer the audit request: ${why}`);
    process.exit();
  }
  const v = report.metadata?.vulnerabilities ?? {};
  const serious = (v.moderate ?? 0) + (v.high ?? 0) + (v.critical ?? 0);
  console.log(serious === 0 ? `ok ${v.total ?? 0} known vulnerabilities, none moderate or worse` : `fail ${serious} moderate-or-worse vulnerabilities`);
' "$logs/npm-audit.json")
case "$npm_verdict" in
  ok*) result ok "npm audit --omit=dev (ui): ${npm_verdict#ok }" ;;
  fail*) result fail "npm audit --omit=dev (ui): ${npm_verdict#fail }" "$logs/npm-audit.json" ;;
  *) result skip "npm audit --omit=dev (ui): ${npm_verdict#skip }" ;;
esac

echo "# pass $passed"
echo "# fail $failed"
echo "# skipped $skipped"
[ "$failed" -eq 0 ]

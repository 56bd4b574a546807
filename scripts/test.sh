#!/usr/bin/env bash
# Runs every test once, in one build profile, and ends with one plain summary line:
#   "tests: N passed, N failed, N skipped"
# Rust tests run inside a private D-Bus session with an unlocked gnome-keyring, so the keychain
# path is tested against a real Secret Service, not a mock.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"

logs=target/test-logs
mkdir -p "$logs"
rm -f "$logs"/*.log
failed_steps=()

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check >"$logs/fmt.log" 2>&1 || { cat "$logs/fmt.log"; failed_steps+=("cargo fmt"); }

step "build (dev profile, all targets)"
if ! cargo build --workspace --all-targets >"$logs/build.log" 2>&1; then
  grep -E '^error' -A12 "$logs/build.log" | head -60
  failed_steps+=("cargo build")
fi

step "Rust tests (with a real Secret Service)"
export COFFER_REQUIRE_KEYCHAIN=1
dbus-run-session -- bash -c '
  # A keyring of its own: a login keyring left on this machine with another password would be
  # locked, and storing would need a prompt nobody can answer.
  export XDG_DATA_HOME=$(mktemp -d)
  echo -n coffer-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  cargo test --workspace --no-fail-fast 2>&1
' | tee "$logs/rust.log" | awk '
  # The summary lines, the failing tests, and each panic with the message under it.
  /^thread .* panicked/ { print; shown = 3; next }
  shown > 0 { print; shown--; next }
  /^(test result|failures:|    [a-z_:]+$|---- )/ { print }
' || true
grep -q '^test result' "$logs/rust.log" || failed_steps+=("Rust tests did not run")
# A failing test also ends with "error: N targets failed"; only a compiler error means no build.
grep -qE '^error(\[E[0-9]+\]|: could not compile)' "$logs/rust.log" && failed_steps+=("Rust tests did not compile")

step "TypeScript types generated from Rust are committed"
if ! git diff --quiet -- ui/src/api/types || [ -n "$(git ls-files --others --exclude-standard ui/src/api/types)" ]; then
  git status --short ui/src/api/types
  failed_steps+=("ui/src/api/types is stale: commit what cargo test generated")
fi

step "UI unit tests (vitest)"
(cd ui && npx vitest run --reporter=default 2>&1) | tee "$logs/ui.log" | grep -E '(Test Files|Tests|FAIL)' || true

if [ -f tests/e2e/package.json ]; then
  step "Browser end-to-end tests"
  scripts/e2e.sh 2>&1 | tee "$logs/e2e.log" | grep -E '^(# |not ok|ok )' || true
fi

step "Desktop app in its real webview (tauri-driver + WebKitWebDriver under Xvfb)"
scripts/desktop-smoke.sh 2>&1 | tee "$logs/desktop.log" | grep -E '^(# |not ok|ok )' || true

step "Dependency audit (cargo-deny: advisories, licenses, bans, sources; npm audit)"
scripts/audit.sh 2>&1 | tee "$logs/audit.log" | grep -E '^(# |not ok|ok )' || true

# One plain summary line over every runner.
read -r passed failed skipped < <(
  awk '
    /^test result:/ { for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
    /^ *Tests +[0-9]/ { for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
    /^# (pass|fail|skipped) [0-9]+$/ { if ($2 == "pass") p += $3; if ($2 == "fail") f += $3; if ($2 == "skipped") s += $3 }
    END { printf "%d %d %d\n", p, f, s }
  ' "$logs"/rust.log "$logs"/ui.log $( [ -f "$logs/e2e.log" ] && echo "$logs/e2e.log" ) "$logs"/desktop.log "$logs"/audit.log
)

echo
if [ ${#failed_steps[@]} -gt 0 ]; then
  for s in "${failed_steps[@]}"; do echo "step failed: $s"; done
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$failed" -ne 0 ] || [ ${#failed_steps[@]} -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi

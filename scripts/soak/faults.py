"""`make soak`, part `faults`: the sandbox bank's fault matrix over a long sync.

    python3 faults.py --bin COFFER --work DIR --out REPORT.md [--tx-per-month N] [--attempts N]

For every fault kind alone, then all of them mixed: a sandbox bank (10 cards × 24 months plus
savings, CDs, rewards, statements…) on loopback, a vault linked while the bank is healthy, the
faults switched on (`PUT /_sandbox/faults`), then `coffer sync` run until it succeeds (at most
`--attempts` times, as a user pressing Sync again would). The vault must pass its integrity check
after every attempt, never hold more rows than exist, and end equal to the sandbox's truth in every
table. `step_up_after` cannot be passed without a person typing a one-time code: there the sync
must stop with the step-up error, the vault stay sound, and the rows committed stay; the report
says so rather than counting it as reaching the truth. The same holds when token expiry meets lost
answers: a refresh whose answer is lost has rotated the refresh token at the bank already.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

TABLES = ["accounts", "transactions", "statements", "credit_scores", "reward_events", "transfers", "card_events"]

MATRIX = [
    ("latency", "latency=2ms"),
    ("5xx", "5xx=0.1"),
    ("429 + Retry-After", "429=0.02,retry_after=1"),
    ("drop", "drop=0.05"),
    ("truncate", "truncate=0.05"),
    ("malformed", "malformed=0.05"),
    ("expire_token_after", "expire_token_after=5"),
    ("mixed", "latency=1ms,5xx=0.05,429=0.01,retry_after=1,drop=0.03,truncate=0.03,malformed=0.03"),
    ("mixed + token expiry", "latency=1ms,5xx=0.05,429=0.01,retry_after=1,drop=0.03,truncate=0.03,malformed=0.03,expire_token_after=7"),
    ("step_up_after", "step_up_after=150"),
]
# Rows where a stop that asks the user to sign in again is the protocol's answer, not a bug: a
# step-up wants a one-time code, and a refresh whose answer was lost has already rotated the
# refresh token at the bank (the old one is dead), so only a new sign-in can continue.
NEEDS_PERSON = {"step_up_after", "mixed + token expiry"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--tx-per-month", type=int, default=420)
    p.add_argument("--attempts", type=int, default=8)
    p.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    key = ["--passphrase-env", "COFFER_SOAK_PASSPHRASE"] if os.environ.get("COFFER_SOAK_PASSPHRASE") else []

    def coffer(args, stdin="", check=True):
        proc = subprocess.run([a.bin] + key + args, input=stdin.encode(), capture_output=True)
        if check and proc.returncode != 0:
            raise RuntimeError(f"coffer {' '.join(args)}: exit {proc.returncode}: {proc.stderr.decode()[-300:]}")
        return proc

    knobs = ["--cards", "10", "--savings", "1", "--cds", "3", "--months", "24", "--tx-per-month", str(a.tx_per_month)]
    truth = json.loads(coffer(["--json", "sandbox", "truth"] + knobs).stdout)["counts"]
    rows, failures = [], []
    for name, spec in MATRIX:
        spec = f"{spec},seed={a.seed}"
        sandbox = subprocess.Popen([a.bin, "sandbox", "serve"] + knobs, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            base = sandbox.stdout.readline().strip()
            vault = os.path.join(a.work, "faults.db")
            for suffix in ["", "-wal", "-shm"]:
                if os.path.exists(vault + suffix):
                    os.remove(vault + suffix)
            coffer(["--vault", vault, "init"])
            coffer(["--vault", vault, "link", "issuer", "--url", base + "/api/v1/barclays-us"], "demo\ndemo\n123456\n")
            req = urllib.request.Request(base + "/_sandbox/faults", data=spec.encode(), method="PUT")
            urllib.request.urlopen(req).read()
            started, attempts, ok, last_error, sound = time.monotonic(), 0, False, "", True
            while attempts < a.attempts and not ok:
                attempts += 1
                out = coffer(["--vault", vault, "sync"], check=False)
                ok = out.returncode == 0
                if not ok:
                    last_error = (out.stderr.decode().strip().splitlines() or [""])[-1][:160]
                st = json.loads(coffer(["--json", "--vault", vault, "status"]).stdout)
                if st["integrity"] != "ok" or any(st["counts"][t] > truth[t] for t in TABLES):
                    sound = False
                    failures.append(f"{name}: attempt {attempts} left integrity {st['integrity']} / counts {st['counts']}")
                if name in NEEDS_PERSON and not ok and "sign in again" in last_error:
                    break
            equal = all(st["counts"][t] == truth[t] for t in TABLES)
            secs = time.monotonic() - started
            if name in NEEDS_PERSON and not ok and "sign in again" in last_error:
                verdict = f"stopped after committing {st['counts']['transactions']:,} transactions: asks for a new sign-in"
            else:
                verdict = "reached the truth" if ok and equal else "did NOT reach the truth"
                if not (ok and equal):
                    failures.append(f"{name}: {verdict} after {attempts} attempts ({last_error})")
            rows.append((name, spec, attempts, secs, st["counts"]["transactions"], verdict, sound, last_error))
            print(f"{name:20} {attempts} attempts {secs:7.1f} s  {verdict}  {last_error}", flush=True)
        finally:
            sandbox.send_signal(signal.SIGKILL)
            sandbox.wait()
    lines = [
        f"### Sandbox fault matrix over a long sync (fault seed {a.seed})",
        "",
        f"Each row: a new vault linked to a healthy sandbox (10 cards × 24 months × {a.tx_per_month} purchases a month, "
        f"{truth['transactions']:,} transactions, {truth['reward_events']:,} reward events, {truth['statements']} statements "
        f"and the other kinds), the faults switched on, then `coffer sync` repeated until it succeeds (at most {a.attempts}). "
        "After every attempt the vault passed its integrity check and held no more rows than exist, unless the row says otherwise.",
        "",
        "| fault | spec | sync attempts | seconds | transactions | outcome | vault sound after every attempt | last error |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    for name, spec, attempts, secs, tx, verdict, sound, err in rows:
        lines.append(f"| {name} | `{spec}` | {attempts} | {secs:.1f} | {tx:,} | {verdict} | {'yes' if sound else 'NO'} | {err.replace('|', '/')} |")
    lines += ["", f"Failures: {len(failures)}" + ("" if not failures else ": " + "; ".join(failures)), ""]
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    for line in failures:
        print("FAIL", line, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

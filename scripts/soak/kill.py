"""`make soak`, part `kill`: SIGKILL at random instants during `coffer sync` and `coffer import`.

    python3 kill.py --bin COFFER --work DIR --out REPORT.md [--sync-trials N] [--import-trials N]
                    [--sync-tx-per-month N] [--import-tx-per-month N] [--resume-every K] [--seed S]

Sync trials: a sandbox bank (10 cards, 24 months, plus savings, CDs, rewards, statements…) on
loopback; each trial links a new vault, kills its first sync after a random delay within the time a
whole sync takes, then checks that the vault opens, passes `PRAGMA integrity_check` and holds no
more rows of any kind than exist (no duplicates), resumes the sync and checks that every count
equals the sandbox's truth (nothing committed lost, nothing doubled).

Import trials: one card's 24 months as an OFX 1.x file (1,000,000 rows at 42,000 a month) imported
into a vault that already holds another card's committed import; the import is killed at a random
instant up to a tenth past the latest whole import's length (a probe import's at first, then that
of any trial that ended before its instant), so the commit and checkpoint at the end are hit too
and a slow probe does not leave trials killing nothing. The vault must open, pass its integrity
check and still hold the earlier import's rows;
the killed import is all-or-nothing (0 or all of the file's rows). Every K-th trial re-imports the
file to the end and checks the exact total (the full re-import costs a whole import, so not every
trial pays it; K=1 resumes every trial).

Exit status 1 when any trial fails; the Markdown summary is written either way.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

TABLES = ["accounts", "transactions", "statements", "credit_scores", "reward_events", "transfers", "card_events"]


class Coffer:
    """The CLI; vaults keyed by the OS keychain, or by a passphrase in COFFER_SOAK_PASSPHRASE."""

    def __init__(self, binary):
        self.binary = binary
        self.key = ["--passphrase-env", "COFFER_SOAK_PASSPHRASE"] if os.environ.get("COFFER_SOAK_PASSPHRASE") else []

    def run(self, args, stdin="", check=True):
        proc = subprocess.run([self.binary] + self.key + args, input=stdin.encode(), capture_output=True)
        if check and proc.returncode != 0:
            raise RuntimeError(f"coffer {' '.join(args)}: exit {proc.returncode}: {proc.stderr.decode()[-400:]}")
        return proc

    def json(self, args, stdin=""):
        return json.loads(self.run(["--json"] + args, stdin).stdout)

    def spawn(self, args):
        return subprocess.Popen([self.binary] + self.key + args, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def status(coffer, vault):
    return coffer.json(["--vault", vault, "status"])


def remove_vault(path):
    for suffix in ["", "-wal", "-shm", "-journal"]:
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def kill_after(proc, delay):
    """Kill after `delay` seconds; True when the process was still running (killed mid-work)."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(min(0.005, max(0.0, deadline - time.monotonic())))
    running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return running


def sync_trials(coffer, work, trials, per_month, rng, failures):
    knobs = ["--cards", "10", "--savings", "1", "--cds", "3", "--months", "24", "--tx-per-month", str(per_month)]
    truth = coffer.json(["sandbox", "truth"] + knobs)["counts"]
    sandbox = subprocess.Popen([coffer.binary, "sandbox", "serve"] + knobs, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        api = sandbox.stdout.readline().strip() + "/api/v1/barclays-us"

        def linked(path):
            remove_vault(path)
            coffer.run(["--vault", path, "init"])
            coffer.run(["--vault", path, "link", "issuer", "--url", api], "demo\ndemo\n123456\n")

        probe = os.path.join(work, "sync-probe.db")
        linked(probe)
        t0 = time.monotonic()
        coffer.run(["--vault", probe, "sync"])
        full = time.monotonic() - t0
        remove_vault(probe)
        mid, started = 0, time.monotonic()
        window = full
        for trial in range(trials):
            path = os.path.join(work, "sync-trial.db")
            linked(path)
            # As for the import: instants up to a tenth past the latest whole sync, the window
            # following any run that ended before its instant (the probe, the first sync of the
            # run, can be slower than the trials).
            delay = rng.uniform(0, window * 1.1)
            t_spawn = time.monotonic()
            proc = coffer.spawn(["--vault", path, "sync"])
            killed = kill_after(proc, delay)
            mid += killed
            if not killed:
                window = time.monotonic() - t_spawn
            try:
                after = status(coffer, path)
                assert after["integrity"] == "ok", f"integrity {after['integrity']}"
                for t in TABLES:
                    assert after["counts"][t] <= truth[t], f"{t}: {after['counts'][t]} > {truth[t]} (duplicates)"
                coffer.run(["--vault", path, "sync"])
                done = status(coffer, path)
                assert done["integrity"] == "ok"
                for t in TABLES:
                    assert done["counts"][t] == truth[t], f"after resume {t}: {done['counts'][t]} != {truth[t]}"
            except (AssertionError, RuntimeError) as e:
                failures.append(f"sync trial {trial} (kill after {delay:.3f} s): {e}")
                shutil.copy(path, os.path.join(work, f"failed-sync-{trial}.db"))
            remove_vault(path)
        return {"trials": trials, "killed_mid_run": mid, "full_s": full, "window_s": window,
                "transactions": truth["transactions"],
                "seconds": time.monotonic() - started}
    finally:
        sandbox.send_signal(signal.SIGKILL)
        sandbox.wait()


def import_trials(coffer, work, trials, per_month, resume_every, rng, failures):
    knobs = ["--cards", "2", "--savings", "0", "--cds", "0", "--months", "24"]
    big_knobs = knobs + ["--tx-per-month", str(per_month)]
    small_knobs = knobs + ["--tx-per-month", "42"]
    cards = sorted(a for a in coffer.json(["sandbox", "truth"] + big_knobs)["accounts"] if a.startswith("cc_"))
    big, small = os.path.join(work, "big.ofx"), os.path.join(work, "small.ofx")
    coffer.run(["sandbox", "file"] + big_knobs + ["--account", cards[0], "--format", "ofx1", "--out", big])
    coffer.run(["sandbox", "file"] + small_knobs + ["--account", cards[1], "--format", "ofx1", "--out", small])
    with open(big, "rb") as f:
        big_rows = f.read().count(b"<STMTTRN>")
    template = os.path.join(work, "template.db")
    remove_vault(template)
    coffer.run(["--vault", template, "init"])
    coffer.run(["--vault", template, "import", small])
    before = status(coffer, template)["counts"]["transactions"]
    probe = os.path.join(work, "import-probe.db")
    remove_vault(probe)
    shutil.copy(template, probe)
    t0 = time.monotonic()
    coffer.run(["--vault", probe, "import", big])
    full = time.monotonic() - t0
    remove_vault(probe)
    mid, resumed, all_or_nothing, started = 0, 0, {"none": 0, "all": 0}, time.monotonic()
    window = full
    for trial in range(trials):
        path = os.path.join(work, "import-trial.db")
        remove_vault(path)
        shutil.copy(template, path)
        # A tenth past the latest whole run: the commit and checkpoint at the end are hit too,
        # even when this run is a little slower (a kill after the exit kills nothing and is
        # counted as such).
        delay = rng.uniform(0, window * 1.1)
        t_spawn = time.monotonic()
        proc = coffer.spawn(["--vault", path, "import", big])
        killed = kill_after(proc, delay)
        mid += killed
        if not killed:
            # The run ended before its instant: the machine is faster now than when the window
            # was measured (the probe may have shared the cores with the fuzzers' build). The
            # window follows this run, so later instants fall inside an import again.
            window = time.monotonic() - t_spawn
        try:
            after = status(coffer, path)
            assert after["integrity"] == "ok", f"integrity {after['integrity']}"
            got = after["counts"]["transactions"]
            assert got in (before, before + big_rows), \
                f"{got} transactions: neither the {before} committed before nor all {before + big_rows}"
            all_or_nothing["none" if got == before else "all"] += 1
            if (trial + 1) % resume_every == 0:
                coffer.run(["--vault", path, "import", big])
                done = status(coffer, path)
                assert done["integrity"] == "ok"
                assert done["counts"]["transactions"] == before + big_rows, \
                    f"after re-import {done['counts']['transactions']} != {before + big_rows}"
                resumed += 1
        except (AssertionError, RuntimeError) as e:
            failures.append(f"import trial {trial} (kill after {delay:.3f} s): {e}")
        remove_vault(path)
    return {"trials": trials, "killed_mid_run": mid, "full_s": full, "window_s": window, "rows": big_rows,
            "committed_before": before,
            "resumed": resumed, "outcomes": all_or_nothing, "seconds": time.monotonic() - started}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--sync-trials", type=int, default=100)
    p.add_argument("--import-trials", type=int, default=100)
    p.add_argument("--sync-tx-per-month", type=int, default=42)
    p.add_argument("--import-tx-per-month", type=int, default=42000)
    p.add_argument("--resume-every", type=int, default=10)
    p.add_argument("--seed", type=int, default=int(time.time()))
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    coffer = Coffer(a.bin)
    rng = random.Random(a.seed)
    failures = []
    lines = [f"### SIGKILL at random instants (seed {a.seed})", ""]
    if a.sync_trials:
        s = sync_trials(coffer, a.work, a.sync_trials, a.sync_tx_per_month, rng, failures)
        print(f"sync: {s}", flush=True)
        lines.append(
            f"- **sync**: {s['trials']} trials, {s['killed_mid_run']} killed mid-sync, at instants up to 1.1× the "
            f"latest whole sync (a {s['full_s']:.2f} s probe at the start, {s['window_s']:.2f} s at the end) of {s['transactions']:,} transactions plus every other data kind (10 cards × 24 months, "
            f"{a.sync_tx_per_month} purchases a month each); after each kill: vault opens, integrity ok, no table above "
            f"the truth; resumed sync equals the truth in all {len(TABLES)} tables. {s['seconds']:.0f} s in all.")
    if a.import_trials:
        s = import_trials(coffer, a.work, a.import_trials, a.import_tx_per_month, a.resume_every, rng, failures)
        print(f"import: {s}", flush=True)
        lines.append(
            f"- **import**: {s['trials']} trials, {s['killed_mid_run']} killed mid-import, at instants up to 1.1× the "
            f"latest whole run (a {s['full_s']:.2f} s probe import at the start, {s['window_s']:.2f} s at the end) of a {s['rows']:,}-row OFX file into a vault already holding {s['committed_before']:,} committed "
            f"rows; after each kill: vault opens, integrity ok, earlier rows all there, the file's rows all-or-nothing "
            f"({s['outcomes']['none']} none, {s['outcomes']['all']} all); {s['resumed']} trials re-imported to the end "
            f"and matched the exact total. {s['seconds']:.0f} s in all.")
    lines.append(f"- failures: {len(failures)}" + ("" if not failures else ": " + "; ".join(failures[:10])))
    lines.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    for line in failures:
        print("FAIL", line, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

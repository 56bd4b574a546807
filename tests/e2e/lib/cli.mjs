// Runs the `coffer` CLI against the test vault (passphrase from a named environment variable,
// never argv) and parses its --json output: the numbers the UI must show.
import { execFileSync } from "node:child_process";
import { env } from "./serve.mjs";

/** A `cli` for another vault: `passphrase()` is asked at each call (a test may change it). */
export function cliFor(vault, passphrase) {
  return (...args) => {
    const out = execFileSync(env.bin, ["--vault", vault, "--passphrase-env", "COFFER_E2E_PASSPHRASE", "--json", ...args], {
      env: { ...process.env, COFFER_E2E_PASSPHRASE: passphrase() },
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(out.toString("utf8"));
  };
}

export function cli(...args) {
  const out = execFileSync(env.bin, ["--vault", env.vault, "--passphrase-env", "COFFER_E2E_PASSPHRASE", "--json", ...args], {
    env: { ...process.env, COFFER_E2E_PASSPHRASE: env.passphrase },
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.toString("utf8"));
}

/** "1234.5" → 123450n (cents), exactly. */
export function cents(text) {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text ?? "0");
  if (m === null) throw new Error(`not a 2-place amount: ${text}`);
  const value = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0") || "0");
  return m[1] === "-" ? -value : value;
}

/** 123450n → "$1,234.50"; negative → "-$1,234.50" (the UI's format). */
export function usd(value) {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}$${whole}.${frac}`;
}

/** balance / limit as a percentage with one decimal, half away from zero ("36.3"). */
export function utilization(balanceCents, limitCents) {
  const owed = balanceCents < 0n ? 0n : balanceCents;
  const exactTenths = (owed * 1000n) / limitCents;
  const rest = (owed * 1000n) % limitCents;
  const tenths = exactTenths + (2n * rest >= limitCents ? 1n : 0n);
  return `${tenths / 10n}.${tenths % 10n}`;
}

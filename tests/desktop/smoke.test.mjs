// The real desktop app in its real webview (WebKitGTK), driven over W3C WebDriver through
// tauri-driver and WebKitWebDriver under Xvfb (scripts/desktop-smoke.sh sets the stage): it starts
// on a passphrase test vault, unlocks it through the lock screen, shows the dashboard with the
// vault's accounts, and exports them as CSV through the `save_file` command (its native save dialog
// skipped by the COFFER_SAVE_DIR automation hook, set to `saved`), then writes an encrypted vault
// backup there through `vault_backup_to_chosen_file` (the same hook). Timings (process start →
// lock screen → dashboard with data) go to artifacts/desktop-timings.json for BENCHMARKS.md.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { findByExe, treeMemory } from "./lib/memory.mjs";
import { Session, until } from "./lib/webdriver.mjs";

const env = {
  driver: need("COFFER_DESKTOP_DRIVER"),
  app: need("COFFER_DESKTOP_APP"),
  bin: need("COFFER_DESKTOP_BIN"),
  vault: need("COFFER_DESKTOP_VAULT"),
  passphrase: need("COFFER_DESKTOP_PASSPHRASE"),
  downloads: need("COFFER_DESKTOP_DOWNLOADS"),
  saved: need("COFFER_DESKTOP_SAVED"),
  artifacts: need("COFFER_DESKTOP_ARTIFACTS"),
};

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run scripts/desktop-smoke.sh`);
  return value;
}

/** The `coffer` CLI's --json answer on the same vault (passphrase from the environment, never argv). */
function cli(...args) {
  const out = execFileSync(env.bin, ["--vault", env.vault, "--passphrase-env", "COFFER_DESKTOP_PASSPHRASE", "--json", ...args], {
    env: { ...process.env, COFFER_DESKTOP_PASSPHRASE: env.passphrase },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.toString("utf8"));
}

// Benchmark mode (scripts/desktop-bench.sh): after the export, stay idle this long, then measure.
const idleSeconds = Number(process.env.COFFER_DESKTOP_IDLE_SECONDS ?? 0);
// How long the app may take to start and to show the dashboard after unlocking (big vaults: more).
const slowMs = Number(process.env.COFFER_DESKTOP_TIMEOUT_MS ?? 60_000);

const BALANCES = "//div[@role='table' and @aria-label='Balances by account']";
const timings = {};
let session;
let startedAt;

before(async () => {
  mkdirSync(env.artifacts, { recursive: true });
  startedAt = performance.now();
  session = await Session.start(env.driver, env.app);
  timings.session_ready_ms = Math.round(performance.now() - startedAt);
});

/** `promise`, or `fallback` once `ms` have passed (a wedged webview must not hang the run). */
const within = (ms, promise, fallback = null) =>
  Promise.race([promise.catch(() => fallback), new Promise((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

after(async () => {
  writeFileSync(join(env.artifacts, "desktop-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
  if (session !== undefined) {
    const shot = await within(15_000, session.screenshot());
    if (shot !== null) writeFileSync(join(env.artifacts, "desktop-last.png"), shot);
    await within(15_000, session.end());
  }
});

describe("the desktop app in WebKitGTK", () => {
  test("starts on the test vault and shows its lock screen", async () => {
    await session.waitFor("//h1[normalize-space()='Unlock Coffer']", "xpath", slowMs);
    timings.start_to_lock_screen_ms = Math.round(performance.now() - startedAt);
    assert.equal(await session.title(), "Coffer");
    const path = await session.waitFor(".lock__path");
    assert.ok((await path.text()).includes(env.vault), "the lock screen names the vault from COFFER_VAULT");
    // Inside the app the UI talks Tauri IPC, not HTTP: the Tauri internals are present.
    assert.equal(await session.execute("return '__TAURI_INTERNALS__' in window"), true);
    writeFileSync(join(env.artifacts, "desktop-lock.png"), await session.screenshot());
  });

  test("unlocks with the passphrase and shows the dashboard with the vault's accounts", async () => {
    const field = await session.waitFor('input[name="passphrase"]');
    await field.type(env.passphrase);
    const unlockAt = performance.now();
    await (await session.find('button[type="submit"]')).click();
    await session.waitFor("//h1[normalize-space()='Dashboard']", "xpath", slowMs);
    const accounts = cli("accounts");
    const rows = await until(
      async () => {
        const found = await session.findAll(`${BALANCES}//div[@role='row' and not(contains(@class,'dt__row--head'))]`, "xpath");
        return found.length > 0 ? found : null;
      },
      { timeoutMs: slowMs, what: "rows in the 'Balances by account' table" },
    );
    timings.unlock_to_dashboard_data_ms = Math.round(performance.now() - unlockAt);
    timings.start_to_dashboard_data_ms = Math.round(performance.now() - startedAt);
    const netWorth = await (await session.waitFor('[data-testid="net-worth"] .tile__value')).text();
    assert.match(netWorth, /^-?\$[\d,]+\.\d{2}$/, `net worth tile: ${netWorth}`);
    // The table is virtualized (only the rows in view are in the DOM); it states its size.
    assert.ok(rows.length > 0 && rows.length <= accounts.length, `${rows.length} rows rendered`);
    const table = await session.find(BALANCES, "xpath");
    assert.equal(await table.attribute("aria-rowcount"), String(accounts.length + 1), "a row per account the CLI lists, plus the header");
    writeFileSync(join(env.artifacts, "desktop-dashboard.png"), await session.screenshot());
  });

  test("exports the balances table as CSV through the save command, not into Downloads", async () => {
    const listing = (dir) => (existsSync(dir) ? readdirSync(dir) : []);
    const downloadsBefore = new Set(listing(env.downloads));
    const button = await session.waitFor(`${BALANCES}/preceding-sibling::div[contains(@class,'dt__toolbar')]//button[normalize-space()='Export CSV']`, "xpath");
    await button.click();
    // The file is written whole (a temporary file renamed into place) under the suggested name.
    const path = join(env.saved, "coffer-accounts.csv");
    await until(() => existsSync(path), { timeoutMs: 20_000, what: `${path} (COFFER_SAVE_DIR)` });
    assert.deepEqual(listing(env.saved), ["coffer-accounts.csv"], "only the CSV, no temporary file left");
    const text = readFileSync(path, "utf8");
    assert.ok(text.endsWith("\r\n"), "RFC 4180 line ends");
    const lines = text.trimEnd().split("\r\n");
    // The table's header, then one row per account the CLI lists, each naming its account.
    assert.equal(lines[0], "id,account,kind,institution,status,balance_as_of,balance,available,credit_limit,apy,maturity_on,currency");
    const accounts = cli("accounts");
    const rows = lines.slice(1);
    assert.equal(rows.length, accounts.length, `rows: ${lines.join(" | ")}`);
    for (const account of accounts) {
      assert.ok(rows.some((row) => row.includes(account.name)), `no CSV row names ${account.name}`);
    }
    // The UI says where the file went; nothing landed silently in the downloads folder.
    const status = await session.waitFor(`${BALANCES}/preceding-sibling::p[@role='status']`, "xpath");
    assert.equal(await status.text(), `Saved to ${path}.`);
    assert.deepEqual(listing(env.downloads).filter((f) => !downloadsBefore.has(f)), [], "no download");
    writeFileSync(join(env.artifacts, "desktop-accounts.csv"), text);
  });

  // Not in benchmark mode: a backup of a big vault would change the idle memory measured below.
  if (idleSeconds === 0) test("backs up the vault through the save command: an encrypted file in COFFER_SAVE_DIR", async () => {
    const before = new Set(readdirSync(env.saved));
    await (await session.waitFor("//nav//button[span[normalize-space()='Settings']]", "xpath")).click();
    await session.waitFor("//h1[normalize-space()='Settings']", "xpath");
    const form = "//form[@aria-label='Back up the vault']";
    await (await session.waitFor(`${form}//input[@name='backup-passphrase']`, "xpath")).type("desktop backup words");
    await (await session.waitFor(`${form}//button[normalize-space()='Choose where to save…']`, "xpath")).click();
    const status = await session.waitFor(`${form}/following-sibling::p[@role='status']`, "xpath", slowMs);
    const written = /^Backup written to (.+)\.$/.exec(await status.text());
    assert.ok(written, `status: ${await status.text()}`);
    const added = readdirSync(env.saved).filter((f) => !before.has(f));
    assert.equal(added.length, 1, `one new file in COFFER_SAVE_DIR: ${added}`);
    assert.match(added[0], /^coffer-backup-.*\.db$/);
    assert.equal(written[1], join(env.saved, added[0]), "the UI names the file it wrote");
    const bytes = readFileSync(written[1]);
    assert.ok(bytes.length > 0, "the backup is not empty");
    assert.notDeepEqual(bytes.subarray(0, 16), Buffer.from("SQLite format 3\0"), "the backup is not a plain SQLite file");
    assert.equal(await session.execute("return document.querySelector('input[name=\"backup-passphrase\"]').value"), "", "the passphrase field is cleared");
    await session.execute("document.querySelector('form[aria-label=\"Back up the vault\"] + p[role=status]').scrollIntoView({ block: 'center' })");
    writeFileSync(join(env.artifacts, "desktop-backup.png"), await session.screenshot());
  });

  if (idleSeconds > 0) {
    test(`measures the memory of the app's processes after ${idleSeconds} s idle`, async () => {
      await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
      const app = findByExe(realpathSync(env.app));
      assert.notEqual(app, null, "the app's process is running");
      const memory = treeMemory(app);
      assert.ok(memory.processes.some((p) => /^WebKitWebProces/.test(p.name)), `a WebKit web process: ${JSON.stringify(memory.processes)}`);
      timings.idle_seconds = idleSeconds;
      timings.idle_memory = memory;
    });
  }
});

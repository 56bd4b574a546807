// The app's flows in Debian's Chromium over `coffer serve`, on a vault and a sandbox bank of this
// file's own (they change the vault: keys, rules, a restore), in order: link SimpleFIN with a
// setup token and watch the sync's progress; sign in to the issuer (one-time code) and to FDX
// (a new tab, the loopback redirect); import an OFX file and a CSV that needs a column
// mapping (then a second CSV that uses the saved mapping); edit a category, make it a rule with
// "apply to N similar" and check the stored rows; back up, change the vault, restore; change the
// passphrase and unlock with the new one; auto-lock after idle (the page's clock fast-forwarded).
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openPage, screenshot } from "../lib/browser.mjs";
import { cliFor } from "../lib/cli.mjs";
import { openOwnWorld } from "../lib/sandbox.mjs";

const WAIT = { timeout: 30_000 };
const dir = mkdtempSync(join(tmpdir(), "coffer-e2e-flows-"));
const vault = join(dir, "flows.db");
let passphrase = "flows first passphrase";
let browser;
let server;
let world;
let sandboxUrl;
let page;

/** The CLI on this file's vault; the passphrase travels in an environment variable. */
const cli = cliFor(vault, () => passphrase);

const nav = (name) => page.getByRole("button", { name: new RegExp(`^${name}`) }).first().click();
const OFX = `<?xml version="1.0"?>
<?OFX OFXHEADER="200" VERSION="220"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20261101</DTSERVER><LANGUAGE>ENG</LANGUAGE><FI><ORG>Flow Bank</ORG><FID>9</FID></FI></SONRS></SIGNONMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><CCSTMTRS><CURDEF>USD</CURDEF><CCACCTFROM><ACCTID>4111000011112222</ACCTID></CCACCTFROM>
<BANKTRANLIST><DTSTART>20261001</DTSTART><DTEND>20261031</DTEND>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261003</DTPOSTED><TRNAMT>-12.50</TRNAMT><FITID>F1</FITID><NAME>ZEPHYR COFFEE ROASTERS</NAME></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261009</DTPOSTED><TRNAMT>-7.25</TRNAMT><FITID>F2</FITID><NAME>ZEPHYR COFFEE ROASTERS</NAME></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261012</DTPOSTED><TRNAMT>-40.00</TRNAMT><FITID>F3</FITID><NAME>CORNER HARDWARE</NAME></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>-59.75</BALAMT><DTASOF>20261031</DTASOF></LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
`;
const ODD_CSV = "Booked,Payee,Spent\n2026-10-14,NEIGHBORHOOD BAKERY,4.75\n2026-10-15,ZEPHYR COFFEE ROASTERS,5.10\n";

async function openImport() {
  await nav("Connections");
  await page.getByTestId("add-connection").click();
  await page.getByLabel(/Import a file/).check();
}

async function importFile(name, content) {
  await page.locator('input[name="import-file"]').setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(content) });
}

/** The "which account" step of an import: picks the account whose label shows `mask`. */
async function chooseAccount(mask) {
  const form = page.getByRole("form", { name: "Choose the account" });
  await form.waitFor(WAIT);
  const value = await form.locator('select[name="import-account"] option', { hasText: mask }).first().getAttribute("value");
  await form.locator('select[name="import-account"]').selectOption(value);
  await form.getByRole("button", { name: "Import into this account" }).click();
}

async function txCount() {
  await nav("Transactions");
  const count = page.getByTestId("tx-count");
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="tx-count"]')?.textContent ?? ""), null, WAIT);
  return Number(/^[\d,]+/.exec((await count.textContent()).trim())[0].replace(/,/g, ""));
}

before(async () => {
  world = await openOwnWorld({ dir, vault, passphrase, sandboxArgs: ["--cards", "1", "--savings", "1", "--cds", "1", "--months", "3", "--tx-per-month", "25", "--faults", "latency=120ms"] });
  ({ browser, server, sandboxUrl, page } = world);
});

after(async () => {
  await world?.close();
});

describe("the app's flows", () => {
  test("link SimpleFIN with a setup token, then sync with live progress", async () => {
    const token = await (await fetch(`${sandboxUrl}/_sandbox/simplefin/setup-token`)).text();
    await nav("Connections");
    await page.getByTestId("add-connection").click();
    await page.getByLabel(/SimpleFIN Bridge/).check();
    await page.locator('input[name="setup-token"]').fill(token.trim());
    await page.getByRole("button", { name: "Link SimpleFIN" }).click();
    await page.getByTestId("linked").waitFor(WAIT);
    assert.equal(await page.locator('input[name="setup-token"]').count(), 0, "the token field is gone");
    assert.ok(!(await page.content()).includes(token.trim()), "the token is never shown back");

    // Watch the progress bar while the sync runs: it must show rows before the sync ends.
    await page.evaluate(() => {
      window.__syncSeen = { bar: false, rows: 0 };
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="sync-bar"] progress');
        if (bar !== null) {
          window.__syncSeen.bar = true;
          window.__syncSeen.rows = Math.max(window.__syncSeen.rows, Number(bar.getAttribute("data-rows")));
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole("button", { name: /^Sync .* now$/ }).click();
    await page.getByTestId("sync-bar").waitFor(WAIT);
    await screenshot(page, "flows-sync-progress");
    // The UI stays usable meanwhile: another view opens.
    await nav("Settings");
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor(WAIT);
    await nav("Connections");
    await page.getByTestId("sync-summary").waitFor(WAIT);
    const seen = await page.evaluate(() => window.__syncSeen);
    assert.ok(seen.bar, "the progress bar appeared");
    assert.ok(seen.rows > 0, `progress reported rows while syncing (saw ${seen.rows})`);
    assert.match(await page.getByTestId("sync-summary").textContent(), /synced — \d+ new/);
    // New data appears without a reload.
    const shown = await txCount();
    const stored = cli("transactions").length;
    assert.ok(shown > 20, `${shown} transactions shown`);
    assert.equal(shown, stored);
  });

  test("sign in to the card issuer: password, then the one-time code", async () => {
    await nav("Connections");
    await page.getByTestId("add-connection").click();
    await page.getByLabel(/Card issuer/).check();
    const form = page.getByRole("form", { name: "Sign in to a card issuer" });
    await form.locator('input[name="issuer-url"]').fill(`${sandboxUrl}/api/v1/barclays-us`);
    await form.locator('input[name="institution"]').fill("Issuer via the app");
    await form.locator('input[name="username"]').fill("demo");
    await form.locator('input[name="password"]').fill("demo");
    await form.getByRole("button", { name: "Sign in" }).click();
    const code = page.getByRole("form", { name: "One-time code" });
    await code.waitFor(WAIT);
    await code.locator('input[name="otp"]').fill("123456");
    await code.getByRole("button", { name: "Finish signing in" }).click();
    await page.getByTestId("linked").filter({ hasText: "Issuer via the app" }).waitFor(WAIT);
    const linked = cli("connections").find((c) => c.display_name === "Issuer via the app");
    assert.equal(linked?.kind, "issuer");
    assert.ok(linked.scopes.length > 0);
  });

  test("link FDX: the sign-in opens in a new tab and comes back on the loopback redirect", async () => {
    await nav("Connections");
    await page.getByTestId("add-connection").click();
    await page.getByLabel(/FDX/).check();
    const form = page.getByRole("form", { name: "Link an FDX provider" });
    await form.locator('input[name="fdx-url"]').fill(`${sandboxUrl}/fdx/v6`);
    await form.locator('input[name="institution"]').fill("FDX via the app");
    const tab = page.context().waitForEvent("page", WAIT);
    await form.getByRole("button", { name: "Sign in at the bank" }).click();
    const signIn = await tab;
    await page.getByTestId("linked").filter({ hasText: "FDX via the app" }).waitFor(WAIT);
    await signIn.close();
    const linked = cli("connections").find((c) => c.display_name === "FDX via the app");
    assert.equal(linked?.kind, "fdx");
  });

  test("import an OFX file, then a CSV whose columns are mapped once and remembered", async () => {
    const before = cli("transactions").length;
    await openImport();
    await importFile("october.ofx", OFX);
    await page.getByTestId("import-result").waitFor(WAIT);
    assert.match(await page.getByTestId("import-result").textContent(), /Imported october\.ofx: \d+ added/);

    await importFile("odd.csv", ODD_CSV);
    await chooseAccount("2222");
    const mapping = page.getByRole("form", { name: "Map the CSV columns" });
    await mapping.waitFor(WAIT);
    await screenshot(page, "flows-csv-mapping");
    await page.getByRole("button", { name: "Import with these columns" }).click();
    await page.getByTestId("import-result").filter({ hasText: "odd.csv" }).waitFor(WAIT);
    assert.match(await page.getByTestId("import-result").textContent(), /2 added.*mapping is saved/);
    assert.equal(cli("transactions").length, before + 5);
    const bakery = cli("transactions", "--search", "neighborhood bakery");
    assert.deepEqual(bakery.map((t) => t.amount), ["-4.75"], "spending was positive in the file");
  });

  test("edit a category, make it a rule with 'apply to N similar', and the stored rows follow", async () => {
    await nav("Transactions");
    await page.locator(".topbar__search input, input[type=search]").first().fill("zephyr");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /^3 transactions/.test(document.querySelector('[data-testid="tx-count"]')?.textContent ?? ""), null, WAIT);
    await page.getByTestId("edit-category").first().click();
    const editor = page.getByTestId("category-editor");
    await editor.locator('select[name="edit-category"]').selectOption("Dining");
    await editor.getByRole("button", { name: "Save category" }).click();
    const apply = editor.getByTestId("apply-similar");
    await page.waitForFunction(() => /^Apply to \d+ similar$/.test(document.querySelector('[data-testid="apply-similar"]')?.textContent ?? ""), null, WAIT);
    assert.equal(await apply.textContent(), "Apply to 2 similar");
    await screenshot(page, "flows-rule");
    await apply.click();
    await editor.getByTestId("rule-done").waitFor(WAIT);
    assert.match(await editor.getByTestId("rule-done").textContent(), /2 similar transactions are now Dining/);
    const rows = cli("transactions", "--search", "zephyr");
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((t) => t.category), ["Dining", "Dining", "Dining"]);
    await editor.getByRole("button", { name: "Close" }).click();
    await page.getByRole("button", { name: "Clear", exact: true }).click();
  });

  test("back up, change the vault, then restore the backup", async () => {
    const target = join(dir, "backup-1.db");
    await nav("Settings");
    await page.locator('input[name="backup-passphrase"]').fill("backup words here");
    await page.locator('input[name="backup-target"]').fill(target);
    await page.getByRole("button", { name: "Back up now" }).click();
    await page.getByText(`Backup written to ${target}.`).waitFor(WAIT);
    const backedUp = cli("transactions").length;

    // A new CSV for the same account needs no column step: the mapping was remembered.
    await openImport();
    await importFile("late.csv", "Booked,Payee,Spent\n2026-11-02,LATE ROW,9.00\n");
    await chooseAccount("2222");
    await page.getByTestId("import-result").filter({ hasText: "late.csv" }).waitFor(WAIT);
    assert.equal(cli("transactions").length, backedUp + 1);

    await nav("Settings");
    await page.locator('input[name="restore-path"]').fill(target);
    await page.locator('input[name="restore-passphrase"]').fill("backup words here");
    const restoredPassphrase = "restored vault passphrase";
    await page.locator('input[name="restored-vault-passphrase"]').fill(restoredPassphrase);
    await page.getByRole("button", { name: "Restore this backup" }).click();
    await page.getByText(/^Restored\. The vault it replaced is kept at/).waitFor(WAIT);
    passphrase = restoredPassphrase;
    assert.equal(cli("transactions").length, backedUp);
    assert.equal(await txCount(), backedUp, "the app shows the restored data");
  });

  test("change the passphrase, then unlock with the new one only", async () => {
    await nav("Settings");
    await page.locator('input[name="current-passphrase"]').fill(passphrase);
    await page.locator('input[name="new-passphrase"]').fill("the newest passphrase");
    await page.locator('input[name="confirm-passphrase"]').fill("the newest passphrase");
    await page.getByRole("button", { name: "Change", exact: true }).click();
    await page.getByText("The vault is now protected by the new passphrase.").waitFor(WAIT);
    const old = passphrase;
    passphrase = "the newest passphrase";

    await page.getByRole("button", { name: /^Lock now/ }).click();
    const lock = page.getByRole("heading", { name: "Unlock Coffer" });
    await lock.waitFor(WAIT);
    await page.locator('input[type="password"]').fill(old);
    await page.getByRole("button", { name: "Unlock", exact: true }).click();
    await page.waitForFunction(() => (document.querySelector("#unlock-error")?.textContent ?? "").trim() !== "", null, WAIT);
    await page.locator('input[type="password"]').fill(passphrase);
    await page.getByRole("button", { name: "Unlock", exact: true }).click();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor(WAIT);
  });

  test("auto-lock after idle locks the vault in Rust too", async () => {
    const idle = await openPage(browser);
    await idle.clock.install();
    await idle.goto(server.url);
    await idle.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor(WAIT);
    await idle.getByRole("button", { name: /^Settings/ }).first().click();
    await idle.locator('select[name="auto-lock"]').selectOption("1");
    await idle.getByText("Coffer locks after 1 idle minute.").waitFor(WAIT);
    // The new delay takes effect once the frame has re-read the setting; jump a minute at a time.
    const lockHeading = idle.getByRole("heading", { name: "Unlock Coffer" });
    for (let minute = 0; minute < 5 && !(await lockHeading.isVisible()); minute++) {
      await idle.clock.fastForward(61_000);
      await lockHeading.waitFor({ timeout: 3_000 }).catch(() => {});
    }
    await lockHeading.waitFor(WAIT);
    const info = await idle.evaluate(async () => {
      const token = sessionStorage.getItem("coffer.serve-token");
      const r = await fetch("/api/app_info", { method: "POST", headers: { "Content-Type": "application/json", "X-Coffer-Token": token }, body: "{}" });
      return r.json();
    });
    assert.equal(info.unlocked, false, "the server dropped the key");
    await idle.context().close();
  });
});

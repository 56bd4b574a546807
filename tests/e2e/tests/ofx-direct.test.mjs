// "Add connection" › OFX Direct Connect in Debian's Chromium over `coffer serve`, on a vault and a
// sandbox bank of this file's own: a plain-http address to another machine is refused, naming the
// field, with nothing linked; then the sandbox's OFX server (1.x, SGML) links, the password is
// gone from the page, "Sync … now" downloads exactly the sandbox's posted rows, and the new
// connection and its transactions show in the app.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { screenshot } from "../lib/browser.mjs";
import { cliFor } from "../lib/cli.mjs";
import { openOwnWorld } from "../lib/sandbox.mjs";

const WAIT = { timeout: 30_000 };
const PASSWORD = "demo"; // the sandbox's OFX sign-on is demo/demo
const dir = mkdtempSync(join(tmpdir(), "coffer-e2e-ofx-"));
const vault = join(dir, "ofx.db");
const passphrase = "ofx direct passphrase";
let world;
let sandboxUrl;
let page;

/** The CLI on this file's vault; the passphrase travels in an environment variable. */
const cli = cliFor(vault, () => passphrase);

/** The account lines for the form, from the sandbox's OFX truth (bank id as in the API test). */
function accountLines(truth) {
  return Object.entries(truth.accounts)
    .map(([id, a]) => (a.kind === "credit_card" ? `CREDITCARD:${id}` : `${a.kind === "cd" ? "CD" : "SAVINGS"}:999999999:${id}`))
    .join("\n");
}

async function openOfxForm() {
  await page.getByRole("button", { name: /^Connections/ }).first().click();
  await page.getByTestId("add-connection").click();
  await page.getByLabel(/OFX Direct Connect/).check();
  const form = page.getByRole("form", { name: "Link OFX Direct Connect" });
  await form.waitFor(WAIT);
  return form;
}

before(async () => {
  world = await openOwnWorld({ dir, vault, passphrase, sandboxArgs: ["--cards", "1", "--savings", "1", "--cds", "1", "--months", "2", "--tx-per-month", "10"] });
  ({ sandboxUrl, page } = world);
});

after(async () => {
  await world?.close();
});

describe("OFX Direct Connect", () => {
  let truth;

  test("a plain-http address to another machine is refused, naming the field; nothing is linked", async () => {
    truth = await (await fetch(`${sandboxUrl}/_sandbox/truth/ofx`)).json();
    const form = await openOfxForm();
    await form.locator('input[name="ofx-url"]').fill("http://ofx.bank.example/ofx");
    await form.locator('input[name="ofx-user"]').fill("demo");
    await form.locator('input[name="ofx-password"]').fill(PASSWORD);
    await form.locator('textarea[name="ofx-accounts"]').fill(accountLines(truth));
    await form.getByRole("button", { name: "Link OFX Direct Connect" }).click();
    const error = page.locator("#ofx-url-error");
    await error.waitFor(WAIT);
    assert.match(await error.textContent(), /address must start with https:\/\//);
    assert.equal(await form.locator('input[name="ofx-url"]').getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByTestId("linked").count(), 0);
    assert.deepEqual(cli("connections"), []);
    await screenshot(page, "ofx-direct-bad-address");
  });

  test("the sandbox's OFX server links, syncs, and its connection and transactions show", async () => {
    const form = page.getByRole("form", { name: "Link OFX Direct Connect" });
    await form.locator('input[name="institution"]').fill("Sandbox OFX");
    await form.locator('input[name="ofx-url"]').fill(`${sandboxUrl}/ofx`);
    await form.locator('input[name="ofx-org"]').fill("CofferSandbox");
    await form.locator('input[name="ofx-fid"]').fill("9999");
    await form.getByRole("button", { name: "Link OFX Direct Connect" }).click();
    await page.getByTestId("linked").filter({ hasText: "Sandbox OFX" }).waitFor(WAIT);

    // The password is in no field and no storage once sent.
    assert.equal(await page.locator('input[name="ofx-password"]').count(), 0, "the form is closed");
    const values = await page.evaluate(() => [
      ...[...document.querySelectorAll("input, textarea")].map((e) => e.value),
      ...Object.values(sessionStorage),
      ...Object.values(localStorage),
    ]);
    assert.ok(!values.includes(PASSWORD), "the password is not left in the page");
    const linked = cli("connections");
    assert.equal(linked.length, 1);
    assert.equal(linked[0].kind, "ofx");

    await page.getByRole("button", { name: "Sync Sandbox OFX now" }).click();
    const summary = page.getByTestId("sync-summary");
    await summary.waitFor(WAIT);
    assert.match(await summary.textContent(), /Sandbox OFX:\s*synced — \d+ new/);
    const card = page.getByRole("list", { name: "Connections" }).getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Sandbox OFX" }) });
    await card.waitFor(WAIT);
    assert.doesNotMatch(await card.textContent(), /Last sync\s*Never/);
    await screenshot(page, "ofx-direct-synced");

    await page.getByRole("button", { name: /^Transactions/ }).first().click();
    await page.waitForFunction((n) => (document.querySelector('[data-testid="tx-count"]')?.textContent ?? "").startsWith(`${n} transactions`), truth.counts.posted, WAIT);
    assert.equal(cli("transactions").length, truth.counts.posted);
    assert.equal(cli("accounts").length, truth.counts.accounts);
    assert.ok(truth.counts.posted > 0);
  });
});

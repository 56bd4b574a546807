// The UI over `coffer serve` in Debian's Chromium: lock screen, wrong and right passphrase,
// the vault's row counts (Settings) equal `coffer status`, lock, the token screen, a server started unlocked,
// no Content-Security-Policy violation anywhere; screenshots in light and dark.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launch, openPage, screenshot } from "../lib/browser.mjs";
import { cli } from "../lib/cli.mjs";
import { env, startServe } from "../lib/serve.mjs";

const WAIT = { timeout: 20_000 };
let browser;
let server; // the locked server scripts/e2e.sh started (or one of our own)
let ownServer = null;
const pages = [];

async function page(options) {
  const p = await openPage(browser, options);
  pages.push(p);
  return p;
}

const lockHeading = (p) => p.getByRole("heading", { name: "Unlock Coffer" });
const dashboardHeading = (p) => p.getByRole("heading", { name: "Dashboard", level: 1 });

/** The "Rows" cell of a kind of data in Settings' "What the vault holds" table. */
async function rowCount(p, label) {
  await p.getByRole("button", { name: /^Settings/ }).click();
  // The counts come with the integrity check, which runs when asked (once per visit).
  await p.getByRole("heading", { name: "Vault", exact: true }).waitFor(WAIT);
  const check = p.getByRole("button", { name: "Check integrity and count rows" });
  if ((await check.count()) > 0) await check.click();
  const table = p.getByRole("table", { name: "Rows per kind of data" });
  const row = table.getByRole("row").filter({ has: p.getByRole("cell", { name: label, exact: true }) });
  await row.waitFor(WAIT);
  return (await row.getByRole("cell").nth(1).textContent()).trim();
}

const grouped = (n) => n.toLocaleString("en-US");

before(async () => {
  browser = await launch();
  if (process.env.COFFER_E2E_URL) {
    server = { url: process.env.COFFER_E2E_URL };
  } else {
    ownServer = await startServe();
    server = ownServer;
  }
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
});

after(async () => {
  await browser?.close();
  await ownServer?.stop();
});

describe("coffer serve in a browser", () => {
  test("the lock screen renders (light and dark) and the token leaves the address bar", async () => {
    const light = await page({ colorScheme: "light" });
    await light.goto(server.url);
    await lockHeading(light).waitFor(WAIT);
    assert.equal(await light.locator('input[type="password"]').count(), 1);
    assert.ok((await light.locator(".lock__path").textContent()).includes(env.vault));
    assert.ok(!light.url().includes("token"), `the fragment was not removed: ${light.url()}`);
    await screenshot(light, "lock-light");

    const dark = await page({ colorScheme: "dark" });
    await dark.goto(server.url);
    await lockHeading(dark).waitFor(WAIT);
    const background = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBackground = await light.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, lightBackground, "dark mode follows prefers-color-scheme");
    await screenshot(dark, "lock-dark");
  });

  test("a wrong passphrase shows a clear message and stays locked", async () => {
    const p = await page();
    await p.goto(server.url);
    await lockHeading(p).waitFor(WAIT);
    const field = p.locator('input[type="password"]');
    await field.fill("not the passphrase");
    await field.press("Enter");
    const alert = p.locator("#unlock-error");
    await p.waitForFunction(() => document.querySelector("#unlock-error")?.textContent?.trim() !== "", null, WAIT);
    const message = (await alert.textContent()).trim();
    assert.match(message, /passphrase or key does not unlock/);
    assert.ok(await lockHeading(p).isVisible(), "still on the lock screen");
    assert.equal(await field.inputValue(), "", "the field is cleared");
    assert.equal(await dashboardHeading(p).count(), 0);
  });

  test("the right passphrase opens the dashboard; the vault's row counts equal `coffer status`", async () => {
    const p = await page();
    await p.goto(server.url);
    await lockHeading(p).waitFor(WAIT);
    await p.locator('input[type="password"]').fill(env.passphrase);
    await p.getByRole("button", { name: "Unlock", exact: true }).click();
    await dashboardHeading(p).waitFor(WAIT);
    const { counts } = cli("status");
    assert.equal(await rowCount(p, "Categories"), "21");
    assert.equal(await rowCount(p, "Transactions"), grouped(counts.transactions));
    assert.equal(await rowCount(p, "Statements"), grouped(counts.statements));
    assert.ok((await p.locator(".facts").first().textContent()).includes(env.vault) || (await p.locator(".facts").nth(1).textContent()).includes(env.vault));

    // Reloading the tab keeps working: the token lives on in sessionStorage, not the URL.
    await p.reload();
    await dashboardHeading(p).waitFor(WAIT);

    const dark = await page({ colorScheme: "dark" });
    await dark.goto(server.url);
    await dashboardHeading(dark).waitFor(WAIT);
  });

  test("lock returns to the lock screen", async () => {
    const p = await page();
    await p.goto(server.url);
    await dashboardHeading(p).waitFor(WAIT);
    await p.getByRole("button", { name: /^Lock/ }).click();
    await lockHeading(p).waitFor(WAIT);
    // Locked on the server too: a fresh tab lands on the lock screen.
    const again = await page();
    await again.goto(server.url);
    await lockHeading(again).waitFor(WAIT);
  });

  test("without the token the page says to open the printed URL", async () => {
    const p = await page();
    const bare = server.url.replace(/#.*$/, "");
    await p.goto(bare);
    await p.getByRole("heading", { name: "Open the link Coffer printed" }).waitFor(WAIT);
    assert.equal(await lockHeading(p).count(), 0);
    const wrong = await page();
    await wrong.goto(`${bare}#token=${"0".repeat(64)}`);
    await wrong.getByRole("heading", { name: "Open the link Coffer printed" }).waitFor(WAIT);
  });

  test("a server started with --passphrase-stdin opens directly on the dashboard", async () => {
    const unlocked = await startServe({ passphrase: env.passphrase });
    try {
      const p = await page();
      await p.goto(unlocked.url);
      await dashboardHeading(p).waitFor(WAIT);
      assert.equal(await lockHeading(p).count(), 0);
      assert.equal(await rowCount(p, "Categories"), "21");
    } finally {
      assert.equal(await unlocked.stop(), 0, "coffer serve stops cleanly on SIGTERM");
    }
  });

  test("the CSP is enforced: an injected inline script is blocked, and the check sees it", async () => {
    const p = await openPage(browser); // not in `pages`: this one is meant to violate
    try {
      await p.goto(server.url.replace(/#.*$/, ""));
      await p.getByRole("heading", { name: "Open the link Coffer printed" }).waitFor(WAIT);
      const ran = await p.evaluate(async () => {
        window.__injectedRan = false;
        const script = document.createElement("script");
        script.textContent = "window.__injectedRan = true";
        document.body.append(script);
        await new Promise((r) => setTimeout(r, 200));
        return window.__injectedRan;
      });
      assert.equal(ran, false, "an inline script ran despite the CSP");
      const violations = await p.cspViolations();
      assert.ok(violations.some((v) => v.includes("script-src")), `no violation recorded: ${violations}`);
    } finally {
      await p.context().close();
    }
  });

  test("no page hit a Content-Security-Policy violation or an uncaught error", async () => {
    assert.ok(pages.length >= 8);
    for (const p of pages) {
      assert.deepEqual(await p.cspViolations(), [], `CSP violations on ${p.url()}`);
      assert.deepEqual(p.problems.pageErrors, [], `uncaught errors on ${p.url()}`);
    }
  });
});

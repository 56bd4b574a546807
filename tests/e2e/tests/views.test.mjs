// The data views over a sandbox-synced demo vault (scripts/e2e.sh runs `coffer demo` and imports
// a statement whose merchant is `<img src=x onerror=alert(1)>`): every number is checked against
// the `coffer --json` CLI on the same vault; search and filters narrow the transactions; CSV
// export downloads every matching row; a statement PDF is saved; the hostile merchant renders as
// text and runs nothing; lock and unlock; screenshots of every view, light and dark.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launch, openPage, screenshot } from "../lib/browser.mjs";
import { cents, cli, usd, utilization } from "../lib/cli.mjs";
import { env, startServe } from "../lib/serve.mjs";

const WAIT = { timeout: 20_000 };
const HOSTILE = "<img src=x onerror=alert(1)>";
let browser;
let server;
const pages = [];

async function page(options) {
  const p = await openPage(browser, options);
  await p.addInitScript(() => {
    window.__alerts = [];
    window.alert = (m) => window.__alerts.push(String(m));
  });
  p.on("dialog", (d) => {
    p.problems.pageErrors.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  pages.push(p);
  await p.goto(server.url);
  await heading(p, "Dashboard").waitFor(WAIT);
  return p;
}

const heading = (p, name) => p.getByRole("heading", { name, level: 1, exact: true });
const grouped = (n) => n.toLocaleString("en-US");
const label = (a) => (a.mask !== null && !a.name.endsWith(a.mask) ? `${a.name} …${a.mask}` : a.name);

async function go(p, name) {
  await p.getByRole("navigation", { name: "Views" }).getByRole("button", { name: new RegExp(`^${name}`) }).click();
  await heading(p, name).waitFor(WAIT);
}

/** The transactions view's "N transactions" once it settles on `expected` (or times out). */
async function txCount(p, expected) {
  const count = p.getByTestId("tx-count");
  await p.waitForFunction(
    (want) => document.querySelector('[data-testid="tx-count"]')?.textContent?.startsWith(`${want} transactions`),
    grouped(expected),
    WAIT,
  ).catch(() => {});
  return (await count.textContent()).trim();
}

async function download(p, click) {
  const [file] = await Promise.all([p.waitForEvent("download", WAIT), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** RFC 4180 lines → cells (quotes and doubled quotes; no newlines inside the test's cells). */
function parseCsv(text) {
  return text
    .trimEnd()
    .split("\r\n")
    .map((line) => {
      const cells = [];
      let cell = "";
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
          else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ",") cells.push(cell), (cell = "");
        else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

before(async () => {
  browser = await launch();
  server = await startServe({ passphrase: env.passphrase });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the data views over a sandbox-synced vault", () => {
  test("the dashboard shows the accounts' numbers: net worth, savings, CDs, card balances, credit and utilization", async () => {
    const accounts = cli("accounts").filter((a) => a.status !== "closed");
    const sum = (kind) => accounts.filter((a) => a.kind === kind).reduce((s, a) => s + cents(a.balance ?? "0"), 0n);
    const cards = accounts.filter((a) => a.kind === "credit_card");
    const limit = cards.reduce((s, a) => s + cents(a.credit_limit ?? "0"), 0n);
    const netWorth = sum("savings") + sum("checking") + sum("cd") - sum("credit_card");
    assert.ok(cards.length >= 4 && sum("savings") > 0n && sum("cd") > 0n, "the demo vault has cards, savings and CDs");

    const p = await page();
    const tile = async (id) => (await p.getByTestId(id).locator(".tile__value").textContent()).trim();
    await p.getByTestId("net-worth").waitFor(WAIT);
    assert.equal(await tile("net-worth"), usd(netWorth));
    assert.equal(await tile("savings"), usd(sum("savings")));
    assert.equal(await tile("cds"), usd(sum("cd")));
    assert.equal(await tile("card-balances"), usd(sum("credit_card")));
    assert.equal(await tile("utilization"), `${utilization(sum("credit_card"), limit)}%`);

    const table = p.getByRole("table", { name: "Cards" });
    for (const card of cards.filter((c) => c.credit_limit !== null)) {
      const row = table.getByRole("row").filter({ hasText: label(card) });
      const text = await row.textContent();
      assert.ok(text.includes(`${utilization(cents(card.balance), cents(card.credit_limit))}%`), `${label(card)}: ${text}`);
      assert.ok(text.includes(usd(cents(card.balance))), `${label(card)} balance: ${text}`);
    }
    const balances = p.getByRole("table", { name: "Balances by account" });
    assert.equal(await balances.getAttribute("aria-rowcount"), String(cli("accounts").length + 1));
    const openCds = accounts.filter((a) => a.kind === "cd" && a.status === "open");
    assert.equal(await p.getByRole("table", { name: "CD maturities" }).getAttribute("aria-rowcount"), String(openCds.length + 1));
  });

  test("search and filters narrow the transactions, with counts equal to `coffer transactions`", async () => {
    const p = await page();
    await go(p, "Transactions");
    const all = cli("transactions");
    assert.equal(await txCount(p, all.length), `${grouped(all.length)} transactions`);

    await p.keyboard.press("/");
    await p.keyboard.type("tokyo");
    await p.keyboard.press("Enter");
    const tokyo = cli("transactions", "--search", "tokyo");
    assert.ok(tokyo.length > 0 && tokyo.length < all.length);
    assert.match(await txCount(p, tokyo.length), new RegExp(`^${grouped(tokyo.length)} transactions matching`));

    await p.locator('select[name="status"]').selectOption("pending");
    const pending = cli("transactions", "--search", "tokyo", "--status", "pending");
    assert.match(await txCount(p, pending.length), new RegExp(`^${grouped(pending.length)} transactions`));

    await p.getByRole("button", { name: "Clear", exact: true }).click();
    await txCount(p, all.length);
    const account = all[0].account_id;
    await p.locator('select[name="account"]').selectOption(String(account));
    const byAccount = cli("transactions", "--account", String(account));
    assert.match(await txCount(p, byAccount.length), new RegExp(`^${grouped(byAccount.length)} transactions`));
    await p.locator('input[name="from"]').fill("2026-01-01");
    await p.locator('input[name="to"]').fill("2026-03-31");
    const inQ1 = cli("transactions", "--account", String(account), "--from", "2026-01-01", "--to", "2026-03-31");
    assert.match(await txCount(p, inQ1.length), new RegExp(`^${grouped(inQ1.length)} transactions`));
    await screenshot(p, "transactions-filtered-light");
  });

  test("Export CSV downloads every row the filters match, not only the visible page", async () => {
    const p = await page();
    await go(p, "Transactions");
    const all = cli("transactions");
    await txCount(p, all.length);
    const { name, bytes } = await download(p, () => p.getByRole("button", { name: "Export CSV" }).click());
    assert.equal(name, "coffer-transactions.csv");
    const rows = parseCsv(bytes.toString("utf8"));
    assert.equal(rows[0][0], "id");
    assert.equal(rows.length - 1, all.length, "every transaction, far more than one page");
    assert.deepEqual(rows.slice(1).map((r) => Number(r[0])), all.map((t) => t.id));
    const amount = rows[0].indexOf("amount");
    assert.deepEqual(rows.slice(1).map((r) => r[amount]), all.map((t) => t.amount));

    await p.keyboard.press("/");
    await p.keyboard.type("tokyo");
    await p.keyboard.press("Enter");
    const tokyo = cli("transactions", "--search", "tokyo");
    await txCount(p, tokyo.length);
    const filtered = parseCsv((await download(p, () => p.getByRole("button", { name: "Export CSV" }).click())).bytes.toString("utf8"));
    assert.deepEqual(filtered.slice(1).map((r) => Number(r[0])), tokyo.map((t) => t.id));
  });

  test(`a merchant named ${HOSTILE} renders as text and runs nothing`, async () => {
    const p = await page();
    await go(p, "Transactions");
    await p.keyboard.press("/");
    await p.keyboard.type("onerror");
    await p.keyboard.press("Enter");
    const hits = cli("transactions", "--search", "onerror");
    assert.equal(hits.length, 1);
    assert.equal(hits[0].description, HOSTILE);
    await txCount(p, 1);
    const cell = p.getByRole("table", { name: "Transactions" }).getByText(HOSTILE, { exact: true });
    await cell.waitFor(WAIT);
    await p.waitForTimeout(300);
    assert.equal(await p.locator('img[src="x"]').count(), 0, "no <img> element was made from the merchant name");
    assert.deepEqual(await p.evaluate(() => window.__alerts), []);
    // Its CSV cell is the same text (not a formula).
    const rows = parseCsv((await download(p, () => p.getByRole("button", { name: "Export CSV" }).click())).bytes.toString("utf8"));
    assert.equal(rows[1][rows[0].indexOf("description")], HOSTILE);
  });

  test("statements list every cycle and save a PDF; transfers and card activity list every row", async () => {
    const { counts } = cli("status");
    const p = await page();
    await go(p, "Statements");
    assert.equal(await p.getByRole("table", { name: "Statements" }).getAttribute("aria-rowcount"), String(counts.statements + 1));
    const pdf = await download(p, () => p.getByRole("button", { name: /^Save the PDF of the/ }).first().click());
    assert.match(pdf.name, /^statement-.*\.pdf$/);
    assert.equal(pdf.bytes.subarray(0, 4).toString("latin1"), "%PDF");
    await go(p, "Transfers");
    assert.equal(await p.getByRole("table", { name: "Transfers" }).getAttribute("aria-rowcount"), String(counts.transfers + 1));
    const transfers = parseCsv((await download(p, () => p.getByRole("button", { name: "Export CSV" }).click())).bytes.toString("utf8"));
    assert.equal(transfers.length - 1, counts.transfers);
    await go(p, "Card activity");
    assert.equal(await p.getByRole("table", { name: "Card activity" }).getAttribute("aria-rowcount"), String(counts.card_events + 1));
    await go(p, "FICO");
    assert.equal(await p.getByRole("table", { name: "Credit scores" }).getAttribute("aria-rowcount"), String(counts.credit_scores + 1));
    await go(p, "Connections");
    const connections = cli("connections");
    for (const c of connections) await p.getByRole("heading", { name: c.display_name, level: 2 }).first().waitFor(WAIT);
    await go(p, "Settings");
    // The table is there before its rows arrive: wait for them.
    await p.waitForFunction(() => Number(document.querySelector('[aria-label="Audit log"]')?.getAttribute("aria-rowcount")) > 1, null, WAIT);
  });

  test("every view renders in light and dark (screenshots)", async () => {
    const views = ["Dashboard", "Transactions", "Accounts", "Spend", "FICO", "Rewards", "CD ladder", "Statements", "Transfers", "Card activity", "Connections", "Settings"];
    for (const colorScheme of ["light", "dark"]) {
      const p = await page({ colorScheme });
      for (const view of views) {
        await go(p, view);
        await p.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, null, WAIT);
        await p.waitForTimeout(150);
        const id = view.toLowerCase().replace(/\s+/g, "-");
        await screenshot(p, `${id}-${colorScheme}`);
      }
    }
  });

  test("lock, then unlock again with the passphrase", async () => {
    const p = await page();
    await p.keyboard.press("Control+l");
    await p.getByRole("heading", { name: "Unlock Coffer" }).waitFor(WAIT);
    await p.locator('input[type="password"]').fill("wrong passphrase");
    await p.locator('input[type="password"]').press("Enter");
    await p.waitForFunction(() => document.querySelector("#unlock-error")?.textContent?.trim() !== "", null, WAIT);
    assert.match(await p.locator("#unlock-error").textContent(), /passphrase or key does not unlock/);
    await p.locator('input[type="password"]').fill(env.passphrase);
    await p.getByRole("button", { name: "Unlock", exact: true }).click();
    await heading(p, "Dashboard").waitFor(WAIT);
    await p.getByTestId("net-worth").waitFor(WAIT);
  });

  test("no page hit a CSP violation, an uncaught error or a dialog", async () => {
    for (const p of pages) {
      assert.deepEqual(await p.cspViolations(), [], `CSP violations on ${p.url()}`);
      assert.deepEqual(p.problems.pageErrors, [], `uncaught errors on ${p.url()}`);
    }
  });
});

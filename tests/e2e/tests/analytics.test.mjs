// The analytics views (Spend, FICO, Rewards, CD ladder, the dashboard's trend) over the
// sandbox-synced demo vault of scripts/e2e.sh: every figure is checked against
// `coffer report … --json` on the same vault and period; charts are <img> elements of data: URLs
// (never inline SVG); the hostile merchant `<img src=x onerror=alert(1)>` renders as text and runs
// nothing; each table's CSV export has exactly its rows; screenshots light and dark.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launch, openPage, screenshot } from "../lib/browser.mjs";
import { cents, cli, usd } from "../lib/cli.mjs";
import { env, startServe } from "../lib/serve.mjs";

const WAIT = { timeout: 30_000 };
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
  await p.getByRole("heading", { name: "Dashboard", level: 1, exact: true }).waitFor(WAIT);
  return p;
}

async function go(p, name) {
  await p.getByRole("navigation", { name: "Views" }).getByRole("button", { name: new RegExp(`^${name}`) }).click();
  await p.getByRole("heading", { name, level: 1, exact: true }).waitFor(WAIT);
  await settled(p);
}

/** Waits until no part of the page is loading. */
async function settled(p) {
  await p.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, null, WAIT);
}

const table = (p, name) => p.getByRole("table", { name, exact: true });

/** The text of the first row of table `name` holding `text`, scrolling its virtualized body to it. */
async function rowText(p, name, text) {
  const viewport = p.getByRole("rowgroup", { name: `${name} rows`, exact: true });
  await viewport.evaluate((el) => (el.scrollTop = 0));
  for (let step = 0; step < 200; step++) {
    const row = table(p, name).getByRole("row").filter({ hasText: text }).first();
    if ((await row.count()) > 0) return (await row.textContent()).trim();
    const moved = await viewport.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + el.clientHeight;
      return el.scrollTop !== before;
    });
    if (!moved) break;
    await p.waitForTimeout(50);
  }
  throw new Error(`no row of "${name}" holds ${text}`);
}
const rowCount = async (p, name) => Number(await table(p, name).getAttribute("aria-rowcount")) - 1;
const tile = async (p, id) => (await p.getByTestId(id).locator(".tile__value").textContent()).trim();
const points = (n) => n.toLocaleString("en-US");
const pad = (n) => String(n).padStart(2, "0");

/** The same "last 3 months" the UI computes: the first of the month two months back, to today. */
function lastThreeMonths() {
  const now = new Date();
  const index = now.getFullYear() * 12 + now.getMonth() - 2;
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return { from: `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`, to: today };
}

/** Clicks the Export CSV button of the section titled `title` and parses the file. */
async function exportSection(p, title) {
  const section = p.locator("section.card--table").filter({ has: p.getByRole("heading", { name: title, level: 2, exact: true }) });
  const [file] = await Promise.all([p.waitForEvent("download", WAIT), section.getByRole("button", { name: "Export CSV" }).click()]);
  return { name: file.suggestedFilename(), rows: parseCsv(readFileSync(await file.path()).toString("utf8")) };
}

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

/** Every chart is an <img> of a data:image/svg+xml URL; no <svg> markup is in the page. */
async function chartsAreImages(p, atLeast) {
  const srcs = await p.locator(".chart img").evaluateAll((imgs) => imgs.map((i) => [i.getAttribute("src"), i.naturalWidth]));
  assert.ok(srcs.length >= atLeast, `at least ${atLeast} charts, found ${srcs.length}`);
  for (const [src, width] of srcs) {
    assert.ok(src.startsWith("data:image/svg+xml;charset=utf-8,"), src.slice(0, 40));
    assert.ok(width > 0, "the chart image decoded");
  }
  assert.equal(await p.locator("svg").count(), 0, "no inline SVG");
}

before(async () => {
  browser = await launch();
  server = await startServe({ passphrase: env.passphrase });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the analytics views over a sandbox-synced vault", () => {
  test("Spend shows the totals by category, month and merchant of `coffer report spend` for the chosen period", async () => {
    const p = await page();
    await go(p, "Spend");
    await p.locator('select[name="period"]').selectOption("all");
    await settled(p);
    const all = cli("report", "spend");
    assert.ok(all.by_category.length > 3 && all.by_month.length > 3);
    assert.equal(await tile(p, "spend-total"), usd(cents(all.total.amount)));
    assert.equal(await rowCount(p, "By category"), all.by_category.length);
    assert.equal(await rowCount(p, "By month"), all.by_month.length);
    assert.equal(await rowCount(p, "By merchant"), all.by_merchant.length);
    assert.equal(await rowCount(p, "Other currencies"), all.foreign.length);
    for (const c of all.by_category.slice(0, 8)) {
      const text = await rowText(p, "By category", c.name);
      assert.ok(text.includes(usd(cents(c.spent.amount))), `${c.name}: ${text}`);
    }
    const latest = all.by_month.at(-1);
    const monthRow = await rowText(p, "By month", latest.month);
    assert.ok(monthRow.includes(usd(cents(latest.spent.amount))), monthRow);
    if (latest.change_percent !== null) assert.ok(monthRow.includes(`${latest.change_percent}%`), monthRow);
    for (const f of all.foreign) {
      const row = await rowText(p, "Other currencies", usd(cents(f.charged.amount)));
      assert.ok(row.includes(f.original.amount.replace(/\B(?=(\d{3})+(?!\d))/g, ",")), `original amount kept: ${row}`);
    }
    await chartsAreImages(p, 3);

    const { name, rows } = await exportSection(p, "By category");
    assert.equal(name, "coffer-spend-by-category.csv");
    assert.deepEqual(rows[0], ["category", "spent", "purchases", "refunds", "count"]);
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[4]]), all.by_category.map((c) => [c.name, c.spent.amount, String(c.count)]));
    const byMonthAndCategory = await exportSection(p, "By month and category");
    assert.deepEqual(
      byMonthAndCategory.rows.slice(1),
      all.by_month.flatMap((m) => m.by_category.map(([category, spent]) => [m.month, category, spent.amount])),
    );
    const merchants = await exportSection(p, "By merchant");
    assert.deepEqual(merchants.rows.slice(1).map((r) => [r[0], r[1]]), all.by_merchant.map((m) => [m.name, m.spent.amount]));

    const period = lastThreeMonths();
    await p.locator('select[name="period"]').selectOption("last-3");
    await settled(p);
    assert.equal((await p.getByTestId("period-range").textContent()).trim(), `${period.from} – ${period.to}`);
    const recent = cli("report", "spend", "--from", period.from, "--to", period.to);
    assert.equal(await tile(p, "spend-total"), usd(cents(recent.total.amount)));
    assert.equal(await rowCount(p, "By month"), recent.by_month.length);
    assert.notEqual(recent.total.amount, all.total.amount);

    await p.locator('select[name="period"]').selectOption("custom");
    await p.locator('input[name="from"]').fill("2026-01-01");
    await p.locator('input[name="to"]').fill("2026-03-31");
    await settled(p);
    const q1 = cli("report", "spend", "--from", "2026-01-01", "--to", "2026-03-31");
    await p.waitForFunction((want) => document.querySelector('[data-testid="spend-total"] .tile__value')?.textContent === want, usd(cents(q1.total.amount)), WAIT);
    assert.equal(await rowCount(p, "By month"), 3);
    const recurring = cli("report", "recurring", "--from", "2026-01-01", "--to", "2026-03-31");
    assert.equal(await rowCount(p, "Recurring payments"), recurring.length);

    const card = cli("accounts").find((a) => a.kind === "credit_card");
    await p.locator('select[name="account"]').selectOption(String(card.id));
    await settled(p);
    const oneCard = cli("report", "spend", "--from", "2026-01-01", "--to", "2026-03-31", "--account", String(card.id));
    assert.notEqual(oneCard.total.amount, q1.total.amount);
    await p.waitForFunction((want) => document.querySelector('[data-testid="spend-total"] .tile__value')?.textContent === want, usd(cents(oneCard.total.amount)), WAIT);
    assert.equal(await rowCount(p, "By category"), oneCard.by_category.length);
  });

  test(`the merchant ${HOSTILE} (cleaned up to its first words) renders as text in Spend and its chart runs nothing`, async () => {
    const merchant = cli("report", "spend").by_merchant.find((m) => m.name.includes("<img"));
    assert.ok(merchant !== undefined, "the hostile statement row is counted under a merchant holding <img");
    const p = await page();
    await go(p, "Spend");
    await p.locator('select[name="period"]').selectOption("all");
    await settled(p);
    const row = await rowText(p, "By merchant", merchant.name);
    assert.ok(row.startsWith(merchant.name), row);
    await table(p, "By merchant").getByText(merchant.name, { exact: true }).waitFor(WAIT);
    await p.waitForTimeout(300);
    assert.equal(await p.locator('img[src="x"], img[src="X"]').count(), 0, "no <img> element was made from the merchant name");
    assert.deepEqual(await p.evaluate(() => window.__alerts), []);
    // The charts are images: whatever their SVG holds cannot reach the page's DOM, and it is escaped.
    const decoded = await p.locator(".chart img").evaluateAll((imgs) => imgs.map((i) => decodeURIComponent(i.getAttribute("src").split(",")[1])));
    for (const svg of decoded) assert.ok(!svg.includes("<img"), "the SVG escapes the merchant name");
  });

  test("FICO shows each model/bureau/source series with its latest score and 30/90-day change, and utilization", async () => {
    const fico = cli("report", "fico");
    assert.ok(fico.series.length >= 2, "the demo vault has more than one score series");
    const p = await page();
    await go(p, "FICO");
    assert.equal(await rowCount(p, "Score trends"), fico.series.length);
    for (const s of fico.series) {
      const last = s.points.at(-1);
      const row = await rowText(p, "Score trends", s.label);
      assert.ok(row.includes(String(last.score)) && row.includes(last.as_of), `${s.label}: ${row}`);
      const delta = (d) => (d === null ? "—" : d > 0 ? `+${d}` : String(d));
      assert.ok(row.includes(delta(last.change_30d)) && row.includes(delta(last.change_90d)), row);
    }
    assert.equal(await rowCount(p, "Utilization"), fico.utilization.length);
    await chartsAreImages(p, 1);
    const { rows } = await exportSection(p, "Score trends");
    assert.deepEqual(rows[0], ["label", "score", "as_of", "change_30d", "change_90d", "points"]);
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[5]]), fico.series.map((s) => [s.label, String(s.points.at(-1).score), String(s.points.length)]));
    for (const s of fico.series) assert.ok(s.label.includes(s.model) && s.label.includes(s.source), `the label names model and source: ${s.label}`);
  });

  test("Rewards shows each program's balance, earned and redeemed, expiring points, earnings by card and the reconciliation", async () => {
    const rewards = cli("report", "rewards");
    const p = await page();
    await go(p, "Rewards");
    assert.equal(await rowCount(p, "Programs"), rewards.programs.length);
    for (const prog of rewards.programs) {
      const row = await rowText(p, "Programs", prog.name);
      assert.ok(row.includes(`${points(prog.balance)} ${prog.unit}`), `${prog.name}: ${row}`);
      assert.ok(row.includes(points(prog.earned)) && row.includes(points(prog.burned)), row);
    }
    assert.equal(await rowCount(p, "Expiring points"), rewards.programs.reduce((n, x) => n + x.expiring.length, 0));
    assert.equal(await rowCount(p, "Earned by card and bonus category"), rewards.by_card.length);
    assert.equal(await rowCount(p, "Reconciliation"), rewards.discrepancies.length);
    assert.match(await p.getByTestId("reconciliation").textContent(), new RegExp(`^${points(rewards.reconciled)} accruals match`));
    await chartsAreImages(p, 1);
    const { rows } = await exportSection(p, "Programs");
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3]]), rewards.programs.map((x) => [x.name, String(x.balance), String(x.earned), String(x.burned)]));
    const byCard = await exportSection(p, "Earned by card and bonus category");
    assert.deepEqual(byCard.rows.slice(1).map((r) => Number(r[3])), rewards.by_card.map((c) => c.points));
  });

  test("CD ladder shows principal, blended APY, next maturity, projected interest and each CD", async () => {
    const cds = cli("report", "cds");
    assert.ok(cds.cds.length >= 1);
    const p = await page();
    await go(p, "CD ladder");
    assert.equal(await tile(p, "cd-principal"), usd(cents(cds.total_principal.amount)));
    assert.equal(await tile(p, "cd-blended-apy"), `${cds.blended_apy}%`);
    assert.equal(await tile(p, "cd-next-maturity"), cds.next_maturity);
    const interest = cds.cds.reduce((s, c) => s + cents(c.interest_to_maturity.amount), 0n);
    assert.equal(await tile(p, "cd-interest"), usd(interest));
    assert.equal(await rowCount(p, "CDs"), cds.cds.length);
    for (const c of cds.cds) {
      const row = await rowText(p, "CDs", c.name);
      assert.ok(row.includes(usd(cents(c.principal.amount))) && row.includes(`${c.apy}%`) && row.includes(c.maturity_on), row);
      assert.ok(row.includes(usd(cents(c.early_withdrawal_penalty.amount))), `penalty today: ${row}`);
      if (c.grace_window !== null) assert.ok(row.includes(`${c.grace_window[0]} – ${c.grace_window[1]}`), row);
    }
    await chartsAreImages(p, 1);
    const { rows } = await exportSection(p, "CDs");
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[2]]), cds.cds.map((c) => [c.name, c.principal.amount, c.apy]));
    const available = await exportSection(p, "Cash becoming available");
    assert.deepEqual(available.rows.slice(1).map((r) => [Number(r[0]), r[1]]), cds.available_within.map(([m, a]) => [m, a.amount]));
  });

  test("the dashboard shows net worth over time as a chart and the points expiring within 90 days", async () => {
    const rewards = cli("report", "rewards");
    const p = await page();
    await settled(p);
    await chartsAreImages(p, 1);
    assert.equal(await p.locator(".chart img").first().getAttribute("alt"), "Net worth over time");
    const soon = rewards.programs.reduce((n, x) => n + x.expiring.filter((e) => daysFromToday(e.on) <= 90).length, 0);
    assert.equal(await rowCount(p, "Points expiring soon"), soon);
  });

  test("Save PNG downloads the chart as a PNG, the same bytes as coffer report --png", async () => {
    const p = await page();
    await settled(p);
    const [file] = await Promise.all([p.waitForEvent("download", WAIT), p.getByRole("button", { name: "Save PNG: Net worth over time" }).click()]);
    assert.equal(file.suggestedFilename(), "coffer-net-worth-over-time.png");
    const png = readFileSync(await file.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
    assert.equal(png.subarray(12, 16).toString("latin1"), "IHDR");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [800, 480]);
    const dir = mkdtempSync(join(tmpdir(), "coffer-png-"));
    try {
      const path = join(dir, "networth.png");
      execFileSync(env.bin, ["--vault", env.vault, "--passphrase-env", "COFFER_E2E_PASSPHRASE", "report", "networth", "--png", path], {
        env: { ...process.env, COFFER_E2E_PASSPHRASE: env.passphrase },
        stdio: ["ignore", "ignore", "pipe"],
      });
      assert.ok(png.equals(readFileSync(path)), "the app's PNG is the CLI's PNG for the same period");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A period-bound chart: Spend's "Spending by month" for the period shown.
    await go(p, "Spend");
    const [month] = await Promise.all([p.waitForEvent("download", WAIT), p.getByRole("button", { name: "Save PNG: Spending by month" }).click()]);
    assert.equal(month.suggestedFilename(), "coffer-spending-by-month.png");
    const bytes = readFileSync(await month.path());
    assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
  });

  test("each analytics view renders in light and dark (screenshots)", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const p = await page({ colorScheme });
      await settled(p);
      await screenshot(p, `analytics-dashboard-${colorScheme}`);
      for (const view of ["Spend", "FICO", "Rewards", "CD ladder"]) {
        await go(p, view);
        await p.waitForTimeout(150);
        await screenshot(p, `analytics-${view.toLowerCase().replace(/\s+/g, "-")}-${colorScheme}`);
      }
    }
  });

  test("no page hit a CSP violation, an uncaught error or a dialog", async () => {
    for (const p of pages) {
      assert.deepEqual(await p.cspViolations(), [], `CSP violations on ${p.url()}`);
      assert.deepEqual(p.problems.pageErrors, [], `uncaught errors on ${p.url()}`);
    }
  });
});

function daysFromToday(day) {
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const [y, m, d] = day.split("-").map(Number);
  return (Date.UTC(y, m - 1, d) - today) / 86_400_000;
}

// The analytics views over a fake transport: figures shown as sent, charts only as data: images,
// a hostile merchant as text, period changes sent as requests, tables' CSV equal to their rows.
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../../api";
import { ShortcutProvider } from "../../shortcuts/context";
import { ShortcutRegistry } from "../../shortcuts/registry";
import { CdLadder } from "../CdLadder";
import { expiringSoon } from "../DashboardTrends";
import { Fico } from "../Fico";
import { Spend } from "../Spend";
import { expiringRows } from "./rewardsColumns";

const HOSTILE = "<img src=x onerror=alert(1)>";
const SVG = `<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;img src=x onerror=alert(1)&gt;</text></svg>`;
const line = (name: string, spent: string) => ({ name, spent, purchases: spent, refunds: "0.00", count: 2 });
const spend = {
  currency: "USD",
  total: "1234.50",
  purchases: "1300.00",
  refunds: "65.50",
  by_category: [line("Dining", "1000.00"), line("Groceries", "234.50")],
  by_merchant: [line(HOSTILE, "42.17"), line("Amazon", "1192.33")],
  by_month: [
    { month: "2026-10", spent: "600.00", change: null, change_percent: null, by_category: [] },
    { month: "2026-11", spent: "634.50", change: "34.50", change_percent: "5.8", by_category: [] },
  ],
  foreign: [{ currency: "EUR", original: "100.00", charged: "108.20", count: 1 }],
  excluded: [{ kind: "payment", amount: "500.00", count: 1 }],
  other_currency_rows: 0,
  charts: [{ title: "Spending by category", svg: SVG }],
};
const ladder = {
  currency: "USD",
  cds: [{ account_id: 5, name: "24-Month CD", principal: "6210.65", apy: "3.77", term_months: 24, opened_on: "2025-11-05", maturity_on: "2027-11-05", days_to_maturity: 347, interest_to_maturity: "218.02", value_at_maturity: "6428.67", grace_from: "2027-11-05", grace_to: "2027-11-15", early_withdrawal_penalty: "115.47" }],
  total_principal: "6210.65",
  total_interest_to_maturity: "218.02",
  blended_apy: "3.770",
  next_maturity: "2027-11-05",
  available_within: [{ months: 12, amount: "6428.67" }],
  savings_apy: [{ name: "Online Savings", amount: "4" }],
  charts: [{ title: "CD maturities", svg: SVG }],
};

let host: HTMLElement;
async function mount(view: preact.VNode, replies: Record<string, unknown>) {
  const send = vi.fn((name: string, _request: unknown) => (name in replies ? Promise.resolve(replies[name]) : Promise.reject({ kind: "not_found", message: name })));
  // A variable, not a literal: the transport may or may not have `stream` yet.
  const transport = { kind: "http" as const, send, stream: () => Promise.reject(new Error("no streams here")) };
  setTransport(transport);
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(<ShortcutProvider registry={new ShortcutRegistry()}>{view}</ShortcutProvider>, host));
  await act(async () => new Promise((r) => setTimeout(r, 20)));
  return send;
}

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  setTransport(null);
});

describe("analytics views", () => {
  it("Spend shows the figures as sent, the chart as a data: image and a hostile merchant as text", async () => {
    const send = await mount(<Spend onError={(e) => { throw e; }} onGo={() => {}} />, { report_spend: spend, report_recurring: [], accounts_list: [{ id: 7, name: "Travel Card", mask: "0666" }] });
    expect(host.querySelector('[data-testid="spend-total"] .tile__value')?.textContent).toBe("$1,234.50");
    expect(host.querySelector('[data-testid="spend-refunds"] .tile__value')?.textContent).toBe("$65.50");
    const img = host.querySelector<HTMLImageElement>(".chart img");
    expect(img?.getAttribute("src")?.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    expect(img?.getAttribute("alt")).toBe("Spending by category");
    expect(host.querySelector("svg")).toBeNull();
    expect(host.querySelector('img[src="x"]')).toBeNull();
    const merchants = host.querySelector('[aria-label="By merchant"]');
    expect(merchants?.textContent).toContain(HOSTILE);
    expect(host.textContent).toContain("+$34.50 (+5.8%)");
    expect(host.textContent).toContain("€100.00");
    // The default period is the last 12 months, sent as first and last days.
    const request = send.mock.calls.find((c) => c[0] === "report_spend")?.[1] as { from?: string; to?: string };
    expect(request.from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(request.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const select = host.querySelector<HTMLSelectElement>('select[name="period"]');
    act(() => void window.dispatchEvent(new KeyboardEvent("keydown", { key: "p", bubbles: true })));
    expect(document.activeElement).toBe(select);
    (document.activeElement as HTMLElement).blur();
    await act(async () => {
      select!.value = "all";
      select!.dispatchEvent(new Event("change", { bubbles: true }));
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(send.mock.calls.filter((c) => c[0] === "report_spend").at(-1)?.[1]).toEqual({});

    const account = host.querySelector<HTMLSelectElement>('select[name="account"]');
    expect(account?.textContent).toContain("Travel Card …0666");
    await act(async () => {
      account!.value = "7";
      account!.dispatchEvent(new Event("change", { bubbles: true }));
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(send.mock.calls.filter((c) => c[0] === "report_spend").at(-1)?.[1]).toEqual({ account_id: 7 });
  });

  it("CD ladder shows the blended APY, next maturity, grace window and penalty", async () => {
    await mount(<CdLadder onError={(e) => { throw e; }} onGo={() => {}} />, { report_cds: ladder });
    expect(host.querySelector('[data-testid="cd-blended-apy"] .tile__value')?.textContent).toBe("3.770%");
    expect(host.querySelector('[data-testid="cd-next-maturity"] .tile__value')?.textContent).toBe("2027-11-05");
    const row = host.querySelector('[aria-label="CDs"] [aria-rowindex="2"]')?.textContent ?? "";
    expect(row).toContain("2027-11-05 – 2027-11-15");
    expect(row).toContain("$115.47");
    expect(row).toContain("$6,428.67");
  });

  it("FICO's credit scores list follows the period picker", async () => {
    const score = (id: number, as_of: string) => ({ id, as_of, score: 700 + id, model: "FICO 8", bureau: "TransUnion", source: "Barclays US" });
    const fico = { series: [], utilization: [], charts: [{ title: "FICO", svg: SVG }] };
    await mount(<Fico onError={(e) => { throw e; }} onGo={() => {}} />, { report_fico: fico, credit_scores_list: [score(1, "2020-01-15"), score(2, "2026-11-01"), score(3, "2024-06-30")] });
    const rows = () => host.querySelector('[aria-label="Credit scores"]')?.getAttribute("aria-rowcount");
    expect(rows()).toBe("4");
    const select = host.querySelector<HTMLSelectElement>('select[name="period"]');
    await act(async () => {
      select!.value = "custom";
      select!.dispatchEvent(new Event("change", { bubbles: true }));
      await new Promise((r) => setTimeout(r, 20));
    });
    for (const [name, day] of [["from", "2024-01-01"], ["to", "2024-12-31"]]) {
      await act(async () => {
        const input = host.querySelector<HTMLInputElement>(`input[name="${name}"]`);
        input!.value = day!;
        input!.dispatchEvent(new Event("change", { bubbles: true }));
        await new Promise((r) => setTimeout(r, 20));
      });
    }
    expect(rows()).toBe("2");
    expect(host.querySelector('[aria-label="Credit scores"]')?.textContent).toContain("2024-06-30");
    expect(host.querySelector('[aria-label="Credit scores"]')?.textContent).not.toContain("2020-01-15");
  });

  it("Save PNG asks Rust for the chart of the shown period and downloads a .png", async () => {
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const createUrl = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:x");
    const send = await mount(<Spend onError={(e) => { throw e; }} onGo={() => {}} />, {
      report_spend: spend,
      report_recurring: [],
      accounts_list: [],
      report_chart_png: { title: "Spending by category", width: 800, height: 480, png_base64: "iVBORw0KGgo=" },
    });
    const button = host.querySelector<HTMLButtonElement>('button[aria-label="Save PNG: Spending by category"]');
    await act(async () => {
      button!.click();
      await new Promise((r) => setTimeout(r, 20));
    });
    const request = send.mock.calls.find((c) => c[0] === "report_chart_png")?.[1] as { report: string; chart: number; period: { from?: string } };
    expect(request.report).toBe("spend");
    expect(request.chart).toBe(0);
    expect(request.period).toEqual(send.mock.calls.find((c) => c[0] === "report_spend")?.[1]);
    expect(clicks).toEqual(["coffer-spending-by-category.png"]);
    const blob = createUrl.mock.calls[0]?.[0] as Blob;
    expect(blob.type).toBe("image/png");
    expect(new Uint8Array(await blob.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    click.mockRestore();
    createUrl.mockRestore();
  });

  it("orders expiring lots across programs and keeps those within 90 days", () => {
    const programs = [
      { program_id: 1, name: "B", unit: "points", expiry_rule: null, balance: 0, balance_over_time: [], earned: 0, burned: 0, expired: 0, expiring_soon: 0, expiring: [{ on: "2027-03-01", points: 5 }] },
      { program_id: 2, name: "A", unit: "miles", expiry_rule: null, balance: 0, balance_over_time: [], earned: 0, burned: 0, expired: 0, expiring_soon: 0, expiring: [{ on: "2026-12-31", points: 7 }, { on: "2027-03-01", points: 1 }] },
    ];
    const rows = expiringRows(programs);
    expect(rows.map((r) => `${r.on} ${r.program}`)).toEqual(["2026-12-31 A", "2027-03-01 A", "2027-03-01 B"]);
    expect(expiringSoon(rows, "2026-11-23").map((r) => r.on)).toEqual(["2026-12-31"]);
    expect(expiringSoon(rows, "2026-12-01").length).toBe(3);
  });
});

import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../api";
import { App } from "./App";

const info = { version: "0.1.0", vault_path: "/v.db", vault_exists: true, unlocked: true, key_mode: "keychain", keychain_available: true, demo_passphrase: null };
const status = { path: "/v.db", schema_version: 2, key_source: "keychain", counts: { transactions: 1234567, accounts: 0 }, integrity: "ok" };

const account = { id: 1, connection_id: 1, institution: "Bank", source_id: "a1", kind: "credit_card", product: null, name: "<img src=x onerror=alert(1)>", mask: "1234", currency: "USD", credit_limit: "21000.00", balance: "7626.74", available: "13345.34", balance_as_of: "2026-11-01", apy: null, term_months: null, maturity_on: null, status: "open" };
const summary = {
  accounts: [account],
  cards: [{ account_id: 1, name: account.name, mask: "1234", currency: "USD", balance: "7626.74", credit_limit: "21000.00", available_credit: "13345.34", utilization_percent: "36.3" }],
  totals: [{ currency: "USD", savings: "8861.30", checking: "0.00", cds: "0.00", card_balances: "7626.74", credit_limit: "21000.00", available_credit: "13345.34", utilization_percent: "36.3", net_worth: "1234.56" }],
  statements_due: [],
  cd_maturities: [],
};

let host: HTMLElement;
async function mountApp(send: (name: string, request: unknown) => Promise<unknown>) {
  setTransport({ kind: "http", send });
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(<App />, host));
  await act(async () => new Promise((r) => setTimeout(r, 20)));
  return host;
}
const key = (k: string, init: KeyboardEventInit = {}) => act(() => void window.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, ...init })));

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  setTransport(null);
});

describe("App", () => {
  it("asks for the printed URL when the server rejects the token", async () => {
    const el = await mountApp(() => Promise.reject({ kind: "unauthorized", message: "no" }));
    expect(el.textContent).toContain("Open the link Coffer printed");
  });

  it("shows an unreachable server with its message", async () => {
    const el = await mountApp(() => Promise.reject({ kind: "network", message: "Coffer is not reachable at http://127.0.0.1:1." }));
    expect(el.querySelector('[role="alert"]')?.textContent).toContain("Coffer is not reachable");
  });

  it("opens an unlocked vault on the dashboard, navigates by keyboard and locks with Mod+L", async () => {
    const calls: string[] = [];
    let unlocked = true;
    const send = vi.fn((name: string) => {
      calls.push(name);
      if (name === "app_info") return Promise.resolve({ ...info, unlocked });
      if (name === "vault_status") return Promise.resolve(status);
      if (name === "dashboard_summary") return Promise.resolve(summary);
      if (name === "credit_scores_list") return Promise.resolve([]);
      if (name === "report_fico") return Promise.resolve({ series: [], utilization: [], charts: [] });
      if (name === "report_networth") return Promise.resolve({ currency: "USD", months: [], charts: [{ title: "Net worth over time", svg: "<svg/>" }] });
      if (name === "report_rewards") return Promise.resolve({ programs: [], by_card: [], reconciled: 0, discrepancies: [], charts: [] });
      if (name === "vault_lock") {
        unlocked = false;
        return Promise.resolve(null);
      }
      return Promise.reject({ kind: "not_found", message: name });
    });
    const el = await mountApp(send);
    expect(el.querySelector("h1")?.textContent).toBe("Dashboard");
    expect(el.querySelector('[data-testid="net-worth"]')?.textContent).toContain("$1,234.56");
    expect(el.querySelector('[data-testid="utilization"]')?.textContent).toContain("36.3%");
    expect(el.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(el.querySelector("img[src='x']")).toBeNull();
    key("g");
    key("f");
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(el.querySelector("h1")?.textContent).toBe("FICO");
    expect(el.textContent).toContain("No data yet — add a connection");
    key("?", { shiftKey: true });
    expect(el.querySelector('[role="dialog"]')).not.toBeNull();
    expect(el.textContent).toContain("Go to Card activity");
    key("l", { ctrlKey: true });
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(calls).toContain("vault_lock");
    expect(el.textContent).toContain("Unlock Coffer");
  });
});

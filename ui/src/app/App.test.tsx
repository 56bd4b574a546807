import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../api";
import { App } from "./App";

const info = { version: "0.1.0", vault_path: "/v.db", vault_exists: true, unlocked: true, key_mode: "keychain", keychain_available: true, demo_passphrase: null };
const status = { path: "/v.db", schema_version: 2, key_source: "keychain", counts: { transactions: 1234567, accounts: 0 }, integrity: "ok" };

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
      if (name === "vault_lock") {
        unlocked = false;
        return Promise.resolve(null);
      }
      return Promise.reject({ kind: "not_found", message: name });
    });
    const el = await mountApp(send);
    expect(el.querySelector("h1")?.textContent).toBe("Dashboard");
    expect(el.textContent).toContain("1,234,567");
    key("g");
    key("f");
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

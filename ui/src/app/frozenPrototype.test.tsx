// Tauri runs the webview with `freezePrototype: true` (Object.prototype frozen). Render every
// screen under that condition: assigning an inherited read-only property (e.g. Preact cloning a
// top-level Fragment's children) throws there and leaves a blank window. Preact 10 fails this on
// its first re-render (it copies vnodes with Object.assign, including `constructor`); 11 passes.
import { render } from "preact";
import { act } from "preact/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { setTransport } from "../api";
import { App } from "./App";

const info = { version: "0.1.0", vault_path: "/v.db", vault_exists: true, unlocked: false, key_mode: "passphrase", keychain_available: false, demo_passphrase: "demo" };
const status = { path: "/v.db", schema_version: 2, key_source: "passphrase", counts: { transactions: 3 }, integrity: "ok" };

beforeAll(() => {
  Object.freeze(Object.prototype);
});

async function screenFor(appInfo: object) {
  setTransport({ kind: "tauri", send: (name) => Promise.resolve(name === "app_info" ? appInfo : name === "vault_status" ? status : null) });
  const host = document.createElement("div");
  document.body.append(host);
  act(() => render(<App />, host));
  await act(async () => new Promise((r) => setTimeout(r, 20)));
  return host;
}

const key = (k: string) => act(() => void window.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey: k === "?", bubbles: true })));

describe("with Object.prototype frozen", () => {
  it("really is frozen", () => {
    expect(Object.isFrozen(Object.prototype)).toBe(true);
  });

  it("renders the create and unlock screens", async () => {
    expect((await screenFor({ ...info, vault_exists: false, key_mode: null })).textContent).toContain("Create your vault");
    expect((await screenFor(info)).textContent).toContain("Unlock Coffer");
  });

  it("renders every view of the frame and the shortcut sheet", async () => {
    const host = await screenFor({ ...info, unlocked: true });
    expect(host.querySelector("h1")?.textContent).toBe("Dashboard");
    for (const [k, title] of [["t", "Transactions"], ["s", "Spend"], ["f", "FICO"], ["r", "Rewards"], ["l", "CD ladder"], ["m", "Statements"], ["x", "Transfers"], ["a", "Card activity"], ["c", "Connections"], [",", "Settings"]] as const) {
      key("g");
      key(k);
      expect(host.querySelector("h1")?.textContent).toBe(title);
    }
    key("?");
    expect(host.querySelector('[role="dialog"]')).not.toBeNull();
  });
});

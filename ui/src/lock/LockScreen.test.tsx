import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport, type AppInfo } from "../api";
import { LockScreen } from "./LockScreen";

const base: AppInfo = { version: "0.1.0", vault_path: "/v.db", vault_exists: true, unlocked: false, key_mode: "passphrase", keychain_available: true, demo_passphrase: null };
const status = { path: "/v.db", schema_version: 1, key_source: "passphrase" as const, counts: {}, integrity: "ok" };

let host: HTMLElement;
function mount(info: AppInfo, onUnlocked = vi.fn()) {
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(<LockScreen info={info} onUnlocked={onUnlocked} />, host));
  return { host, onUnlocked };
}
const flush = () => act(async () => new Promise((r) => setTimeout(r, 20)));
function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  setTransport(null);
});

describe("LockScreen", () => {
  it("shows a wrong-passphrase message, clears the field and keeps focus there", async () => {
    const send = vi.fn().mockRejectedValue({ kind: "wrong_key", message: "That passphrase does not open this vault." });
    setTransport({ kind: "http", send });
    const { host, onUnlocked } = mount(base);
    const field = host.querySelector<HTMLInputElement>('input[type="password"]') as HTMLInputElement;
    act(() => type(field, "nope"));
    await act(async () => {
      host.querySelector("form")?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(send).toHaveBeenCalledWith("vault_unlock", { passphrase: "nope" });
    expect(host.querySelector('[role="alert"]')?.textContent).toBe("That passphrase does not open this vault.");
    expect(field.value).toBe("");
    expect(document.activeElement).toBe(field);
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it("unlocks a keychain vault with one button and shows the demo passphrase", async () => {
    const send = vi.fn().mockResolvedValue(status);
    setTransport({ kind: "tauri", send });
    const { host, onUnlocked } = mount({ ...base, key_mode: "keychain", demo_passphrase: "demo pass" });
    expect(host.textContent).toContain("Demo vault — passphrase: demo pass");
    expect(host.querySelector('input[type="password"]')).toBeNull();
    await act(async () => {
      host.querySelector("form")?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(send).toHaveBeenCalledWith("vault_unlock", { passphrase: null });
    expect(onUnlocked).toHaveBeenCalledWith(status);
  });

  it("preselects a passphrase and says why when there is no keychain", () => {
    const { host } = mount({ ...base, vault_exists: false, key_mode: null, keychain_available: false });
    const radios = host.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    expect(radios[0]?.disabled).toBe(true);
    expect(radios[1]?.checked).toBe(true);
    expect(host.textContent).toContain("No system keychain is available");
    expect(host.querySelectorAll('input[type="password"]').length).toBe(2);
  });

  it("creates a keychain vault by default without sending a passphrase", async () => {
    const send = vi.fn().mockResolvedValue(status);
    setTransport({ kind: "tauri", send });
    const { host } = mount({ ...base, vault_exists: false, key_mode: null });
    expect(host.querySelector<HTMLInputElement>('input[value="keychain"]')?.checked).toBe(true);
    expect(host.textContent).toContain("it cannot be recovered if lost");
    await act(async () => {
      host.querySelector("form")?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await flush();
    expect(send).toHaveBeenCalledWith("vault_create", { key_mode: "keychain", passphrase: null });
  });
});

// The backup form: inside the desktop app it asks the native save dialog (the
// `vault_backup_to_chosen_file` command) and shows where the backup went, or nothing on cancel;
// in a browser (`coffer serve`) it sends `vault_backup` with the typed path, as before.
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport, type AppInfo, type TransportKind } from "../api";
import { BackupRestore } from "./VaultCare";

let host: HTMLElement;
const settle = () => act(async () => new Promise((r) => setTimeout(r, 50)));
const info: AppInfo = { version: "0.1.0", vault_path: "/v.db", vault_exists: true, unlocked: true, key_mode: "passphrase", keychain_available: false, demo_passphrase: null };
const PASS = "backup words long enough";

function setValue(el: HTMLInputElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

function mount(kind: TransportKind, send: (name: string, request: unknown) => Promise<unknown>) {
  setTransport({ kind, send });
  host = document.createElement("div");
  document.body.append(host);
  act(() => render(<BackupRestore info={info} status={null} onRestored={() => {}} />, host));
}

async function backUp(target?: string) {
  act(() => setValue(host.querySelector('input[name="backup-passphrase"]') as HTMLInputElement, PASS));
  if (target !== undefined) act(() => setValue(host.querySelector('input[name="backup-target"]') as HTMLInputElement, target));
  await act(async () => (host.querySelector('form[aria-label="Back up the vault"]') as HTMLFormElement).requestSubmit());
  await settle();
}

const button = () => host.querySelector('form[aria-label="Back up the vault"] button[type="submit"]')?.textContent;
const status = () => host.querySelector('[role="status"]')?.textContent ?? null;
const restorePath = () => (host.querySelector('input[name="restore-path"]') as HTMLInputElement).value;

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  setTransport(null);
});

describe("backup in the desktop app", () => {
  it("lets the save dialog choose the file and shows where the backup went", async () => {
    const send = vi.fn(async () => ({ path: "/home/me/Backups/coffer-backup-20261123.db" }));
    mount("tauri", send);
    expect(host.querySelector('input[name="backup-target"]')).toBeNull();
    expect(button()).toBe("Choose where to save…");
    await backUp();
    expect(send).toHaveBeenCalledExactlyOnceWith("vault_backup_to_chosen_file", { backup_passphrase: PASS });
    expect(status()).toBe("Backup written to /home/me/Backups/coffer-backup-20261123.db.");
    expect(restorePath()).toBe("/home/me/Backups/coffer-backup-20261123.db");
    expect((host.querySelector('input[name="backup-passphrase"]') as HTMLInputElement).value).toBe("");
    expect(host.innerHTML).not.toContain(PASS);
  });

  it("shows nothing saved when the dialog is cancelled", async () => {
    const send = vi.fn(async () => null);
    mount("tauri", send);
    await backUp();
    expect(send).toHaveBeenCalledExactlyOnceWith("vault_backup_to_chosen_file", { backup_passphrase: PASS });
    expect(status()).toBeNull();
    expect(host.querySelector('[role="alert"]')).toBeNull();
    expect(restorePath()).toBe("");
    expect(button()).toBe("Choose where to save…");
  });

  it("shows the command's error in plain words", async () => {
    mount("tauri", vi.fn().mockRejectedValue({ kind: "locked", message: "The vault is locked." }));
    await backUp();
    expect(host.querySelector('[role="alert"]')?.textContent).toBe("The vault is locked.");
    expect(status()).toBeNull();
  });
});

describe("backup in a browser", () => {
  it("sends vault_backup with the typed path, as before", async () => {
    const send = vi.fn(async () => ({ path: "/tmp/b.db" }));
    mount("http", send);
    expect(button()).toBe("Back up now");
    await backUp(" /tmp/b.db ");
    expect(send).toHaveBeenCalledExactlyOnceWith("vault_backup", { backup_passphrase: PASS, target: "/tmp/b.db" });
    expect(status()).toBe("Backup written to /tmp/b.db.");
  });

  it("leaves the path to the server (Downloads) when none is typed", async () => {
    const send = vi.fn(async () => ({ path: "/home/me/Downloads/coffer-backup-1.db" }));
    mount("http", send);
    await backUp();
    expect(send).toHaveBeenCalledExactlyOnceWith("vault_backup", { backup_passphrase: PASS, target: null });
    expect(status()).toBe("Backup written to /home/me/Downloads/coffer-backup-1.db.");
  });
});

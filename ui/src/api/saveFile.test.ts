// Saving files: inside the desktop webview `saveFile` calls the `save_file` command (native save
// dialog in Rust); in a plain browser it is a blob: download and no request reaches the server.
import { afterEach, describe, expect, it, vi } from "vitest";
import { saveFile, savedMessage, selectTransport, setTransport } from "./index";
import { createHttpTransport } from "./httpTransport";
import { createTauriTransport } from "./tauriTransport";
import type { SaveFileRequest } from "./types/SaveFileRequest";

const csv: SaveFileRequest = { file_name: "coffer-accounts.csv", kind: "csv", content: { text: "name,balance\r\nChecking,1.00\r\n" } };
const png: SaveFileRequest = { file_name: "coffer-chart.png", kind: "png", content: { base64: "iVBORw0KGgo=" } };

/** Records the downloads the page starts: each anchor's name and its blob. */
function recordDownloads() {
  const names: string[] = [];
  const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  const createUrl = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:x");
  return { names, blobs: () => createUrl.mock.calls.map((c) => c[0] as Blob), click };
}

afterEach(() => {
  setTransport(null);
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  vi.restoreAllMocks();
});

describe("saveFile in the desktop app", () => {
  it("calls the save_file command with the file as its request and returns where it went", async () => {
    const invoke = vi.fn().mockResolvedValue({ saved: true, path: "/home/me/coffer-accounts.csv" });
    const downloads = recordDownloads();
    const result = await createTauriTransport(invoke).saveFile!(csv);
    expect(invoke).toHaveBeenCalledExactlyOnceWith("save_file", { request: csv });
    expect(result).toEqual({ saved: true, path: "/home/me/coffer-accounts.csv" });
    expect(downloads.names).toEqual([]);
  });

  it("passes a cancel through as saved: false, and an ApiError as a CallError", async () => {
    const cancelled = createTauriTransport(vi.fn().mockResolvedValue({ saved: false, path: null }));
    await expect(cancelled.saveFile!(csv)).resolves.toEqual({ saved: false, path: null });
    const failing = createTauriTransport(vi.fn().mockRejectedValue({ kind: "internal", message: "Coffer could not write /ro/x.csv: Read-only file system." }));
    await expect(failing.saveFile!(csv)).rejects.toEqual({ kind: "internal", message: "Coffer could not write /ro/x.csv: Read-only file system." });
  });

  it("is what the window's transport does when __TAURI_INTERNALS__ is present", async () => {
    const invoke = vi.fn().mockResolvedValue({ saved: true, path: "/tmp/coffer-chart.png" });
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = { invoke };
    const downloads = recordDownloads();
    setTransport(selectTransport(window));
    await expect(saveFile(png)).resolves.toEqual({ saved: true, path: "/tmp/coffer-chart.png" });
    expect(invoke.mock.calls[0]?.slice(0, 2)).toEqual(["save_file", { request: png }]);
    expect(downloads.names).toEqual([]);
  });
});

describe("saveFile in a browser", () => {
  it("downloads text as a blob of its kind, sends no request and reports no path", async () => {
    const fetchFn = vi.fn();
    const downloads = recordDownloads();
    const result = await createHttpTransport({ origin: "http://127.0.0.1:7777", token: "t", fetch: fetchFn }).saveFile!(csv);
    expect(result).toEqual({ saved: true, path: null });
    expect(fetchFn).not.toHaveBeenCalled();
    expect(downloads.names).toEqual(["coffer-accounts.csv"]);
    const [blob] = downloads.blobs();
    expect(blob?.type).toBe("text/csv;charset=utf-8");
    expect(await blob?.text()).toBe("name,balance\r\nChecking,1.00\r\n");
    expect(document.querySelector("a[download]")).toBeNull();
  });

  it("decodes Base64 content into the exact bytes", async () => {
    const downloads = recordDownloads();
    setTransport(selectTransport(window));
    await saveFile(png);
    expect(downloads.names).toEqual(["coffer-chart.png"]);
    const [blob] = downloads.blobs();
    expect(blob?.type).toBe("image/png");
    expect([...new Uint8Array(await blob!.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("downloads when a transport has no saveFile of its own", async () => {
    const send = vi.fn();
    setTransport({ kind: "http", send });
    const downloads = recordDownloads();
    await expect(saveFile({ file_name: "c.svg", kind: "svg", content: { text: "<svg/>" } })).resolves.toEqual({ saved: true, path: null });
    expect(downloads.names).toEqual(["c.svg"]);
    expect(downloads.blobs()[0]?.type).toBe("image/svg+xml");
    expect(send).not.toHaveBeenCalled();
  });
});

describe("savedMessage", () => {
  it("names the path the desktop saved to, and nothing for a cancel or a browser download", () => {
    expect(savedMessage({ saved: true, path: "/home/me/a.csv" })).toBe("Saved to /home/me/a.csv.");
    expect(savedMessage({ saved: false, path: null })).toBeNull();
    expect(savedMessage({ saved: true, path: null })).toBeNull();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { call, onUnauthorized, selectTransport, setTransport } from "./index";
import { createHttpTransport, TOKEN_HEADER } from "./httpTransport";
import { createTauriTransport, isTauriWebview } from "./tauriTransport";
import { takeToken, tokenFromFragment, TOKEN_STORAGE_KEY, type TokenEnvironment } from "./token";

function jsonResponse(status: number, body: unknown, statusText = ""): Response {
  return new Response(JSON.stringify(body), { status, statusText, headers: { "Content-Type": "application/json" } });
}

function fakeEnv(hash: string, stored: string | null = null) {
  const store = new Map<string, string>();
  if (stored !== null) store.set(TOKEN_STORAGE_KEY, stored);
  const replaceState = vi.fn();
  const env: TokenEnvironment = {
    location: { hash, pathname: "/", search: "?x=1" },
    history: { replaceState, state: null },
    sessionStorage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
  };
  return { env, store, replaceState };
}

afterEach(() => {
  setTransport(null);
  sessionStorage.clear();
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  vi.restoreAllMocks();
});

describe("transport selection", () => {
  it("uses Tauri IPC when __TAURI_INTERNALS__ is present", () => {
    expect(isTauriWebview({})).toBe(false);
    expect(isTauriWebview({ __TAURI_INTERNALS__: {} })).toBe(true);
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    expect(selectTransport(window).kind).toBe("tauri");
  });

  it("uses HTTP in a plain browser", () => {
    expect(selectTransport(window).kind).toBe("http");
  });
});

describe("tauri transport", () => {
  it("passes the request as the single `request` argument, or none", async () => {
    const invoke = vi.fn().mockResolvedValue({ ok: 1 });
    const t = createTauriTransport(invoke);
    await t.send("vault_unlock", { passphrase: "pw" });
    await t.send("app_info", undefined);
    expect(invoke).toHaveBeenNthCalledWith(1, "vault_unlock", { request: { passphrase: "pw" } });
    expect(invoke).toHaveBeenNthCalledWith(2, "app_info", {});
  });

  it("rejects with the ApiError the command returned", async () => {
    const t = createTauriTransport(vi.fn().mockRejectedValue({ kind: "wrong_key", message: "Wrong passphrase." }));
    await expect(t.send("vault_unlock", { passphrase: "x" })).rejects.toEqual({ kind: "wrong_key", message: "Wrong passphrase." });
  });

  it("maps a plain string rejection (e.g. ACL denial) to an internal error", async () => {
    const t = createTauriTransport(vi.fn().mockRejectedValue("command vault_nuke not allowed"));
    await expect(t.send("vault_nuke", undefined)).rejects.toEqual({ kind: "internal", message: "command vault_nuke not allowed" });
  });
});

describe("token handling", () => {
  it("reads the token from the fragment, stores it, and strips it from the address bar", () => {
    const { env, store, replaceState } = fakeEnv("#token=s3cr%2Bt");
    expect(takeToken(env)).toBe("s3cr+t");
    expect(store.get(TOKEN_STORAGE_KEY)).toBe("s3cr+t");
    expect(replaceState).toHaveBeenCalledWith(null, "", "/?x=1");
  });

  it("prefers a new fragment over a stored token, and falls back to storage on reload", () => {
    expect(takeToken(fakeEnv("#token=new", "old").env)).toBe("new");
    const reload = fakeEnv("", "old");
    expect(takeToken(reload.env)).toBe("old");
    expect(reload.replaceState).not.toHaveBeenCalled();
    expect(takeToken(fakeEnv("").env)).toBeNull();
  });

  it("parses only the token parameter", () => {
    expect(tokenFromFragment("#a=1&token=abc")).toBe("abc");
    expect(tokenFromFragment("#/dashboard")).toBeNull();
    expect(tokenFromFragment("#token=")).toBeNull();
  });

  it("strips the real window's fragment when selecting the HTTP transport", () => {
    history.replaceState(null, "", "/#token=live-token");
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(jsonResponse(200, null));
    const t = selectTransport(window);
    expect(location.hash).toBe("");
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe("live-token");
    void t.send("vault_lock", undefined);
    const init = fetchSpy.mock.calls[0]?.[1];
    expect((init?.headers as Record<string, string>)[TOKEN_HEADER]).toBe("live-token");
  });
});

describe("http transport", () => {
  const origin = "http://127.0.0.1:7777";

  it("POSTs JSON to /api/<command> with the token header", async () => {
    const fetchFn = vi.fn().mockImplementation(() => Promise.resolve(jsonResponse(200, { version: "0.1.0" })));
    const t = createHttpTransport({ origin, token: "tok", fetch: fetchFn });
    await expect(t.send("app_info", undefined)).resolves.toEqual({ version: "0.1.0" });
    await t.send("vault_unlock", { passphrase: "pw" });
    const [url, init] = fetchFn.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(`${origin}/api/app_info`);
    expect(init.method).toBe("POST");
    expect(init.body).toBe("{}");
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe("tok");
    expect((fetchFn.mock.calls[1] as [string, RequestInit])[1].body).toBe('{"passphrase":"pw"}');
  });

  it("returns null for an empty 2xx body", async () => {
    const t = createHttpTransport({ origin, token: "t", fetch: vi.fn().mockResolvedValue(new Response("", { status: 200 })) });
    await expect(t.send("vault_lock", undefined)).resolves.toBeNull();
  });

  it("passes an ApiError body through", async () => {
    const body = { kind: "wrong_key", message: "That passphrase does not open this vault." };
    const t = createHttpTransport({ origin, token: "t", fetch: vi.fn().mockResolvedValue(jsonResponse(403, body)) });
    await expect(t.send("vault_unlock", { passphrase: "x" })).rejects.toEqual(body);
  });

  it("synthesizes a network error naming the status when the body is not JSON", async () => {
    const fetchFn = vi.fn().mockResolvedValue(new Response("<html>Bad Gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const t = createHttpTransport({ origin, token: "t", fetch: fetchFn });
    const err = await t.send("vault_status", undefined).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "network" });
    expect((err as { message: string }).message).toContain("HTTP 502");
  });

  it("treats JSON that is not an ApiError like a non-JSON failure", async () => {
    const t = createHttpTransport({ origin, token: "t", fetch: vi.fn().mockResolvedValue(jsonResponse(500, { oops: true })) });
    await expect(t.send("vault_status", undefined)).rejects.toMatchObject({ kind: "network", message: expect.stringContaining("HTTP 500") });
  });

  it("reports an unreachable server with its origin", async () => {
    const t = createHttpTransport({ origin, token: "t", fetch: vi.fn().mockRejectedValue(new TypeError("Failed to fetch")) });
    const err = await t.send("app_info", undefined).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "network" });
    expect((err as { message: string }).message).toContain(`Coffer is not reachable at ${origin}`);
  });

  it("maps 401 to unauthorized and notifies", async () => {
    const onUnauthorized = vi.fn();
    const t = createHttpTransport({ origin, token: null, fetch: vi.fn().mockResolvedValue(jsonResponse(401, { kind: "internal", message: "bad token" })), onUnauthorized });
    await expect(t.send("app_info", undefined)).rejects.toMatchObject({ kind: "unauthorized" });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("sends no token header when there is no token", async () => {
    const fetchFn = vi.fn().mockResolvedValue(jsonResponse(200, {}));
    await createHttpTransport({ origin, token: null, fetch: fetchFn }).send("app_info", undefined);
    expect(TOKEN_HEADER in ((fetchFn.mock.calls[0] as [string, RequestInit])[1].headers as Record<string, string>)).toBe(false);
  });
});

describe("call", () => {
  it("routes typed calls through the selected transport", async () => {
    const send = vi.fn().mockResolvedValue(null);
    setTransport({ kind: "http", send });
    await call("vault_lock");
    await call("vault_create", { key_mode: "passphrase", passphrase: "correct horse" });
    expect(send).toHaveBeenNthCalledWith(1, "vault_lock", undefined);
    expect(send).toHaveBeenNthCalledWith(2, "vault_create", { key_mode: "passphrase", passphrase: "correct horse" });
  });

  it("notifies unauthorized listeners and forgets the stored token on 401", async () => {
    history.replaceState(null, "", "/#token=stale");
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("no", { status: 401 }));
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    setTransport(selectTransport(window));
    await expect(call("app_info")).rejects.toMatchObject({ kind: "unauthorized" });
    expect(listener).toHaveBeenCalledOnce();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    off();
  });
});

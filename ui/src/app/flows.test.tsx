import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setTransport } from "../api";
import { onDataChanged } from "./dataEvents";
import { advance, startSync, syncState, type SyncState } from "./syncState";
import { useIdleLock } from "./useIdleLock";

afterEach(() => {
  setTransport(null);
  vi.useRealTimers();
});

const ok = (id: number) => ({ connection_id: id, status: "ok", error: null, totals: { added: 1, updated: 0, unchanged: 0, accounts: [] }, batches: 1 });

describe("background sync", () => {
  it("counts rows per run from per-connection batch totals", () => {
    let s: SyncState = { running: true, label: "", rows: 0, done: 0, total: 2, summary: null, error: null };
    const batch = (connection_id: number, rows: number) => ({ stage: "batch" as const, connection_id, label: "page", batches: 1, rows, accounts: 1, totals: { added: 0, updated: 0, unchanged: 0, accounts: [] } });
    s = advance(s, { stage: "started", connection_id: 1, institution: "Bank" });
    expect(s.label).toBe("Syncing Bank…");
    s = advance(s, batch(1, 10));
    s = advance(s, batch(1, 25));
    s = advance(s, batch(2, 5));
    expect(s.rows).toBe(30);
  });

  it("streams progress, keeps the summary and tells the views to reload", async () => {
    const stream = vi.fn(async (_c: string, _r: unknown, onEvent: (e: unknown) => void) => {
      onEvent({ stage: "started", connection_id: 1, institution: "Bank" });
      onEvent({ stage: "finished", connection_id: 1, outcome: ok(1) });
      return { outcomes: [ok(1)] };
    });
    setTransport({ kind: "http", send: vi.fn(), stream });
    const reloads = vi.fn();
    const off = onDataChanged(reloads);
    const ended = await startSync({}, 1);
    off();
    expect(stream).toHaveBeenCalledWith("sync_run", {}, expect.any(Function));
    expect(ended.running).toBe(false);
    expect(ended.done).toBe(1);
    expect(ended.summary?.outcomes).toHaveLength(1);
    expect(syncState().error).toBeNull();
    // Once when the connection's data was in (reads answer during a sync), once at the end.
    expect(reloads).toHaveBeenCalledTimes(2);
  });

  it("keeps a failed sync's message in plain words", async () => {
    setTransport({ kind: "http", send: vi.fn(), stream: vi.fn().mockRejectedValue({ kind: "locked", message: "The vault is locked." }) });
    const ended = await startSync({}, 1);
    expect(ended.error).toBe("The vault is locked.");
  });
});

describe("auto-lock", () => {
  function Probe(props: { minutes: number | null; onIdle: () => void }) {
    useIdleLock(props.minutes, props.onIdle);
    return <p>probe</p>;
  }

  it("locks after the idle delay, and activity postpones it", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const host = document.createElement("div");
    act(() => render(<Probe minutes={2} onIdle={onIdle} />, host));
    vi.advanceTimersByTime(90_000);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(90_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(31_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    act(() => render(<Probe minutes={0} onIdle={onIdle} />, host));
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    act(() => render(null, host));
  });
});

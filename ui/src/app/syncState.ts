// The sync that runs in the background: one at a time, started from Connections (or a shortcut),
// its progress shown by the frame's progress bar on every view, and the views reloaded when it
// ends. The state lives outside any view, so moving between views keeps the sync and its bar.
import { useEffect, useState } from "preact/hooks";
import { syncRun, toCallError, type SyncProgress, type SyncSummary } from "../api";
import type { SyncRequest } from "../api/types/SyncRequest";
import { dataChanged } from "./dataEvents";

export interface SyncState {
  running: boolean;
  label: string;
  /** Rows committed so far in this run. */
  rows: number;
  /** Connections finished, of `total`. */
  done: number;
  total: number;
  summary: SyncSummary | null;
  error: string | null;
}

const idle: SyncState = { running: false, label: "", rows: 0, done: 0, total: 0, summary: null, error: null };
let state: SyncState = idle;
const listeners = new Set<(s: SyncState) => void>();

function set(next: SyncState): void {
  state = next;
  for (const listener of [...listeners]) listener(state);
}

export function syncState(): SyncState {
  return state;
}

/** Applies one progress event (pure, for tests). */
export function advance(prev: SyncState, event: SyncProgress): SyncState {
  switch (event.stage) {
    case "started":
      return { ...prev, label: `Syncing ${event.institution}…` };
    case "batch":
      return { ...prev, label: event.label, rows: prev.rows + rowsDelta(event) };
    case "finished":
      return { ...prev, done: prev.done + 1, label: event.outcome.status === "ok" ? "Finished a connection" : "A connection had a problem" };
  }
}

// `rows` in a batch event counts the rows of that connection so far; keep a per-run total.
const perConnection = new Map<number, number>();
function rowsDelta(event: Extract<SyncProgress, { stage: "batch" }>): number {
  const before = perConnection.get(event.connection_id) ?? 0;
  perConnection.set(event.connection_id, event.rows);
  return Math.max(0, event.rows - before);
}

/**
 * Starts a sync unless one is running; resolves when it ends. `total` is how many connections it
 * covers (for the bar). Never rejects: a failure is kept in the state for the views to show.
 */
export async function startSync(request: SyncRequest, total: number): Promise<SyncState> {
  if (state.running) return state;
  perConnection.clear();
  set({ ...idle, running: true, label: "Starting…", total: Math.max(total, 1) });
  try {
    const summary = await syncRun(request, (event) => {
      set(advance(state, event));
      // Reads answer while the sync runs (it has its own connection): show each connection's
      // data as soon as it is in, not only when the whole sync ends.
      if (event.stage === "finished") dataChanged();
    });
    set({ ...state, running: false, summary, label: "Done" });
  } catch (err) {
    const e = toCallError(err);
    set({ ...state, running: false, error: e.message, label: "" });
  }
  dataChanged();
  return state;
}

/** Clears the last run's summary or error (e.g. when the user dismisses it). */
export function clearSyncResult(): void {
  if (!state.running) set({ ...idle });
}

export function useSyncState(): SyncState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

// The UI's one door to the backend. Views call `call("command", request)`; this module picks the
// transport at start-up (Tauri IPC inside the desktop webview, HTTP to `coffer serve` in a plain
// browser) and types every call from the command table in ./commands.ts. Types of everything that
// crosses the boundary are generated from Rust by ts-rs into ./types/. `saveFile` saves a file the
// UI built: a native save dialog on desktop, a download in a browser.
import type { CommandName, RequestArgs, ResponseOf } from "./commands";
import { downloadFile } from "./download";
import { createHttpTransport } from "./httpTransport";
import { createTauriTransport, isTauriWebview } from "./tauriTransport";
import { forgetToken, takeToken } from "./token";
import type { Transport } from "./transport";
import type { SaveFileRequest } from "./types/SaveFileRequest";
import type { SaveFileResult } from "./types/SaveFileResult";

export type { Commands, CommandName, RequestOf, ResponseOf } from "./commands";
export type { CallError, CallErrorKind } from "./errors";
export { isCallError, toCallError } from "./errors";
export type { Transport, TransportKind } from "./transport";
export type { ApiError } from "./types/ApiError";
export type { AppInfo } from "./types/AppInfo";
export type { CreateVaultRequest } from "./types/CreateVaultRequest";
export type { ErrorKind } from "./types/ErrorKind";
export type { KeyMode } from "./types/KeyMode";
export type { UnlockRequest } from "./types/UnlockRequest";
export type { VaultStatus } from "./types/VaultStatus";
export type { SaveFileRequest } from "./types/SaveFileRequest";
export type { SaveFileResult } from "./types/SaveFileResult";
export type { SaveKind } from "./types/SaveKind";
export type { AccountView } from "./types/AccountView";
export type { AuditEntry } from "./types/AuditEntry";
export type { CardEventView } from "./types/CardEventView";
export type { ConnectionInfo } from "./types/ConnectionInfo";
export type { CreditScoreView } from "./types/CreditScoreView";
export type { DashboardSummary } from "./types/DashboardSummary";
export type { RewardProgramView } from "./types/RewardProgramView";
export type { StatementView } from "./types/StatementView";
export type { SyncProgress } from "./types/SyncProgress";
export type { SyncSummary } from "./types/SyncSummary";
export type { TransactionView } from "./types/TransactionView";
export type { TransactionsPageRequest } from "./types/TransactionsPageRequest";
export type { TransferView } from "./types/TransferView";
export { syncRun } from "./streams";

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();
let current: Transport | null = null;

/** Subscribes to "the server rejected our token" (browser mode only). Returns the unsubscribe. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Chooses the transport for this window. Reads (and strips) the `#token=` fragment in a browser. */
export function selectTransport(win: Window = window): Transport {
  if (isTauriWebview(win)) return createTauriTransport();
  const token = takeToken({ location: win.location, history: win.history, sessionStorage: storageOf(win) });
  return createHttpTransport({
    origin: win.location.origin,
    token,
    onUnauthorized: () => {
      forgetToken({ sessionStorage: storageOf(win) });
      for (const listener of [...unauthorizedListeners]) listener();
    },
  });
}

function storageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** The transport in use, selected on first use. */
export function transport(): Transport {
  current ??= selectTransport();
  return current;
}

/** Replaces the transport (tests, or a future reconnect). */
export function setTransport(next: Transport | null): void {
  current = next;
}

/** Calls a backend command. Resolves with its typed result; rejects with a CallError. */
export function call<K extends CommandName>(name: K, ...args: RequestArgs<K>): Promise<ResponseOf<K>> {
  return transport().send(name, args[0]) as Promise<ResponseOf<K>>;
}

/**
 * Saves a file the UI built (CSV, PDF, SVG, PNG). Desktop: the native save dialog, resolving
 * `saved: false` when the user cancels; browser: a download. Rejects with a CallError.
 */
export function saveFile(file: SaveFileRequest): Promise<SaveFileResult> {
  const t = transport();
  return t.saveFile !== undefined ? t.saveFile(file) : Promise.resolve(downloadFile(file));
}

/** "Saved to <path>." when the desktop saved the file; null on cancel or a browser download. */
export function savedMessage(result: SaveFileResult): string | null {
  return result.saved && result.path !== null ? `Saved to ${result.path}.` : null;
}

// The transport interface both back-ends implement: desktop (Tauri IPC) and browser (HTTP to
// `coffer serve`). A transport resolves with the command's JSON result or rejects with a CallError.
import type { CallError } from "./errors";

export type TransportKind = "tauri" | "http";

export interface Transport {
  readonly kind: TransportKind;
  /** `request` is undefined for commands without one. Rejects with a CallError, nothing else. */
  send(command: string, request: unknown): Promise<unknown>;
  // Progress streams (sync, import, export) will be added here as
  // `stream(command, request, onEvent)`: a Tauri `Channel` on desktop, server-sent events over a
  // streaming fetch in the browser. See ./streams.ts for the planned contract.
}

export type { CallError };

// The transport interface both back-ends implement: desktop (Tauri IPC) and browser (HTTP to
// `coffer serve`). A transport resolves with the command's JSON result or rejects with a CallError.
import type { CallError } from "./errors";
import type { SaveFileRequest } from "./types/SaveFileRequest";
import type { SaveFileResult } from "./types/SaveFileResult";

export type TransportKind = "tauri" | "http";

export interface Transport {
  readonly kind: TransportKind;
  /** `request` is undefined for commands without one. Rejects with a CallError, nothing else. */
  send(command: string, request: unknown): Promise<unknown>;
  /**
   * Runs a command that reports progress: each progress event goes to `onEvent` while it runs,
   * then it resolves with the result like `send`. A Tauri `Channel` on desktop, server-sent events
   * over a streaming fetch in the browser (see ./streams.ts). Without it, `send` (no progress).
   */
  stream?(command: string, request: unknown, onEvent: (event: unknown) => void): Promise<unknown>;
  /**
   * Saves a file the UI built: the desktop's native save dialog (the `save_file` command; a
   * cancel resolves `saved: false`), or a normal download in a browser. Without it, a download.
   */
  saveFile?(file: SaveFileRequest): Promise<SaveFileResult>;
}

export type { CallError };

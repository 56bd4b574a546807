// Desktop transport: Tauri 2 IPC through `invoke` (withGlobalTauri is off, so it is imported).
// Every command takes at most one argument, named `request`; a rejection carries an ApiError.
// Files are saved by the `save_file` command, which shows the native save dialog from Rust.
import { Channel, invoke } from "@tauri-apps/api/core";
import { toCallError } from "./errors";
import type { Transport } from "./transport";
import type { SaveFileResult } from "./types/SaveFileResult";

type Invoke = (command: string, args: Record<string, unknown>) => Promise<unknown>;

export function isTauriWebview(win: object = window): boolean {
  return "__TAURI_INTERNALS__" in win;
}

export function createTauriTransport(invokeFn: Invoke = invoke): Transport {
  return {
    kind: "tauri",
    async send(command, request) {
      try {
        return await invokeFn(command, request === undefined ? {} : { request });
      } catch (err) {
        throw toCallError(err);
      }
    },
    async stream(command, request, onEvent) {
      // Progress commands take the request and a Channel named `onProgress`.
      const channel = new Channel<unknown>();
      channel.onmessage = onEvent;
      try {
        return await invokeFn(command, { request: request ?? {}, onProgress: channel });
      } catch (err) {
        throw toCallError(err);
      }
    },
    async saveFile(file) {
      try {
        return (await invokeFn("save_file", { request: file })) as SaveFileResult;
      } catch (err) {
        throw toCallError(err);
      }
    },
  };
}

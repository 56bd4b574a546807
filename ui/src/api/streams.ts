// Progress streams. `syncRun` syncs the vault's connections and reports progress while it runs:
// Desktop: `invoke("sync_run", { request, onProgress: channel })` with a Tauri `Channel` —
// each SyncProgress event arrives as the sync commits batches.
// Browser (`coffer serve`): a plain `POST /api/sync_run`; the server answers with the final
// summary only, so the progress callback hears nothing until it ends (server-sent events later).
import { Channel, invoke } from "@tauri-apps/api/core";
import { call, transport } from "./index";
import { toCallError } from "./errors";
import type { SyncProgress } from "./types/SyncProgress";
import type { SyncRequest } from "./types/SyncRequest";
import type { SyncSummary } from "./types/SyncSummary";

export async function syncRun(request: SyncRequest, onProgress: (event: SyncProgress) => void): Promise<SyncSummary> {
  if (transport().kind !== "tauri") return call("sync_run", request);
  const channel = new Channel<SyncProgress>();
  channel.onmessage = onProgress;
  try {
    return (await invoke("sync_run", { request, onProgress: channel })) as SyncSummary;
  } catch (err) {
    throw toCallError(err);
  }
}

// Progress streams. `syncRun` syncs the vault's connections and reports progress while it runs,
// the same way in both transports (Transport.stream):
// Desktop: `invoke("sync_run", { request, onProgress: channel })` with a Tauri `Channel`.
// Browser (`coffer serve`): `POST /api/sync_run` with `Accept: text/event-stream`; the server
// answers with server-sent events (`progress` per step, then `result` or `error`).
import { transport } from "./index";
import type { SyncProgress } from "./types/SyncProgress";
import type { SyncRequest } from "./types/SyncRequest";
import type { SyncSummary } from "./types/SyncSummary";

export async function syncRun(request: SyncRequest, onProgress: (event: SyncProgress) => void): Promise<SyncSummary> {
  const t = transport();
  if (t.stream === undefined) return (await t.send("sync_run", request)) as SyncSummary;
  return (await t.stream("sync_run", request, (event) => onProgress(event as SyncProgress))) as SyncSummary;
}

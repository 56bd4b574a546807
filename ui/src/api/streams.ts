// Progress streams (placeholder — nothing streams yet). Sync, import and export will report
// progress (accounts, pages, rows) while they run. Planned contract, one typed entry per command
// like ./commands.ts:
//
//   interface StreamCommands { sync_run: [SyncRequest, SyncProgress, SyncSummary] }
//   stream("sync_run", request, (event: SyncProgress) => ...): Promise<SyncSummary>
//
// Desktop: `invoke(name, { request, onEvent: channel })` with a `Channel<Event>` from
// `@tauri-apps/api/core`. Browser: `POST /api/<name>` with `Accept: text/event-stream`, read as a
// streaming fetch (EventSource cannot send the X-Coffer-Token header); each `data:` line is one
// JSON event, and a final `event: result` (or `event: error` with an ApiError) ends the stream.

export interface StreamCommands {}

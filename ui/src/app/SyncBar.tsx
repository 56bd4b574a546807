// The background sync's progress bar, shown above every view while a sync runs: the step, the
// connections done, and the rows committed so far. The rest of the app stays usable meanwhile.
import { useSyncState } from "./syncState";

export function SyncBar() {
  const s = useSyncState();
  if (!s.running) return <div class="syncbar syncbar--idle" hidden />;
  return (
    <section class="syncbar card" role="status" aria-live="polite" aria-busy="true" data-testid="sync-bar">
      <label for="sync-bar-progress">{s.label}</label>
      {/* One connection: an indeterminate bar (its row total is not known ahead). */}
      <progress id="sync-bar-progress" max={s.total} value={s.total > 1 ? s.done : undefined} data-rows={s.rows} />
      <span class="muted num" data-testid="sync-bar-counts">
        {s.done} of {s.total} {s.total === 1 ? "connection" : "connections"} · {s.rows.toLocaleString("en-US")} rows
      </span>
    </section>
  );
}

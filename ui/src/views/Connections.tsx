// Connections: where the data comes from — status, last sync and errors in plain words; "Sync now"
// with a progress bar (desktop: live over a Tauri Channel; browser: the final outcome), and
// unlink or purge after a confirmation that says exactly what goes.
import { useState } from "preact/hooks";
import { call, syncRun, type ConnectionInfo, type SyncProgress, type SyncSummary } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { useLoad } from "../lib/useLoad";
import { useShortcut } from "../shortcuts/context";
import { Keys } from "../shortcuts/Keys";
import { statusBadge, when, words } from "./format";
import { ViewHeader } from "./ViewHeader";

const STATUS_WORDS: Record<string, string> = {
  active: "Connected",
  needs_reauth: "Sign in again",
  error: "Last sync failed",
  revoked: "Unlinked",
};

/** An error as a sentence for people: the backend's message, with a hint for common causes. */
export function plainError(message: string): string {
  if (/connect|refused|unreachable|timed out|dns/i.test(message)) return `Coffer could not reach the institution. ${message}`;
  if (/401|403|unauthori|re-?auth|sign in/i.test(message)) return `The institution wants you to sign in again. ${message}`;
  return message;
}

interface Progress {
  label: string;
  rows: number;
  done: number;
  total: number;
}

function progressOf(event: SyncProgress, prev: Progress): Progress {
  switch (event.stage) {
    case "started":
      return { ...prev, label: `Syncing ${event.institution}…` };
    case "batch":
      return { ...prev, label: event.label, rows: event.rows };
    case "finished":
      return { ...prev, done: prev.done + 1, label: event.outcome.status === "ok" ? "Finished" : "Finished with a problem" };
  }
}

function ConfirmUnlink(props: { connection: ConnectionInfo; onDone: () => void; onCancel: () => void; onError: ErrorHandler }) {
  const [busy, setBusy] = useState(false);
  const unlink = async (purge: boolean) => {
    setBusy(true);
    try {
      await call("connection_unlink", { connection_id: props.connection.id, purge });
      props.onDone();
    } catch (err) {
      props.onError(err);
      setBusy(false);
    }
  };
  return (
    <div class="confirm" role="alertdialog" aria-labelledby={`unlink-${props.connection.id}`}>
      <p id={`unlink-${props.connection.id}`}>
        Unlink <strong>{props.connection.display_name}</strong>? Its sign-in secrets are erased at once. <em>Keep data</em> leaves its
        accounts and transactions in the vault; <em>Purge</em> deletes them too and cannot be undone.
      </p>
      <div class="form__actions">
        <button type="button" class="button" disabled={busy} onClick={() => void unlink(false)}>
          Unlink, keep data
        </button>
        <button type="button" class="button button--danger" disabled={busy} onClick={() => void unlink(true)}>
          Unlink and purge data
        </button>
        <button type="button" class="button button--quiet" disabled={busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function Connections(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  const info = viewInfo("connections");
  const { data, reload } = useLoad(() => call("connections_list"), props.onError);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const active = (data ?? []).filter((c) => c.status !== "revoked");

  const sync = async (only?: number) => {
    if (progress !== null) return;
    const total = only === undefined ? active.length : 1;
    let current: Progress = { label: "Starting…", rows: 0, done: 0, total };
    setProgress(current);
    setSummary(null);
    try {
      const result = await syncRun(only === undefined ? {} : { connection_id: only }, (event) => {
        current = progressOf(event, current);
        setProgress(current);
      });
      setSummary(result);
    } catch (err) {
      props.onError(err);
    } finally {
      setProgress(null);
      reload();
    }
  };
  useShortcut({ id: "connections.sync", keys: "s", description: "Sync every connection now", group: "Connections", run: () => void sync() });

  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose}>
        <button type="button" class="button button--primary" onClick={() => void sync()} disabled={progress !== null || active.length === 0} aria-keyshortcuts="s">
          {progress !== null ? "Syncing…" : "Sync now"} <Keys keys="s" />
        </button>
      </ViewHeader>
      {progress !== null && (
        <section class="card sync" aria-live="polite" aria-busy="true">
          <label for="sync-progress">{progress.label}</label>
          <progress id="sync-progress" max={progress.total} value={progress.done} />
          <span class="muted num">
            {progress.done} of {progress.total} connections · {progress.rows.toLocaleString("en-US")} rows
          </span>
        </section>
      )}
      {summary !== null && (
        <section class="card" role="status" data-testid="sync-summary">
          {summary.outcomes.map((o) => {
            const c = data?.find((x) => x.id === o.connection_id);
            return (
              <p key={o.connection_id}>
                <strong>{c?.display_name ?? `Connection ${o.connection_id}`}:</strong>{" "}
                {o.status === "ok"
                  ? `synced — ${o.totals.added} new, ${o.totals.updated} changed, ${o.totals.unchanged} unchanged.`
                  : plainError(o.error ?? "The sync did not finish.")}
              </p>
            );
          })}
        </section>
      )}
      {data === null ? (
        <p class="muted" aria-busy="true">
          Reading the vault…
        </p>
      ) : data.length === 0 ? (
        <section class="card empty">
          <p class="empty__title">No connections yet</p>
          <p class="muted">
            Link the demo sandbox bank, an issuer, FDX or SimpleFIN from the command line (<code>coffer link …</code>), or import OFX, QFX and CSV files
            (<code>coffer import FILE</code>).
          </p>
        </section>
      ) : (
        <ul class="connections" aria-label="Connections">
          {data.map((c) => (
            <li class="card connection" key={c.id}>
              <div class="connection__head">
                <h2>{c.display_name}</h2>
                <span class={statusBadge(c.status)}>{STATUS_WORDS[c.status] ?? words(c.status)}</span>
              </div>
              <dl class="facts">
                <dt>Kind</dt>
                <dd>{words(c.kind)}</dd>
                <dt>Institution</dt>
                <dd>{c.institution}</dd>
                <dt>Last sync</dt>
                <dd>{c.last_sync_at === null ? "Never" : when(c.last_sync_at)}</dd>
                <dt>Consent</dt>
                <dd>{c.scopes.length === 0 ? "—" : c.scopes.join(", ")}</dd>
                {c.last_error !== null && (
                  <>
                    <dt>Problem</dt>
                    <dd class="error">{plainError(c.last_error)}</dd>
                  </>
                )}
              </dl>
              {confirming === c.id ? (
                <ConfirmUnlink
                  connection={c}
                  onError={props.onError}
                  onCancel={() => setConfirming(null)}
                  onDone={() => {
                    setConfirming(null);
                    reload();
                  }}
                />
              ) : (
                <div class="form__actions">
                  {c.status !== "revoked" && (
                    <button type="button" class="button" disabled={progress !== null} onClick={() => void sync(c.id)}>
                      Sync this connection
                    </button>
                  )}
                  <button type="button" class="button button--quiet" onClick={() => setConfirming(c.id)}>
                    {c.status === "revoked" ? "Purge…" : "Unlink…"}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

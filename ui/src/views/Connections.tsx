// Connections: where the data comes from — status, last sync and errors in plain words; "Add
// connection" (demo bank, issuer, FDX, SimpleFIN, file import); "Sync now" runs in the background
// with the frame's progress bar (live in both the desktop app and the browser); unlink or purge
// after a confirmation that says exactly what goes.
import { useState } from "preact/hooks";
import { call, type ConnectionInfo } from "../api";
import type { LinkResult } from "../api/types/LinkResult";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { dataChanged } from "../app/dataEvents";
import { clearSyncResult, startSync, useSyncState } from "../app/syncState";
import { useLoad } from "../lib/useLoad";
import { useShortcut } from "../shortcuts/context";
import { Keys } from "../shortcuts/Keys";
import { AddConnection } from "./connect/AddConnection";
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

function ConfirmUnlink(props: { connection: ConnectionInfo; onDone: () => void; onCancel: () => void; onError: ErrorHandler }) {
  const [busy, setBusy] = useState(false);
  const unlink = async (purge: boolean) => {
    setBusy(true);
    try {
      await call("connection_unlink", { connection_id: props.connection.id, purge });
      dataChanged();
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
  const { data } = useLoad(() => call("connections_list"), props.onError);
  const sync = useSyncState();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [justLinked, setJustLinked] = useState<LinkResult | null>(null);
  const active = (data ?? []).filter((c) => c.status !== "revoked");
  const summary = sync.summary;

  const run = (only?: number) => {
    if (sync.running) return;
    setJustLinked(null);
    void startSync(only === undefined ? {} : { connection_id: only }, only === undefined ? active.length : 1);
  };
  useShortcut({ id: "connections.sync", keys: "s", description: "Sync every connection now", group: "Connections", run: () => run() });
  useShortcut({ id: "connections.add", keys: "a", description: "Add a connection", group: "Connections", run: () => setAdding(true) });

  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose}>
        <button type="button" class="button" onClick={() => setAdding(true)} aria-keyshortcuts="a" data-testid="add-connection">
          Add connection <Keys keys="a" />
        </button>
        <button type="button" class="button button--primary" onClick={() => run()} disabled={sync.running || active.length === 0} aria-keyshortcuts="s">
          {sync.running ? "Syncing…" : "Sync now"} <Keys keys="s" />
        </button>
      </ViewHeader>
      {adding && (
        <AddConnection
          onClose={() => setAdding(false)}
          onLinked={(result) => {
            setAdding(false);
            setJustLinked(result);
          }}
        />
      )}
      {justLinked !== null && (
        <section class="card" role="status" data-testid="linked">
          <p>
            Linked <strong>{justLinked.institution}</strong>
            {justLinked.scopes.length > 0 ? ` (access to ${justLinked.scopes.join(", ")})` : ""}. Sync it now to fetch its data.
          </p>
          <div class="form__actions">
            <button type="button" class="button button--primary" disabled={sync.running} onClick={() => run(justLinked.connection_id)}>
              Sync {justLinked.institution} now
            </button>
          </div>
        </section>
      )}
      {sync.error !== null && (
        <p class="error" role="alert">
          {plainError(sync.error)}
        </p>
      )}
      {summary !== null && !sync.running && (
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
          <button type="button" class="button button--quiet" onClick={clearSyncResult}>
            Dismiss
          </button>
        </section>
      )}
      {data === null ? (
        <p class="muted" aria-busy="true">
          Reading the vault…
        </p>
      ) : data.length === 0 ? (
        <section class="card empty">
          <p class="empty__title">No connections yet</p>
          <p class="muted">Add the demo sandbox bank to look around, link your card issuer, an FDX bank or SimpleFIN, or import OFX, QFX and CSV files.</p>
          {!adding && (
            <div class="form__actions">
              <button type="button" class="button button--primary" onClick={() => setAdding(true)}>
                Add a connection
              </button>
            </div>
          )}
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
                <ConfirmUnlink connection={c} onError={props.onError} onCancel={() => setConfirming(null)} onDone={() => setConfirming(null)} />
              ) : (
                <div class="form__actions">
                  {c.status !== "revoked" && (
                    <button type="button" class="button" disabled={sync.running} onClick={() => run(c.id)}>
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

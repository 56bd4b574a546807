// Settings: lock now, the vault's status (location, key, schema; integrity and rows per kind of
// data on request, since the check reads every page of the vault), the app version, the shortcut sheet and the audit log (newest first, exportable).
// Auto-lock after idle, passphrase / key mode changes, backup and restore live in ./VaultCare.tsx.
import { useState } from "preact/hooks";
import { call, type AppInfo, type AuditEntry, type VaultStatus } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import { viewInfo } from "../app/routes";
import { arraySource, DataTable, type Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { formatPoints } from "../lib/money";
import { useLoad } from "../lib/useLoad";
import { Keys } from "../shortcuts/Keys";
import { when } from "./format";
import { countRows, keyModeLabel, tableLabel, type TableCount } from "./labels";
import { exportRows, type CsvSpec } from "./ListView";
import { ViewHeader } from "./ViewHeader";
import { dataChanged } from "../app/dataEvents";
import { AutoLock, BackupRestore, Protection } from "./VaultCare";

const countColumns: Column<TableCount>[] = [
  { id: "kind", header: "Kind of data", cell: (r) => tableLabel(r.table), width: "minmax(0, 2fr)" },
  { id: "rows", header: "Rows", cell: (r) => formatPoints(String(r.rows)), numeric: true, width: "10rem" },
];
const countCsv: CsvSpec<TableCount> = {
  filename: "coffer-vault-counts.csv",
  header: ["kind", "table", "rows"],
  row: (c) => [text(tableLabel(c.table)), text(c.table), numeric(c.rows)],
};

const auditColumns: Column<AuditEntry>[] = [
  { id: "at", header: "When", cell: (a) => when(a.at), width: "11rem" },
  { id: "action", header: "Action", cell: (a) => a.action, width: "12rem" },
  { id: "outcome", header: "Outcome", cell: (a) => <span class={a.outcome === "ok" ? "badge badge--ok" : "badge badge--bad"}>{a.outcome}</span>, width: "6rem" },
  { id: "detail", header: "Detail", cell: (a) => <code class="detail">{a.detail}</code>, width: "minmax(0, 3fr)" },
];
const auditCsv: CsvSpec<AuditEntry> = {
  filename: "coffer-audit-log.csv",
  header: ["id", "at", "action", "connection_id", "outcome", "detail"],
  row: (a) => [numeric(a.id), text(a.at), text(a.action), a.connection_id === null ? text("") : numeric(a.connection_id), text(a.outcome), text(a.detail)],
};

export interface SettingsProps {
  info: AppInfo;
  status: VaultStatus | null;
  onLock: () => void;
  locking: boolean;
  onShowShortcuts: () => void;
  onError: ErrorHandler;
}

export function Settings(props: SettingsProps) {
  const info = viewInfo("settings");
  const { data: status } = useLoad(() => call("vault_status"), props.onError);
  const { data: audit } = useLoad(() => call("audit_log_list", { limit: 5000 }), props.onError);
  const [checked, setChecked] = useState<VaultStatus | null>(null);
  const [checking, setChecking] = useState(false);
  const check = async () => {
    setChecking(true);
    try {
      setChecked(await call("vault_check"));
    } catch (err) {
      props.onError(err);
    } finally {
      setChecking(false);
    }
  };
  const current = checked ?? status ?? props.status;
  const counts = checked === null ? [] : countRows(checked);
  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose} />
      <section class="card" aria-labelledby="lock-heading">
        <h2 id="lock-heading">Lock</h2>
        <p class="muted">Locking closes the vault: nothing can be read until it is unlocked again.</p>
        <button type="button" class="button button--primary" onClick={props.onLock} disabled={props.locking} aria-keyshortcuts="Control+L Meta+L">
          {props.locking ? "Locking…" : "Lock now"} <Keys keys="Mod+L" />
        </button>
      </section>
      <AutoLock onError={props.onError} />
      <Protection info={props.info} status={current} onChanged={dataChanged} />
      <BackupRestore info={props.info} status={current} onRestored={dataChanged} />
      <section class="card" aria-labelledby="vault-heading">
        <h2 id="vault-heading">Vault</h2>
        <dl class="facts">
          <dt>Location</dt>
          <dd>
            <code class="path">{current?.path ?? props.info.vault_path}</code>
          </dd>
          <dt>Key</dt>
          <dd>{keyModeLabel(current?.key_source ?? props.info.key_mode)}</dd>
          <dt>Schema version</dt>
          <dd class="num">{current?.schema_version ?? "—"}</dd>
          <dt>Integrity</dt>
          <dd>
            {checked === null ? (
              <button type="button" class="button" onClick={() => void check()} disabled={checking} aria-describedby="check-note">
                {checking ? "Checking every page…" : "Check integrity and count rows"}
              </button>
            ) : checked.integrity === "ok" ? (
              <span class="badge badge--ok">OK</span>
            ) : (
              <span class="badge badge--bad">{checked.integrity ?? "not checked"}</span>
            )}
            {checked === null && (
              <p id="check-note" class="muted">
                Reads and authenticates every page of the vault: about half a minute per million transactions.
              </p>
            )}
          </dd>
          <dt>Coffer version</dt>
          <dd>{props.info.version}</dd>
        </dl>
      </section>
      <section class="card card--table" aria-labelledby="counts-heading">
        <h2 id="counts-heading">What the vault holds</h2>
        <DataTable label="Rows per kind of data" columns={countColumns} source={arraySource(counts)} rowKey={(r) => r.table} empty={<p class="muted">{checking ? "Counting…" : "Counted by the integrity check above."}</p>} onExport={() => exportRows(countCsv, counts)} />
      </section>
      <section class="card card--table" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        <DataTable label="Audit log" columns={auditColumns} source={arraySource(audit ?? [])} rowKey={(a) => a.id} empty={<p class="muted">{audit === null ? "Reading the audit log…" : "Nothing recorded yet."}</p>} onExport={() => exportRows(auditCsv, audit ?? [])} />
      </section>
      <section class="card" aria-labelledby="keyboard-heading">
        <h2 id="keyboard-heading">Keyboard</h2>
        <p class="muted">Every action has a shortcut.</p>
        <button type="button" class="button" onClick={props.onShowShortcuts}>
          Show all shortcuts <Keys keys="?" />
        </button>
      </section>
    </div>
  );
}

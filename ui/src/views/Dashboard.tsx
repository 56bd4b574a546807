// Dashboard (this milestone): the vault's status — path, key mode, schema version, integrity —
// and a table of row counts per kind of data. Balances, credit and net worth come with data.
import { useState } from "preact/hooks";
import { call, type VaultStatus } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { arraySource, DataTable, type Column } from "../components/DataTable";
import { numeric, text, toCsv } from "../lib/csv";
import { downloadText } from "../lib/download";
import { formatPoints } from "../lib/money";
import { useShortcut } from "../shortcuts/context";
import { Keys } from "../shortcuts/Keys";
import { EmptyState } from "./EmptyState";
import { ViewHeader } from "./ViewHeader";
import { countRows, keyModeLabel, tableLabel, type TableCount } from "./labels";

const countColumns: Column<TableCount>[] = [
  { id: "kind", header: "Kind of data", cell: (r) => tableLabel(r.table), width: "minmax(0, 2fr)" },
  { id: "table", header: "Table", cell: (r) => <code>{r.table}</code> },
  { id: "rows", header: "Rows", cell: (r) => formatPoints(String(r.rows)), numeric: true, width: "10rem" },
];

export interface DashboardProps {
  status: VaultStatus | null;
  onStatus: (status: VaultStatus) => void;
  onError: ErrorHandler;
  onGo: (view: ViewId) => void;
}

export function Dashboard(props: DashboardProps) {
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    try {
      props.onStatus(await call("vault_status"));
    } catch (err) {
      props.onError(err);
    } finally {
      setRefreshing(false);
    }
  };
  useShortcut({ id: "dashboard.refresh", keys: "r", description: "Refresh the vault status", group: "Dashboard", run: () => void refresh() });
  useShortcut({ id: "dashboard.export", keys: "e", description: "Export the row counts as CSV", group: "Dashboard", run: () => exportCounts(props.status) });

  const status = props.status;
  const counts = status === null ? [] : countRows(status);
  const info = viewInfo("dashboard");
  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose}>
        <button type="button" class="button" onClick={refresh} disabled={refreshing} aria-busy={refreshing} aria-keyshortcuts="r">
          {refreshing ? "Refreshing…" : "Refresh"} <Keys keys="r" />
        </button>
      </ViewHeader>
      {status === null ? (
        <p class="muted" aria-busy="true">
          Reading the vault…
        </p>
      ) : (
        <>
          <section class="card" aria-labelledby="vault-heading">
            <h2 id="vault-heading">Vault</h2>
            <dl class="facts">
              <dt>Location</dt>
              <dd>
                <code class="path">{status.path}</code>
              </dd>
              <dt>Key</dt>
              <dd>{keyModeLabel(status.key_source)}</dd>
              <dt>Schema version</dt>
              <dd class="num">{status.schema_version}</dd>
              <dt>Integrity</dt>
              <dd>{status.integrity === "ok" ? <span class="badge badge--ok">OK</span> : <span class="badge badge--bad">{status.integrity}</span>}</dd>
            </dl>
          </section>
          {counts.every((c) => c.rows === 0) && (
            <section class="card">
              <EmptyState title="No accounts yet — add a connection to see balances, credit and net worth" onGo={props.onGo} />
            </section>
          )}
          <section class="card card--table" aria-labelledby="counts-heading">
            <h2 id="counts-heading">What the vault holds</h2>
            <DataTable
              label="Rows per kind of data"
              columns={countColumns}
              source={arraySource(counts)}
              rowKey={(r) => r.table}
              empty={<p class="muted">The vault reported no tables.</p>}
              onExport={() => exportCounts(status)}
            />
          </section>
        </>
      )}
    </div>
  );
}

function exportCounts(status: VaultStatus | null): void {
  if (status === null) return;
  const csv = toCsv(
    ["kind", "table", "rows"],
    countRows(status).map((c) => [text(tableLabel(c.table)), text(c.table), numeric(c.rows)]),
  );
  downloadText("coffer-vault-counts.csv", csv);
}

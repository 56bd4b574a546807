// CD ladder: each CD's principal, APY, term and maturity with its grace window and what an early
// withdrawal would cost today; the principal-weighted blended APY, next maturity and interest
// projected to maturity; cash becoming available in 3/6/12 months; savings APY alongside.
import type { AvailableWithin } from "../api/types/AvailableWithin";
import type { CdLineView } from "../api/types/CdLineView";
import type { NamedAmount } from "../api/types/NamedAmount";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { numeric, text } from "../lib/csv";
import { formatMoney } from "../lib/money";
import type { ExportColumn } from "../lib/tableExport";
import { Charts } from "./analytics/Chart";
import { csvMoney, csvText, money, Tile } from "./analytics/cells";
import { ReportView } from "./analytics/ReportView";
import { exportTable, TableSection } from "./analytics/TableSection";
import { useReport } from "./analytics/useReport";

const grace = (c: CdLineView) => (c.grace_from === null || c.grace_to === null ? "—" : `${c.grace_from} – ${c.grace_to}`);

/** The grace window on two lines when it must wrap, never inside a date. */
const graceCell = (c: CdLineView) =>
  c.grace_from === null || c.grace_to === null ? (
    "—"
  ) : (
    <>
      <span class="nowrap">{c.grace_from}</span> – <span class="nowrap">{c.grace_to}</span>
    </>
  );

export function cdColumns(currency: string): ExportColumn<CdLineView>[] {
  return [
    // Shown with taller rows (TableSection wrapRows): the grace window's two days and long names
    // wrap; money columns are wide enough for six figures at 1280 px.
    { id: "cd", header: "CD", cell: (c) => <span title={c.name}>{c.name}</span>, csv: (c) => text(c.name), width: "minmax(0, 1fr)" },
    { id: "principal", header: "Principal", cell: (c) => money(c.principal, currency), csv: (c) => csvMoney(c.principal), numeric: true, width: "7rem" },
    { id: "apy", header: "APY", cell: (c) => `${c.apy}%`, csv: (c) => numeric(c.apy), numeric: true, width: "4.25rem" },
    { id: "term_months", header: "Term", cell: (c) => (c.term_months === null ? "—" : `${c.term_months} mo`), csv: (c) => numeric(c.term_months ?? ""), width: "4.5rem" },
    { id: "maturity_on", header: "Matures", cell: (c) => c.maturity_on ?? "—", csv: (c) => csvText(c.maturity_on), width: "6.25rem" },
    { id: "days_to_maturity", header: "Days left", cell: (c) => (c.days_to_maturity === null ? "—" : c.days_to_maturity.toLocaleString("en-US")), csv: (c) => numeric(c.days_to_maturity ?? ""), numeric: true, width: "4.25rem" },
    { id: "interest_to_maturity", header: "Interest to maturity", cell: (c) => money(c.interest_to_maturity, currency), csv: (c) => csvMoney(c.interest_to_maturity), numeric: true, width: "6.5rem" },
    { id: "value_at_maturity", header: "At maturity", cell: (c) => money(c.value_at_maturity, currency), csv: (c) => csvMoney(c.value_at_maturity), numeric: true, width: "7rem" },
    { id: "grace_window", header: "Grace window", cell: graceCell, csv: (c) => text(grace(c) === "—" ? "" : grace(c)), width: "7.5rem" },
    { id: "early_withdrawal_penalty", header: "Penalty today", cell: (c) => money(c.early_withdrawal_penalty, currency), csv: (c) => csvMoney(c.early_withdrawal_penalty), numeric: true, width: "6.5rem" },
  ];
}

function availableColumns(currency: string): ExportColumn<AvailableWithin>[] {
  return [
    { id: "months", header: "Within", cell: (a) => `${a.months} months`, csv: (a) => numeric(a.months) },
    { id: "amount", header: "Cash becoming available", cell: (a) => money(a.amount, currency), csv: (a) => csvMoney(a.amount), numeric: true },
  ];
}

const savingsColumns: ExportColumn<NamedAmount>[] = [
  { id: "account", header: "Savings account", cell: (s) => s.name, csv: (s) => text(s.name), width: "minmax(0, 2fr)" },
  { id: "apy", header: "APY", cell: (s) => `${s.amount}%`, csv: (s) => numeric(s.amount), numeric: true },
];

export function CdLadder(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  const report = useReport("report_cds", {}, props.onError);
  const r = report.data;
  const currency = r?.currency ?? "USD";
  const columns = cdColumns(currency);
  return (
    <ReportView
      view="cds"
      loading={report.loading}
      ready={r !== null}
      empty={r !== null && r.cds.length === 0 && r.savings_apy.length === 0}
      onGo={props.onGo}
      onRefresh={report.reload}
      onError={props.onError}
      onExport={() => r !== null && exportTable("coffer-cd-ladder.csv", columns, r.cds)}
      exportLabel="Export the CD ladder as CSV"
    >
      {r !== null && (
        <>
          <section class="tiles" aria-label="CD ladder totals">
            <Tile testid="cd-principal" label={`Principal (${currency})`} value={formatMoney(r.total_principal, currency)} detail={r.cds.length === 1 ? "1 CD" : `${r.cds.length} CDs`} />
            <Tile testid="cd-blended-apy" label="Blended APY" value={r.blended_apy === null ? "—" : `${r.blended_apy}%`} detail="Weighted by principal" />
            <Tile testid="cd-next-maturity" label="Next maturity" value={r.next_maturity ?? "—"} />
            <Tile testid="cd-interest" label="Interest to maturity" value={formatMoney(r.total_interest_to_maturity, currency)} detail="Projected, all CDs" />
          </section>
          <Charts charts={r.charts} source={{ report: "cds", period: {}, onError: props.onError }} />
          <TableSection id="cds" title="CDs" rows={r.cds} columns={columns} filename="coffer-cd-ladder.csv" rowKey={(c) => c.account_id} wrapRows={52} empty="No open CDs." />
          <div class="columns">
            <TableSection id="cd-available" title="Cash becoming available" rows={r.available_within} columns={availableColumns(currency)} filename="coffer-cd-available.csv" rowKey={(a) => a.months} empty="No CDs mature soon." />
            <TableSection id="cd-savings" title="Savings APY alongside" rows={r.savings_apy} columns={savingsColumns} filename="coffer-savings-apy.csv" rowKey={(s) => s.name} empty="No savings accounts." />
          </div>
        </>
      )}
    </ReportView>
  );
}

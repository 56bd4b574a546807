// Spend analysis: totals by category, merchant and month over a chosen period, month-over-month
// change, refunds netted against purchases, purchases in other currencies with their original
// amounts, money moved but not spent, recurring payments, and the plotters charts.
import { useState } from "preact/hooks";
import { call } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { periodRequest } from "../lib/period";
import { formatMoney } from "../lib/money";
import { useLoad } from "../lib/useLoad";
import { Charts } from "./analytics/Chart";
import { Tile } from "./analytics/cells";
import { ReportView, usePeriod } from "./analytics/ReportView";
import { excludedColumns, foreignColumns, lineColumns, monthCategoryColumns, monthCategoryRows, monthColumns, recurringColumns } from "./analytics/spendColumns";
import { exportTable, TableSection } from "./analytics/TableSection";
import { useReport } from "./analytics/useReport";

export function Spend(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  const period = usePeriod("last-12");
  const [accountId, setAccountId] = useState<number | null>(null);
  const accounts = useLoad(() => call("accounts_list"), props.onError);
  const request = { ...periodRequest(period.period), ...(accountId === null ? {} : { account_id: accountId }) };
  const spend = useReport("report_spend", request, props.onError);
  const recurring = useReport("report_recurring", request, props.onError);
  const r = spend.data;
  const currency = r?.currency ?? "USD";
  const categoryColumns = lineColumns("category", currency);
  const latest = r?.by_month.at(-1);
  return (
    <ReportView
      view="spend"
      loading={spend.loading || recurring.loading}
      ready={r !== null && recurring.data !== null}
      empty={r !== null && r.by_month.length === 0 && r.excluded.length === 0 && period.period.preset === "all" && accountId === null}
      onGo={props.onGo}
      onRefresh={() => (spend.reload(), recurring.reload())}
      onError={props.onError}
      onExport={() => r !== null && exportTable("coffer-spend-by-category.csv", categoryColumns, r.by_category)}
      exportLabel="Export spending by category as CSV"
      period={period}
      account={accounts.data === null ? undefined : { accounts: accounts.data, accountId, onAccount: setAccountId }}
    >
      {r !== null && recurring.data !== null && (
        <>
          <section class="tiles" aria-label="Spending totals">
            <Tile testid="spend-total" label={`Spent (${currency})`} value={formatMoney(r.total, currency)} detail="Purchases less refunds" />
            <Tile testid="spend-purchases" label="Purchases" value={formatMoney(r.purchases, currency)} />
            <Tile testid="spend-refunds" label="Refunds netted" value={formatMoney(r.refunds, currency)} />
            <Tile testid="spend-latest-month" label={latest === undefined ? "Latest month" : `Latest month (${latest.month})`} value={latest === undefined ? "—" : formatMoney(latest.spent, currency)} detail={latest?.change_percent != null ? `${latest.change_percent.startsWith("-") ? "" : "+"}${latest.change_percent}% on the month before` : undefined} />
            <Tile testid="spend-foreign" label="In other currencies" value={String(r.foreign.reduce((n, f) => n + f.count, 0))} detail="purchases, original amounts kept" />
          </section>
          {r.other_currency_rows > 0 && <p class="muted report-note">{r.other_currency_rows.toLocaleString("en-US")} rows in accounts of other currencies are not counted.</p>}
          <Charts charts={r.charts} source={{ report: "spend", period: request, onError: props.onError }} />
          <div class="columns">
            <TableSection id="spend-category" title="By category" rows={r.by_category} columns={categoryColumns} filename="coffer-spend-by-category.csv" rowKey={(l) => l.name} empty="Nothing spent in this period." />
            <TableSection id="spend-month" title="By month" rows={r.by_month} columns={monthColumns(currency)} filename="coffer-spend-by-month.csv" rowKey={(m) => m.month} empty="Nothing spent in this period." />
          </div>
          <div class="columns">
            <TableSection id="spend-merchant" title="By merchant" rows={r.by_merchant} columns={lineColumns("merchant", currency)} filename="coffer-spend-by-merchant.csv" rowKey={(l, i) => `${l.name}-${i}`} empty="Nothing spent in this period." />
            <TableSection id="spend-month-category" title="By month and category" rows={monthCategoryRows(r.by_month)} columns={monthCategoryColumns(currency)} filename="coffer-spend-by-month-and-category.csv" rowKey={(x) => `${x.month}-${x.category}`} empty="Nothing spent in this period." />
          </div>
          <div class="columns">
            <TableSection id="spend-foreign" title="Other currencies" rows={r.foreign} columns={foreignColumns(currency)} filename="coffer-spend-foreign.csv" rowKey={(f) => f.currency} empty="No purchases in other currencies." />
            <TableSection id="spend-excluded" title="Not spending" rows={r.excluded} columns={excludedColumns(currency)} filename="coffer-spend-excluded.csv" rowKey={(e) => e.kind} empty="No payments, transfers or income in this period." />
          </div>
          <TableSection id="recurring" title="Recurring payments" rows={recurring.data} columns={recurringColumns} filename="coffer-recurring.csv" rowKey={(x, i) => `${x.account_id}-${x.merchant}-${i}`} empty="No recurring payments detected in this period." />
        </>
      )}
    </ReportView>
  );
}

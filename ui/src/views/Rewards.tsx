// Rewards ledger: per program balance, earned vs redeemed, points expiring by each program's own
// rule (shown), balance over time (chart and table), what each card earned per bonus category,
// and the reconciliation of reported accruals against the cards' earn rules.
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { periodRequest } from "../lib/period";
import { Charts } from "./analytics/Chart";
import { ReportView, usePeriod } from "./analytics/ReportView";
import { balanceRows, cardEarnColumns, discrepancyColumns, expiringRows, programColumns, programPointsColumns } from "./analytics/rewardsColumns";
import { exportTable, TableSection } from "./analytics/TableSection";
import { useReport } from "./analytics/useReport";

const expiringColumns = programPointsColumns("Expires", "Points");
const balanceColumns = programPointsColumns("Day", "Balance");

export function Rewards(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  const period = usePeriod("all");
  const report = useReport("report_rewards", periodRequest(period.period), props.onError);
  const r = report.data;
  return (
    <ReportView
      view="rewards"
      loading={report.loading}
      ready={r !== null}
      empty={r !== null && r.programs.length === 0}
      onGo={props.onGo}
      onRefresh={report.reload}
      onError={props.onError}
      onExport={() => r !== null && exportTable("coffer-rewards-programs.csv", programColumns, r.programs)}
      exportLabel="Export the rewards ledger as CSV"
      period={period}
    >
      {r !== null && (
        <>
          <TableSection id="rewards-programs" title="Programs" rows={r.programs} columns={programColumns} filename="coffer-rewards-programs.csv" rowKey={(p) => p.program_id} wrapRows={60} note={<p class="muted report-note">Expiring soon: points that expire within 90 days under the program's own rule (the earlier date wins where a rule has two clauses).</p>} empty="No reward programs in the vault." />
          <div class="columns">
            <Charts charts={r.charts} source={{ report: "rewards", period: periodRequest(period.period), onError: props.onError }} />
            <TableSection id="rewards-expiring" title="Expiring points" rows={expiringRows(r.programs)} columns={expiringColumns} filename="coffer-rewards-expiring.csv" rowKey={(x, i) => `${x.program}-${x.on}-${i}`} wrapRows={44} empty="No points due to expire." />
          </div>
          <TableSection id="rewards-by-card" title="Earned by card and bonus category" rows={r.by_card} columns={cardEarnColumns} filename="coffer-rewards-by-card.csv" rowKey={(c) => `${c.account_id}-${c.program}-${c.bonus_category}`} empty="No accruals in this period." />
          <div class="columns">
            <TableSection
              id="rewards-discrepancies"
              title="Reconciliation"
              rows={r.discrepancies}
              columns={discrepancyColumns}
              filename="coffer-rewards-discrepancies.csv"
              rowKey={(d) => d.source_id}
              note={
                <p class="muted report-note" data-testid="reconciliation">
                  {`${r.reconciled.toLocaleString("en-US")} accruals match the cards' earn rules; ${r.discrepancies.length.toLocaleString("en-US")} differ.`}
                </p>
              }
              empty="Every reported accrual matches the earn rules."
            />
            <TableSection id="rewards-balances" title="Balance over time" rows={balanceRows(r.programs)} columns={balanceColumns} filename="coffer-rewards-balances.csv" rowKey={(x, i) => `${x.program}-${x.on}-${i}`} empty="No balances reported." />
          </div>
        </>
      )}
    </ReportView>
  );
}

// The dashboard's trend and what is coming beyond due dates and maturities: net worth over time
// (the plotters chart) and reward points expiring within 90 days.
import type { ErrorHandler } from "../app/AppFrame";
import { isoDay } from "../lib/period";
import { Chart } from "./analytics/Chart";
import { expiringRows, programPointsColumns } from "./analytics/rewardsColumns";
import { TableSection } from "./analytics/TableSection";
import { useReport } from "./analytics/useReport";

const columns = programPointsColumns("Expires", "Points");

/** Lots expiring on or before `today` + 90 days (the rewards report's "soon"). */
export function expiringSoon<T extends { on: string }>(rows: readonly T[], today: string): T[] {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const limit = new Date(Date.UTC(y, m - 1, d + 90)).toISOString().slice(0, 10);
  return rows.filter((r) => r.on <= limit);
}

export function DashboardTrends(props: { onError: ErrorHandler }) {
  const networth = useReport("report_networth", {}, props.onError);
  const rewards = useReport("report_rewards", {}, props.onError);
  const chart = networth.data?.charts[0];
  const today = isoDay(new Date());
  return (
    <div class="columns" aria-busy={networth.loading || rewards.loading}>
      <section class="card" aria-labelledby="networth-heading">
        <h2 id="networth-heading">Net worth over time</h2>
        {chart === undefined ? <p class="muted">Reading the vault…</p> : <Chart chart={chart} index={0} source={{ report: "networth", period: {}, onError: props.onError }} />}
      </section>
      <TableSection
        id="expiring-soon"
        title="Points expiring soon"
        rows={rewards.data === null ? [] : expiringSoon(expiringRows(rewards.data.programs), today)}
        columns={columns}
        filename="coffer-points-expiring-soon.csv"
        rowKey={(x, i) => `${x.program}-${x.on}-${i}`}
        wrapRows={44}
        empty="No points expire in the next 90 days."
      />
    </div>
  );
}

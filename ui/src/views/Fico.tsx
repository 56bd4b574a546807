// FICO trend: one series per model, bureau and source (never one line across them), each labelled,
// with its latest score and 30/90-day change; utilization beside it month by month; the chart;
// and every score the vault holds in the period.
import { call } from "../api";
import type { CreditScoreView } from "../api/types/CreditScoreView";
import type { FicoSeriesView } from "../api/types/FicoSeriesView";
import type { MonthPercent } from "../api/types/MonthPercent";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { numeric, text } from "../lib/csv";
import { periodRequest, type Period } from "../lib/period";
import type { ExportColumn } from "../lib/tableExport";
import { useLoad } from "../lib/useLoad";
import { Charts } from "./analytics/Chart";
import { csvText, scoreChange } from "./analytics/cells";
import { ReportView, usePeriod } from "./analytics/ReportView";
import { exportTable, TableSection } from "./analytics/TableSection";
import { useReport } from "./analytics/useReport";

const latest = (s: FicoSeriesView) => s.points.at(-1);

export const seriesColumns: ExportColumn<FicoSeriesView>[] = [
  { id: "label", header: "Model · bureau (source)", cell: (s) => s.label, csv: (s) => text(s.label), width: "minmax(0, 3fr)" },
  { id: "score", header: "Latest", cell: (s) => String(latest(s)?.score ?? "—"), csv: (s) => numeric(latest(s)?.score ?? ""), numeric: true, width: "5rem" },
  { id: "as_of", header: "As of", cell: (s) => latest(s)?.as_of ?? "—", csv: (s) => csvText(latest(s)?.as_of ?? null), width: "7rem" },
  { id: "change_30d", header: "30-day", cell: (s) => scoreChange(latest(s)?.change_30d ?? null), csv: (s) => numeric(latest(s)?.change_30d ?? ""), numeric: true, width: "6rem" },
  { id: "change_90d", header: "90-day", cell: (s) => scoreChange(latest(s)?.change_90d ?? null), csv: (s) => numeric(latest(s)?.change_90d ?? ""), numeric: true, width: "6rem" },
  { id: "points", header: "Scores", cell: (s) => String(s.points.length), csv: (s) => numeric(s.points.length), numeric: true, width: "6rem" },
];

const utilizationColumns: ExportColumn<MonthPercent>[] = [
  { id: "month", header: "Month", cell: (u) => u.month, csv: (u) => text(u.month) },
  { id: "utilization_percent", header: "Card utilization", cell: (u) => (u.percent === null ? "—" : `${u.percent}%`), csv: (u) => numeric(u.percent ?? ""), numeric: true },
];

const scoreColumns: ExportColumn<CreditScoreView>[] = [
  { id: "as_of", header: "As of", cell: (s) => s.as_of, csv: (s) => text(s.as_of), width: "8rem" },
  { id: "score", header: "Score", cell: (s) => String(s.score), csv: (s) => numeric(s.score), numeric: true, width: "6rem" },
  { id: "model", header: "Model", cell: (s) => s.model, csv: (s) => text(s.model), width: "minmax(0, 2fr)" },
  { id: "bureau", header: "Bureau", cell: (s) => (s.bureau === "" ? "Not stated" : s.bureau), csv: (s) => text(s.bureau) },
  { id: "source", header: "Source", cell: (s) => s.source, csv: (s) => text(s.source) },
];

/** The scores whose day falls in the period (inclusive; an open end keeps everything that side). */
export function scoresInPeriod(scores: readonly CreditScoreView[], period: Period): CreditScoreView[] {
  return scores.filter((s) => (period.from === null || period.from === "" || s.as_of >= period.from) && (period.to === null || period.to === "" || s.as_of <= period.to));
}

export function Fico(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  const period = usePeriod("all");
  const report = useReport("report_fico", periodRequest(period.period), props.onError);
  const scores = useLoad(() => call("credit_scores_list"), props.onError);
  const r = report.data;
  const inPeriod = scores.data === null ? [] : scoresInPeriod(scores.data, period.period);
  return (
    <ReportView
      view="fico"
      loading={report.loading || scores.data === null}
      ready={r !== null && scores.data !== null}
      empty={r !== null && r.series.length === 0 && scores.data?.length === 0}
      onGo={props.onGo}
      onRefresh={() => (report.reload(), scores.reload())}
      onError={props.onError}
      onExport={() => r !== null && exportTable("coffer-fico-trend.csv", seriesColumns, r.series)}
      exportLabel="Export the score trends as CSV"
      period={period}
    >
      {r !== null && scores.data !== null && (
        <>
          <TableSection id="fico-series" title="Score trends" rows={r.series} columns={seriesColumns} filename="coffer-fico-trend.csv" rowKey={(s) => s.label} empty="No scores in this period." />
          <div class="columns">
            <Charts charts={r.charts} source={{ report: "fico", period: periodRequest(period.period), onError: props.onError }} />
            <TableSection id="fico-utilization" title="Utilization" rows={r.utilization} columns={utilizationColumns} filename="coffer-utilization.csv" rowKey={(u) => u.month} empty="No card balances in this period." />
          </div>
          <TableSection id="fico-scores" title="Credit scores" rows={inPeriod} columns={scoreColumns} filename="coffer-credit-scores.csv" rowKey={(s) => s.id} empty={scores.data.length === 0 ? "No credit scores in the vault." : "No credit scores in this period."} />
        </>
      )}
    </ReportView>
  );
}

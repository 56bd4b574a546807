// A plotters chart from Rust, shown as an <img> of a data: URL (never as markup), with its title
// as the text alternative, a button that saves the SVG file and one that saves a PNG the core
// rasterizes (`report_chart_png`: the same chart for the same period, drawn with its own font).
import { useState } from "preact/hooks";
import { call } from "../../api";
import type { ChartReport } from "../../api/types/ChartReport";
import type { ChartSvg } from "../../api/types/ChartSvg";
import type { ReportRequest } from "../../api/types/ReportRequest";
import type { ErrorHandler } from "../../app/AppFrame";
import { chartFileName, svgDataUrl } from "../../lib/chart";
import { downloadBase64, downloadText } from "../../lib/download";
import "./analytics.css";

/** Where a chart came from, so the backend can draw it again as PNG. */
export interface ChartSource {
  report: ChartReport;
  period: ReportRequest;
  onError: ErrorHandler;
}

export function Chart(props: { chart: ChartSvg; index?: number; source?: ChartSource }) {
  const { title, svg } = props.chart;
  const [saving, setSaving] = useState(false);
  const source = props.source;
  const savePng = async () => {
    if (source === undefined) return;
    setSaving(true);
    try {
      const png = await call("report_chart_png", { report: source.report, chart: props.index ?? 0, period: source.period });
      downloadBase64(chartFileName(png.title, "png"), png.png_base64, "image/png");
    } catch (err) {
      source.onError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <figure class="chart">
      <img class="chart__image" src={svgDataUrl(svg)} alt={title} width={800} height={480} />
      <figcaption class="chart__caption">
        <span class="muted">{title}</span>
        <span class="chart__actions">
          <button type="button" class="button button--small" aria-label={`Save SVG: ${title}`} onClick={() => downloadText(chartFileName(title), svg, "image/svg+xml")}>
            Save SVG
          </button>
          {source !== undefined && (
            <button type="button" class="button button--small" aria-label={`Save PNG: ${title}`} disabled={saving} aria-busy={saving} onClick={() => void savePng()}>
              {saving ? "Saving…" : "Save PNG"}
            </button>
          )}
        </span>
      </figcaption>
    </figure>
  );
}

export function Charts(props: { charts: readonly ChartSvg[]; source?: ChartSource }) {
  return (
    <section class="charts" aria-label="Charts">
      {props.charts.map((c, i) => (
        <Chart chart={c} index={i} source={props.source} key={c.title} />
      ))}
    </section>
  );
}

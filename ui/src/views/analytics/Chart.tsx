// A plotters chart from Rust, shown as an <img> of a data: URL (never as markup), with its title
// as the text alternative, a button that saves the SVG file and one that saves a PNG the core
// rasterizes (`report_chart_png`: the same chart for the same period, drawn with its own font).
// Files go through `saveFile`: the native save dialog on desktop, a download in a browser.
import { useState } from "preact/hooks";
import { call, saveFile, savedMessage, toCallError, type SaveFileRequest } from "../../api";
import type { ChartReport } from "../../api/types/ChartReport";
import type { ChartSvg } from "../../api/types/ChartSvg";
import type { ReportRequest } from "../../api/types/ReportRequest";
import type { ErrorHandler } from "../../app/AppFrame";
import { chartFileName, svgDataUrl } from "../../lib/chart";
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
  const [saved, setSaved] = useState<string | null>(null);
  const source = props.source;
  const save = async (file: () => Promise<SaveFileRequest>) => {
    setSaving(true);
    setSaved(null);
    try {
      setSaved(savedMessage(await saveFile(await file())));
    } catch (err) {
      // Without a source (no error handler given) the failure is shown in place.
      if (source !== undefined) source.onError(err);
      else setSaved(toCallError(err).message);
    } finally {
      setSaving(false);
    }
  };
  const saveSvg = () => save(async () => ({ file_name: chartFileName(title), kind: "svg", content: { text: svg } }));
  const savePng = (from: ChartSource) =>
    save(async () => {
      const png = await call("report_chart_png", { report: from.report, chart: props.index ?? 0, period: from.period });
      return { file_name: chartFileName(png.title, "png"), kind: "png", content: { base64: png.png_base64 } };
    });
  return (
    <figure class="chart">
      <img class="chart__image" src={svgDataUrl(svg)} alt={title} width={800} height={480} />
      <figcaption class="chart__caption">
        <span class="muted">{title}</span>
        <span class="chart__actions">
          <button type="button" class="button button--small" aria-label={`Save SVG: ${title}`} disabled={saving} onClick={() => void saveSvg()}>
            Save SVG
          </button>
          {source !== undefined && (
            <button type="button" class="button button--small" aria-label={`Save PNG: ${title}`} disabled={saving} aria-busy={saving} onClick={() => void savePng(source)}>
              {saving ? "Saving…" : "Save PNG"}
            </button>
          )}
        </span>
        {saved !== null && (
          <span class="muted chart__saved" role="status">
            {saved}
          </span>
        )}
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

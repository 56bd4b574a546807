// DataTable: the one table component every view uses. Fixed row height and a virtualized body
// (only the visible rows exist in the DOM), so 100k+ rows scroll smoothly in WebKitGTK. Rows come
// from a RowSource the owner controls (an array, or pages fetched on demand through
// onVisibleRangeChange). Cells render as text/VNodes — never as HTML. The "Export CSV" button
// calls back to the owner, which exports everything its query matches, not just what is loaded,
// and shows where the file was saved (desktop) or nothing (a cancelled dialog, a browser download).
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { savedMessage, toCallError, type SaveFileResult } from "../api";

export interface Column<Row> {
  id: string;
  header: string;
  /** Cell content. Strings are rendered as text (hostile merchant names stay inert). */
  cell: (row: Row) => ComponentChildren;
  /** CSS grid track, e.g. "2fr" or "9rem". Default: an equal share. */
  width?: string;
  /** Right-aligned with tabular numerals (amounts, counts). */
  numeric?: boolean;
}

export interface RowSource<Row> {
  /** Number of rows the owner's query matches. */
  count: number;
  /** The row at `index`, or undefined while its page is still loading. */
  get(index: number): Row | undefined;
}

export function arraySource<Row>(rows: readonly Row[]): RowSource<Row> {
  return { count: rows.length, get: (index) => rows[index] };
}

export interface DataTableProps<Row> {
  /** Accessible name of the table, e.g. "Transactions". */
  label: string;
  columns: readonly Column<Row>[];
  source: RowSource<Row>;
  rowKey?: (row: Row, index: number) => string | number;
  /** Fixed row height in px (virtualization depends on it). Default 32. */
  rowHeight?: number;
  /** Told which rows are on screen (plus overscan) so the owner can fetch those pages. */
  onVisibleRangeChange?: (start: number, end: number) => void;
  /** Shown instead of rows when the source is empty. */
  empty: ComponentChildren;
  /**
   * Exports every row the owner's query matches (desktop: save dialog; browser: download). A
   * returned SaveFileResult with a path is shown as "Saved to …".
   */
  onExport?: () => unknown;
  /** Filters, search fields and the like, shown left of the export button. */
  toolbar?: ComponentChildren;
  /** Extra class for sizing the table in its view. */
  class?: string;
}

const OVERSCAN_ROWS = 8;
/** Browsers cap element heights (WebKit/Firefox far below 1M rows × 32 px); beyond this we scale. */
export const MAX_SCROLL_HEIGHT_PX = 8_000_000;
/** Used before the viewport is measured (and in tests without layout). */
const FALLBACK_VIEWPORT_PX = 640;

export function visibleWindow(count: number, rowHeight: number, scrollTop: number, viewportHeight: number) {
  const total = count * rowHeight;
  const scrollHeight = Math.min(total, MAX_SCROLL_HEIGHT_PX);
  const scale = total > scrollHeight ? (total - viewportHeight) / Math.max(1, scrollHeight - viewportHeight) : 1;
  const virtualTop = scrollTop * scale;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN_ROWS);
  const last = Math.min(count, Math.ceil((virtualTop + viewportHeight) / rowHeight) + OVERSCAN_ROWS);
  return { first, last, scrollHeight, offsetPx: first * rowHeight - virtualTop + scrollTop };
}

function isSaveResult(value: unknown): value is SaveFileResult {
  return typeof value === "object" && value !== null && "saved" in value && "path" in value;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { columns, source, rowHeight = 32 } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exportSaved, setExportSaved] = useState<string | null>(null);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (el === null) return undefined;
    const measure = () => setViewportHeight(el.clientHeight);
    measure();
    if (typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [source.count === 0]);

  const height = viewportHeight > 0 ? viewportHeight : FALLBACK_VIEWPORT_PX;
  const win = visibleWindow(source.count, rowHeight, scrollTop, height);
  const { onVisibleRangeChange } = props;
  useEffect(() => {
    if (source.count > 0) onVisibleRangeChange?.(win.first, win.last);
  }, [win.first, win.last, source.count, onVisibleRangeChange]);

  const gridColumns = columns.map((c) => c.width ?? "minmax(0, 1fr)").join(" ");
  const runExport = async () => {
    if (props.onExport === undefined || exporting) return;
    setExporting(true);
    setExportError(null);
    setExportSaved(null);
    try {
      const result = await props.onExport();
      if (isSaveResult(result)) setExportSaved(savedMessage(result));
    } catch (err) {
      setExportError(toCallError(err).message);
    } finally {
      setExporting(false);
    }
  };

  const rows: ComponentChildren[] = [];
  for (let i = win.first; i < win.last; i++) {
    const row = source.get(i);
    rows.push(
      <div role="row" class={row === undefined ? "dt__row dt__row--loading" : "dt__row"} aria-rowindex={i + 2} key={row === undefined ? `loading-${i}` : props.rowKey?.(row, i) ?? i}>
        {columns.map((c) => (
          <div role="cell" class={c.numeric === true ? "dt__cell dt__cell--numeric" : "dt__cell"} key={c.id}>
            {row === undefined ? "" : c.cell(row)}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div class={`dt ${props.class ?? ""}`} style={{ "--dt-columns": gridColumns, "--dt-row-height": `${rowHeight}px` }}>
      {(props.toolbar !== undefined || props.onExport !== undefined) && (
        <div class="dt__toolbar">
          <div class="dt__filters">{props.toolbar}</div>
          {props.onExport !== undefined && (
            <button type="button" class="button" onClick={runExport} disabled={exporting || source.count === 0} aria-busy={exporting}>
              {exporting ? "Exporting…" : "Export CSV"}
            </button>
          )}
        </div>
      )}
      {exportSaved !== null && (
        <p class="note" role="status">
          {exportSaved}
        </p>
      )}
      {exportError !== null && (
        <p class="error" role="alert">
          {exportError}
        </p>
      )}
      <div role="table" class="dt__table" aria-label={props.label} aria-rowcount={source.count + 1}>
        <div role="rowgroup" class="dt__head">
          <div role="row" class="dt__row dt__row--head" aria-rowindex={1}>
            {columns.map((c) => (
              <div role="columnheader" class={c.numeric === true ? "dt__cell dt__cell--numeric" : "dt__cell"} key={c.id}>
                {c.header}
              </div>
            ))}
          </div>
        </div>
        {source.count === 0 ? (
          <div class="dt__empty">{props.empty}</div>
        ) : (
          <div role="rowgroup" class="dt__viewport" ref={viewport} tabIndex={0} aria-label={`${props.label} rows`} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
            <div class="dt__spacer" style={{ height: `${win.scrollHeight}px` }}>
              <div class="dt__window" style={{ transform: `translateY(${win.offsetPx}px)` }}>
                {rows}
              </div>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

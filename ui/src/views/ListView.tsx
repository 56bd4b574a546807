// A view that lists every row of one query in a DataTable, with a CSV export of all of them.
// The rows are loaded whole (statements, transfers, card activity, audit log: small tables); the
// transactions view pages instead.
import type { ComponentChildren } from "preact";
import { saveFile, type SaveFileResult } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { arraySource, DataTable, type Column } from "../components/DataTable";
import { toCsv, type CsvCell } from "../lib/csv";
import { useLoad } from "../lib/useLoad";
import { useShortcut } from "../shortcuts/context";
import { Keys } from "../shortcuts/Keys";
import { EmptyState } from "./EmptyState";
import { ViewHeader } from "./ViewHeader";

export interface CsvSpec<Row> {
  filename: string;
  header: readonly string[];
  row: (row: Row) => readonly CsvCell[];
}

export interface ListViewProps<Row> {
  view: ViewId;
  label: string;
  load: () => Promise<Row[]>;
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string | number;
  csv: CsvSpec<Row>;
  onError: ErrorHandler;
  onGo: (view: ViewId) => void;
  /** Shown above the table (e.g. totals), given the loaded rows. */
  summary?: (rows: Row[]) => ComponentChildren;
  emptyTitle?: string;
  rowHeight?: number;
}

/** Saves the rows as CSV: the native save dialog on desktop, a download in a browser. */
export function exportRows<Row>(csv: CsvSpec<Row>, rows: readonly Row[]): Promise<SaveFileResult> {
  return saveFile({ file_name: csv.filename, kind: "csv", content: { text: toCsv(csv.header, rows.map(csv.row)) } });
}

/** An export started by a keyboard shortcut: its failure goes to the view's error handler. */
export function exportByShortcut(run: () => Promise<unknown>, onError: ErrorHandler): void {
  run().catch(onError);
}

export function ListView<Row>(props: ListViewProps<Row>) {
  const { data, reload } = useLoad(props.load, props.onError);
  const info = viewInfo(props.view);
  useShortcut({ id: `${props.view}.export`, keys: "e", description: `Export ${info.label} as CSV`, group: info.label, run: () => data !== null && exportByShortcut(() => exportRows(props.csv, data), props.onError) });
  useShortcut({ id: `${props.view}.refresh`, keys: "r", description: `Refresh ${info.label}`, group: info.label, run: reload });
  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose}>
        <button type="button" class="button" onClick={reload} aria-keyshortcuts="r">
          Refresh <Keys keys="r" />
        </button>
      </ViewHeader>
      {data === null ? (
        <p class="muted" aria-busy="true">
          Reading the vault…
        </p>
      ) : (
        <>
          {props.summary?.(data)}
          <DataTable
            class="view__table"
            label={props.label}
            columns={props.columns}
            source={arraySource(data)}
            rowKey={props.rowKey}
            rowHeight={props.rowHeight}
            toolbar={<span class="muted num">{data.length.toLocaleString("en-US")} rows</span>}
            onExport={() => exportRows(props.csv, data)}
            empty={<EmptyState title={props.emptyTitle} onGo={props.onGo} />}
          />
        </>
      )}
    </div>
  );
}

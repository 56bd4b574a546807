// One titled table of an analytics view, with its CSV export of exactly the rows and columns shown.
import type { ComponentChildren } from "preact";
import type { SaveFileResult } from "../../api";
import { arraySource, DataTable } from "../../components/DataTable";
import { csvSpecOf, type ExportColumn } from "../../lib/tableExport";
import { exportRows } from "../ListView";

export interface TableSectionProps<Row> {
  id: string;
  title: string;
  rows: readonly Row[];
  columns: readonly ExportColumn<Row>[];
  filename: string;
  rowKey?: (row: Row, index: number) => string | number;
  empty: string;
  /** Shown under the heading (e.g. a reconciliation summary). */
  note?: ComponentChildren;
  /** Row height in px for rows whose text cells wrap (two lines; three from 56 px) instead of being cut. */
  wrapRows?: number;
}

export function exportTable<Row>(filename: string, columns: readonly ExportColumn<Row>[], rows: readonly Row[]): Promise<SaveFileResult> {
  return exportRows(csvSpecOf(filename, columns), rows);
}

export function TableSection<Row>(props: TableSectionProps<Row>) {
  const heading = `${props.id}-heading`;
  return (
    <section class="card card--table" aria-labelledby={heading}>
      <h2 id={heading}>{props.title}</h2>
      {props.note}
      <DataTable
        label={props.title}
        columns={props.columns}
        source={arraySource(props.rows)}
        rowKey={props.rowKey}
        rowHeight={props.wrapRows}
        class={props.wrapRows === undefined ? undefined : props.wrapRows >= 56 ? "dt--wrap dt--wrap-3" : "dt--wrap"}
        empty={<p class="muted">{props.empty}</p>}
        onExport={() => exportTable(props.filename, props.columns, props.rows)}
      />
    </section>
  );
}

// Table columns that carry their own CSV cell, so a table's export has exactly the columns (and,
// given the same rows, exactly the rows) the table shows.
import type { Column } from "../components/DataTable";
import type { CsvCell } from "./csv";

export interface ExportColumn<Row> extends Column<Row> {
  /** The cell written to CSV: amounts as plain decimals, text as text. */
  csv: (row: Row) => CsvCell;
  /** CSV header; default: the column id. */
  csvHeader?: string;
}

export interface CsvSpecOf<Row> {
  filename: string;
  header: readonly string[];
  row: (row: Row) => readonly CsvCell[];
}

export function csvSpecOf<Row>(filename: string, columns: readonly ExportColumn<Row>[]): CsvSpecOf<Row> {
  return {
    filename,
    header: columns.map((c) => c.csvHeader ?? c.id),
    row: (row) => columns.map((c) => c.csv(row)),
  };
}

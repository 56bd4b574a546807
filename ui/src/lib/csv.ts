// CSV text for exports built in the UI (small tables whose rows are all in memory; large tables
// are exported by the backend). RFC 4180 quoting, CRLF line ends, and spreadsheet-formula
// neutralization: a text cell starting with = + - @ tab or CR gets a leading apostrophe, while
// cells marked numeric (amounts as decimal strings, counts) stay numbers.

export type CsvCell = { text: string } | { number: string | number };

const FORMULA_START = /^[=+\-@\t\r]/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

export const text = (value: string): CsvCell => ({ text: value });
export const numeric = (value: string | number): CsvCell => ({ number: value });

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvCell(cell: CsvCell): string {
  if ("number" in cell) {
    const v = String(cell.number);
    // A "numeric" cell that is not a plain decimal is treated as text, so it cannot smuggle a formula.
    return DECIMAL.test(v) ? v : csvCell({ text: v });
  }
  return quote(FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text);
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map((h) => csvCell(text(h))).join(","), ...rows.map((r) => r.map(csvCell).join(","))];
  return lines.join("\r\n") + "\r\n";
}

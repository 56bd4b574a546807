import { describe, expect, it } from "vitest";
import { numeric, text, toCsv } from "./csv";
import { csvSpecOf, type ExportColumn } from "./tableExport";

interface Line {
  name: string;
  spent: string;
}

describe("CSV of a table's columns", () => {
  it("writes one cell per shown column, headers from the ids, formulas neutralized", () => {
    const columns: ExportColumn<Line>[] = [
      { id: "name", header: "Category", cell: (l) => l.name, csv: (l) => text(l.name) },
      { id: "spent", header: "Spent", cell: (l) => `$${l.spent}`, csv: (l) => numeric(l.spent), csvHeader: "spent_usd" },
    ];
    const spec = csvSpecOf("x.csv", columns);
    expect(spec.header).toEqual(["name", "spent_usd"]);
    const rows = [
      { name: "Dining", spent: "12.50" },
      { name: "=HYPERLINK(1)", spent: "-3.00" },
    ];
    expect(toCsv(spec.header, rows.map(spec.row))).toBe("name,spent_usd\r\nDining,12.50\r\n'=HYPERLINK(1),-3.00\r\n");
  });
});

import { describe, expect, it } from "vitest";
import { csvCell, numeric, text, toCsv } from "./csv";

describe("csv", () => {
  it("neutralizes formulas in text but keeps numbers numeric", () => {
    expect(csvCell(text("=HYPERLINK(\"x\")"))).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell(text("+1"))).toBe("'+1");
    expect(csvCell(text("-x"))).toBe("'-x");
    expect(csvCell(text("@sum"))).toBe("'@sum");
    expect(csvCell(text("\tx"))).toBe("'\tx");
    expect(csvCell(numeric("-12.50"))).toBe("-12.50");
    expect(csvCell(numeric(42))).toBe("42");
    expect(csvCell(numeric("=1+1"))).toBe("'=1+1");
  });

  it("quotes and joins with CRLF", () => {
    expect(toCsv(["name", "rows"], [[text("a,b"), numeric(1)], [text('say "hi"'), numeric("2")]])).toBe('name,rows\r\n"a,b",1\r\n"say ""hi""",2\r\n');
  });
});

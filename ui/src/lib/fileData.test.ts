import { describe, expect, it } from "vitest";
import { bytesToBase64, guessColumns, guessDateFormat, previewCsv, splitCsvLine } from "./fileData";

describe("file data", () => {
  it("encodes bytes, including non-UTF-8 ones, as Base64", () => {
    expect(bytesToBase64(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toBe("Q2Fm6Q==");
    const big = new Uint8Array(100_000).fill(65);
    expect(atob(bytesToBase64(big)).length).toBe(100_000);
  });

  it("splits quoted CSV cells", () => {
    expect(splitCsvLine('2026-10-01,"ACME, INC ""WEST""",12.50')).toEqual(["2026-10-01", 'ACME, INC "WEST"', "12.50"]);
  });

  it("previews rows after a preamble and guesses the columns", () => {
    const text = "\uFEFFBank export\n\nBooked,Payee,Spent\n2026-10-14,BAKERY,4.75\n";
    const rows = previewCsv(text, 2);
    expect(rows).toEqual([
      ["Booked", "Payee", "Spent"],
      ["2026-10-14", "BAKERY", "4.75"],
    ]);
    expect(guessColumns(rows[0] ?? [])).toEqual({ date: 0, description: 1, amount: 2 });
    expect(guessDateFormat("2026-10-14")).toBe("%Y-%m-%d");
    expect(guessDateFormat("10/14/2026")).toBe("%m/%d/%Y");
  });
});

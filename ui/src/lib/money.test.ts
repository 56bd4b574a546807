import { describe, expect, it, vi } from "vitest";
import { formatMoney, formatPoints, groupDigits, isNegativeAmount, parseDecimal, roundDecimal } from "./money";

describe("formatMoney", () => {
  it("formats positive and negative amounts with grouping", () => {
    expect(formatMoney("1234.5", "USD")).toBe("$1,234.50");
    expect(formatMoney("-1234567.89", "USD")).toBe("-$1,234,567.89");
    expect(formatMoney("0", "USD")).toBe("$0.00");
    expect(formatMoney("999", "usd")).toBe("$999.00");
    expect(formatMoney("1000", "USD")).toBe("$1,000.00");
  });

  it("never shows minus zero", () => {
    expect(formatMoney("-0.00", "USD")).toBe("$0.00");
    expect(formatMoney("-0.001", "USD", { fractionDigits: 2 })).toBe("$0.00");
  });

  it("keeps every significant decimal by default", () => {
    expect(formatMoney("0.1234", "USD")).toBe("$0.1234");
    expect(formatMoney("12.3400", "USD")).toBe("$12.34");
    expect(formatMoney("12.3450", "EUR")).toBe("€12.345");
  });

  it("is exact beyond float precision", () => {
    expect(formatMoney("90071992547409931234.01", "USD")).toBe("$90,071,992,547,409,931,234.01");
    expect(formatMoney("0.30000000000000000001", "USD")).toBe("$0.30000000000000000001");
  });

  it("rounds half away from zero by string arithmetic when asked", () => {
    expect(formatMoney("1.005", "USD", { fractionDigits: 2 })).toBe("$1.01");
    expect(formatMoney("-1.005", "USD", { fractionDigits: 2 })).toBe("-$1.01");
    expect(formatMoney("999.995", "USD", { fractionDigits: 2 })).toBe("$1,000.00");
    expect(formatMoney("1.004", "USD", { fractionDigits: 2 })).toBe("$1.00");
    expect(formatMoney("1.5", "USD", { fractionDigits: 0 })).toBe("$2");
  });

  it("uses the currency's minor digits and suffixes unknown codes", () => {
    expect(formatMoney("1500", "JPY")).toBe("¥1,500");
    expect(formatMoney("-2.5", "XYZ")).toBe("-2.50 XYZ");
    expect(formatMoney("1.2", "GBP")).toBe("£1.20");
  });

  it("shows a plus sign when asked, never on zero", () => {
    expect(formatMoney("5", "USD", { sign: "always" })).toBe("+$5.00");
    expect(formatMoney("0", "USD", { sign: "always" })).toBe("$0.00");
    expect(formatMoney("-5", "USD", { sign: "always" })).toBe("-$5.00");
  });

  it("accepts a leading plus, leading zeros, and bare fractions", () => {
    expect(formatMoney("+007.1", "USD")).toBe("$7.10");
    expect(formatMoney("-.5", "USD")).toBe("-$0.50");
  });

  it("returns non-decimal input unchanged", () => {
    expect(formatMoney("1e3", "USD")).toBe("1e3");
    expect(formatMoney("1,000", "USD")).toBe("1,000");
    expect(formatMoney("abc", "USD")).toBe("abc");
  });

  it("never converts through Number", () => {
    const spy = vi.spyOn(globalThis, "Number");
    const pf = vi.spyOn(globalThis, "parseFloat");
    formatMoney("-1234.5678", "USD", { fractionDigits: 2 });
    formatPoints("123456");
    expect(spy).not.toHaveBeenCalled();
    expect(pf).not.toHaveBeenCalled();
    spy.mockRestore();
    pf.mockRestore();
  });
});

describe("helpers", () => {
  it("parses decimals", () => {
    expect(parseDecimal("-012.340")).toEqual({ negative: true, whole: "12", fraction: "340" });
    expect(parseDecimal("1.")).toEqual({ negative: false, whole: "1", fraction: "" });
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("- 1")).toBeNull();
  });

  it("groups digits", () => {
    expect(groupDigits("1")).toBe("1");
    expect(groupDigits("123")).toBe("123");
    expect(groupDigits("1234")).toBe("1,234");
    expect(groupDigits("123456789")).toBe("123,456,789");
  });

  it("rounds with carry", () => {
    expect(roundDecimal({ negative: false, whole: "9", fraction: "999" }, 2)).toEqual({ negative: false, whole: "10", fraction: "00" });
  });

  it("formats points and detects negatives", () => {
    expect(formatPoints("-12500")).toBe("-12,500");
    expect(formatPoints("1.5")).toBe("1.5");
    expect(isNegativeAmount("-0.01")).toBe(true);
    expect(isNegativeAmount("-0.00")).toBe(false);
    expect(isNegativeAmount("3")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { describePeriod, isoDay, monthStart, periodFor, periodRequest } from "./period";

describe("report periods", () => {
  it("starts months back across year boundaries", () => {
    expect(monthStart("2026-11-23", 0)).toBe("2026-11-01");
    expect(monthStart("2026-11-23", 11)).toBe("2025-12-01");
    expect(monthStart("2026-02-10", 2)).toBe("2025-12-01");
    expect(monthStart("2026-01-31", 12)).toBe("2025-01-01");
  });

  it("covers each preset as an inclusive range ending today", () => {
    expect(periodFor("this-month", "2026-11-23")).toEqual({ preset: "this-month", from: "2026-11-01", to: "2026-11-23" });
    expect(periodFor("last-3", "2026-11-23")).toEqual({ preset: "last-3", from: "2026-09-01", to: "2026-11-23" });
    expect(periodFor("last-12", "2026-11-23")).toEqual({ preset: "last-12", from: "2025-12-01", to: "2026-11-23" });
    expect(periodFor("all", "2026-11-23")).toEqual({ preset: "all", from: null, to: null });
  });

  it("keeps the days already chosen when switching to custom", () => {
    const current = periodFor("last-3", "2026-11-23");
    expect(periodFor("custom", "2026-11-23", current)).toEqual({ preset: "custom", from: "2026-09-01", to: "2026-11-23" });
    expect(periodFor("custom", "2026-11-23", periodFor("all", "2026-11-23"))).toEqual({ preset: "custom", from: "2025-12-01", to: "2026-11-23" });
  });

  it("leaves open ends out of the request and describes the period", () => {
    expect(periodRequest({ preset: "all", from: null, to: null })).toEqual({});
    expect(periodRequest({ preset: "custom", from: "2026-01-01", to: "" })).toEqual({ from: "2026-01-01" });
    expect(describePeriod({ preset: "custom", from: "2026-01-01", to: "2026-03-31" })).toBe("2026-01-01 – 2026-03-31");
    expect(describePeriod({ preset: "all", from: null, to: null })).toBe("All time");
  });

  it("formats the local day with zero padding", () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});

// Report periods: the presets the analytics views offer, as inclusive ISO day ranges. Pure date
// arithmetic on year/month/day numbers (no time zones, no Date parsing of the result).

export type PeriodPreset = "this-month" | "last-3" | "last-12" | "all" | "custom";

export interface Period {
  preset: PeriodPreset;
  /** First day, YYYY-MM-DD, inclusive; null: from the beginning. */
  from: string | null;
  /** Last day, YYYY-MM-DD, inclusive; null: up to the latest data. */
  to: string | null;
}

export const PRESETS: readonly { id: PeriodPreset; label: string }[] = [
  { id: "this-month", label: "This month" },
  { id: "last-3", label: "Last 3 months" },
  { id: "last-12", label: "Last 12 months" },
  { id: "all", label: "All time" },
  { id: "custom", label: "Custom…" },
];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local calendar day of `now` as YYYY-MM-DD. */
export function isoDay(now: Date): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The first day of the month `back` months before `today`'s month. */
export function monthStart(today: string, back: number): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}-01`;
}

/** The range a preset covers on `today` (custom keeps `current`'s days). */
export function periodFor(preset: PeriodPreset, today: string, current?: Period): Period {
  switch (preset) {
    case "this-month":
      return { preset, from: monthStart(today, 0), to: today };
    case "last-3":
      return { preset, from: monthStart(today, 2), to: today };
    case "last-12":
      return { preset, from: monthStart(today, 11), to: today };
    case "all":
      return { preset, from: null, to: null };
    case "custom":
      return { preset, from: current?.from ?? monthStart(today, 11), to: current?.to ?? today };
  }
}

/** The report request for a period (fields left out when open-ended). */
export function periodRequest(period: Period): { from?: string; to?: string } {
  return { ...(period.from !== null && period.from !== "" ? { from: period.from } : {}), ...(period.to !== null && period.to !== "" ? { to: period.to } : {}) };
}

/** "2026-09-01 – 2026-11-23", "Until 2026-11-23", "All time". */
export function describePeriod(period: Period): string {
  if (period.from === null && period.to === null) return "All time";
  if (period.from === null) return `Until ${period.to}`;
  if (period.to === null) return `From ${period.from}`;
  return `${period.from} – ${period.to}`;
}

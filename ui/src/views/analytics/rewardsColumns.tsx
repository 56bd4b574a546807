// The Rewards view's tables: the ledger per program, points by expiry date, balance over time,
// what each card earned per bonus category, and reconciliation discrepancies.
import type { CardEarnView } from "../../api/types/CardEarnView";
import type { DiscrepancyView } from "../../api/types/DiscrepancyView";
import type { ProgramLedgerView } from "../../api/types/ProgramLedgerView";
import { numeric, text } from "../../lib/csv";
import type { ExportColumn } from "../../lib/tableExport";
import { accountLabel, words } from "../format";
import { csvText, points } from "./cells";

/** One dated amount of points of a program (an expiry lot, or a balance on a day). */
export interface ProgramPoints {
  program: string;
  unit: string;
  on: string;
  points: number;
}

export function expiringRows(programs: readonly ProgramLedgerView[]): ProgramPoints[] {
  return programs
    .flatMap((p) => p.expiring.map((e) => ({ program: p.name, unit: p.unit, on: e.on, points: e.points })))
    .sort((a, b) => a.on.localeCompare(b.on) || a.program.localeCompare(b.program));
}

export function balanceRows(programs: readonly ProgramLedgerView[]): ProgramPoints[] {
  return programs.flatMap((p) => p.balance_over_time.map((b) => ({ program: p.name, unit: p.unit, on: b.on, points: b.points })));
}

const nextExpiry = (p: ProgramLedgerView) => p.expiring[0];

export const programColumns: ExportColumn<ProgramLedgerView>[] = [
  // Shown with taller rows (TableSection wrapRows): names and rules wrap instead of being cut;
  // headers wrap too, so the numeric columns stay narrow at 1280 px.
  { id: "program", header: "Program", cell: (p) => <span title={p.name}>{p.name}</span>, csv: (p) => text(p.name), width: "minmax(0, 1fr)" },
  { id: "balance", header: "Balance", cell: (p) => points(p.balance, p.unit), csv: (p) => numeric(p.balance), numeric: true, width: "8rem" },
  { id: "earned", header: "Earned", cell: (p) => points(p.earned), csv: (p) => numeric(p.earned), numeric: true, width: "5.25rem" },
  { id: "burned", header: "Redeemed", cell: (p) => points(p.burned), csv: (p) => numeric(p.burned), numeric: true, width: "5.75rem" },
  { id: "expired", header: "Expired", cell: (p) => points(p.expired), csv: (p) => numeric(p.expired), numeric: true, width: "4.75rem" },
  { id: "expiring_soon", header: "Expiring soon", cell: (p) => points(p.expiring_soon), csv: (p) => numeric(p.expiring_soon), numeric: true, width: "5.25rem" },
  { id: "next_expiry", header: "Next expiry", cell: (p) => nextExpiry(p)?.on ?? "—", csv: (p) => csvText(nextExpiry(p)?.on ?? null), width: "6.25rem" },
  { id: "expiry_rule", header: "Expiry rule", cell: (p) => <span title={p.expiry_rule ?? undefined}>{p.expiry_rule ?? "None stated"}</span>, csv: (p) => csvText(p.expiry_rule), width: "minmax(0, 1.7fr)" },
];

export function programPointsColumns(dateHeader: string, pointsHeader: string): ExportColumn<ProgramPoints>[] {
  return [
    { id: "on", header: dateHeader, cell: (x) => x.on, csv: (x) => text(x.on), width: "7rem" },
    { id: "program", header: "Program", cell: (x) => x.program, csv: (x) => text(x.program), width: "minmax(0, 2fr)" },
    { id: "points", header: pointsHeader, cell: (x) => points(x.points, x.unit), csv: (x) => numeric(x.points), numeric: true, width: "9rem" },
  ];
}

const cardLabel = (c: { account_name: string; mask: string | null }) => accountLabel({ name: c.account_name, mask: c.mask });

export const cardEarnColumns: ExportColumn<CardEarnView>[] = [
  { id: "card", header: "Card", cell: cardLabel, csv: (c) => text(cardLabel(c)), width: "minmax(0, 2fr)" },
  { id: "program", header: "Program", cell: (c) => c.program, csv: (c) => text(c.program) },
  { id: "bonus_category", header: "Bonus category", cell: (c) => words(c.bonus_category), csv: (c) => text(c.bonus_category) },
  { id: "points", header: "Earned", cell: (c) => points(c.points, c.unit), csv: (c) => numeric(c.points), numeric: true },
  { id: "events", header: "Accruals", cell: (c) => c.events.toLocaleString("en-US"), csv: (c) => numeric(c.events), numeric: true, width: "6rem" },
];

const discrepancyCard = (d: DiscrepancyView) => (d.account_name === null ? "—" : accountLabel({ name: d.account_name, mask: d.mask }));

export const discrepancyColumns: ExportColumn<DiscrepancyView>[] = [
  { id: "occurred_on", header: "Day", cell: (d) => d.occurred_on, csv: (d) => text(d.occurred_on), width: "7rem" },
  { id: "card", header: "Card", cell: discrepancyCard, csv: (d) => text(discrepancyCard(d)), width: "minmax(0, 2fr)" },
  { id: "source_id", header: "Accrual", cell: (d) => d.source_id, csv: (d) => text(d.source_id) },
  { id: "expected", header: "Expected", cell: (d) => points(d.expected), csv: (d) => numeric(d.expected), numeric: true },
  { id: "reported", header: "Reported", cell: (d) => points(d.reported), csv: (d) => numeric(d.reported), numeric: true },
  { id: "difference", header: "Difference", cell: (d) => points(d.reported - d.expected), csv: (d) => numeric(d.reported - d.expected), numeric: true },
];

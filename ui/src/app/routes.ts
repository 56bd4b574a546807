// The views of the app frame, their sidebar order, "g <key>" shortcuts and one-line purposes.
export type ViewId =
  | "dashboard"
  | "transactions"
  | "accounts"
  | "spend"
  | "fico"
  | "rewards"
  | "cds"
  | "statements"
  | "transfers"
  | "cards"
  | "connections"
  | "settings";

export interface ViewInfo {
  id: ViewId;
  label: string;
  /** Shortcut sequence that opens it. */
  keys: string;
  /** What the view will show, for its header and empty state. */
  purpose: string;
}

export const VIEWS: readonly ViewInfo[] = [
  { id: "dashboard", label: "Dashboard", keys: "g d", purpose: "Balances, available credit, utilization and net worth at a glance." },
  { id: "transactions", label: "Transactions", keys: "g t", purpose: "Every transaction, searchable, with pending and posted status, MCC and FX details." },
  { id: "accounts", label: "Accounts", keys: "g b", purpose: "Every account with its latest balance, limit, APY and maturity." },
  { id: "spend", label: "Spend", keys: "g s", purpose: "Spending by category, merchant and month, with month-over-month change." },
  { id: "fico", label: "FICO", keys: "g f", purpose: "Your credit score over time, by model and bureau, with utilization beside it." },
  { id: "rewards", label: "Rewards", keys: "g r", purpose: "Miles, points and cash back per program: what earned them and when they expire." },
  { id: "cds", label: "CD ladder", keys: "g l", purpose: "What matures when, at what APY, the blended yield and grace windows." },
  { id: "statements", label: "Statements", keys: "g m", purpose: "Statements per cycle with balances, due dates and the PDF." },
  { id: "transfers", label: "Transfers", keys: "g x", purpose: "ACH transfers in and out, scheduled and completed." },
  { id: "cards", label: "Card activity", keys: "g a", purpose: "Card locks, unlocks, replacements and deliveries." },
  { id: "connections", label: "Connections", keys: "g c", purpose: "Where your data comes from: status, last sync, consent and errors." },
  { id: "settings", label: "Settings", keys: "g ,", purpose: "Lock, key and passphrase, backup and the audit log." },
];

export function viewInfo(id: ViewId): ViewInfo {
  return VIEWS.find((v) => v.id === id) ?? (VIEWS[0] as ViewInfo);
}

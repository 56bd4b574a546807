// People-facing names for backend identifiers (table names, key modes). Unknown names fall back
// to a readable form of the identifier, so a new table never shows up blank.
import type { KeyMode, VaultStatus } from "../api";

/** One row of the dashboard's "what the vault holds" table. */
export type TableCount = { table: string; rows: number };

const TABLES: Record<string, string> = {
  accounts: "Accounts",
  balance_snapshots: "Balance snapshots",
  transactions: "Transactions",
  statements: "Statements",
  credit_scores: "Credit scores",
  reward_programs: "Reward programs",
  reward_events: "Reward events",
  transfers: "Transfers",
  card_events: "Card events",
  connections: "Connections",
  consents: "Consent receipts",
  secrets: "Stored secrets",
  sync_runs: "Sync runs",
  audit_log: "Audit log",
  categories: "Categories",
  category_rules: "Category rules",
  rules: "Category rules",
};

export function tableLabel(table: string): string {
  const known = TABLES[table];
  if (known !== undefined) return known;
  const words = table.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function keyModeLabel(mode: KeyMode | null): string {
  if (mode === "keychain") return "Stored in this computer's keychain";
  if (mode === "passphrase") return "Passphrase";
  return "Unknown";
}

/** The status's per-table counts as rows, in a stable, readable order. */
export function countRows(status: VaultStatus): TableCount[] {
  return Object.entries(status.counts)
    .map(([table, rows]) => ({ table, rows }))
    .sort((a, b) => tableLabel(a.table).localeCompare(tableLabel(b.table)));
}

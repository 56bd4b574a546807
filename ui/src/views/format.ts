// Small formatting helpers shared by the data views: account labels, dates, statuses.
import type { AccountView } from "../api";

/** "JetBlue Plus Card …2696". (`product` is the issuer's product code, not a display name.) */
export function accountLabel(a: { name: string; mask: string | null }): string {
  return a.mask !== null && !a.name.endsWith(a.mask) ? `${a.name} …${a.mask}` : a.name;
}

export function accountsById(accounts: readonly AccountView[]): Map<number, AccountView> {
  return new Map(accounts.map((a) => [a.id, a]));
}

/** "2026-11-01T10:00:00Z" → "2026-11-01 10:00"; dates stay as they are. */
export function when(value: string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
}

const KIND_LABELS: Record<string, string> = { credit_card: "Credit card", savings: "Savings", cd: "CD", checking: "Checking" };
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

export function words(identifier: string): string {
  const w = identifier.replace(/[_-]+/g, " ").trim();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** Badge class for a status word. */
export function statusBadge(status: string): string {
  if (["posted", "ok", "active", "completed", "open", "delivered", "unlocked"].includes(status)) return "badge badge--ok";
  if (["error", "failed", "needs_reauth", "revoked", "voided", "locked", "cancelled"].includes(status)) return "badge badge--bad";
  return "badge";
}

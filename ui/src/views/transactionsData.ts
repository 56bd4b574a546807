// Paged access to the transactions a filter matches: pages are fetched on demand as the table
// scrolls and cached per filter; the CSV export walks every page of the same query.
import { call, type TransactionView, type TransactionsPageRequest } from "../api";
import { numeric, text, toCsv } from "../lib/csv";

export const PAGE_SIZE = 200;
const EXPORT_PAGE = 5_000;

export type TransactionFilters = Omit<TransactionsPageRequest, "offset" | "limit">;

export class TransactionPages {
  private pages = new Map<number, TransactionView[]>();
  private inFlight = new Set<number>();
  total: number | null = null;

  constructor(
    readonly filters: TransactionFilters,
    private readonly onChange: () => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  get(index: number): TransactionView | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Fetches the pages covering rows [start, end) that are not loaded yet. */
  ensure(start: number, end: number): void {
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.floor(Math.max(start, end - 1) / PAGE_SIZE);
    for (let p = first; p <= last; p++) void this.fetch(p);
  }

  async fetch(page: number): Promise<void> {
    if (this.pages.has(page) || this.inFlight.has(page)) return;
    this.inFlight.add(page);
    try {
      const result = await call("transactions_page", { ...this.filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      this.pages.set(page, result.rows);
      this.total = result.total;
      this.onChange();
    } catch (err) {
      this.onError(err);
    } finally {
      this.inFlight.delete(page);
    }
  }
}

export const TRANSACTION_CSV_HEADER = [
  "id", "date", "posted_on", "transacted_on", "account", "description", "merchant", "category", "mcc", "status",
  "amount", "currency", "original_amount", "original_currency", "fx_rate", "memo", "settles_id",
] as const;

export function transactionCsvRow(t: TransactionView, account: (id: number) => string) {
  return [
    numeric(t.id), text(t.posted_on ?? t.transacted_on ?? ""), text(t.posted_on ?? ""), text(t.transacted_on ?? ""),
    text(account(t.account_id)), text(t.description), text(t.merchant ?? ""), text(t.category ?? ""), text(t.mcc ?? ""),
    text(t.status), numeric(t.amount), text(t.currency), t.original_amount === null ? text("") : numeric(t.original_amount),
    text(t.original_currency ?? ""), t.fx_rate === null ? text("") : numeric(t.fx_rate), text(t.memo ?? ""),
    t.settles_id === null ? text("") : numeric(t.settles_id),
  ];
}

/** Every transaction the filters match, as CSV (all pages, not the visible ones). */
export async function exportTransactionsCsv(filters: TransactionFilters, account: (id: number) => string): Promise<{ csv: string; rows: number }> {
  const rows: TransactionView[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await call("transactions_page", { ...filters, offset, limit: EXPORT_PAGE });
    rows.push(...page.rows);
    if (page.rows.length < EXPORT_PAGE || rows.length >= page.total) break;
  }
  return { csv: toCsv(TRANSACTION_CSV_HEADER, rows.map((t) => transactionCsvRow(t, account))), rows: rows.length };
}

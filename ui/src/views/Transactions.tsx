// Transactions: the table every transaction will fill (paged from the vault, searchable). No
// transactions exist yet, so it shows the empty state; the search query from the top bar is kept.
import { formatMoney } from "../lib/money";
import { arraySource, DataTable, type Column } from "../components/DataTable";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { EmptyState } from "./EmptyState";
import { ViewHeader } from "./ViewHeader";

/** The row shape the transactions query will return (replaced by the generated type). */
interface TransactionRow {
  id: string;
  date: string;
  merchant: string;
  category: string;
  status: "pending" | "posted";
  amount: string;
  currency: string;
}

const columns: Column<TransactionRow>[] = [
  { id: "date", header: "Date", cell: (r) => r.date, width: "8rem" },
  { id: "merchant", header: "Merchant", cell: (r) => r.merchant, width: "minmax(0, 2fr)" },
  { id: "category", header: "Category", cell: (r) => r.category },
  { id: "status", header: "Status", cell: (r) => r.status, width: "7rem" },
  { id: "amount", header: "Amount", cell: (r) => formatMoney(r.amount, r.currency), numeric: true, width: "9rem" },
];

const noRows = arraySource<TransactionRow>([]);

export function Transactions(props: { query: string; onGo: (view: ViewId) => void }) {
  const info = viewInfo("transactions");
  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose} />
      <DataTable
        class="view__table"
        label="Transactions"
        columns={columns}
        source={noRows}
        rowKey={(r) => r.id}
        toolbar={props.query !== "" ? <span class="muted">Search: “{props.query}”</span> : undefined}
        onExport={() => Promise.reject({ kind: "not_found", message: "There are no transactions to export yet." })}
        empty={<EmptyState title={props.query !== "" ? `No transactions match “${props.query}” — no data yet, add a connection` : undefined} onGo={props.onGo} />}
      />
    </div>
  );
}

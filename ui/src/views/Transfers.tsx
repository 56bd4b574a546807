// Transfers: ACH transfers in and out of the savings accounts, scheduled and completed.
import { call, type TransferView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { formatMoney } from "../lib/money";
import { statusBadge } from "./format";
import { ListView, type CsvSpec } from "./ListView";

const columns: Column<TransferView>[] = [
  { id: "date", header: "Date", cell: (t) => t.completed_on ?? t.scheduled_on ?? "—", width: "7rem" },
  { id: "account", header: "Account", cell: (t) => t.account_name, width: "minmax(0, 1.5fr)" },
  { id: "counterparty", header: "Counterparty", cell: (t) => t.counterparty, width: "minmax(0, 2fr)" },
  { id: "direction", header: "Direction", cell: (t) => (t.direction === "inbound" ? "In" : "Out"), width: "5rem" },
  { id: "status", header: "Status", cell: (t) => <span class={statusBadge(t.status)}>{t.status}</span>, width: "7rem" },
  { id: "amount", header: "Amount", cell: (t) => formatMoney(t.direction === "inbound" ? t.amount : `-${t.amount}`, t.currency), numeric: true, width: "9rem" },
];

const csv: CsvSpec<TransferView> = {
  filename: "coffer-transfers.csv",
  header: ["id", "account", "counterparty", "direction", "status", "scheduled_on", "completed_on", "amount", "currency"],
  row: (t) => [numeric(t.id), text(t.account_name), text(t.counterparty), text(t.direction), text(t.status), text(t.scheduled_on ?? ""), text(t.completed_on ?? ""), numeric(t.amount), text(t.currency)],
};

export function Transfers(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  return <ListView view="transfers" label="Transfers" load={() => call("transfers_list")} columns={columns} rowKey={(t) => t.id} csv={csv} onError={props.onError} onGo={props.onGo} />;
}

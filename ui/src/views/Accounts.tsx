// Accounts: every account with its kind, institution, latest balance, limit, APY and maturity.
import { call, type AccountView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { formatMoney } from "../lib/money";
import { accountCsv } from "./Dashboard";
import { accountLabel, kindLabel, statusBadge } from "./format";
import { ListView } from "./ListView";

const money = (amount: string | null, currency: string) => (amount === null ? "—" : formatMoney(amount, currency));

const columns: Column<AccountView>[] = [
  { id: "account", header: "Account", cell: (a) => accountLabel(a), width: "minmax(0, 2fr)" },
  { id: "kind", header: "Kind", cell: (a) => kindLabel(a.kind), width: "6.5rem" },
  { id: "institution", header: "Institution", cell: (a) => a.institution, width: "minmax(0, 1.2fr)" },
  { id: "status", header: "Status", cell: (a) => <span class={statusBadge(a.status)}>{a.status}</span>, width: "6rem" },
  { id: "balance", header: "Balance", cell: (a) => money(a.balance, a.currency), numeric: true },
  { id: "available", header: "Available", cell: (a) => money(a.available, a.currency), numeric: true },
  { id: "limit", header: "Limit", cell: (a) => money(a.credit_limit, a.currency), numeric: true },
  { id: "apy", header: "APY", cell: (a) => (a.apy === null ? "—" : `${a.apy}%`), numeric: true, width: "5rem" },
  { id: "maturity", header: "Matures", cell: (a) => a.maturity_on ?? "—", width: "7rem" },
  { id: "as_of", header: "As of", cell: (a) => a.balance_as_of ?? "—", width: "7rem" },
];

export function Accounts(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  return <ListView view="accounts" label="Accounts" load={() => call("accounts_list")} columns={columns} rowKey={(a) => a.id} csv={accountCsv} onError={props.onError} onGo={props.onGo} />;
}

// CD ladder: every CD with its term, APY, balance and maturity, soonest first. The timeline,
// grace windows and penalty estimates arrive with the analytics commands.
import { call, type AccountView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { formatMoney } from "../lib/money";
import { accountLabel, statusBadge } from "./format";
import { ListView, type CsvSpec } from "./ListView";

const columns: Column<AccountView>[] = [
  { id: "matures", header: "Matures", cell: (a) => a.maturity_on ?? "—", width: "7rem" },
  { id: "cd", header: "CD", cell: (a) => accountLabel(a), width: "minmax(0, 2fr)" },
  { id: "term", header: "Term", cell: (a) => (a.term_months === null ? "—" : `${a.term_months} months`), width: "7rem" },
  { id: "apy", header: "APY", cell: (a) => (a.apy === null ? "—" : `${a.apy}%`), numeric: true, width: "5rem" },
  { id: "status", header: "Status", cell: (a) => <span class={statusBadge(a.status)}>{a.status}</span>, width: "6rem" },
  { id: "balance", header: "Balance", cell: (a) => (a.balance === null ? "—" : formatMoney(a.balance, a.currency)), numeric: true },
];

const csv: CsvSpec<AccountView> = {
  filename: "coffer-cds.csv",
  header: ["maturity_on", "cd", "term_months", "apy", "status", "balance", "currency"],
  row: (a) => [text(a.maturity_on ?? ""), text(accountLabel(a)), numeric(a.term_months ?? ""), numeric(a.apy ?? ""), text(a.status), numeric(a.balance ?? ""), text(a.currency)],
};

async function loadCds(): Promise<AccountView[]> {
  const accounts = await call("accounts_list");
  return accounts.filter((a) => a.kind === "cd").sort((a, b) => (a.maturity_on ?? "").localeCompare(b.maturity_on ?? ""));
}

export function CdLadder(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  return (
    <ListView
      view="cds"
      label="CDs"
      load={loadCds}
      columns={columns}
      rowKey={(a) => a.id}
      csv={csv}
      onError={props.onError}
      onGo={props.onGo}
      summary={() => <p class="muted">The maturity timeline, blended yield and early-withdrawal costs are coming with analytics.</p>}
    />
  );
}

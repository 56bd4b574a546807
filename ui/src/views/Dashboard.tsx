// Dashboard: net worth and its parts (cash, CDs, card balances), available credit and
// utilization per card, every account's balance, and what is coming: statement due dates and CD
// maturities. All numbers are computed in Rust with exact decimals and shown as sent.
import { call, type DashboardSummary } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { arraySource, DataTable, type Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { formatMoney } from "../lib/money";
import { useLoad } from "../lib/useLoad";
import { useShortcut } from "../shortcuts/context";
import { Keys } from "../shortcuts/Keys";
import { DashboardTrends } from "./DashboardTrends";
import { EmptyState } from "./EmptyState";
import { accountLabel, kindLabel, statusBadge } from "./format";
import { exportByShortcut, exportRows, type CsvSpec } from "./ListView";
import { ViewHeader } from "./ViewHeader";

type Card = DashboardSummary["cards"][number];
type Account = DashboardSummary["accounts"][number];
type Due = DashboardSummary["statements_due"][number];
type Cd = DashboardSummary["cd_maturities"][number];

const money = (amount: string | null, currency: string) => (amount === null ? "—" : formatMoney(amount, currency));

function Utilization(props: { percent: string | null }) {
  if (props.percent === null) return <span class="muted">—</span>;
  const value = Math.min(100, Number(props.percent));
  return (
    <span class="util">
      <meter min={0} max={100} low={30} high={50} optimum={0} value={value} aria-hidden="true" />
      <span class="num">{props.percent}%</span>
    </span>
  );
}

const cardColumns: Column<Card>[] = [
  { id: "card", header: "Card", cell: (c) => accountLabel(c), width: "minmax(0, 2fr)" },
  { id: "balance", header: "Balance", cell: (c) => money(c.balance, c.currency), numeric: true },
  { id: "limit", header: "Credit limit", cell: (c) => money(c.credit_limit, c.currency), numeric: true },
  { id: "available", header: "Available credit", cell: (c) => money(c.available_credit, c.currency), numeric: true },
  { id: "util", header: "Utilization", cell: (c) => <Utilization percent={c.utilization_percent} />, width: "10rem" },
];
const cardCsv: CsvSpec<Card> = {
  filename: "coffer-cards.csv",
  header: ["card", "balance", "credit_limit", "available_credit", "utilization_percent", "currency"],
  row: (c) => [text(accountLabel(c)), numeric(c.balance), numeric(c.credit_limit ?? ""), numeric(c.available_credit ?? ""), numeric(c.utilization_percent ?? ""), text(c.currency)],
};

const accountColumns: Column<Account>[] = [
  { id: "account", header: "Account", cell: (a) => accountLabel(a), width: "minmax(0, 2fr)" },
  { id: "kind", header: "Kind", cell: (a) => kindLabel(a.kind), width: "7rem" },
  { id: "institution", header: "Institution", cell: (a) => a.institution },
  { id: "status", header: "Status", cell: (a) => <span class={statusBadge(a.status)}>{a.status}</span>, width: "6rem" },
  { id: "as_of", header: "As of", cell: (a) => a.balance_as_of ?? "—", width: "7rem" },
  { id: "balance", header: "Balance", cell: (a) => money(a.balance, a.currency), numeric: true, width: "9rem" },
];
export const accountCsv: CsvSpec<Account> = {
  filename: "coffer-accounts.csv",
  header: ["id", "account", "kind", "institution", "status", "balance_as_of", "balance", "available", "credit_limit", "apy", "maturity_on", "currency"],
  row: (a) => [
    numeric(a.id), text(accountLabel(a)), text(a.kind), text(a.institution), text(a.status), text(a.balance_as_of ?? ""),
    numeric(a.balance ?? ""), numeric(a.available ?? ""), numeric(a.credit_limit ?? ""), numeric(a.apy ?? ""), text(a.maturity_on ?? ""), text(a.currency),
  ],
};

const dueColumns: Column<Due>[] = [
  { id: "due", header: "Due", cell: (d) => d.due_on, width: "6.5rem" },
  { id: "card", header: "Card", cell: (d) => accountLabel({ name: d.account_name, mask: d.mask }), width: "minmax(0, 1fr)" },
  { id: "closing", header: "Statement balance", cell: (d) => money(d.closing_balance, d.currency), numeric: true, width: "7rem" },
  { id: "min", header: "Minimum due", cell: (d) => money(d.minimum_due, d.currency), numeric: true, width: "6rem" },
];
const dueCsv: CsvSpec<Due> = {
  filename: "coffer-statements-due.csv",
  header: ["due_on", "card", "period_end", "closing_balance", "minimum_due", "currency"],
  row: (d) => [text(d.due_on), text(accountLabel({ name: d.account_name, mask: d.mask })), text(d.period_end), numeric(d.closing_balance), numeric(d.minimum_due ?? ""), text(d.currency)],
};

const cdColumns: Column<Cd>[] = [
  { id: "matures", header: "Matures", cell: (c) => c.maturity_on, width: "6.5rem" },
  { id: "cd", header: "CD", cell: (c) => accountLabel(c), width: "minmax(0, 1fr)" },
  { id: "apy", header: "APY", cell: (c) => (c.apy === null ? "—" : `${c.apy}%`), numeric: true, width: "4.5rem" },
  { id: "balance", header: "Balance", cell: (c) => money(c.balance, c.currency), numeric: true, width: "7.5rem" },
];
const cdCsv: CsvSpec<Cd> = {
  filename: "coffer-cd-maturities.csv",
  header: ["maturity_on", "cd", "apy", "term_months", "balance", "currency"],
  row: (c) => [text(c.maturity_on), text(accountLabel(c)), numeric(c.apy ?? ""), numeric(c.term_months ?? ""), numeric(c.balance), text(c.currency)],
};

function Tile(props: { label: string; value: string; testid: string; detail?: string }) {
  return (
    <div class="tile" data-testid={props.testid}>
      <span class="tile__label">{props.label}</span>
      <span class="tile__value num">{props.value}</span>
      {props.detail !== undefined && <span class="tile__detail muted">{props.detail}</span>}
    </div>
  );
}

export interface DashboardProps {
  onError: ErrorHandler;
  onGo: (view: ViewId) => void;
}

export function Dashboard(props: DashboardProps) {
  const { data, reload } = useLoad(() => call("dashboard_summary"), props.onError);
  useShortcut({ id: "dashboard.refresh", keys: "r", description: "Refresh the dashboard", group: "Dashboard", run: reload });
  useShortcut({ id: "dashboard.export", keys: "e", description: "Export account balances as CSV", group: "Dashboard", run: () => data !== null && exportByShortcut(() => exportRows(accountCsv, data.accounts), props.onError) });
  const info = viewInfo("dashboard");
  return (
    <div class="stack">
      <ViewHeader title={info.label} purpose={info.purpose}>
        <button type="button" class="button" onClick={reload} aria-keyshortcuts="r">
          Refresh <Keys keys="r" />
        </button>
      </ViewHeader>
      {data === null ? (
        <p class="muted" aria-busy="true">
          Reading the vault…
        </p>
      ) : data.accounts.length === 0 ? (
        <section class="card">
          <EmptyState title="No accounts yet — add a connection to see balances, credit and net worth" onGo={props.onGo} />
        </section>
      ) : (
        <>
          {data.totals.map((t) => (
            <section class="tiles" aria-label={`Totals in ${t.currency}`} key={t.currency}>
              <Tile testid="net-worth" label={`Net worth (${t.currency})`} value={formatMoney(t.net_worth, t.currency)} detail="Cash + CDs − card balances" />
              <Tile testid="savings" label="Savings" value={formatMoney(t.savings, t.currency)} detail={t.checking !== "0.00" ? `Checking ${formatMoney(t.checking, t.currency)}` : undefined} />
              <Tile testid="cds" label="CDs" value={formatMoney(t.cds, t.currency)} />
              <Tile testid="card-balances" label="Card balances" value={formatMoney(t.card_balances, t.currency)} />
              <Tile testid="available-credit" label="Available credit" value={formatMoney(t.available_credit, t.currency)} detail={`of ${formatMoney(t.credit_limit, t.currency)}`} />
              <Tile testid="utilization" label="Utilization" value={t.utilization_percent === null ? "—" : `${t.utilization_percent}%`} detail="All cards" />
            </section>
          ))}
          <DashboardTrends onError={props.onError} />
          <section class="card card--table" aria-labelledby="cards-heading">
            <h2 id="cards-heading">Cards</h2>
            <DataTable label="Cards" columns={cardColumns} source={arraySource(data.cards)} rowKey={(c) => c.account_id} empty={<p class="muted">No credit cards.</p>} onExport={() => exportRows(cardCsv, data.cards)} />
          </section>
          <div class="columns">
            <section class="card card--table" aria-labelledby="due-heading">
              <h2 id="due-heading">Statements due</h2>
              <DataTable label="Statements due" class="dt--wrap" rowHeight={44} columns={dueColumns} source={arraySource(data.statements_due)} rowKey={(d) => d.account_id} empty={<p class="muted">No statement due dates.</p>} onExport={() => exportRows(dueCsv, data.statements_due)} />
            </section>
            <section class="card card--table" aria-labelledby="cd-heading">
              <h2 id="cd-heading">CD maturities</h2>
              <DataTable label="CD maturities" class="dt--wrap" rowHeight={44} columns={cdColumns} source={arraySource(data.cd_maturities)} rowKey={(c) => c.account_id} empty={<p class="muted">No open CDs.</p>} onExport={() => exportRows(cdCsv, data.cd_maturities)} />
            </section>
          </div>
          <section class="card card--table" aria-labelledby="balances-heading">
            <h2 id="balances-heading">Balances by account</h2>
            <DataTable label="Balances by account" columns={accountColumns} source={arraySource(data.accounts)} rowKey={(a) => a.id} empty={<p class="muted">No accounts.</p>} onExport={() => exportRows(accountCsv, data.accounts)} />
          </section>
        </>
      )}
    </div>
  );
}

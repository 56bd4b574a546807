// Transactions: every transaction the filters match, newest first, paged from the vault as the
// virtualized table scrolls (fluid at 100k+ rows). Search is full-text (the top bar, "/"); filters
// for account, dates, status and category; pending/posted/superseded badges, MCC and FX details.
// "Export CSV" writes every matching row, not just the loaded pages. A row's category opens the
// editor, which can turn the edit into a rule ("apply to N similar").
import { useEffect, useMemo, useState } from "preact/hooks";
import { call, saveFile, type AccountView, type TransactionView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import { viewInfo } from "../app/routes";
import { DataTable, type Column, type RowSource } from "../components/DataTable";
import { formatMoney, isNegativeAmount } from "../lib/money";
import { useLoad } from "../lib/useLoad";
import { useShortcut } from "../shortcuts/context";
import { useDataVersion } from "../app/dataEvents";
import { CategoryEditor } from "./CategoryEditor";
import { EmptyState } from "./EmptyState";
import { accountLabel, statusBadge } from "./format";
import { exportTransactionsCsv, TransactionPages, type TransactionFilters } from "./transactionsData";
import { ViewHeader } from "./ViewHeader";

const STATUSES = ["pending", "posted", "superseded", "expired", "voided"] as const;

function fx(t: TransactionView): string {
  if (t.original_amount === null || t.original_currency === null) return "";
  return `${formatMoney(t.original_amount, t.original_currency)}${t.fx_rate !== null ? ` @ ${t.fx_rate}` : ""}`;
}

function columns(account: (id: number) => string, edit: (t: TransactionView) => void): Column<TransactionView>[] {
  return [
    { id: "date", header: "Date", cell: (t) => t.posted_on ?? t.transacted_on ?? "", width: "7.5rem" },
    { id: "account", header: "Account", cell: (t) => account(t.account_id), width: "minmax(0, 1fr)" },
    {
      id: "description",
      header: "Description",
      width: "minmax(0, 2.2fr)",
      cell: (t) => (
        <span class="tx__desc" title={t.description}>
          {t.merchant ?? t.description}
          {t.merchant !== null && t.merchant !== t.description && <span class="muted"> · {t.description}</span>}
        </span>
      ),
    },
    {
      id: "category",
      header: "Category",
      width: "minmax(0, 1fr)",
      cell: (t) => (
        <button type="button" class="link-button" title="Edit the category" data-testid="edit-category" onClick={() => edit(t)}>
          {t.category ?? "Set category"}
        </button>
      ),
    },
    { id: "mcc", header: "MCC", cell: (t) => t.mcc ?? "", width: "4.5rem" },
    {
      id: "status",
      header: "Status",
      width: "8rem",
      cell: (t) => (
        <span class={statusBadge(t.status)} title={t.settles_id !== null ? `Settles authorization #${t.settles_id}` : undefined}>
          {t.status}
          {t.settles_id !== null ? " ↩" : ""}
        </span>
      ),
    },
    { id: "fx", header: "FX", cell: fx, width: "minmax(0, 1.1fr)" },
    {
      id: "amount",
      header: "Amount",
      numeric: true,
      width: "8rem",
      cell: (t) => <span class={isNegativeAmount(t.amount) ? "amount" : "amount amount--credit"}>{formatMoney(t.amount, t.currency)}</span>,
    },
  ];
}

export interface TransactionsProps {
  query: string;
  onQuery: (query: string) => void;
  onGo: (view: ViewId) => void;
  onError: ErrorHandler;
}

export function Transactions(props: TransactionsProps) {
  const info = viewInfo("transactions");
  const [accountId, setAccountId] = useState<number | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [status, setStatus] = useState("");
  const [category, setCategory] = useState("");
  const [, setTick] = useState(0);
  const [exported, setExported] = useState<string | null>(null);
  const [editing, setEditing] = useState<TransactionView | null>(null);
  const dataVersion = useDataVersion();
  const { data: accounts } = useLoad(() => call("accounts_list"), props.onError);
  const { data: categories } = useLoad(() => call("categories_list"), props.onError);

  const byId = useMemo(() => new Map((accounts ?? []).map((a: AccountView) => [a.id, a])), [accounts]);
  const account = (id: number) => {
    const a = byId.get(id);
    return a === undefined ? `#${id}` : accountLabel(a);
  };

  const filters: TransactionFilters = useMemo(() => {
    const f: TransactionFilters = {};
    if (accountId !== null) f.account_id = accountId;
    if (from !== "") f.from = from;
    if (to !== "") f.to = to;
    if (status !== "") f.status = status;
    if (category !== "") f.category = category;
    if (props.query !== "") f.search = props.query;
    return f;
  }, [accountId, from, to, status, category, props.query]);

  // New data (a sync, an import, a category edit) starts the pages afresh.
  const pages = useMemo(() => new TransactionPages(filters, () => setTick((n) => n + 1), props.onError), [filters, dataVersion]);
  useEffect(() => {
    void pages.fetch(0);
  }, [pages]);

  const source: RowSource<TransactionView> = { count: pages.total ?? 0, get: (i) => pages.get(i) };
  const runExport = async () => {
    const { csv, rows } = await exportTransactionsCsv(filters, account);
    setExported(null);
    const saved = await saveFile({ file_name: "coffer-transactions.csv", kind: "csv", content: { text: csv } });
    if (!saved.saved) return;
    const count = `${rows.toLocaleString("en-US")} transactions`;
    setExported(saved.path === null ? `Exported ${count}.` : `Saved ${count} to ${saved.path}.`);
  };
  useShortcut({ id: "transactions.export", keys: "e", description: "Export the matching transactions as CSV", group: "Transactions", run: () => void runExport().catch(props.onError) });
  const clear = () => {
    setAccountId(null);
    setFrom("");
    setTo("");
    setStatus("");
    setCategory("");
    props.onQuery("");
  };
  useShortcut({ id: "transactions.clear", keys: "c", description: "Clear search and filters", group: "Transactions", run: clear });

  const filtered = Object.keys(filters).length > 0;
  const toolbar = (
    <form class="filters" aria-label="Filter transactions" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>Account</span>
        <select name="account" value={accountId ?? ""} onChange={(e) => setAccountId(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}>
          <option value="">All accounts</option>
          {(accounts ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {accountLabel(a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>From</span>
        <input name="from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        <span>To</span>
        <input name="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        <span>Status</span>
        <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Category</span>
        <select name="category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          <option value="">Any category</option>
          {(categories ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {filtered && (
        <button type="button" class="button button--quiet" onClick={clear}>
          Clear
        </button>
      )}
      <span class="muted num" data-testid="tx-count" aria-live="polite">
        {pages.total === null ? "…" : `${pages.total.toLocaleString("en-US")} transactions`}
        {props.query !== "" ? ` matching “${props.query}”` : ""}
      </span>
    </form>
  );

  return (
    <div class="stack stack--fill">
      <ViewHeader title={info.label} purpose={info.purpose} />
      {exported !== null && (
        <p class="note" role="status">
          {exported}
        </p>
      )}
      {editing !== null && <CategoryEditor transaction={editing} categories={categories ?? []} onClose={() => setEditing(null)} />}
      <DataTable
        class="view__table"
        label="Transactions"
        columns={columns(account, setEditing)}
        source={source}
        rowKey={(t) => t.id}
        onVisibleRangeChange={(start, end) => pages.ensure(start, end)}
        toolbar={toolbar}
        onExport={runExport}
        empty={
          pages.total === null ? (
            <p class="muted" aria-busy="true">
              Reading the vault…
            </p>
          ) : filtered ? (
            <p class="empty__title">No transactions match these filters.</p>
          ) : (
            <EmptyState onGo={props.onGo} />
          )
        }
      />
    </div>
  );
}

// The Spend view's tables: by category and merchant, by month with its change, purchases in other
// currencies (original amount kept), money moved but not spent, and recurring payments.
import type { ExcludedView } from "../../api/types/ExcludedView";
import type { ForeignSpendView } from "../../api/types/ForeignSpendView";
import type { MonthSpendView } from "../../api/types/MonthSpendView";
import type { RecurringView } from "../../api/types/RecurringView";
import type { SpendLineView } from "../../api/types/SpendLineView";
import { numeric, text } from "../../lib/csv";
import type { ExportColumn } from "../../lib/tableExport";
import { accountLabel, words } from "../format";
import { Change, csvMoney, csvText, money } from "./cells";

export function lineColumns(first: "category" | "merchant", currency: string): ExportColumn<SpendLineView>[] {
  return [
    { id: first, header: first === "category" ? "Category" : "Merchant", cell: (l) => l.name, csv: (l) => text(l.name), width: "minmax(0, 2fr)" },
    { id: "spent", header: "Spent", cell: (l) => money(l.spent, currency), csv: (l) => csvMoney(l.spent), numeric: true },
    { id: "purchases", header: "Purchases", cell: (l) => money(l.purchases, currency), csv: (l) => csvMoney(l.purchases), numeric: true },
    { id: "refunds", header: "Refunds", cell: (l) => money(l.refunds, currency), csv: (l) => csvMoney(l.refunds), numeric: true },
    { id: "count", header: "Rows", cell: (l) => l.count.toLocaleString("en-US"), csv: (l) => numeric(l.count), numeric: true, width: "5rem" },
  ];
}

export function monthColumns(currency: string): ExportColumn<MonthSpendView>[] {
  return [
    { id: "month", header: "Month", cell: (m) => m.month, csv: (m) => text(m.month), width: "7rem" },
    { id: "spent", header: "Spent", cell: (m) => money(m.spent, currency), csv: (m) => csvMoney(m.spent), numeric: true },
    { id: "change", header: "Change from the month before", cell: (m) => <Change amount={m.change} currency={currency} percent={m.change_percent} />, csv: (m) => csvMoney(m.change), numeric: true, width: "minmax(0, 2fr)" },
    { id: "change_percent", header: "Change %", cell: (m) => (m.change_percent === null ? "—" : `${m.change_percent}%`), csv: (m) => csvMoney(m.change_percent), numeric: true, width: "6rem" },
  ];
}

/** One category's spending in one month (the stacked month chart as rows). */
export interface MonthCategory {
  month: string;
  category: string;
  amount: string;
}

export function monthCategoryRows(months: readonly MonthSpendView[]): MonthCategory[] {
  return months.flatMap((m) => m.by_category.map((c) => ({ month: m.month, category: c.name, amount: c.amount })));
}

export function monthCategoryColumns(currency: string): ExportColumn<MonthCategory>[] {
  return [
    { id: "month", header: "Month", cell: (x) => x.month, csv: (x) => text(x.month), width: "7rem" },
    { id: "category", header: "Category", cell: (x) => x.category, csv: (x) => text(x.category), width: "minmax(0, 2fr)" },
    { id: "spent", header: "Spent", cell: (x) => money(x.amount, currency), csv: (x) => csvMoney(x.amount), numeric: true },
  ];
}

export function foreignColumns(currency: string): ExportColumn<ForeignSpendView>[] {
  return [
    { id: "currency", header: "Currency", cell: (f) => f.currency, csv: (f) => text(f.currency), width: "6rem" },
    { id: "original", header: "Original amount", cell: (f) => money(f.original, f.currency), csv: (f) => csvMoney(f.original), numeric: true },
    { id: "charged", header: `Charged (${currency})`, cell: (f) => money(f.charged, currency), csv: (f) => csvMoney(f.charged), numeric: true },
    { id: "count", header: "Purchases", cell: (f) => f.count.toLocaleString("en-US"), csv: (f) => numeric(f.count), numeric: true, width: "6rem" },
  ];
}

export function excludedColumns(currency: string): ExportColumn<ExcludedView>[] {
  return [
    { id: "kind", header: "Not counted as spending", cell: (e) => words(e.kind), csv: (e) => text(e.kind), width: "minmax(0, 2fr)" },
    { id: "amount", header: "Amount", cell: (e) => money(e.amount, currency), csv: (e) => csvMoney(e.amount), numeric: true },
    { id: "count", header: "Rows", cell: (e) => e.count.toLocaleString("en-US"), csv: (e) => numeric(e.count), numeric: true, width: "5rem" },
  ];
}

const recurringAccount = (r: RecurringView) => accountLabel({ name: r.account_name, mask: r.mask });

export const recurringColumns: ExportColumn<RecurringView>[] = [
  { id: "merchant", header: "Merchant", cell: (r) => r.merchant, csv: (r) => text(r.merchant), width: "minmax(0, 2fr)" },
  { id: "account", header: "Account", cell: recurringAccount, csv: (r) => text(recurringAccount(r)), width: "minmax(0, 2fr)" },
  { id: "amount", header: "Amount", cell: (r) => money(r.amount, r.currency), csv: (r) => csvMoney(r.amount), numeric: true },
  { id: "cadence", header: "Cadence", cell: (r) => words(r.cadence), csv: (r) => text(r.cadence), width: "6rem" },
  { id: "occurrences", header: "Times", cell: (r) => String(r.occurrences), csv: (r) => numeric(r.occurrences), numeric: true, width: "4rem" },
  { id: "last", header: "Last", cell: (r) => r.last, csv: (r) => text(r.last), width: "7rem" },
  { id: "next_expected", header: "Next expected", cell: (r) => r.next_expected, csv: (r) => csvText(r.next_expected), width: "7rem" },
];

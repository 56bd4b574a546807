// Statements: one row per cycle and account, with balances, due date, fees, interest, and the PDF
// (saved as a file — desktop: the native save dialog; browser: a download — not framed: the CSP
// lets blob: only into images).
import { useState } from "preact/hooks";
import { call, saveFile, savedMessage, type StatementView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { formatMoney } from "../lib/money";
import { accountLabel } from "./format";
import { ListView, type CsvSpec } from "./ListView";

const csv: CsvSpec<StatementView> = {
  filename: "coffer-statements.csv",
  header: ["id", "account", "period_start", "period_end", "closing_balance", "minimum_due", "due_on", "fees", "interest", "currency", "has_pdf"],
  row: (s) => [
    numeric(s.id), text(accountLabel({ name: s.account_name, mask: s.mask })), text(s.period_start), text(s.period_end), numeric(s.closing_balance),
    numeric(s.minimum_due ?? ""), text(s.due_on ?? ""), numeric(s.fees), numeric(s.interest), text(s.currency), text(s.has_pdf ? "yes" : "no"),
  ],
};

function SavePdf(props: { statement: StatementView; onError: ErrorHandler }) {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  if (!props.statement.has_pdf) return <span class="muted">No PDF</span>;
  const save = async () => {
    setBusy(true);
    setSaved(null);
    try {
      const file = await call("statement_pdf", { statement_id: props.statement.id });
      setSaved(savedMessage(await saveFile({ file_name: file.file_name, kind: "pdf", content: { base64: file.content_base64 } })));
    } catch (err) {
      props.onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="button button--small" onClick={save} disabled={busy} aria-label={`Save the PDF of the ${props.statement.period_end} statement`} title={saved ?? undefined}>
      {busy ? "Saving…" : saved !== null ? "Saved" : "Save PDF"}
    </button>
  );
}

export function Statements(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  const columns: Column<StatementView>[] = [
    { id: "period", header: "Cycle", cell: (s) => `${s.period_start} – ${s.period_end}`, width: "13rem" },
    { id: "account", header: "Account", cell: (s) => accountLabel({ name: s.account_name, mask: s.mask }), width: "minmax(0, 2fr)" },
    { id: "closing", header: "Balance", cell: (s) => formatMoney(s.closing_balance, s.currency), numeric: true, width: "7.5rem" },
    { id: "min", header: "Minimum", cell: (s) => (s.minimum_due === null ? "—" : formatMoney(s.minimum_due, s.currency)), numeric: true, width: "6.5rem" },
    { id: "due", header: "Due", cell: (s) => s.due_on ?? "—", width: "6.75rem" },
    { id: "fees", header: "Fees + interest", cell: (s) => `${formatMoney(s.fees, s.currency)} + ${formatMoney(s.interest, s.currency)}`, numeric: true, width: "10rem" },
    { id: "pdf", header: "PDF", cell: (s) => <SavePdf statement={s} onError={props.onError} />, width: "7.25rem" },
  ];
  return <ListView view="statements" label="Statements" load={() => call("statements_list")} columns={columns} rowKey={(s) => s.id} csv={csv} onError={props.onError} onGo={props.onGo} rowHeight={36} />;
}

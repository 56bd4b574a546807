// FICO: every score the vault holds, labelled by model and bureau (never one line across models).
// The trend chart arrives with the analytics commands; this is the honest table meanwhile.
import { call, type CreditScoreView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { ListView, type CsvSpec } from "./ListView";

const columns: Column<CreditScoreView>[] = [
  { id: "as_of", header: "As of", cell: (s) => s.as_of, width: "8rem" },
  { id: "score", header: "Score", cell: (s) => String(s.score), numeric: true, width: "6rem" },
  { id: "model", header: "Model", cell: (s) => s.model, width: "minmax(0, 2fr)" },
  { id: "bureau", header: "Bureau", cell: (s) => (s.bureau === "" ? "Not stated" : s.bureau) },
  { id: "source", header: "Source", cell: (s) => s.source },
];

const csv: CsvSpec<CreditScoreView> = {
  filename: "coffer-credit-scores.csv",
  header: ["as_of", "score", "model", "bureau", "source"],
  row: (s) => [text(s.as_of), numeric(s.score), text(s.model), text(s.bureau), text(s.source)],
};

export function Fico(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  return (
    <ListView
      view="fico"
      label="Credit scores"
      load={() => call("credit_scores_list")}
      columns={columns}
      rowKey={(s) => s.id}
      csv={csv}
      onError={props.onError}
      onGo={props.onGo}
      summary={() => <p class="muted">The trend chart per model and bureau is coming with analytics; every score is listed below.</p>}
    />
  );
}

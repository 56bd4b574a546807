// Rewards: each program's latest balance, unit, expiry rule and how many earn/burn events the vault
// holds. The ledger by card and bonus category arrives with the analytics commands.
import { call, type RewardProgramView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { formatPoints } from "../lib/money";
import { ListView, type CsvSpec } from "./ListView";

const columns: Column<RewardProgramView>[] = [
  { id: "program", header: "Program", cell: (p) => p.name, width: "minmax(0, 2fr)" },
  { id: "balance", header: "Balance", cell: (p) => (p.balance === null ? "—" : `${formatPoints(String(p.balance))} ${p.unit}`), numeric: true },
  { id: "as_of", header: "As of", cell: (p) => p.balance_as_of ?? "—", width: "7rem" },
  { id: "events", header: "Events", cell: (p) => formatPoints(String(p.events)), numeric: true, width: "6rem" },
  { id: "rule", header: "Expiry rule", cell: (p) => p.expiry_rule ?? "None stated", width: "minmax(0, 2fr)" },
];

const csv: CsvSpec<RewardProgramView> = {
  filename: "coffer-reward-programs.csv",
  header: ["program", "unit", "balance", "balance_as_of", "events", "expiry_rule"],
  row: (p) => [text(p.name), text(p.unit), numeric(p.balance ?? ""), text(p.balance_as_of ?? ""), numeric(p.events), text(p.expiry_rule ?? "")],
};

export function Rewards(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  return (
    <ListView
      view="rewards"
      label="Reward programs"
      load={() => call("reward_programs_list")}
      columns={columns}
      rowKey={(p) => p.id}
      csv={csv}
      onError={props.onError}
      onGo={props.onGo}
      summary={() => <p class="muted">Earnings by card and bonus category, and expiring points, are coming with analytics.</p>}
    />
  );
}

// Card activity: locks, unlocks, replacement requests, shipping and delivery, newest first.
import { call, type CardEventView } from "../api";
import type { ErrorHandler } from "../app/AppFrame";
import type { ViewId } from "../app/routes";
import type { Column } from "../components/DataTable";
import { numeric, text } from "../lib/csv";
import { accountLabel, statusBadge, when, words } from "./format";
import { ListView, type CsvSpec } from "./ListView";

const columns: Column<CardEventView>[] = [
  { id: "when", header: "When", cell: (e) => when(e.occurred_at), width: "11rem" },
  { id: "card", header: "Card", cell: (e) => accountLabel({ name: e.account_name, mask: e.mask }), width: "minmax(0, 2fr)" },
  { id: "kind", header: "Event", cell: (e) => <span class={statusBadge(e.kind)}>{words(e.kind)}</span>, width: "12rem" },
  { id: "reason", header: "Reason", cell: (e) => e.reason ?? "", width: "minmax(0, 1.5fr)" },
];

const csv: CsvSpec<CardEventView> = {
  filename: "coffer-card-activity.csv",
  header: ["id", "occurred_at", "card", "event", "reason"],
  row: (e) => [numeric(e.id), text(e.occurred_at), text(accountLabel({ name: e.account_name, mask: e.mask })), text(e.kind), text(e.reason ?? "")],
};

export function CardActivity(props: { onError: ErrorHandler; onGo: (view: ViewId) => void }) {
  return <ListView view="cards" label="Card activity" load={() => call("card_events_list")} columns={columns} rowKey={(e) => e.id} csv={csv} onError={props.onError} onGo={props.onGo} />;
}

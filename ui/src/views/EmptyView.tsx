// Views whose data and analyses arrive in later milestones (Spend, FICO, Rewards, CD ladder,
// Statements, Transfers, Card activity, Connections): their heading and an honest empty state.
import type { ViewId, ViewInfo } from "../app/routes";
import { EmptyState } from "./EmptyState";
import { ViewHeader } from "./ViewHeader";

export function EmptyView(props: { view: ViewInfo; onGo: (view: ViewId) => void }) {
  const isConnections = props.view.id === "connections";
  return (
    <div class="stack">
      <ViewHeader title={props.view.label} purpose={props.view.purpose} />
      <section class="card">
        {isConnections ? (
          <div class="empty">
            <p class="empty__title">No connections yet</p>
            <p class="muted">Connections to your bank and card accounts, and file imports (OFX, QFX, CSV), are set up here.</p>
          </div>
        ) : (
          <EmptyState onGo={props.onGo} />
        )}
      </section>
    </div>
  );
}

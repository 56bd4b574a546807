// Views whose analyses arrive with the analytics commands (Spend): their heading and an honest
// "coming with analytics" state.
import type { ViewId, ViewInfo } from "../app/routes";
import { Keys } from "../shortcuts/Keys";
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
          <div class="empty">
            <p class="empty__title">Coming with analytics</p>
            <p class="muted">Spending by category, merchant and month is computed by the analytics commands, which this view will call. Meanwhile, Transactions can filter by category and export CSV.</p>
            <button type="button" class="button" onClick={() => props.onGo("transactions")}>
              Go to Transactions <Keys keys="g t" />
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

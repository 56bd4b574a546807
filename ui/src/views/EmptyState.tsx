// The honest empty state: says there is no data yet and offers the way to get some.
import { Keys } from "../shortcuts/Keys";
import type { ViewId } from "../app/routes";

export function EmptyState(props: { title?: string; onGo?: (view: ViewId) => void }) {
  return (
    <div class="empty">
      <p class="empty__title">{props.title ?? "No data yet — add a connection"}</p>
      {props.onGo !== undefined && (
        <button type="button" class="button" onClick={() => props.onGo?.("connections")}>
          Go to Connections <Keys keys="g c" />
        </button>
      )}
    </div>
  );
}

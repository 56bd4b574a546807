// The sidebar: brand, one button per view (with its shortcut), and "Lock" at the bottom.
import iconUrl from "../../../icons/coffer.svg";
import { Keys } from "../shortcuts/Keys";
import { VIEWS, type ViewId } from "./routes";

export function Sidebar(props: { current: ViewId; onGo: (view: ViewId) => void; onLock: () => void; locking: boolean }) {
  return (
    <nav class="sidebar" aria-label="Views">
      <div class="sidebar__brand">
        <img src={iconUrl} alt="" width={28} height={28} />
        <span>Coffer</span>
      </div>
      <ul class="sidebar__list">
        {VIEWS.map((v) => (
          <li key={v.id}>
            <button
              type="button"
              class="sidebar__item"
              aria-current={props.current === v.id ? "page" : undefined}
              onClick={() => props.onGo(v.id)}
            >
              <span>{v.label}</span>
              <Keys keys={v.keys} />
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="button sidebar__lock" onClick={props.onLock} disabled={props.locking} aria-keyshortcuts="Control+L Meta+L">
        {props.locking ? "Locking…" : "Lock"} <Keys keys="Mod+L" />
      </button>
    </nav>
  );
}

// The top bar: transaction search ("/" focuses it, Enter searches, Escape leaves) and a button
// for the shortcut sheet.
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Keys } from "../shortcuts/Keys";

export interface TopBarProps {
  searchRef: RefObject<HTMLInputElement | null>;
  query: string;
  onSearch: (query: string) => void;
  onShowShortcuts: () => void;
}

export function TopBar(props: TopBarProps) {
  const [draft, setDraft] = useState(props.query);
  useEffect(() => setDraft(props.query), [props.query]);
  return (
    <header class="topbar">
      <form
        role="search"
        class="topbar__search"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSearch(draft.trim());
        }}
      >
        <label class="visually-hidden" for="global-search">
          Search transactions
        </label>
        <input
          id="global-search"
          ref={props.searchRef}
          type="search"
          placeholder="Search transactions"
          value={draft}
          autocomplete="off"
          spellcheck={false}
          aria-keyshortcuts="/"
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
        />
        <Keys keys="/" />
      </form>
      <button type="button" class="button button--quiet" onClick={props.onShowShortcuts} aria-keyshortcuts="?">
        Shortcuts <Keys keys="?" />
      </button>
    </header>
  );
}

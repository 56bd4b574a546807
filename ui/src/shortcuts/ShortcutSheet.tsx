// The searchable shortcut sheet ("?"): every registered action with its keys. Choosing a row runs
// it. Closes on Escape or a click outside, and gives focus back where it was.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useShortcutRegistry } from "./context";
import { Keys } from "./Keys";

export function ShortcutSheet(props: { onClose: () => void }) {
  const registry = useShortcutRegistry();
  const [query, setQuery] = useState("");
  const [version, setVersion] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => registry.subscribe(() => setVersion((v) => v + 1)), [registry]);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const matches = useMemo(() => registry.search(query), [registry, query, version]);
  const groups = useMemo(() => {
    const byGroup = new Map<string, typeof matches>();
    for (const s of matches) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
    return [...byGroup.entries()];
  }, [matches]);

  return (
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        class="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-sheet-title"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            props.onClose();
          }
        }}
      >
        <header class="sheet__header">
          <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
          <button type="button" class="button button--quiet" onClick={props.onClose} aria-label="Close shortcut sheet">
            Close <kbd>Esc</kbd>
          </button>
        </header>
        <label class="field sheet__search">
          <span class="visually-hidden">Search shortcuts</span>
          <input
            ref={input}
            type="search"
            placeholder="Search shortcuts…"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
          />
        </label>
        <div class="sheet__body" aria-live="polite">
          {groups.length === 0 && <p class="muted">No shortcut matches “{query}”.</p>}
          {groups.map(([group, items]) => (
            <section key={group}>
              <h3 class="sheet__group">{group}</h3>
              <ul class="sheet__list">
                {items.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      class="sheet__item"
                      onClick={() => {
                        props.onClose();
                        s.run();
                      }}
                    >
                      <span>{s.description}</span>
                      <Keys keys={s.keys} />
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}

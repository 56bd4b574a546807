// Renders a key binding as <kbd> elements, e.g. "g d" → G then D; "Mod+L" → Ctrl+L or ⌘L.
import { isMacPlatform } from "./context";
import { keyLabels } from "./registry";

export function Keys(props: { keys: string }) {
  const chords = keyLabels(props.keys, isMacPlatform());
  return (
    <span class="keys">
      {chords.map((parts, i) => (
        <span class="keys__chord" key={i}>
          {i > 0 && <span class="keys__then">then</span>}
          {parts.map((p) => (
            <kbd key={p}>{p}</kbd>
          ))}
        </span>
      ))}
    </span>
  );
}

// "The vault's data changed" (a sync, an import, a category edit or rule, a restore): views that
// read data subscribe and reload, so new data appears without reloading the page.
import { useEffect, useState } from "preact/hooks";

type Listener = () => void;
const listeners = new Set<Listener>();
let version = 0;

/** Tells every open view to read the vault again. */
export function dataChanged(): void {
  version += 1;
  for (const listener of [...listeners]) listener();
}

/** Subscribes; returns the unsubscribe. */
export function onDataChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A number that changes whenever the data does (for dependency lists). */
export function useDataVersion(): number {
  const [seen, setSeen] = useState(version);
  useEffect(() => onDataChanged(() => setSeen(version)), []);
  return seen;
}

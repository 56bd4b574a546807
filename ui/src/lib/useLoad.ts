// Loads data for a view: `data` is null while loading; a failed call goes to the view's error
// handler (locked → lock screen, network → fatal, anything else → the frame's banner). Loads again
// when the vault's data changes (see app/dataEvents.ts).
import { useCallback, useEffect, useState } from "preact/hooks";
import { onDataChanged } from "../app/dataEvents";

export function useLoad<T>(load: () => Promise<T>, onError: (err: unknown) => void, deps: readonly unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setData(value),
      (err: unknown) => live && onError(err),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation, ...deps]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // New data (a sync, an import, an edit) reloads every open view.
  useEffect(() => onDataChanged(reload), [reload]);
  return { data, reload };
}

// Loads one report for a request; while a newer request is on its way the older figures stay on
// screen, marked stale (the view sets aria-busy), and a reply to an outdated request is dropped.
// Reloads whenever the vault's data changes (a sync, an import, a category edit).
import { useCallback, useEffect, useState } from "preact/hooks";
import { call, type ResponseOf } from "../../api";
import type { ReportRequest } from "../../api/types/ReportRequest";
import { onDataChanged } from "../../app/dataEvents";

export type ReportCommand = "report_spend" | "report_networth" | "report_fico" | "report_rewards" | "report_cds" | "report_recurring";

export interface Report<T> {
  data: T | null;
  /** True while the figures shown are for an earlier request (or none yet). */
  loading: boolean;
  reload: () => void;
}

export function useReport<K extends ReportCommand>(name: K, request: ReportRequest, onError: (err: unknown) => void): Report<ResponseOf<K>> {
  const key = JSON.stringify(request);
  const [state, setState] = useState<{ key: string; generation: number; data: ResponseOf<K> } | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    const send = call as (command: K, request: ReportRequest) => Promise<ResponseOf<K>>;
    send(name, request).then(
      (data) => live && setState({ key, generation, data }),
      (err: unknown) => live && onError(err),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // A sync, import or category edit changes the figures: read them again, like every other view.
  useEffect(() => onDataChanged(reload), [reload]);
  const loading = state === null || state.key !== key || state.generation !== generation;
  return { data: state?.data ?? null, loading, reload };
}

// The frame of an analytics view: heading with Refresh (r), the period picker when the report has
// a period, "e" exporting the view's main table, and the figures once the first reply is in.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { ErrorHandler } from "../../app/AppFrame";
import { viewInfo, type ViewId } from "../../app/routes";
import { isoDay, periodFor, type Period, type PeriodPreset } from "../../lib/period";
import { useShortcut } from "../../shortcuts/context";
import { Keys } from "../../shortcuts/Keys";
import { EmptyState } from "../EmptyState";
import { exportByShortcut } from "../ListView";
import { ViewHeader } from "../ViewHeader";
import { PeriodPicker, type AccountChoice } from "./PeriodPicker";

/** The view's period, starting at `preset` on today's local day. */
export function usePeriod(preset: PeriodPreset): { period: Period; setPeriod: (p: Period) => void; today: string } {
  const [today] = useState(() => isoDay(new Date()));
  const [period, setPeriod] = useState<Period>(() => periodFor(preset, today));
  return { period, setPeriod, today };
}

export interface ReportViewProps {
  view: ViewId;
  loading: boolean;
  ready: boolean;
  /** The vault holds nothing this view could show: the empty state instead of the figures. */
  empty?: boolean;
  onGo: (view: ViewId) => void;
  onRefresh: () => void;
  /** Exports the main table (the "e" shortcut); a failure goes to `onError`. */
  onExport: () => unknown;
  onError: ErrorHandler;
  exportLabel: string;
  period?: { period: Period; setPeriod: (p: Period) => void; today: string };
  /** An account filter beside the period. */
  account?: AccountChoice;
  children: ComponentChildren;
}

export function ReportView(props: ReportViewProps) {
  const info = viewInfo(props.view);
  useShortcut({ id: `${props.view}.refresh`, keys: "r", description: `Refresh ${info.label}`, group: info.label, run: props.onRefresh });
  useShortcut({ id: `${props.view}.export`, keys: "e", description: props.exportLabel, group: info.label, run: () => props.ready && exportByShortcut(async () => props.onExport(), props.onError) });
  useShortcut(
    { id: `${props.view}.period`, keys: "p", description: "Choose the period", group: info.label, run: () => document.querySelector<HTMLSelectElement>('.period select[name="period"]')?.focus() },
    props.period !== undefined,
  );
  return (
    <div class="stack" aria-busy={props.loading}>
      <ViewHeader title={info.label} purpose={info.purpose}>
        <button type="button" class="button" onClick={props.onRefresh} aria-keyshortcuts="r">
          Refresh <Keys keys="r" />
        </button>
      </ViewHeader>
      {props.period !== undefined && <PeriodPicker period={props.period.period} today={props.period.today} onChange={props.period.setPeriod} account={props.account} />}
      {props.ready && props.empty === true ? (
        <section class="card">
          <EmptyState onGo={props.onGo} />
        </section>
      ) : props.ready ? (
        props.children
      ) : (
        <p class="muted" aria-busy="true">
          Reading the vault…
        </p>
      )}
    </div>
  );
}

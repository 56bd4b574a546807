// Cells shared by the analytics tables: money as sent (decimal text, never parsed into a float),
// signed changes coloured by direction, points with grouping, figure tiles.
import { numeric, text, type CsvCell } from "../../lib/csv";
import { formatMoney, formatPoints, isNegativeAmount } from "../../lib/money";

export const money = (amount: string | null, currency: string): string => (amount === null ? "—" : formatMoney(amount, currency));
export const csvMoney = (amount: string | null): CsvCell => numeric(amount ?? "");
export const csvText = (value: string | null): CsvCell => text(value ?? "");
export const points = (value: number, unit?: string): string => `${formatPoints(String(value))}${unit === undefined ? "" : ` ${unit}`}`;

/** A change in money: "+$12.00" (spent more: red) or "-$3.10" (less: green). */
export function Change(props: { amount: string | null; currency: string; percent?: string | null }) {
  if (props.amount === null) return <span class="muted">—</span>;
  const down = isNegativeAmount(props.amount);
  const pct = props.percent === null || props.percent === undefined ? "" : ` (${props.percent.startsWith("-") ? "" : "+"}${props.percent}%)`;
  return <span class={down ? "change--down" : "change--up"}>{`${formatMoney(props.amount, props.currency, { sign: "always" })}${pct}`}</span>;
}

/** A change in score points: "+12", "-4", "—". */
export const scoreChange = (delta: number | null): string => (delta === null ? "—" : delta > 0 ? `+${delta}` : String(delta));

export function Tile(props: { label: string; value: string; testid: string; detail?: string }) {
  return (
    <div class="tile" data-testid={props.testid}>
      <span class="tile__label">{props.label}</span>
      <span class="tile__value num">{props.value}</span>
      {props.detail !== undefined && <span class="tile__detail muted">{props.detail}</span>}
    </div>
  );
}

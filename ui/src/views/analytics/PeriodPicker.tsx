// The period picker of the analytics views: this month, last 3 or 12 months, all time, or custom
// first and last days; optionally one account.
import type { AccountView } from "../../api";
import { describePeriod, PRESETS, periodFor, type Period, type PeriodPreset } from "../../lib/period";
import { accountLabel } from "../format";

export interface AccountChoice {
  accounts: readonly AccountView[];
  accountId: number | null;
  onAccount: (id: number | null) => void;
}

export function PeriodPicker(props: { period: Period; today: string; onChange: (period: Period) => void; account?: AccountChoice }) {
  const { account } = props;
  const { period } = props;
  return (
    <form class="filters period" aria-label="Period" onSubmit={(e) => e.preventDefault()}>
      <label>
        Period
        <select name="period" value={period.preset} onChange={(e) => props.onChange(periodFor(e.currentTarget.value as PeriodPreset, props.today, period))}>
          {PRESETS.map((p) => (
            <option value={p.id} key={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {period.preset === "custom" && (
        <>
          <label>
            From
            <input type="date" name="from" value={period.from ?? ""} max={period.to ?? undefined} onChange={(e) => props.onChange({ ...period, from: e.currentTarget.value || null })} />
          </label>
          <label>
            To
            <input type="date" name="to" value={period.to ?? ""} min={period.from ?? undefined} onChange={(e) => props.onChange({ ...period, to: e.currentTarget.value || null })} />
          </label>
        </>
      )}
      {account !== undefined && (
        <label>
          Account
          <select name="account" value={account.accountId === null ? "" : String(account.accountId)} onChange={(e) => account.onAccount(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}>
            <option value="">All accounts</option>
            {account.accounts.map((a) => (
              <option value={String(a.id)} key={a.id}>
                {accountLabel(a)}
              </option>
            ))}
          </select>
        </label>
      )}
      <span class="muted" data-testid="period-range">
        {describePeriod(period)}
      </span>
    </form>
  );
}

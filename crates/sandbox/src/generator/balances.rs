//! Balances: current and available at any day, and the monthly snapshot series.

use super::rows::{Resolution, Role};
use super::{AccountKind, Bank};
use crate::calendar::{self, Day};
use crate::money::Cents;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Balance {
    pub day: Day,
    /// Cards: amount owed (positive). Deposits: money held.
    pub current: Cents,
    /// Cards: credit limit − owed − pending holds (never below zero). Deposits: `current`.
    pub available: Cents,
    /// Sum of pending authorization amounts (negative for holds) at `day`.
    pub pending: Cents,
    pub credit_limit: Option<Cents>,
}

/// Sum of posted amounts through `day`, and of holds still pending on `day`.
fn totals_through(bank: &Bank, account_index: usize, day: Day) -> (Cents, Cents) {
    let account = &bank.accounts[account_index];
    let month = calendar::month_of_day(day);
    let first = bank.account_first_month(account);
    if month < first {
        return (Cents::ZERO, Cents::ZERO);
    }
    let mut posted = match &account.kind {
        AccountKind::Card(_) => bank
            .cycle(account_index, month - 1)
            .map(|c| -c.closing)
            .unwrap_or_default(),
        _ => bank
            .rows_through(account_index, month - 2)
            .iter()
            .flat_map(|rows| rows.iter())
            .filter(|r| matches!(r.role, Role::Posted { .. }))
            .fold(Cents::ZERO, |sum, r| sum + r.amount),
    };
    let mut pending = Cents::ZERO;
    let month_start = calendar::first_day(month);
    for source in (month - 1).max(first)..=month {
        for row in bank.month_rows(account_index, source).iter() {
            match row.role {
                Role::Posted { .. } => {
                    let counted_before = match account.kind {
                        AccountKind::Card(_) => row.posted < month_start,
                        _ => source < month - 1,
                    };
                    if row.posted <= day && !counted_before {
                        posted += row.amount;
                    }
                }
                Role::Authorization { resolution } => {
                    let resolved = match resolution {
                        Resolution::Posts { day: d, .. } | Resolution::Expires { day: d } => d,
                    };
                    if row.transacted <= day && resolved > day {
                        pending += row.amount;
                    }
                }
            }
        }
    }
    (posted, pending)
}

pub fn balance_at(bank: &Bank, account_index: usize, day: Day) -> Balance {
    let (posted, pending) = totals_through(bank, account_index, day);
    match &bank.accounts[account_index].kind {
        AccountKind::Card(terms) => {
            let owed = -posted;
            let available = Cents((terms.credit_limit.0 - owed.0 + pending.0).max(0));
            Balance {
                day,
                current: owed,
                available,
                pending,
                credit_limit: Some(terms.credit_limit),
            }
        }
        _ => Balance {
            day,
            current: posted,
            available: posted,
            pending,
            credit_limit: None,
        },
    }
}

/// Snapshot days: `as_of` plus whole months, from the history start (or the first month-grid
/// day on or after the account opened) through `now`.
pub fn snapshot_days(bank: &Bank, account_index: usize, now: Day) -> Vec<Day> {
    let open = bank.accounts[account_index].open_day;
    let as_of = calendar::day_of(bank.spec.as_of);
    let mut days = Vec::new();
    let mut k = -(bank.spec.months as i32);
    loop {
        let day = calendar::add_months(as_of, k);
        if day > now {
            break;
        }
        if day >= open {
            days.push(day);
        }
        k += 1;
    }
    days
}

pub fn balance_snapshots(bank: &Bank, account_index: usize, now: Day) -> Vec<Balance> {
    snapshot_days(bank, account_index, now)
        .into_iter()
        .map(|day| balance_at(bank, account_index, day))
        .collect()
}

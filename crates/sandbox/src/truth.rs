//! The truth: exactly what a full sync of the data set, as of the sandbox's "today", must store.
//!
//! Definitions (all "as of" the sandbox's current day, `spec.as_of` plus months advanced):
//! - `accounts`: every account the API lists (cards, savings, CDs, matured CDs included).
//! - `transactions`: every transaction row a full sync stores = every distinct transaction id the
//!   transactions feed returns: posted rows + authorizations (pending, superseded or expired).
//!   A superseded authorization and the posted row that settles it are two rows (two ids).
//! - `posted`, `pending`, `superseded`, `expired`: those rows by state. `pending` = authorizations
//!   still pending today; `superseded` = authorizations settled by a posted row (linked by
//!   `authorization_id`); `expired` = authorizations that dropped off without posting.
//! - per account `sum` = sum of amounts of posted and still-pending rows (superseded and expired
//!   holds excluded, so nothing is counted twice); `posted_sum` and `pending_sum` split it;
//!   `current_balance` is the posted balance (cards: owed, positive; deposits: held).
//! - `statements`: closed card statement cycles (period end before today).
//! - `credit_scores`: every score in `GET fico/history`.
//! - `reward_programs`: one per card; `reward_events`: every ledger event dated on or before today.
//! - `transfers`: completed plus scheduled transfers in `GET transfers`.
//! - `card_events`: every card-control event dated on or before today.
//! - `events`: every event in `GET events` (card and transaction events) for a token with all scopes.
//! - `balance_snapshots`: per account, one per day of the monthly snapshot grid (see README).
//!
//! Amounts are decimal strings with two places, negative for money leaving the account holder.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{self, Day};
use crate::generator::balances::{balance_at, snapshot_days};
use crate::generator::events::events_page;
use crate::generator::extras::{card_month_events, credit_scores};
use crate::generator::rewards::month_events;
use crate::generator::rows::RowState;
use crate::generator::transfers::transfers;
use crate::generator::{AccountKind, Bank, DataSpec};
use crate::money::Cents;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub accounts: u64,
    pub transactions: u64,
    pub posted: u64,
    pub pending: u64,
    pub superseded: u64,
    pub expired: u64,
    pub statements: u64,
    pub credit_scores: u64,
    pub reward_programs: u64,
    pub reward_events: u64,
    pub transfers: u64,
    pub card_events: u64,
    pub events: u64,
    pub balance_snapshots: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AccountTruth {
    pub kind: String,
    pub transactions: u64,
    pub posted: u64,
    pub pending: u64,
    pub superseded: u64,
    pub expired: u64,
    pub sum: String,
    pub posted_sum: String,
    pub pending_sum: String,
    pub current_balance: String,
    pub statements: u64,
    pub balance_snapshots: u64,
    pub reward_events: u64,
    pub reward_balance: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Truth {
    pub spec: DataSpec,
    pub as_of: String,
    pub counts: Counts,
    /// Keyed by account id.
    pub accounts: BTreeMap<String, AccountTruth>,
}

/// The truth for the data set as first generated (no months advanced).
pub fn truth(spec: &DataSpec) -> Truth {
    let bank = Bank::new(spec.clone());
    truth_at(&bank, bank.spec.now(0))
}

/// The truth of `bank` as of `now`.
pub fn truth_at(bank: &Bank, now: Day) -> Truth {
    let mut counts = Counts {
        accounts: bank.accounts.len() as u64,
        ..Counts::default()
    };
    let mut accounts = BTreeMap::new();
    let now_month = calendar::month_of_day(now);
    for account in &bank.accounts {
        let mut entry = AccountTruth {
            kind: account.kind.name().to_owned(),
            ..AccountTruth::default()
        };
        let (mut posted_sum, mut pending_sum) = (Cents::ZERO, Cents::ZERO);
        for rows in bank.rows_through(account.index, now_month) {
            for row in rows.iter().filter(|r| r.visible_at(now)) {
                entry.transactions += 1;
                match row.state_at(now) {
                    RowState::Posted => {
                        entry.posted += 1;
                        posted_sum += row.amount;
                    }
                    RowState::Pending => {
                        entry.pending += 1;
                        pending_sum += row.amount;
                    }
                    RowState::Superseded => entry.superseded += 1,
                    RowState::Expired => entry.expired += 1,
                }
            }
        }
        entry.sum = (posted_sum + pending_sum).to_decimal_string();
        entry.posted_sum = posted_sum.to_decimal_string();
        entry.pending_sum = pending_sum.to_decimal_string();
        entry.current_balance = balance_at(bank, account.index, now)
            .current
            .to_decimal_string();
        entry.balance_snapshots = snapshot_days(bank, account.index, now).len() as u64;
        if let AccountKind::Card(_) = account.kind {
            let first = bank.account_first_month(account);
            entry.statements = (first..now_month)
                .filter(|m| calendar::last_day(*m) < now)
                .count() as u64;
            let mut balance = bank
                .cycle(account.index, now_month - 1)
                .map(|c| c.points_balance)
                .unwrap_or(0);
            for month in first..=now_month {
                for event in month_events(bank, account.index, month)
                    .iter()
                    .filter(|e| e.day <= now)
                {
                    entry.reward_events += 1;
                    if month == now_month {
                        balance += event.points;
                    }
                }
                counts.card_events += card_month_events(bank, account.index, month)
                    .iter()
                    .filter(|e| e.day <= now)
                    .count() as u64;
            }
            entry.reward_balance = Some(balance);
            counts.reward_programs += 1;
        }
        counts.transactions += entry.transactions;
        counts.posted += entry.posted;
        counts.pending += entry.pending;
        counts.superseded += entry.superseded;
        counts.expired += entry.expired;
        counts.statements += entry.statements;
        counts.reward_events += entry.reward_events;
        counts.balance_snapshots += entry.balance_snapshots;
        accounts.insert(account.id.clone(), entry);
    }
    counts.credit_scores = credit_scores(bank, now).len() as u64;
    counts.transfers = transfers(bank, now).len() as u64;
    counts.events = count_events(bank, now);
    Truth {
        spec: bank.spec.clone(),
        as_of: calendar::day_label(now),
        counts,
        accounts,
    }
}

fn count_events(bank: &Bank, now: Day) -> u64 {
    let mut total = 0;
    let mut after = None;
    loop {
        let (events, has_more) = events_page(bank, after, now, 10_000, |_| true);
        total += events.len() as u64;
        match (has_more, events.last()) {
            (true, Some(last)) => after = Some(last.key),
            _ => return total,
        }
    }
}

/// A card's reward-program balance on `now` (the ledger's running total; 0 for other accounts).
pub fn reward_balance_at(bank: &Bank, account: &crate::generator::Account, now: Day) -> i64 {
    if !matches!(account.kind, AccountKind::Card(_)) {
        return 0;
    }
    let now_month = calendar::month_of_day(now);
    let opening = bank
        .cycle(account.index, now_month - 1)
        .map(|c| c.points_balance)
        .unwrap_or(0);
    opening
        + month_events(bank, account.index, now_month)
            .iter()
            .filter(|e| e.day <= now)
            .map(|e| e.points)
            .sum::<i64>()
}

//! Rewards ledger events: accruals per posted purchase at the product's earn rate, refund
//! adjustments, sign-up and anniversary bonuses, redemptions and expiries.

use chrono::Datelike;

use super::cards::row_key;
use super::ledger::{posted_in_month, REDEMPTION_DAY};
use super::rows::{TxKind, TxRow};
use super::{Account, AccountKind, Bank, CardTerms};
use crate::calendar::{self, Day, Month};

const BONUS_SEQUENCE: u32 = 0xE000_0000;
/// The sign-up bonus posts this many days after the account opens.
pub const SIGNUP_BONUS_AFTER_DAYS: i32 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RewardKind {
    Accrual,
    Bonus,
    Redemption,
    Adjustment,
    Expiry,
}

impl RewardKind {
    pub fn name(self) -> &'static str {
        match self {
            RewardKind::Accrual => "accrual",
            RewardKind::Bonus => "bonus",
            RewardKind::Redemption => "redemption",
            RewardKind::Adjustment => "adjustment",
            RewardKind::Expiry => "expiry",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewardEvent {
    pub key: u64,
    pub day: Day,
    pub kind: RewardKind,
    /// Signed: redemptions, expiries and refund adjustments are negative.
    pub points: i64,
    pub transaction_key: Option<u64>,
    pub earn_rate: Option<i64>,
    pub category: Option<&'static str>,
    pub description: String,
}

/// Points a posted row earns (negative for refunds), with the rate and bonus label.
pub fn row_points(terms: &CardTerms, row: &TxRow) -> (i64, i64, &'static str) {
    let Some(merchant) = row.merchant() else {
        return (0, 0, "");
    };
    let (rate, label) = terms.product.earn_rate(merchant);
    let points = row.amount.0.abs() * rate / 100;
    match row.kind {
        TxKind::Purchase => (points, rate, label),
        TxKind::Refund => (-points, rate, label),
        _ => (0, 0, ""),
    }
}

pub fn bonus_events(
    bank: &Bank,
    account: &Account,
    terms: &CardTerms,
    month: Month,
) -> Vec<RewardEvent> {
    let mut events = Vec::new();
    let product = terms.product;
    let signup_day = account.open_day + SIGNUP_BONUS_AFTER_DAYS;
    if account.open_day >= bank.spec.history_start() && calendar::month_of_day(signup_day) == month
    {
        events.push(RewardEvent {
            key: row_key(bank.first_month, month, BONUS_SEQUENCE + 1),
            day: signup_day,
            kind: RewardKind::Bonus,
            points: product.signup_bonus,
            transaction_key: None,
            earn_rate: None,
            category: None,
            description: format!("{} sign-up bonus", product.program.name),
        });
    }
    let open_month = calendar::month_of_day(account.open_day);
    if product.anniversary_bonus > 0 && month > open_month && (month - open_month) % 12 == 0 {
        let day = calendar::day_in_month(month, calendar::date_of(account.open_day).day() as i32);
        events.push(RewardEvent {
            key: row_key(bank.first_month, month, BONUS_SEQUENCE + 2),
            day,
            kind: RewardKind::Bonus,
            points: product.anniversary_bonus,
            transaction_key: None,
            earn_rate: None,
            category: None,
            description: "Card anniversary bonus".to_owned(),
        });
    }
    events
}

/// Every reward event of the card's program dated in `month`, sorted by (day, key).
pub fn month_events(bank: &Bank, account_index: usize, month: Month) -> Vec<RewardEvent> {
    let account = &bank.accounts[account_index];
    let AccountKind::Card(terms) = &account.kind else {
        return Vec::new();
    };
    let Some(cycle) = bank.cycle(account_index, month) else {
        return Vec::new();
    };
    let previous = bank.cycle(account_index, month - 1);
    let mut events = Vec::new();
    if cycle.points_expired > 0 {
        events.push(RewardEvent {
            key: row_key(bank.first_month, month, BONUS_SEQUENCE),
            day: calendar::first_day(month),
            kind: RewardKind::Expiry,
            points: -cycle.points_expired,
            transaction_key: None,
            earn_rate: None,
            category: None,
            description: terms.product.program.expiry.text.to_owned(),
        });
    }
    for row in posted_in_month(bank, account, terms, month, previous.as_ref()) {
        let (points, rate, label) = row_points(terms, &row);
        if points == 0 {
            continue;
        }
        let kind = if points > 0 {
            RewardKind::Accrual
        } else {
            RewardKind::Adjustment
        };
        events.push(RewardEvent {
            key: row.key,
            day: row.posted,
            kind,
            points,
            transaction_key: Some(row.key),
            earn_rate: Some(rate),
            category: Some(label),
            description: row.description(),
        });
    }
    events.extend(bonus_events(bank, account, terms, month));
    if cycle.points_redeemed > 0 {
        let what = if terms.product.program.unit == "cents" {
            "Uber Cash"
        } else {
            "award travel"
        };
        events.push(RewardEvent {
            key: row_key(bank.first_month, month, BONUS_SEQUENCE + 3),
            day: calendar::day_in_month(month, REDEMPTION_DAY),
            kind: RewardKind::Redemption,
            points: -cycle.points_redeemed,
            transaction_key: None,
            earn_rate: None,
            category: None,
            description: format!("Redeemed for {what}"),
        });
    }
    events.sort_by_key(|e| (e.day, e.key));
    events
}

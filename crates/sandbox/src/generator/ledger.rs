//! The card ledger chain: payments, interest and annual fees that depend on the previous
//! statement, statement cycles (calendar months), and the rewards balance with FIFO expiry.

use super::cards::{organic_rows, row_key};
use super::rewards::{bonus_events, row_points};
use super::rows::{Role, RowText, TxKind, TxRow};
use super::{Account, Bank, CardTerms};
use chrono::Datelike;

use crate::calendar::{self, Day, Month};
use crate::money::{mul_div_round, Cents};
use crate::prng::SplitMix64;

/// Payments post on this day of the month, before the due date (cycle end + 25 days).
pub const PAYMENT_DAY: i32 = 18;
/// Redemptions happen on this day of every sixth month when the balance allows.
pub const REDEMPTION_DAY: i32 = 20;
pub const DUE_DAYS_AFTER_CLOSE: i32 = 25;
const STATE_SEQUENCE: u32 = 0xF000_0000;

/// One closed (or closing) statement cycle of a card plus the rewards state after it.
#[derive(Clone, Debug, Default)]
pub struct Cycle {
    pub month: Month,
    /// Balance owed at the start of the cycle (positive = owed to the bank).
    pub opening: Cents,
    pub closing: Cents,
    /// Purchases posted in the cycle, as a positive number.
    pub purchases: Cents,
    /// Payments posted in the cycle, positive.
    pub payments: Cents,
    /// Refunds posted in the cycle, positive.
    pub refunds: Cents,
    pub fees: Cents,
    pub interest: Cents,
    pub minimum_due: Cents,
    pub due_day: Day,
    pub posted_count: u32,
    pub points_earned: i64,
    pub points_bonus: i64,
    pub points_redeemed: i64,
    pub points_expired: i64,
    pub points_balance: i64,
    /// Remaining points by the month they were earned, oldest first.
    pub buckets: Vec<(Month, i64)>,
}

/// Payment, interest and annual-fee rows of `month`, given the previous cycle.
pub fn state_rows(
    bank: &Bank,
    account: &Account,
    terms: &CardTerms,
    month: Month,
    previous: Option<&Cycle>,
) -> Vec<TxRow> {
    let mut rows = Vec::new();
    let key = |n: u32| row_key(bank.first_month, month, STATE_SEQUENCE + n);
    let label_row = |key: u64, day: Day, amount: i64, kind: TxKind, label: &'static str| TxRow {
        key,
        kind,
        role: Role::Posted {
            authorization: None,
        },
        transacted: day,
        posted: day,
        amount: Cents(amount),
        text: RowText::Label(label),
        fx: None,
    };
    if let Some(previous) = previous.filter(|p| p.closing.0 > 0) {
        let payment = payment_amount(bank, account, terms, previous);
        let day = calendar::day_in_month(month, PAYMENT_DAY);
        rows.push(label_row(
            key(0),
            day,
            payment,
            TxKind::Payment,
            "PAYMENT RECEIVED - THANK YOU",
        ));
        let unpaid = previous.closing.0 - payment;
        if unpaid > 0 {
            let interest = mul_div_round(unpaid, terms.product.apr_bps, 120_000);
            let day = calendar::last_day(month);
            let label = "PURCHASE INTEREST CHARGE";
            rows.push(label_row(key(1), day, -interest, TxKind::Interest, label));
        }
    }
    let open_month = calendar::month_of_day(account.open_day);
    if terms.product.annual_fee_cents > 0 && month > open_month && (month - open_month) % 12 == 0 {
        let day = calendar::day_in_month(month, calendar::date_of(account.open_day).day() as i32);
        let fee = -terms.product.annual_fee_cents;
        rows.push(label_row(key(2), day, fee, TxKind::Fee, "ANNUAL FEE"));
    }
    rows
}

fn payment_amount(bank: &Bank, account: &Account, terms: &CardTerms, previous: &Cycle) -> i64 {
    if terms.pays_in_full {
        return previous.closing.0;
    }
    let mut rng = SplitMix64::derive(&[
        bank.spec.seed,
        11,
        account.index as u64,
        previous.month as u64,
    ]);
    let share = rng.range(250, 600);
    let rounded = mul_div_round(previous.closing.0, share, 1000) / 100 * 100;
    rounded.max(previous.minimum_due.0).min(previous.closing.0)
}

/// Every row posted in `month` (from the month's and the previous month's activity).
pub fn posted_in_month(
    bank: &Bank,
    account: &Account,
    terms: &CardTerms,
    month: Month,
    previous: Option<&Cycle>,
) -> Vec<TxRow> {
    let (start, end) = (calendar::first_day(month), calendar::last_day(month));
    let mut rows: Vec<TxRow> = Vec::new();
    for source in [month - 1, month] {
        if source < bank.account_first_month(account) {
            continue;
        }
        rows.extend(
            organic_rows(bank, account, terms, source)
                .into_iter()
                .filter(|r| {
                    matches!(r.role, Role::Posted { .. }) && r.posted >= start && r.posted <= end
                }),
        );
    }
    rows.extend(state_rows(bank, account, terms, month, previous));
    rows
}

pub fn close_cycle(
    bank: &Bank,
    account: &Account,
    terms: &CardTerms,
    month: Month,
    previous: Option<&Cycle>,
) -> Cycle {
    let rows = posted_in_month(bank, account, terms, month, previous);
    let mut cycle = Cycle {
        month,
        opening: previous.map(|p| p.closing).unwrap_or_default(),
        due_day: calendar::last_day(month) + DUE_DAYS_AFTER_CLOSE,
        posted_count: rows.len() as u32,
        ..Cycle::default()
    };
    let mut total = Cents::ZERO;
    for row in &rows {
        total += row.amount;
        match row.kind {
            TxKind::Purchase => cycle.purchases += -row.amount,
            TxKind::Refund => cycle.refunds += row.amount,
            TxKind::Payment => cycle.payments += row.amount,
            TxKind::Fee => cycle.fees += -row.amount,
            TxKind::Interest => cycle.interest += -row.amount,
            _ => {}
        }
        cycle.points_earned += row_points(terms, row).0;
    }
    cycle.closing = cycle.opening - total;
    cycle.minimum_due = if cycle.closing.0 <= 0 {
        Cents::ZERO
    } else {
        let floor = cycle.closing.0 / 100 + cycle.interest.0 + cycle.fees.0;
        Cents(floor.max(3_500).min(cycle.closing.0))
    };
    settle_points(bank, account, terms, previous, &mut cycle);
    cycle
}

/// Expiry first (FIFO by earn month), then redemption from the older points, then this month's
/// earnings and bonuses.
fn settle_points(
    bank: &Bank,
    account: &Account,
    terms: &CardTerms,
    previous: Option<&Cycle>,
    cycle: &mut Cycle,
) {
    let mut buckets = previous.map(|p| p.buckets.clone()).unwrap_or_default();
    if let Some(after) = terms.product.program.expiry.months_after_earning {
        for bucket in buckets
            .iter_mut()
            .filter(|(earned, _)| *earned <= cycle.month - after)
        {
            cycle.points_expired += bucket.1;
            bucket.1 = 0;
        }
    }
    let balance: i64 = buckets.iter().map(|b| b.1).sum();
    let first = bank.account_first_month(account);
    let step = if terms.product.program.unit == "cents" {
        2_500
    } else {
        5_000
    };
    if (cycle.month - first) % 6 == 5 && balance >= step * 4 {
        let mut redeem = balance / 2 / step * step;
        cycle.points_redeemed = redeem;
        for bucket in buckets.iter_mut() {
            let take = bucket.1.min(redeem);
            bucket.1 -= take;
            redeem -= take;
        }
    }
    cycle.points_bonus = bonus_events(bank, account, terms, cycle.month)
        .iter()
        .map(|event| event.points)
        .sum();
    let mut net = cycle.points_earned + cycle.points_bonus;
    if net >= 0 {
        buckets.push((cycle.month, net));
    } else {
        for bucket in buckets.iter_mut().rev() {
            let take = bucket.1.min(-net);
            bucket.1 -= take;
            net += take;
        }
    }
    buckets.retain(|b| b.1 > 0);
    cycle.points_balance = buckets.iter().map(|b| b.1).sum();
    cycle.buckets = buckets;
}

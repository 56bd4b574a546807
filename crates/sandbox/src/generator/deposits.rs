//! Online Savings (ACH deposits and withdrawals, monthly interest) and CDs (opening deposit,
//! monthly compounding interest, payout at maturity).

use super::cards::row_key;
use super::rows::{Role, RowText, TxKind, TxRow};
use super::{Account, Bank, CdTerms, SavingsTerms};
use crate::calendar::{self, Day, Month};
use crate::money::{mul_div_round, Cents};
use crate::prng::SplitMix64;

/// The recurring savings deposit posts on this day of every month.
pub const SAVINGS_DEPOSIT_DAY: i32 = 15;
/// Sequence number of the recurring savings deposit within its month.
pub const RECURRING_DEPOSIT_SEQUENCE: u32 = 1;
/// Days after maturity during which a CD can be withdrawn or changed without penalty.
pub const CD_GRACE_DAYS: i32 = 10;

#[derive(Clone, Debug, Default)]
pub struct SavingsMonth {
    pub rows: Vec<TxRow>,
    pub closing: Cents,
}

fn posted_row(
    key: u64,
    kind: TxKind,
    initiated: Day,
    posted: Day,
    amount: i64,
    text: RowText,
) -> TxRow {
    TxRow {
        key,
        kind,
        role: Role::Posted {
            authorization: None,
        },
        transacted: initiated,
        posted,
        amount: Cents(amount),
        text,
        fx: None,
    }
}

/// Interest for one month: `round_half_up(balance × APY / 12)`.
pub fn monthly_interest(balance: Cents, apy_bps: i64) -> i64 {
    mul_div_round(balance.0.max(0), apy_bps, 120_000)
}

pub fn savings_month(
    bank: &Bank,
    account: &Account,
    terms: &SavingsTerms,
    month: Month,
    opening: Cents,
) -> SavingsMonth {
    let mut rng = SplitMix64::derive(&[bank.spec.seed, 20, account.index as u64, month as u64]);
    let key = |n: u32| row_key(bank.first_month, month, n);
    let counterparty = terms.counterparty;
    let mut rows = Vec::new();
    let mut balance = opening;
    let first_transfer_day = calendar::first_day(month) + 1;
    if calendar::month_of_day(account.open_day) == month
        || (month == bank.first_month && balance.0 == 0)
    {
        let day = account.open_day.max(first_transfer_day);
        let text = RowText::Transfer {
            label: "ACH DEPOSIT FROM",
            counterparty,
        };
        rows.push(posted_row(
            key(0),
            TxKind::TransferIn,
            day - 1,
            day,
            terms.opening_deposit.0,
            text,
        ));
        balance += terms.opening_deposit;
    }
    let deposit_day = calendar::day_in_month(month, SAVINGS_DEPOSIT_DAY);
    if deposit_day > account.open_day {
        let text = RowText::Transfer {
            label: "ACH DEPOSIT FROM",
            counterparty,
        };
        let amount = terms.monthly_deposit.0;
        let sequence = RECURRING_DEPOSIT_SEQUENCE;
        rows.push(posted_row(
            key(sequence),
            TxKind::TransferIn,
            deposit_day - 1,
            deposit_day,
            amount,
            text,
        ));
        balance += terms.monthly_deposit;
    }
    if rng.per_mille(250) {
        let day = first_transfer_day + rng.below(20) as Day;
        let amount = (rng.range(5, 30) * 10_000).min(balance.0 / 2 / 100 * 100);
        if amount > 0 && day > account.open_day {
            let text = RowText::Transfer {
                label: "ACH WITHDRAWAL TO",
                counterparty,
            };
            rows.push(posted_row(
                key(2),
                TxKind::TransferOut,
                day - 1,
                day,
                -amount,
                text,
            ));
            balance += Cents(-amount);
        }
    }
    let interest = monthly_interest(balance, terms.apy_bps);
    if interest > 0 {
        let day = calendar::last_day(month);
        let text = RowText::Label("INTEREST PAYMENT");
        rows.push(posted_row(
            key(3),
            TxKind::InterestCredit,
            day,
            day,
            interest,
            text,
        ));
        balance += Cents(interest);
    }
    SavingsMonth {
        rows,
        closing: balance,
    }
}

/// The whole life of a CD: funding, monthly interest on each monthly anniversary, payout.
pub fn cd_rows(first_month: Month, account: &Account, terms: &CdTerms) -> Vec<TxRow> {
    let mut rows = Vec::new();
    let key = |day: Day, n: u32| row_key(first_month, calendar::month_of_day(day), n);
    let open = account.open_day;
    let counterparty = terms.counterparty;
    let text = RowText::Transfer {
        label: "CD FUNDING FROM",
        counterparty,
    };
    rows.push(posted_row(
        key(open, 0),
        TxKind::TransferIn,
        open,
        open,
        terms.principal.0,
        text,
    ));
    let mut balance = terms.principal;
    for month in 1..=terms.term_months {
        let day = calendar::add_months(open, month);
        let interest = monthly_interest(balance, terms.apy_bps);
        let text = RowText::Label("CD INTEREST");
        rows.push(posted_row(
            key(day, 1),
            TxKind::InterestCredit,
            day,
            day,
            interest,
            text,
        ));
        balance += Cents(interest);
    }
    let day = terms.maturity_day;
    let text = RowText::Transfer {
        label: "CD MATURITY TRANSFER TO",
        counterparty,
    };
    rows.push(posted_row(
        key(day, 2),
        TxKind::TransferOut,
        day,
        day,
        -balance.0,
        text,
    ));
    rows
}

/// Early-withdrawal penalty in days of interest for a CD term.
pub fn early_withdrawal_penalty_days(term_months: i32) -> i32 {
    if term_months <= 12 {
        90
    } else {
        180
    }
}

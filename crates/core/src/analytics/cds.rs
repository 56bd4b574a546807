//! The CD ladder: each CD's principal, APY, term and maturity; interest projected to maturity
//! (monthly compounding, rounded to the cent each month); the grace window after maturity; the
//! early-withdrawal penalty if broken today; the principal-weighted blended APY; the next
//! maturity; cash becoming available in 3, 6 and 12 months; savings APY alongside.
//!
//! Penalty rule (the common US one, stated so the user can check it): 90 days of simple interest
//! on the principal for terms up to 12 months, 180 days beyond.

use chrono::{Duration, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::{add_months, money};
use crate::domain::AccountKind;
use crate::money::{Currency, Money};
use crate::vault::store::reads::{AccountFacts, BalancePoint};

/// Days after maturity during which a CD can be withdrawn or changed without penalty.
pub const GRACE_DAYS: i64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CdLine {
    pub account_id: i64,
    pub name: String,
    pub principal: Money,
    pub apy: String,
    pub term_months: Option<u32>,
    pub opened_on: Option<NaiveDate>,
    pub maturity_on: Option<NaiveDate>,
    pub days_to_maturity: Option<i64>,
    pub interest_to_maturity: Money,
    pub value_at_maturity: Money,
    pub grace_window: Option<(NaiveDate, NaiveDate)>,
    pub early_withdrawal_penalty: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CdLadder {
    pub currency: Currency,
    pub cds: Vec<CdLine>,
    pub total_principal: Money,
    /// Σ(principalᵢ × APYᵢ) ÷ Σ principalᵢ, percent, three decimal places.
    pub blended_apy: Option<String>,
    pub next_maturity: Option<NaiveDate>,
    /// `(months, value at maturity of the CDs maturing by then)` for 3, 6 and 12 months.
    pub available_within: Vec<(u32, Money)>,
    pub savings_apy: Vec<(String, String)>,
}

fn cents(d: Decimal) -> i64 {
    d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(0)
}

/// Whole months from `from` until `to` (0 when `to` is not later).
fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut n = 0;
    while add_months(from, n + 1) <= to {
        n += 1;
    }
    n
}

/// Interest `principal` earns over `months` months at `apy` percent, compounded monthly.
pub fn compound_interest(principal: i64, apy: Decimal, months: i32) -> i64 {
    let mut balance = principal;
    for _ in 0..months {
        balance += cents(Decimal::from(balance) * apy / Decimal::from(1200));
    }
    balance - principal
}

/// The ladder as of `today`.
pub fn cd_ladder(
    accounts: &[AccountFacts],
    points: &[BalancePoint],
    today: NaiveDate,
    currency: Currency,
) -> CdLadder {
    let latest = |id: i64| {
        points
            .iter()
            .filter(|p| p.account_id == id && p.as_of <= today)
            .max_by_key(|p| p.as_of)
    };
    let mut cds = Vec::new();
    let (mut total, mut weighted) = (0i64, Decimal::ZERO);
    for a in accounts
        .iter()
        .filter(|a| a.kind == AccountKind::Cd && a.currency == currency && a.status == "open")
    {
        let principal = latest(a.id).map(|p| p.current_minor).unwrap_or(0);
        let apy = a.apy.unwrap_or_default();
        let months_left = a.maturity_on.map(|m| months_between(today, m)).unwrap_or(0);
        let interest = compound_interest(principal, apy, months_left);
        let penalty_days = if a.term_months.unwrap_or(0) <= 12 {
            90
        } else {
            180
        };
        let penalty = cents(
            Decimal::from(principal) * apy / Decimal::from(100) * Decimal::from(penalty_days)
                / Decimal::from(365),
        );
        total += principal;
        weighted += Decimal::from(principal) * apy;
        cds.push(CdLine {
            account_id: a.id,
            name: a.name.clone(),
            principal: money(principal, currency),
            apy: apy.normalize().to_string(),
            term_months: a.term_months,
            opened_on: a.opened_on,
            maturity_on: a.maturity_on,
            days_to_maturity: a.maturity_on.map(|m| (m - today).num_days()),
            interest_to_maturity: money(interest, currency),
            value_at_maturity: money(principal + interest, currency),
            grace_window: a.maturity_on.map(|m| (m, m + Duration::days(GRACE_DAYS))),
            early_withdrawal_penalty: money(penalty, currency),
        });
    }
    cds.sort_by_key(|c| (c.maturity_on, c.account_id));
    let available_within = [3u32, 6, 12]
        .into_iter()
        .map(|m| {
            let by = add_months(today, m as i32);
            let sum = cds
                .iter()
                .filter(|c| c.maturity_on.is_some_and(|d| d <= by))
                .map(|c| c.value_at_maturity.to_minor().unwrap_or(0))
                .sum();
            (m, money(sum, currency))
        })
        .collect();
    CdLadder {
        currency,
        total_principal: money(total, currency),
        blended_apy: (total > 0).then(|| {
            (weighted / Decimal::from(total))
                .round_dp(3)
                .normalize()
                .to_string()
        }),
        next_maturity: cds
            .iter()
            .filter_map(|c| c.maturity_on)
            .find(|d| *d >= today),
        available_within,
        savings_apy: accounts
            .iter()
            .filter(|a| a.kind == AccountKind::Savings)
            .filter_map(|a| Some((a.name.clone(), a.apy?.normalize().to_string())))
            .collect(),
        cds,
    }
}

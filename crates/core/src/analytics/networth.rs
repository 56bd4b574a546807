//! Balances and net worth month by month from balance snapshots: deposits as assets, cards as
//! liabilities, available credit, and utilization per card and overall.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::{end_of_month, money, month_of, percent};
use crate::domain::AccountKind;
use crate::money::{Currency, Money};
use crate::vault::store::reads::{AccountFacts, BalancePoint};

/// One card at a month's end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardMonth {
    pub account_id: i64,
    pub name: String,
    pub owed: Money,
    pub limit: Option<Money>,
    pub available: Option<Money>,
    /// Owed ÷ limit in percent, one decimal place.
    pub utilization_percent: Option<String>,
}

/// Everything at one month's end (each account's latest snapshot on or before it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetWorthMonth {
    pub month: String,
    pub assets: Money,
    pub liabilities: Money,
    pub net_worth: Money,
    pub credit_limit: Money,
    pub available_credit: Money,
    pub utilization_percent: Option<String>,
    pub cards: Vec<CardMonth>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetWorthReport {
    pub currency: Currency,
    pub months: Vec<NetWorthMonth>,
}

/// Net worth month by month; only accounts in `currency` count.
pub fn net_worth(
    accounts: &[AccountFacts],
    points: &[BalancePoint],
    currency: Currency,
) -> NetWorthReport {
    let by_id: BTreeMap<i64, &AccountFacts> = accounts.iter().map(|a| (a.id, a)).collect();
    let mut series: BTreeMap<i64, Vec<&BalancePoint>> = BTreeMap::new();
    for p in points.iter().filter(|p| p.currency == currency) {
        series.entry(p.account_id).or_default().push(p);
    }
    for s in series.values_mut() {
        s.sort_by_key(|p| p.as_of);
    }
    let month_ends: BTreeSet<NaiveDate> = points.iter().map(|p| end_of_month(p.as_of)).collect();
    let mut months = Vec::new();
    for end in month_ends {
        let (mut assets, mut owed, mut limit_total, mut available_total) = (0i64, 0i64, 0i64, 0i64);
        let mut cards = Vec::new();
        for (id, s) in &series {
            let Some(p) = s.iter().rev().find(|p| p.as_of <= end) else {
                continue;
            };
            let Some(account) = by_id.get(id) else {
                continue;
            };
            if account.kind != AccountKind::CreditCard {
                assets += p.current_minor;
                continue;
            }
            owed += p.current_minor;
            let limit = p.limit_minor.or(account.credit_limit_minor);
            let available = p
                .available_minor
                .or_else(|| limit.map(|l| l - p.current_minor));
            limit_total += limit.unwrap_or(0);
            available_total += available.unwrap_or(0);
            cards.push(CardMonth {
                account_id: *id,
                name: account.name.clone(),
                owed: money(p.current_minor, currency),
                limit: limit.map(|l| money(l, currency)),
                available: available.map(|a| money(a, currency)),
                utilization_percent: limit.and_then(|l| percent(p.current_minor, l)),
            });
        }
        months.push(NetWorthMonth {
            month: month_of(end),
            assets: money(assets, currency),
            liabilities: money(owed, currency),
            net_worth: money(assets - owed, currency),
            credit_limit: money(limit_total, currency),
            available_credit: money(available_total, currency),
            utilization_percent: percent(owed, limit_total),
            cards,
        });
    }
    NetWorthReport { currency, months }
}

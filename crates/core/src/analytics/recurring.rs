//! Recurring payments: the same merchant charging the same amount on a steady cadence (weekly,
//! every two weeks, monthly, quarterly, yearly), with the next expected date.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::merchant::clean_merchant;
use super::{add_months, money};
use crate::money::Money;
use crate::vault::store::reads_ledgers::RepeatedCharge;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurring {
    pub merchant: String,
    pub account_id: i64,
    /// Positive: what each charge costs.
    pub amount: Money,
    pub cadence: &'static str,
    pub occurrences: usize,
    pub last: NaiveDate,
    pub next_expected: NaiveDate,
}

const CADENCES: &[(&str, i64, i64)] = &[
    ("weekly", 6, 8),
    ("biweekly", 13, 16),
    ("monthly", 27, 33),
    ("quarterly", 85, 96),
    ("yearly", 355, 375),
];

/// Charges that recur: at least three, and at least three quarters of the gaps on one cadence.
pub fn recurring_payments(charges: &[RepeatedCharge]) -> Vec<Recurring> {
    let mut found = Vec::new();
    for c in charges {
        let gaps: Vec<i64> = c
            .days
            .windows(2)
            .map(|w| (w[1] - w[0]).num_days())
            .collect();
        if gaps.len() < 2 {
            continue;
        }
        let mut sorted = gaps.clone();
        sorted.sort();
        let median = sorted[sorted.len() / 2];
        let Some(&(cadence, low, high)) = CADENCES
            .iter()
            .find(|(_, l, h)| (*l..=*h).contains(&median))
        else {
            continue;
        };
        let steady = gaps.iter().filter(|g| (low..=high).contains(*g)).count();
        if steady * 4 < gaps.len() * 3 {
            continue;
        }
        let last = *c.days.last().unwrap_or(&NaiveDate::MIN);
        let next_expected = match cadence {
            "monthly" => add_months(last, 1),
            "quarterly" => add_months(last, 3),
            "yearly" => add_months(last, 12),
            _ => last + Duration::days(median),
        };
        found.push(Recurring {
            merchant: clean_merchant(&c.merchant),
            account_id: c.account_id,
            amount: money(-c.amount_minor, c.currency),
            cadence,
            occurrences: c.days.len(),
            last,
            next_expected,
        });
    }
    found.sort_by(|a, b| {
        a.next_expected
            .cmp(&b.next_expected)
            .then(a.merchant.cmp(&b.merchant))
    });
    found
}

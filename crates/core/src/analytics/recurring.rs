//! Recurring payments: the same merchant charging the same amount on a steady cadence (weekly,
//! every two weeks, monthly, quarterly, yearly), with the next expected date.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::merchant::clean_merchant;
use super::{add_months, money};
use crate::money::Money;
use crate::vault::store::reads_ledgers::{epoch_day_date, RepeatedCharge};

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

/// The cadence of ascending `days` and the median gap between them, if they keep one: three or
/// more charges, the median gap within a cadence's band and at least three quarters of the
/// gaps within it. `gaps` is scratch space, reused across calls: the median is selected in
/// place (no sorted copy), and the count of steady gaps does not depend on their order.
pub fn cadence_of(days: &[i32], gaps: &mut Vec<i64>) -> Option<(&'static str, i64)> {
    gaps.clear();
    gaps.extend(days.windows(2).map(|w| i64::from(w[1]) - i64::from(w[0])));
    if gaps.len() < 2 {
        return None;
    }
    let middle = gaps.len() / 2;
    let median = *gaps.select_nth_unstable(middle).1;
    let &(cadence, low, high) = CADENCES
        .iter()
        .find(|(_, l, h)| (*l..=*h).contains(&median))?;
    let steady = gaps.iter().filter(|g| (low..=high).contains(*g)).count();
    if steady * 4 < gaps.len() * 3 {
        return None;
    }
    Some((cadence, median))
}

/// Whether `days` (ascending) keep a cadence: the test [`recurring_payments`] applies, for
/// reading only the groups that pass it ([`crate::vault::Vault::repeated_charges_where`]).
pub fn could_recur() -> impl FnMut(&[i32]) -> bool {
    let mut gaps = Vec::new();
    move |days| cadence_of(days, &mut gaps).is_some()
}

/// Charges that recur: at least three, and at least three quarters of the gaps on one cadence.
pub fn recurring_payments(charges: &[RepeatedCharge]) -> Vec<Recurring> {
    let mut found = Vec::new();
    let mut gaps: Vec<i64> = Vec::new();
    for c in charges {
        let Some((cadence, median)) = cadence_of(&c.days, &mut gaps) else {
            continue;
        };
        let Some(last) = c.days.last().and_then(|d| epoch_day_date(*d)) else {
            continue;
        };
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::recurring_payments;
    use crate::money::Currency;
    use crate::vault::store::reads_ledgers::{epoch_day, RepeatedCharge};

    fn charge(days: &[NaiveDate]) -> RepeatedCharge {
        RepeatedCharge {
            merchant: "NETFLIX.COM".into(),
            amount_minor: -1599,
            currency: Currency::USD,
            account_id: 1,
            days: days.iter().map(|d| epoch_day(*d)).collect(),
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn cadence_from_integer_days_and_dates_only_for_the_reported() {
        // Monthly with one late charge: 3 of 4 gaps on the cadence.
        let monthly = charge(&[d(1, 5), d(2, 5), d(3, 5), d(4, 8), d(5, 5)]);
        let found = recurring_payments(&[monthly]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].merchant, "Netflix");
        assert_eq!(found[0].cadence, "monthly");
        assert_eq!(found[0].occurrences, 5);
        assert_eq!(found[0].last, d(5, 5));
        assert_eq!(found[0].next_expected, d(6, 5));
        // Weekly: the next date is the median gap after the last.
        let weekly = charge(&[d(1, 1), d(1, 8), d(1, 15), d(1, 22)]);
        assert_eq!(recurring_payments(&[weekly])[0].next_expected, d(1, 29));
        // Half the gaps off the cadence: not recurring.
        let ragged = charge(&[d(1, 1), d(2, 1), d(3, 1), d(3, 10), d(3, 20)]);
        assert!(recurring_payments(&[ragged]).is_empty());
    }
}

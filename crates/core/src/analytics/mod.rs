//! Analyses: pure functions (no SQL, no I/O) over the facts `vault::store::reads` returns.
//!
//! Money stays exact: sums are integer minor units, reports carry [`Money`] (decimal strings in
//! JSON). Rates and percentages are `Decimal`. Only the charts convert to `f64`, at the last
//! pixel.

pub mod cds;
pub mod fico;
pub mod merchant;
pub mod networth;
pub mod recurring;
pub mod rewards;
pub mod rules;
pub mod spend;

mod expiry;

pub use expiry::{expiry_date, ExpiryRule};

use chrono::{Datelike, NaiveDate};

use crate::money::{Currency, Money};

/// What can go wrong in an analysis.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error("rule pattern '{pattern}' is not a valid regular expression: {source}")]
    BadRegex {
        pattern: String,
        #[source]
        source: regex::Error,
    },
    #[error("'{0}' is not a rule kind (contains, starts_with, exact or regex)")]
    BadRuleKind(String),
}

/// Money from minor units (never fails: the vault only holds representable amounts).
pub fn money(minor: i64, currency: Currency) -> Money {
    Money::from_minor(minor, currency)
}

/// `part ÷ whole` in percent with one decimal place; none when `whole` is zero.
pub fn percent(part: i64, whole: i64) -> Option<String> {
    (whole != 0).then(|| {
        let d = (rust_decimal::Decimal::from(part) * rust_decimal::Decimal::from(100)
            / rust_decimal::Decimal::from(whole))
        .round_dp(1);
        let mut d = d;
        d.rescale(1);
        d.to_string()
    })
}

/// `YYYY-MM` of a day.
pub fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The day `months` months after `day`, clamped to the month's last day.
pub fn add_months(day: NaiveDate, months: i32) -> NaiveDate {
    let total = day.year() * 12 + day.month0() as i32 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut d = day.day();
    loop {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month0 + 1, d) {
            return date;
        }
        d -= 1;
    }
}

/// The last day of `day`'s month.
pub fn end_of_month(day: NaiveDate) -> NaiveDate {
    add_months(day.with_day(1).unwrap_or(day), 1)
        .pred_opt()
        .unwrap_or(day)
}

//! Reward expiry rules read from the program's own wording, with both clauses kept: "N months
//! after earning" (optionally counted from the end of the month earned) and "N months without
//! activity". Where both apply, the earlier date wins.

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use super::{add_months, end_of_month};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiryRule {
    pub text: String,
    pub months_after_earning: Option<u32>,
    /// Counted from the end of the month the points were earned.
    pub from_month_end: bool,
    pub months_inactive: Option<u32>,
}

fn months(caps: &regex::Captures<'_>) -> Option<u32> {
    let n: u32 = caps.get(1)?.as_str().parse().ok()?;
    Some(if caps.get(2)?.as_str().starts_with("year") {
        n * 12
    } else {
        n
    })
}

impl ExpiryRule {
    /// Reads a program's rule text; `None` when points never expire or the text says nothing
    /// Coffer understands.
    pub fn parse(text: &str) -> Option<ExpiryRule> {
        let lower = text.to_lowercase();
        let inactive =
            Regex::new(r"(\d+)\s*(months?|years?)\s+(?:of\s+)?(?:without|inactivity|no activity)")
                .ok()?
                .captures(&lower)
                .and_then(|c| months(&c));
        let after_re = Regex::new(r"(\d+)\s*(months?|years?)\s+after").ok()?;
        let after = after_re.captures(&lower).and_then(|c| months(&c));
        if inactive.is_none() && after.is_none() {
            return None;
        }
        Some(ExpiryRule {
            text: text.to_string(),
            months_after_earning: after,
            from_month_end: lower.contains("after the month"),
            months_inactive: inactive,
        })
    }
}

/// When points earned on `earned_on` expire, given the account's last activity (earning or
/// redeeming): the earlier of the rule's clauses.
pub fn expiry_date(
    rule: &ExpiryRule,
    earned_on: NaiveDate,
    last_activity: NaiveDate,
) -> Option<NaiveDate> {
    let after = rule.months_after_earning.map(|m| {
        let base = if rule.from_month_end {
            end_of_month(earned_on)
        } else {
            earned_on
        };
        let d = add_months(base, m as i32);
        if rule.from_month_end {
            end_of_month(d)
        } else {
            d
        }
    });
    let inactive = rule
        .months_inactive
        .map(|m| add_months(last_activity, m as i32));
    match (after, inactive) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

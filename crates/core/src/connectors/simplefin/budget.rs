//! The per-connection request budget: requests counted per UTC day in the cursor
//! [`CURSOR_BUDGET`](super::CURSOR_BUDGET); a sync that would exceed it is refused before any
//! request, with the time the budget frees up.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::CURSOR_BUDGET;
use crate::sync::ConnectorState;

#[derive(Debug, Serialize, Deserialize)]
struct Count {
    day: NaiveDate,
    used: u32,
}

/// Where the budget stands, for the UI and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetStatus {
    pub limit: u32,
    pub used: u32,
    pub remaining: u32,
    /// When the next request may be made (`now` while some remain; else next UTC midnight).
    pub next_allowed: DateTime<Utc>,
}

/// The budget of a connection from its saved cursors.
pub fn budget_status(state: &ConnectorState, daily_limit: u32, now: DateTime<Utc>) -> BudgetStatus {
    status_of(
        state.cursors.get(CURSOR_BUDGET).map(String::as_str),
        daily_limit,
        now,
    )
}

pub(super) fn status_of(cursor: Option<&str>, limit: u32, now: DateTime<Utc>) -> BudgetStatus {
    let today = now.date_naive();
    let used = cursor
        .and_then(|c| serde_json::from_str::<Count>(c).ok())
        .filter(|c| c.day == today)
        .map_or(0, |c| c.used);
    let remaining = limit.saturating_sub(used);
    let next_allowed = if remaining > 0 {
        now
    } else {
        today
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(now, |d| d.and_utc())
    };
    BudgetStatus {
        limit,
        used,
        remaining,
        next_allowed,
    }
}

/// The cursor after spending one request today.
pub(super) fn spend(cursor: Option<&str>, limit: u32, now: DateTime<Utc>) -> String {
    let used = status_of(cursor, limit, now).used + 1;
    serde_json::to_string(&Count {
        day: now.date_naive(),
        used,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_utc_day_and_frees_at_midnight() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z")
            .unwrap()
            .to_utc();
        let mut cursor = None;
        for _ in 0..3 {
            cursor = Some(spend(cursor.as_deref(), 3, now));
        }
        let s = status_of(cursor.as_deref(), 3, now);
        assert_eq!((s.used, s.remaining), (3, 0));
        assert_eq!(s.next_allowed.to_rfc3339(), "2026-11-24T00:00:00+00:00");
        let tomorrow = now + chrono::Days::new(1);
        assert_eq!(status_of(cursor.as_deref(), 3, tomorrow).remaining, 3);
    }
}

//! SimpleFIN Bridge (protocol 1.x/2.x): a setup token (Base64 of a claim URL) is claimed once
//! for an Access URL with Basic credentials, kept only as a secret; `GET {access}/accounts`
//! with `start-date`, `end-date` (exclusive) and `pending=1` gives accounts, balances and
//! transactions; 402/403 and the server's `errors`/`errlist` become messages that say what to
//! do; a per-connection daily request budget is kept in a cursor and never exceeded.
//!
//! Secrets: [`SECRET_ACCESS_URL`]. Cursors: [`CURSOR_SYNC`] (the last day synced, `YYYY-MM-DD`)
//! and [`CURSOR_BUDGET`] (JSON `{"day":"YYYY-MM-DD","used":N}`, UTC days).
//!
//! Pending → posted: SimpleFIN posts a hold under a new id with no link, so postings carry no
//! `authorization_source_id` and the vault settles holds by its matching rule; holds that vanish
//! are left alone here (a vanished hold is usually a posting under a new id, which the rule
//! settles; marking it expired would race the rule).

mod access;
mod budget;
mod connector;
#[doc(hidden)]
pub mod fuzzing;
mod map;
mod wire;

use chrono::{DateTime, Utc};

pub use access::{claim, decode_setup_token, AccessUrl};
pub use budget::{budget_status, BudgetStatus};
pub use connector::SimpleFinConnector;

use crate::connectors::http::{BreakerConfig, RetryPolicy};

/// Secret: the Access URL (`https://user:pass@host/path`).
pub const SECRET_ACCESS_URL: &str = "access_url";
/// Cursor: the last day a sync covered.
pub const CURSOR_SYNC: &str = "simplefin:sync";
/// Cursor: requests made today (UTC) against the budget.
pub const CURSOR_BUDGET: &str = "simplefin:budget";
/// The Bridge's guidance: about 24 requests a day.
pub const DEFAULT_DAILY_BUDGET: u32 = 24;

/// Tuning for one SimpleFIN connection.
#[derive(Debug, Clone)]
pub struct SimpleFinOptions {
    /// Shown in every message.
    pub institution: String,
    pub retry: RetryPolicy,
    pub breaker: BreakerConfig,
    /// How far back the first sync reaches; `None` asks for all history.
    pub history_days: Option<u32>,
    /// Days re-fetched before the last synced day (holds change, late postings arrive).
    pub overlap_days: u32,
    /// Requests allowed per UTC day.
    pub daily_budget: u32,
    /// "Now", for windows and the budget; `None` is the wall clock.
    pub now: Option<DateTime<Utc>>,
}

impl Default for SimpleFinOptions {
    fn default() -> Self {
        SimpleFinOptions {
            institution: "SimpleFIN Bridge".into(),
            retry: RetryPolicy::default(),
            breaker: BreakerConfig::default(),
            history_days: Some(90),
            overlap_days: 10,
            daily_budget: DEFAULT_DAILY_BUDGET,
            now: None,
        }
    }
}

impl SimpleFinOptions {
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}

/// Server text made safe to show: markup and control characters removed, whitespace
/// collapsed, at most 200 characters.
pub fn sanitize_server_text(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            c if c.is_control() || c.is_whitespace() => out.push(' '),
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed = collapsed.replace(['<', '>'], "");
    if collapsed.chars().count() > 200 {
        collapsed.chars().take(199).collect::<String>() + "…"
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_server_text;

    #[test]
    fn strips_markup_controls_and_caps() {
        let s = sanitize_server_text("Bad <script>alert(1)</script>\u{1b}[31mbank\n\t<b>down</b>");
        assert_eq!(s, "Bad alert(1) [31mbank down");
        assert!(sanitize_server_text(&"x".repeat(1000)).chars().count() <= 200);
    }
}

//! The card issuer API ("Barclays US" shape): login with device binding and OTP, token refresh,
//! every data kind, and signed-event verification. Written from `docs/openapi/issuer.yaml`.
//!
//! Streams (cursor names): `transactions:<account id>` (the feed's `next_cursor`),
//! `statements:<account id>` (`<period_end> <statement id>` of the newest statement stored),
//! `rewards:<program id>` (the ledger's `next_cursor`), `events` (the feed's `next_after`).
//! Secrets: `refresh_token` (rotates on every refresh), `device_id`, optionally `access_token`.

mod api;
mod auth;
mod connector;
mod feeds;
#[doc(hidden)]
pub mod fuzzing;
mod listing;
mod map;
mod session;
mod steps;
mod webhook;
mod wire;

pub use auth::{login, login_with, LoginOutcome, OtpChallenge};
pub use connector::IssuerConnector;
pub use map::card_event_source_id;
pub use webhook::{
    verify_signed_event, EventData, EventRejection, SignedEvent, MAX_SKEW_SECS, SIGNATURE_HEADER,
};

use crate::connectors::http::{BreakerConfig, RetryPolicy};

/// Secret: the refresh token (rotated on every refresh; store the newest).
pub const SECRET_REFRESH_TOKEN: &str = "refresh_token";
/// Secret: the device id this link was bound to at login.
pub const SECRET_DEVICE_ID: &str = "device_id";
/// Secret (optional): a still-valid access token, e.g. from the login just made.
pub const SECRET_ACCESS_TOKEN: &str = "access_token";

/// Every scope the API knows.
pub const ALL_SCOPES: [&str; 9] = [
    "accounts.read",
    "cards.read",
    "transactions.read",
    "statements.read",
    "fico.read",
    "rewards.read",
    "deposits.read",
    "transfers.read",
    "card_events.read",
];

/// The institution's name in messages.
pub const DEFAULT_INSTITUTION: &str = "Barclays US";

/// Tuning for one issuer client.
#[derive(Debug, Clone)]
pub struct IssuerOptions {
    /// Shown in every message.
    pub institution: String,
    pub retry: RetryPolicy,
    pub breaker: BreakerConfig,
    /// Rows per page for paged feeds (`limit`); `None` leaves the server's default.
    /// By default the documented maximum, 1,000: a full sync makes fewer requests and commits.
    pub page_limit: Option<u32>,
}

/// The largest page the API documents (`limit` 1..=1000).
pub const MAX_PAGE_LIMIT: u32 = 1000;

impl Default for IssuerOptions {
    fn default() -> Self {
        IssuerOptions {
            institution: DEFAULT_INSTITUTION.into(),
            retry: RetryPolicy::default(),
            breaker: BreakerConfig::default(),
            page_limit: Some(MAX_PAGE_LIMIT),
        }
    }
}

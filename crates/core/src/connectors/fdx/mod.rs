//! FDX v6 core (Financial Data Exchange, the US Section 1033 standard): OAuth 2.0 authorization
//! code with PKCE through the system browser and a loopback redirect (RFC 7636, RFC 8252), quiet
//! refresh with rotating refresh tokens, and the `/accounts`, `/accounts/{id}/transactions` and
//! `/accounts/{id}/statements` resources, mapped to the domain's records.
//!
//! Secrets: [`SECRET_REFRESH_TOKEN`] (rotates; the newest is handed out in a batch of its own),
//! [`SECRET_ACCESS_TOKEN`] (optional, saves a refresh), [`SECRET_TOKEN_URL`] and
//! [`SECRET_CLIENT_ID`] (where and as whom to refresh).
//! Cursors: `fdx:transactions:<accountId>` (JSON: the last date synced and the holds still
//! pending then) and `fdx:statements:<accountId>` (the newest `statementDate` stored).
//! Scopes: the FDX data clusters granted ([`ALL_SCOPES`]); nothing outside them is fetched.

mod api;
mod browser;
mod connector;
#[doc(hidden)]
pub mod fuzzing;
mod listing;
mod loopback;
mod map;
mod oauth;
mod pkce;
mod session;
mod statements;
mod steps;
mod wire;

use std::time::Duration;

pub use browser::{issuer_origin, open_system_browser};
pub use connector::FdxConnector;
pub use oauth::{authorize, FdxConfig, FdxGrant};
pub use pkce::{code_challenge, Pkce};

use crate::connectors::http::{BreakerConfig, RetryPolicy};

/// Secret: the refresh token (rotated on every refresh; store the newest).
pub const SECRET_REFRESH_TOKEN: &str = "refresh_token";
/// Secret (optional): an access token still valid, e.g. from the grant just made.
pub const SECRET_ACCESS_TOKEN: &str = "access_token";
/// Secret: the authorization server's token endpoint (not confidential, kept with the tokens).
pub const SECRET_TOKEN_URL: &str = "token_url";
/// Secret: the OAuth client id (public client).
pub const SECRET_CLIENT_ID: &str = "client_id";

/// Scope: account list and descriptors.
pub const SCOPE_ACCOUNT_BASIC: &str = "ACCOUNT_BASIC";
/// Scope: account details (balances, limits, rates).
pub const SCOPE_ACCOUNT_DETAILED: &str = "ACCOUNT_DETAILED";
/// Scope: transactions.
pub const SCOPE_TRANSACTIONS: &str = "TRANSACTIONS";
/// Scope: statements and their PDFs.
pub const SCOPE_STATEMENTS: &str = "STATEMENTS";
/// The FDX data clusters Coffer asks for.
pub const ALL_SCOPES: [&str; 4] = [
    SCOPE_ACCOUNT_BASIC,
    SCOPE_ACCOUNT_DETAILED,
    SCOPE_TRANSACTIONS,
    SCOPE_STATEMENTS,
];

/// Cursor stream of an account's transactions.
pub fn transactions_stream(account_id: &str) -> String {
    format!("fdx:transactions:{account_id}")
}

/// Cursor stream of an account's statements.
pub fn statements_stream(account_id: &str) -> String {
    format!("fdx:statements:{account_id}")
}

/// Tuning for one FDX client.
#[derive(Debug, Clone)]
pub struct FdxOptions {
    /// Shown in every message.
    pub institution: String,
    pub retry: RetryPolicy,
    pub breaker: BreakerConfig,
    /// Rows per transactions page (`limit`); `None` leaves the server's default.
    /// By default the documented maximum, 1,000: a full sync makes fewer requests and commits.
    pub page_limit: Option<u32>,
    /// Days re-fetched before the last synced date, so changed holds are seen again.
    pub overlap_days: u32,
    /// How long [`authorize`] waits for the browser to come back.
    pub authorize_timeout: Duration,
}

/// The largest page the API documents (`limit` 1..=1000).
pub const MAX_PAGE_LIMIT: u32 = 1000;

impl Default for FdxOptions {
    fn default() -> Self {
        FdxOptions {
            institution: "FDX".into(),
            retry: RetryPolicy::default(),
            breaker: BreakerConfig::default(),
            page_limit: Some(MAX_PAGE_LIMIT),
            overlap_days: 10,
            authorize_timeout: Duration::from_secs(300),
        }
    }
}

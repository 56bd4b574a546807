//! The interface every data source implements: a pull of batches until there are no more.

use std::collections::HashMap;

use zeroize::Zeroizing;

use super::batch::Batch;

/// What a connector starts a sync from: its saved cursors and secrets, and what it may fetch.
pub struct ConnectorState {
    /// Cursors saved by earlier syncs, by stream name.
    pub cursors: HashMap<String, String>,
    /// Secrets saved for this connection (refresh token, device id...), by name.
    pub secrets: HashMap<String, Zeroizing<Vec<u8>>>,
    /// Scopes the user granted; a connector fetches nothing outside them.
    pub scopes: Vec<String>,
}

impl ConnectorState {
    /// A stored secret as text (`None` when missing or not UTF-8); zeroized when dropped.
    pub fn secret_text(&self, name: &str) -> Option<Zeroizing<String>> {
        self.secrets
            .get(name)
            .and_then(|v| std::str::from_utf8(v).ok())
            .map(|s| Zeroizing::new(s.to_string()))
    }
}

/// Why a connector stopped. Messages are for people and never hold a secret.
#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    /// The institution wants the user to sign in again (step-up, revoked refresh token).
    #[error("{institution} asks you to sign in again: {reason}")]
    ReauthRequired { institution: String, reason: String },
    /// The connection lacks a scope for what was asked.
    #[error("{institution} did not grant access to {what}")]
    NotPermitted { institution: String, what: String },
    /// Network trouble or server errors that outlasted the retries.
    #[error("{institution} could not be reached: {detail}")]
    Unreachable { institution: String, detail: String },
    /// The circuit breaker is open after repeated failures.
    #[error("{institution} failed repeatedly; Coffer will try again after {retry_after_secs} s")]
    CircuitOpen {
        institution: String,
        retry_after_secs: u64,
    },
    /// The server asked us to slow down for longer than a sync should wait.
    #[error("{institution} asked Coffer to wait {retry_after_secs} s before syncing again")]
    RateLimited {
        institution: String,
        retry_after_secs: u64,
    },
    /// A response or file that does not follow the protocol; `at` names where.
    #[error("{institution} sent data Coffer cannot read at {at}: {detail}")]
    Malformed {
        institution: String,
        at: String,
        detail: String,
    },
    /// Anything else the server said, sanitized.
    #[error("{institution} refused the request: {detail}")]
    Refused { institution: String, detail: String },
}

impl ConnectorError {
    /// True when only the user can fix it by signing in again.
    pub fn needs_reauth(&self) -> bool {
        matches!(self, ConnectorError::ReauthRequired { .. })
    }
}

/// A source of batches. `next_batch` is called until it returns `Ok(None)`. Batches are
/// committed in order, each with its cursors; consecutive batches of records may be committed
/// together, but one that [stands alone](Batch::stands_alone) — a rotated secret, voided
/// postings, or bookkeeping only — is committed, with everything before it, before the next
/// call, so a connector may rely on such a batch being durable.
#[allow(async_fn_in_trait)]
pub trait Connector {
    async fn next_batch(&mut self) -> Result<Option<Batch>, ConnectorError>;
}

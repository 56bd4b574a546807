//! [`HttpError`]: what one call ended with after retries, and its mapping to [`ConnectorError`].

use super::{sanitize_text, DecodeError};
use crate::sync::ConnectorError;

/// What went wrong with one call, after retries. Never holds a token or a whole body.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The server answered with a non-retryable status; `code`/`message` from its error body.
    #[error("{endpoint}: HTTP {status}{}{}", code.as_deref().map(|c| format!(" {c}")).unwrap_or_default(), message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Status {
        endpoint: String,
        status: u16,
        code: Option<String>,
        message: Option<String>,
        /// The error body when it was a small JSON object (not shown in messages).
        body: Option<serde_json::Value>,
    },
    #[error("{endpoint}: {detail}")]
    Unreachable { endpoint: String, detail: String },
    #[error("{endpoint}: asked to wait {retry_after_secs} s")]
    RateLimited {
        endpoint: String,
        retry_after_secs: u64,
    },
    #[error("circuit open for {retry_after_secs} s")]
    CircuitOpen { retry_after_secs: u64 },
    #[error("{endpoint}: {error}")]
    Malformed {
        endpoint: String,
        error: DecodeError,
    },
}

impl HttpError {
    /// The status and error code, when the server answered with an error body.
    pub fn status_code(&self) -> Option<(u16, &str)> {
        match self {
            HttpError::Status { status, code, .. } => {
                Some((*status, code.as_deref().unwrap_or("")))
            }
            _ => None,
        }
    }

    /// The boundary mapping to the connector interface's error.
    pub fn into_connector(self, institution: &str) -> ConnectorError {
        let institution = institution.to_string();
        match self {
            HttpError::Status {
                status: 403,
                code: Some(ref c),
                ref body,
                ..
            } if c == "insufficient_scope" => {
                let what = body
                    .as_ref()
                    .and_then(|b| b.get("required_scope"))
                    .and_then(|s| s.as_str())
                    .map(sanitize_text)
                    .unwrap_or_else(|| "this data".into());
                ConnectorError::NotPermitted { institution, what }
            }
            HttpError::Status {
                status: 401 | 403,
                code: Some(ref c),
                ..
            } if c == "step_up_required" || c == "invalid_grant" => {
                ConnectorError::ReauthRequired {
                    institution,
                    reason: "the session needs a new sign-in with a one-time code".into(),
                }
            }
            e @ HttpError::Status { .. } => ConnectorError::Refused {
                institution,
                detail: e.to_string(),
            },
            e @ HttpError::Unreachable { .. } => ConnectorError::Unreachable {
                institution,
                detail: e.to_string(),
            },
            HttpError::RateLimited {
                retry_after_secs, ..
            } => ConnectorError::RateLimited {
                institution,
                retry_after_secs,
            },
            HttpError::CircuitOpen { retry_after_secs } => ConnectorError::CircuitOpen {
                institution,
                retry_after_secs,
            },
            HttpError::Malformed { endpoint, error } => ConnectorError::Malformed {
                institution,
                at: endpoint,
                detail: error.to_string(),
            },
        }
    }
}

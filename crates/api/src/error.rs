//! The one error type that crosses to the UI: a stable `kind` to branch on and a sentence to show.

use coffer_core::keychain::KeychainError;
use coffer_core::VaultError;
use serde::Serialize;

/// What kind of failure, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    Locked,
    VaultMissing,
    VaultExists,
    WrongKey,
    KeychainUnavailable,
    InvalidInput,
    NotFound,
    Network,
    Conflict,
    /// Refused while a sync runs (a second sync, or a rekey, restore or unlink); try again
    /// when it has finished.
    Busy,
    Internal,
}

/// `{kind, message}`: the message is a full sentence for people and never holds a secret.
#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[ts(export)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
        }
    }

    pub fn locked() -> Self {
        ApiError::new(ErrorKind::Locked, "The vault is locked. Unlock it first.")
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::InvalidInput, message)
    }
}

impl From<VaultError> for ApiError {
    fn from(err: VaultError) -> Self {
        let kind = match &err {
            VaultError::Missing(_) => ErrorKind::VaultMissing,
            VaultError::Exists(_) => ErrorKind::VaultExists,
            VaultError::WrongKey(_) | VaultError::NeedsPassphrase(_) => ErrorKind::WrongKey,
            VaultError::Keychain(KeychainError::Unavailable(_) | KeychainError::Locked(_)) => {
                ErrorKind::KeychainUnavailable
            }
            VaultError::NotEncrypted(_) | VaultError::NotAVault(_) | VaultError::Key(_) => {
                ErrorKind::InvalidInput
            }
            _ => ErrorKind::Internal,
        };
        ApiError::new(kind, sentence(&err))
    }
}

/// The error and its causes as one readable sentence.
fn sentence(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

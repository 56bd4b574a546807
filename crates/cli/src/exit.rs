//! Maps errors to the CLI's documented exit codes.

use coffer_core::key::KeyError;
use coffer_core::keychain::KeychainError;
use coffer_core::VaultError;

pub const KEY_PROBLEM: i32 = 3;
pub const BAD_INPUT: i32 = 4;
pub const REMOTE: i32 = 5;
pub const OTHER: i32 = 1;

/// A network or remote-service problem found by the CLI itself (exit code 5).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RemoteProblem(pub String);

/// A user-input problem found by the CLI itself (exit code 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The exit code for an error, from the first cause in its chain that says what kind it is.
pub fn code_for(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if let Some(vault) = cause.downcast_ref::<VaultError>() {
            if vault.is_key_problem() {
                return KEY_PROBLEM;
            }
            if matches!(
                vault,
                VaultError::NotEncrypted(_)
                    | VaultError::NotAVault(_)
                    | VaultError::Tampered { .. }
            ) {
                return BAD_INPUT;
            }
        }
        if cause.downcast_ref::<KeychainError>().is_some()
            || cause.downcast_ref::<KeyError>().is_some()
        {
            return KEY_PROBLEM;
        }
        if cause.downcast_ref::<BadInput>().is_some() {
            return BAD_INPUT;
        }
        if cause.downcast_ref::<RemoteProblem>().is_some()
            || cause
                .downcast_ref::<coffer_core::sync::ConnectorError>()
                .is_some()
        {
            return REMOTE;
        }
    }
    OTHER
}

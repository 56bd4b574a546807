//! Requests and responses of the app's commands (beyond the core types they reuse).

use coffer_core::KeyMode;
use serde::{Deserialize, Serialize};

/// What the UI needs before the vault is unlocked.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub vault_path: String,
    pub vault_exists: bool,
    pub unlocked: bool,
    /// How the existing vault is protected, when it can be told without unlocking it.
    pub key_mode: Option<KeyMode>,
    pub keychain_available: bool,
    /// The fixed passphrase of the synthetic demo vault, shown on the lock screen; never set for
    /// a real vault.
    pub demo_passphrase: Option<String>,
}

/// Create the vault, protected by the keychain or by a passphrase.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CreateVaultRequest {
    pub key_mode: KeyMode,
    pub passphrase: Option<String>,
}

/// Unlock the vault; `passphrase` is required for passphrase vaults, ignored for keychain ones.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct UnlockRequest {
    pub passphrase: Option<String>,
}

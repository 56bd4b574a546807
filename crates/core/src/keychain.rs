//! The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) holding raw vault keys.
//!
//! Each vault's key is stored under service `coffer` (overridable for tests) and account
//! `vault-<salt>`, where `<salt>` is the hex of the vault file's first 16 bytes — SQLCipher's
//! random per-file salt, readable without the key and stable when the file is moved or copied.
//! When no keychain is reachable this module says so; it never falls back to any other store.

use crate::key::{KeyError, VaultKey};

/// The keychain service name used by the app.
pub const DEFAULT_SERVICE: &str = "coffer";

/// Errors from the OS keychain.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error("no OS keychain is available here ({0}); use a passphrase instead (--passphrase-stdin or --passphrase-file)")]
    Unavailable(String),
    #[error("the OS keychain refused access ({0}); unlock it, or use a passphrase instead")]
    Locked(String),
    #[error("the OS keychain failed: {0}")]
    Failed(String),
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// A handle on one keychain service.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Keychain::new(DEFAULT_SERVICE)
    }
}

impl Keychain {
    pub fn new(service: &str) -> Self {
        Keychain {
            service: service.to_string(),
        }
    }

    /// The keychain the app uses: service `COFFER_KEYCHAIN_SERVICE` if set (tests), else `coffer`.
    pub fn from_env() -> Self {
        match std::env::var("COFFER_KEYCHAIN_SERVICE") {
            Ok(service) if !service.is_empty() => Keychain::new(&service),
            _ => Keychain::default(),
        }
    }

    /// Whether a real, persistent keychain is reachable right now.
    pub fn probe() -> Result<(), KeychainError> {
        keyring::Entry::store_status()
            .as_ref()
            .map(|_| ())
            .map_err(|e| KeychainError::Unavailable(describe(e)))
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, KeychainError> {
        Keychain::probe()?;
        keyring::Entry::new(&self.service, account).map_err(classify)
    }

    /// Stores a vault key; replaces nothing silently — an existing entry is an error.
    pub fn store(&self, account: &str, key: &VaultKey) -> Result<(), KeychainError> {
        let entry = self.entry(account)?;
        match entry.get_secret() {
            Ok(mut existing) => {
                zeroize::Zeroize::zeroize(&mut existing);
                return Err(KeychainError::Failed(format!(
                    "an entry for {account} already exists; refusing to replace a vault key"
                )));
            }
            Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(classify(e)),
        }
        entry.set_secret(key.as_bytes()).map_err(classify)
    }

    /// Loads a vault key; `Ok(None)` when the keychain has no entry for this vault.
    pub fn load(&self, account: &str) -> Result<Option<VaultKey>, KeychainError> {
        let entry = self.entry(account)?;
        match entry.get_secret() {
            Ok(bytes) => Ok(Some(VaultKey::from_stored_bytes(bytes)?)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    /// Removes a vault key; removing a missing entry is not an error.
    pub fn delete(&self, account: &str) -> Result<(), KeychainError> {
        let entry = self.entry(account)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }
}

fn describe(e: &keyring::Error) -> String {
    match e {
        keyring::Error::NoDefaultStore => "no credential store is running".to_string(),
        keyring::Error::PlatformFailure(inner) => format!("platform failure: {inner}"),
        keyring::Error::NoStorageAccess(inner) => format!("no access: {inner}"),
        other => other.to_string(),
    }
}

fn classify(e: keyring::Error) -> KeychainError {
    match &e {
        keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => {
            KeychainError::Unavailable(describe(&e))
        }
        keyring::Error::NoStorageAccess(_) => KeychainError::Locked(describe(&e)),
        _ => KeychainError::Failed(describe(&e)),
    }
}

//! Everything that can go wrong opening, creating, migrating or changing a vault.

use std::path::PathBuf;

use crate::key::KeyError;
use crate::keychain::KeychainError;

/// Errors of the vault. Messages name the file and say what to do; none contains key material.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("no vault at {0}; create one with `coffer init`")]
    Missing(PathBuf),
    #[error("a vault already exists at {0}; nothing was changed")]
    Exists(PathBuf),
    #[error("the passphrase or key does not unlock {0}; the file was not changed")]
    WrongKey(PathBuf),
    #[error("{0} is a plain, unencrypted SQLite file, not a Coffer vault")]
    NotEncrypted(PathBuf),
    #[error("{0} is not a Coffer vault (too short to hold one)")]
    NotAVault(PathBuf),
    #[error("the keychain holds no key for {0}: this vault uses a passphrase (--passphrase-stdin or --passphrase-file)")]
    NeedsPassphrase(PathBuf),
    #[error("{path} failed its integrity check (tampered or damaged): {detail}")]
    Tampered { path: PathBuf, detail: String },
    #[error("{path} has schema version {found}, newer than this Coffer understands ({supported}); update Coffer")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("migrating the vault to schema version {version} failed; the vault was left at the previous version")]
    Migration {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
    /// A migration ran but the check after it found the vault not as it expected.
    #[error("migrating the vault to schema version {version} failed: {detail}; the vault was left at the previous version")]
    MigrationCheck { version: i64, detail: String },
    /// Data a source handed over that cannot be stored as it is (names what and why).
    #[error("cannot store the data: {0}")]
    Data(String),
    /// The source of a batch's transaction chunks stopped before its end; the batch was rolled
    /// back (the source's owner reports why it stopped).
    #[error("the rows being stored stopped coming before their end; nothing was stored")]
    SourceStopped,
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{context}: {path}")]
    Io {
        context: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("vault storage failed while {context}")]
    Sqlite {
        context: &'static str,
        #[source]
        source: rusqlite::Error,
    },
}

impl VaultError {
    pub(crate) fn sqlite(context: &'static str) -> impl FnOnce(rusqlite::Error) -> VaultError {
        move |source| VaultError::Sqlite { context, source }
    }

    pub(crate) fn io<'a>(
        context: &'static str,
        path: &'a std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> VaultError + 'a {
        move |source| VaultError::Io {
            context,
            path: path.to_path_buf(),
            source,
        }
    }

    /// True when the problem is the key, passphrase or keychain (CLI exit code 3).
    pub fn is_key_problem(&self) -> bool {
        matches!(
            self,
            VaultError::WrongKey(_)
                | VaultError::NeedsPassphrase(_)
                | VaultError::Keychain(_)
                | VaultError::Key(_)
        )
    }
}

//! The vault: one SQLCipher 4 file holding everything Coffer knows, and the only code that speaks SQL.
//!
//! Opening applies the key first and proves it with one read before anything else touches the
//! file, so a wrong key leaves the file byte-for-byte unchanged. See ARCHITECTURE.md ("Key
//! lifecycle") for how keys are made, stored, rotated and dropped.

mod categories;
mod connection;
mod error;
mod lifecycle;
pub mod migrations;
mod settings;
mod sibling;
mod status;
pub mod store;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use error::VaultError;
pub use lifecycle::{keychain_account, Unlock};
pub use status::{VaultStatus, DATA_TABLES};

use crate::key::{KeyMaterial, KeyMode};
use crate::keychain::Keychain;

/// An unlocked vault. Dropping it closes the connection; SQLCipher wipes its key from memory and
/// the copy kept here is zeroized.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    /// The key the file is encrypted with now, kept (zeroizing, never leaving the crate) so
    /// [`Vault::open_sibling`] can open a second connection; `rekey` replaces it.
    key: KeyMaterial,
    /// The keychain holding this vault's key, when it is in keychain mode.
    keychain: Option<Keychain>,
}

impl Vault {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key_mode(&self) -> KeyMode {
        self.key.mode()
    }

    pub fn schema_version(&self) -> Result<i64, VaultError> {
        migrations::schema_version(&self.conn)
    }

    /// Appends a line to the audit log. `detail` must never hold a secret.
    pub fn record_audit(
        &self,
        action: &str,
        connection_id: Option<i64>,
        ok: bool,
        detail: &serde_json::Value,
    ) -> Result<(), VaultError> {
        self.conn
            .execute(
                "INSERT INTO audit_log (at, action, connection_id, outcome, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    now_rfc3339(),
                    action,
                    connection_id,
                    if ok { "ok" } else { "failed" },
                    detail.to_string()
                ],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("writing the audit log"))
    }
}

/// The current instant as RFC 3339 UTC with seconds, the vault's timestamp format.
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests;

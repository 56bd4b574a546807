//! The vault's own settings: small non-secret preferences (e.g. the auto-lock delay) kept as
//! text under a key, inside the encrypted file.

use rusqlite::{params, OptionalExtension};

use crate::vault::{Vault, VaultError};

impl Vault {
    /// A setting's text, if it was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, VaultError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(VaultError::sqlite("reading a setting"))
    }

    /// Sets (or replaces) a setting. Never pass a secret: settings are shown in the app.
    pub fn put_setting(&self, key: &str, value: &str) -> Result<(), VaultError> {
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("saving a setting"))
    }
}

#[cfg(test)]
mod tests {
    use crate::vault::Unlock;
    use crate::{Passphrase, Vault};

    #[test]
    fn a_setting_is_kept_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let pass = || Unlock::Passphrase(Passphrase::new("pw".into()).unwrap());
        let vault = Vault::create(&path, pass()).unwrap();
        assert_eq!(vault.setting("auto_lock_minutes").unwrap(), None);
        vault.put_setting("auto_lock_minutes", "5").unwrap();
        vault.put_setting("auto_lock_minutes", "10").unwrap();
        drop(vault);
        let vault = Vault::open(&path, pass()).unwrap();
        assert_eq!(
            vault.setting("auto_lock_minutes").unwrap().as_deref(),
            Some("10")
        );
    }
}

//! A second connection to an unlocked vault, so a long writer (a sync) can run beside the
//! connection that answers the UI. WAL mode lets the two read at once; SQLite's busy timeout
//! queues their writes.

use super::connection::open_keyed;
use super::{Vault, VaultError};

impl Vault {
    /// Opens another connection to this vault's file with the key it is encrypted with now (kept
    /// in memory since unlock or the last rekey; the keychain is not asked again). The sibling is
    /// an ordinary [`Vault`]: dropping it closes its connection and wipes its key. It runs no
    /// migrations (this vault already did) and must not outlive a rekey or restore of the file,
    /// which callers therefore refuse while a sibling is open.
    ///
    /// A passphrase vault pays SQLCipher's KDF again here; a raw (keychain) key costs nothing.
    pub fn open_sibling(&self) -> Result<Vault, VaultError> {
        let key = self.key.duplicate();
        let conn = open_keyed(&self.path, &key, false)?;
        Ok(Vault {
            conn,
            path: self.path.clone(),
            key,
            keychain: self.keychain.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::Passphrase;
    use crate::vault::Unlock;

    fn pass(text: &str) -> Unlock<'static> {
        Unlock::Passphrase(Passphrase::new(text.to_string()).unwrap())
    }

    fn audit_count(vault: &Vault) -> i64 {
        vault
            .conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_sibling_writes_what_the_first_connection_then_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let vault = Vault::create(&path, pass("sibling horse")).unwrap();
        let sibling = vault.open_sibling().unwrap();
        assert_eq!(sibling.path(), vault.path());
        assert_eq!(sibling.key_mode(), vault.key_mode());
        let before = audit_count(&vault);
        sibling
            .record_audit("test.sibling", None, true, &serde_json::json!({}))
            .unwrap();
        assert_eq!(audit_count(&vault), before + 1);

        // The first connection reads while the sibling holds a write transaction open.
        sibling.conn.execute_batch("BEGIN IMMEDIATE;").unwrap();
        sibling
            .record_audit("test.uncommitted", None, true, &serde_json::json!({}))
            .unwrap();
        assert_eq!(audit_count(&vault), before + 1, "reads see the last commit");
        sibling.conn.execute_batch("COMMIT;").unwrap();
        assert_eq!(audit_count(&vault), before + 2);
    }

    #[test]
    fn after_a_rekey_siblings_open_with_the_new_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let mut vault = Vault::create(&path, pass("old horse")).unwrap();
        vault.rekey(pass("new horse")).unwrap();
        let sibling = vault.open_sibling().unwrap();
        assert_eq!(audit_count(&sibling), audit_count(&vault));
        drop(sibling);
        drop(vault);
        assert!(Vault::open(&path, pass("old horse")).is_err());
        assert!(Vault::open(&path, pass("new horse")).is_ok());
    }
}

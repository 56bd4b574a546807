//! Creating, unlocking, re-keying, backing up and restoring a vault file.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::connection::{apply_key, open_keyed};
use super::migrations::{migrate_to, LATEST_VERSION};
use super::{Vault, VaultError};
use crate::key::{KeyError, KeyMaterial, Passphrase, VaultKey};
use crate::keychain::Keychain;

/// How to unlock (or, for `create`/`rekey`/`restore`, how to protect) a vault.
pub enum Unlock<'a> {
    /// The raw key in the OS keychain.
    Keychain(&'a Keychain),
    /// A passphrase typed by the user.
    Passphrase(Passphrase),
}

const SQLITE_PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The keychain account of a vault: `vault-<hex of the file's 16-byte SQLCipher salt>`.
pub fn keychain_account(path: &Path) -> Result<String, VaultError> {
    Ok(format!("vault-{}", hex::encode(read_salt(path)?)))
}

fn pending_account(account: &str) -> String {
    format!("{account}.pending")
}

fn read_salt(path: &Path) -> Result<[u8; 16], VaultError> {
    let mut file = fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => VaultError::Missing(path.to_path_buf()),
        _ => VaultError::Io {
            context: "cannot read the vault file",
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let mut salt = [0u8; 16];
    file.read_exact(&mut salt)
        .map_err(|_| VaultError::NotAVault(path.to_path_buf()))?;
    if &salt == SQLITE_PLAIN_HEADER {
        return Err(VaultError::NotEncrypted(path.to_path_buf()));
    }
    Ok(salt)
}

impl Vault {
    /// Creates a new, empty vault at `path`; fails, changing nothing, if anything exists there.
    pub fn create(path: &Path, protect: Unlock<'_>) -> Result<Vault, VaultError> {
        materialize(path, protect, |temp, material| {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(temp)
                .map_err(VaultError::io("cannot create the vault file", temp))?;
            let mut conn = open_keyed(temp, material, true)?;
            migrate_to(&mut conn, path, LATEST_VERSION)?;
            conn.execute(
                "INSERT INTO audit_log (at, action, outcome, detail)
                 VALUES (?1, 'vault.create', 'ok', ?2)",
                rusqlite::params![
                    super::now_rfc3339(),
                    serde_json::json!({ "key_source": material.mode().as_str() }).to_string()
                ],
            )
            .map_err(VaultError::sqlite("writing the audit log"))?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .map_err(VaultError::sqlite("flushing the new vault"))
        })
    }

    /// Unlocks an existing vault and brings its schema up to date. A wrong key changes nothing.
    pub fn open(path: &Path, unlock: Unlock<'_>) -> Result<Vault, VaultError> {
        let account = keychain_account(path)?;
        let (conn, key, keychain) = match unlock {
            Unlock::Passphrase(passphrase) => {
                let key = KeyMaterial::Passphrase(passphrase);
                (open_keyed(path, &key, false)?, key, None)
            }
            Unlock::Keychain(keychain) => {
                let (conn, key) = open_with_keychain(path, keychain, &account)?;
                (conn, KeyMaterial::Raw(key), Some(keychain.clone()))
            }
        };
        let mut vault = Vault {
            conn,
            path: path.to_path_buf(),
            key,
            keychain,
        };
        migrate_to(&mut vault.conn, path, LATEST_VERSION)?;
        Ok(vault)
    }

    /// Changes how the vault is protected: a new passphrase, or a new random key in the keychain.
    ///
    /// Crash-safe: a new keychain key is first stored under a `.pending` entry; opening a vault
    /// whose main entry no longer fits tries, and then promotes, the pending one.
    pub fn rekey(&mut self, protect: Unlock<'_>) -> Result<(), VaultError> {
        let account = keychain_account(&self.path)?;
        match protect {
            Unlock::Passphrase(passphrase) => {
                let material = KeyMaterial::Passphrase(passphrase);
                self.rekey_in_place(&material)?;
                // The file now opens with the new key only: keep that one for siblings.
                self.key = material;
                if let Some(old) = self.keychain.take() {
                    old.delete(&account)?;
                }
            }
            Unlock::Keychain(keychain) => {
                let pending = pending_account(&account);
                keychain.delete(&pending)?;
                let material = KeyMaterial::Raw(VaultKey::generate()?);
                if let KeyMaterial::Raw(key) = &material {
                    keychain.store(&pending, key)?;
                }
                self.rekey_in_place(&material)?;
                self.key = material;
                if let KeyMaterial::Raw(key) = &self.key {
                    promote(keychain, &account, key)?;
                }
                self.keychain = Some(keychain.clone());
            }
        }
        self.record_audit(
            "vault.rekey",
            None,
            true,
            &serde_json::json!({ "key_source": self.key_mode().as_str() }),
        )
    }

    fn rekey_in_place(&mut self, key: &KeyMaterial) -> Result<(), VaultError> {
        // SQLCipher re-encrypts every page in one go; it refuses to in WAL mode, so leave it
        // briefly. The re-encryption runs in a rollback-journal transaction: all or nothing.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .map_err(VaultError::sqlite("preparing to change the key"))?;
        let outcome = apply_key(&self.conn, "rekey", key);
        self.conn
            .execute_batch("PRAGMA journal_mode = WAL;")
            .map_err(VaultError::sqlite(
                "restoring WAL mode after changing the key",
            ))?;
        outcome
    }

    /// Writes an encrypted, portable copy protected by `passphrase` (a keychain key does not
    /// travel to another machine, so backups always use a passphrase).
    pub fn backup_to(&self, target: &Path, passphrase: &Passphrase) -> Result<(), VaultError> {
        if target.exists() {
            return Err(VaultError::Exists(target.to_path_buf()));
        }
        let material = KeyMaterial::Passphrase(Passphrase::new(passphrase.as_str().to_string())?);
        match self.export_to(target, &material) {
            Err(VaultError::Exists(path)) => return Err(VaultError::Exists(path)),
            Err(e) => {
                remove_with_sidecars(target);
                return Err(e);
            }
            Ok(()) => {}
        }
        restrict_permissions(target);
        self.record_audit(
            "vault.backup",
            None,
            true,
            &serde_json::json!({ "target": target.display().to_string() }),
        )
    }

    /// Copies every table into a new file encrypted with `material` (SQLCipher's `sqlcipher_export`).
    fn export_to(&self, target: &Path, material: &KeyMaterial) -> Result<(), VaultError> {
        // The connection may not create files, and the target must not exist: create it empty.
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => VaultError::Exists(target.to_path_buf()),
                _ => VaultError::Io {
                    context: "cannot create the copy",
                    path: target.to_path_buf(),
                    source: e,
                },
            })?;
        let target_text = target.to_string_lossy().to_string();
        let key_text = material.sqlcipher_text();
        let run = || -> Result<(), rusqlite::Error> {
            self.conn.execute(
                "ATTACH DATABASE ?1 AS export_target KEY ?2",
                rusqlite::params![target_text, key_text.as_str()],
            )?;
            let version = self.schema_version().unwrap_or(0);
            let exported = self
                .conn
                .query_row("SELECT sqlcipher_export('export_target')", [], |_| Ok(()))
                .and_then(|_| {
                    self.conn
                        .pragma_update(Some("export_target"), "user_version", version)
                });
            let detached = self.conn.execute_batch("DETACH DATABASE export_target");
            exported.and(detached)
        };
        run().map_err(VaultError::sqlite("writing the encrypted copy"))
    }

    /// Restores a backup made by [`Vault::backup_to`] into a new vault at `target`, protected as
    /// asked. The backup is checked first; nothing is written if it is damaged.
    pub fn restore(
        backup: &Path,
        backup_passphrase: Passphrase,
        target: &Path,
        protect: Unlock<'_>,
    ) -> Result<Vault, VaultError> {
        let source = Vault::open(backup, Unlock::Passphrase(backup_passphrase))?;
        let integrity = source.integrity_check()?;
        if integrity != "ok" {
            return Err(VaultError::Tampered {
                path: backup.to_path_buf(),
                detail: integrity,
            });
        }
        let vault = materialize(target, protect, |temp, material| {
            source.export_to(temp, material)
        })?;
        vault.record_audit(
            "vault.restore",
            None,
            true,
            &serde_json::json!({ "from": backup.display().to_string() }),
        )?;
        Ok(vault)
    }
}

/// Builds a vault under a temporary name beside `path` with `fill`, stores its keychain entry
/// (if any), and only then links it into place: a failure at any step leaves neither a vault
/// without a key nor a key without a vault, and never replaces an existing file.
fn materialize(
    path: &Path,
    protect: Unlock<'_>,
    fill: impl FnOnce(&Path, &KeyMaterial) -> Result<(), VaultError>,
) -> Result<Vault, VaultError> {
    if path.exists() {
        return Err(VaultError::Exists(path.to_path_buf()));
    }
    let (material, keychain) = match protect {
        Unlock::Keychain(keychain) => {
            Keychain::probe()?;
            (KeyMaterial::Raw(VaultKey::generate()?), Some(keychain))
        }
        Unlock::Passphrase(passphrase) => (KeyMaterial::Passphrase(passphrase), None),
    };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).map_err(VaultError::io("cannot create the vault folder", dir))?;
    let temp = temp_path(path)?;
    let built = fill(&temp, &material).and_then(|_| {
        restrict_permissions(&temp);
        match (keychain, &material) {
            (Some(keychain), KeyMaterial::Raw(key)) => {
                let account = keychain_account(&temp)?;
                keychain.store(&account, key)?;
                Ok(Some((keychain, account)))
            }
            _ => Ok(None),
        }
    });
    let entry = match built {
        Ok(entry) => entry,
        Err(e) => {
            remove_with_sidecars(&temp);
            return Err(e);
        }
    };
    let linked = link_into_place(&temp, path);
    remove_with_sidecars(&temp);
    if let Err(e) = linked {
        if let Some((keychain, account)) = entry {
            let _ = keychain.delete(&account);
        }
        return Err(e);
    }
    let conn = open_keyed(path, &material, false)?;
    Ok(Vault {
        conn,
        path: path.to_path_buf(),
        key: material,
        keychain: entry.map(|(keychain, _)| keychain.clone()),
    })
}

/// Opens with the keychain's key, returning the connection and the key that opened it.
fn open_with_keychain(
    path: &Path,
    keychain: &Keychain,
    account: &str,
) -> Result<(rusqlite::Connection, VaultKey), VaultError> {
    if let Some(key) = keychain.load(account)? {
        match open_keyed(path, &KeyMaterial::Raw(key.duplicate()), false) {
            Err(VaultError::WrongKey(_)) => {}
            Err(other) => return Err(other),
            Ok(conn) => return Ok((conn, key)),
        }
    }
    // The main entry is missing or stale: a rekey may have died after re-encrypting.
    match keychain.load(&pending_account(account))? {
        Some(key) => {
            let conn = open_keyed(path, &KeyMaterial::Raw(key.duplicate()), false)?;
            promote(keychain, account, &key)?;
            Ok((conn, key))
        }
        None => Err(VaultError::NeedsPassphrase(path.to_path_buf())),
    }
}

/// Makes `key` the main entry of `account` and removes the pending one.
fn promote(keychain: &Keychain, account: &str, key: &VaultKey) -> Result<(), VaultError> {
    keychain.delete(account)?;
    keychain.store(account, key)?;
    keychain.delete(&pending_account(account))?;
    Ok(())
}

fn temp_path(path: &Path) -> Result<PathBuf, VaultError> {
    let mut nonce = [0u8; 6];
    getrandom::fill(&mut nonce).map_err(KeyError::Random)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "vault".into());
    Ok(path.with_file_name(format!(".{name}.new-{}", hex::encode(nonce))))
}

/// Moves `temp` to `target` without ever replacing an existing file.
fn link_into_place(temp: &Path, target: &Path) -> Result<(), VaultError> {
    match fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(VaultError::Exists(target.to_path_buf()))
        }
        // Filesystems without hard links: a plain rename after checking the target is free.
        Err(_) if !target.exists() => fs::rename(temp, target).map_err(VaultError::io(
            "cannot move the new vault into place",
            target,
        )),
        Err(_) => Err(VaultError::Exists(target.to_path_buf())),
    }
}

fn remove_with_sidecars(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

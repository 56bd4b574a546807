//! The vault's own care from the app: change the passphrase or move between keychain and
//! passphrase (rekey), write an encrypted backup, and restore one in place of the open vault.
//! Passphrases only travel into Rust; replies carry paths and status, never key material.

use std::path::{Path, PathBuf};

use coffer_core::vault::Unlock;
use coffer_core::{KeyMode, Passphrase, Vault, VaultStatus};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{ApiError, ErrorKind};
use crate::Session;

/// Change how the vault is protected.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RekeyRequest {
    pub key_mode: KeyMode,
    /// The passphrase the vault has now (passphrase vaults only): proves it is the owner asking.
    pub current_passphrase: Option<String>,
    /// The new passphrase, for `key_mode: "passphrase"`.
    pub new_passphrase: Option<String>,
}

/// Write an encrypted backup protected by its own passphrase.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupRequest {
    pub backup_passphrase: String,
    /// Where to write it; the Downloads folder (`coffer-backup-<time>.db`) when absent.
    pub target: Option<String>,
}

/// Write an encrypted backup where the user picks in the desktop's save dialog (no path here).
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ChosenBackupRequest {
    pub backup_passphrase: String,
}

/// Where the backup went.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupResult {
    pub path: String,
}

/// Replace the vault with a backup's contents. The replaced file is kept beside it.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RestoreRequest {
    /// The backup file's path on this computer.
    pub backup_path: String,
    pub backup_passphrase: String,
    /// How to protect the restored vault.
    pub key_mode: KeyMode,
    /// The restored vault's passphrase, for `key_mode: "passphrase"`.
    pub passphrase: Option<String>,
}

/// The restored vault, and where the vault it replaced was kept.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RestoreResult {
    pub status: VaultStatus,
    pub replaced_kept_at: String,
}

fn passphrase(text: &str, what: &str) -> Result<Passphrase, ApiError> {
    if text.is_empty() {
        return Err(ApiError::invalid(format!("Enter the {what}.")));
    }
    Passphrase::new(text.to_string()).map_err(|e| ApiError::invalid(format!("{e}.")))
}

fn stamp() -> String {
    chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string()
}

/// `<folder>/<stem>.<tag>.db` beside `path`.
fn beside(path: &Path, tag: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "vault".into());
    path.with_file_name(format!("{stem}.{tag}.db"))
}

/// A backup's suggested file name: `coffer-backup-<time>.db`.
pub fn backup_file_name() -> String {
    format!("coffer-backup-{}.db", stamp())
}

/// The default backup location: the Downloads folder (else the home folder, else the vault's).
fn default_backup_path(vault_path: &Path) -> PathBuf {
    let folder = dirs::download_dir()
        .or_else(dirs::home_dir)
        .or_else(|| vault_path.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    folder.join(backup_file_name())
}

impl Session {
    fn unlock_for<'a>(
        &'a self,
        mode: KeyMode,
        text: Option<&str>,
        what: &str,
    ) -> Result<Unlock<'a>, ApiError> {
        match mode {
            KeyMode::Keychain => {
                coffer_core::keychain::Keychain::probe()
                    .map_err(|e| ApiError::new(ErrorKind::KeychainUnavailable, format!("{e}.")))?;
                Ok(Unlock::Keychain(&self.keychain))
            }
            KeyMode::Passphrase => Ok(Unlock::Passphrase(passphrase(
                text.unwrap_or_default(),
                what,
            )?)),
        }
    }

    pub fn vault_rekey(&self, request: RekeyRequest) -> Result<VaultStatus, ApiError> {
        let current = Zeroizing::new(request.current_passphrase.unwrap_or_default());
        let new = Zeroizing::new(request.new_passphrase.unwrap_or_default());
        // A rekey re-encrypts the file under the sync's own connection: not while one runs.
        self.with_vault_alone("change the key", |vault| {
            if vault.key_mode() == KeyMode::Passphrase {
                // Opening a second connection with it proves the passphrase; the KDF's cost is
                // the point.
                let proof = Vault::open(
                    vault.path(),
                    Unlock::Passphrase(passphrase(&current, "current passphrase")?),
                );
                match proof {
                    Ok(_) => {}
                    Err(e) if e.is_key_problem() => {
                        return Err(ApiError::new(
                            ErrorKind::WrongKey,
                            "The current passphrase is not right; nothing was changed.",
                        ))
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            let protect = self.unlock_for(request.key_mode, Some(&new), "new passphrase")?;
            vault.rekey(protect)?;
            Ok(vault.brief_status()?)
        })
    }

    pub fn vault_backup(&self, request: BackupRequest) -> Result<BackupResult, ApiError> {
        let text = Zeroizing::new(request.backup_passphrase);
        let backup_passphrase = passphrase(&text, "backup passphrase")?;
        let target = match request.target.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => PathBuf::from(t),
            _ => default_backup_path(&self.vault_path),
        };
        self.write_backup(target, &backup_passphrase)
    }

    /// The desktop's backup: checks the passphrase and that the vault is unlocked, then asks
    /// `choose` where to write (the save dialog). `Ok(None)` when the user cancelled: nothing
    /// is written. `choose` runs with no lock held. The dialog already asked before replacing
    /// a file, so the backup is written beside the chosen path and then moved onto it.
    pub fn vault_backup_to_chosen(
        &self,
        request: ChosenBackupRequest,
        choose: impl FnOnce() -> Result<Option<PathBuf>, ApiError>,
    ) -> Result<Option<BackupResult>, ApiError> {
        let text = Zeroizing::new(request.backup_passphrase);
        let backup_passphrase = passphrase(&text, "backup passphrase")?;
        self.with_vault(|_| Ok(()))?;
        let Some(target) = choose()? else {
            return Ok(None);
        };
        let staged = beside(&target, &format!("partial-{}", stamp()));
        self.write_backup(staged.clone(), &backup_passphrase)?;
        if let Err(e) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_file(&staged);
            return Err(ApiError::invalid(format!(
                "Could not save the backup as {}: {e}.",
                target.display()
            )));
        }
        Ok(Some(BackupResult {
            path: target.display().to_string(),
        }))
    }

    fn write_backup(
        &self,
        target: PathBuf,
        backup_passphrase: &Passphrase,
    ) -> Result<BackupResult, ApiError> {
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| {
                ApiError::invalid(format!("Could not use {}: {e}.", folder.display()))
            })?;
        }
        self.with_vault(|vault| {
            vault.backup_to(&target, backup_passphrase)?;
            Ok(BackupResult {
                path: target.display().to_string(),
            })
        })
    }

    /// Restores into a new file beside the vault, closes the open vault, keeps it under a
    /// `.before-restore-<time>` name, moves the restored file into place and opens it.
    pub fn vault_restore(&self, request: RestoreRequest) -> Result<RestoreResult, ApiError> {
        // Only an unlocked session may replace its vault, and not under a running sync.
        self.with_vault_alone("restore the backup", |_| Ok(()))?;
        let backup = PathBuf::from(request.backup_path.trim());
        if !backup.is_file() {
            return Err(ApiError::new(
                ErrorKind::NotFound,
                format!("There is no backup file at {}.", backup.display()),
            ));
        }
        let backup_text = Zeroizing::new(request.backup_passphrase);
        let vault_text = Zeroizing::new(request.passphrase.unwrap_or_default());
        let staged = beside(&self.vault_path, &format!("restoring-{}", stamp()));
        let restored = Vault::restore(
            &backup,
            passphrase(&backup_text, "backup passphrase")?,
            &staged,
            self.unlock_for(request.key_mode, Some(&vault_text), "vault passphrase")?,
        )
        .map_err(|e| {
            if e.is_key_problem() {
                ApiError::new(
                    ErrorKind::WrongKey,
                    "The backup passphrase is not right, or the file is not a Coffer backup; nothing was changed.",
                )
            } else {
                e.into()
            }
        })?;
        drop(restored);
        let kept = beside(&self.vault_path, &format!("before-restore-{}", stamp()));
        let mut state = self.lock_state();
        if let Err(busy) = state.ensure_no_sync("restore the backup") {
            // A sync started while the backup was being checked.
            let _ = std::fs::remove_file(&staged);
            return Err(busy);
        }
        state.vault = None; // closes the old vault (SQLCipher wipes its key)
        let swap = std::fs::rename(&self.vault_path, &kept)
            .and_then(|_| std::fs::rename(&staged, &self.vault_path));
        if let Err(e) = swap {
            let _ = std::fs::rename(&kept, &self.vault_path);
            return Err(ApiError::new(
                ErrorKind::Internal,
                format!("Could not move the restored vault into place: {e}. Your vault is unchanged; the restored copy is at {}.", staged.display()),
            ));
        }
        let unlock = self.unlock_for(request.key_mode, Some(&vault_text), "vault passphrase")?;
        let vault = Vault::open(&self.vault_path, unlock)?;
        let status = vault.status()?;
        self.adopt_idle_setting(&vault);
        state.vault = Some(vault);
        Ok(RestoreResult {
            status,
            replaced_kept_at: kept.display().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_beside_the_vault_keep_its_folder_and_stem() {
        assert_eq!(
            beside(Path::new("/d/vault.db"), "before-restore-1"),
            PathBuf::from("/d/vault.before-restore-1.db")
        );
    }
}

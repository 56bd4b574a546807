//! The desktop's backup to a file chosen in the save dialog (`Session::vault_backup_to_chosen`):
//! the passphrase and the lock are checked before the dialog opens, a cancel writes nothing, and
//! a chosen file the dialog agreed to replace is replaced by a backup that restores.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use coffer_api::admin::{ChosenBackupRequest, RestoreRequest};
use coffer_api::types::CreateVaultRequest;
use coffer_api::{ErrorKind, Session};
use coffer_core::keychain::Keychain;
use coffer_core::KeyMode;

fn request() -> ChosenBackupRequest {
    ChosenBackupRequest {
        backup_passphrase: "backup words".into(),
    }
}

fn session(dir: &tempfile::TempDir) -> Session {
    let session = Session::new(dir.path().join("v.db"), Keychain::new("coffer-api-chosen"));
    session
        .vault_create(CreateVaultRequest {
            key_mode: KeyMode::Passphrase,
            passphrase: Some("chosen passphrase".into()),
        })
        .unwrap();
    session
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn checks_before_the_dialog_and_a_cancel_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(&dir);
    let asked = Cell::new(0);
    let cancel = || {
        asked.set(asked.get() + 1);
        Ok(None)
    };
    let empty = s
        .vault_backup_to_chosen(
            ChosenBackupRequest {
                backup_passphrase: String::new(),
            },
            cancel,
        )
        .unwrap_err();
    assert_eq!(empty.kind, ErrorKind::InvalidInput);
    assert_eq!(asked.get(), 0, "no dialog for a missing passphrase");

    let before = files_in(dir.path());
    assert!(s
        .vault_backup_to_chosen(request(), cancel)
        .unwrap()
        .is_none());
    assert_eq!(asked.get(), 1);
    assert_eq!(files_in(dir.path()), before, "a cancel writes nothing");

    s.vault_lock();
    let locked = s.vault_backup_to_chosen(request(), cancel).unwrap_err();
    assert_eq!(locked.kind, ErrorKind::Locked);
    assert_eq!(asked.get(), 1, "no dialog while the vault is locked");
}

#[test]
fn the_chosen_file_is_replaced_by_a_backup_that_restores() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(&dir);
    let folder = dir.path().join("chosen");
    std::fs::create_dir(&folder).unwrap();
    let chosen: PathBuf = folder.join("mine.db");
    std::fs::write(&chosen, b"an older file the dialog agreed to replace").unwrap();
    let saved = s
        .vault_backup_to_chosen(request(), || Ok(Some(chosen.clone())))
        .unwrap()
        .expect("saved");
    assert_eq!(saved.path, chosen.display().to_string());
    assert_eq!(files_in(&folder), ["mine.db"], "no partial file left");
    let restored = s
        .vault_restore(RestoreRequest {
            backup_path: saved.path,
            backup_passphrase: "backup words".into(),
            key_mode: KeyMode::Passphrase,
            passphrase: Some("restored passphrase".into()),
        })
        .unwrap();
    assert_eq!(restored.status.integrity.as_deref(), Some("ok"));
}

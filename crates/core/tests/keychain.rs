//! The keychain path against a real Secret Service (gnome-keyring in a private D-Bus session
//! under `make test`). With `COFFER_REQUIRE_KEYCHAIN=1` a missing keychain fails the tests;
//! without it (a plain `cargo test` on a desktop-less machine) they report themselves skipped.

use coffer_core::keychain::Keychain;
use coffer_core::vault::{keychain_account, Unlock};
use coffer_core::{KeyMode, Passphrase, Vault, VaultError};

/// A keychain service unique to this test, so runs never see each other's entries.
fn test_keychain(name: &str) -> Option<Keychain> {
    if let Err(e) = Keychain::probe() {
        if std::env::var("COFFER_REQUIRE_KEYCHAIN").as_deref() == Ok("1") {
            panic!("COFFER_REQUIRE_KEYCHAIN=1 but no keychain is reachable: {e}");
        }
        eprintln!("skipped: no keychain here ({e})");
        return None;
    }
    Some(Keychain::new(&format!(
        "coffer-test-{name}-{}",
        std::process::id()
    )))
}

fn raw_entry(keychain_service: &str, account: &str) -> keyring::Entry {
    keyring::Entry::new(keychain_service, account).unwrap()
}

#[test]
fn keychain_vault_creates_and_unlocks_without_a_passphrase() {
    let Some(keychain) = test_keychain("create") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.db");
    let vault = Vault::create(&path, Unlock::Keychain(&keychain)).unwrap();
    assert_eq!(vault.key_mode(), KeyMode::Keychain);
    drop(vault);

    let started = std::time::Instant::now();
    let vault = Vault::open(&path, Unlock::Keychain(&keychain)).unwrap();
    eprintln!("keychain unlock took {:?}", started.elapsed());
    let status = vault.status().unwrap();
    assert_eq!(status.key_source, KeyMode::Keychain);
    assert_eq!(status.integrity.as_deref(), Some("ok"));

    // The entry is a 32-byte raw key under vault-<salt>; a passphrase cannot open the file.
    let account = keychain_account(&path).unwrap();
    let service = format!("coffer-test-create-{}", std::process::id());
    assert_eq!(
        raw_entry(&service, &account).get_secret().unwrap().len(),
        32
    );
    drop(vault);
    assert!(matches!(
        Vault::open(
            &path,
            Unlock::Passphrase(Passphrase::new("guess".into()).unwrap())
        ),
        Err(VaultError::WrongKey(_))
    ));
    keychain.delete(&account).unwrap();
}

#[test]
fn a_vault_without_a_keychain_entry_asks_for_its_passphrase() {
    let Some(keychain) = test_keychain("missing") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.db");
    Vault::create(
        &path,
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    let err = Vault::open(&path, Unlock::Keychain(&keychain))
        .err()
        .unwrap();
    assert!(matches!(err, VaultError::NeedsPassphrase(_)), "{err}");
    assert!(err.to_string().contains("passphrase"));
}

#[test]
fn rekey_moves_between_keychain_and_passphrase() {
    let Some(keychain) = test_keychain("rekey") else {
        return;
    };
    let service = format!("coffer-test-rekey-{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.db");
    let mut vault = Vault::create(
        &path,
        Unlock::Passphrase(Passphrase::new("old".into()).unwrap()),
    )
    .unwrap();
    vault.rekey(Unlock::Keychain(&keychain)).unwrap();
    drop(vault);
    let account = keychain_account(&path).unwrap();
    assert!(raw_entry(&service, &format!("{account}.pending"))
        .get_secret()
        .is_err());

    let mut vault = Vault::open(&path, Unlock::Keychain(&keychain)).unwrap();
    assert_eq!(vault.key_mode(), KeyMode::Keychain);
    vault
        .rekey(Unlock::Passphrase(Passphrase::new("new".into()).unwrap()))
        .unwrap();
    drop(vault);
    assert!(
        raw_entry(&service, &account).get_secret().is_err(),
        "moving to a passphrase erases the keychain entry"
    );
    let vault = Vault::open(
        &path,
        Unlock::Passphrase(Passphrase::new("new".into()).unwrap()),
    )
    .unwrap();
    assert_eq!(vault.status().unwrap().integrity.as_deref(), Some("ok"));
}

#[test]
fn a_rekey_that_died_after_re_encrypting_is_recovered_from_the_pending_entry() {
    let Some(keychain) = test_keychain("pending") else {
        return;
    };
    let service = format!("coffer-test-pending-{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.db");
    drop(Vault::create(&path, Unlock::Keychain(&keychain)).unwrap());
    let account = keychain_account(&path).unwrap();
    // Simulate the crash window: the new key sits only in the pending entry.
    let main = raw_entry(&service, &account);
    let secret = main.get_secret().unwrap();
    main.delete_credential().unwrap();
    raw_entry(&service, &format!("{account}.pending"))
        .set_secret(&secret)
        .unwrap();

    let vault = Vault::open(&path, Unlock::Keychain(&keychain)).unwrap();
    assert_eq!(vault.status().unwrap().integrity.as_deref(), Some("ok"));
    assert_eq!(raw_entry(&service, &account).get_secret().unwrap(), secret);
    assert!(raw_entry(&service, &format!("{account}.pending"))
        .get_secret()
        .is_err());
    keychain.delete(&account).unwrap();
}

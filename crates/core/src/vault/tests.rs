//! Vault behaviour with passphrases: encryption at rest, wrong keys, tampering, rekey, backup,
//! and migrations from every earlier schema version. (Keychain tests need a real Secret Service
//! and live in `crates/core/tests/keychain.rs`.)

use std::fs;
use std::path::Path;

use super::migrations::{migrate_to, LATEST_VERSION};
use super::*;
use crate::key::{KeyMaterial, Passphrase};

fn pass(text: &str) -> Unlock<'static> {
    Unlock::Passphrase(Passphrase::new(text.to_string()).unwrap())
}

fn new_vault(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("vault.db");
    Vault::create(&path, pass("correct horse")).unwrap();
    path
}

#[test]
fn file_is_encrypted_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_vault(dir.path());
    let bytes = fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(!bytes.windows(b"audit_log".len()).any(|w| w == b"audit_log"));
    let vault = Vault::open(&path, pass("correct horse")).unwrap();
    let status = vault.status().unwrap();
    assert_eq!(status.schema_version as i64, LATEST_VERSION);
    assert_eq!(status.integrity.as_deref(), Some("ok"));
    assert_eq!(status.counts["categories"], 21);
    assert_eq!(status.counts["audit_log"], 1);
    assert_eq!(status.key_source, KeyMode::Passphrase);
}

#[test]
fn wrong_passphrase_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_vault(dir.path());
    let before = fs::read(&path).unwrap();
    let listing_before: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let err = Vault::open(&path, pass("wrong horse")).err().unwrap();
    assert!(matches!(err, VaultError::WrongKey(_)), "{err}");
    assert!(err.is_key_problem());
    assert!(err.to_string().contains("does not unlock"));
    assert_eq!(fs::read(&path).unwrap(), before);
    let listing_after: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(listing_before, listing_after, "no -wal/-shm left behind");
}

#[test]
fn create_never_replaces_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.db");
    fs::write(&path, b"precious").unwrap();
    let err = Vault::create(&path, pass("x")).err().unwrap();
    assert!(matches!(err, VaultError::Exists(_)));
    assert_eq!(fs::read(&path).unwrap(), b"precious");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn missing_plain_and_short_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    assert!(matches!(
        Vault::open(&missing, pass("x")),
        Err(VaultError::Missing(_))
    ));
    assert!(!missing.exists(), "opening must not create a file");

    let plain = dir.path().join("plain.db");
    rusqlite::Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t(x);")
        .unwrap();
    assert!(matches!(
        Vault::open(&plain, pass("x")),
        Err(VaultError::NotEncrypted(_))
    ));

    let short = dir.path().join("short.db");
    fs::write(&short, b"tiny").unwrap();
    assert!(matches!(
        Vault::open(&short, pass("x")),
        Err(VaultError::NotAVault(_))
    ));
}

#[test]
fn flipped_byte_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_vault(dir.path());
    let mut bytes = fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() >= 3 * page && bytes.len().is_multiple_of(page));
    let last_page = bytes.len() - page;
    bytes[last_page + 100] ^= 0x01;
    fs::write(&path, &bytes).unwrap();
    match Vault::open(&path, pass("correct horse")) {
        Ok(vault) => {
            let report = vault.integrity_check().unwrap();
            assert_ne!(report, "ok");
        }
        Err(err) => assert!(matches!(err, VaultError::Tampered { .. }), "{err}"),
    }
}

#[test]
fn rekey_switches_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_vault(dir.path());
    let mut vault = Vault::open(&path, pass("correct horse")).unwrap();
    vault.rekey(pass("battery staple")).unwrap();
    drop(vault);
    assert!(matches!(
        Vault::open(&path, pass("correct horse")),
        Err(VaultError::WrongKey(_))
    ));
    let vault = Vault::open(&path, pass("battery staple")).unwrap();
    assert_eq!(vault.integrity_check().unwrap(), "ok");
    assert_eq!(vault.status().unwrap().counts["audit_log"], 2);
}

#[test]
fn backup_restores_elsewhere_with_new_protection() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_vault(dir.path());
    let vault = Vault::open(&path, pass("correct horse")).unwrap();
    let backup = dir.path().join("backup.coffer");
    vault
        .backup_to(&backup, &Passphrase::new("backup pw".into()).unwrap())
        .unwrap();
    assert!(vault
        .backup_to(&backup, &Passphrase::new("x".into()).unwrap())
        .is_err());
    assert_ne!(&fs::read(&backup).unwrap()[..16], b"SQLite format 3\0");
    let target = dir.path().join("restored.db");
    let restored = Vault::restore(
        &backup,
        Passphrase::new("backup pw".into()).unwrap(),
        &target,
        pass("new pw"),
    )
    .unwrap();
    let status = restored.status().unwrap();
    assert_eq!(status.integrity.as_deref(), Some("ok"));
    assert_eq!(status.schema_version as i64, LATEST_VERSION);
    assert_eq!(status.counts["categories"], 21);
    drop(restored);
    assert!(Vault::open(&target, pass("new pw")).is_ok());
    assert!(matches!(
        Vault::open(&target, pass("backup pw")),
        Err(VaultError::WrongKey(_))
    ));
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_vault(dir.path());
    {
        let vault = Vault::open(&path, pass("correct horse")).unwrap();
        vault
            .conn
            .pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }
    let err = Vault::open(&path, pass("correct horse")).err().unwrap();
    assert!(matches!(err, VaultError::NewerSchema { .. }), "{err}");
}

/// Representative rows as each schema version stored them; the migration test writes these
/// into a vault at that version, migrates it, and checks they survive.
fn fixture_for_version(version: i64) -> &'static str {
    match version {
        0 => "",
        1 => "INSERT INTO connections (id, kind, institution, display_name, created_at)
                VALUES (1, 'issuer', 'Barclays US', 'Barclays', '2026-01-01T00:00:00Z');
              INSERT INTO accounts (id, connection_id, source_id, kind, name, currency, created_at, updated_at)
                VALUES (1, 1, 'cc_4147', 'credit_card', 'Aviator Red', 'USD', '2026-01-01', '2026-01-01');
              INSERT INTO transactions (account_id, source_id, status, posted_on, amount_minor, currency,
                description, created_at, updated_at)
                VALUES (1, 'tx1', 'posted', '2026-03-04', -31840, 'USD', 'AMERICAN AIRLINES', 'x', 'x');
              INSERT INTO reward_programs (id, connection_id, source_id, name, unit)
                VALUES (1, 1, 'aa', 'AAdvantage', 'miles');
              INSERT INTO reward_events (program_id, account_id, source_id, occurred_on, kind, points,
                transaction_source_id, earn_rate)
                VALUES (1, 1, 're1', '2026-03-04', 'accrual', 600, 'tx1', '2'),
                       (1, 1, 're2', '2026-03-05', 'redemption', -100, NULL, NULL);",
        // From v2 on, the storage code keeps the search index: a v2 vault has its rows indexed.
        2 => "INSERT INTO transactions_fts (rowid, description, merchant, memo)
                SELECT id, description, merchant, memo FROM transactions;",
        _ => "",
    }
}

#[test]
fn migrates_from_every_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = new_vault(dir.path());
    let fresh_schema = schema_of(
        &Vault::open(&fresh_path, pass("correct horse"))
            .unwrap()
            .conn,
    );
    for start in 0..LATEST_VERSION {
        let path = dir.path().join(format!("v{start}.db"));
        fs::write(&path, b"").unwrap();
        let key = KeyMaterial::Passphrase(Passphrase::new("pw".into()).unwrap());
        {
            let mut conn = super::connection::open_keyed(&path, &key, true).unwrap();
            migrate_to(&mut conn, &path, start).unwrap();
            for v in 1..=start {
                conn.execute_batch(fixture_for_version(v)).unwrap();
            }
        }
        let vault = Vault::open(&path, pass("pw")).unwrap();
        assert_eq!(
            vault.schema_version().unwrap(),
            LATEST_VERSION,
            "from v{start}"
        );
        assert_eq!(
            schema_of(&vault.conn),
            fresh_schema,
            "schema after migrating from v{start}"
        );
        assert_eq!(vault.integrity_check().unwrap(), "ok");
        if start >= 1 {
            let amount: i64 = vault
                .conn
                .query_row(
                    "SELECT amount_minor FROM transactions WHERE source_id = 'tx1'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(amount, -31840, "data kept when migrating from v{start}");
            let hits: i64 = vault
                .conn
                .query_row(
                    "SELECT count(*) FROM transactions_fts WHERE transactions_fts MATCH 'american'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(hits, 1, "search index covers rows from v{start}");
            // v10: the stored accrual is judged (318.40 × 2 = 636, reported 600) and summed.
            let summed: (i64, i64, i64) = vault
                .conn
                .query_row(
                    "SELECT sum(gained), sum(lost), sum(checked) FROM reward_summary",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            assert_eq!(summed, (600, -100, 1), "reward sums from v{start}");
            let found = vault
                .reward_discrepancy_facts(&crate::vault::store::reads::RowFilter::default())
                .unwrap();
            assert_eq!(
                found
                    .iter()
                    .map(|d| (d.expected, d.reported))
                    .collect::<Vec<_>>(),
                [(636, 600)],
                "verdicts from v{start}"
            );
        }
    }
}

fn schema_of(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

#[test]
fn the_transaction_checks_refuse_what_they_did_without_a_temporary_table_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open(&new_vault(dir.path()), pass("correct horse")).unwrap();
    vault.conn.execute_batch(fixture_for_version(1)).unwrap();
    const INSERT: &str = "INSERT INTO transactions (account_id, source_id, status, amount_minor,
            currency, description, category_source, created_at, updated_at)
        VALUES (1, ?1, ?2, -100, 'USD', 'X', ?3, 'x', 'x')";
    let insert = |n: usize, status: &str, source: Option<&str>| {
        vault.conn.execute(
            INSERT,
            rusqlite::params![format!("new-{n}"), status, source],
        )
    };
    let statuses = ["pending", "posted", "superseded", "expired", "voided"];
    let sources = [
        None,
        Some("source"),
        Some("mcc"),
        Some("rule"),
        Some("manual"),
    ];
    for (n, (status, source)) in statuses.iter().zip(sources).enumerate() {
        insert(n, status, source).unwrap();
    }
    for (n, (status, source)) in [("settled", None), ("posted", Some("guess")), ("", None)]
        .into_iter()
        .enumerate()
    {
        let refused = insert(100 + n, status, source).unwrap_err().to_string();
        assert!(
            refused.contains("CHECK constraint failed"),
            "{status:?}/{source:?}: {refused}"
        );
    }
    // SQLite builds a temporary b-tree for `IN (a, b, c, ...)` on every execution; the
    // schema's checks on this table are written so that it never has to.
    let opcodes: Vec<String> = vault
        .conn
        .prepare(&format!("EXPLAIN {INSERT}"))
        .unwrap()
        .query_map(rusqlite::params!["x", "posted", "mcc"], |r| {
            r.get::<_, String>(1)
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(opcodes.iter().any(|op| op == "Insert"), "{opcodes:?}");
    assert!(
        !opcodes.iter().any(|op| op == "OpenEphemeral"),
        "{opcodes:?}"
    );
}

#[test]
fn a_definition_the_v6_edit_does_not_recognise_stops_the_migration_at_v5() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.db");
    fs::write(&path, b"").unwrap();
    let key = KeyMaterial::Passphrase(Passphrase::new("pw".into()).unwrap());
    let mut conn = super::connection::open_keyed(&path, &key, true).unwrap();
    migrate_to(&mut conn, &path, 5).unwrap();
    // A definition written differently (two spaces) than the text v6 replaces.
    conn.execute_batch(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = replace(sql, 'status IN (', 'status  IN (')
         WHERE type = 'table' AND name = 'transactions';
         PRAGMA writable_schema = RESET;",
    )
    .unwrap();
    let odd: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'transactions'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let refused = migrate_to(&mut conn, &path, LATEST_VERSION).unwrap_err();
    assert!(
        matches!(refused, VaultError::MigrationCheck { version: 6, .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("left at the previous version"));
    assert_eq!(super::migrations::schema_version(&conn).unwrap(), 5);
    let after: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'transactions'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, odd, "the definition is as it was");
}

//! The journal of a bulk batch: the rollback journal when the batch's connection is the vault's
//! only one, WAL beside any other, and WAL again afterwards whether the batch committed or not.

use std::cell::RefCell;

use super::apply::{BatchConnection, BULK_ROWS};
use super::tests_bulk::{batch, row, setup};
use super::*;
use crate::domain::TransactionStatus;
use crate::vault::{Vault, VaultError};

fn rows(n: usize) -> Vec<crate::domain::TransactionRecord> {
    (0..n)
        .map(|i| {
            let cents = -((i % 3_000) as i64) - 1;
            row(
                &format!("j{i}"),
                TransactionStatus::Posted,
                cents,
                (i % 400) as u32,
                "TEA",
            )
        })
        .collect()
}

fn journal_mode(conn: &rusqlite::Connection) -> String {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

fn stored(v: &Vault) -> i64 {
    v.conn
        .query_row("SELECT count(*) FROM transactions", [], |r| r.get(0))
        .unwrap()
}

/// Applies `n` new rows through the batch path; returns the journal mode seen inside the
/// batch's transaction and the outcome.
fn apply_seeing_mode(
    v: &mut Vault,
    connection: i64,
    n: usize,
    commit: bool,
    fail: bool,
) -> (String, Result<ApplyReport, VaultError>) {
    let seen = RefCell::new(String::new());
    let outcome = v.run_batch(
        BatchConnection::Id(connection),
        &batch(rows(n)),
        None,
        Some(&DEFAULT_MATCH_RULE),
        commit,
        |tx| {
            *seen.borrow_mut() = journal_mode(tx);
            if fail {
                return Err(VaultError::Data("a failure inside the batch".into()));
            }
            Ok(())
        },
    );
    (seen.into_inner(), outcome.map(|(_, report)| report))
}

#[test]
fn a_bulk_batch_alone_on_the_vault_writes_through_the_rollback_journal_then_wal_again() {
    let (dir, mut v, c) = setup();
    let (mode, outcome) = apply_seeing_mode(&mut v, c, BULK_ROWS, true, false);
    assert_eq!(mode, "delete");
    assert_eq!(outcome.unwrap().added, BULK_ROWS as u64 + 1);
    assert_eq!(journal_mode(&v.conn), "wal");
    assert!(!dir.path().join("v.db-journal").exists());
    assert_eq!(stored(&v), BULK_ROWS as i64);
    assert_eq!(v.integrity_check().unwrap(), "ok");
    // A small batch never switches.
    let (mode, outcome) = apply_seeing_mode(&mut v, c, 10, true, false);
    assert_eq!(mode, "wal");
    assert_eq!(outcome.unwrap().unchanged, 11);
    // What the batch wrote is there for a connection opened afterwards, which reads in WAL.
    let other = v.open_sibling().unwrap();
    assert_eq!(stored(&other), BULK_ROWS as i64);
    assert_eq!(journal_mode(&other.conn), "wal");
}

#[test]
fn beside_another_connection_a_bulk_batch_stays_in_wal_and_that_connection_reads_on() {
    let (_dir, mut v, c) = setup();
    let reader = v.open_sibling().unwrap();
    // The reader holds a read transaction open across the whole batch.
    reader.conn.execute_batch("BEGIN").unwrap();
    assert_eq!(stored(&reader), 0);
    let (mode, outcome) = apply_seeing_mode(&mut v, c, BULK_ROWS, true, false);
    assert_eq!(mode, "wal");
    assert_eq!(outcome.unwrap().added, BULK_ROWS as u64 + 1);
    assert_eq!(stored(&reader), 0, "its snapshot is undisturbed");
    reader.conn.execute_batch("COMMIT").unwrap();
    assert_eq!(stored(&reader), BULK_ROWS as i64);
    assert_eq!(journal_mode(&v.conn), "wal");
}

#[test]
fn a_failed_or_dry_bulk_batch_leaves_nothing_and_the_vault_in_wal() {
    let (_dir, mut v, c) = setup();
    let (mode, outcome) = apply_seeing_mode(&mut v, c, BULK_ROWS, true, true);
    assert_eq!(mode, "delete");
    assert!(matches!(outcome, Err(VaultError::Data(_))), "{outcome:?}");
    assert_eq!(stored(&v), 0);
    assert_eq!(journal_mode(&v.conn), "wal");
    assert_eq!(v.integrity_check().unwrap(), "ok");
    // A dry run is rolled back whole and never switches.
    let (mode, outcome) = apply_seeing_mode(&mut v, c, BULK_ROWS, false, false);
    assert_eq!(mode, "wal");
    assert_eq!(outcome.unwrap().added, BULK_ROWS as u64 + 1);
    assert_eq!(stored(&v), 0);
    // And the same batch then commits normally.
    let (_, outcome) = apply_seeing_mode(&mut v, c, BULK_ROWS, true, false);
    assert_eq!(outcome.unwrap().added, BULK_ROWS as u64 + 1);
    assert_eq!(stored(&v), BULK_ROWS as i64);
}

//! The rollback journal for a bulk batch: when this connection is the only one open on the
//! vault, a large batch is written with `journal_mode = DELETE` and the mode goes back to WAL
//! after it, committed or not.
//!
//! In WAL mode every page a batch writes goes to the WAL and is then copied into the file again
//! by the checkpoint at commit: a 1,000,000-row import wrote its ~330 MB twice, each with an
//! `fsync`. With the rollback journal a new page is written once, to the file; the journal holds
//! only the previous contents of pages that existed (little, for a batch that mostly appends).
//! Crash safety is SQLite's either way (`synchronous = FULL`): a hot journal is rolled back by
//! the next open, which sets WAL again.
//!
//! The switch is only tried when no other connection is open. Leaving WAL needs an exclusive
//! lock, so with any other connection (the UI's beside a sync, another process) it fails at
//! once (no busy wait) and the batch goes through the WAL as before, so readers are never
//! blocked by a batch they could read beside. A process that opens the vault while a bulk batch
//! runs in the rollback journal waits for it like any writer's, up to the busy timeout.

use rusqlite::{Connection, ErrorCode};

use crate::vault::VaultError;

const SWITCH: &str = "switching the journal mode for a bulk batch";

/// Leaves WAL for the rollback journal if no other connection has the vault open.
/// Returns whether it did; `false` leaves everything as it was.
pub(super) fn leave_wal(conn: &Connection) -> Result<bool, VaultError> {
    conn.busy_timeout(std::time::Duration::ZERO)
        .map_err(VaultError::sqlite(SWITCH))?;
    let mode = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    });
    conn.busy_timeout(crate::vault::connection::BUSY_TIMEOUT)
        .map_err(VaultError::sqlite(SWITCH))?;
    match mode {
        Ok(mode) => Ok(mode.eq_ignore_ascii_case("delete")),
        Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy)) => Ok(false),
        Err(source) => Err(VaultError::Sqlite {
            context: SWITCH,
            source,
        }),
    }
}

/// Goes back to WAL after [`leave_wal`] returned `true`. A connection another process opened
/// meanwhile may hold a lock past the busy timeout: then this connection stays in the rollback
/// journal and the next connection opened sets WAL again. That is no error of the batch, which
/// is already committed (or rolled back) and safe either way: reporting it would tell the user
/// an import failed whose rows are stored.
pub(super) fn back_to_wal(conn: &Connection) -> Result<(), VaultError> {
    match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy)) => Ok(()),
        Err(source) => Err(VaultError::Sqlite {
            context: SWITCH,
            source,
        }),
    }
}

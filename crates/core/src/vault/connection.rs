//! Opening a SQLCipher connection: applying the key, proving it right, then setting pragmas.
//!
//! Pragmas, and why:
//! - `journal_mode=WAL`: readers (the UI) never block the writer (sync), and a crash mid-write
//!   leaves the last committed state intact. (A bulk batch alone on the vault is written through
//!   the rollback journal and WAL set again after it: `store/bulk_journal.rs`.)
//! - `synchronous=FULL`: the write rate is low and a committed sync must survive power loss.
//! - `foreign_keys=ON`: purging a connection cascades; dangling links are impossible.
//! - `busy_timeout=5000`: a second process (CLI beside the app) waits instead of failing.
//! - `temp_store=MEMORY`: temporary b-trees (sorts, FTS merges) never reach disk unencrypted.
//! - `cache_size` of [`READ_CACHE_KIB`]: a report read again finds its pages decrypted.
//!
//! SQLCipher always wipes its key material; `cipher_memory_security` (wiping and locking every
//! allocation) stays at its default, off: it is process-wide, costly, and its `mlock` fails once
//! several vaults are open in one process.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use super::VaultError;
use crate::key::KeyMaterial;

/// Opens an existing file (never creates one) and checks that the key decrypts it.
pub fn open_keyed(path: &Path, key: &KeyMaterial, create: bool) -> Result<Connection, VaultError> {
    ensure_sqlcipher_started()?;
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn =
        Connection::open_with_flags(path, flags).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) => VaultError::Missing(path.to_path_buf()),
            _ => VaultError::Sqlite {
                context: "opening the vault file",
                source: e,
            },
        })?;
    // SQLCipher logs decryption failures to stderr by default; the caller reports them instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
        .map_err(VaultError::sqlite("configuring SQLCipher logging"))?;
    apply_key(&conn, "key", key)?;
    // The first read proves the key: with a wrong key SQLCipher reports "file is not a database"
    // and has written nothing.
    let probe: Result<i64, _> =
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0));
    match probe {
        Ok(_) => {}
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(VaultError::WrongKey(path.to_path_buf()))
        }
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            return Err(VaultError::Tampered {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })
        }
        Err(source) => {
            return Err(VaultError::Sqlite {
                context: "reading the vault with the given key",
                source,
            })
        }
    }
    set_pragmas(&conn)?;
    Ok(conn)
}

/// Whether SQLCipher has finished starting up in this process.
static SQLCIPHER_STARTED: std::sync::Mutex<bool> = std::sync::Mutex::new(false);

/// How often, and how far apart, the start-up probe is tried before giving up. Only code outside
/// this module starting SQLite at the same instant could make a first try fail.
const START_TRIES: u32 = 50;
const START_PAUSE: std::time::Duration = std::time::Duration::from_millis(10);

/// Makes sure SQLCipher has finished starting up before any vault connection is opened.
///
/// SQLite marks itself initialized *before* it runs SQLCipher's start-up hook
/// (`sqlcipher_extra_init`, which sets up the crypto provider). A second thread opening a
/// connection in that window gets a handle whose `PRAGMA key` fails with "PRAGMA key requires a
/// key of one or more characters" (seen intermittently in CI, and reproduced by pausing the first
/// thread inside the hook: see `tests/first_open_race.rs`). So the first open in the process is
/// an in-memory probe, keyed with a throwaway constant (not a secret), made while every other
/// opener waits on this lock; the thread that opens it runs the whole start-up before returning.
fn ensure_sqlcipher_started() -> Result<(), VaultError> {
    let mut started = SQLCIPHER_STARTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if *started {
        return Ok(());
    }
    let mut tries = 0;
    loop {
        tries += 1;
        let probe = Connection::open_in_memory().and_then(|conn| {
            conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA key = 'start-up probe';")
        });
        match probe {
            Ok(()) => break,
            Err(_) if tries < START_TRIES => std::thread::sleep(START_PAUSE),
            Err(source) => {
                return Err(VaultError::Sqlite {
                    context: "starting SQLCipher",
                    source,
                })
            }
        }
    }
    *started = true;
    Ok(())
}

/// Runs `PRAGMA key` or `PRAGMA rekey` with the key literal; the statement text is zeroized.
pub fn apply_key(conn: &Connection, pragma: &str, key: &KeyMaterial) -> Result<(), VaultError> {
    let literal = key.sqlcipher_literal();
    let mut sql = Zeroizing::new(String::with_capacity(literal.len() + 16));
    sql.push_str("PRAGMA ");
    sql.push_str(pragma);
    sql.push_str(" = ");
    sql.push_str(&literal);
    sql.push(';');
    conn.execute_batch(&sql)
        .map_err(VaultError::sqlite("applying the vault key"))
}

/// Each connection's page cache, in KiB. SQLite's default, 2,000 KiB, is smaller than what one
/// report reads from a large vault (the recurring report's index of a 1,000,000-row vault is
/// about 6 MB), so every run read and decrypted (HMAC-SHA512, AES) the same pages again: on that
/// vault the report took 67-75 ms warm with the default and 39-44 ms with 16 MiB, same session.
/// The cache holds only pages read, so a small vault costs no more; a large one at most this.
pub(super) const READ_CACHE_KIB: i64 = 16_384;

/// How long a connection waits for another's lock before it reports the vault busy.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn set_pragmas(conn: &Connection) -> Result<(), VaultError> {
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -{READ_CACHE_KIB};"
    ))
    .map_err(VaultError::sqlite("setting the vault's pragmas"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(VaultError::sqlite("setting the busy timeout"))
}

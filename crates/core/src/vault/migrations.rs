//! Embedded, forward-only schema migrations; `PRAGMA user_version` is the schema version.
//!
//! Each migration runs in its own transaction together with the version bump, so a vault is
//! always at exactly one known version. A vault newer than this build is refused, never touched.

use std::path::Path;

use rusqlite::Connection;

use super::VaultError;

/// The migrations, in order; migration `i` (0-based) takes the schema to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_core.sql"),
    include_str!("migrations/0002_search_and_rules.sql"),
    include_str!("migrations/0003_analytics.sql"),
    include_str!("migrations/0004_spend_summary.sql"),
    include_str!("migrations/0005_page_counts.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn schema_version(conn: &Connection) -> Result<i64, VaultError> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(VaultError::sqlite("reading the schema version"))
}

/// Brings the schema up to `target` (normally [`LATEST_VERSION`]).
pub fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<(), VaultError> {
    let current = schema_version(conn)?;
    if current > LATEST_VERSION {
        return Err(VaultError::NewerSchema {
            path: path.to_path_buf(),
            found: current,
            supported: LATEST_VERSION,
        });
    }
    for version in (current + 1)..=target.min(LATEST_VERSION) {
        let sql = MIGRATIONS[(version - 1) as usize];
        let fail = |source| VaultError::Migration { version, source };
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

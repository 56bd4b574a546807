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
    include_str!("migrations/0006_plain_checks.sql"),
    include_str!("migrations/0007_unused_date_indexes.sql"),
    include_str!("migrations/0008_search_without_sizes.sql"),
    include_str!("migrations/0009_repeated_charges.sql"),
    include_str!("migrations/0010_reward_summary.sql"),
];

/// Versions whose migration edits a definition's text in `sqlite_schema` directly (SQLite's
/// procedure for changes that leave every stored row valid). After such a migration the
/// migrator bumps the schema cookie, so every connection rereads the schema, and checks that
/// the edit took and that the table's rows satisfy its constraints.
const SCHEMA_TEXT_EDITS: &[(i64, &str)] = &[(6, "transactions")];

/// The marker line where a migration (v10) has the accruals already stored judged by Rust
/// (`reward_events.expected_points`), in the same transaction as the rest of it.
const JUDGE_ACCRUALS: &str = "-- @judge-accruals";

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
        // A migration may stop halfway for a step written in Rust, at a marker line.
        match sql.split_once(JUDGE_ACCRUALS) {
            Some((before, after)) => {
                tx.execute_batch(before).map_err(fail)?;
                super::store::reward_checks::judge_waiting_accruals(&tx)?;
                tx.execute_batch(after).map_err(fail)?;
            }
            None => tx.execute_batch(sql).map_err(fail)?,
        }
        if let Some((_, table)) = SCHEMA_TEXT_EDITS.iter().find(|(v, _)| *v == version) {
            after_schema_text_edit(&tx, version, table)?;
        }
        tx.pragma_update(None, "user_version", version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

/// Bumps the schema cookie after a direct edit of `table`'s definition, then checks that the
/// definition holds no `IN (` list any more (the edit matched the text it expected) and that
/// every row passes the table's constraints.
fn after_schema_text_edit(
    tx: &rusqlite::Transaction<'_>,
    version: i64,
    table: &str,
) -> Result<(), VaultError> {
    let fail = |source| VaultError::Migration { version, source };
    let cookie: i64 = tx
        .pragma_query_value(None, "schema_version", |r| r.get(0))
        .map_err(fail)?;
    tx.pragma_update(None, "schema_version", cookie + 1)
        .map_err(fail)?;
    let sql: String = tx
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .map_err(fail)?;
    if sql.contains(" IN (") {
        return Err(VaultError::MigrationCheck {
            version,
            detail: format!("the definition of {table} was not the one this migration rewrites"),
        });
    }
    let check: String = tx
        .query_row(&format!("PRAGMA quick_check({table})"), [], |r| r.get(0))
        .map_err(fail)?;
    if check != "ok" {
        return Err(VaultError::MigrationCheck {
            version,
            detail: format!("{table} failed its check ({check})"),
        });
    }
    Ok(())
}

//! Rebuilding `transactions`' secondary indexes around a bulk insert: a batch that more than
//! doubles the table stores its rows with those indexes dropped and then creates each again in
//! one sorted pass, instead of one b-tree insert per row and index.
//!
//! Partial indexes (`… WHERE …`) stay: most rows are not in them, so keeping them costs a test
//! per row, while creating one again costs a scan of the whole table.
//!
//! Everything happens inside the batch's transaction: a crash or a rollback (dry run) leaves the
//! schema as it was. The `UNIQUE (account_id, source_id)` constraint's own index is not among
//! them (it has no SQL of its own and is what finds existing rows), so identity holds throughout.

use rusqlite::Transaction;

use crate::vault::VaultError;

const SET_ASIDE: &str = "setting the indexes aside for a bulk insert";

/// Batches adding at least this many rows may rebuild instead of maintaining.
pub(super) const MIN_ROWS: usize = 100_000;

/// The indexes dropped for a bulk insert, with the statements that create them again.
pub(super) struct Dropped(Vec<(String, String)>);

/// Whether a batch of `incoming` rows into a table whose rowids reach `max_id` should rebuild.
pub(super) fn worth_it(incoming: usize, max_id: i64) -> bool {
    incoming >= MIN_ROWS && i64::try_from(incoming).is_ok_and(|n| n > max_id)
}

/// Drops every full secondary index of `transactions` (the ones written in the migrations).
pub(super) fn drop_all(tx: &Transaction<'_>) -> Result<Dropped, VaultError> {
    let indexes: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND tbl_name = 'transactions' AND sql IS NOT NULL
                AND sql NOT LIKE '%WHERE%'
             ORDER BY name",
        )
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()
        })
        .map_err(VaultError::sqlite(SET_ASIDE))?;
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
            .map_err(VaultError::sqlite(SET_ASIDE))?;
    }
    Ok(Dropped(indexes))
}

/// Creates the dropped indexes again, each from its original statement.
pub(super) fn recreate(tx: &Transaction<'_>, dropped: Dropped) -> Result<(), VaultError> {
    for (_, sql) in dropped.0 {
        tx.execute_batch(&sql).map_err(VaultError::sqlite(
            "rebuilding an index after a bulk insert",
        ))?;
    }
    Ok(())
}

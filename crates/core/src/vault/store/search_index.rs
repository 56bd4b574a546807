//! Adding a batch's new rows to the full-text search index: one statement per batch, and for a
//! large batch a larger FTS5 write buffer, so the index is written as a few large segments
//! instead of one per megabyte that FTS5 then merges again and again.

use rusqlite::Transaction;

use crate::vault::VaultError;

const FAIL: &str = "indexing new transactions for search";

/// FTS5's own write buffer (its `hashsize` option): pending index data is written out as a new
/// segment each time it passes this many bytes.
const DEFAULT_BUFFER_BYTES: i64 = 1 << 20;

/// The write buffer of a large batch, held only while its rows are indexed. On a
/// 1,000,000-row import it took the indexing step from 1.14 s to 0.87 s (BENCHMARKS.md, seventh
/// round); the memory it may take is small beside the bulk page cache (256 MiB).
const BULK_BUFFER_BYTES: i64 = 64 << 20;

/// Batches adding at least this many rows index with the larger buffer (below it the default
/// writes a handful of segments at most).
pub(super) const BULK_ROWS: usize = 20_000;

/// Indexes every row whose id is above `above` (the rows this batch inserted, `new_rows` of
/// them), inside the batch's transaction.
pub(super) fn index_new_rows(
    tx: &Transaction<'_>,
    above: i64,
    new_rows: usize,
) -> Result<(), VaultError> {
    let bulk = new_rows >= BULK_ROWS;
    if bulk {
        set_buffer(tx, BULK_BUFFER_BYTES)?;
    }
    tx.execute(
        "INSERT INTO transactions_fts (rowid, description, merchant, memo)
         SELECT id, description, merchant, memo FROM transactions WHERE id > ?1",
        [above],
    )
    .map_err(VaultError::sqlite(FAIL))?;
    if bulk {
        // FTS5 writes its buffer out before it takes a new option: the index is whole before
        // the commit, and the vault keeps the default buffer for every later write.
        set_buffer(tx, DEFAULT_BUFFER_BYTES)?;
    }
    Ok(())
}

fn set_buffer(tx: &Transaction<'_>, bytes: i64) -> Result<(), VaultError> {
    tx.execute(
        "INSERT INTO transactions_fts (transactions_fts, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )
    .map(|_| ())
    .map_err(VaultError::sqlite(FAIL))
}

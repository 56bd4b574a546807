//! Which rows of a batch of transactions already exist, found in bulk (one query per chunk of
//! source ids, or one pass over the account for a large batch) instead of one read per row,
//! and whether each existing row already holds exactly what the batch brings.

use std::collections::HashMap;

use rusqlite::types::ValueRef;
use rusqlite::Transaction;

use super::apply_transactions::Incoming;
use crate::vault::VaultError;

const FAIL: &str = "finding transactions already stored";

/// Source ids per probe query; the last chunk is padded by repeating its last id.
const CHUNK: usize = 256;

/// From this many batch rows for one account on, the account's rows are read in one pass
/// rather than probed by id (a re-imported file: the batch is most of the account).
const SCAN_FROM: usize = 20_000;

/// A stored row the batch brings again.
#[derive(Debug, Clone, Copy)]
pub(super) struct Existing {
    pub id: i64,
    /// The stored row equals what the batch brings (after the status rule).
    pub unchanged: bool,
    /// The row already settles a pending (`settles_id` is set).
    pub settles: bool,
}

/// The columns read back, in the order [`matches`] compares them.
const COLUMNS: &str = "source_id, id, settles_id, status, transacted_on, posted_on, amount_minor,
    currency, original_amount_minor, original_currency, fx_rate, description, merchant, mcc, memo,
    statement_source_id, authorization_source_id";

/// Which accounts held rows before the batch began, asked once per account: an account's
/// first chunk is looked at before any of its rows is stored, so the batch's own rows never
/// count.
#[derive(Default)]
pub(super) struct HeldRows(HashMap<i64, bool>);

impl HeldRows {
    pub fn before_batch(&mut self, tx: &Transaction<'_>, account: i64) -> Result<bool, VaultError> {
        if let Some(&held) = self.0.get(&account) {
            return Ok(held);
        }
        let held: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM transactions WHERE account_id = ?1)")
            .and_then(|mut s| s.query_row([account], |r| r.get(0)))
            .map_err(VaultError::sqlite(FAIL))?;
        self.0.insert(account, held);
        Ok(held)
    }
}

/// For each incoming row (same order), what is stored under its identity, if anything.
/// `None` when the rows name one identity twice: the caller then goes row by row.
///
/// Accounts that held no rows before the batch are not looked into (a first import needs
/// nothing): inserting settles them, a repeated identity conflicting with its first occurrence
/// and then updated, in order.
pub(super) fn find(
    tx: &Transaction<'_>,
    incoming: &[Incoming<'_>],
    held: &mut HeldRows,
) -> Result<Option<Vec<Option<Existing>>>, VaultError> {
    let mut by_account: HashMap<i64, HashMap<&str, usize>> = HashMap::new();
    let mut last: Option<(i64, bool)> = None;
    for (i, row) in incoming.iter().enumerate() {
        let looked_into = match last {
            Some((account, held)) if account == row.account => held,
            _ => {
                let looked_into = held.before_batch(tx, row.account)?;
                last = Some((row.account, looked_into));
                looked_into
            }
        };
        if !looked_into {
            continue;
        }
        if by_account
            .entry(row.account)
            .or_default()
            .insert(row.source_id, i)
            .is_some()
        {
            return Ok(None);
        }
    }
    let mut found = vec![None; incoming.len()];
    for (account, ids) in &by_account {
        let mut take = |r: &rusqlite::Row<'_>| -> rusqlite::Result<()> {
            let Some(&i) = r.get_ref(0)?.as_str().ok().and_then(|s| ids.get(s)) else {
                return Ok(());
            };
            found[i] = Some(Existing {
                id: r.get(1)?,
                settles: !matches!(r.get_ref(2)?, ValueRef::Null),
                unchanged: matches(r, &incoming[i])?,
            });
            Ok(())
        };
        if ids.len() >= SCAN_FROM {
            let sql = format!("SELECT {COLUMNS} FROM transactions WHERE account_id = ?1");
            let mut stmt = tx.prepare_cached(&sql).map_err(VaultError::sqlite(FAIL))?;
            let mut rows = stmt.query([account]).map_err(VaultError::sqlite(FAIL))?;
            while let Some(r) = rows.next().map_err(VaultError::sqlite(FAIL))? {
                take(r).map_err(VaultError::sqlite(FAIL))?;
            }
            continue;
        }
        let mut sorted: Vec<&str> = ids.keys().copied().collect();
        sorted.sort_unstable();
        let placeholders = vec!["?"; CHUNK].join(", ");
        let sql = format!(
            "SELECT {COLUMNS} FROM transactions WHERE account_id = ?1 AND source_id IN ({placeholders})"
        );
        let mut stmt = tx.prepare_cached(&sql).map_err(VaultError::sqlite(FAIL))?;
        for chunk in sorted.chunks(CHUNK) {
            stmt.raw_bind_parameter(1, account)
                .map_err(VaultError::sqlite(FAIL))?;
            for slot in 0..CHUNK {
                let id = chunk.get(slot).or(chunk.last()).copied().unwrap_or("");
                stmt.raw_bind_parameter(slot + 2, id)
                    .map_err(VaultError::sqlite(FAIL))?;
            }
            let mut rows = stmt.raw_query();
            while let Some(r) = rows.next().map_err(VaultError::sqlite(FAIL))? {
                take(r).map_err(VaultError::sqlite(FAIL))?;
            }
        }
    }
    Ok(Some(found))
}

/// Whether the stored row (columns as in [`COLUMNS`]) equals the incoming one. A pending that
/// Coffer settled or expired stays so when a source re-sends it as pending.
fn matches(r: &rusqlite::Row<'_>, row: &Incoming<'_>) -> rusqlite::Result<bool> {
    let status = r.get_ref(3)?.as_str().unwrap_or("");
    let status_same = status == row.status
        || (row.status == "pending" && (status == "superseded" || status == "expired"));
    Ok(status_same
        && text(r.get_ref(4)?, row.transacted_on.as_deref())
        && text(r.get_ref(5)?, row.posted_on.as_deref())
        && int(r.get_ref(6)?, Some(row.amount_minor))
        && text(r.get_ref(7)?, Some(row.currency.code()))
        && int(r.get_ref(8)?, row.original_amount_minor)
        && text(
            r.get_ref(9)?,
            row.original_currency.as_ref().map(|c| c.code()),
        )
        && text(r.get_ref(10)?, row.fx_rate.as_deref())
        && text(r.get_ref(11)?, Some(row.description))
        && text(r.get_ref(12)?, row.merchant)
        && text(r.get_ref(13)?, row.mcc.as_deref())
        && text(r.get_ref(14)?, row.memo)
        && text(r.get_ref(15)?, row.statement_source_id)
        && text(r.get_ref(16)?, row.authorization_source_id))
}

fn text(stored: ValueRef<'_>, incoming: Option<&str>) -> bool {
    match (stored, incoming) {
        (ValueRef::Null, None) => true,
        (ValueRef::Text(s), Some(t)) => s == t.as_bytes(),
        _ => false,
    }
}

fn int(stored: ValueRef<'_>, incoming: Option<i64>) -> bool {
    match (stored, incoming) {
        (ValueRef::Null, None) => true,
        (ValueRef::Integer(s), Some(t)) => s == t,
        _ => false,
    }
}

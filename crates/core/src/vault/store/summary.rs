//! The maintained aggregates analytics read (schema v4, `0004_spend_summary.sql`): counted
//! transactions summed by account × month × merchant × MCC × category × currency
//! (`spend_summary`), and posted outflows by account × merchant × exact amount with their days
//! (`charge_summary`).
//!
//! How they stay equal to the rows: rows with an id above `summary_state.through_id` are not yet
//! summed; [`summarize_new_rows`] adds them in one grouped pass (`summary_delta.rs`) and moves the watermark. The
//! write path calls it once per batch, before the commit, so the sums commit with the rows;
//! readers call it too ([`Vault::summaries_current`]), so a writer that forgot never makes a
//! report wrong, only slower once. Changes to and deletions of rows already summed are applied
//! by the schema's triggers as deltas.

use rusqlite::Connection;

use super::summary_delta::RowGroups;
use crate::vault::{Vault, VaultError};

const FAIL: &str = "keeping the analytics sums";

/// Adds every transaction above the watermark to the sums and moves the watermark to the
/// newest id. Run inside the write transaction of a batch (one call per batch).
pub(crate) fn summarize_new_rows(conn: &Connection) -> Result<(), VaultError> {
    summarize(conn, None)
}

/// [`summarize_new_rows`] for a batch that grouped the rows it inserted itself: `groups` are
/// the rows it added above `above`, each as stored and not changed since. They are used when
/// they are exactly the rows above the watermark (the watermark is `above` and the new ids
/// count the grouped rows); otherwise the rows are read back as usual.
pub(crate) fn summarize_grouped_rows(
    conn: &Connection,
    above: i64,
    groups: RowGroups,
) -> Result<(), VaultError> {
    summarize(conn, Some((above, groups)))
}

fn summarize(conn: &Connection, grouped: Option<(i64, RowGroups)>) -> Result<(), VaultError> {
    let through: i64 = conn
        .query_row("SELECT through_id FROM summary_state", [], |r| r.get(0))
        .map_err(VaultError::sqlite(FAIL))?;
    let newest: i64 = conn
        .query_row("SELECT coalesce(max(id), 0) FROM transactions", [], |r| {
            r.get(0)
        })
        .map_err(VaultError::sqlite(FAIL))?;
    if newest <= through {
        return Ok(());
    }
    match grouped {
        Some((above, groups))
            if above == through && u64::try_from(newest - through) == Ok(groups.rows()) =>
        {
            super::summary_delta::add_groups(conn, groups)?;
        }
        _ => super::summary_delta::add_rows_above(conn, through)?,
    }
    conn.prepare_cached("UPDATE summary_state SET through_id = ?1")
        .and_then(|mut s| s.execute([newest]))
        .map_err(VaultError::sqlite(FAIL))?;
    Ok(())
}

/// The spend key and sums of `transactions t` (rows above `?1`), grouped: the from-scratch
/// recount the tests compare the maintained sums with (the write path groups the same rows in
/// memory, `summary_delta.rs`).
const ADD_SPEND: &str = "INSERT INTO spend_summary
    SELECT t.account_id, coalesce(substr(coalesce(t.posted_on, t.transacted_on), 1, 7), ''),
        coalesce(t.merchant, t.description), t.merchant IS NOT NULL, coalesce(t.mcc, ''),
        coalesce(t.category_id, 0), coalesce(t.category_source, ''), t.currency,
        coalesce(t.original_currency, ''),
        sum(min(t.amount_minor, 0)), sum(max(t.amount_minor, 0)), count(*),
        sum(coalesce(t.original_amount_minor, 0)), min(t.description)
    FROM transactions t
    WHERE t.id > ?1 AND t.status IN ('posted', 'pending')
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT DO UPDATE SET outflow_minor = outflow_minor + excluded.outflow_minor,
        inflow_minor = inflow_minor + excluded.inflow_minor,
        row_count = row_count + excluded.row_count,
        original_minor = original_minor + excluded.original_minor,
        description = min(description, excluded.description)";

/// Posted outflows above `?1` with their days (since 1970-01-01), grouped (the recount, as
/// above).
const ADD_CHARGES: &str = "INSERT INTO charge_summary
    SELECT t.account_id, coalesce(t.merchant, t.description), t.amount_minor, t.currency, count(*),
        group_concat(CAST(round(julianday(coalesce(t.posted_on, t.transacted_on)) - 2440587.5)
                          AS INTEGER), ',')
    FROM transactions t
    WHERE t.id > ?1 AND t.status = 'posted' AND t.amount_minor < 0
        AND coalesce(t.posted_on, t.transacted_on) IS NOT NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT DO UPDATE SET row_count = row_count + excluded.row_count,
        days = days || ',' || excluded.days";

impl Vault {
    /// Brings the sums up to the newest row (normally a no-op: the write path keeps them).
    pub(crate) fn summaries_current(&self) -> Result<(), VaultError> {
        if !self.conn.is_autocommit() {
            return summarize_new_rows(&self.conn);
        }
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(VaultError::sqlite(FAIL))?;
        summarize_new_rows(&tx)?;
        tx.commit().map_err(VaultError::sqlite(FAIL))
    }

    /// Both summary tables as rows of text, sorted, and the same computed from scratch over
    /// the transactions: tests assert they are equal after every kind of write.
    #[doc(hidden)]
    pub fn summaries_and_recount(&self) -> Result<(Vec<String>, Vec<String>), VaultError> {
        self.summaries_current()?;
        let stored = self.summary_lines(
            "SELECT account_id, month, merchant_key, has_merchant, mcc, category_id,
                    category_source, currency, original_currency, outflow_minor, inflow_minor,
                    row_count, original_minor,
                    CASE WHEN has_merchant THEN '' ELSE description END
             FROM spend_summary",
            "SELECT account_id, merchant_key, amount_minor, currency, row_count, days
             FROM charge_summary",
        )?;
        let fresh = self.summary_lines(
            &ADD_SPEND
                .replace("INSERT INTO spend_summary", "")
                .replace("?1", "0")
                .split("ON CONFLICT")
                .next()
                .unwrap_or_default()
                .replace(
                    "min(t.description)",
                    "CASE WHEN t.merchant IS NOT NULL THEN '' ELSE min(t.description) END",
                ),
            ADD_CHARGES
                .replace("INSERT INTO charge_summary", "")
                .replace("?1", "0")
                .split("ON CONFLICT")
                .next()
                .unwrap_or_default(),
        )?;
        Ok((stored, fresh))
    }

    fn summary_lines(&self, spend: &str, charges: &str) -> Result<Vec<String>, VaultError> {
        let mut lines = Vec::new();
        for (sql, width) in [(spend, 14), (charges, 6)] {
            let mut stmt = self.conn.prepare(sql).map_err(VaultError::sqlite(FAIL))?;
            let mut rows = stmt.query([]).map_err(VaultError::sqlite(FAIL))?;
            while let Some(row) = rows.next().map_err(VaultError::sqlite(FAIL))? {
                let mut cells = Vec::with_capacity(width);
                for i in 0..width {
                    let v: rusqlite::types::Value = row.get(i).map_err(VaultError::sqlite(FAIL))?;
                    cells.push(match v {
                        rusqlite::types::Value::Text(t) if i == width - 1 && width == 6 => {
                            let mut days: Vec<&str> = t.split(',').collect();
                            days.sort_unstable();
                            days.join(",")
                        }
                        other => format!("{other:?}"),
                    });
                }
                lines.push(format!("{width}|{}", cells.join("|")));
            }
        }
        lines.sort();
        Ok(lines)
    }
}

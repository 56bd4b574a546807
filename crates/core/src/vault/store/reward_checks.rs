//! Verdicts on reported accruals (schema v10): `reward_events.expected_points` holds what the
//! purchase earns at the event's stated rate, judged when the event is stored and, for events
//! stored before their purchase (or whose purchase's amount changed), by the next batch that
//! brings transactions; the v10 migration judges those already stored. The rewards report then
//! lists discrepancies without reading events.

use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use crate::domain::{expected_points, RewardEventKind, RewardEventRecord};
use crate::vault::VaultError;

const FAIL: &str = "checking reward accruals against their purchases";

/// The verdict for an event about to be stored: `None` when it cannot be judged (not an
/// accrual, no rate, no account or purchase named, or the purchase is not in the vault).
pub(super) fn verdict(
    conn: &Connection,
    account: Option<i64>,
    e: &RewardEventRecord,
) -> Result<Option<i64>, VaultError> {
    let (Some(account), Some(purchase), Some(rate)) =
        (account, e.transaction_source_id.as_deref(), e.earn_rate)
    else {
        return Ok(None);
    };
    if e.kind != RewardEventKind::Accrual {
        return Ok(None);
    }
    let amount: Option<i64> = conn
        .prepare_cached(
            "SELECT amount_minor FROM transactions WHERE account_id = ?1 AND source_id = ?2",
        )
        .and_then(|mut s| {
            s.query_row(params![account, purchase], |r| r.get(0))
                .optional()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    // An amount too large for the formula is judged as earning nothing, so it shows as a
    // discrepancy rather than passing unseen.
    Ok(amount.map(|amount| expected_points(amount, rate.normalize()).unwrap_or(0)))
}

/// The accruals waiting for a verdict whose purchase is now in the vault, with its amount. The
/// `WHERE` is the partial index `reward_events_unjudged`'s, so only waiting accruals are read
/// (tested by its query plan).
pub(super) const WAITING_ACCRUALS: &str = "SELECT e.id, t.amount_minor, e.earn_rate
     FROM reward_events e
     JOIN transactions t ON t.account_id = e.account_id AND t.source_id = e.transaction_source_id
     WHERE e.kind = 'accrual' AND e.expected_points IS NULL AND e.earn_rate IS NOT NULL
         AND e.transaction_source_id IS NOT NULL";

/// Judges every accrual still waiting for a verdict whose purchase is now in the vault; returns
/// how many were judged. Run inside a write transaction.
pub(crate) fn judge_waiting_accruals(conn: &Connection) -> Result<u64, VaultError> {
    let mut waiting = conn
        .prepare_cached(WAITING_ACCRUALS)
        .map_err(VaultError::sqlite(FAIL))?;
    let judged: Vec<(i64, i64)> = waiting
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(VaultError::sqlite(FAIL))?
        .into_iter()
        // A stored rate that does not read as a decimal leaves the accrual unjudged.
        .filter_map(|(id, amount, rate)| {
            let rate: Decimal = rate.parse().ok()?;
            Some((id, expected_points(amount, rate).unwrap_or(0)))
        })
        .collect();
    let mut update = conn
        .prepare_cached("UPDATE reward_events SET expected_points = ?2 WHERE id = ?1")
        .map_err(VaultError::sqlite(FAIL))?;
    for (id, expected) in &judged {
        update
            .execute(params![id, expected])
            .map_err(VaultError::sqlite(FAIL))?;
    }
    Ok(judged.len() as u64)
}

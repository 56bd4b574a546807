//! Storing transactions: insert new ones, update changed ones, keep the search index in step,
//! and settle pendings by the source's link or by the matching rule.

use rusqlite::{named_params, OptionalExtension, Transaction};

use super::apply::{date, minor, opt_minor, ApplyReport};
use super::settle::{settle_by_link, settle_by_rule, MatchRule};
use crate::categorize::category_for_mcc;
use crate::domain::{TransactionRecord, TransactionStatus};
use crate::vault::VaultError;

const FAIL: &str = "storing transactions";

/// The stored fields of an existing row that an update may change.
#[derive(PartialEq)]
struct Stored {
    status: String,
    transacted_on: Option<String>,
    posted_on: Option<String>,
    amount_minor: i64,
    currency: String,
    original_amount_minor: Option<i64>,
    original_currency: Option<String>,
    fx_rate: Option<String>,
    description: String,
    merchant: Option<String>,
    mcc: Option<String>,
    memo: Option<String>,
    statement_source_id: Option<String>,
    authorization_source_id: Option<String>,
}

pub(super) fn apply(
    tx: &Transaction<'_>,
    account_id: &dyn Fn(&str) -> Result<i64, VaultError>,
    records: &[TransactionRecord],
    rule: Option<&MatchRule>,
    now: &str,
    report: &mut ApplyReport,
) -> Result<(), VaultError> {
    let before_max: i64 = tx
        .query_row("SELECT coalesce(max(id), 0) FROM transactions", [], |r| {
            r.get(0)
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let categories = super::super::categories::category_ids(tx)?;
    let mut postings = Vec::new();
    for record in records {
        let account = account_id(&record.account_source_id)?;
        let incoming = stored_form(record)?;
        let category = record
            .mcc
            .and_then(|m| categories.get(category_for_mcc(m)).copied());
        let inserted = tx
            .prepare_cached(
                "INSERT INTO transactions (account_id, source_id, status, transacted_on, posted_on, amount_minor,
                    currency, original_amount_minor, original_currency, fx_rate, description, merchant, mcc,
                    category_id, category_source, memo, statement_source_id, authorization_source_id,
                    created_at, updated_at)
                 VALUES (:account, :source, :status, :transacted, :posted, :amount, :currency, :orig_amount,
                    :orig_currency, :fx, :description, :merchant, :mcc, :category,
                    CASE WHEN :category IS NULL THEN NULL ELSE 'mcc' END, :memo, :statement, :auth, :now, :now)
                 ON CONFLICT (account_id, source_id) DO NOTHING",
            )
            .and_then(|mut stmt| {
                stmt.execute(named_params! {
                    ":account": account, ":source": record.source_id, ":status": incoming.status,
                    ":transacted": incoming.transacted_on, ":posted": incoming.posted_on,
                    ":amount": incoming.amount_minor, ":currency": incoming.currency,
                    ":orig_amount": incoming.original_amount_minor, ":orig_currency": incoming.original_currency,
                    ":fx": incoming.fx_rate, ":description": incoming.description, ":merchant": incoming.merchant,
                    ":mcc": incoming.mcc, ":category": category, ":memo": incoming.memo,
                    ":statement": incoming.statement_source_id, ":auth": incoming.authorization_source_id,
                    ":now": now,
                })
            })
            .map_err(VaultError::sqlite(FAIL))?;
        if inserted == 1 {
            report.added += 1;
        } else if update_existing(tx, account, &record.source_id, incoming, now)? {
            report.updated += 1;
        } else {
            report.unchanged += 1;
        }
        if record.status == TransactionStatus::Posted {
            postings.push((account, record));
        }
    }
    // New rows enter the search index in one statement per batch, not one per row.
    tx.execute(
        "INSERT INTO transactions_fts (rowid, description, merchant, memo)
         SELECT id, description, merchant, memo FROM transactions WHERE id > ?1",
        [before_max],
    )
    .map_err(VaultError::sqlite("indexing new transactions for search"))?;
    for (account, record) in postings {
        if record.status != TransactionStatus::Posted {
            continue;
        }
        match &record.authorization_source_id {
            Some(auth) => settle_by_link(tx, account, &record.source_id, auth, now)?,
            None => {
                if let Some(rule) = rule {
                    settle_by_rule(tx, account, &record.source_id, rule, now)?;
                }
            }
        }
    }
    Ok(())
}

fn stored_form(r: &TransactionRecord) -> Result<Stored, VaultError> {
    Ok(Stored {
        status: r.status.as_str().to_string(),
        transacted_on: date(&r.transacted_on),
        posted_on: date(&r.posted_on),
        amount_minor: minor(&r.amount)?,
        currency: r.amount.currency().code().to_string(),
        original_amount_minor: opt_minor(&r.original_amount)?,
        original_currency: r.original_amount.map(|m| m.currency().code().to_string()),
        fx_rate: r.fx_rate.map(|d| d.normalize().to_string()),
        description: r.description.clone(),
        merchant: r.merchant.clone(),
        mcc: r.mcc.map(|m| m.to_string()),
        memo: r.memo.clone(),
        statement_source_id: r.statement_source_id.clone(),
        authorization_source_id: r.authorization_source_id.clone(),
    })
}

/// Updates an existing row if the source changed it; returns whether anything changed.
fn update_existing(
    tx: &Transaction<'_>,
    account: i64,
    source_id: &str,
    mut incoming: Stored,
    now: &str,
) -> Result<bool, VaultError> {
    let existing = tx
        .prepare_cached(
            "SELECT id, status, transacted_on, posted_on, amount_minor, currency, original_amount_minor,
                original_currency, fx_rate, description, merchant, mcc, memo, statement_source_id,
                authorization_source_id
             FROM transactions WHERE account_id = ?1 AND source_id = ?2",
        )
        .and_then(|mut stmt| {
            stmt.query_row(rusqlite::params![account, source_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Stored {
                        status: r.get(1)?,
                        transacted_on: r.get(2)?,
                        posted_on: r.get(3)?,
                        amount_minor: r.get(4)?,
                        currency: r.get(5)?,
                        original_amount_minor: r.get(6)?,
                        original_currency: r.get(7)?,
                        fx_rate: r.get(8)?,
                        description: r.get(9)?,
                        merchant: r.get(10)?,
                        mcc: r.get(11)?,
                        memo: r.get(12)?,
                        statement_source_id: r.get(13)?,
                        authorization_source_id: r.get(14)?,
                    },
                ))
            })
            .optional()
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let Some((id, stored)) = existing else {
        return Err(VaultError::Data(format!(
            "transaction {source_id} vanished while syncing"
        )));
    };
    // A pending that Coffer already settled or expired never goes back to pending because a
    // source re-sent a stale view of it.
    if incoming.status == "pending" && (stored.status == "superseded" || stored.status == "expired")
    {
        incoming.status = stored.status.clone();
    }
    if incoming == stored {
        return Ok(false);
    }
    let text_changed = (&incoming.description, &incoming.merchant, &incoming.memo)
        != (&stored.description, &stored.merchant, &stored.memo);
    if text_changed {
        tx.execute(
            "INSERT INTO transactions_fts (transactions_fts, rowid, description, merchant, memo)
             VALUES ('delete', ?1, ?2, ?3, ?4)",
            rusqlite::params![id, stored.description, stored.merchant, stored.memo],
        )
        .map_err(VaultError::sqlite("updating the search index"))?;
    }
    tx.prepare_cached(
        "UPDATE transactions SET status = :status, transacted_on = :transacted, posted_on = :posted,
            amount_minor = :amount, currency = :currency, original_amount_minor = :orig_amount,
            original_currency = :orig_currency, fx_rate = :fx, description = :description, merchant = :merchant,
            mcc = :mcc, memo = :memo, statement_source_id = :statement, authorization_source_id = :auth,
            updated_at = :now
         WHERE id = :id",
    )
    .and_then(|mut stmt| {
        stmt.execute(named_params! {
            ":id": id, ":status": incoming.status, ":transacted": incoming.transacted_on,
            ":posted": incoming.posted_on, ":amount": incoming.amount_minor, ":currency": incoming.currency,
            ":orig_amount": incoming.original_amount_minor, ":orig_currency": incoming.original_currency,
            ":fx": incoming.fx_rate, ":description": incoming.description, ":merchant": incoming.merchant,
            ":mcc": incoming.mcc, ":memo": incoming.memo, ":statement": incoming.statement_source_id,
            ":auth": incoming.authorization_source_id, ":now": now,
        })
    })
    .map_err(VaultError::sqlite(FAIL))?;
    if text_changed {
        tx.execute(
            "INSERT INTO transactions_fts (rowid, description, merchant, memo)
             SELECT id, description, merchant, memo FROM transactions WHERE id = ?1",
            [id],
        )
        .map_err(VaultError::sqlite("updating the search index"))?;
    }
    Ok(true)
}

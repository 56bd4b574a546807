//! Storing transactions: insert new ones, update changed ones, keep the search index in step,
//! and settle pendings by the source's link or by the matching rule.

use std::collections::HashMap;

use rusqlite::{named_params, params, OptionalExtension, Transaction};

use super::apply::{date, minor, opt_minor, ApplyReport};
use super::bulk_indexes;
use super::settle::{settle_by_link, MatchRule, PendingIndex, PostingFacts};
use super::summary_delta::{Row, RowGroups};
use crate::categorize::category_for_mcc;
use crate::domain::{TransactionRecord, TransactionStatus};
use crate::money::Currency;
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

/// One incoming row in the form it is stored in, borrowing the record's text.
pub(super) struct Incoming<'a> {
    pub account: i64,
    pub source_id: &'a str,
    pub status: &'static str,
    pub transacted_on: Option<String>,
    pub posted_on: Option<String>,
    pub amount_minor: i64,
    pub currency: Currency,
    pub original_amount_minor: Option<i64>,
    pub original_currency: Option<Currency>,
    pub fx_rate: Option<String>,
    pub description: &'a str,
    pub merchant: Option<&'a str>,
    pub mcc: Option<String>,
    pub memo: Option<&'a str>,
    pub statement_source_id: Option<&'a str>,
    pub authorization_source_id: Option<&'a str>,
    category: Option<i64>,
}

impl<'a> Incoming<'a> {
    fn of(
        r: &'a TransactionRecord,
        account: i64,
        categories: &HashMap<String, i64>,
    ) -> Result<Self, VaultError> {
        Ok(Incoming {
            account,
            source_id: &r.source_id,
            status: r.status.as_str(),
            transacted_on: date(&r.transacted_on),
            posted_on: date(&r.posted_on),
            amount_minor: minor(&r.amount)?,
            currency: r.amount.currency(),
            original_amount_minor: opt_minor(&r.original_amount)?,
            original_currency: r.original_amount.map(|m| m.currency()),
            fx_rate: r.fx_rate.map(|d| d.normalize().to_string()),
            description: &r.description,
            merchant: r.merchant.as_deref(),
            mcc: r.mcc.map(|m| m.to_string()),
            memo: r.memo.as_deref(),
            statement_source_id: r.statement_source_id.as_deref(),
            authorization_source_id: r.authorization_source_id.as_deref(),
            category: r
                .mcc
                .and_then(|m| categories.get(category_for_mcc(m)).copied()),
        })
    }

    /// The row as the analytics sums read it back once stored.
    fn summed(&self) -> Row<'_> {
        Row {
            account: self.account,
            day: self.posted_on.as_deref().or(self.transacted_on.as_deref()),
            merchant: self.merchant,
            description: self.description,
            mcc: self.mcc.as_deref(),
            category: self.category,
            category_source: self.category.map(|_| "mcc"),
            currency: self.currency.code(),
            original_currency: self.original_currency.as_ref().map(Currency::code),
            amount: self.amount_minor,
            original_amount: self.original_amount_minor,
            status: self.status,
        }
    }

    fn stored(&self) -> Stored {
        Stored {
            status: self.status.to_string(),
            transacted_on: self.transacted_on.clone(),
            posted_on: self.posted_on.clone(),
            amount_minor: self.amount_minor,
            currency: self.currency.code().to_string(),
            original_amount_minor: self.original_amount_minor,
            original_currency: self.original_currency.map(|c| c.code().to_string()),
            fx_rate: self.fx_rate.clone(),
            description: self.description.to_string(),
            merchant: self.merchant.map(str::to_string),
            mcc: self.mcc.clone(),
            memo: self.memo.map(str::to_string),
            statement_source_id: self.statement_source_id.map(str::to_string),
            authorization_source_id: self.authorization_source_id.map(str::to_string),
        }
    }
}

/// A posting of the batch, to settle once every row is in.
struct PostingRef {
    index: usize,
    /// Its row id and whether it already settles a pending, when known without a read.
    known: Option<(i64, bool)>,
    /// Stored exactly as it was before this batch.
    unchanged: bool,
}

const INSERT: &str = "INSERT INTO transactions (account_id, source_id, status, transacted_on, posted_on,
        amount_minor, currency, original_amount_minor, original_currency, fx_rate, description, merchant,
        mcc, category_id, category_source, memo, statement_source_id, authorization_source_id,
        created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
        CASE WHEN ?14 IS NULL THEN NULL ELSE 'mcc' END, ?15, ?16, ?17, ?18, ?18)
     ON CONFLICT (account_id, source_id) DO NOTHING";

/// A batch's new rows grouped for the analytics sums while they were stored: every row of the
/// batch, inserted above `above` and left as inserted by the batch's own statements.
pub(super) struct GroupedNewRows {
    pub above: i64,
    pub groups: RowGroups,
}

/// Stores a batch's transactions: the rows already stored are found in bulk, new rows are
/// inserted by one cached statement, unchanged rows are left alone, changed rows updated; then
/// new rows enter the search index in one statement and postings settle their pendings.
///
/// A batch of only new rows, none pending (so settling cannot change them), groups them for the
/// sums on a second thread meanwhile; the caller hands the groups to the sums unless something
/// after this (a void, a category rule) changed a new row.
pub(super) fn apply(
    tx: &Transaction<'_>,
    account_id: &dyn Fn(&str) -> Result<i64, VaultError>,
    records: &[TransactionRecord],
    rule: Option<&MatchRule>,
    now: &str,
    report: &mut ApplyReport,
) -> Result<Option<GroupedNewRows>, VaultError> {
    let before_max: i64 = tx
        .query_row("SELECT coalesce(max(id), 0) FROM transactions", [], |r| {
            r.get(0)
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let categories = super::super::categories::category_ids(tx)?;
    let mut last_account: Option<(&str, i64)> = None;
    let mut incoming = Vec::with_capacity(records.len());
    for record in records {
        let account = match last_account {
            Some((source, id)) if source == record.account_source_id => id,
            _ => {
                let id = account_id(&record.account_source_id)?;
                last_account = Some((&record.account_source_id, id));
                id
            }
        };
        incoming.push(Incoming::of(record, account, &categories)?);
    }
    // `None` when the batch names an identity twice: then every row goes the careful way.
    let existing = super::apply_existing::find(tx, &incoming)?;
    let all_new = existing
        .as_ref()
        .is_some_and(|found| found.iter().all(Option::is_none))
        && records
            .iter()
            .all(|r| r.status != TransactionStatus::Pending);
    std::thread::scope(|scope| {
        let grouping =
            all_new.then(|| scope.spawn(|| RowGroups::of(incoming.iter().map(Incoming::summed))));
        let inserted = store(
            tx, records, &incoming, existing, before_max, rule, now, report,
        )?;
        match grouping {
            Some(grouping) if inserted == records.len() => {
                let groups = grouping
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                Ok(Some(GroupedNewRows {
                    above: before_max,
                    groups,
                }))
            }
            // Joined when the scope ends; its groups are not the rows stored.
            _ => Ok(None),
        }
    })
}

/// The storing half of [`apply`]; returns how many rows it inserted.
#[allow(clippy::too_many_arguments)]
fn store(
    tx: &Transaction<'_>,
    records: &[TransactionRecord],
    incoming: &[Incoming<'_>],
    existing: Option<Vec<Option<super::apply_existing::Existing>>>,
    before_max: i64,
    rule: Option<&MatchRule>,
    now: &str,
    report: &mut ApplyReport,
) -> Result<usize, VaultError> {
    let mut inserted_rows = 0;
    let set_aside = if bulk_indexes::worth_it(records.len(), before_max) {
        Some(bulk_indexes::drop_all(tx)?)
    } else {
        None
    };
    let mut insert = tx
        .prepare_cached(INSERT)
        .map_err(VaultError::sqlite(FAIL))?;
    let mut postings = Vec::new();
    for (index, (record, row)) in records.iter().zip(incoming).enumerate() {
        let found = existing
            .as_ref()
            .and_then(|e| e.get(index).copied().flatten());
        let (known, unchanged) = match found {
            Some(e) if e.unchanged => {
                report.unchanged += 1;
                (Some((e.id, e.settles)), true)
            }
            Some(e) => {
                if update_existing(
                    tx,
                    row.account,
                    row.source_id,
                    row.stored(),
                    now,
                    before_max,
                )? {
                    report.updated += 1;
                } else {
                    report.unchanged += 1;
                }
                (Some((e.id, e.settles)), false)
            }
            None => {
                let inserted = insert
                    .execute(params![
                        row.account,
                        row.source_id,
                        row.status,
                        row.transacted_on,
                        row.posted_on,
                        row.amount_minor,
                        row.currency.code(),
                        row.original_amount_minor,
                        row.original_currency.as_ref().map(|c| c.code()),
                        row.fx_rate,
                        row.description,
                        row.merchant,
                        row.mcc,
                        row.category,
                        row.memo,
                        row.statement_source_id,
                        row.authorization_source_id,
                        now,
                    ])
                    .map_err(VaultError::sqlite(FAIL))?;
                if inserted == 1 {
                    report.added += 1;
                    inserted_rows += 1;
                    (Some((tx.last_insert_rowid(), false)), false)
                } else {
                    if update_existing(
                        tx,
                        row.account,
                        row.source_id,
                        row.stored(),
                        now,
                        before_max,
                    )? {
                        report.updated += 1;
                    } else {
                        report.unchanged += 1;
                    }
                    (None, false)
                }
            }
        };
        if record.status == TransactionStatus::Posted {
            postings.push(PostingRef {
                index,
                known,
                unchanged,
            });
        }
    }
    drop(insert);
    if let Some(dropped) = set_aside {
        bulk_indexes::recreate(tx, dropped)?;
    }
    // New rows enter the search index in one statement per batch, not one per row.
    super::search_index::index_new_rows(tx, before_max, inserted_rows)?;
    let mut pendings = PendingIndex::default();
    for posting in postings {
        let (record, row) = (&records[posting.index], &incoming[posting.index]);
        match row.authorization_source_id {
            // Unchanged and already linked: the link was applied when the row was stored.
            Some(_) if posting.unchanged && posting.known.is_some_and(|(_, s)| s) => {}
            Some(auth) => settle_by_link(tx, row.account, row.source_id, auth, now, &mut pendings)?,
            None => {
                let Some(rule) = rule else { continue };
                let facts = match posting.known {
                    Some((id, settles)) => Some(PostingFacts {
                        id,
                        amount: row.amount_minor,
                        day: record.posted_on.or(record.transacted_on),
                        description: row.description.to_string(),
                        settles,
                    }),
                    None => PostingFacts::read(tx, row.account, row.source_id)?,
                };
                if let Some(facts) = facts {
                    pendings.settle_by_rule(tx, row.account, &facts, rule, now)?;
                }
            }
        }
    }
    Ok(inserted_rows)
}

/// Updates an existing row if the source changed it; returns whether anything changed.
fn update_existing(
    tx: &Transaction<'_>,
    account: i64,
    source_id: &str,
    mut incoming: Stored,
    now: &str,
    indexed_up_to: i64,
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
    // Rows added earlier in this batch are not in the search index yet: the batch indexes them
    // (with their latest text) when it ends.
    let text_changed = id <= indexed_up_to
        && (&incoming.description, &incoming.merchant, &incoming.memo)
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

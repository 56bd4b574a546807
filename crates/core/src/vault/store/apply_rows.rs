//! Storing a batch's transactions chunk by chunk: new rows inserted by one cached statement,
//! unchanged rows left alone, changed rows updated; once every chunk is in, the secondary
//! indexes rebuilt (bulk), new rows indexed for search, and postings settling their pendings.

use rusqlite::{named_params, params, CachedStatement, OptionalExtension, Transaction};

use super::apply::ApplyReport;
use super::apply_existing::Existing;
use super::apply_transactions::Incoming;
use super::bulk_indexes;
use super::settle::{settle_by_link, MatchRule, PendingIndex, PostingFacts};
use crate::domain::{TransactionRecord, TransactionStatus};
use crate::vault::VaultError;

const FAIL: &str = "storing transactions";

/// The stored fields of an existing row that an update may change.
#[derive(PartialEq)]
pub(super) struct Stored {
    pub status: String,
    pub transacted_on: Option<String>,
    pub posted_on: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub original_amount_minor: Option<i64>,
    pub original_currency: Option<String>,
    pub fx_rate: Option<String>,
    pub description: String,
    pub merchant: Option<String>,
    pub mcc: Option<String>,
    pub memo: Option<String>,
    pub statement_source_id: Option<String>,
    pub authorization_source_id: Option<String>,
}

/// A posting of the batch, to settle once every row is in.
struct PostingRef<'k> {
    record: &'k TransactionRecord,
    row: &'k Incoming<'k>,
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

/// One batch's transactions being stored.
pub(super) struct StoringRows<'t, 'c, 'k> {
    tx: &'t Transaction<'c>,
    insert: CachedStatement<'t>,
    set_aside: Option<bulk_indexes::Dropped>,
    /// The largest row id before the batch: rows above it are the batch's.
    before_max: i64,
    now: &'t str,
    inserted: usize,
    postings: Vec<PostingRef<'k>>,
}

impl<'t, 'c, 'k> StoringRows<'t, 'c, 'k> {
    /// Starts storing up to `expected` rows; a batch that will more than double the table sets
    /// the secondary indexes aside first.
    pub fn begin(
        tx: &'t Transaction<'c>,
        expected: usize,
        before_max: i64,
        now: &'t str,
    ) -> Result<Self, VaultError> {
        let set_aside = if bulk_indexes::worth_it(expected, before_max) {
            Some(bulk_indexes::drop_all(tx)?)
        } else {
            None
        };
        Ok(StoringRows {
            tx,
            insert: tx
                .prepare_cached(INSERT)
                .map_err(VaultError::sqlite(FAIL))?,
            set_aside,
            before_max,
            now,
            inserted: 0,
            postings: Vec::new(),
        })
    }

    /// Stores one chunk: `rows` are `records` in stored form, `existing` what is stored under
    /// each one's identity (`None`: not looked up, so each row goes the careful way).
    pub fn chunk(
        &mut self,
        records: &'k [TransactionRecord],
        rows: &'k [Incoming<'k>],
        existing: Option<Vec<Option<Existing>>>,
        report: &mut ApplyReport,
    ) -> Result<(), VaultError> {
        for (index, (record, row)) in records.iter().zip(rows).enumerate() {
            let found = existing
                .as_ref()
                .and_then(|e| e.get(index).copied().flatten());
            let (known, unchanged) = match found {
                Some(e) if e.unchanged => {
                    report.unchanged += 1;
                    (Some((e.id, e.settles)), true)
                }
                Some(e) => {
                    self.update(row, report)?;
                    (Some((e.id, e.settles)), false)
                }
                None if self.insert(row)? => {
                    report.added += 1;
                    self.inserted += 1;
                    (Some((self.tx.last_insert_rowid(), false)), false)
                }
                None => {
                    self.update(row, report)?;
                    (None, false)
                }
            };
            if record.status == TransactionStatus::Posted {
                self.postings.push(PostingRef {
                    record,
                    row,
                    known,
                    unchanged,
                });
            }
        }
        Ok(())
    }

    /// Inserts a row whose identity is new; false when it was not (left for an update).
    fn insert(&mut self, row: &Incoming<'_>) -> Result<bool, VaultError> {
        self.insert
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
                row.category(),
                row.memo,
                row.statement_source_id,
                row.authorization_source_id,
                self.now,
            ])
            .map(|inserted| inserted == 1)
            .map_err(VaultError::sqlite(FAIL))
    }

    fn update(&self, row: &Incoming<'_>, report: &mut ApplyReport) -> Result<(), VaultError> {
        let changed = update_existing(
            self.tx,
            row.account,
            row.source_id,
            row.stored(),
            self.now,
            self.before_max,
        )?;
        if changed {
            report.updated += 1;
        } else {
            report.unchanged += 1;
        }
        Ok(())
    }

    /// Once every chunk is stored: indexes rebuilt, new rows indexed for search, postings
    /// settled. Returns how many rows were inserted.
    pub fn finish(self, rule: Option<&MatchRule>) -> Result<usize, VaultError> {
        let StoringRows {
            tx,
            insert,
            set_aside,
            before_max,
            now,
            inserted,
            postings,
        } = self;
        drop(insert);
        if let Some(dropped) = set_aside {
            bulk_indexes::recreate(tx, dropped)?;
        }
        // New rows enter the search index in one statement per batch, not one per row.
        super::search_index::index_new_rows(tx, before_max, inserted)?;
        let mut pendings = PendingIndex::default();
        for posting in postings {
            let (record, row) = (posting.record, posting.row);
            match row.authorization_source_id {
                // Unchanged and already linked: the link was applied when the row was stored.
                Some(_) if posting.unchanged && posting.known.is_some_and(|(_, s)| s) => {}
                Some(auth) => {
                    settle_by_link(tx, row.account, row.source_id, auth, now, &mut pendings)?
                }
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
        Ok(inserted)
    }
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

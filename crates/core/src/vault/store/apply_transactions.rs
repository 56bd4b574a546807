//! Storing a batch's transactions as they come, chunk by chunk: each chunk in stored form, the
//! rows already stored found in bulk, then [`StoringRows`] inserts, updates and settles; a batch
//! of only new rows is grouped for the analytics sums on a second thread meanwhile.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread::{Scope, ScopedJoinHandle};

use rusqlite::Transaction;

use super::apply::{date, minor, opt_minor, ApplyReport};
use super::apply_chunks::{Chunk, Feed, Kept};
use super::apply_existing::HeldRows;
use super::apply_rows::{Stored, StoringRows};
use super::settle::MatchRule;
use super::summary_delta::{Row, RowGroups};
use crate::categorize::category_for_mcc;
use crate::domain::{TransactionRecord, TransactionStatus};
use crate::money::Currency;
use crate::vault::VaultError;

const FAIL: &str = "storing transactions";

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

    pub fn category(&self) -> Option<i64> {
        self.category
    }

    pub(super) fn stored(&self) -> Stored {
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

/// A batch's new rows grouped for the analytics sums while they were stored: every row of the
/// batch, inserted above `above` and left as inserted by the batch's own statements.
pub(super) struct GroupedNewRows {
    pub above: i64,
    pub groups: RowGroups,
}

/// What storing a batch's transactions found besides the counts.
#[derive(Default)]
pub(super) struct AppliedTransactions {
    /// The rows grouped for the sums, when every row was new and none pending (so settling
    /// cannot change them); the caller uses them unless something later changed a new row.
    pub grouped: Option<GroupedNewRows>,
    /// Local ids of the accounts the rows belong to.
    pub accounts: Vec<i64>,
    /// How many rows came.
    pub rows: usize,
}

/// Stores every transaction `feed` brings, chunk by chunk as it brings them.
///
/// A source's chunks are stored as they come only when the accounts of its first chunk held no
/// rows before the batch (a first import: nothing to look up); otherwise the rest is gathered
/// and stored as one chunk, so the rows already stored are found in one pass.
pub(super) fn apply(
    tx: &Transaction<'_>,
    account_id: &dyn Fn(&str) -> Result<i64, VaultError>,
    feed: &mut Feed<'_, '_>,
    rule: Option<&MatchRule>,
    now: &str,
    report: &mut ApplyReport,
) -> Result<AppliedTransactions, VaultError> {
    let before_max: i64 = tx
        .query_row("SELECT coalesce(max(id), 0) FROM transactions", [], |r| {
            r.get(0)
        })
        .map_err(VaultError::sqlite(FAIL))?;
    let categories = super::super::categories::category_ids(tx)?;
    let kept_records = Kept::default();
    let kept_rows = Kept::default();
    let mut rows_of = RowsOf {
        account_id,
        categories: &categories,
        accounts: Vec::new(),
    };
    let mut held = HeldRows::default();
    let (grouped, rows) = std::thread::scope(|scope| {
        let mut storing = StoringRows::begin(tx, feed.expected(), before_max, now)?;
        let mut grouping = Grouping::NotYet;
        let (mut rows, mut first_owned) = (0, true);
        while let Some(chunk) = feed.next()? {
            let records: &[TransactionRecord] = match chunk {
                Chunk::Borrowed(records) => records,
                Chunk::Owned(mut records) => {
                    if first_owned && !rows_of.all_new_accounts(tx, &records, &mut held)? {
                        feed.gather_into(&mut records)?;
                    }
                    first_owned = false;
                    kept_records.keep(records)
                }
            };
            rows += records.len();
            let chunk_rows: &[Incoming<'_>] = kept_rows.keep(rows_of.incoming(records)?);
            // `None` when the chunk names an identity twice: then its rows go the careful way.
            let existing = super::apply_existing::find(tx, chunk_rows, &mut held)?;
            let all_new = existing
                .as_ref()
                .is_some_and(|found| found.iter().all(Option::is_none))
                && records
                    .iter()
                    .all(|r| r.status != TransactionStatus::Pending);
            grouping.offer(scope, chunk_rows, all_new);
            storing.chunk(records, chunk_rows, existing, report)?;
        }
        let inserted = storing.finish(rule)?;
        Ok::<_, VaultError>((grouping.finish(inserted == rows)?, rows))
    })?;
    Ok(AppliedTransactions {
        grouped: grouped.map(|groups| GroupedNewRows {
            above: before_max,
            groups,
        }),
        accounts: rows_of.accounts,
        rows,
    })
}

/// Records into stored form, resolving each account once per run of rows.
struct RowsOf<'a> {
    account_id: &'a dyn Fn(&str) -> Result<i64, VaultError>,
    categories: &'a HashMap<String, i64>,
    accounts: Vec<i64>,
}

impl RowsOf<'_> {
    fn incoming<'k>(
        &mut self,
        records: &'k [TransactionRecord],
    ) -> Result<Vec<Incoming<'k>>, VaultError> {
        let mut last: Option<(&str, i64)> = None;
        let mut rows = Vec::with_capacity(records.len());
        for record in records {
            let account = match last {
                Some((source, id)) if source == record.account_source_id => id,
                _ => {
                    let id = (self.account_id)(&record.account_source_id)?;
                    if !self.accounts.contains(&id) {
                        self.accounts.push(id);
                    }
                    last = Some((&record.account_source_id, id));
                    id
                }
            };
            rows.push(Incoming::of(record, account, self.categories)?);
        }
        Ok(rows)
    }

    /// Whether no account `records` name held rows before the batch.
    fn all_new_accounts(
        &self,
        tx: &Transaction<'_>,
        records: &[TransactionRecord],
        held: &mut HeldRows,
    ) -> Result<bool, VaultError> {
        let mut last: Option<&str> = None;
        for record in records {
            if last == Some(record.account_source_id.as_str()) {
                continue;
            }
            last = Some(&record.account_source_id);
            if held.before_batch(tx, (self.account_id)(&record.account_source_id)?)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Grouping the batch's new rows for the sums on a second thread while they are stored.
enum Grouping<'scope, 'k> {
    /// No chunk yet.
    NotYet,
    Running {
        rows: mpsc::Sender<&'k [Incoming<'k>]>,
        thread: ScopedJoinHandle<'scope, Result<RowGroups, VaultError>>,
    },
    /// A chunk brought a stored or pending row: groups would not be the rows stored.
    Off,
}

impl<'scope, 'k: 'scope> Grouping<'scope, 'k> {
    fn offer<'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        rows: &'k [Incoming<'k>],
        all_new: bool,
    ) {
        if !all_new {
            // The thread ends when its sender is dropped; the scope joins it.
            *self = Grouping::Off;
            return;
        }
        if matches!(self, Grouping::NotYet) {
            let (sender, receiver) = mpsc::channel::<&'k [Incoming<'k>]>();
            let thread = scope.spawn(move || {
                RowGroups::of(
                    receiver
                        .into_iter()
                        .flat_map(|rows| rows.iter().map(Incoming::summed)),
                )
            });
            *self = Grouping::Running {
                rows: sender,
                thread,
            };
        }
        if let Grouping::Running { rows: sender, .. } = self {
            // A send fails only if the thread is gone; `finish` then reports its end.
            let _ = sender.send(rows);
        }
    }

    /// The groups, when `whole` (every row stored was inserted as grouped).
    fn finish(self, whole: bool) -> Result<Option<RowGroups>, VaultError> {
        match self {
            Grouping::Running { rows, thread } if whole => {
                drop(rows);
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    .map(Some)
            }
            _ => Ok(None),
        }
    }
}

//! Applying a sync batch: every record upserted by its identity, pendings settled, cursors and
//! secrets saved — all in one SQLite transaction, so a batch is either wholly there or not at all.

use std::collections::HashMap;

use rusqlite::{named_params, params, ToSql, Transaction, TransactionBehavior};
use serde::Serialize;

use super::apply_records::*;
use super::apply_transactions::AppliedTransactions;
use super::connections::put_secret;
use super::settle::MatchRule;
use crate::domain::*;
use crate::money::Money;
use crate::sync::{Batch, TransactionChunks};
use crate::vault::{now_rfc3339, Vault, VaultError};

/// How many rows a batch added, changed, and found already as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ApplyReport {
    #[ts(type = "number")]
    pub added: u64,
    #[ts(type = "number")]
    pub updated: u64,
    #[ts(type = "number")]
    pub unchanged: u64,
    /// Local ids of the accounts the batch touched.
    #[ts(type = "Array<number>")]
    pub accounts: Vec<i64>,
}

impl ApplyReport {
    pub fn absorb(&mut self, other: &ApplyReport) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        for id in &other.accounts {
            if !self.accounts.contains(id) {
                self.accounts.push(*id);
            }
        }
    }

    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Added => self.added += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// Inserts a row if its identity is new, else updates it if any field differs.
/// Both statements take the same named parameters.
pub(super) fn upsert(
    tx: &Transaction<'_>,
    insert: &str,
    update: &str,
    params: &[(&str, &dyn ToSql)],
) -> Result<Outcome, rusqlite::Error> {
    if tx.prepare_cached(insert)?.execute(params)? == 1 {
        return Ok(Outcome::Added);
    }
    Ok(if tx.prepare_cached(update)?.execute(params)? > 0 {
        Outcome::Updated
    } else {
        Outcome::Unchanged
    })
}

pub(super) fn minor(money: &Money) -> Result<i64, VaultError> {
    money
        .to_minor()
        .map_err(|e| VaultError::Data(format!("amount {money}: {e}")))
}

pub(super) fn opt_minor(money: &Option<Money>) -> Result<Option<i64>, VaultError> {
    money.as_ref().map(minor).transpose()
}

pub(super) fn date(d: &Option<chrono::NaiveDate>) -> Option<String> {
    d.map(crate::export::iso_day)
}

const FAIL: &str = "storing synced data";

/// Batches of at least this many rows are stored with the bulk page cache.
pub(super) const BULK_ROWS: usize = 20_000;

/// The bulk page cache, in KiB (`benches/storage_ceiling.rs` measures with the same).
pub const BULK_CACHE_KIB: i64 = 262_144;

impl Vault {
    /// Stores a batch for `connection_id`. With `rule`, postings that carry no link to their
    /// authorization settle a matching pending by that rule (sources without links).
    pub fn apply_batch(
        &mut self,
        connection_id: i64,
        batch: &Batch,
        rule: Option<&MatchRule>,
    ) -> Result<ApplyReport, VaultError> {
        self.run_batch(
            BatchConnection::Id(connection_id),
            batch,
            None,
            rule,
            true,
            |_| Ok(()),
        )
        .map(|(_, report)| report)
    }

    /// What [`Vault::apply_batch`] would do, without changing anything: the batch is applied in
    /// a transaction that is then rolled back (`--dry-run`).
    pub fn preview_batch(
        &mut self,
        connection_id: i64,
        batch: &Batch,
        rule: Option<&MatchRule>,
    ) -> Result<ApplyReport, VaultError> {
        self.run_batch(
            BatchConnection::Id(connection_id),
            batch,
            None,
            rule,
            false,
            |_| Ok(()),
        )
        .map(|(_, report)| report)
    }

    /// Stores a file's batch, whose transactions may keep arriving from `chunks` while their
    /// source still reads them (a large statement file), so storing overlaps reading. All of it
    /// lands in one transaction, the file's connection (of `kind`, for `institution`) too when
    /// it is new: if the source stops ([`VaultError::SourceStopped`]) or anything fails, the
    /// vault is as it was. With `commit` false it is a dry run. Returns the connection's id.
    pub fn apply_file_batch(
        &mut self,
        kind: ConnectionKind,
        institution: &str,
        batch: &Batch,
        chunks: Option<&mut dyn TransactionChunks>,
        rule: Option<&MatchRule>,
        commit: bool,
    ) -> Result<(i64, ApplyReport), VaultError> {
        let connection = BatchConnection::File { kind, institution };
        self.run_batch(connection, batch, chunks, rule, commit, |_| Ok(()))
    }

    /// Gives the connection the page cache of bulk storing, until [`Vault::end_bulk`] with
    /// what this returns. A large import or sync touches every index's pages over and over;
    /// with SQLite's default 2 MiB cache each touch re-reads and re-decrypts the page.
    pub fn begin_bulk(&mut self) -> Result<i64, VaultError> {
        let previous: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(VaultError::sqlite("reading the page cache size"))?;
        if previous > -BULK_CACHE_KIB && previous < BULK_CACHE_KIB {
            self.set_cache_size(-BULK_CACHE_KIB)?;
        }
        Ok(previous)
    }

    /// Gives the page cache back (SQLite frees the pages above the restored size).
    pub fn end_bulk(&mut self, previous: i64) -> Result<(), VaultError> {
        self.set_cache_size(previous)
    }

    fn set_cache_size(&mut self, size: i64) -> Result<(), VaultError> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {size}"))
            .map_err(VaultError::sqlite("setting the page cache size"))
    }

    /// Applies a batch and runs `also` in the same transaction; commits only when `commit`.
    pub(super) fn run_batch(
        &mut self,
        connection: BatchConnection<'_>,
        batch: &Batch,
        chunks: Option<&mut dyn TransactionChunks>,
        rule: Option<&MatchRule>,
        commit: bool,
        also: impl FnOnce(&Transaction<'_>) -> Result<(), VaultError>,
    ) -> Result<(i64, ApplyReport), VaultError> {
        let rows = batch.row_count() + chunks.as_ref().map_or(0, |c| c.expected());
        if rows < BULK_ROWS {
            return self.run_batch_in_cache(connection, batch, chunks, rule, commit, also);
        }
        let previous = self.begin_bulk()?;
        // A dry run is rolled back whole: nothing it writes is worth a journal switch.
        let journal_switched = commit && super::bulk_journal::leave_wal(&self.conn)?;
        let applied = self.run_batch_in_cache(connection, batch, chunks, rule, commit, also);
        let restored = if journal_switched {
            super::bulk_journal::back_to_wal(&self.conn)
        } else {
            Ok(())
        };
        self.end_bulk(previous)?;
        let applied = applied?;
        restored?;
        Ok(applied)
    }

    fn run_batch_in_cache(
        &mut self,
        connection: BatchConnection<'_>,
        batch: &Batch,
        chunks: Option<&mut dyn TransactionChunks>,
        rule: Option<&MatchRule>,
        commit: bool,
        also: impl FnOnce(&Transaction<'_>) -> Result<(), VaultError>,
    ) -> Result<(i64, ApplyReport), VaultError> {
        // IMMEDIATE: take the write lock first (waiting out the busy timeout), so a write
        // committed by another connection (the UI beside a sync) cannot invalidate this
        // transaction's first reads and fail it with SQLITE_BUSY_SNAPSHOT.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(VaultError::sqlite(FAIL))?;
        let connection_id = match connection {
            BatchConnection::Id(id) => id,
            BatchConnection::File { kind, institution } => {
                super::connections::file_connection_in(&tx, kind, institution)?
            }
        };
        let mut report = ApplyReport::default();
        let now = now_rfc3339();
        for account in &batch.accounts {
            report.count(upsert_account(&tx, connection_id, account, &now)?);
        }
        let accounts = ids_by_source(&tx, ACCOUNT_IDS, connection_id)?;
        let account_id = |source: &str| {
            accounts.get(source).copied().ok_or_else(|| {
                VaultError::Data(format!(
                    "a record names account '{source}', which the source never listed"
                ))
            })
        };
        for b in &batch.balances {
            report.count(upsert_balance(&tx, account_id(&b.account_source_id)?, b)?);
        }
        let has_chunks = chunks.is_some();
        let mut feed = super::apply_chunks::Feed::new(&batch.transactions, chunks);
        let transactions = if batch.transactions.is_empty() && !has_chunks {
            AppliedTransactions::default()
        } else {
            super::apply_transactions::apply(&tx, &account_id, &mut feed, rule, &now, &mut report)?
        };
        let mut grouped = transactions.grouped;
        let voided = feed.voided();
        if !batch.voided_transactions.is_empty() || !voided.is_empty() {
            grouped = None; // a void may change a row the batch just added
        }
        for (account, source_id) in batch.voided_transactions.iter().chain(&voided) {
            let account = account_id(account)?;
            tx.prepare_cached(
                "UPDATE transactions SET status = 'voided', updated_at = ?3
                 WHERE account_id = ?1 AND source_id = ?2 AND status <> 'voided'",
            )
            .and_then(|mut stmt| stmt.execute(params![account, source_id, now]))
            .map_err(VaultError::sqlite("voiding a corrected transaction"))
            .map(|changed| report.updated += changed as u64)?;
        }
        for s in &batch.statements {
            report.count(upsert_statement(&tx, account_id(&s.account_source_id)?, s)?);
        }
        for c in &batch.credit_scores {
            report.count(upsert_score(&tx, connection_id, c)?);
        }
        for p in &batch.reward_programs {
            report.count(upsert_program(&tx, connection_id, p)?);
        }
        if !batch.reward_events.is_empty() {
            let programs = ids_by_source(&tx, PROGRAM_IDS, connection_id)?;
            for e in &batch.reward_events {
                let program = programs.get(&e.program_source_id).copied().ok_or_else(|| {
                    VaultError::Data(format!(
                        "reward event {} names unknown program '{}'",
                        e.source_id, e.program_source_id
                    ))
                })?;
                let account = e
                    .account_source_id
                    .as_deref()
                    .map(&account_id)
                    .transpose()?;
                report.count(upsert_reward_event(&tx, program, account, e)?);
            }
        }
        for t in &batch.transfers {
            report.count(upsert_transfer(&tx, account_id(&t.account_source_id)?, t)?);
        }
        for e in &batch.card_events {
            report.count(upsert_card_event(
                &tx,
                account_id(&e.account_source_id)?,
                e,
            )?);
        }
        for (stream, cursor) in &batch.cursors {
            tx.execute(
                "INSERT INTO sync_cursors (connection_id, stream, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (connection_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                params![connection_id, stream, cursor, now],
            )
            .map_err(VaultError::sqlite("saving the sync cursor"))?;
        }
        for (name, value) in &batch.secrets {
            put_secret(&tx, connection_id, name, value)?;
        }
        let mut touched: Vec<i64> = batch
            .accounts
            .iter()
            .map(|a| a.source_id.as_str())
            .chain(batch.balances.iter().map(|b| b.account_source_id.as_str()))
            .filter_map(|s| accounts.get(s).copied())
            .chain(transactions.accounts)
            .collect();
        touched.sort_unstable();
        touched.dedup();
        report.accounts = touched;
        // The analytics sums commit with the rows (the one call on the write path); new rows
        // get the user's category rules first, so what is summed is what reports show.
        let recategorized = super::rules_write::apply_rules_to_new_rows(&tx)?;
        // Accruals stored before their purchase (or whose purchase changed amount) get their
        // verdict once the purchase is here; one probe of an empty index when none wait.
        if transactions.rows > 0 {
            super::reward_checks::judge_waiting_accruals(&tx)?;
        }
        match grouped {
            Some(new_rows) if recategorized == 0 => {
                super::summary::summarize_grouped_rows(&tx, new_rows.above, new_rows.groups)?
            }
            _ => super::summary::summarize_new_rows(&tx)?,
        }
        also(&tx)?;
        if commit {
            tx.commit().map_err(VaultError::sqlite(FAIL))?;
        } else {
            tx.rollback().map_err(VaultError::sqlite(FAIL))?;
        }
        Ok((connection_id, report))
    }
}

/// Whose records a batch holds.
pub(super) enum BatchConnection<'a> {
    /// A connection by its id.
    Id(i64),
    /// The connection files of `kind` from `institution` are imported under, made in the
    /// batch's transaction if there is none yet.
    File {
        kind: ConnectionKind,
        institution: &'a str,
    },
}

const ACCOUNT_IDS: &str = "SELECT source_id, id FROM accounts WHERE connection_id = ?1";
const PROGRAM_IDS: &str = "SELECT source_id, id FROM reward_programs WHERE connection_id = ?1";

/// `source_id → id` of a connection's rows, by one of the queries above.
fn ids_by_source(
    tx: &Transaction<'_>,
    sql: &'static str,
    connection_id: i64,
) -> Result<HashMap<String, i64>, VaultError> {
    let mut stmt = tx.prepare_cached(sql).map_err(VaultError::sqlite(FAIL))?;
    let rows = stmt
        .query_map([connection_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })
        .map_err(VaultError::sqlite(FAIL))?;
    rows.collect::<Result<_, _>>()
        .map_err(VaultError::sqlite(FAIL))
}

fn upsert_account(
    tx: &Transaction<'_>,
    connection_id: i64,
    a: &AccountRecord,
    now: &str,
) -> Result<Outcome, VaultError> {
    let apy = a.apy.map(|d| d.normalize().to_string());
    let (limit, cash) = (
        opt_minor(&a.credit_limit)?,
        opt_minor(&a.cash_advance_limit)?,
    );
    upsert(
        tx,
        "INSERT INTO accounts (connection_id, source_id, kind, product, name, mask, currency, credit_limit_minor,
            cash_advance_limit_minor, apy, opened_on, term_months, maturity_on, status, reward_program_source_id,
            created_at, updated_at)
         VALUES (:conn, :source, :kind, :product, :name, :mask, :currency, :limit, :cash, :apy, :opened, :term,
            :maturity, :status, :program, :now, :now)
         ON CONFLICT (connection_id, source_id) DO NOTHING",
        "UPDATE accounts SET kind = :kind, product = :product, name = :name, mask = :mask, currency = :currency,
            credit_limit_minor = :limit, cash_advance_limit_minor = :cash, apy = :apy, opened_on = :opened,
            term_months = :term, maturity_on = :maturity, status = :status, reward_program_source_id = :program,
            updated_at = :now
         WHERE connection_id = :conn AND source_id = :source AND (kind IS NOT :kind OR product IS NOT :product
            OR name IS NOT :name OR mask IS NOT :mask OR currency IS NOT :currency OR credit_limit_minor IS NOT :limit
            OR cash_advance_limit_minor IS NOT :cash OR apy IS NOT :apy OR opened_on IS NOT :opened
            OR term_months IS NOT :term OR maturity_on IS NOT :maturity OR status IS NOT :status
            OR reward_program_source_id IS NOT :program)",
        named_params! {
            ":conn": connection_id, ":source": a.source_id, ":kind": a.kind.as_str(), ":product": a.product,
            ":name": a.name, ":mask": a.mask, ":currency": a.currency.code(), ":limit": limit, ":cash": cash,
            ":apy": apy, ":opened": date(&a.opened_on), ":term": a.term_months, ":maturity": date(&a.maturity_on),
            ":status": a.status.as_str(), ":program": a.reward_program_source_id, ":now": now,
        },
    )
    .map_err(VaultError::sqlite("storing an account"))
}

fn upsert_balance(
    tx: &Transaction<'_>,
    account: i64,
    b: &BalanceRecord,
) -> Result<Outcome, VaultError> {
    let (current, available, limit) = (
        minor(&b.current)?,
        opt_minor(&b.available)?,
        opt_minor(&b.limit)?,
    );
    upsert(
        tx,
        "INSERT INTO balance_snapshots (account_id, as_of, current_minor, available_minor, limit_minor, currency)
         VALUES (:account, :as_of, :current, :available, :limit, :currency)
         ON CONFLICT (account_id, as_of) DO NOTHING",
        "UPDATE balance_snapshots SET current_minor = :current, available_minor = :available, limit_minor = :limit,
            currency = :currency
         WHERE account_id = :account AND as_of = :as_of AND (current_minor IS NOT :current
            OR available_minor IS NOT :available OR limit_minor IS NOT :limit OR currency IS NOT :currency)",
        named_params! {
            ":account": account, ":as_of": b.as_of.to_string(), ":current": current, ":available": available,
            ":limit": limit, ":currency": b.current.currency().code(),
        },
    )
    .map_err(VaultError::sqlite("storing a balance"))
}

//! The sync engine: pulls batches from a connector and commits them, with their cursors and
//! secrets, in SQLite transactions; records the run, the connection's status and the audit log.
//!
//! Consecutive pages are stored together, in groups that double from one page up to
//! [`COMMIT_ROWS`] rows or [`COMMIT_AFTER`] from the first of them; a page carrying a rotated
//! secret, voided postings or only bookkeeping is stored on its own, right away, after the
//! pages before it ([`Batch::stands_alone`]). Killed at any instant, the vault holds every
//! commit made before the kill and nothing of the pages not yet committed; the saved cursors
//! point just past the committed pages, so the next sync resumes there. Re-applying a batch is
//! harmless (upserts by identity).

use std::time::{Duration, Instant};

use serde::Serialize;

use super::{Batch, Connector};
use crate::vault::store::{ApplyReport, MatchRule};
use crate::vault::{Vault, VaultError};

/// What a sync reports as it goes.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[ts(export)]
pub enum SyncProgress {
    Started {
        #[ts(type = "number")]
        connection_id: i64,
        institution: String,
    },
    Batch {
        #[ts(type = "number")]
        connection_id: i64,
        label: String,
        #[ts(type = "number")]
        batches: u64,
        #[ts(type = "number")]
        rows: u64,
        #[ts(type = "number")]
        accounts: u64,
        totals: ApplyReport,
    },
    Finished {
        #[ts(type = "number")]
        connection_id: i64,
        outcome: SyncOutcome,
    },
}

/// How a sync of one connection ended.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncOutcome {
    #[ts(type = "number")]
    pub connection_id: i64,
    /// `ok`, `needs_reauth`, `failed`, or `stopped` (asked to stop between two batches).
    pub status: String,
    /// What went wrong, for people; never a secret.
    pub error: Option<String>,
    #[ts(type = "number")]
    pub batches: u64,
    pub totals: ApplyReport,
}

/// Pages fetched are stored together up to this many rows (a page is typically 1,000): each
/// commit rewrites every index page its rows touched, so storing page by page wrote the same
/// pages over and over (a fifth of a sync's time, growing with the vault).
pub const COMMIT_ROWS: usize = 20_000;

/// ... or once this long has passed since the first of them arrived (looked at as each page
/// arrives), so a slow source still shows progress and keeps what it sent.
pub const COMMIT_AFTER: Duration = Duration::from_secs(2);

/// Pages fetched and not yet stored.
struct Waiting {
    batch: Batch,
    pages: u64,
    since: Instant,
}

impl Waiting {
    fn new(batch: Batch) -> Self {
        Waiting {
            batch,
            pages: 1,
            since: Instant::now(),
        }
    }
}

/// What a sync has stored so far.
#[derive(Default)]
struct Stored {
    batches: u64,
    rows: u64,
    totals: ApplyReport,
}

impl Stored {
    /// Stores the waiting pages, if any, in one transaction and reports the progress.
    fn commit(
        &mut self,
        vault: &mut Vault,
        connection_id: i64,
        rule: Option<&MatchRule>,
        waiting: Option<Waiting>,
        on_progress: &mut dyn FnMut(&SyncProgress),
    ) -> Result<(), VaultError> {
        let Some(Waiting { batch, pages, .. }) = waiting else {
            return Ok(());
        };
        let report = vault.apply_batch(connection_id, &batch, rule)?;
        self.batches += pages;
        self.rows += batch.row_count() as u64;
        self.totals.absorb(&report);
        on_progress(&SyncProgress::Batch {
            connection_id,
            label: batch.label.clone(),
            batches: self.batches,
            rows: self.rows,
            accounts: self.totals.accounts.len() as u64,
            totals: self.totals.clone(),
        });
        Ok(())
    }
}

/// Errors that stop a sync and are not the remote side's fault.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// The message of a sync told to stop.
pub const STOPPED: &str =
    "the sync was stopped before it finished; what it fetched is kept and the next sync resumes there";

/// Syncs one connection. A connector failure ends the sync but is not an `Err`: it is recorded
/// on the connection and returned in the outcome; batches committed before it stay.
///
/// `stop` is asked before each batch is requested: when it answers `true` the sync ends there
/// (never inside a request, whose answer may rotate a token), the run is recorded as stopped and
/// the connection's status is left as it was.
pub async fn sync_connection<C: Connector>(
    vault: &mut Vault,
    connection_id: i64,
    institution: &str,
    connector: &mut C,
    rule: Option<&MatchRule>,
    on_progress: &mut dyn FnMut(&SyncProgress),
    stop: &dyn Fn() -> bool,
) -> Result<SyncOutcome, SyncError> {
    vault.record_refresh_receipt(connection_id)?;
    let run_id = vault.start_sync_run(connection_id)?;
    on_progress(&SyncProgress::Started {
        connection_id,
        institution: institution.to_string(),
    });
    let mut stored = Stored::default();
    // A sync's batches are small but many: keep their index pages cached across batches.
    let cache = vault.begin_bulk()?;
    let mut stopped = false;
    let mut waiting: Option<Waiting> = None;
    // Pages per commit: 1, then 2, 4, 8…, so the first data shows at once and a small sync
    // still commits in steps; the row and time limits cap it.
    let mut group: u64 = 1;
    let pulled: Result<_, VaultError> = async {
        loop {
            if stop() {
                stopped = true;
                stored.commit(vault, connection_id, rule, waiting.take(), on_progress)?;
                break Ok(None);
            }
            match connector.next_batch().await {
                Ok(Some(batch)) if batch.stands_alone() => {
                    stored.commit(vault, connection_id, rule, waiting.take(), on_progress)?;
                    let alone = Waiting::new(batch);
                    stored.commit(vault, connection_id, rule, Some(alone), on_progress)?;
                }
                Ok(Some(batch)) => {
                    let merged = match waiting.take() {
                        Some(mut w) => {
                            w.batch.absorb(batch);
                            w.pages += 1;
                            w
                        }
                        None => Waiting::new(batch),
                    };
                    if merged.pages >= group
                        || merged.batch.row_count() >= COMMIT_ROWS
                        || merged.since.elapsed() >= COMMIT_AFTER
                    {
                        stored.commit(vault, connection_id, rule, Some(merged), on_progress)?;
                        group = group.saturating_mul(2);
                    } else {
                        waiting = Some(merged);
                    }
                }
                Ok(None) => {
                    stored.commit(vault, connection_id, rule, waiting.take(), on_progress)?;
                    break Ok(None);
                }
                Err(err) => {
                    // What was fetched before the failure is kept, as if stored page by page.
                    stored.commit(vault, connection_id, rule, waiting.take(), on_progress)?;
                    break Ok(Some(err));
                }
            }
        }
    }
    .await;
    let Stored {
        batches, totals, ..
    } = stored;
    vault.end_bulk(cache)?;
    let failure = pulled?;
    let (status, error) = match &failure {
        None if stopped => ("stopped", Some(STOPPED.to_string())),
        None => ("ok", None),
        Some(err) if err.needs_reauth() => ("needs_reauth", Some(err.to_string())),
        Some(err) => ("failed", Some(err.to_string())),
    };
    let connection_status = match status {
        "ok" => "active",
        "needs_reauth" => "needs_reauth",
        _ => "error",
    };
    vault.finish_sync_run(run_id, status, batches, &totals, error.as_deref())?;
    if !stopped {
        vault.set_connection_status(
            connection_id,
            connection_status,
            error.as_deref(),
            failure.is_none(),
        )?;
    }
    vault.record_audit(
        "sync",
        Some(connection_id),
        status == "ok",
        &serde_json::json!({
            "status": status, "batches": batches, "added": totals.added,
            "updated": totals.updated, "unchanged": totals.unchanged, "error": error,
        }),
    )?;
    let outcome = SyncOutcome {
        connection_id,
        status: status.to_string(),
        error,
        batches,
        totals,
    };
    on_progress(&SyncProgress::Finished {
        connection_id,
        outcome: outcome.clone(),
    });
    Ok(outcome)
}

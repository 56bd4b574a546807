//! Sync runs: when each sync started and ended, how it went, how many rows it moved.

use super::ApplyReport;
use crate::vault::{now_rfc3339, Vault, VaultError};

impl Vault {
    /// Records that a sync of `connection_id` started; returns the run's id.
    pub fn start_sync_run(&self, connection_id: i64) -> Result<i64, VaultError> {
        self.conn
            .execute(
                "INSERT INTO sync_runs (connection_id, started_at, status) VALUES (?1, ?2, 'running')",
                rusqlite::params![connection_id, now_rfc3339()],
            )
            .map_err(VaultError::sqlite("recording the sync run"))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records how a sync run ended.
    pub fn finish_sync_run(
        &self,
        run_id: i64,
        status: &str,
        batches: u64,
        totals: &ApplyReport,
        error: Option<&str>,
    ) -> Result<(), VaultError> {
        let status = if status == "ok" {
            "ok"
        } else if totals.added + totals.updated > 0 {
            "partial"
        } else {
            "failed"
        };
        self.conn
            .execute(
                "UPDATE sync_runs SET finished_at = ?2, status = ?3, pages = ?4, accounts = ?5,
                    rows_added = ?6, rows_updated = ?7, error = ?8 WHERE id = ?1",
                rusqlite::params![
                    run_id,
                    now_rfc3339(),
                    status,
                    batches as i64,
                    totals.accounts.len() as i64,
                    totals.added as i64,
                    totals.updated as i64,
                    error
                ],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("recording the sync run"))
    }
}

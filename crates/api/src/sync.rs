//! `sync_run`: syncs the vault's connections (all, or one) on a private single-threaded runtime,
//! reporting progress as it goes. The vault stays held by this session for the whole sync.

use coffer_core::sync::{sync_connections, SyncError, SyncProgress};

use crate::error::{ApiError, ErrorKind};
use crate::views::{SyncRequest, SyncSummary};
use crate::Session;

impl Session {
    /// Must be called from a blocking thread (never from inside an async task).
    pub fn sync_run(
        &self,
        request: SyncRequest,
        on_progress: &mut dyn FnMut(&SyncProgress),
    ) -> Result<SyncSummary, ApiError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                ApiError::new(
                    ErrorKind::Internal,
                    format!("Could not start the sync: {e}."),
                )
            })?;
        self.with_vault(|vault| {
            let outcomes = runtime
                .block_on(sync_connections(vault, request.connection_id, on_progress))
                .map_err(|e| match e {
                    SyncError::Vault(v) => ApiError::from(v),
                })?;
            Ok(SyncSummary { outcomes })
        })
    }
}

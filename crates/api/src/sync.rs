//! `sync_run`: syncs the vault's connections (all, or one) on a private single-threaded runtime,
//! reporting progress as it goes. The sync runs on a second connection to the vault
//! (`Vault::open_sibling`), taken under the session's lock and then used without it, so every
//! other command keeps answering while it runs. One sync at a time per session (`busy`
//! otherwise); locking the vault tells it to stop before its next batch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use coffer_core::sync::{sync_connections_until, SyncError, SyncProgress};
use coffer_core::Vault;

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
        let (slot, mut sibling) = self.take_sync_slot()?;
        let stop = || slot.stop.load(Ordering::SeqCst);
        let synced = runtime.block_on(sync_connections_until(
            &mut sibling,
            request.connection_id,
            on_progress,
            &stop,
        ));
        // Close the sync's connection (SQLCipher wipes its key) before the slot is freed.
        drop(sibling);
        let stopped = stop();
        drop(slot);
        if stopped {
            return Err(ApiError::new(
                ErrorKind::Locked,
                "The vault was locked during the sync, which stopped; what it fetched is kept. Unlock and sync again to finish.",
            ));
        }
        let outcomes = synced.map_err(|e| match e {
            SyncError::Vault(v) => ApiError::from(v),
        })?;
        Ok(SyncSummary { outcomes })
    }

    /// Under the session's lock: refuses a second sync, opens the sync's own connection and
    /// records its stop flag where locking finds it.
    pub(crate) fn take_sync_slot(&self) -> Result<(SyncSlot<'_>, Vault), ApiError> {
        self.with_state(|state| {
            if state.sync.is_some() {
                return Err(ApiError::new(
                    ErrorKind::Busy,
                    "A sync is already running; its progress is shown until it finishes.",
                ));
            }
            let vault = state.vault.as_ref().ok_or_else(ApiError::locked)?;
            let sibling = vault.open_sibling()?;
            let stop = Arc::new(AtomicBool::new(false));
            state.sync = Some(Arc::clone(&stop));
            Ok((
                SyncSlot {
                    session: self,
                    stop,
                },
                sibling,
            ))
        })
    }
}

/// The session's one sync slot, freed when dropped (also if the sync panics).
pub(crate) struct SyncSlot<'a> {
    session: &'a Session,
    pub(crate) stop: Arc<AtomicBool>,
}

impl Drop for SyncSlot<'_> {
    fn drop(&mut self) {
        let mut state = self.session.lock_state();
        if state
            .sync
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, &self.stop))
        {
            state.sync = None;
        }
    }
}

//! Auto-lock after idle: the delay (minutes, kept in the vault's settings), when the session was
//! last used, and the check that drops the key once the vault has sat idle too long. The UI
//! locks on its own timer too; this side holds even when no window is left to do it.

use std::time::{Duration, Instant};

use coffer_core::Vault;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::Session;

/// The vault setting holding the delay in minutes (`0` = never).
pub const AUTO_LOCK_SETTING: &str = "auto_lock_minutes";
/// The delay when none was chosen.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 15;
/// The longest delay the app offers (a day).
pub const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;

/// The session's idle clock.
#[derive(Debug)]
pub struct Idle {
    /// `None`: never lock by itself.
    delay: Option<Duration>,
    last_used: Instant,
}

impl Default for Idle {
    fn default() -> Self {
        Idle {
            delay: Some(minutes(DEFAULT_AUTO_LOCK_MINUTES)),
            last_used: Instant::now(),
        }
    }
}

fn minutes(m: u32) -> Duration {
    Duration::from_secs(u64::from(m) * 60)
}

/// The app's preferences kept in the vault.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AppSettings {
    /// Lock after this many idle minutes; `0` never locks by itself.
    pub auto_lock_minutes: u32,
}

impl Session {
    fn idle_clock(&self) -> std::sync::MutexGuard<'_, Idle> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads the vault's auto-lock delay into the session (called when a vault is opened).
    pub(crate) fn adopt_idle_setting(&self, vault: &Vault) {
        let minutes_set = vault
            .setting(AUTO_LOCK_SETTING)
            .ok()
            .flatten()
            .and_then(|text| text.parse::<u32>().ok())
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
        let mut idle = self.idle_clock();
        idle.delay = (minutes_set > 0).then(|| minutes(minutes_set));
        idle.last_used = Instant::now();
    }

    pub(crate) fn idle_expired(&self) -> bool {
        let idle = self.idle_clock();
        idle.delay.is_some_and(|d| idle.last_used.elapsed() >= d)
    }

    pub(crate) fn touch(&self) {
        self.idle_clock().last_used = Instant::now();
    }

    /// Locks the vault when it has been idle longer than the delay; a vault busy with a command
    /// is left alone. A sync runs on its own connection and is not a command holding the vault:
    /// it is told to stop before its next batch. Hosts call this on a timer. Returns whether it
    /// locked.
    pub fn lock_if_idle(&self) -> bool {
        if !self.idle_expired() {
            return false;
        }
        match self.state_try_lock() {
            Some(mut state) if state.vault.is_some() => {
                state.close();
                true
            }
            _ => false,
        }
    }

    fn state_try_lock(&self) -> Option<std::sync::MutexGuard<'_, crate::session::State>> {
        match self.state_mutex().try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    pub fn settings_get(&self) -> Result<AppSettings, ApiError> {
        self.with_vault(|vault| {
            let auto_lock_minutes = vault
                .setting(AUTO_LOCK_SETTING)?
                .and_then(|text| text.parse().ok())
                .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
            Ok(AppSettings { auto_lock_minutes })
        })
    }

    pub fn settings_set(&self, settings: AppSettings) -> Result<AppSettings, ApiError> {
        if settings.auto_lock_minutes > MAX_AUTO_LOCK_MINUTES {
            return Err(ApiError::invalid(format!(
                "Auto-lock can wait at most {MAX_AUTO_LOCK_MINUTES} minutes (a day)."
            )));
        }
        self.with_vault(|vault| {
            vault.put_setting(AUTO_LOCK_SETTING, &settings.auto_lock_minutes.to_string())?;
            self.adopt_idle_setting(vault);
            Ok(settings.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::CreateVaultRequest;
    use crate::ErrorKind;
    use coffer_core::keychain::Keychain;
    use coffer_core::KeyMode;

    #[test]
    fn an_idle_vault_is_locked_and_its_key_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().join("v.db"), Keychain::new("coffer-idle-test"));
        session
            .vault_create(CreateVaultRequest {
                key_mode: KeyMode::Passphrase,
                passphrase: Some("idle test".into()),
            })
            .unwrap();
        assert!(!session.lock_if_idle());
        session.idle_clock().delay = Some(Duration::from_millis(20));
        std::thread::sleep(Duration::from_millis(40));
        assert!(session.lock_if_idle());
        assert!(!session.app_info().unlocked);
        assert_eq!(session.vault_status().unwrap_err().kind, ErrorKind::Locked);

        // A request after the delay finds the vault locked even without the timer.
        session
            .vault_unlock(crate::types::UnlockRequest {
                passphrase: Some("idle test".into()),
            })
            .unwrap();
        session.idle_clock().delay = Some(Duration::from_millis(20));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(session.vault_status().unwrap_err().kind, ErrorKind::Locked);
    }

    #[test]
    fn going_idle_during_a_sync_locks_and_stops_the_sync() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().join("v.db"), Keychain::new("coffer-idle-test"));
        let unlock = || crate::types::UnlockRequest {
            passphrase: Some("idle sync".into()),
        };
        session
            .vault_create(CreateVaultRequest {
                key_mode: KeyMode::Passphrase,
                passphrase: Some("idle sync".into()),
            })
            .unwrap();
        let expire = || {
            session.idle_clock().delay = Some(Duration::from_millis(20));
            std::thread::sleep(Duration::from_millis(40));
        };
        let stopped =
            |slot: &crate::sync::SyncSlot<'_>| slot.stop.load(std::sync::atomic::Ordering::SeqCst);

        // By the host's timer.
        let (slot, sibling) = session.take_sync_slot().unwrap();
        expire();
        assert!(session.lock_if_idle());
        assert!(stopped(&slot));
        assert_eq!(session.vault_status().unwrap_err().kind, ErrorKind::Locked);
        // Until the stopped sync has closed its connection, no other sync starts.
        session.vault_unlock(unlock()).unwrap();
        let busy = session.sync_run(Default::default(), &mut |_| {});
        assert_eq!(busy.unwrap_err().kind, ErrorKind::Busy);
        drop(sibling);
        drop(slot);

        // By the first request after the delay.
        let (slot, _sibling) = session.take_sync_slot().unwrap();
        expire();
        assert_eq!(session.vault_status().unwrap_err().kind, ErrorKind::Locked);
        assert!(stopped(&slot));
    }
}

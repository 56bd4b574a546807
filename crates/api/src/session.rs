//! The session: which vault the app is looking at and, while unlocked, the open vault itself.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use coffer_core::keychain::Keychain;
use coffer_core::vault::Unlock;
use coffer_core::{KeyMode, Passphrase, Vault, VaultStatus};

use crate::error::{ApiError, ErrorKind};
use crate::types::{AppInfo, CreateVaultRequest, UnlockRequest};

/// One app session over one vault file.
pub struct Session {
    pub(crate) vault_path: PathBuf,
    pub(crate) keychain: Keychain,
    demo_passphrase: Option<String>,
    state: Mutex<State>,
    /// Sign-ins waiting for their second step, and the demo sandbox bank (`connect.rs`).
    pub(crate) pending: crate::connect::Pending,
    /// Auto-lock after idle (`idle.rs`).
    pub(crate) idle: Mutex<crate::idle::Idle>,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) vault: Option<Vault>,
    /// Failed unlock attempts since the last success, written to the audit log on the next one.
    failed_unlocks: u32,
    /// The stop flag of the sync running on its own connection (`sync.rs`), while one runs.
    pub(crate) sync: Option<Arc<AtomicBool>>,
}

impl State {
    /// Locks: closes the vault (SQLCipher wipes its key) and tells a running sync to stop
    /// before its next batch, after which it closes its own connection.
    pub(crate) fn close(&mut self) {
        self.vault = None;
        if let Some(stop) = &self.sync {
            stop.store(true, Ordering::SeqCst);
        }
    }

    /// Refuses with `busy` while a sync runs beside the session (rekey, restore, unlink).
    pub(crate) fn ensure_no_sync(&self, what: &str) -> Result<(), ApiError> {
        match self.sync {
            Some(_) => Err(ApiError::new(
                ErrorKind::Busy,
                format!("A sync is running; {what} once it has finished."),
            )),
            None => Ok(()),
        }
    }
}

impl Session {
    pub fn new(vault_path: PathBuf, keychain: Keychain) -> Self {
        Session {
            vault_path,
            keychain,
            demo_passphrase: None,
            state: Mutex::new(State::default()),
            pending: Default::default(),
            idle: Default::default(),
        }
    }

    /// Marks this as the synthetic demo vault, whose fixed passphrase the lock screen may show.
    pub fn with_demo_passphrase(mut self, passphrase: &str) -> Self {
        self.demo_passphrase = Some(passphrase.to_string());
        self
    }

    /// `make run` marks the demo vault with `COFFER_DEMO=1`; its documented passphrase
    /// (`COFFER_DEMO_PASSPHRASE`, default `coffer-demo`) is then shown on the lock screen. The
    /// demo vault holds synthetic data only.
    pub fn with_demo_from_env(self) -> Self {
        if std::env::var("COFFER_DEMO").as_deref() != Ok("1") {
            return self;
        }
        let passphrase =
            std::env::var("COFFER_DEMO_PASSPHRASE").unwrap_or_else(|_| "coffer-demo".to_string());
        self.with_demo_passphrase(&passphrase)
    }

    /// Starts unlocked, with a vault the caller already opened (e.g. `coffer serve` given the
    /// passphrase on stdin).
    pub fn with_open_vault(self, vault: Vault) -> Self {
        self.adopt_idle_setting(&vault);
        self.lock_state().vault = Some(vault);
        self
    }

    pub(crate) fn state_mutex(&self) -> &Mutex<State> {
        &self.state
    }

    pub(crate) fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the vault half-changed (SQLite is
        // transactional), so a poisoned lock is safe to keep using.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn app_info(&self) -> AppInfo {
        let keychain_available = Keychain::probe().is_ok();
        let vault_exists = self.vault_path.exists();
        let unlocked = self.lock_state().vault.is_some();
        let key_mode = if vault_exists {
            self.stored_key_mode(keychain_available)
        } else {
            None
        };
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            vault_path: self.vault_path.display().to_string(),
            vault_exists,
            unlocked,
            key_mode,
            keychain_available,
            demo_passphrase: self.demo_passphrase.clone(),
        }
    }

    fn stored_key_mode(&self, keychain_available: bool) -> Option<KeyMode> {
        if let Some(vault) = &self.lock_state().vault {
            return Some(vault.key_mode());
        }
        if !keychain_available {
            return Some(KeyMode::Passphrase);
        }
        let account = coffer_core::vault::keychain_account(&self.vault_path).ok()?;
        match self.keychain.load(&account) {
            Ok(Some(_)) => Some(KeyMode::Keychain),
            Ok(None) => Some(KeyMode::Passphrase),
            Err(_) => None,
        }
    }

    pub fn vault_create(&self, request: CreateVaultRequest) -> Result<VaultStatus, ApiError> {
        let protect = self.protection(request.key_mode, request.passphrase)?;
        let vault = Vault::create(&self.vault_path, protect)?;
        let status = vault.brief_status()?;
        self.adopt_idle_setting(&vault);
        self.lock_state().vault = Some(vault);
        Ok(status)
    }

    pub fn vault_unlock(&self, request: UnlockRequest) -> Result<VaultStatus, ApiError> {
        let unlock = match request.passphrase {
            Some(text) if !text.is_empty() => Unlock::Passphrase(to_passphrase(text)?),
            _ => Unlock::Keychain(&self.keychain),
        };
        let mut state = self.lock_state();
        match Vault::open(&self.vault_path, unlock) {
            Ok(vault) => {
                if state.failed_unlocks > 0 {
                    vault.record_audit(
                        "vault.unlock_failed",
                        None,
                        false,
                        &serde_json::json!({ "attempts": state.failed_unlocks }),
                    )?;
                    state.failed_unlocks = 0;
                }
                // Brief: the full checks read every page (half a minute at a million rows)
                // and would stand between the user and the dashboard.
                let status = vault.brief_status()?;
                self.adopt_idle_setting(&vault);
                state.vault = Some(vault);
                Ok(status)
            }
            Err(err) => {
                if err.is_key_problem() {
                    state.failed_unlocks += 1;
                }
                Err(err.into())
            }
        }
    }

    /// Closes the vault; SQLCipher wipes the key and page cache from memory. A running sync
    /// stops before its next batch.
    pub fn vault_lock(&self) {
        self.lock_state().close();
    }

    /// Location, schema and key mode, at once.
    pub fn vault_status(&self) -> Result<VaultStatus, ApiError> {
        self.with_vault(|vault| Ok(vault.brief_status()?))
    }

    /// Row counts and the integrity checks over every page: asked for, never on the way in.
    pub fn vault_check(&self) -> Result<VaultStatus, ApiError> {
        self.with_vault(|vault| Ok(vault.status()?))
    }

    /// Runs `f` on the unlocked vault, or fails with `locked`.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with_state(|state| f(state.vault.as_mut().ok_or_else(ApiError::locked)?))
    }

    /// [`Session::with_vault`], refused with `busy` while a sync runs: for what must not change
    /// the file under the sync's connection (`what` completes "…; {what} once it has finished").
    pub fn with_vault_alone<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Vault) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with_state(|state| {
            state.ensure_no_sync(what)?;
            f(state.vault.as_mut().ok_or_else(ApiError::locked)?)
        })
    }

    /// Runs `f` on the session's state with the vault unlocked (checked), or fails with `locked`.
    pub(crate) fn with_state<T>(
        &self,
        f: impl FnOnce(&mut State) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut state = self.lock_state();
        if self.idle_expired() {
            // Idle longer than the auto-lock delay: drop the key before anything is read.
            state.close();
        }
        if state.vault.is_none() {
            return Err(ApiError::locked());
        }
        self.touch();
        f(&mut state)
    }

    fn protection(
        &self,
        mode: KeyMode,
        passphrase: Option<String>,
    ) -> Result<Unlock<'_>, ApiError> {
        match mode {
            KeyMode::Keychain => {
                Keychain::probe()
                    .map_err(|e| ApiError::new(ErrorKind::KeychainUnavailable, e.to_string()))?;
                Ok(Unlock::Keychain(&self.keychain))
            }
            KeyMode::Passphrase => {
                let text = passphrase
                    .ok_or_else(|| ApiError::invalid("Enter a passphrase to protect the vault."))?;
                Ok(Unlock::Passphrase(to_passphrase(text)?))
            }
        }
    }
}

fn to_passphrase(text: String) -> Result<Passphrase, ApiError> {
    Passphrase::new(text).map_err(|e| ApiError::invalid(format!("{e}.")))
}

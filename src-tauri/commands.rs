//! Tauri commands: parse the request, run it on a blocking thread (the KDF and SQLite must not
//! freeze the window), return the typed result or an `ApiError {kind, message}`.

use std::sync::Arc;

use coffer_api::types::{AppInfo, CreateVaultRequest, UnlockRequest};
use coffer_api::{ApiError, ErrorKind, Session};
use coffer_core::VaultStatus;
use tauri::State;

type Shared<'a> = State<'a, Arc<Session>>;

async fn blocking<T: Send + 'static>(
    session: &Shared<'_>,
    work: impl FnOnce(&Session) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let session = Arc::clone(session);
    tauri::async_runtime::spawn_blocking(move || work(&session))
        .await
        .map_err(|e| ApiError::new(ErrorKind::Internal, format!("The command stopped: {e}.")))?
}

#[tauri::command]
pub async fn app_info(session: Shared<'_>) -> Result<AppInfo, ApiError> {
    blocking(&session, |s| Ok(s.app_info())).await
}

#[tauri::command]
pub async fn vault_create(
    session: Shared<'_>,
    request: CreateVaultRequest,
) -> Result<VaultStatus, ApiError> {
    blocking(&session, move |s| s.vault_create(request)).await
}

#[tauri::command]
pub async fn vault_unlock(
    session: Shared<'_>,
    request: UnlockRequest,
) -> Result<VaultStatus, ApiError> {
    blocking(&session, move |s| s.vault_unlock(request)).await
}

#[tauri::command]
pub async fn vault_lock(session: Shared<'_>) -> Result<(), ApiError> {
    blocking(&session, |s| {
        s.vault_lock();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn vault_status(session: Shared<'_>) -> Result<VaultStatus, ApiError> {
    blocking(&session, |s| s.vault_status()).await
}

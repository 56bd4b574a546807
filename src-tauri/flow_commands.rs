//! Tauri commands for the app's flows beyond reading: adding connections, importing files,
//! category edits and rules, settings (auto-lock), rekey, backup and restore. Each delegates to
//! coffer-api's `Session` on a blocking thread, like `commands.rs`.

use std::sync::Weak;
use std::time::Duration;

use coffer_api::connect::{
    FdxFinishRequest, FdxStartRequest, FdxStarted, IssuerChallenge, IssuerCodeRequest,
    IssuerLoginRequest, LinkOfxDirectRequest, LinkResult, LinkSimplefinRequest,
};
use coffer_api::idle::AppSettings;
use coffer_api::import::{ImportFileRequest, ImportOutcome};
use coffer_api::recategorize::{RulePreview, RuleRequest, RuleSaved, SetCategoryRequest};
use coffer_api::{admin, ApiError, Session};

use crate::commands::{blocking, Shared};
use coffer_core::VaultStatus;

/// Checks every 15 s whether the vault sat idle past its auto-lock delay, and locks it (the key
/// is dropped even when the window is hidden or its timer did not run). Ends with the session.
pub fn spawn_idle_watch(session: Weak<Session>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(15));
        match session.upgrade() {
            Some(s) => {
                s.lock_if_idle();
            }
            None => return,
        }
    });
}

#[tauri::command]
pub async fn link_simplefin(
    session: Shared<'_>,
    request: LinkSimplefinRequest,
) -> Result<LinkResult, ApiError> {
    blocking(&session, move |s| s.link_simplefin(request)).await
}

#[tauri::command]
pub async fn link_ofx_direct(
    session: Shared<'_>,
    request: LinkOfxDirectRequest,
) -> Result<LinkResult, ApiError> {
    blocking(&session, move |s| s.link_ofx_direct(request)).await
}

#[tauri::command]
pub async fn link_issuer_start(
    session: Shared<'_>,
    request: IssuerLoginRequest,
) -> Result<IssuerChallenge, ApiError> {
    blocking(&session, move |s| s.link_issuer_start(request)).await
}

#[tauri::command]
pub async fn link_issuer_code(
    session: Shared<'_>,
    request: IssuerCodeRequest,
) -> Result<LinkResult, ApiError> {
    blocking(&session, move |s| s.link_issuer_code(request)).await
}

#[tauri::command]
pub async fn link_fdx_start(
    session: Shared<'_>,
    request: FdxStartRequest,
) -> Result<FdxStarted, ApiError> {
    blocking(&session, move |s| s.link_fdx_start(request)).await
}

#[tauri::command]
pub async fn link_fdx_finish(
    session: Shared<'_>,
    request: FdxFinishRequest,
) -> Result<LinkResult, ApiError> {
    blocking(&session, move |s| s.link_fdx_finish(request)).await
}

#[tauri::command]
pub async fn link_demo(session: Shared<'_>) -> Result<LinkResult, ApiError> {
    blocking(&session, |s| s.link_demo()).await
}

#[tauri::command]
pub async fn import_file(
    session: Shared<'_>,
    request: ImportFileRequest,
) -> Result<ImportOutcome, ApiError> {
    blocking(&session, move |s| s.import_file(request)).await
}

#[tauri::command]
pub async fn transaction_set_category(
    session: Shared<'_>,
    request: SetCategoryRequest,
) -> Result<(), ApiError> {
    blocking(&session, move |s| s.transaction_set_category(request)).await
}

#[tauri::command]
pub async fn rule_preview(
    session: Shared<'_>,
    request: RuleRequest,
) -> Result<RulePreview, ApiError> {
    blocking(&session, move |s| s.rule_preview(request)).await
}

#[tauri::command]
pub async fn rule_create(session: Shared<'_>, request: RuleRequest) -> Result<RuleSaved, ApiError> {
    blocking(&session, move |s| s.rule_create(request)).await
}

#[tauri::command]
pub async fn settings_get(session: Shared<'_>) -> Result<AppSettings, ApiError> {
    blocking(&session, |s| s.settings_get()).await
}

#[tauri::command]
pub async fn settings_set(
    session: Shared<'_>,
    request: AppSettings,
) -> Result<AppSettings, ApiError> {
    blocking(&session, move |s| s.settings_set(request)).await
}

#[tauri::command]
pub async fn vault_rekey(
    session: Shared<'_>,
    request: admin::RekeyRequest,
) -> Result<VaultStatus, ApiError> {
    blocking(&session, move |s| s.vault_rekey(request)).await
}

#[tauri::command]
pub async fn vault_backup(
    session: Shared<'_>,
    request: admin::BackupRequest,
) -> Result<admin::BackupResult, ApiError> {
    blocking(&session, move |s| s.vault_backup(request)).await
}

#[tauri::command]
pub async fn vault_restore(
    session: Shared<'_>,
    request: admin::RestoreRequest,
) -> Result<admin::RestoreResult, ApiError> {
    blocking(&session, move |s| s.vault_restore(request)).await
}

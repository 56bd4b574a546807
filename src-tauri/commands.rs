//! Tauri commands: parse the request, run it on a blocking thread (the KDF and SQLite must not
//! freeze the window), return the typed result or an `ApiError {kind, message}`.

use std::sync::Arc;

use coffer_api::reports::png::{ChartPng, ChartPngRequest};
use coffer_api::reports::types::{
    CdLadderView, FicoReportView, NetWorthReportView, RecurringView, ReportRequest,
    RewardsReportView, SpendReportView,
};
use coffer_api::types::{AppInfo, CreateVaultRequest, UnlockRequest};
use coffer_api::views::{
    AuditLogRequest, DashboardSummary, StatementPdfFile, StatementPdfRequest, SyncRequest,
    SyncSummary, TransactionsPage, TransactionsPageRequest, UnlinkRequest, UnlinkResult,
};
use coffer_api::{ApiError, ErrorKind, Session};
use coffer_core::sync::SyncProgress;
use coffer_core::vault::store::views::{
    AuditEntry, CardEventView, CreditScoreView, RewardProgramView, StatementView, TransferView,
};
use coffer_core::vault::store::{AccountView, ConnectionInfo};
use coffer_core::VaultStatus;
use tauri::ipc::Channel;
use tauri::State;

pub(crate) type Shared<'a> = State<'a, Arc<Session>>;

/// Runs `work` on the session on a blocking thread (the KDF and SQLite must not block the
/// async runtime); a panicked worker is an `internal` error.
pub(crate) async fn blocking<T: Send + 'static>(
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

#[tauri::command]
pub async fn vault_check(session: Shared<'_>) -> Result<VaultStatus, ApiError> {
    blocking(&session, |s| s.vault_check()).await
}

#[tauri::command]
pub async fn accounts_list(session: Shared<'_>) -> Result<Vec<AccountView>, ApiError> {
    blocking(&session, |s| s.accounts_list()).await
}

#[tauri::command]
pub async fn transactions_page(
    session: Shared<'_>,
    request: TransactionsPageRequest,
) -> Result<TransactionsPage, ApiError> {
    blocking(&session, move |s| s.transactions_page(request)).await
}

#[tauri::command]
pub async fn categories_list(session: Shared<'_>) -> Result<Vec<String>, ApiError> {
    blocking(&session, |s| s.categories_list()).await
}

#[tauri::command]
pub async fn connections_list(session: Shared<'_>) -> Result<Vec<ConnectionInfo>, ApiError> {
    blocking(&session, |s| s.connections_list()).await
}

#[tauri::command]
pub async fn connection_unlink(
    session: Shared<'_>,
    request: UnlinkRequest,
) -> Result<UnlinkResult, ApiError> {
    blocking(&session, move |s| s.connection_unlink(request)).await
}

/// Syncs on a blocking thread; each progress event goes to the webview over `on_progress`.
#[tauri::command]
pub async fn sync_run(
    session: Shared<'_>,
    request: SyncRequest,
    on_progress: Channel<SyncProgress>,
) -> Result<SyncSummary, ApiError> {
    blocking(&session, move |s| {
        s.sync_run(request, &mut |event| {
            // A closed window cannot take progress; the sync itself goes on.
            let _ = on_progress.send(event.clone());
        })
    })
    .await
}

#[tauri::command]
pub async fn dashboard_summary(session: Shared<'_>) -> Result<DashboardSummary, ApiError> {
    blocking(&session, |s| s.dashboard_summary()).await
}

#[tauri::command]
pub async fn statements_list(session: Shared<'_>) -> Result<Vec<StatementView>, ApiError> {
    blocking(&session, |s| s.statements_list()).await
}

#[tauri::command]
pub async fn statement_pdf(
    session: Shared<'_>,
    request: StatementPdfRequest,
) -> Result<StatementPdfFile, ApiError> {
    blocking(&session, move |s| s.statement_pdf(request)).await
}

#[tauri::command]
pub async fn transfers_list(session: Shared<'_>) -> Result<Vec<TransferView>, ApiError> {
    blocking(&session, |s| s.transfers_list()).await
}

#[tauri::command]
pub async fn card_events_list(session: Shared<'_>) -> Result<Vec<CardEventView>, ApiError> {
    blocking(&session, |s| s.card_events_list()).await
}

#[tauri::command]
pub async fn credit_scores_list(session: Shared<'_>) -> Result<Vec<CreditScoreView>, ApiError> {
    blocking(&session, |s| s.credit_scores_list()).await
}

#[tauri::command]
pub async fn reward_programs_list(session: Shared<'_>) -> Result<Vec<RewardProgramView>, ApiError> {
    blocking(&session, |s| s.reward_programs_list()).await
}

#[tauri::command]
pub async fn audit_log_list(
    session: Shared<'_>,
    request: AuditLogRequest,
) -> Result<Vec<AuditEntry>, ApiError> {
    blocking(&session, move |s| s.audit_log_list(request)).await
}

#[tauri::command]
pub async fn report_spend(
    session: Shared<'_>,
    request: ReportRequest,
) -> Result<SpendReportView, ApiError> {
    blocking(&session, move |s| s.report_spend(request)).await
}

#[tauri::command]
pub async fn report_networth(
    session: Shared<'_>,
    request: ReportRequest,
) -> Result<NetWorthReportView, ApiError> {
    blocking(&session, move |s| s.report_networth(request)).await
}

#[tauri::command]
pub async fn report_fico(
    session: Shared<'_>,
    request: ReportRequest,
) -> Result<FicoReportView, ApiError> {
    blocking(&session, move |s| s.report_fico(request)).await
}

#[tauri::command]
pub async fn report_rewards(
    session: Shared<'_>,
    request: ReportRequest,
) -> Result<RewardsReportView, ApiError> {
    blocking(&session, move |s| s.report_rewards(request)).await
}

#[tauri::command]
pub async fn report_cds(
    session: Shared<'_>,
    request: ReportRequest,
) -> Result<CdLadderView, ApiError> {
    blocking(&session, move |s| s.report_cds(request)).await
}

#[tauri::command]
pub async fn report_recurring(
    session: Shared<'_>,
    request: ReportRequest,
) -> Result<Vec<RecurringView>, ApiError> {
    blocking(&session, move |s| s.report_recurring(request)).await
}

#[tauri::command]
pub async fn report_chart_png(
    session: Shared<'_>,
    request: ChartPngRequest,
) -> Result<ChartPng, ApiError> {
    blocking(&session, move |s| s.report_chart_png(request)).await
}

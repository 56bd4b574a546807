//! The data views' commands on the session: accounts, pages of transactions, connections,
//! unlinking, the dashboard, statements and their PDFs, transfers, card activity, credit scores,
//! reward programs and the audit log.

use base64::Engine as _;
use chrono::NaiveDate;
use coffer_core::vault::store::views::{
    AuditEntry, CardEventView, CreditScoreView, RewardProgramView, StatementView, TransferView,
};
use coffer_core::vault::store::{AccountView, ConnectionInfo, TransactionFilter};

use crate::error::{ApiError, ErrorKind};
use crate::views::{
    AuditLogRequest, DashboardSummary, StatementPdfFile, StatementPdfRequest, TransactionsPage,
    TransactionsPageRequest, UnlinkRequest, UnlinkResult,
};
use crate::Session;

const DEFAULT_PAGE: u32 = 200;
const MAX_PAGE: u32 = 5_000;
const STATUSES: [&str; 5] = ["pending", "posted", "superseded", "expired", "voided"];

pub(crate) fn date(text: Option<String>, what: &str) -> Result<Option<NaiveDate>, ApiError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ApiError::invalid(format!(
                    "The {what} date '{t}' is not a date like 2026-01-31."
                ))
            }),
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

impl Session {
    pub fn accounts_list(&self) -> Result<Vec<AccountView>, ApiError> {
        self.with_vault(|v| Ok(v.accounts()?))
    }

    pub fn transactions_page(
        &self,
        request: TransactionsPageRequest,
    ) -> Result<TransactionsPage, ApiError> {
        let status = non_empty(request.status);
        if let Some(s) = status.as_deref() {
            if !STATUSES.contains(&s) {
                return Err(ApiError::invalid(format!(
                    "'{s}' is not a transaction status; use one of {}.",
                    STATUSES.join(", ")
                )));
            }
        }
        let offset = request.offset.unwrap_or(0);
        let limit = request.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        let filter = TransactionFilter {
            account_id: request.account_id,
            from: date(request.from, "first")?,
            to: date(request.to, "last")?,
            status,
            search: non_empty(request.search),
            limit: Some(limit),
            offset: Some(offset),
        };
        let category = non_empty(request.category);
        self.with_vault(|v| {
            let (rows, total) = v.transactions_page(&filter, category.as_deref())?;
            Ok(TransactionsPage {
                rows,
                total,
                offset,
            })
        })
    }

    pub fn categories_list(&self) -> Result<Vec<String>, ApiError> {
        self.with_vault(|v| Ok(v.category_names()?))
    }

    pub fn connections_list(&self) -> Result<Vec<ConnectionInfo>, ApiError> {
        self.with_vault(|v| Ok(v.connections()?))
    }

    pub fn connection_unlink(&self, request: UnlinkRequest) -> Result<UnlinkResult, ApiError> {
        self.with_vault_alone("unlink it", |v| {
            if v.connection(request.connection_id)?.is_none() {
                return Err(ApiError::new(
                    ErrorKind::NotFound,
                    "That connection no longer exists.",
                ));
            }
            Ok(UnlinkResult {
                unlinked: v.unlink(request.connection_id, request.purge)?,
            })
        })
    }

    pub fn dashboard_summary(&self) -> Result<DashboardSummary, ApiError> {
        self.with_vault(|v| {
            let accounts = v.accounts()?;
            let statements = v.statements()?;
            Ok(crate::dashboard::summarize(accounts, &statements))
        })
    }

    pub fn statements_list(&self) -> Result<Vec<StatementView>, ApiError> {
        self.with_vault(|v| Ok(v.statements()?))
    }

    pub fn statement_pdf(
        &self,
        request: StatementPdfRequest,
    ) -> Result<StatementPdfFile, ApiError> {
        self.with_vault(|v| match v.statement_pdf(request.statement_id)? {
            Some(pdf) => Ok(StatementPdfFile {
                file_name: pdf.file_name,
                content_base64: base64::engine::general_purpose::STANDARD.encode(&pdf.bytes),
            }),
            None => Err(ApiError::new(
                ErrorKind::NotFound,
                "This statement has no PDF in the vault.",
            )),
        })
    }

    pub fn transfers_list(&self) -> Result<Vec<TransferView>, ApiError> {
        self.with_vault(|v| Ok(v.transfers()?))
    }

    pub fn card_events_list(&self) -> Result<Vec<CardEventView>, ApiError> {
        self.with_vault(|v| Ok(v.card_events()?))
    }

    pub fn credit_scores_list(&self) -> Result<Vec<CreditScoreView>, ApiError> {
        self.with_vault(|v| Ok(v.credit_scores()?))
    }

    pub fn reward_programs_list(&self) -> Result<Vec<RewardProgramView>, ApiError> {
        self.with_vault(|v| Ok(v.reward_programs()?))
    }

    pub fn audit_log_list(&self, request: AuditLogRequest) -> Result<Vec<AuditEntry>, ApiError> {
        let limit = request.limit.unwrap_or(1_000).clamp(1, 100_000);
        self.with_vault(|v| Ok(v.audit_log(limit)?))
    }
}

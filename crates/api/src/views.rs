//! Requests and responses of the data views' commands: transactions pages, the dashboard
//! summary, sync, unlinking, statements' PDFs and the audit log. Money is decimal text.

use coffer_core::sync::SyncOutcome;
use coffer_core::vault::store::{AccountView, TransactionView};
use serde::{Deserialize, Serialize};

/// Which transactions, and which page of them (newest first).
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct TransactionsPageRequest {
    #[ts(type = "number", optional)]
    pub account_id: Option<i64>,
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    /// `pending`, `posted`, `superseded`, `expired` or `voided`.
    pub status: Option<String>,
    /// A category name.
    pub category: Option<String>,
    /// Full-text search over description, merchant and memo (each word a prefix).
    pub search: Option<String>,
    pub offset: Option<u32>,
    /// At most 5,000 rows; 200 when absent.
    pub limit: Option<u32>,
}

/// One page of transactions and how many the query matches in all.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TransactionsPage {
    pub rows: Vec<TransactionView>,
    #[ts(type = "number")]
    pub total: u64,
    pub offset: u32,
}

/// Sync every connection, or only one.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct SyncRequest {
    #[ts(type = "number", optional)]
    pub connection_id: Option<i64>,
}

/// How each synced connection ended.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncSummary {
    pub outcomes: Vec<SyncOutcome>,
}

/// Unlink a connection: its secrets are erased; with `purge`, its data too.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct UnlinkRequest {
    #[ts(type = "number")]
    pub connection_id: i64,
    pub purge: bool,
}

/// Whether a connection was unlinked (false: there was none with that id).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct UnlinkResult {
    pub unlinked: bool,
}

/// Which statement's PDF.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementPdfRequest {
    #[ts(type = "number")]
    pub statement_id: i64,
}

/// A statement's PDF, base64-encoded, and the file name to save it under.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementPdfFile {
    pub file_name: String,
    pub content_base64: String,
}

/// How many audit log lines (newest first); 1,000 when absent.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct AuditLogRequest {
    pub limit: Option<u32>,
}

/// A credit card's balance, available credit and utilization (a percentage, one decimal).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CardSummary {
    #[ts(type = "number")]
    pub account_id: i64,
    pub name: String,
    pub mask: Option<String>,
    pub currency: String,
    /// What is owed (positive) or in credit (negative).
    pub balance: String,
    pub credit_limit: Option<String>,
    pub available_credit: Option<String>,
    pub utilization_percent: Option<String>,
}

/// Totals of one currency's accounts. Net worth = cash + CDs − card balances.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CurrencyTotals {
    pub currency: String,
    pub savings: String,
    pub checking: String,
    pub cds: String,
    pub card_balances: String,
    pub credit_limit: String,
    pub available_credit: String,
    pub utilization_percent: Option<String>,
    pub net_worth: String,
}

/// The latest statement of a card and when it is due.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementDue {
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_name: String,
    pub mask: Option<String>,
    pub period_end: String,
    pub due_on: String,
    pub closing_balance: String,
    pub minimum_due: Option<String>,
    pub currency: String,
}

/// An open CD and when it matures.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CdMaturity {
    #[ts(type = "number")]
    pub account_id: i64,
    pub name: String,
    pub mask: Option<String>,
    pub maturity_on: String,
    pub balance: String,
    pub apy: Option<String>,
    pub term_months: Option<u32>,
    pub currency: String,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DashboardSummary {
    pub accounts: Vec<AccountView>,
    pub cards: Vec<CardSummary>,
    pub totals: Vec<CurrencyTotals>,
    /// Each card's latest statement with a due date, soonest first.
    pub statements_due: Vec<StatementDue>,
    /// Open CDs, soonest maturity first.
    pub cd_maturities: Vec<CdMaturity>,
}

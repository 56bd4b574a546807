//! Requests and responses of the report commands. Money is decimal text in the report's currency
//! (never a float); points and miles are whole numbers; dates are `YYYY-MM-DD`. Each report
//! carries its charts as SVG text, which the UI shows only as `<img src="data:image/svg+xml,…">`.

use serde::{Deserialize, Serialize};

/// Which period and account a report covers; every field may be left out.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct ReportRequest {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    #[ts(type = "number", optional)]
    pub account_id: Option<i64>,
    /// The day the report is made for (expiries, maturities); default: today on this machine.
    pub today: Option<String>,
}

/// A chart drawn by plotters: its title (the image's text alternative) and SVG text.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ChartSvg {
    pub title: String,
    pub svg: String,
}

/// A category's or merchant's spending: purchases less refunds.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SpendLineView {
    pub name: String,
    pub spent: String,
    pub purchases: String,
    pub refunds: String,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NamedAmount {
    pub name: String,
    pub amount: String,
}

/// One month's spending and its change from the month before.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthSpendView {
    /// `YYYY-MM`.
    pub month: String,
    pub spent: String,
    pub change: Option<String>,
    /// One decimal; none for the first month or after a month with nothing spent.
    pub change_percent: Option<String>,
    pub by_category: Vec<NamedAmount>,
}

/// Purchases made in another currency: the original amount kept, and what was charged.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ForeignSpendView {
    pub currency: String,
    pub original: String,
    pub charged: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// Money moved but not spent (payments, transfers between own accounts, income).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExcludedView {
    pub kind: String,
    pub amount: String,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SpendReportView {
    pub currency: String,
    /// Purchases less refunds.
    pub total: String,
    pub purchases: String,
    /// Refunds netted against purchases.
    pub refunds: String,
    pub by_category: Vec<SpendLineView>,
    pub by_merchant: Vec<SpendLineView>,
    pub by_month: Vec<MonthSpendView>,
    pub foreign: Vec<ForeignSpendView>,
    pub excluded: Vec<ExcludedView>,
    /// Rows in accounts of another currency, not counted.
    #[ts(type = "number")]
    pub other_currency_rows: u64,
    pub charts: Vec<ChartSvg>,
}

/// A card at a month's end.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CardMonthView {
    #[ts(type = "number")]
    pub account_id: i64,
    pub name: String,
    pub owed: String,
    pub limit: Option<String>,
    pub available: Option<String>,
    pub utilization_percent: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NetWorthMonthView {
    pub month: String,
    pub assets: String,
    pub liabilities: String,
    pub net_worth: String,
    pub credit_limit: String,
    pub available_credit: String,
    pub utilization_percent: Option<String>,
    pub cards: Vec<CardMonthView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NetWorthReportView {
    pub currency: String,
    pub months: Vec<NetWorthMonthView>,
    pub charts: Vec<ChartSvg>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FicoPointView {
    pub as_of: String,
    pub score: u16,
    pub change_30d: Option<i32>,
    pub change_90d: Option<i32>,
}

/// One model, bureau and source: never joined with another.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FicoSeriesView {
    pub model: String,
    pub bureau: Option<String>,
    pub source: String,
    pub label: String,
    pub points: Vec<FicoPointView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthPercent {
    pub month: String,
    pub percent: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FicoReportView {
    pub series: Vec<FicoSeriesView>,
    /// Overall card utilization per month, beside the scores.
    pub utilization: Vec<MonthPercent>,
    pub charts: Vec<ChartSvg>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PointsOn {
    pub on: String,
    #[ts(type = "number")]
    pub points: i64,
}

/// One program's ledger.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProgramLedgerView {
    #[ts(type = "number")]
    pub program_id: i64,
    pub name: String,
    pub unit: String,
    pub expiry_rule: Option<String>,
    #[ts(type = "number")]
    pub balance: i64,
    pub balance_over_time: Vec<PointsOn>,
    #[ts(type = "number")]
    pub earned: i64,
    #[ts(type = "number")]
    pub burned: i64,
    #[ts(type = "number")]
    pub expired: i64,
    pub expiring: Vec<PointsOn>,
    /// Points expiring within 90 days of the report's day.
    #[ts(type = "number")]
    pub expiring_soon: i64,
}

/// What one card earned in one bonus category.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CardEarnView {
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_name: String,
    pub mask: Option<String>,
    pub program: String,
    pub unit: String,
    pub bonus_category: String,
    #[ts(type = "number")]
    pub points: i64,
    #[ts(type = "number")]
    pub events: u64,
}

/// An accrual whose reported points differ from the earn rule's.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DiscrepancyView {
    pub source_id: String,
    pub account_name: Option<String>,
    pub mask: Option<String>,
    pub occurred_on: String,
    #[ts(type = "number")]
    pub expected: i64,
    #[ts(type = "number")]
    pub reported: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RewardsReportView {
    pub programs: Vec<ProgramLedgerView>,
    pub by_card: Vec<CardEarnView>,
    /// Accruals whose points match the earn rule.
    #[ts(type = "number")]
    pub reconciled: u64,
    pub discrepancies: Vec<DiscrepancyView>,
    pub charts: Vec<ChartSvg>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CdLineView {
    #[ts(type = "number")]
    pub account_id: i64,
    pub name: String,
    pub principal: String,
    pub apy: String,
    pub term_months: Option<u32>,
    pub opened_on: Option<String>,
    pub maturity_on: Option<String>,
    #[ts(type = "number | null")]
    pub days_to_maturity: Option<i64>,
    pub interest_to_maturity: String,
    pub value_at_maturity: String,
    /// The grace window after maturity, first and last day.
    pub grace_from: Option<String>,
    pub grace_to: Option<String>,
    /// What withdrawing early would cost today.
    pub early_withdrawal_penalty: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AvailableWithin {
    pub months: u32,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CdLadderView {
    pub currency: String,
    pub cds: Vec<CdLineView>,
    pub total_principal: String,
    /// Interest all the CDs will have earned by their maturities.
    pub total_interest_to_maturity: String,
    /// Principal-weighted APY.
    pub blended_apy: Option<String>,
    pub next_maturity: Option<String>,
    /// Cash becoming available within 3, 6 and 12 months.
    pub available_within: Vec<AvailableWithin>,
    /// Savings accounts' APY alongside.
    pub savings_apy: Vec<NamedAmount>,
    pub charts: Vec<ChartSvg>,
}

/// A payment that repeats: merchant, amount, cadence and when it is next expected.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RecurringView {
    pub merchant: String,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_name: String,
    pub mask: Option<String>,
    pub amount: String,
    pub currency: String,
    pub cadence: String,
    #[ts(type = "number")]
    pub occurrences: u64,
    pub last: String,
    pub next_expected: String,
}

//! Statements: the list per account, the PDF, and `POST statement` (the seed's export shape).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::views::{fx_view, row_id, statement_id, FxView};
use super::{authorize, find_account, AppState, BASE_PATH};
use crate::calendar::{self, Month};
use crate::generator::rows::{RowState, TxKind};
use crate::generator::{Account, AccountKind, Bank, Cycle};
use crate::money::Cents;
use crate::pdf::statement_pdf;

/// Closed cycles of a card, oldest first.
pub fn closed_cycles(bank: &Bank, account: &Account, now: i32) -> Vec<Cycle> {
    if !matches!(account.kind, AccountKind::Card(_)) {
        return Vec::new();
    }
    (bank.account_first_month(account)..calendar::month_of_day(now))
        .filter(|m| calendar::last_day(*m) < now)
        .filter_map(|m| bank.cycle(account.index, m))
        .collect()
}

#[derive(Serialize)]
pub struct StatementView {
    id: String,
    account_id: String,
    billing_cycle: String,
    period_start: String,
    period_end: String,
    opening_balance: Cents,
    closing_balance: Cents,
    purchases: Cents,
    payments: Cents,
    refunds: Cents,
    fees: Cents,
    interest: Cents,
    minimum_due: Cents,
    due_date: String,
    transaction_count: u32,
    rewards_earned: i64,
    pdf_url: String,
}

pub fn statement_view(account: &Account, cycle: &Cycle) -> StatementView {
    let id = statement_id(account, cycle.month);
    StatementView {
        pdf_url: format!("{BASE_PATH}/accounts/{}/statements/{id}/pdf", account.id),
        id,
        account_id: account.id.clone(),
        billing_cycle: calendar::month_label(cycle.month),
        period_start: calendar::day_label(calendar::first_day(cycle.month)),
        period_end: calendar::day_label(calendar::last_day(cycle.month)),
        opening_balance: cycle.opening,
        closing_balance: cycle.closing,
        purchases: cycle.purchases,
        payments: cycle.payments,
        refunds: cycle.refunds,
        fees: cycle.fees,
        interest: cycle.interest,
        minimum_due: cycle.minimum_due,
        due_date: calendar::day_label(cycle.due_day),
        transaction_count: cycle.posted_count,
        rewards_earned: cycle.points_earned + cycle.points_bonus,
    }
}

#[derive(Serialize)]
pub struct StatementsBody {
    account_id: String,
    statements: Vec<StatementView>,
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<StatementsBody>, ApiError> {
    authorize(&state, &headers, Some("statements.read"))?;
    let account = find_account(&state, &account_id)?;
    let statements = closed_cycles(&state.bank, account, state.now())
        .iter()
        .map(|c| statement_view(account, c))
        .collect();
    Ok(Json(StatementsBody {
        account_id: account.id.clone(),
        statements,
    }))
}

pub async fn pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((account_id, wanted)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    authorize(&state, &headers, Some("statements.read"))?;
    let account = find_account(&state, &account_id)?;
    let cycle = closed_cycles(&state.bank, account, state.now())
        .into_iter()
        .find(|c| statement_id(account, c.month) == wanted)
        .ok_or(ApiError::NotFound("statement"))?;
    let rows = statement_rows(&state.bank, account, cycle.month);
    let bytes = statement_pdf(account, &cycle, &rows);
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}

/// Posted rows of the cycle as `(posted day label, description, amount)`.
pub fn statement_rows(
    bank: &Bank,
    account: &Account,
    month: Month,
) -> Vec<(String, String, Cents)> {
    let (start, end) = (calendar::first_day(month), calendar::last_day(month));
    let mut rows: Vec<_> = [month - 1, month]
        .iter()
        .flat_map(|m| bank.month_rows(account.index, *m).to_vec())
        .filter(|r| r.state_at(end) == RowState::Posted && r.posted >= start && r.posted <= end)
        .collect();
    rows.sort_by_key(|r| (r.posted, r.key));
    rows.iter()
        .map(|r| (calendar::day_label(r.posted), r.description(), r.amount))
        .collect()
}

#[derive(Deserialize)]
pub struct ExportRequest {
    pub account_id: String,
    pub from_date: String,
    pub to_date: String,
    pub include: Option<Vec<String>>,
}

#[derive(Serialize)]
pub struct ExportLine {
    id: String,
    posted: Option<String>,
    transacted: String,
    mcc: Option<String>,
    merchant: String,
    description: String,
    amount: Cents,
    fx: Option<FxView>,
    state: &'static str,
}

#[derive(Serialize)]
pub struct ExportBody {
    account_id: String,
    billing_cycle: String,
    from_date: String,
    to_date: String,
    minimum_due: Option<Cents>,
    due_date: Option<String>,
    closing_balance: Option<Cents>,
    currency: &'static str,
    transactions: Vec<ExportLine>,
}

pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Json<ExportBody>, ApiError> {
    authorize(&state, &headers, Some("statements.read"))?;
    let request: ExportRequest = serde_json::from_str(&body)
        .map_err(|e| ApiError::InvalidRequest(format!("bad request body: {e}")))?;
    let account = find_account(&state, &request.account_id)?;
    let bad_date = |field: &str| ApiError::InvalidRequest(format!("{field} must be YYYY-MM-DD"));
    let from = calendar::parse_day(&request.from_date).ok_or_else(|| bad_date("from_date"))?;
    let to = calendar::parse_day(&request.to_date).ok_or_else(|| bad_date("to_date"))?;
    if to < from || to - from > 366 {
        return Err(ApiError::InvalidRequest(
            "to_date must be on or after from_date and at most 366 days later".to_owned(),
        ));
    }
    let include = request
        .include
        .unwrap_or_else(|| vec!["pending".into(), "posted".into(), "fees".into()]);
    if let Some(unknown) = include
        .iter()
        .find(|i| !["pending", "posted", "fees"].contains(&i.as_str()))
    {
        return Err(ApiError::InvalidRequest(format!(
            "unknown include `{unknown}`"
        )));
    }
    let wants = |name: &str| include.iter().any(|i| i == name);
    let now = state.now();
    let bank = &state.bank;
    let first = bank
        .account_first_month(account)
        .max(calendar::month_of_day(from) - 1);
    let mut lines = Vec::new();
    for month in first..=calendar::month_of_day(to.min(now)) {
        for row in bank
            .month_rows(account.index, month)
            .iter()
            .filter(|r| r.visible_at(now))
        {
            let state_now = row.state_at(now);
            let day = if state_now == RowState::Posted {
                row.posted
            } else {
                row.transacted
            };
            let fee = matches!(row.kind, TxKind::Fee | TxKind::Interest);
            let included = match state_now {
                RowState::Posted => {
                    if fee {
                        wants("fees")
                    } else {
                        wants("posted")
                    }
                }
                RowState::Pending => wants("pending"),
                _ => false,
            };
            if !included || day < from || day > to {
                continue;
            }
            let merchant = row.merchant();
            lines.push((
                day,
                row.key,
                ExportLine {
                    id: row_id(account, row),
                    posted: (state_now == RowState::Posted)
                        .then(|| calendar::day_label(row.posted)),
                    transacted: calendar::day_label(row.transacted),
                    mcc: merchant.map(|m| format!("{:04}", m.mcc)),
                    merchant: merchant
                        .map(|m| m.name.to_owned())
                        .unwrap_or_else(|| row.description()),
                    description: row.description(),
                    amount: row.amount,
                    fx: fx_view(&row.fx, row.kind),
                    state: state_now.name(),
                },
            ));
        }
    }
    lines.sort_by_key(|(day, key, _)| (*day, *key));
    let cycle_month = calendar::month_of_day(to);
    let cycle = (calendar::last_day(cycle_month) < now)
        .then(|| bank.cycle(account.index, cycle_month))
        .flatten();
    Ok(Json(ExportBody {
        account_id: account.id.clone(),
        billing_cycle: calendar::month_label(cycle_month),
        from_date: calendar::day_label(from),
        to_date: calendar::day_label(to),
        minimum_due: cycle.as_ref().map(|c| c.minimum_due),
        due_date: cycle.as_ref().map(|c| calendar::day_label(c.due_day)),
        closing_balance: cycle.as_ref().map(|c| c.closing),
        currency: "USD",
        transactions: lines.into_iter().map(|(_, _, line)| line).collect(),
    }))
}

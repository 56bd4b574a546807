//! FICO scores, rewards programs and ledger, savings and CDs, transfers, card events.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

use super::accounts::PageQuery;
use super::error::ApiError;
use super::views::{key_id, program_id};
use super::{authorize, page_limit, AppState};
use crate::calendar;
use crate::cursor::LedgerCursor;
use crate::generator::balances::balance_at;
use crate::generator::deposits::{early_withdrawal_penalty_days, CD_GRACE_DAYS};
use crate::generator::extras::{card_month_events, credit_scores};
use crate::generator::feed::rewards_page;
use crate::generator::rows::TxKind;
use crate::generator::transfers::transfers as all_transfers;
use crate::generator::AccountKind;
use crate::money::{mul_div_round, Cents, Fixed};

pub async fn fico(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers, Some("fico.read"))?;
    let scores: Vec<_> = credit_scores(&state.bank, state.now())
        .into_iter()
        .filter(|s| s.model == "FICO 8 Bankcard")
        .collect();
    let latest = scores.last().ok_or(ApiError::NotFound("score"))?;
    let previous = scores
        .iter()
        .rev()
        .nth(1)
        .map(|s| s.score)
        .unwrap_or(latest.score);
    Ok(Json(json!({
        "score": latest.score,
        "model": latest.model,
        "model_version": latest.model_version,
        "bureau": latest.bureau,
        "refresh_date": calendar::day_label(latest.day),
        "trend_30d": latest.score - previous,
        "range": {"min": latest.range_min, "max": latest.range_max},
    })))
}

pub async fn fico_history(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers, Some("fico.read"))?;
    let scores: Vec<Value> = credit_scores(&state.bank, state.now())
        .iter()
        .map(|s| {
            let date = calendar::day_label(s.day);
            json!({
                "id": format!("fico_{date}_{}", s.model.to_lowercase().replace(' ', "_")),
                "date": date,
                "score": s.score,
                "model": s.model,
                "model_version": s.model_version,
                "bureau": s.bureau,
                "range": {"min": s.range_min, "max": s.range_max},
                "source": "Barclays US",
            })
        })
        .collect();
    Ok(Json(json!({"scores": scores})))
}

fn program_balance(state: &AppState, account_index: usize) -> i64 {
    let now = state.now();
    let month = calendar::month_of_day(now);
    let previous = state
        .bank
        .cycle(account_index, month - 1)
        .map(|c| c.points_balance)
        .unwrap_or(0);
    let this_month: i64 =
        crate::generator::rewards::month_events(&state.bank, account_index, month)
            .iter()
            .filter(|e| e.day <= now)
            .map(|e| e.points)
            .sum();
    previous + this_month
}

pub async fn rewards(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers, Some("rewards.read"))?;
    let mut programs = Vec::new();
    for account in &state.bank.accounts {
        let AccountKind::Card(terms) = &account.kind else {
            continue;
        };
        let program = &terms.product.program;
        let earn_rates: Vec<Value> = terms
            .product
            .bonuses
            .iter()
            .map(|b| json!({"category": b.label, "rate": b.rate}))
            .collect();
        programs.push(json!({
            "id": program_id(account),
            "account_id": account.id,
            "program": program.code,
            "name": program.name,
            "unit": program.unit,
            "balance": program_balance(&state, account.index),
            "base_rate": terms.product.base_rate,
            "earn_rates": earn_rates,
            "expiry_rule": {
                "text": program.expiry.text,
                "months_after_earning": program.expiry.months_after_earning,
                "months_inactive": program.expiry.months_inactive,
            },
        }));
    }
    Ok(Json(json!({"programs": programs})))
}

pub async fn reward_events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(wanted): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers, Some("rewards.read"))?;
    let account = state
        .bank
        .accounts
        .iter()
        .find(|a| program_id(a) == wanted && matches!(a.kind, AccountKind::Card(_)))
        .ok_or(ApiError::NotFound("program"))?;
    let limit = page_limit(query.limit)?;
    let cursor = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(text) => Some(LedgerCursor::decode(text, account.index)?),
        None => None,
    };
    let page = rewards_page(&state.bank, account.index, cursor, state.now(), limit);
    let events: Vec<Value> = page
        .events
        .iter()
        .map(|e| {
            json!({
                "id": format!("rw_{}_{:x}", account.id, e.key),
                "type": e.kind.name(),
                "date": calendar::day_label(e.day),
                "points": e.points,
                "transaction_id": e.transaction_key.map(|k| key_id(account, k, false)),
                "earn_rate": e.earn_rate,
                "category": e.category,
                "description": e.description,
            })
        })
        .collect();
    Ok(Json(json!({
        "program_id": wanted,
        "events": events,
        "next_cursor": page.next.map(|c| c.encode()),
        "has_more": page.has_more,
    })))
}

#[derive(Serialize)]
pub struct SavingsView {
    account_id: String,
    name: String,
    apy: Fixed,
    balance: Cents,
    interest_paid_ytd: Cents,
    open_date: String,
}

#[derive(Serialize)]
pub struct CdView {
    account_id: String,
    name: String,
    term_months: i32,
    apy: Fixed,
    principal: Cents,
    balance: Cents,
    open_date: String,
    maturity_date: String,
    status: &'static str,
    grace_period_end: String,
    early_withdrawal_penalty_days: i32,
    early_withdrawal_penalty: Cents,
}

#[derive(Serialize)]
pub struct DepositsBody {
    as_of: String,
    savings: Vec<SavingsView>,
    cds: Vec<CdView>,
}

pub async fn deposits(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<DepositsBody>, ApiError> {
    authorize(&state, &headers, Some("deposits.read"))?;
    let now = state.now();
    let bank = &state.bank;
    let (mut savings, mut cds) = (Vec::new(), Vec::new());
    let year_start = calendar::first_day(
        calendar::month_of_day(now) - calendar::month_of_day(now).rem_euclid(12),
    );
    for account in &bank.accounts {
        let balance = balance_at(bank, account.index, now).current;
        match &account.kind {
            AccountKind::Savings(terms) => {
                let interest = bank
                    .rows_through(account.index, calendar::month_of_day(now))
                    .iter()
                    .flat_map(|rows| rows.iter())
                    .filter(|r| {
                        r.kind == TxKind::InterestCredit
                            && r.posted >= year_start
                            && r.posted <= now
                    })
                    .fold(Cents::ZERO, |sum, r| sum + r.amount);
                savings.push(SavingsView {
                    account_id: account.id.clone(),
                    name: account.name.clone(),
                    apy: Fixed::new(terms.apy_bps, 2),
                    balance,
                    interest_paid_ytd: interest,
                    open_date: calendar::day_label(account.open_day),
                });
            }
            AccountKind::Cd(terms) => {
                let matured = terms.maturity_day <= now;
                let penalty_days = early_withdrawal_penalty_days(terms.term_months);
                let penalty = if matured {
                    0
                } else {
                    mul_div_round(
                        balance.0,
                        terms.apy_bps * i64::from(penalty_days),
                        10_000 * 365,
                    )
                };
                cds.push(CdView {
                    account_id: account.id.clone(),
                    name: account.name.clone(),
                    term_months: terms.term_months,
                    apy: Fixed::new(terms.apy_bps, 2),
                    principal: terms.principal,
                    balance,
                    open_date: calendar::day_label(account.open_day),
                    maturity_date: calendar::day_label(terms.maturity_day),
                    status: if matured { "matured" } else { "open" },
                    grace_period_end: calendar::day_label(terms.maturity_day + CD_GRACE_DAYS),
                    early_withdrawal_penalty_days: penalty_days,
                    early_withdrawal_penalty: Cents(penalty),
                });
            }
            AccountKind::Card(_) => {}
        }
    }
    Ok(Json(DepositsBody {
        as_of: calendar::day_label(now),
        savings,
        cds,
    }))
}

#[derive(Serialize)]
pub struct TransferView {
    id: String,
    account_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    amount: Cents,
    counterparty: &'static str,
    status: &'static str,
    initiated_date: String,
    scheduled_date: String,
    completed_date: Option<String>,
    transaction_id: Option<String>,
}

#[derive(Serialize)]
pub struct TransfersBody {
    transfers: Vec<TransferView>,
}

pub async fn transfers(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<TransfersBody>, ApiError> {
    authorize(&state, &headers, Some("transfers.read"))?;
    let bank = &state.bank;
    let transfers = all_transfers(bank, state.now())
        .iter()
        .map(|t| {
            let account = &bank.accounts[t.account_index];
            TransferView {
                id: t.id(bank),
                account_id: account.id.clone(),
                kind: if t.row.kind == TxKind::Payment {
                    "card_payment"
                } else {
                    "ach"
                },
                direction: t.direction(),
                amount: t.row.amount,
                counterparty: t.counterparty,
                status: if t.scheduled {
                    "scheduled"
                } else {
                    "completed"
                },
                initiated_date: calendar::day_label(t.row.transacted),
                scheduled_date: calendar::day_label(t.row.posted),
                completed_date: (!t.scheduled).then(|| calendar::day_label(t.row.posted)),
                transaction_id: (!t.scheduled).then(|| key_id(account, t.row.key, false)),
            }
        })
        .collect();
    Ok(Json(TransfersBody { transfers }))
}

pub async fn card_events(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers, Some("card_events.read"))?;
    let now = state.now();
    let bank = &state.bank;
    let mut events = Vec::new();
    for account in bank
        .accounts
        .iter()
        .filter(|a| matches!(a.kind, AccountKind::Card(_)))
    {
        for month in bank.account_first_month(account)..=calendar::month_of_day(now) {
            for event in card_month_events(bank, account.index, month)
                .into_iter()
                .filter(|e| e.day <= now)
            {
                events.push(json!({
                    "id": event.id(bank),
                    "account_id": account.id,
                    "event": event.kind.event_name(),
                    "occurred_at": calendar::timestamp_label(event.day, event.seconds),
                    "reason": event.reason,
                    "tracking_number": event.detail,
                }));
            }
        }
    }
    Ok(Json(json!({"card_events": events})))
}

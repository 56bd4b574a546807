//! Accounts, balance history, cards and the incremental transactions feed.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::error::ApiError;
use super::views::{
    account_view, balance_view, transaction_view, AccountView, BalanceView, TransactionView,
};
use super::{authorize, find_account, page_limit, AppState};
use crate::calendar;
use crate::cursor::TxCursor;
use crate::generator::balances::balance_snapshots;
use crate::generator::extras::{card_month_events, CardEventKind};
use crate::generator::feed::transactions_page;
use crate::generator::AccountKind;

#[derive(Serialize)]
pub struct AccountsBody {
    as_of: String,
    accounts: Vec<AccountView>,
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<AccountsBody>, ApiError> {
    authorize(&state, &headers, Some("accounts.read"))?;
    let now = state.now();
    let accounts = state
        .bank
        .accounts
        .iter()
        .map(|a| account_view(&state.bank, a, now))
        .collect();
    Ok(Json(AccountsBody {
        as_of: calendar::day_label(now),
        accounts,
    }))
}

pub async fn one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<AccountView>, ApiError> {
    authorize(&state, &headers, Some("accounts.read"))?;
    let account = find_account(&state, &account_id)?;
    Ok(Json(account_view(&state.bank, account, state.now())))
}

#[derive(Serialize)]
pub struct BalancesBody {
    account_id: String,
    balances: Vec<BalanceView>,
}

pub async fn balances(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<BalancesBody>, ApiError> {
    authorize(&state, &headers, Some("accounts.read"))?;
    let account = find_account(&state, &account_id)?;
    let balances = balance_snapshots(&state.bank, account.index, state.now())
        .iter()
        .map(balance_view)
        .collect();
    Ok(Json(BalancesBody {
        account_id: account.id.clone(),
        balances,
    }))
}

#[derive(Deserialize)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

pub async fn transactions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Json<TransactionsBody>, ApiError> {
    authorize(&state, &headers, Some("transactions.read"))?;
    let account = find_account(&state, &account_id)?;
    let limit = page_limit(query.limit)?;
    let cursor = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(text) => Some(TxCursor::decode(text, account.index)?),
        None => None,
    };
    let page = transactions_page(&state.bank, account.index, cursor, state.now(), limit);
    let transactions = page
        .rows
        .iter()
        .map(|(row, _)| transaction_view(account, row, page.as_of))
        .collect();
    Ok(Json(TransactionsBody {
        account_id: account.id.clone(),
        as_of: calendar::day_label(page.as_of),
        transactions,
        next_cursor: page.next.encode(),
        has_more: page.has_more,
    }))
}

#[derive(Serialize)]
pub struct TransactionsBody {
    account_id: String,
    as_of: String,
    transactions: Vec<TransactionView>,
    next_cursor: String,
    has_more: bool,
}

pub async fn cards(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers, Some("cards.read"))?;
    let now = state.now();
    let bank = &state.bank;
    let mut cards = Vec::new();
    for account in &bank.accounts {
        let AccountKind::Card(terms) = &account.kind else {
            continue;
        };
        let mut locked = false;
        let mut replacement: Option<Value> = None;
        for month in bank.account_first_month(account)..=calendar::month_of_day(now) {
            for event in card_month_events(bank, account.index, month)
                .into_iter()
                .filter(|e| e.day <= now)
            {
                match event.kind {
                    CardEventKind::Locked => locked = true,
                    CardEventKind::Unlocked => locked = false,
                    CardEventKind::ReplacementRequested => {
                        replacement = Some(json!({"status": "requested", "reason": event.reason}));
                    }
                    CardEventKind::Shipped => {
                        if let Some(r) = replacement.as_mut() {
                            r["status"] = json!("shipped");
                        }
                    }
                    CardEventKind::Delivered => {
                        locked = false;
                        if let Some(r) = replacement.as_mut() {
                            r["status"] = json!("delivered");
                        }
                    }
                }
            }
        }
        cards.push(json!({
            "account_id": account.id,
            "last4": account.mask,
            "network": terms.product.network,
            "product": terms.product.name,
            "expiry": terms.expiry,
            "state": if locked { "locked" } else { "active" },
            "last_replacement": replacement,
        }));
    }
    Ok(Json(json!({"cards": cards})))
}

//! FDX accounts (`locAccount` for cards, `depositAccount` for savings and CDs, keyed by type,
//! each also carrying `accountCategory`), statements and the statement PDF.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::error::FdxError;
use super::{authorize, find_account, FDX_BASE};
use crate::api::statements::{closed_cycles, statement_rows};
use crate::api::views::statement_id;
use crate::api::AppState;
use crate::calendar::{self, Day};
use crate::generator::balances::balance_at;
use crate::generator::rows::{Role, TxKind};
use crate::generator::{Account, AccountKind, Bank};
use crate::money::Fixed;

const ACCOUNT_SCOPES: [&str; 2] = ["ACCOUNT_DETAILED", "ACCOUNT_BASIC"];

/// RFC 3339 timestamp at noon UTC of `day` (the sandbox's convention for FDX date-times).
pub fn noon(day: Day) -> String {
    calendar::timestamp_label(day, 12 * 3600)
}

fn insert(map: &mut Map<String, Value>, key: &str, value: impl serde::Serialize) {
    map.insert(key.to_owned(), json!(value));
}

/// The account as FDX's `{"locAccount": {...}}` or `{"depositAccount": {...}}`.
pub fn account_entity(bank: &Bank, account: &Account, now: Day) -> Value {
    let balance = balance_at(bank, account.index, now);
    let mut a = Map::new();
    insert(&mut a, "accountId", &account.id);
    insert(
        &mut a,
        "accountNumberDisplay",
        format!("...{}", account.mask),
    );
    insert(&mut a, "productName", &account.name);
    insert(&mut a, "nickname", &account.name);
    insert(&mut a, "currency", json!({"currencyCode": "USD"}));
    insert(
        &mut a,
        "accountOpenDate",
        calendar::day_label(account.open_day),
    );
    insert(&mut a, "balanceAsOf", noon(now));
    insert(&mut a, "currentBalance", balance.current);
    let key = match &account.kind {
        AccountKind::Card(terms) => {
            insert(&mut a, "accountCategory", "LOC_ACCOUNT");
            insert(&mut a, "accountType", "CREDITCARD");
            insert(&mut a, "status", "OPEN");
            insert(&mut a, "balanceType", "LIABILITY");
            insert(&mut a, "creditLine", terms.credit_limit);
            insert(&mut a, "availableCredit", balance.available);
            insert(&mut a, "purchasesApr", Fixed::new(terms.product.apr_bps, 2));
            insert(
                &mut a,
                "rewardProgramId",
                crate::api::views::program_id(account),
            );
            let cycles = closed_cycles(bank, account, now);
            if let Some(last) = cycles.last() {
                insert(&mut a, "lastStmtBalance", last.closing);
                insert(
                    &mut a,
                    "lastStmtDate",
                    calendar::day_label(calendar::last_day(last.month)),
                );
                insert(&mut a, "minimumPaymentAmount", last.minimum_due);
                insert(&mut a, "nextPaymentAmount", last.minimum_due);
                insert(&mut a, "paymentDueDate", calendar::day_label(last.due_day));
                insert(&mut a, "nextPaymentDate", calendar::day_label(last.due_day));
            }
            if let Some((day, amount)) = last_payment(bank, account, now) {
                insert(&mut a, "lastPaymentAmount", amount);
                insert(&mut a, "lastPaymentDate", calendar::day_label(day));
            }
            "locAccount"
        }
        AccountKind::Savings(terms) => {
            insert(&mut a, "accountCategory", "DEPOSIT_ACCOUNT");
            insert(&mut a, "accountType", "SAVINGS");
            insert(&mut a, "status", "OPEN");
            insert(&mut a, "balanceType", "ASSET");
            insert(&mut a, "availableBalance", balance.available);
            insert(&mut a, "interestRate", Fixed::new(terms.apy_bps, 2));
            insert(
                &mut a,
                "annualPercentageYield",
                Fixed::new(terms.apy_bps, 2),
            );
            insert(&mut a, "interestRateType", "VARIABLE");
            "depositAccount"
        }
        AccountKind::Cd(terms) => {
            let matured = terms.maturity_day <= now;
            insert(&mut a, "accountCategory", "DEPOSIT_ACCOUNT");
            insert(&mut a, "accountType", "CD");
            insert(&mut a, "status", if matured { "CLOSED" } else { "OPEN" });
            insert(&mut a, "balanceType", "ASSET");
            insert(&mut a, "availableBalance", balance.available);
            insert(&mut a, "openingDayBalance", terms.principal);
            insert(&mut a, "interestRate", Fixed::new(terms.apy_bps, 2));
            insert(
                &mut a,
                "annualPercentageYield",
                Fixed::new(terms.apy_bps, 2),
            );
            insert(&mut a, "interestRateType", "FIXED");
            insert(
                &mut a,
                "maturityDate",
                calendar::day_label(terms.maturity_day),
            );
            insert(&mut a, "term", terms.term_months);
            insert(&mut a, "earlyPenaltyFlag", true);
            "depositAccount"
        }
    };
    json!({ key: Value::Object(a) })
}

fn last_payment(bank: &Bank, account: &Account, now: Day) -> Option<(Day, crate::money::Cents)> {
    let month = calendar::month_of_day(now);
    let first = bank.account_first_month(account);
    (first..=month).rev().take(3).find_map(|m| {
        bank.month_rows(account.index, m)
            .iter()
            .filter(|r| {
                r.kind == TxKind::Payment
                    && matches!(r.role, Role::Posted { .. })
                    && r.posted <= now
            })
            .max_by_key(|r| (r.posted, r.key))
            .map(|r| (r.posted, r.amount))
    })
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, FdxError> {
    authorize(&state, &headers, &ACCOUNT_SCOPES)?;
    let wanted: Option<Vec<&str>> = query
        .get("accountIds")
        .map(|ids| ids.split(',').map(str::trim).collect());
    let now = state.now();
    let accounts: Vec<Value> = state
        .bank
        .accounts
        .iter()
        .filter(|a| {
            wanted
                .as_ref()
                .is_none_or(|ids| ids.contains(&a.id.as_str()))
        })
        .map(|a| account_entity(&state.bank, a, now))
        .collect();
    Ok(Json(json!({
        "page": {"totalElements": accounts.len()},
        "accounts": accounts,
    })))
}

pub async fn one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<Value>, FdxError> {
    authorize(&state, &headers, &ACCOUNT_SCOPES)?;
    let account = find_account(&state, &account_id)?;
    Ok(Json(account_entity(&state.bank, account, state.now())))
}

/// `startTime`/`endTime` as days (`YYYY-MM-DD`, or an RFC 3339 date-time whose date is used).
pub fn parse_time(name: &str, value: Option<&String>) -> Result<Option<Day>, FdxError> {
    let Some(text) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let date = text
        .get(..10)
        .filter(|_| text.len() == 10 || text.as_bytes()[10] == b'T');
    date.and_then(calendar::parse_day)
        .map(Some)
        .ok_or_else(|| FdxError::InvalidDate(format!("{name} `{text}` is not YYYY-MM-DD")))
}

pub async fn statements(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, FdxError> {
    authorize(&state, &headers, &["STATEMENTS"])?;
    let account = find_account(&state, &account_id)?;
    let start = parse_time("startTime", query.get("startTime"))?;
    let end = parse_time("endTime", query.get("endTime"))?;
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            return Err(FdxError::InvalidRange(
                "endTime is before startTime".to_owned(),
            ));
        }
    }
    let statements: Vec<Value> = closed_cycles(&state.bank, account, state.now())
        .iter()
        .filter(|c| {
            let date = calendar::last_day(c.month);
            start.is_none_or(|s| date >= s) && end.is_none_or(|e| date <= e)
        })
        .map(|c| {
            let id = statement_id(account, c.month);
            json!({
                "accountId": account.id,
                "statementId": id,
                "statementDate": calendar::day_label(calendar::last_day(c.month)),
                "description": format!("Statement {}", calendar::month_label(c.month)),
                "status": "AVAILABLE",
                "links": [{
                    "href": format!("{FDX_BASE}/accounts/{}/statements/{id}", account.id),
                    "action": "GET",
                    "rel": "statement",
                    "types": ["application/pdf"],
                }],
            })
        })
        .collect();
    Ok(Json(json!({
        "page": {"totalElements": statements.len()},
        "statements": statements,
    })))
}

pub async fn statement_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((account_id, wanted)): Path<(String, String)>,
) -> Result<Response, FdxError> {
    authorize(&state, &headers, &["STATEMENTS"])?;
    let account = find_account(&state, &account_id)?;
    let cycle = closed_cycles(&state.bank, account, state.now())
        .into_iter()
        .find(|c| statement_id(account, c.month) == wanted)
        .ok_or_else(|| FdxError::StatementNotFound(format!("no statement {wanted}")))?;
    let rows = statement_rows(&state.bank, account, cycle.month);
    let bytes = crate::pdf::statement_pdf(account, &cycle, &rows);
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}

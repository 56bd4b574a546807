//! SimpleFIN endpoints: `/info`, `POST /claim/{token}`, `GET /accounts`, and the sandbox's
//! setup-token, revoke and lapse controls under `/_sandbox/simplefin/`.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::store::{SimplefinError, Usage};
use super::{account_id, currency_url, reward_account_id, SIMPLEFIN_ROOT};
use crate::api::{host, AppState};
use crate::calendar::{self, Day};
use crate::export::{listed_at, listing_day, simplefin_id};
use crate::generator::rows::RowState;
use crate::generator::{Account, AccountKind, Bank};
use crate::protocol_truth::simplefin_balance;

const CONN_ID: &str = "CON-coffer-sandbox";
const NOON: u32 = 12 * 3600;

impl IntoResponse for SimplefinError {
    fn into_response(self) -> Response {
        let status = match self {
            SimplefinError::PaymentRequired => StatusCode::PAYMENT_REQUIRED,
            SimplefinError::ClaimRefused | SimplefinError::Forbidden => StatusCode::FORBIDDEN,
        };
        (status, format!("{self}\n")).into_response()
    }
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

pub async fn info() -> Json<Value> {
    Json(json!({"versions": ["1.0", "2.0"]}))
}

pub async fn setup_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let id = match state.simplefin.lock() {
        Ok(mut store) => store.new_setup(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let claim = format!("http://{}{SIMPLEFIN_ROOT}/claim/{id}", host(&headers));
    text(base64::engine::general_purpose::STANDARD.encode(claim))
}

pub async fn revoke(State(state): State<AppState>) -> StatusCode {
    if let Ok(mut store) = state.simplefin.lock() {
        store.revoke_all();
    }
    StatusCode::NO_CONTENT
}

/// Body `on` (or empty) lapses the subscription (402), `off` restores it.
pub async fn lapse(State(state): State<AppState>, body: String) -> StatusCode {
    if let Ok(mut store) = state.simplefin.lock() {
        store.lapsed = body.trim() != "off";
    }
    StatusCode::NO_CONTENT
}

pub async fn claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, SimplefinError> {
    let (user, password) = state
        .simplefin
        .lock()
        .map_err(|_| SimplefinError::Forbidden)?
        .claim(&token)?;
    Ok(text(format!(
        "http://{user}:{password}@{}{SIMPLEFIN_ROOT}",
        host(&headers)
    )))
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?.trim();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Unix seconds of `day` at `seconds` past midnight UTC, and the day of a unix timestamp.
fn unix(day: Day, seconds: u32) -> i64 {
    calendar::unix_seconds(day, seconds)
}

struct Filters {
    start: Option<i64>,
    end: Option<i64>,
    pending: bool,
    balances_only: bool,
    accounts: Vec<String>,
}

fn parse_filters(query: &[(String, String)]) -> Result<Filters, String> {
    let mut filters = Filters {
        start: None,
        end: None,
        pending: false,
        balances_only: false,
        accounts: Vec::new(),
    };
    for (key, value) in query {
        let number = || {
            value
                .parse::<i64>()
                .map_err(|_| format!("{key} must be a unix timestamp in seconds"))
        };
        match key.as_str() {
            "start-date" => filters.start = Some(number()?),
            "end-date" => filters.end = Some(number()?),
            "pending" => filters.pending = value == "1",
            "balances-only" => filters.balances_only = value == "1",
            "account" => filters.accounts.push(value.clone()),
            _ => {}
        }
    }
    Ok(filters)
}

fn transactions(bank: &Bank, account: &Account, now: Day, filters: &Filters) -> Vec<Value> {
    let first = bank.account_first_month(account);
    let mut rows = Vec::new();
    for month in first..=calendar::month_of_day(now) {
        for row in bank.month_rows(account.index, month).iter() {
            if !listed_at(row, now) {
                continue;
            }
            let pending = row.state_at(now) != RowState::Posted;
            let at = unix(listing_day(row), NOON);
            let inside =
                filters.start.is_none_or(|s| at >= s) && filters.end.is_none_or(|e| at < e);
            if (pending && !filters.pending) || !inside {
                continue;
            }
            rows.push((listing_day(row), row.key, *row, pending));
        }
    }
    rows.sort_by_key(|(day, key, _, _)| (*day, *key));
    rows.into_iter()
        .map(|(_, _, row, pending)| {
            let mut t = json!({
                "id": simplefin_id(bank, account, &row),
                "posted": if pending { 0 } else { unix(row.posted, NOON) },
                "amount": row.amount.to_decimal_string(),
                "description": row.description(),
                "transacted_at": unix(row.transacted, NOON),
            });
            if let Some(merchant) = row.merchant() {
                t["payee"] = json!(merchant.name);
                t["memo"] = json!(format!("MCC {:04}", merchant.mcc));
            }
            if pending {
                t["pending"] = json!(true);
            }
            t
        })
        .collect()
}

pub async fn accounts(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, SimplefinError> {
    let (user, password) = basic_credentials(&headers).ok_or(SimplefinError::Forbidden)?;
    let now = state.now();
    let usage: Usage = state
        .simplefin
        .lock()
        .map_err(|_| SimplefinError::Forbidden)?
        .use_access(&user, &password, now)?;
    let filters = match parse_filters(&query) {
        Ok(filters) => filters,
        Err(message) => {
            return Ok((StatusCode::BAD_REQUEST, format!("{message}\n")).into_response())
        }
    };
    let (mut errors, mut errlist) = (Vec::new(), Vec::new());
    if usage.used_today > usage.budget {
        let msg = format!(
            "Daily request limit exceeded ({} of {} today); data may be stale, sync less often.",
            usage.used_today, usage.budget
        );
        errlist.push(json!({"code": "gen.quota", "msg": msg, "message": msg}));
        errors.push(msg);
    }
    let root = format!("http://{}{SIMPLEFIN_ROOT}", host(&headers));
    let org = json!({"domain": "sandbox.coffer.local", "sfin-url": root, "name": "Coffer Sandbox Bank", "url": "https://sandbox.coffer.local", "id": "coffer-sandbox"});
    let wanted = |id: &str| filters.accounts.is_empty() || filters.accounts.iter().any(|a| a == id);
    let balance_date = unix(now, 0);
    let mut list = Vec::new();
    for account in &state.bank.accounts {
        let id = account_id(account);
        if wanted(&id) {
            let (balance, available) = simplefin_balance(&state.bank, account, now);
            let mut entry = json!({
                "org": org, "id": id, "name": account.name, "conn_id": CONN_ID, "currency": "USD",
                "balance": balance.to_decimal_string(),
                "available-balance": available.to_decimal_string(),
                "balance-date": balance_date,
            });
            if !filters.balances_only {
                entry["transactions"] = json!(transactions(&state.bank, account, now, &filters));
            }
            list.push(entry);
        }
        if let AccountKind::Card(terms) = &account.kind {
            let id = reward_account_id(account);
            if wanted(&id) {
                let points = crate::truth::reward_balance_at(&state.bank, account, now).to_string();
                let mut entry = json!({
                    "org": org, "id": id, "conn_id": CONN_ID,
                    "name": format!("{} ({})", terms.product.program.name, account.name),
                    "currency": currency_url(terms.product.program.code),
                    "balance": points, "available-balance": points, "balance-date": balance_date,
                });
                if !filters.balances_only {
                    entry["transactions"] = json!([]);
                }
                list.push(entry);
            }
        }
    }
    let body = json!({
        "errors": errors,
        "errlist": errlist,
        "connections": [{"conn_id": CONN_ID, "name": "Coffer Sandbox Bank", "org_id": "coffer-sandbox", "org_url": "https://sandbox.coffer.local", "sfin_url": root}],
        "accounts": list,
    });
    Ok(Json(body).into_response())
}

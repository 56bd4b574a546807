//! FDX transactions: absolute `amount` + `debitCreditMemo`, `status` POSTED / PENDING /
//! AUTHORIZATION, `referenceTransactionId` from a posting to its authorization, paged by an
//! opaque `pageKey` (the deprecated `offset` is accepted as a synonym) over a fixed snapshot.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::accounts::{noon, parse_time};
use super::error::FdxError;
use super::{authorize, find_account, DEFAULT_FDX_LIMIT, FDX_BASE, MAX_FDX_LIMIT};
use crate::api::views::{fx_view, key_id};
use crate::api::AppState;
use crate::calendar::Day;
use crate::export::{is_card, listed_at, listing_day, transaction_id};
use crate::generator::feed::page_by_month;
use crate::generator::rows::{Role, RowState, TxKind, TxRow};
use crate::generator::{Account, Bank};
use crate::prng::mix;

/// A page position: the window, the snapshot day, and the last `(day, key)` returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageKey {
    pub account: usize,
    pub start: Day,
    pub end: Day,
    pub upto: Day,
    pub after: (Day, u64),
}

impl PageKey {
    pub fn encode(&self) -> String {
        let text = format!(
            "{}.{}.{}.{}.{}.{}",
            self.account, self.start, self.end, self.upto, self.after.0, self.after.1
        );
        let check = mix(&[0xFD, text.len() as u64])
            ^ text.bytes().fold(0u64, |h, b| mix(&[h, u64::from(b)]));
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!("{text}.{:x}", check & 0xFFFF_FFFF))
    }

    pub fn decode(text: &str, account: usize) -> Option<PageKey> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let parts: Vec<&str> = text.split('.').collect();
        let [a, s, e, u, d, k, _] = parts.as_slice() else {
            return None;
        };
        let key = PageKey {
            account: a.parse().ok()?,
            start: s.parse().ok()?,
            end: e.parse().ok()?,
            upto: u.parse().ok()?,
            after: (d.parse().ok()?, k.parse().ok()?),
        };
        (key.account == account
            && key.encode() == base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&text))
        .then_some(key)
    }
}

/// FDX `transactionType` for the row on a line of credit or a deposit account.
fn transaction_type(row: &TxRow, card: bool) -> &'static str {
    match (row.kind, card) {
        (TxKind::Purchase, _) => "PURCHASE",
        (TxKind::Refund, _) => "ADJUSTMENT",
        (TxKind::Payment, _) => "PAYMENT",
        (TxKind::Fee, _) => "FEE",
        (TxKind::Interest | TxKind::InterestCredit, _) => "INTEREST",
        (TxKind::TransferIn, _) => "DEPOSIT",
        (TxKind::TransferOut, _) => "WITHDRAWAL",
    }
}

/// One transaction as FDX v6 shows it at `now` (`accountCategory` tells the kind apart).
pub fn transaction_entity(account: &Account, row: &TxRow, now: Day) -> Value {
    let card = is_card(account);
    let posted = row.state_at(now) == RowState::Posted;
    let mut t = Map::new();
    let mut put = |k: &str, v: Value| {
        t.insert(k.to_owned(), v);
    };
    put(
        "accountCategory",
        json!(if card {
            "LOC_ACCOUNT"
        } else {
            "DEPOSIT_ACCOUNT"
        }),
    );
    put("accountId", json!(account.id));
    put("transactionId", json!(transaction_id(account, row)));
    if let Role::Posted {
        authorization: Some(hold),
    } = row.role
    {
        put("referenceTransactionId", json!(key_id(account, hold, true)));
    }
    if posted {
        put("postedTimestamp", json!(noon(row.posted)));
    }
    put("transactionTimestamp", json!(noon(row.transacted)));
    put("description", json!(row.description()));
    let dcm = match row.amount.0 {
        a if a < 0 => "DEBIT",
        a if a > 0 => "CREDIT",
        _ => "MEMO",
    };
    put("debitCreditMemo", json!(dcm));
    let status = if posted {
        "POSTED"
    } else if row.key.is_multiple_of(3) {
        "PENDING"
    } else {
        "AUTHORIZATION"
    };
    put("status", json!(status));
    put("amount", json!(row.amount.abs()));
    put("transactionType", json!(transaction_type(row, card)));
    if let Some(merchant) = row.merchant() {
        let mcc = format!("{:04}", merchant.mcc);
        put("category", json!(mcc));
        put("subCategory", json!(merchant.category.name()));
        put("merchantCategoryCode", json!(mcc));
        put("payee", json!(merchant.name));
        put("merchant", json!({"name": merchant.name}));
    }
    if let Some(fx) = fx_view(&row.fx, row.kind) {
        let digits = fx.original_amount.scale;
        put(
            "foreignAmount",
            json!(crate::money::Fixed::new(
                fx.original_amount.value.abs(),
                digits
            )),
        );
        put("foreignCurrency", json!(fx.original_currency));
    }
    Value::Object(t)
}

/// One page of listed rows (posted + still pending) in `start..=end`, ordered by
/// (listing day, key), after `after`.
pub fn page(bank: &Bank, key: PageKey, limit: usize) -> (Vec<TxRow>, bool) {
    let first = bank.account_first_month(&bank.accounts[key.account]);
    let start_month = crate::calendar::month_of_day(key.start.max(key.after.0)) - 1;
    let end_month = crate::calendar::month_of_day(key.end.min(key.upto));
    let (items, more) = page_by_month(start_month.max(first)..=end_month, limit, |month| {
        bank.month_rows(key.account, month)
            .iter()
            .filter(|r| listed_at(r, key.upto))
            .filter_map(|r| {
                let day = listing_day(r);
                let inside = day >= key.start && day <= key.end && (day, r.key) > key.after;
                inside.then_some((day, r.key, *r))
            })
            .collect()
    });
    (items.into_iter().map(|(_, _, r)| r).collect(), more)
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, FdxError> {
    authorize(&state, &headers, &["TRANSACTIONS"])?;
    let account = find_account(&state, &account_id)?;
    let limit = match query.get("limit").filter(|l| !l.is_empty()) {
        None => DEFAULT_FDX_LIMIT,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_FDX_LIMIT).contains(n))
            .ok_or_else(|| FdxError::InvalidInput(format!("limit must be 1..={MAX_FDX_LIMIT}")))?,
    };
    let used_offset = !query.contains_key("pageKey") && query.contains_key("offset");
    let token = query
        .get("pageKey")
        .or_else(|| query.get("offset"))
        .filter(|t| !t.is_empty());
    let key = match token {
        Some(text) => PageKey::decode(text, account.index).ok_or_else(|| {
            FdxError::InvalidInput(
                "pageKey is not one this server issued for this account".to_owned(),
            )
        })?,
        None => {
            let now = state.now();
            let start = parse_time("startTime", query.get("startTime"))?.unwrap_or(Day::MIN);
            let end = parse_time("endTime", query.get("endTime"))?.unwrap_or(now);
            if end < start {
                return Err(FdxError::InvalidRange(
                    "endTime is before startTime".to_owned(),
                ));
            }
            PageKey {
                account: account.index,
                start,
                end,
                upto: now,
                after: (Day::MIN, 0),
            }
        }
    };
    let (rows, more) = page(&state.bank, key, limit);
    let transactions: Vec<Value> = rows
        .iter()
        .map(|r| transaction_entity(account, r, key.upto))
        .collect();
    let mut body = json!({"transactions": transactions, "page": {}});
    if let (true, Some(last)) = (more, rows.last()) {
        let next = PageKey {
            after: (listing_day(last), last.key),
            ..key
        }
        .encode();
        body["page"]["nextPageKey"] = json!(next);
        let param = if used_offset {
            body["page"]["nextOffset"] = json!(next);
            "offset"
        } else {
            "pageKey"
        };
        body["links"] = json!({"next": {
            "href": format!("{FDX_BASE}/accounts/{}/transactions?{param}={next}&limit={limit}", account.id),
            "action": "GET",
            "rel": "next",
            "types": ["application/json"],
        }});
    }
    Ok(Json(body))
}

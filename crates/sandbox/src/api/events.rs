//! The event feed for polling (`GET events?after=`) and webhook registration.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::error::ApiError;
use super::views::{key_id, row_id};
use super::{authorize, page_limit, AppState};
use crate::calendar;
use crate::generator::events::{events_page, EventBody, EventKey, FeedEvent, TxEventKind};
use crate::generator::rows::Role;
use crate::generator::Bank;
use crate::money::Cents;
use crate::state::Webhook;

#[derive(Serialize)]
#[serde(untagged)]
pub enum EventData {
    Card {
        reason: Option<&'static str>,
        tracking_number: Option<String>,
    },
    Transaction {
        transaction_id: String,
        authorization_id: Option<String>,
        amount: Cents,
        merchant: Option<&'static str>,
        description: String,
    },
}

#[derive(Serialize)]
pub struct EventView {
    pub id: String,
    pub event: &'static str,
    pub account_id: String,
    pub occurred_at: String,
    pub data: EventData,
}

pub fn event_view(bank: &Bank, event: &FeedEvent) -> EventView {
    let account = &bank.accounts[event.account_index];
    let data = match &event.body {
        EventBody::Card(card) => EventData::Card {
            reason: card.reason,
            tracking_number: card.detail.clone(),
        },
        EventBody::Transaction { kind, row } => {
            let authorization_id = match (kind, row.role) {
                (TxEventKind::Posted, Role::Posted { authorization }) => {
                    authorization.map(|k| key_id(account, k, true))
                }
                _ => None,
            };
            EventData::Transaction {
                transaction_id: row_id(account, row),
                authorization_id,
                amount: row.amount,
                merchant: row.merchant().map(|m| m.name),
                description: row.description(),
            }
        }
    };
    EventView {
        id: event.key.id(),
        event: event.name(),
        account_id: account.id.clone(),
        occurred_at: calendar::timestamp_label(event.key.day, event.key.seconds),
        data,
    }
}

/// Whether a holder of `scopes` may see `event`.
pub fn event_allowed(scopes: &[&'static str], event: &FeedEvent) -> bool {
    let needed = if event.is_card_event() {
        "card_events.read"
    } else {
        "transactions.read"
    };
    scopes.contains(&needed)
}

#[derive(Deserialize)]
pub struct EventsQuery {
    pub after: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Serialize)]
pub struct EventsBody {
    events: Vec<EventView>,
    next_after: Option<String>,
    has_more: bool,
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<EventsQuery>,
) -> Result<Json<EventsBody>, ApiError> {
    let session = authorize(&state, &headers, None)?;
    if !session
        .scopes
        .iter()
        .any(|s| *s == "card_events.read" || *s == "transactions.read")
    {
        return Err(ApiError::Auth(crate::auth::AuthError::InsufficientScope(
            "card_events.read",
        )));
    }
    let limit = page_limit(query.limit)?;
    let after = match query.after.as_deref().filter(|a| !a.is_empty()) {
        Some(id) => Some(
            EventKey::parse(id)
                .ok_or_else(|| ApiError::InvalidRequest(format!("unknown event id `{id}`")))?,
        ),
        None => None,
    };
    let (events, has_more) = events_page(&state.bank, after, state.now(), limit, |e| {
        event_allowed(&session.scopes, e)
    });
    let next_after = events
        .last()
        .map(|e| e.key.id())
        .or(query.after.filter(|a| !a.is_empty()));
    let events = events.iter().map(|e| event_view(&state.bank, e)).collect();
    Ok(Json(EventsBody {
        events,
        next_after,
        has_more,
    }))
}

#[derive(Deserialize)]
pub struct RegisterWebhook {
    pub url: String,
}

pub async fn register_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let session = authorize(&state, &headers, None)?;
    let request: RegisterWebhook = serde_json::from_str(&body)
        .map_err(|e| ApiError::InvalidRequest(format!("bad request body: {e}")))?;
    crate::webhook::parse_loopback_url(&request.url)
        .map_err(|e| ApiError::InvalidRequest(e.to_string()))?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::ServerError(500))?;
    let secret = format!("whsec_{}", hex::encode(bytes));
    let mut webhooks = state
        .webhooks
        .lock()
        .map_err(|_| ApiError::ServerError(500))?;
    let id = format!("wh_{}", webhooks.len() + 1);
    webhooks.push(Webhook {
        id: id.clone(),
        url: request.url.clone(),
        secret: secret.clone(),
        scopes: session.scopes.clone(),
    });
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"id": id, "url": request.url, "secret": secret, "signature_header": "X-OFL-Signature"}),
        ),
    ))
}

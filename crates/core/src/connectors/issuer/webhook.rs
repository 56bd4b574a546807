//! Signed events (`X-OFL-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`): verification in
//! constant time with a ±5-minute window, and the event parsed for the caller (who checks
//! replays by id and stores card events).

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use sha2::Sha256;

use super::{map, wire};
use crate::connectors::http::decode_json;
use crate::domain::CardEventRecord;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-OFL-Signature";
/// How far a signature's timestamp may be from now, either way.
pub const MAX_SKEW_SECS: i64 = 300;

/// Why a delivery was rejected. Says nothing about the expected signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventRejection {
    #[error("the signature header is not t=<unix>,v1=<hex>")]
    MalformedHeader,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the signature is {age_secs} s old (at most {MAX_SKEW_SECS} s accepted)")]
    Stale { age_secs: i64 },
    #[error("the signature is dated {ahead_secs} s in the future")]
    FromTheFuture { ahead_secs: i64 },
    #[error("the event body cannot be read: {0}")]
    MalformedBody(String),
}

/// What an event carries, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventData {
    Card {
        reason: Option<String>,
        tracking_number: Option<String>,
    },
    Transaction {
        transaction_id: String,
        authorization_id: Option<String>,
        amount: Decimal,
        merchant: Option<String>,
        description: Option<String>,
    },
    /// A kind this client does not know; verified but not interpreted.
    Other,
}

/// A verified event. The caller rejects ids it has already seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedEvent {
    pub id: String,
    /// e.g. `card.locked`, `transaction.posted`.
    pub event: String,
    pub account_id: String,
    pub occurred_at: DateTime<Utc>,
    pub data: EventData,
    /// The signature's timestamp.
    pub signed_at: i64,
}

impl SignedEvent {
    /// The card event this is, with the same identity a pull of `card_events` gives it.
    pub fn card_event(&self) -> Option<CardEventRecord> {
        let kind = map::card_event_kind(&self.event)?;
        let reason = match &self.data {
            EventData::Card { reason, .. } => reason.clone(),
            _ => None,
        };
        Some(map::card_event(
            &self.account_id,
            kind,
            self.occurred_at,
            reason,
        ))
    }
}

/// Verifies a delivery: the HMAC over `"<t>.<body>"` with `secret` (the `whsec_…` text's
/// bytes), compared in constant time; `t` within 5 minutes of `now_unix`; then parses the body.
pub fn verify_signed_event(
    secret: &[u8],
    signature_header: &str,
    body: &[u8],
    now_unix: i64,
) -> Result<SignedEvent, EventRejection> {
    let mut timestamp: Option<&str> = None;
    let mut signatures: Vec<Vec<u8>> = Vec::new();
    for part in signature_header.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or(EventRejection::MalformedHeader)?;
        match key.trim() {
            "t" if timestamp.is_none() => timestamp = Some(value.trim()),
            "t" => return Err(EventRejection::MalformedHeader),
            "v1" => {
                let value = value.trim();
                if value.len() != 64 {
                    return Err(EventRejection::MalformedHeader);
                }
                signatures.push(hex::decode(value).map_err(|_| EventRejection::MalformedHeader)?);
            }
            _ => {} // other schemes (v0…) are ignored
        }
    }
    let t_text = timestamp.ok_or(EventRejection::MalformedHeader)?;
    if t_text.is_empty() || !t_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EventRejection::MalformedHeader);
    }
    let t: i64 = t_text
        .parse()
        .map_err(|_| EventRejection::MalformedHeader)?;
    if signatures.is_empty() {
        return Err(EventRejection::MalformedHeader);
    }
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret).map_err(|_| EventRejection::BadSignature)?;
    mac.update(t_text.as_bytes());
    mac.update(b".");
    mac.update(body);
    // Every candidate is checked (constant time each), so timing says nothing about which matched.
    let matched = signatures
        .iter()
        .fold(false, |ok, sig| mac.clone().verify_slice(sig).is_ok() | ok);
    if !matched {
        return Err(EventRejection::BadSignature);
    }
    let age = now_unix.saturating_sub(t);
    if age > MAX_SKEW_SECS {
        return Err(EventRejection::Stale { age_secs: age });
    }
    if -age > MAX_SKEW_SECS {
        return Err(EventRejection::FromTheFuture { ahead_secs: -age });
    }
    let event: wire::Event =
        decode_json(body).map_err(|e| EventRejection::MalformedBody(e.to_string()))?;
    let data_text = event.data.get().as_bytes();
    let bad = |e: crate::connectors::http::DecodeError| {
        EventRejection::MalformedBody(format!("data: {e}"))
    };
    let data = if event.event.starts_with("card.") {
        let d: wire::CardEventData = decode_json(data_text).map_err(bad)?;
        EventData::Card {
            reason: d.reason,
            tracking_number: d.tracking_number,
        }
    } else if event.event.starts_with("transaction.") {
        let d: wire::TransactionEventData = decode_json(data_text).map_err(bad)?;
        EventData::Transaction {
            transaction_id: d.transaction_id,
            authorization_id: d.authorization_id,
            amount: d.amount,
            merchant: d.merchant,
            description: d.description,
        }
    } else {
        EventData::Other
    };
    Ok(SignedEvent {
        id: event.id,
        event: event.event,
        account_id: event.account_id,
        occurred_at: event.occurred_at,
        data,
        signed_at: t,
    })
}

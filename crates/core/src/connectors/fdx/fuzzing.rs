//! Fuzzing entry point: FDX listings (accounts, transactions, statements) and error bodies decoded
//! from arbitrary bytes, and the decoded records mapped.

use chrono::NaiveDate;

use super::{map, wire};
use crate::connectors::http::decode_json;
use crate::money::Currency;

/// Decodes `bytes` as each FDX response shape and maps what decodes. Never panics.
pub fn decode_every_payload(bytes: &[u8]) -> usize {
    let mut accepted = 0;
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    if let Ok(listing) = decode_json::<wire::Listing>(bytes) {
        accepted += 1;
        for value in &listing.accounts {
            // Keyed (`{"depositAccount": {...}}`) or flat.
            let (key, body) = match value.as_object().filter(|o| o.len() == 1) {
                Some(o) => o
                    .iter()
                    .next()
                    .map(|(k, v)| (Some(k.as_str()), v))
                    .unwrap_or((None, value)),
                None => (None, value),
            };
            if let Ok(account) = serde_json::from_value::<wire::Account>(body.clone()) {
                if let Some(kind) = map::kind_of(key, &account) {
                    let _ = map::account(kind, &account, today);
                }
            }
        }
        for value in &listing.transactions {
            if let Ok(t) = serde_json::from_value::<wire::Transaction>(value.clone()) {
                let _ = map::transaction("acct", Currency::USD, &t);
            }
        }
    }
    if let Ok(body) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let _ = wire::FdxErrorBody::from_value(Some(&body));
        accepted += 1;
    }
    accepted
}

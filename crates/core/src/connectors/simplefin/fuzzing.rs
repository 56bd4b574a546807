//! Fuzzing entry point: a SimpleFIN account set decoded from arbitrary bytes, its accounts and
//! transactions mapped, its server messages sanitized.

use chrono::NaiveDate;

use super::{map, wire};
use crate::connectors::http::decode_json;
use crate::money::Currency;

/// Decodes `bytes` as a SimpleFIN `/accounts` answer and maps what decodes. Never panics.
pub fn decode_every_payload(bytes: &[u8]) -> usize {
    let Ok(set) = decode_json::<wire::AccountSet>(bytes) else {
        return 0;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    for account in &set.accounts {
        let _ = map::account(account, today);
        for t in &account.transactions {
            let _ = map::transaction(&account.id, Currency::USD, t);
        }
    }
    for message in set.errors.iter().filter_map(|e| e.as_str()) {
        let _ = super::sanitize_server_text(message);
    }
    1
}

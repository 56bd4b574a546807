//! Fuzzing entry point: every issuer response type decoded from arbitrary bytes, and the decoded
//! records mapped, so a fuzzer reaches the same code a hostile server would.

use chrono::Utc;

use super::{map, webhook, wire};
use crate::connectors::http::decode_json;

/// Decodes `bytes` as each response type and maps what decodes. Never panics; returns how many
/// types accepted the bytes.
pub fn decode_every_payload(bytes: &[u8]) -> usize {
    let mut accepted = 0;
    if let Ok(list) = decode_json::<wire::AccountList>(bytes) {
        accepted += 1;
        for (i, a) in list.accounts.iter().enumerate() {
            let _ = map::account(a, &format!("accounts[{i}]"));
        }
    }
    if let Ok(page) = decode_json::<wire::TransactionPage>(bytes) {
        accepted += 1;
        for (i, t) in page.transactions.iter().enumerate() {
            let _ = map::transaction("acct", t, &format!("transactions[{i}]"));
        }
    }
    accepted += usize::from(decode_json::<wire::TokenGrant>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::BalanceHistory>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::StatementList>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::FicoHistory>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::RewardPrograms>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::RewardEventPage>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::Deposits>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::TransferList>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::CardList>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::CardEventList>(bytes).is_ok());
    accepted += usize::from(decode_json::<wire::EventPage>(bytes).is_ok());
    let header = format!("t={},v1={}", Utc::now().timestamp(), "00".repeat(32));
    accepted += usize::from(
        webhook::verify_signed_event(b"whsec_fuzz", &header, bytes, Utc::now().timestamp()).is_ok(),
    );
    accepted
}

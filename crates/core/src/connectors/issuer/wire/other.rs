//! The issuer API's shapes for scores, rewards, deposits, transfers, cards and events.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::connectors::http::decimal;

#[derive(Deserialize, Debug)]
pub struct CreditScore {
    pub date: NaiveDate,
    pub score: u16,
    pub model: String,
    #[serde(default)]
    pub model_version: Option<String>,
    #[serde(default)]
    pub bureau: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct FicoHistory {
    pub scores: Vec<CreditScore>,
}

#[derive(Deserialize, Debug)]
pub struct ExpiryRule {
    pub text: String,
}

#[derive(Deserialize, Debug)]
pub struct RewardProgram {
    pub id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    pub name: String,
    pub unit: String,
    #[serde(default)]
    pub balance: Option<i64>,
    #[serde(default)]
    pub expiry_rule: Option<ExpiryRule>,
}

#[derive(Deserialize, Debug)]
pub struct RewardPrograms {
    pub programs: Vec<RewardProgram>,
}

#[derive(Deserialize, Debug)]
pub struct RewardEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub date: NaiveDate,
    pub points: i64,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default, deserialize_with = "decimal::option")]
    pub earn_rate: Option<Decimal>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct RewardEventPage {
    pub events: Vec<RewardEvent>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Deserialize, Debug)]
pub struct Savings {
    pub account_id: String,
    pub name: String,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub apy: Decimal,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub balance: Decimal,
    #[serde(default)]
    pub open_date: Option<NaiveDate>,
}

#[derive(Deserialize, Debug)]
pub struct Cd {
    pub account_id: String,
    pub name: String,
    #[serde(default)]
    pub term_months: Option<u32>,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub apy: Decimal,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub balance: Decimal,
    #[serde(default)]
    pub open_date: Option<NaiveDate>,
    #[serde(default)]
    pub maturity_date: Option<NaiveDate>,
    pub status: String,
}

#[derive(Deserialize, Debug)]
pub struct Deposits {
    pub as_of: NaiveDate,
    #[serde(default)]
    pub savings: Vec<Savings>,
    #[serde(default)]
    pub cds: Vec<Cd>,
}

#[derive(Deserialize, Debug)]
pub struct Transfer {
    pub id: String,
    pub account_id: String,
    pub direction: String,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub amount: Decimal,
    pub counterparty: String,
    pub status: String,
    #[serde(default)]
    pub scheduled_date: Option<NaiveDate>,
    #[serde(default)]
    pub completed_date: Option<NaiveDate>,
}

#[derive(Deserialize, Debug)]
pub struct TransferList {
    pub transfers: Vec<Transfer>,
}

#[derive(Deserialize, Debug)]
pub struct Card {
    pub account_id: String,
    #[serde(default)]
    pub last4: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct CardList {
    pub cards: Vec<Card>,
}

#[derive(Deserialize, Debug)]
pub struct CardEvent {
    pub account_id: String,
    pub event: String,
    pub occurred_at: DateTime<Utc>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct CardEventList {
    pub card_events: Vec<CardEvent>,
}

/// An event of the polling feed or a webhook delivery; `data` depends on `event`.
#[derive(Deserialize, Debug)]
pub struct Event {
    pub id: String,
    pub event: String,
    pub account_id: String,
    pub occurred_at: DateTime<Utc>,
    pub data: Box<serde_json::value::RawValue>,
}

#[derive(Deserialize, Debug)]
pub struct EventPage {
    pub events: Vec<Event>,
    #[serde(default)]
    pub next_after: Option<String>,
    pub has_more: bool,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CardEventData {
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct TransactionEventData {
    pub transaction_id: String,
    #[serde(default)]
    pub authorization_id: Option<String>,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub amount: Decimal,
    #[serde(default)]
    pub merchant: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

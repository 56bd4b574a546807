//! The issuer API's JSON shapes, as `docs/openapi/issuer.yaml` publishes them. Unknown fields
//! are ignored; nullable fields may also be absent; amounts are read as exact decimals.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::connectors::http::decimal;

mod other;
pub use other::*;

/// `TokenGrant`. No `Debug`: it holds tokens.
#[derive(Deserialize)]
pub struct TokenGrant {
    pub access_token: String,
    pub refresh_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub scopes: Vec<String>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Balance {
    pub as_of: NaiveDate,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub current: Decimal,
    #[serde(default, deserialize_with = "decimal::option")]
    pub available: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal::option")]
    pub credit_limit: Option<Decimal>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Account {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub co_brand: Option<String>,
    #[serde(default)]
    pub mask: Option<String>,
    pub currency: String,
    pub status: String,
    #[serde(default)]
    pub open_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "decimal::option")]
    pub credit_limit: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal::option")]
    pub cash_advance_limit: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal::option")]
    pub apy: Option<Decimal>,
    #[serde(default)]
    pub term_months: Option<u32>,
    #[serde(default)]
    pub maturity_date: Option<NaiveDate>,
    #[serde(default)]
    pub reward_program_id: Option<String>,
    #[serde(default)]
    pub balances: Option<Balance>,
}

#[derive(Deserialize, Debug)]
pub struct AccountList {
    pub as_of: NaiveDate,
    pub accounts: Vec<Account>,
}

#[derive(Deserialize, Debug)]
pub struct BalanceHistory {
    pub balances: Vec<Balance>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Fx {
    #[serde(deserialize_with = "decimal::deserialize")]
    pub original_amount: Decimal,
    pub original_currency: String,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub rate: Decimal,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Transaction {
    pub id: String,
    pub state: String,
    pub transacted: Option<NaiveDate>,
    #[serde(default)]
    pub posted: Option<NaiveDate>,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub amount: Decimal,
    pub currency: String,
    pub description: String,
    #[serde(default)]
    pub merchant: Option<String>,
    #[serde(default)]
    pub mcc: Option<String>,
    #[serde(default)]
    pub fx: Option<Fx>,
    #[serde(default)]
    pub authorization_id: Option<String>,
    #[serde(default)]
    pub statement_id: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct TransactionPage {
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    pub transactions: Vec<Transaction>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Statement {
    pub id: String,
    #[serde(default)]
    pub billing_cycle: Option<String>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub closing_balance: Decimal,
    #[serde(default, deserialize_with = "decimal::option")]
    pub minimum_due: Option<Decimal>,
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub fees: Decimal,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub interest: Decimal,
}

#[derive(Deserialize, Debug)]
pub struct StatementList {
    pub statements: Vec<Statement>,
}

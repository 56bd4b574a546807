//! SimpleFIN's Account Set JSON, read tolerantly (unknown fields ignored, amounts exact).

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use crate::connectors::http::decimal;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountSet {
    pub errors: Vec<Value>,
    pub errlist: Vec<ErrItem>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ErrItem {
    pub code: Option<String>,
    pub msg: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Account {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub currency: String,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub balance: Decimal,
    #[serde(
        default,
        rename = "available-balance",
        deserialize_with = "decimal::option"
    )]
    pub available_balance: Option<Decimal>,
    #[serde(default, rename = "balance-date")]
    pub balance_date: Option<i64>,
    #[serde(default)]
    pub transactions: Vec<Transaction>,
}

#[derive(Debug, Deserialize)]
pub struct Transaction {
    pub id: String,
    #[serde(default)]
    pub posted: Option<i64>,
    #[serde(deserialize_with = "decimal::deserialize")]
    pub amount: Decimal,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub transacted_at: Option<i64>,
    #[serde(default)]
    pub pending: Option<bool>,
    #[serde(default)]
    pub payee: Option<String>,
    #[serde(default)]
    pub memo: Option<String>,
}

//! Normalized records, one struct per kind of data the vault holds. Every record carries the
//! source's own id; `(owner, source_id)` is its identity in the vault.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::kinds::*;
use crate::money::{Currency, Money};

/// An account as its source describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    pub source_id: String,
    pub kind: AccountKind,
    /// Co-brand product, e.g. "AAdvantage Aviator Red".
    pub product: Option<String>,
    pub name: String,
    /// Last four digits.
    pub mask: Option<String>,
    pub currency: Currency,
    pub credit_limit: Option<Money>,
    pub cash_advance_limit: Option<Money>,
    /// Annual percentage yield, in percent (e.g. 4.35).
    pub apy: Option<Decimal>,
    pub opened_on: Option<NaiveDate>,
    pub term_months: Option<u32>,
    pub maturity_on: Option<NaiveDate>,
    pub status: AccountStatus,
    /// The reward program this card earns into, by the program's source id.
    pub reward_program_source_id: Option<String>,
}

/// A balance at a point in time. For cards `current` is what is owed, positive.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRecord {
    pub account_source_id: String,
    pub as_of: NaiveDate,
    pub current: Money,
    pub available: Option<Money>,
    pub limit: Option<Money>,
}

/// One transaction. `amount` is negative for money leaving the account holder.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionRecord {
    pub account_source_id: String,
    pub source_id: String,
    pub status: TransactionStatus,
    pub transacted_on: Option<NaiveDate>,
    pub posted_on: Option<NaiveDate>,
    pub amount: Money,
    /// The amount in the currency the merchant charged, for foreign purchases.
    pub original_amount: Option<Money>,
    pub fx_rate: Option<Decimal>,
    /// The raw merchant string as the source gave it.
    pub description: String,
    /// A cleaner merchant name, when the source offers one.
    pub merchant: Option<String>,
    pub mcc: Option<Mcc>,
    pub memo: Option<String>,
    pub statement_source_id: Option<String>,
    /// For a posting: the source id of the pending authorization it settles.
    pub authorization_source_id: Option<String>,
}

/// A closed billing cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementRecord {
    pub account_source_id: String,
    pub source_id: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub closing_balance: Money,
    pub minimum_due: Option<Money>,
    pub due_on: Option<NaiveDate>,
    pub fees: Money,
    pub interest: Money,
    /// The statement PDF itself.
    pub pdf: Option<Vec<u8>>,
}

/// A credit score, labelled with its model and (when known) bureau.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditScoreRecord {
    pub as_of: NaiveDate,
    pub score: u16,
    /// e.g. "FICO 8 Bankcard".
    pub model: String,
    pub bureau: Option<String>,
    /// Who reported it, e.g. "Barclays US".
    pub source: String,
}

/// A reward program and, when the source says, its balance.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardProgramRecord {
    pub source_id: String,
    pub name: String,
    pub unit: RewardUnit,
    /// The program's expiry rule as the source states it (shown to the user).
    pub expiry_rule: Option<String>,
    pub balance: Option<(NaiveDate, i64)>,
}

/// One entry in a reward program's ledger. `points` is signed: burns and expiries negative.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardEventRecord {
    pub program_source_id: String,
    pub source_id: String,
    pub account_source_id: Option<String>,
    pub occurred_on: NaiveDate,
    pub kind: RewardEventKind,
    pub points: i64,
    pub transaction_source_id: Option<String>,
    pub earn_rate: Option<Decimal>,
    pub bonus_category: Option<String>,
    pub description: Option<String>,
}

/// An ACH transfer. `amount` is positive; `direction` says which way.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferRecord {
    pub account_source_id: String,
    pub source_id: String,
    pub counterparty: String,
    pub direction: TransferDirection,
    pub amount: Money,
    pub status: TransferStatus,
    pub scheduled_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

/// A card-control event.
#[derive(Debug, Clone, PartialEq)]
pub struct CardEventRecord {
    pub account_source_id: String,
    pub source_id: String,
    pub kind: CardEventKind,
    pub occurred_at: DateTime<Utc>,
    pub reason: Option<String>,
}

//! The read side the CLI and UI list: accounts with their latest balance, and transactions
//! filtered by account, dates, status and full-text search.

use rusqlite::types::Value;
use serde::Serialize;

use crate::money::{Currency, Money};
use crate::vault::{Vault, VaultError};

/// An account with its latest balance. Money is decimal text.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub connection_id: i64,
    pub institution: String,
    pub source_id: String,
    pub kind: String,
    pub product: Option<String>,
    pub name: String,
    pub mask: Option<String>,
    pub currency: String,
    pub credit_limit: Option<String>,
    pub balance: Option<String>,
    pub available: Option<String>,
    pub balance_as_of: Option<String>,
    pub apy: Option<String>,
    pub term_months: Option<u32>,
    pub maturity_on: Option<String>,
    pub status: String,
}

/// A transaction as listed. `amount` is decimal text, negative for money leaving the account.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TransactionView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub source_id: String,
    pub status: String,
    pub posted_on: Option<String>,
    pub transacted_on: Option<String>,
    pub amount: String,
    pub currency: String,
    pub original_amount: Option<String>,
    pub original_currency: Option<String>,
    pub fx_rate: Option<String>,
    /// The merchant string as the source gave it.
    pub description: String,
    pub merchant: Option<String>,
    pub mcc: Option<String>,
    pub category: Option<String>,
    pub memo: Option<String>,
    /// For a posting: the id of the pending authorization it settled.
    #[ts(type = "number | null")]
    pub settles_id: Option<i64>,
}

/// Which transactions to list.
#[derive(Debug, Clone, Default)]
pub struct TransactionFilter {
    pub account_id: Option<i64>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub status: Option<String>,
    /// Full-text search over description, merchant and memo.
    pub search: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

pub(super) fn money_text(minor: Option<i64>, currency: &str) -> Option<String> {
    let currency = Currency::parse(currency).ok()?;
    minor.map(|m| Money::from_minor(m, currency).amount_text())
}

/// An FTS5 query from what a person typed: each word a prefix term, quotes escaped, AND-ed.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Vault {
    pub fn accounts(&self) -> Result<Vec<AccountView>, VaultError> {
        let fail = VaultError::sqlite("listing accounts");
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.connection_id, c.institution, a.source_id, a.kind, a.product, a.name, a.mask,
                        a.currency, a.credit_limit_minor, b.current_minor, b.available_minor, b.as_of, a.apy,
                        a.term_months, a.maturity_on, a.status
                 FROM accounts a JOIN connections c ON c.id = a.connection_id
                 LEFT JOIN balance_snapshots b ON b.id =
                    (SELECT id FROM balance_snapshots WHERE account_id = a.id ORDER BY as_of DESC LIMIT 1)
                 ORDER BY a.kind, a.name, a.id",
            )
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                let currency: String = r.get(8)?;
                Ok(AccountView {
                    id: r.get(0)?,
                    connection_id: r.get(1)?,
                    institution: r.get(2)?,
                    source_id: r.get(3)?,
                    kind: r.get(4)?,
                    product: r.get(5)?,
                    name: r.get(6)?,
                    mask: r.get(7)?,
                    credit_limit: money_text(r.get(9)?, &currency),
                    balance: money_text(r.get(10)?, &currency),
                    available: money_text(r.get(11)?, &currency),
                    balance_as_of: r.get(12)?,
                    apy: r.get(13)?,
                    term_months: r.get(14)?,
                    maturity_on: r.get(15)?,
                    status: r.get(16)?,
                    currency,
                })
            })
            .map_err(VaultError::sqlite("listing accounts"))?;
        rows.collect::<Result<_, _>>()
            .map_err(VaultError::sqlite("listing accounts"))
    }

    pub fn transactions(
        &self,
        filter: &TransactionFilter,
    ) -> Result<Vec<TransactionView>, VaultError> {
        let mut sql = format!("{TRANSACTION_SELECT} WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        push_filter(filter, &mut sql, &mut args);
        sql.push_str(
            " ORDER BY coalesce(t.posted_on, t.transacted_on) DESC, t.id DESC LIMIT ? OFFSET ?",
        );
        args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        args.push(Value::Integer(filter.offset.map_or(0, i64::from)));
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(VaultError::sqlite("listing transactions"))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), transaction_row)
            .map_err(VaultError::sqlite("listing transactions"))?;
        rows.collect::<Result<_, _>>()
            .map_err(VaultError::sqlite("listing transactions"))
    }
}

/// The columns [`transaction_row`] reads, over `transactions t` and its category `c`.
pub(super) const TRANSACTION_SELECT: &str =
    "SELECT t.id, t.account_id, t.source_id, t.status, t.posted_on, t.transacted_on, t.amount_minor,
            t.currency, t.original_amount_minor, t.original_currency, t.fx_rate, t.description,
            t.merchant, t.mcc, c.name, t.memo, t.settles_id
     FROM transactions t LEFT JOIN categories c ON c.id = t.category_id";

/// Appends the filter's conditions (not its paging) as ` AND …` clauses with their arguments.
pub(super) fn push_filter(filter: &TransactionFilter, sql: &mut String, args: &mut Vec<Value>) {
    if let Some(account) = filter.account_id {
        sql.push_str(" AND t.account_id = ?");
        args.push(Value::Integer(account));
    }
    if let Some(from) = filter.from {
        sql.push_str(" AND coalesce(t.posted_on, t.transacted_on) >= ?");
        args.push(Value::Text(from.to_string()));
    }
    if let Some(to) = filter.to {
        sql.push_str(" AND coalesce(t.posted_on, t.transacted_on) <= ?");
        args.push(Value::Text(to.to_string()));
    }
    if let Some(status) = &filter.status {
        sql.push_str(" AND t.status = ?");
        args.push(Value::Text(status.clone()));
    }
    if let Some(query) = filter.search.as_deref().and_then(fts_query) {
        sql.push_str(
            " AND t.id IN (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ?)",
        );
        args.push(Value::Text(query));
    }
}

/// One row of [`TRANSACTION_SELECT`] as a [`TransactionView`].
pub(super) fn transaction_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TransactionView> {
    let currency: String = r.get(7)?;
    let original_currency: Option<String> = r.get(9)?;
    Ok(TransactionView {
        id: r.get(0)?,
        account_id: r.get(1)?,
        source_id: r.get(2)?,
        status: r.get(3)?,
        posted_on: r.get(4)?,
        transacted_on: r.get(5)?,
        amount: money_text(Some(r.get(6)?), &currency).unwrap_or_default(),
        original_amount: original_currency
            .as_deref()
            .and_then(|c| money_text(r.get(8).ok().flatten(), c)),
        original_currency,
        fx_rate: r.get(10)?,
        description: r.get(11)?,
        merchant: r.get(12)?,
        mcc: r.get(13)?,
        category: r.get(14)?,
        memo: r.get(15)?,
        settles_id: r.get(16)?,
        currency,
    })
}

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
        let search = self.search_plan(filter, None, false)?;
        let mut sql = format!("{TRANSACTION_SELECT} WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        push_filter_with(filter, &search, &mut sql, &mut args);
        sql.push_str(&format!(" {NEWEST_FIRST} LIMIT ? OFFSET ?"));
        push_paging(filter, &search, &mut args);
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .map_err(VaultError::sqlite("listing transactions"))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), transaction_row)
            .map_err(VaultError::sqlite("listing transactions"))?;
        rows.collect::<Result<_, _>>()
            .map_err(VaultError::sqlite("listing transactions"))
    }

    /// How a search is run (see [`SearchPlan`]): the newest matches by id first, at most
    /// [`FEW_MATCHES`] + 1 of them, straight from the index; for a common word, the page itself.
    /// `category` is the page's category filter; `want_total` asks for the number of matches.
    pub(super) fn search_plan(
        &self,
        filter: &TransactionFilter,
        category: Option<&str>,
        want_total: bool,
    ) -> Result<SearchPlan, VaultError> {
        let Some(query) = filter.search.as_deref().and_then(fts_query) else {
            return Ok(SearchPlan::None);
        };
        let fail = || VaultError::sqlite("searching transactions");
        let ids = self.match_ids(&query, Some(FEW_MATCHES + 1))?;
        if ids.len() <= FEW_MATCHES {
            return Ok(SearchPlan::Few(json_ids(&ids)));
        }
        // A common word: every match's id (sorted), then the rows newest first through the day
        // index (ids only, no row reads), keeping those that match until the page is full.
        let mut matches = self.match_ids(&query, None)?;
        matches.sort_unstable();
        let mut cond = String::new();
        let mut args: Vec<Value> = Vec::new();
        let no_search = TransactionFilter {
            search: None,
            ..filter.clone()
        };
        push_filter(&no_search, &mut cond, &mut args);
        if let Some(name) = category {
            cond.push_str(" AND t.category_id IN (SELECT id FROM categories WHERE name = ?)");
            args.push(Value::Text(name.to_string()));
        }
        let filtered = !cond.is_empty();
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT t.id FROM transactions t WHERE 1 = 1{cond} {NEWEST_FIRST}"
            ))
            .map_err(fail())?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(fail())?;
        let offset = filter.offset.map_or(0, |o| o as usize);
        let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
        let (mut seen, mut page) = (0usize, Vec::new());
        while let Some(row) = rows.next().map_err(fail())? {
            let id: i64 = row.get(0).map_err(fail())?;
            if matches.binary_search(&id).is_err() {
                continue;
            }
            if seen >= offset && page.len() < limit {
                page.push(id);
            }
            seen += 1;
            if page.len() >= limit && !(want_total && filtered) {
                break;
            }
        }
        let total = if filtered {
            want_total.then_some(seen as u64)
        } else {
            Some(matches.len() as u64)
        };
        Ok(SearchPlan::Page {
            ids: json_ids(&page),
            total,
        })
    }

    /// The ids the full-text index matches, newest id first, at most `limit`.
    fn match_ids(&self, query: &str, limit: Option<usize>) -> Result<Vec<i64>, VaultError> {
        let fail = || VaultError::sqlite("searching transactions");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ?1
                 ORDER BY rowid DESC LIMIT ?2",
            )
            .map_err(fail())?;
        let limit = limit.map_or(-1, |l| l as i64);
        let ids = stmt
            .query_map(rusqlite::params![query, limit], |r| r.get::<_, i64>(0))
            .map_err(fail())?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(fail())?;
        Ok(ids)
    }
}

fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// LIMIT and OFFSET arguments: the filter's, or none when the plan already cut the page.
pub(super) fn push_paging(filter: &TransactionFilter, plan: &SearchPlan, args: &mut Vec<Value>) {
    let (limit, offset) = match plan {
        SearchPlan::Page { .. } => (-1, 0),
        _ => (
            filter.limit.map_or(-1, i64::from),
            filter.offset.map_or(0, i64::from),
        ),
    };
    args.push(Value::Integer(limit));
    args.push(Value::Integer(offset));
}

/// Newest first: the order of every transaction list, served by the `transactions_by_day` index.
pub(super) const NEWEST_FIRST: &str =
    "ORDER BY coalesce(t.posted_on, t.transacted_on) DESC, t.id DESC";

/// Up to this many matches a search reads all its rows and sorts them; beyond, it walks the
/// day index newest first (ids only) and keeps the ids that match, stopping at the page's end.
pub(super) const FEW_MATCHES: usize = 4_000;

/// How a full-text search is joined to the rows. Materializing every match as rows and sorting
/// them costs as much as the matches (seconds for a common word in a million rows); walking
/// the day index newest first costs as much as the rows skipped before a page is full (many for
/// a rare word). Asking the index for a bounded number of matches first picks the cheap one.
pub(super) enum SearchPlan {
    /// No search text.
    None,
    /// Every match, as a JSON array of ids.
    Few(String),
    /// A common word: the page's own ids (limit and offset already applied), and how many rows
    /// match in all when asked for (or free to know).
    Page { ids: String, total: Option<u64> },
}

/// [`push_filter`] with the search as `plan` says.
pub(super) fn push_filter_with(
    filter: &TransactionFilter,
    plan: &SearchPlan,
    sql: &mut String,
    args: &mut Vec<Value>,
) {
    let no_search = TransactionFilter {
        search: None,
        ..filter.clone()
    };
    push_filter(&no_search, sql, args);
    match plan {
        SearchPlan::None => {}
        SearchPlan::Few(ids) => {
            sql.push_str(" AND t.id IN (SELECT value FROM json_each(?))");
            args.push(Value::Text(ids.clone()));
        }
        SearchPlan::Page { ids, .. } => {
            sql.push_str(" AND t.id IN (SELECT value FROM json_each(?))");
            args.push(Value::Text(ids.clone()));
        }
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

//! The read side of analytics: plain facts (money as integer minor units beside a currency,
//! never floating point) and SQL aggregates where summing in SQLite is what keeps an analysis
//! fast at a million rows. The analyses themselves are pure functions in `crate::analytics`.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::Row;
use rust_decimal::Decimal;

use crate::domain::{AccountKind, Mcc};
use crate::money::Currency;
use crate::vault::{Vault, VaultError};

/// Which rows an analysis or export covers: the same filters the views use.
#[derive(Debug, Clone, Default)]
pub struct RowFilter {
    pub account_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Category name (transactions only).
    pub category: Option<String>,
    /// A status (`pending`, `posted`...); default: the counted ones (posted and pending).
    pub status: Option<String>,
    /// Full-text search (transactions) or a substring (other tables' text).
    pub search: Option<String>,
}

impl RowFilter {
    /// Whether the maintained monthly sums answer this filter: no status or search, and dates
    /// (if any) on month boundaries.
    pub(crate) fn by_whole_months(&self) -> bool {
        let month_start = |d: NaiveDate| d.day() == 1;
        let month_end = |d: NaiveDate| d.succ_opt().is_none_or(|next| next.day() == 1);
        self.status.is_none()
            && self.search.is_none()
            && self.from.is_none_or(month_start)
            && self.to.is_none_or(month_end)
    }

    /// Appends `AND ...` clauses for the account column and a date expression.
    pub(crate) fn push_common(
        &self,
        sql: &mut String,
        args: &mut Vec<Value>,
        account_col: Option<&str>,
        date_expr: Option<&str>,
    ) {
        if let (Some(id), Some(col)) = (self.account_id, account_col) {
            sql.push_str(&format!(" AND {col} = ?"));
            args.push(Value::Integer(id));
        }
        if let Some(expr) = date_expr {
            if let Some(from) = self.from {
                sql.push_str(&format!(" AND {expr} >= ?"));
                args.push(Value::Text(from.to_string()));
            }
            if let Some(to) = self.to {
                sql.push_str(&format!(" AND {expr} <= ?"));
                args.push(Value::Text(to.to_string()));
            }
        }
    }

    /// The transaction clauses: common ones, status (default posted + pending), category, search.
    pub(crate) fn push_transactions(&self, sql: &mut String, args: &mut Vec<Value>) {
        self.push_common(sql, args, Some("t.account_id"), Some(TX_DATE));
        self.push_transaction_extras(sql, args, true);
    }

    /// Status (without one: the counted statuses when `counted_only`, else all), category and
    /// search clauses over `transactions t`.
    pub(crate) fn push_transaction_extras(
        &self,
        sql: &mut String,
        args: &mut Vec<Value>,
        counted_only: bool,
    ) {
        match &self.status {
            Some(status) => {
                sql.push_str(" AND t.status = ?");
                args.push(Value::Text(status.clone()));
            }
            None if counted_only => sql.push_str(" AND t.status IN ('posted', 'pending')"),
            None => {}
        }
        if let Some(category) = &self.category {
            sql.push_str(" AND t.category_id = (SELECT id FROM categories WHERE name = ?)");
            args.push(Value::Text(category.clone()));
        }
        if let Some(query) = self.search.as_deref().and_then(super::queries::fts_query) {
            sql.push_str(
                " AND t.id IN (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ?)",
            );
            args.push(Value::Text(query));
        }
    }
}

/// A transaction's day: posted, else transacted.
pub(crate) const TX_DATE: &str = "coalesce(t.posted_on, t.transacted_on)";

/// An account's facts as analyses need them.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFacts {
    pub id: i64,
    pub kind: AccountKind,
    pub product: Option<String>,
    pub name: String,
    pub mask: Option<String>,
    pub currency: Currency,
    pub credit_limit_minor: Option<i64>,
    /// Percent, e.g. 4.35.
    pub apy: Option<Decimal>,
    pub opened_on: Option<NaiveDate>,
    pub term_months: Option<u32>,
    pub maturity_on: Option<NaiveDate>,
    pub status: String,
    pub reward_program_source_id: Option<String>,
}

/// One balance snapshot. For cards `current_minor` is what is owed, positive.
#[derive(Debug, Clone, PartialEq)]
pub struct BalancePoint {
    pub account_id: i64,
    pub as_of: NaiveDate,
    pub current_minor: i64,
    pub available_minor: Option<i64>,
    pub limit_minor: Option<i64>,
    pub currency: Currency,
}

/// Counted transactions of card and checking accounts summed by month, merchant, MCC, category
/// and currency. `merchant` is the source's clean name, else the raw description.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendGroup {
    /// `YYYY-MM`.
    pub month: String,
    pub merchant: String,
    /// One raw description of the group (for rules and cleanup when no clean name exists).
    pub description: String,
    pub has_source_merchant: bool,
    pub mcc: Option<Mcc>,
    pub category: Option<String>,
    /// `spend`, `income`, `transfer`, `payment` or `fee`.
    pub category_kind: Option<String>,
    /// `source`, `mcc`, `rule` or `manual`.
    pub category_source: Option<String>,
    pub currency: Currency,
    /// Sum of negative amounts (purchases), ≤ 0.
    pub outflow_minor: i64,
    /// Sum of positive amounts (refunds, payments), ≥ 0.
    pub inflow_minor: i64,
    pub count: u64,
    /// Foreign purchases: the original currency and the sum of original amounts.
    pub original: Option<(Currency, i64)>,
}

fn date(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
}

fn currency(text: &str) -> Currency {
    Currency::parse(text).unwrap_or(Currency::USD)
}

impl Vault {
    /// Runs `sql` with `args` and maps every row.
    pub(crate) fn read_rows<T>(
        &self,
        context: &'static str,
        sql: &str,
        args: Vec<Value>,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, VaultError> {
        let mut stmt = self
            .conn
            .prepare_cached(sql)
            .map_err(VaultError::sqlite(context))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), map)
            .map_err(VaultError::sqlite(context))?;
        rows.collect::<Result<_, _>>()
            .map_err(VaultError::sqlite(context))
    }

    /// Every account with the facts analyses use.
    pub fn account_facts(&self) -> Result<Vec<AccountFacts>, VaultError> {
        self.read_rows(
            "reading accounts",
            "SELECT id, kind, product, name, mask, currency, credit_limit_minor, apy, opened_on,
                    term_months, maturity_on, status, reward_program_source_id
             FROM accounts ORDER BY id",
            vec![],
            |r| {
                Ok(AccountFacts {
                    id: r.get(0)?,
                    kind: AccountKind::parse(&r.get::<_, String>(1)?)
                        .unwrap_or(AccountKind::Checking),
                    product: r.get(2)?,
                    name: r.get(3)?,
                    mask: r.get(4)?,
                    currency: currency(&r.get::<_, String>(5)?),
                    credit_limit_minor: r.get(6)?,
                    apy: r
                        .get::<_, Option<String>>(7)?
                        .and_then(|a| a.parse::<Decimal>().ok()),
                    opened_on: date(r.get(8)?),
                    term_months: r.get(9)?,
                    maturity_on: date(r.get(10)?),
                    status: r.get(11)?,
                    reward_program_source_id: r.get(12)?,
                })
            },
        )
    }

    /// Balance snapshots, oldest first, filtered by account and dates.
    pub fn balance_points(&self, filter: &RowFilter) -> Result<Vec<BalancePoint>, VaultError> {
        let mut sql = String::from(
            "SELECT account_id, as_of, current_minor, available_minor, limit_minor, currency
             FROM balance_snapshots WHERE 1 = 1",
        );
        let mut args = Vec::new();
        filter.push_common(&mut sql, &mut args, Some("account_id"), Some("as_of"));
        sql.push_str(" ORDER BY as_of, account_id");
        self.read_rows("reading balances", &sql, args, |r| {
            Ok(BalancePoint {
                account_id: r.get(0)?,
                as_of: date(r.get(1)?).unwrap_or_default(),
                current_minor: r.get(2)?,
                available_minor: r.get(3)?,
                limit_minor: r.get(4)?,
                currency: currency(&r.get::<_, String>(5)?),
            })
        })
    }

    /// Counted card and checking transactions summed (see [`SpendGroup`]): from the maintained
    /// sums when the filter is whole months, an account and a category at most; else from the
    /// rows.
    pub fn spend_groups(&self, filter: &RowFilter) -> Result<Vec<SpendGroup>, VaultError> {
        if filter.by_whole_months() {
            return self.spend_groups_from_sums(filter);
        }
        self.spend_groups_from_rows(filter)
    }

    fn spend_groups_from_sums(&self, filter: &RowFilter) -> Result<Vec<SpendGroup>, VaultError> {
        self.summaries_current()?;
        let mut sql = String::from(
            "SELECT s.month, s.merchant_key, min(s.description), s.has_merchant, s.mcc, c.name,
                    c.kind, s.category_source, s.currency, s.original_currency,
                    sum(s.outflow_minor), sum(s.inflow_minor), sum(s.row_count),
                    sum(s.original_minor)
             FROM spend_summary s JOIN accounts a ON a.id = s.account_id
             LEFT JOIN categories c ON c.id = s.category_id
             WHERE a.kind IN ('credit_card', 'checking')",
        );
        let mut args = Vec::new();
        if let Some(id) = filter.account_id {
            sql.push_str(" AND s.account_id = ?");
            args.push(Value::Integer(id));
        }
        if let Some(from) = filter.from {
            sql.push_str(" AND s.month >= ?");
            args.push(Value::Text(from.format("%Y-%m").to_string()));
        }
        if let Some(to) = filter.to {
            sql.push_str(" AND s.month <= ?");
            args.push(Value::Text(to.format("%Y-%m").to_string()));
        }
        if let Some(category) = &filter.category {
            sql.push_str(" AND s.category_id = (SELECT id FROM categories WHERE name = ?)");
            args.push(Value::Text(category.clone()));
        }
        sql.push_str(" GROUP BY 1, 2, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2");
        self.read_rows("summing spending", &sql, args, |r| {
            let mcc: String = r.get(4)?;
            let source: String = r.get(7)?;
            let original: String = r.get(9)?;
            Ok(SpendGroup {
                month: r.get(0)?,
                merchant: r.get(1)?,
                description: r.get(2)?,
                has_source_merchant: r.get(3)?,
                mcc: Mcc::parse(&mcc),
                category: r.get(5)?,
                category_kind: r.get(6)?,
                category_source: (!source.is_empty()).then_some(source),
                currency: currency(&r.get::<_, String>(8)?),
                outflow_minor: r.get(10)?,
                inflow_minor: r.get(11)?,
                count: r.get::<_, i64>(12)? as u64,
                original: (!original.is_empty())
                    .then(|| r.get(13).map(|m| (currency(&original), m)))
                    .transpose()?,
            })
        })
    }

    fn spend_groups_from_rows(&self, filter: &RowFilter) -> Result<Vec<SpendGroup>, VaultError> {
        let mut sql = format!(
            "SELECT substr({TX_DATE}, 1, 7), coalesce(t.merchant, t.description), min(t.description),
                    t.merchant IS NOT NULL, t.mcc, c.name, c.kind, t.category_source, t.currency,
                    t.original_currency,
                    sum(CASE WHEN t.amount_minor < 0 THEN t.amount_minor ELSE 0 END),
                    sum(CASE WHEN t.amount_minor > 0 THEN t.amount_minor ELSE 0 END),
                    count(*), sum(coalesce(t.original_amount_minor, 0))
             FROM transactions t JOIN accounts a ON a.id = t.account_id
             LEFT JOIN categories c ON c.id = t.category_id
             WHERE a.kind IN ('credit_card', 'checking')"
        );
        let mut args = Vec::new();
        filter.push_transactions(&mut sql, &mut args);
        sql.push_str(" GROUP BY 1, 2, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2");
        self.read_rows("summing spending", &sql, args, |r| {
            let original: Option<String> = r.get(9)?;
            Ok(SpendGroup {
                month: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                merchant: r.get(1)?,
                description: r.get(2)?,
                has_source_merchant: r.get(3)?,
                mcc: r.get::<_, Option<String>>(4)?.and_then(|m| Mcc::parse(&m)),
                category: r.get(5)?,
                category_kind: r.get(6)?,
                category_source: r.get(7)?,
                currency: currency(&r.get::<_, String>(8)?),
                outflow_minor: r.get(10)?,
                inflow_minor: r.get(11)?,
                count: r.get::<_, i64>(12)? as u64,
                original: match original {
                    Some(c) => Some((currency(&c), r.get(13)?)),
                    None => None,
                },
            })
        })
    }
}

//! The transactions page's total count from the maintained sums: for filters made only of an
//! account, whole calendar months and the default statuses, `spend_summary`'s row counts
//! (posted and pending rows) plus the few rows of other statuses found by the partial index
//! `transactions_not_counted` (schema v5), instead of counting a million rows per page.

use chrono::Datelike;
use rusqlite::types::Value;

use super::queries::TransactionFilter;
use crate::vault::{Vault, VaultError};

const FAIL: &str = "counting transactions from the sums";

/// The month (YYYY-MM) bounds a filter's dates cover when they are whole months, or `None`
/// when a bound falls inside a month (such a count needs the rows themselves).
fn month_bounds(filter: &TransactionFilter) -> Option<(Option<String>, Option<String>)> {
    let from = match filter.from {
        Some(d) if d.day() != 1 => return None,
        Some(d) => Some(d.format("%Y-%m").to_string()),
        None => None,
    };
    let to = match filter.to {
        Some(d) if d.succ_opt().is_some_and(|n| n.month() == d.month()) => return None,
        Some(d) => Some(d.format("%Y-%m").to_string()),
        None => None,
    };
    Some((from, to))
}

impl Vault {
    /// The count of rows `filter` matches, from the sums, when its conditions are ones they
    /// can answer (account, whole months, no status, no search, category by name or none);
    /// `None` otherwise.
    pub(super) fn count_from_sums(
        &self,
        filter: &TransactionFilter,
        category: Option<&str>,
    ) -> Result<Option<i64>, VaultError> {
        if filter.status.is_some()
            || filter
                .search
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
        {
            return Ok(None);
        }
        let Some((from, to)) = month_bounds(filter) else {
            return Ok(None);
        };
        self.summaries_current()?;
        let mut summed =
            String::from("SELECT coalesce(sum(row_count), 0) FROM spend_summary WHERE 1 = 1");
        let mut other = String::from(
            "SELECT count(*) FROM transactions t WHERE t.status NOT IN ('posted', 'pending')",
        );
        let mut summed_args: Vec<Value> = Vec::new();
        let mut other_args: Vec<Value> = Vec::new();
        if let Some(account) = filter.account_id {
            summed.push_str(" AND account_id = ?");
            summed_args.push(Value::Integer(account));
            other.push_str(" AND t.account_id = ?");
            other_args.push(Value::Integer(account));
        }
        if from.is_some() || to.is_some() {
            // Rows without a day have month '' and match no date bound.
            summed.push_str(" AND month <> ''");
        }
        if let Some(from) = from {
            summed.push_str(" AND month >= ?");
            summed_args.push(Value::Text(from));
        }
        if let Some(to) = to {
            summed.push_str(" AND month <= ?");
            summed_args.push(Value::Text(to));
        }
        if let Some(from) = filter.from {
            other.push_str(" AND coalesce(t.posted_on, t.transacted_on) >= ?");
            other_args.push(Value::Text(from.to_string()));
        }
        if let Some(to) = filter.to {
            other.push_str(" AND coalesce(t.posted_on, t.transacted_on) <= ?");
            other_args.push(Value::Text(to.to_string()));
        }
        if let Some(name) = category {
            summed.push_str(" AND category_id IN (SELECT id FROM categories WHERE name = ?)");
            summed_args.push(Value::Text(name.to_string()));
            other.push_str(" AND t.category_id IN (SELECT id FROM categories WHERE name = ?)");
            other_args.push(Value::Text(name.to_string()));
        }
        let count = |sql: &str, args: Vec<Value>| -> Result<i64, VaultError> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.query_row(rusqlite::params_from_iter(args), |r| r.get(0)))
                .map_err(VaultError::sqlite(FAIL))
        };
        Ok(Some(
            count(&summed, summed_args)? + count(&other, other_args)?,
        ))
    }
}

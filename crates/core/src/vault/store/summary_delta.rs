//! Adding new transactions to the analytics sums: one read of the rows above the watermark,
//! grouped in memory, then one upsert per group.
//!
//! The same grouping as `summary.rs`'s `ADD_SPEND` / `ADD_CHARGES` statements, which now only
//! recount from scratch for the tests that compare the two. SQLite grouped those rows by sorting
//! them on nine keys; a hash needs no sort (1,000,000 new rows: 8.3 s → see BENCHMARKS.md).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::vault::VaultError;

const FAIL: &str = "keeping the analytics sums";

/// `spend_summary`'s key.
#[derive(PartialEq, Eq, Hash)]
struct SpendKey {
    account: i64,
    month: String,
    merchant_key: String,
    has_merchant: bool,
    mcc: String,
    category: i64,
    category_source: String,
    currency: String,
    original_currency: String,
}

/// `spend_summary`'s sums for one key.
struct SpendSums {
    outflow: i64,
    inflow: i64,
    rows: i64,
    original: i64,
    description: String,
}

/// `charge_summary`'s key.
#[derive(PartialEq, Eq, Hash)]
struct ChargeKey {
    account: i64,
    merchant_key: String,
    amount: i64,
    currency: String,
}

/// One transaction row, as the sums read it.
struct Row {
    account: i64,
    day: Option<String>,
    merchant: Option<String>,
    description: String,
    mcc: Option<String>,
    category: Option<i64>,
    category_source: Option<String>,
    currency: String,
    original_currency: Option<String>,
    amount: i64,
    original_amount: Option<i64>,
    status: String,
}

const NEW_ROWS: &str = "SELECT account_id, coalesce(posted_on, transacted_on), merchant,
        description, mcc, category_id, category_source, currency, original_currency,
        amount_minor, original_amount_minor, status
    FROM transactions WHERE id > ?1";

const UPSERT_SPEND: &str = "INSERT INTO spend_summary (account_id, month, merchant_key,
        has_merchant, mcc, category_id, category_source, currency, original_currency,
        outflow_minor, inflow_minor, row_count, original_minor, description)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
    ON CONFLICT DO UPDATE SET outflow_minor = outflow_minor + excluded.outflow_minor,
        inflow_minor = inflow_minor + excluded.inflow_minor,
        row_count = row_count + excluded.row_count,
        original_minor = original_minor + excluded.original_minor,
        description = min(description, excluded.description)";

const UPSERT_CHARGE: &str = "INSERT INTO charge_summary (account_id, merchant_key, amount_minor,
        currency, row_count, days)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
    ON CONFLICT DO UPDATE SET row_count = row_count + excluded.row_count,
        days = days || ',' || excluded.days";

fn overflow() -> VaultError {
    VaultError::Data("an analytics sum does not fit in 64 bits".into())
}

fn add(total: &mut i64, amount: i64) -> Result<(), VaultError> {
    *total = total.checked_add(amount).ok_or_else(overflow)?;
    Ok(())
}

/// Days since 1970-01-01 of a stored `YYYY-MM-DD` day (SQLite's `julianday` reading of it).
fn epoch_day(day: &str) -> Option<i64> {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some((date - NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// Adds every transaction with an id above `through` to both summary tables.
pub(super) fn add_rows_above(conn: &Connection, through: i64) -> Result<(), VaultError> {
    let mut spend: HashMap<SpendKey, SpendSums> = HashMap::new();
    let mut charges: HashMap<ChargeKey, (i64, String)> = HashMap::new();
    let mut stmt = conn
        .prepare_cached(NEW_ROWS)
        .map_err(VaultError::sqlite(FAIL))?;
    let mut rows = stmt.query([through]).map_err(VaultError::sqlite(FAIL))?;
    while let Some(r) = rows.next().map_err(VaultError::sqlite(FAIL))? {
        let row = read_row(r).map_err(VaultError::sqlite(FAIL))?;
        add_row(&mut spend, &mut charges, row)?;
    }
    drop(rows);
    let mut upsert = conn
        .prepare_cached(UPSERT_SPEND)
        .map_err(VaultError::sqlite(FAIL))?;
    for (k, s) in spend {
        upsert
            .execute(params![
                k.account,
                k.month,
                k.merchant_key,
                k.has_merchant,
                k.mcc,
                k.category,
                k.category_source,
                k.currency,
                k.original_currency,
                s.outflow,
                s.inflow,
                s.rows,
                s.original,
                s.description
            ])
            .map_err(VaultError::sqlite(FAIL))?;
    }
    let mut upsert = conn
        .prepare_cached(UPSERT_CHARGE)
        .map_err(VaultError::sqlite(FAIL))?;
    for (k, (count, days)) in charges {
        upsert
            .execute(params![
                k.account,
                k.merchant_key,
                k.amount,
                k.currency,
                count,
                days
            ])
            .map_err(VaultError::sqlite(FAIL))?;
    }
    Ok(())
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        account: r.get(0)?,
        day: r.get(1)?,
        merchant: r.get(2)?,
        description: r.get(3)?,
        mcc: r.get(4)?,
        category: r.get(5)?,
        category_source: r.get(6)?,
        currency: r.get(7)?,
        original_currency: r.get(8)?,
        amount: r.get(9)?,
        original_amount: r.get(10)?,
        status: r.get(11)?,
    })
}

fn add_row(
    spend: &mut HashMap<SpendKey, SpendSums>,
    charges: &mut HashMap<ChargeKey, (i64, String)>,
    row: Row,
) -> Result<(), VaultError> {
    let merchant_key = row.merchant.as_deref().unwrap_or(&row.description);
    if row.status == "posted" && row.amount < 0 {
        if let Some(day) = row.day.as_deref() {
            let entry = charges
                .entry(ChargeKey {
                    account: row.account,
                    merchant_key: merchant_key.to_string(),
                    amount: row.amount,
                    currency: row.currency.clone(),
                })
                .or_insert_with(|| (0, String::new()));
            entry.0 += 1;
            // A day SQLite could not read adds nothing to the list (group_concat skips NULL).
            if let Some(n) = epoch_day(day) {
                if !entry.1.is_empty() {
                    entry.1.push(',');
                }
                entry.1.push_str(&n.to_string());
            }
        }
    }
    if row.status != "posted" && row.status != "pending" {
        return Ok(());
    }
    let key = SpendKey {
        account: row.account,
        month: row.day.as_deref().map(month_of).unwrap_or_default(),
        merchant_key: merchant_key.to_string(),
        has_merchant: row.merchant.is_some(),
        mcc: row.mcc.unwrap_or_default(),
        category: row.category.unwrap_or(0),
        category_source: row.category_source.unwrap_or_default(),
        currency: row.currency,
        original_currency: row.original_currency.unwrap_or_default(),
    };
    let sums = spend.entry(key).or_insert_with(|| SpendSums {
        outflow: 0,
        inflow: 0,
        rows: 0,
        original: 0,
        description: row.description.clone(),
    });
    add(&mut sums.outflow, row.amount.min(0))?;
    add(&mut sums.inflow, row.amount.max(0))?;
    add(&mut sums.rows, 1)?;
    add(&mut sums.original, row.original_amount.unwrap_or(0))?;
    if row.description < sums.description {
        sums.description = row.description;
    }
    Ok(())
}

/// `substr(day, 1, 7)`: the first seven characters.
fn month_of(day: &str) -> String {
    day.chars().take(7).collect()
}

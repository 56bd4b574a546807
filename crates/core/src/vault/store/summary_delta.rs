//! Adding new transactions to the analytics sums: the rows above the watermark grouped in
//! memory — read back in one pass, or handed over by a batch that grouped its own new rows
//! while it stored them — then one upsert per group.
//!
//! The same grouping as `summary.rs`'s `ADD_SPEND` / `ADD_CHARGES` statements, which now only
//! recount from scratch for the tests that compare the two. SQLite grouped those rows by sorting
//! them on nine keys; a hash needs no sort (1,000,000 new rows: 8.3 s → see BENCHMARKS.md).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::seeded_hash::FastMap;
use crate::vault::VaultError;

const FAIL: &str = "keeping the analytics sums";

/// Distinct texts of one pass, each stored once and named by a number: grouping compares and
/// hashes numbers, and reading a row allocates nothing for a text seen before.
#[derive(Default)]
struct Texts {
    ids: HashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

/// The text one column had on the row before, and its number: consecutive rows mostly repeat
/// their month, currency, MCC and category source, and a comparison is cheaper than a hash.
#[derive(Default)]
struct LastText(Option<u32>);

impl Texts {
    fn id_after(&mut self, last: &mut LastText, text: &str) -> u32 {
        if let Some(id) = last.0 {
            if self.text(id) == text {
                return id;
            }
        }
        let id = self.id(text);
        last.0 = Some(id);
        id
    }

    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }

    fn text(&self, id: u32) -> &str {
        &self.texts[id as usize]
    }

    /// Each text's place in byte order (SQLite's BINARY collation), by number.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.texts.len() as u32).collect();
        order.sort_unstable_by(|a, b| self.text(*a).cmp(self.text(*b)));
        let mut ranks = vec![0; order.len()];
        for (rank, id) in order.into_iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }
}

/// `spend_summary`'s key (texts as [`Texts`] numbers).
#[derive(PartialEq, Eq, Hash, Clone, Copy)]
struct SpendKey {
    account: i64,
    month: u32,
    merchant_key: u32,
    has_merchant: bool,
    mcc: u32,
    category: i64,
    category_source: u32,
    currency: u32,
    original_currency: u32,
}

/// `spend_summary`'s sums for one key.
struct SpendSums {
    outflow: i64,
    inflow: i64,
    rows: i64,
    original: i64,
    description: u32,
}

/// `charge_summary`'s key (texts as [`Texts`] numbers).
#[derive(PartialEq, Eq, Hash, Clone, Copy)]
struct ChargeKey {
    account: i64,
    merchant_key: u32,
    amount: i64,
    currency: u32,
}

/// One transaction row, as the sums read it, with the values as stored (texts borrowed from
/// SQLite's row or from the batch's own row).
pub(super) struct Row<'r> {
    pub account: i64,
    /// `coalesce(posted_on, transacted_on)`.
    pub day: Option<&'r str>,
    pub merchant: Option<&'r str>,
    pub description: &'r str,
    pub mcc: Option<&'r str>,
    pub category: Option<i64>,
    pub category_source: Option<&'r str>,
    pub currency: &'r str,
    pub original_currency: Option<&'r str>,
    pub amount: i64,
    pub original_amount: Option<i64>,
    pub status: &'r str,
}

/// Rows grouped by both tables' keys, ready to upsert.
#[derive(Default)]
pub(super) struct RowGroups {
    texts: Texts,
    spend: FastMap<SpendKey, SpendSums>,
    /// Per charge group: its row count and its days (days since 1970-01-01).
    charges: FastMap<ChargeKey, (i64, Vec<i64>)>,
    last: [LastText; 5],
    /// How many rows were added.
    rows: u64,
}

impl RowGroups {
    /// Groups `rows` (off the connection: a batch does this on a second thread while SQLite
    /// stores the same rows).
    pub(super) fn of<'r>(rows: impl IntoIterator<Item = Row<'r>>) -> Result<Self, VaultError> {
        let mut groups = RowGroups::default();
        for row in rows {
            groups.add(&row)?;
        }
        Ok(groups)
    }

    /// How many rows were grouped.
    pub(super) fn rows(&self) -> u64 {
        self.rows
    }
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
    let date = match day.as_bytes() {
        // The form Coffer stores, read without the format parser.
        [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => {
            let digit = |b: &u8| b.is_ascii_digit().then(|| i32::from(b - b'0'));
            let year = digit(y0)? * 1000 + digit(y1)? * 100 + digit(y2)? * 10 + digit(y3)?;
            let month = digit(m0)? * 10 + digit(m1)?;
            let day = digit(d0)? * 10 + digit(d1)?;
            NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)?
        }
        _ => NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?,
    };
    Some((date - NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// Adds every transaction with an id above `through` to both summary tables.
pub(super) fn add_rows_above(conn: &Connection, through: i64) -> Result<(), VaultError> {
    let mut groups = RowGroups::default();
    let mut stmt = conn
        .prepare_cached(NEW_ROWS)
        .map_err(VaultError::sqlite(FAIL))?;
    let mut rows = stmt.query([through]).map_err(VaultError::sqlite(FAIL))?;
    while let Some(r) = rows.next().map_err(VaultError::sqlite(FAIL))? {
        let row = read_row(r).map_err(VaultError::sqlite(FAIL))?;
        groups.add(&row)?;
    }
    drop(rows);
    drop(stmt);
    add_groups(conn, groups)
}

/// Adds grouped rows to both summary tables.
pub(super) fn add_groups(conn: &Connection, groups: RowGroups) -> Result<(), VaultError> {
    let RowGroups {
        texts,
        spend,
        charges,
        last: _,
        rows: _,
    } = groups;
    // Upserted in each table's key order: a new group then lands next to the one before it,
    // so SQLite appends to the b-tree instead of seeking a random leaf for each of (for
    // synthetic amounts) up to a million charge groups.
    let rank = texts.ranks();
    let mut spend: Vec<(SpendKey, SpendSums)> = spend.into_iter().collect();
    spend.sort_unstable_by_key(|(k, _)| {
        (
            k.account,
            rank[k.month as usize],
            rank[k.merchant_key as usize],
            k.has_merchant,
            rank[k.mcc as usize],
            k.category,
            rank[k.category_source as usize],
            rank[k.currency as usize],
            rank[k.original_currency as usize],
        )
    });
    let mut charges: Vec<(ChargeKey, (i64, Vec<i64>))> = charges.into_iter().collect();
    charges.sort_unstable_by_key(|(k, _)| {
        (
            k.account,
            rank[k.merchant_key as usize],
            k.amount,
            rank[k.currency as usize],
        )
    });
    let mut upsert = conn
        .prepare_cached(UPSERT_SPEND)
        .map_err(VaultError::sqlite(FAIL))?;
    for (k, s) in spend {
        upsert
            .execute(params![
                k.account,
                texts.text(k.month),
                texts.text(k.merchant_key),
                k.has_merchant,
                texts.text(k.mcc),
                k.category,
                texts.text(k.category_source),
                texts.text(k.currency),
                texts.text(k.original_currency),
                s.outflow,
                s.inflow,
                s.rows,
                s.original,
                texts.text(s.description)
            ])
            .map_err(VaultError::sqlite(FAIL))?;
    }
    let mut upsert = conn
        .prepare_cached(UPSERT_CHARGE)
        .map_err(VaultError::sqlite(FAIL))?;
    let mut days_text = String::new();
    for (k, (count, mut days)) in charges {
        // Written in order, so the recurring report's sort of each group's days finds them
        // sorted (one pass) unless later charges arrived out of order.
        days.sort_unstable();
        days_text.clear();
        for (i, &day) in days.iter().enumerate() {
            if i > 0 {
                days_text.push(',');
            }
            push_integer(&mut days_text, day);
        }
        upsert
            .execute(params![
                k.account,
                texts.text(k.merchant_key),
                k.amount,
                texts.text(k.currency),
                count,
                days_text
            ])
            .map_err(VaultError::sqlite(FAIL))?;
    }
    Ok(())
}

fn read_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<Row<'r>> {
    let text = |i: usize| -> rusqlite::Result<Option<&'r str>> {
        r.get_ref(i)?.as_str_or_null().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let int = |i: usize| -> rusqlite::Result<Option<i64>> {
        r.get_ref(i)?.as_i64_or_null().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Integer,
                Box::new(e),
            )
        })
    };
    let required = |i: usize, value: Option<&'r str>| {
        value.ok_or(rusqlite::Error::InvalidColumnType(
            i,
            "NULL".into(),
            rusqlite::types::Type::Null,
        ))
    };
    Ok(Row {
        account: r.get(0)?,
        day: text(1)?,
        merchant: text(2)?,
        description: required(3, text(3)?)?,
        mcc: text(4)?,
        category: int(5)?,
        category_source: text(6)?,
        currency: required(7, text(7)?)?,
        original_currency: text(8)?,
        amount: r.get(9)?,
        original_amount: int(10)?,
        status: required(11, text(11)?)?,
    })
}

impl RowGroups {
    fn add(&mut self, row: &Row<'_>) -> Result<(), VaultError> {
        self.rows += 1;
        let [month, currency, mcc, category_source, original_currency] = &mut self.last;
        let merchant_key = self.texts.id(row.merchant.unwrap_or(row.description));
        let currency = self.texts.id_after(currency, row.currency);
        if row.status == "posted" && row.amount < 0 {
            if let Some(day) = row.day {
                let entry = self
                    .charges
                    .entry(ChargeKey {
                        account: row.account,
                        merchant_key,
                        amount: row.amount,
                        currency,
                    })
                    .or_insert_with(|| (0, Vec::new()));
                entry.0 += 1;
                // A day SQLite could not read adds nothing to the list (group_concat skips NULL).
                if let Some(n) = epoch_day(day) {
                    entry.1.push(n);
                }
            }
        }
        if row.status != "posted" && row.status != "pending" {
            return Ok(());
        }
        let texts = &mut self.texts;
        let key = SpendKey {
            account: row.account,
            month: texts.id_after(month, row.day.map(month_of).unwrap_or_default()),
            merchant_key,
            has_merchant: row.merchant.is_some(),
            mcc: texts.id_after(mcc, row.mcc.unwrap_or_default()),
            category: row.category.unwrap_or(0),
            category_source: texts
                .id_after(category_source, row.category_source.unwrap_or_default()),
            currency,
            original_currency: texts
                .id_after(original_currency, row.original_currency.unwrap_or_default()),
        };
        let sums = match self.spend.entry(key) {
            Entry::Occupied(sums) => {
                let sums = sums.into_mut();
                if row.description < texts.text(sums.description) {
                    sums.description = texts.id(row.description);
                }
                sums
            }
            Entry::Vacant(slot) => slot.insert(SpendSums {
                outflow: 0,
                inflow: 0,
                rows: 0,
                original: 0,
                description: texts.id(row.description),
            }),
        };
        add(&mut sums.outflow, row.amount.min(0))?;
        add(&mut sums.inflow, row.amount.max(0))?;
        add(&mut sums.rows, 1)?;
        add(&mut sums.original, row.original_amount.unwrap_or(0))?;
        Ok(())
    }
}

/// Appends `n` in decimal, as `{n}` would, without the formatting machinery (a million charge
/// days are written per million rows).
fn push_integer(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// `substr(day, 1, 7)`: the first seven characters.
fn month_of(day: &str) -> &str {
    match day.char_indices().nth(7) {
        Some((end, _)) => &day[..end],
        None => day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_day_reading_agrees_with_the_format_parser() {
        let parsed = |day: &str| {
            let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            Some((date - NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
        };
        for day in [
            "1970-01-01",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "0999-12-31",
            "2026-1-05",
            "2026-01-5x",
            "20260105",
            "",
        ] {
            assert_eq!(epoch_day(day), parsed(day), "{day:?}");
        }
        assert_eq!(epoch_day("2026-11-23"), Some(20_780));
    }

    #[test]
    fn integers_are_written_as_format_writes_them() {
        for n in [0, 7, -7, 10, 20_780, -719_528, i64::MAX, i64::MIN] {
            let mut out = String::from("x");
            push_integer(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn a_month_is_the_first_seven_characters() {
        assert_eq!(month_of("2026-11-23"), "2026-11");
        assert_eq!(month_of("2026"), "2026");
        assert_eq!(month_of("ÄÖÜ2026-11"), "ÄÖÜ2026");
    }
}

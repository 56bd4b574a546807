//! Streaming every row of a table that matches a view's filter, cell by typed cell, for CSV
//! export: one prepared statement, rows handed over as they are read (never one page, never
//! the whole table in memory).

use rusqlite::types::{Value, ValueRef};

use super::export_specs::{spec, TX_NAMES};
use super::reads::{RowFilter, TX_DATE};
use crate::money::Currency;
use crate::vault::{Vault, VaultError};

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Transactions,
    Accounts,
    Statements,
    Fico,
    Rewards,
    Cds,
    Transfers,
    CardEvents,
}

impl ExportKind {
    pub const ALL: [ExportKind; 8] = [
        ExportKind::Transactions,
        ExportKind::Accounts,
        ExportKind::Statements,
        ExportKind::Fico,
        ExportKind::Rewards,
        ExportKind::Cds,
        ExportKind::Transfers,
        ExportKind::CardEvents,
    ];

    /// The name used on the command line and in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Transactions => "transactions",
            ExportKind::Accounts => "accounts",
            ExportKind::Statements => "statements",
            ExportKind::Fico => "fico",
            ExportKind::Rewards => "rewards",
            ExportKind::Cds => "cds",
            ExportKind::Transfers => "transfers",
            ExportKind::CardEvents => "card-events",
        }
    }

    /// Whether [`Vault::export_rows`] hands this kind's rows over in table order (each page
    /// read and decrypted once) rather than in the view's order: the caller then puts them in
    /// view order by sorting on [`ViewKey`], descending. True for transactions, whose view
    /// order (day, newest first) is not the order rows are stored in, so reading in that
    /// order from a large vault would fetch pages all over the file.
    pub fn table_order(self) -> bool {
        self == ExportKind::Transactions
    }

    pub fn parse(text: &str) -> Option<ExportKind> {
        ExportKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// How a column's cells are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Free text (neutralized against formulas when written).
    Text,
    Integer,
    /// Money in minor units; the currency code is in the named column of the same row.
    Money(&'static str),
    /// A canonical decimal stored as text (APY, FX rate): numeric.
    Decimal,
    /// An ISO date or instant.
    Date,
}

/// One cell as read: borrowed text, an integer, or money as minor units with its exponent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExportCell<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
    Money { minor: i64, exponent: u32 },
    Decimal(&'a str),
    Date(&'a str),
}

/// Where a row sits in its view: the view lists rows by `day` then `id`, both descending.
/// Only set for kinds read in table order ([`ExportKind::table_order`]); zero otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct ViewKey {
    /// The ISO day's digits as a number (2025-01-31 → 20250131); 0 when the row has none
    /// (such rows come last in the view, as SQLite orders NULL below every date).
    pub day: u32,
    pub id: i64,
}

/// The digits of an ISO date as one number (YYYYMMDD), so numeric order is date order.
fn day_number(text: &str) -> u32 {
    text.bytes()
        .take(10)
        .filter(u8::is_ascii_digit)
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
}

use ColumnType::*;

/// The most columns any export kind has.
const MAX_COLUMNS: usize = 20;

/// The columns of an export kind, in order, with their types.
pub fn export_columns(kind: ExportKind) -> Vec<(&'static str, ColumnType)> {
    spec(kind)
        .columns
        .iter()
        .map(|(n, _, t)| (*n, *t))
        .collect()
}

impl Vault {
    /// Every (id, name) a names query lists.
    fn read_names(&self, sql: &str) -> Result<std::collections::HashMap<i64, String>, VaultError> {
        const FAIL: &str = "reading names to export";
        let mut stmt = self.conn.prepare(sql).map_err(VaultError::sqlite(FAIL))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(VaultError::sqlite(FAIL))?;
        rows.collect::<Result<_, _>>()
            .map_err(VaultError::sqlite(FAIL))
    }

    /// Streams every row of `kind` matching `filter` to `sink` (cells in [`export_columns`]
    /// order, with the row's [`ViewKey`]) and returns how many rows were handed over; a sink
    /// error stops the export. Rows come in the view's order, except for kinds read in table
    /// order ([`ExportKind::table_order`]), which the caller sorts by the key, descending.
    pub fn export_rows<E>(
        &self,
        kind: ExportKind,
        filter: &RowFilter,
        mut sink: impl FnMut(ViewKey, &[ExportCell<'_>]) -> Result<(), E>,
    ) -> Result<Result<u64, E>, VaultError> {
        const FAIL: &str = "reading rows to export";
        let spec = spec(kind);
        let table_order = kind.table_order();
        // In table order the names of the few accounts and categories come from memory, not
        // from a B-tree lookup per row: the columns read their ids instead.
        let mut names: Vec<Option<std::collections::HashMap<i64, String>>> =
            vec![None; spec.columns.len()];
        let mut select: Vec<&str> = Vec::with_capacity(spec.columns.len() + 2);
        for (i, (_, expr, _)) in spec.columns.iter().enumerate() {
            match TX_NAMES.iter().find(|(e, _, _)| table_order && e == expr) {
                Some((_, id_expr, names_sql)) => {
                    names[i] = Some(self.read_names(names_sql)?);
                    select.push(id_expr);
                }
                None => select.push(expr),
            }
        }
        if table_order {
            select.extend([TX_DATE, "t.id"]);
        }
        let from = if table_order {
            "transactions t"
        } else {
            spec.from
        };
        let mut sql = format!("SELECT {} FROM {from} WHERE 1 = 1", select.join(", "));
        let mut args: Vec<Value> = Vec::new();
        if kind == ExportKind::Transactions {
            filter.push_common(&mut sql, &mut args, Some("t.account_id"), Some(TX_DATE));
            filter.push_transaction_extras(&mut sql, &mut args, false);
        } else {
            filter.push_common(&mut sql, &mut args, spec.account_col, spec.date_expr);
            if let (Some(col), Some(text)) = (spec.text_col, &filter.search) {
                sql.push_str(&format!(" AND instr(lower({col}), lower(?)) > 0"));
                args.push(Value::Text(text.clone()));
            }
        }
        if kind == ExportKind::Cds {
            sql.push_str(" AND a.kind = 'cd'");
        }
        if !table_order {
            sql.push_str(&format!(" ORDER BY {}", spec.order));
        }
        let currency_index = |name: &str| spec.columns.iter().position(|(n, _, _)| *n == name);
        let money_currency: Vec<Option<usize>> = spec
            .columns
            .iter()
            .map(|(_, _, t)| match t {
                Money(c) => currency_index(c),
                _ => None,
            })
            .collect();
        let mut stmt = self.conn.prepare(&sql).map_err(VaultError::sqlite(FAIL))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(VaultError::sqlite(FAIL))?;
        let mut count = 0u64;
        let width = spec.columns.len();
        // Exponents by currency code, looked up once per code, not once per cell.
        let mut exponents: Vec<(String, u32)> = Vec::new();
        while let Some(row) = rows.next().map_err(VaultError::sqlite(FAIL))? {
            let mut cells = [ExportCell::Null; MAX_COLUMNS];
            for (i, (_, _, ty)) in spec.columns.iter().enumerate() {
                let value = row.get_ref(i).map_err(VaultError::sqlite(FAIL))?;
                let text = || value.as_str().unwrap_or("");
                cells[i] = match (value, ty) {
                    (ValueRef::Null, _) => ExportCell::Null,
                    (_, _) if names[i].is_some() => names[i]
                        .as_ref()
                        .and_then(|n| n.get(&value.as_i64().ok()?))
                        .map_or(ExportCell::Null, |name| ExportCell::Text(name)),
                    (_, Integer) => ExportCell::Integer(value.as_i64().unwrap_or(0)),
                    (_, Money(_)) => {
                        let code = money_currency[i]
                            .and_then(|c| row.get_ref(c).ok()?.as_str().ok())
                            .unwrap_or("USD");
                        let exponent = match exponents.iter().find(|(c, _)| c == code) {
                            Some((_, e)) => *e,
                            None => {
                                let e = Currency::parse(code)
                                    .map(|c| c.minor_exponent())
                                    .unwrap_or(2);
                                exponents.push((code.to_string(), e));
                                e
                            }
                        };
                        ExportCell::Money {
                            minor: value.as_i64().unwrap_or(0),
                            exponent,
                        }
                    }
                    (_, Decimal) => ExportCell::Decimal(text()),
                    (_, Date) => ExportCell::Date(text()),
                    (_, Text) => ExportCell::Text(text()),
                };
            }
            let key = if table_order {
                let day = row.get_ref(width).map_err(VaultError::sqlite(FAIL))?;
                let id = row.get_ref(width + 1).map_err(VaultError::sqlite(FAIL))?;
                ViewKey {
                    day: day.as_str().map(day_number).unwrap_or(0),
                    id: id.as_i64().unwrap_or(0),
                }
            } else {
                ViewKey::default()
            };
            if let Err(e) = sink(key, &cells[..width]) {
                return Ok(Err(e));
            }
            count += 1;
        }
        Ok(Ok(count))
    }
}

//! Streaming every row of a table that matches a view's filter, cell by typed cell, for CSV
//! export: one prepared statement, rows handed over as they are read (never one page, never
//! the whole table in memory).

use rusqlite::types::{Value, ValueRef};

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

struct Spec {
    from: &'static str,
    columns: &'static [(&'static str, &'static str, ColumnType)],
    account_col: Option<&'static str>,
    date_expr: Option<&'static str>,
    text_col: Option<&'static str>,
    order: &'static str,
}

use ColumnType::*;

const ACCOUNT_COLUMNS: &[(&str, &str, ColumnType)] = &[
    ("id", "a.id", Integer),
    ("kind", "a.kind", Text),
    ("product", "a.product", Text),
    ("name", "a.name", Text),
    ("mask", "a.mask", Text),
    ("currency", "a.currency", Text),
    ("credit_limit", "a.credit_limit_minor", Money("currency")),
    (
        "cash_advance_limit",
        "a.cash_advance_limit_minor",
        Money("currency"),
    ),
    ("apy", "a.apy", Decimal),
    ("opened_on", "a.opened_on", Date),
    ("term_months", "a.term_months", Integer),
    ("maturity_on", "a.maturity_on", Date),
    ("status", "a.status", Text),
    ("balance", "b.current_minor", Money("currency")),
    ("available", "b.available_minor", Money("currency")),
    ("balance_as_of", "b.as_of", Date),
];
const ACCOUNTS_FROM: &str = "accounts a LEFT JOIN balance_snapshots b ON b.id =
    (SELECT id FROM balance_snapshots WHERE account_id = a.id ORDER BY as_of DESC LIMIT 1)";

fn spec(kind: ExportKind) -> Spec {
    match kind {
        ExportKind::Transactions => Spec {
            from: "transactions t JOIN accounts a ON a.id = t.account_id
                   LEFT JOIN categories c ON c.id = t.category_id",
            columns: &[
                ("id", "t.id", Integer),
                ("account_id", "t.account_id", Integer),
                ("account", "a.name", Text),
                ("source_id", "t.source_id", Text),
                ("status", "t.status", Text),
                ("transacted_on", "t.transacted_on", Date),
                ("posted_on", "t.posted_on", Date),
                ("amount", "t.amount_minor", Money("currency")),
                ("currency", "t.currency", Text),
                (
                    "original_amount",
                    "t.original_amount_minor",
                    Money("original_currency"),
                ),
                ("original_currency", "t.original_currency", Text),
                ("fx_rate", "t.fx_rate", Decimal),
                ("description", "t.description", Text),
                ("merchant", "t.merchant", Text),
                ("mcc", "t.mcc", Text),
                ("category", "c.name", Text),
                ("memo", "t.memo", Text),
            ],
            account_col: None,
            date_expr: None,
            text_col: None,
            order: "coalesce(t.posted_on, t.transacted_on) DESC, t.id DESC",
        },
        ExportKind::Accounts | ExportKind::Cds => Spec {
            from: ACCOUNTS_FROM,
            columns: ACCOUNT_COLUMNS,
            account_col: Some("a.id"),
            date_expr: None,
            text_col: Some("a.name"),
            order: "a.kind, a.name, a.id",
        },
        ExportKind::Statements => Spec {
            from: "statements s JOIN accounts a ON a.id = s.account_id",
            columns: &[
                ("account_id", "s.account_id", Integer),
                ("account", "a.name", Text),
                ("source_id", "s.source_id", Text),
                ("period_start", "s.period_start", Date),
                ("period_end", "s.period_end", Date),
                (
                    "closing_balance",
                    "s.closing_balance_minor",
                    Money("currency"),
                ),
                ("minimum_due", "s.minimum_due_minor", Money("currency")),
                ("due_on", "s.due_on", Date),
                ("fees", "s.fees_minor", Money("currency")),
                ("interest", "s.interest_minor", Money("currency")),
                ("currency", "s.currency", Text),
            ],
            account_col: Some("s.account_id"),
            date_expr: Some("s.period_end"),
            text_col: None,
            order: "s.period_end DESC, s.id",
        },
        ExportKind::Fico => Spec {
            from: "credit_scores f",
            columns: &[
                ("as_of", "f.as_of", Date),
                ("score", "f.score", Integer),
                ("model", "f.model", Text),
                ("bureau", "f.bureau", Text),
                ("source", "f.source", Text),
            ],
            account_col: None,
            date_expr: Some("f.as_of"),
            text_col: Some("f.model"),
            order: "f.as_of DESC, f.model, f.bureau",
        },
        ExportKind::Rewards => Spec {
            from: "reward_events e JOIN reward_programs p ON p.id = e.program_id",
            columns: &[
                ("occurred_on", "e.occurred_on", Date),
                ("program", "p.name", Text),
                ("unit", "p.unit", Text),
                ("account_id", "e.account_id", Integer),
                ("kind", "e.kind", Text),
                ("points", "e.points", Integer),
                ("earn_rate", "e.earn_rate", Decimal),
                ("bonus_category", "e.bonus_category", Text),
                ("description", "e.description", Text),
                ("transaction_source_id", "e.transaction_source_id", Text),
            ],
            account_col: Some("e.account_id"),
            date_expr: Some("e.occurred_on"),
            text_col: Some("e.description"),
            order: "e.occurred_on DESC, e.id DESC",
        },
        ExportKind::Transfers => Spec {
            from: "transfers x",
            columns: &[
                ("account_id", "x.account_id", Integer),
                ("source_id", "x.source_id", Text),
                ("counterparty", "x.counterparty", Text),
                ("direction", "x.direction", Text),
                ("amount", "x.amount_minor", Money("currency")),
                ("currency", "x.currency", Text),
                ("status", "x.status", Text),
                ("scheduled_on", "x.scheduled_on", Date),
                ("completed_on", "x.completed_on", Date),
            ],
            account_col: Some("x.account_id"),
            date_expr: Some("coalesce(x.completed_on, x.scheduled_on)"),
            text_col: Some("x.counterparty"),
            order: "coalesce(x.completed_on, x.scheduled_on) DESC, x.id DESC",
        },
        ExportKind::CardEvents => Spec {
            from: "card_events e",
            columns: &[
                ("account_id", "e.account_id", Integer),
                ("source_id", "e.source_id", Text),
                ("kind", "e.kind", Text),
                ("occurred_at", "e.occurred_at", Date),
                ("reason", "e.reason", Text),
            ],
            account_col: Some("e.account_id"),
            date_expr: Some("substr(e.occurred_at, 1, 10)"),
            text_col: Some("e.reason"),
            order: "e.occurred_at DESC, e.id DESC",
        },
    }
}

/// The columns of an export kind, in order, with their types.
pub fn export_columns(kind: ExportKind) -> Vec<(&'static str, ColumnType)> {
    spec(kind)
        .columns
        .iter()
        .map(|(n, _, t)| (*n, *t))
        .collect()
}

impl Vault {
    /// Streams every row of `kind` matching `filter` to `sink` (cells in [`export_columns`]
    /// order) and returns how many rows were handed over; a sink error stops the export.
    pub fn export_rows<E>(
        &self,
        kind: ExportKind,
        filter: &RowFilter,
        mut sink: impl FnMut(&[ExportCell<'_>]) -> Result<(), E>,
    ) -> Result<Result<u64, E>, VaultError> {
        const FAIL: &str = "reading rows to export";
        let spec = spec(kind);
        let select: Vec<&str> = spec.columns.iter().map(|(_, expr, _)| *expr).collect();
        let mut sql = format!(
            "SELECT {} FROM {} WHERE 1 = 1",
            select.join(", "),
            spec.from
        );
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
        sql.push_str(&format!(" ORDER BY {}", spec.order));
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
        while let Some(row) = rows.next().map_err(VaultError::sqlite(FAIL))? {
            let mut cells = Vec::with_capacity(spec.columns.len());
            for (i, (_, _, ty)) in spec.columns.iter().enumerate() {
                let value = row.get_ref(i).map_err(VaultError::sqlite(FAIL))?;
                let text = || value.as_str().unwrap_or("");
                cells.push(match (value, ty) {
                    (ValueRef::Null, _) => ExportCell::Null,
                    (_, Integer) => ExportCell::Integer(value.as_i64().unwrap_or(0)),
                    (_, Money(_)) => {
                        let code = money_currency[i]
                            .and_then(|c| row.get_ref(c).ok()?.as_str().ok())
                            .unwrap_or("USD");
                        let exponent = Currency::parse(code)
                            .map(|c| c.minor_exponent())
                            .unwrap_or(2);
                        ExportCell::Money {
                            minor: value.as_i64().unwrap_or(0),
                            exponent,
                        }
                    }
                    (_, Decimal) => ExportCell::Decimal(text()),
                    (_, Date) => ExportCell::Date(text()),
                    (_, Text) => ExportCell::Text(text()),
                });
            }
            if let Err(e) = sink(&cells) {
                return Ok(Err(e));
            }
            count += 1;
        }
        Ok(Ok(count))
    }
}

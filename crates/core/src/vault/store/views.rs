//! The read side of the app's views: a page of transactions with its total count, statements and
//! their PDFs, transfers, card activity, credit scores, reward programs and the audit log.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::queries::{
    money_text, push_filter_with, push_paging, transaction_row, SearchPlan, NEWEST_FIRST,
    TRANSACTION_SELECT,
};
use super::{TransactionFilter, TransactionView};
use crate::vault::{Vault, VaultError};

/// A statement as listed, without its PDF. Money is decimal text.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_name: String,
    pub mask: Option<String>,
    pub period_start: String,
    pub period_end: String,
    pub closing_balance: String,
    pub minimum_due: Option<String>,
    pub due_on: Option<String>,
    pub fees: String,
    pub interest: String,
    pub currency: String,
    pub has_pdf: bool,
}

/// A statement's PDF and a file name to save it under.
pub struct StatementPdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// An ACH transfer. `amount` is decimal text, never negative; `direction` says which way.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TransferView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_name: String,
    pub counterparty: String,
    pub direction: String,
    pub amount: String,
    pub currency: String,
    pub status: String,
    pub scheduled_on: Option<String>,
    pub completed_on: Option<String>,
}

/// A card lock, unlock, replacement or delivery.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CardEventView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_name: String,
    pub mask: Option<String>,
    pub kind: String,
    pub occurred_at: String,
    pub reason: Option<String>,
}

/// One credit score observation, labelled by model and bureau.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CreditScoreView {
    #[ts(type = "number")]
    pub id: i64,
    pub as_of: String,
    pub score: u32,
    pub model: String,
    pub bureau: String,
    pub source: String,
}

/// A reward program with its latest balance (points and miles are integers).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RewardProgramView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub expiry_rule: Option<String>,
    #[ts(type = "number | null")]
    pub balance: Option<i64>,
    pub balance_as_of: Option<String>,
    #[ts(type = "number")]
    pub events: i64,
}

/// One line of the audit log. `detail` is JSON text and never holds a secret.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub action: String,
    #[ts(type = "number | null")]
    pub connection_id: Option<i64>,
    pub outcome: String,
    pub detail: String,
}

fn collect<T>(
    vault: &Vault,
    what: &'static str,
    sql: &str,
    args: Vec<Value>,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, VaultError> {
    let mut stmt = vault.conn.prepare(sql).map_err(VaultError::sqlite(what))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), map)
        .map_err(VaultError::sqlite(what))?;
    rows.collect::<Result<_, _>>()
        .map_err(VaultError::sqlite(what))
}

fn money_or_zero(minor: Option<i64>, currency: &str) -> String {
    money_text(minor, currency).unwrap_or_else(|| "0".into())
}

impl Vault {
    /// One page of the transactions `filter` (and `category`, by name) match, newest first, and
    /// how many they match in all.
    pub fn transactions_page(
        &self,
        filter: &TransactionFilter,
        category: Option<&str>,
    ) -> Result<(Vec<TransactionView>, u64), VaultError> {
        let search = self.search_plan(filter, category, true)?;
        let mut cond = String::new();
        let mut args: Vec<Value> = Vec::new();
        push_filter_with(filter, &search, &mut cond, &mut args);
        if let Some(name) = category {
            cond.push_str(" AND t.category_id IN (SELECT id FROM categories WHERE name = ?)");
            args.push(Value::Text(name.to_string()));
        }
        let total = match search {
            SearchPlan::Page {
                total: Some(total), ..
            } => total as i64,
            _ => match self.count_from_sums(filter, category)? {
                Some(total) => total,
                None => self.count_transactions(&cond, &args)?,
            },
        };
        let sql = format!("{TRANSACTION_SELECT} WHERE 1 = 1{cond} {NEWEST_FIRST} LIMIT ? OFFSET ?");
        push_paging(filter, &search, &mut args);
        let rows = collect(self, "listing transactions", &sql, args, transaction_row)?;
        Ok((rows, u64::try_from(total).unwrap_or(0)))
    }

    /// How many rows a page's conditions match (a common word's count comes with its plan).
    fn count_transactions(&self, cond: &str, args: &[Value]) -> Result<i64, VaultError> {
        self.conn
            .query_row(
                &format!("SELECT count(*) FROM transactions t WHERE 1 = 1{cond}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(VaultError::sqlite("counting transactions"))
    }

    /// The category names, in order, for filters.
    pub fn category_names(&self) -> Result<Vec<String>, VaultError> {
        collect(
            self,
            "listing categories",
            "SELECT name FROM categories ORDER BY name",
            Vec::new(),
            |r| r.get(0),
        )
    }

    /// Every statement, newest cycle first.
    pub fn statements(&self) -> Result<Vec<StatementView>, VaultError> {
        collect(
            self,
            "listing statements",
            "SELECT s.id, s.account_id, a.name, a.mask, s.period_start,
                    s.period_end, s.closing_balance_minor, s.minimum_due_minor, s.due_on,
                    s.fees_minor, s.interest_minor, s.currency, s.pdf IS NOT NULL
             FROM statements s JOIN accounts a ON a.id = s.account_id
             ORDER BY s.period_end DESC, a.name, s.id",
            Vec::new(),
            |r| {
                let currency: String = r.get(11)?;
                Ok(StatementView {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    account_name: r.get(2)?,
                    mask: r.get(3)?,
                    period_start: r.get(4)?,
                    period_end: r.get(5)?,
                    closing_balance: money_or_zero(r.get(6)?, &currency),
                    minimum_due: money_text(r.get(7)?, &currency),
                    due_on: r.get(8)?,
                    fees: money_or_zero(r.get(9)?, &currency),
                    interest: money_or_zero(r.get(10)?, &currency),
                    has_pdf: r.get(12)?,
                    currency,
                })
            },
        )
    }

    /// A statement's PDF, if the statement exists and has one.
    pub fn statement_pdf(&self, id: i64) -> Result<Option<StatementPdf>, VaultError> {
        /// The PDF, account name, mask and period end.
        type PdfRow = (Option<Vec<u8>>, String, Option<String>, String);
        let row: Option<PdfRow> = self
            .conn
            .query_row(
                "SELECT s.pdf, a.name, a.mask, s.period_end
                 FROM statements s JOIN accounts a ON a.id = s.account_id WHERE s.id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(VaultError::sqlite("reading a statement PDF"))?;
        Ok(row.and_then(|(pdf, name, mask, period_end)| {
            let stem: String = format!("{name} {} {period_end}", mask.unwrap_or_default())
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let stem = stem
                .split('-')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>();
            pdf.map(|bytes| StatementPdf {
                file_name: format!("statement-{}.pdf", stem.join("-")),
                bytes,
            })
        }))
    }

    /// Every transfer, newest first.
    pub fn transfers(&self) -> Result<Vec<TransferView>, VaultError> {
        collect(
            self,
            "listing transfers",
            "SELECT t.id, t.account_id, a.name, t.counterparty, t.direction,
                    t.amount_minor, t.currency, t.status, t.scheduled_on, t.completed_on
             FROM transfers t JOIN accounts a ON a.id = t.account_id
             ORDER BY coalesce(t.completed_on, t.scheduled_on) DESC, t.id DESC",
            Vec::new(),
            |r| {
                let currency: String = r.get(6)?;
                Ok(TransferView {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    account_name: r.get(2)?,
                    counterparty: r.get(3)?,
                    direction: r.get(4)?,
                    amount: money_or_zero(r.get(5)?, &currency),
                    status: r.get(7)?,
                    scheduled_on: r.get(8)?,
                    completed_on: r.get(9)?,
                    currency,
                })
            },
        )
    }

    /// Every card event, newest first.
    pub fn card_events(&self) -> Result<Vec<CardEventView>, VaultError> {
        collect(
            self,
            "listing card activity",
            "SELECT e.id, e.account_id, a.name, a.mask, e.kind,
                    e.occurred_at, e.reason
             FROM card_events e JOIN accounts a ON a.id = e.account_id
             ORDER BY e.occurred_at DESC, e.id DESC",
            Vec::new(),
            |r| {
                Ok(CardEventView {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    account_name: r.get(2)?,
                    mask: r.get(3)?,
                    kind: r.get(4)?,
                    occurred_at: r.get(5)?,
                    reason: r.get(6)?,
                })
            },
        )
    }

    /// Every credit score, newest first.
    pub fn credit_scores(&self) -> Result<Vec<CreditScoreView>, VaultError> {
        collect(
            self,
            "listing credit scores",
            "SELECT id, as_of, score, model, bureau, source FROM credit_scores
             ORDER BY as_of DESC, model, bureau",
            Vec::new(),
            |r| {
                Ok(CreditScoreView {
                    id: r.get(0)?,
                    as_of: r.get(1)?,
                    score: r.get(2)?,
                    model: r.get(3)?,
                    bureau: r.get(4)?,
                    source: r.get(5)?,
                })
            },
        )
    }

    /// Every reward program with its latest balance and how many events it has.
    pub fn reward_programs(&self) -> Result<Vec<RewardProgramView>, VaultError> {
        collect(
            self,
            "listing reward programs",
            "SELECT p.id, p.name, p.unit, p.expiry_rule, b.balance, b.as_of,
                    (SELECT count(*) FROM reward_events e WHERE e.program_id = p.id)
             FROM reward_programs p
             LEFT JOIN reward_balances b ON b.id =
                (SELECT id FROM reward_balances WHERE program_id = p.id ORDER BY as_of DESC LIMIT 1)
             ORDER BY p.name, p.id",
            Vec::new(),
            |r| {
                Ok(RewardProgramView {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    unit: r.get(2)?,
                    expiry_rule: r.get(3)?,
                    balance: r.get(4)?,
                    balance_as_of: r.get(5)?,
                    events: r.get(6)?,
                })
            },
        )
    }

    /// The newest `limit` lines of the audit log, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, VaultError> {
        collect(
            self,
            "reading the audit log",
            "SELECT id, at, action, connection_id, outcome, detail FROM audit_log
             ORDER BY id DESC LIMIT ?",
            vec![Value::Integer(i64::from(limit))],
            |r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    action: r.get(2)?,
                    connection_id: r.get(3)?,
                    outcome: r.get(4)?,
                    detail: r.get(5)?,
                })
            },
        )
    }
}

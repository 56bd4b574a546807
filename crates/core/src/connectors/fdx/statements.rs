//! Statements of one account: the listing after the newest stored `statementDate`, then one
//! batch per statement with its PDF. FDX lists no amounts, so the closing balance comes from
//! `lastStmtBalance` for the latest cycle, or from the current balance and the postings since
//! the statement date when this sync's transactions listing covers them; fees and interest are
//! the period's `FEE`/`INTEREST` postings when covered, else zero.

use std::collections::VecDeque;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use super::listing::{Ledger, Paging};
use super::wire::{date_of, Statement};
use crate::domain::{AccountKind, StatementRecord};
use crate::money::{Currency, Money};

/// What the statements need to know of their account.
#[derive(Debug, Clone)]
pub struct AccountFacts {
    pub label: String,
    pub kind: AccountKind,
    pub currency: Currency,
    pub current: Option<Decimal>,
    pub last_stmt: Option<(NaiveDate, Decimal)>,
    pub minimum_due: Option<Decimal>,
    pub due_on: Option<NaiveDate>,
}

/// Listing, then documents.
pub struct StatementsStep {
    pub account: String,
    pub paging: Paging,
    /// The newest statement date already stored.
    pub after: Option<NaiveDate>,
    pub found: Vec<(NaiveDate, Statement)>,
    /// Once listed: what is left to fetch, oldest first.
    pub queue: Option<VecDeque<(NaiveDate, Statement)>>,
}

impl StatementsStep {
    pub fn new(account: &str, cursor: Option<&str>) -> Self {
        StatementsStep {
            account: account.to_string(),
            paging: Paging::default(),
            after: cursor.and_then(|c| NaiveDate::parse_from_str(c.trim(), "%Y-%m-%d").ok()),
            found: Vec::new(),
            queue: None,
        }
    }

    /// Keeps the statements newer than the cursor.
    pub fn absorb(&mut self, statements: Vec<Statement>) {
        for s in statements {
            let Some(date) = date_of(s.statement_date.as_deref()) else {
                continue;
            };
            if self.after.is_none_or(|a| date > a) && !s.statement_id.is_empty() {
                self.found.push((date, s));
            }
        }
    }

    /// Ends the listing: the queue of documents, oldest first, without duplicates.
    pub fn listed(&mut self) {
        let mut found = std::mem::take(&mut self.found);
        found.sort_by(|a, b| (a.0, &a.1.statement_id).cmp(&(b.0, &b.1.statement_id)));
        found.dedup_by(|a, b| a.1.statement_id == b.1.statement_id);
        self.queue = Some(found.into());
    }
}

/// The record of a statement closing on `end`, or `None` when its balance cannot be known.
pub fn record(
    account: &str,
    facts: &AccountFacts,
    ledger: Option<&Ledger>,
    previous: Option<NaiveDate>,
    end: NaiveDate,
    statement: &Statement,
    pdf: Option<Vec<u8>>,
) -> Option<StatementRecord> {
    let start = previous
        .map(|p| p.succ_opt().unwrap_or(p))
        .or_else(|| {
            end.checked_sub_months(Months::new(1))
                .and_then(|d| d.succ_opt())
        })
        .unwrap_or(end);
    let is_last = facts.last_stmt.is_some_and(|(d, _)| d == end);
    let covers = |day: NaiveDate| ledger.is_some_and(|l| l.from.is_none_or(|f| f <= day));
    let closing = if let Some((_, balance)) = facts.last_stmt.filter(|_| is_last) {
        balance
    } else if covers(end.succ_opt()?) {
        let after: Decimal = ledger?
            .days
            .range(end.succ_opt()?..)
            .map(|(_, v)| v.0)
            .sum();
        match facts.kind {
            AccountKind::CreditCard => facts.current? + after,
            _ => facts.current? - after,
        }
    } else {
        return None;
    };
    let (fees, interest) = if covers(start) {
        ledger?
            .days
            .range(start..=end)
            .fold((Decimal::ZERO, Decimal::ZERO), |(f, i), (_, v)| {
                (f + v.1, i + v.2)
            })
    } else {
        (Decimal::ZERO, Decimal::ZERO)
    };
    let money = |d: Decimal| Money::new(d, facts.currency).ok();
    Some(StatementRecord {
        account_source_id: account.to_string(),
        source_id: statement.statement_id.clone(),
        period_start: start,
        period_end: end,
        closing_balance: money(closing)?,
        minimum_due: facts.minimum_due.filter(|_| is_last).and_then(money),
        due_on: facts.due_on.filter(|_| is_last),
        fees: money(fees)?,
        interest: money(interest)?,
        pdf,
    })
}

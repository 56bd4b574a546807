//! The steps that list things and extend the plan: accounts (merged with deposits, or cards
//! when nothing else lists them), statements with their PDFs, reward programs.

use std::collections::VecDeque;

use super::api::segment;
use super::connector::IssuerConnector;
use super::session::Flow;
use super::steps::{account_steps, info_of, today_or, AccountMap, Output, Step};
use super::{map, wire};
use crate::domain::*;
use crate::money::Currency;
use crate::sync::Batch;

impl IssuerConnector {
    pub(super) async fn accounts_step(&mut self) -> Result<Output, Flow> {
        let mut found = AccountMap::new();
        if self.has_scope("accounts.read") {
            let l: wire::AccountList = self.session.get("accounts", &[]).await?;
            self.as_of = Some(l.as_of);
            for (i, a) in l.accounts.iter().enumerate() {
                let at = format!("accounts[{i}]");
                let record =
                    map::account(a, &at).map_err(|e| self.malformed("GET /accounts", e))?;
                let balance = match &a.balances {
                    Some(b) => Some(
                        map::balance(&a.id, b, record.currency, &format!("{at}.balances"))
                            .map_err(|e| self.malformed("GET /accounts", e))?,
                    ),
                    None => None,
                };
                found.insert(a.id.clone(), (record, balance));
            }
        }
        if self.has_scope("deposits.read") {
            let d: wire::Deposits = self.session.get("deposits", &[]).await?;
            self.as_of = self.as_of.or(Some(d.as_of));
            merge_deposits(&mut found, &d).map_err(|e| self.malformed("GET /deposits", e))?;
        }
        let needs_ids = self.has_scope("transactions.read") || self.has_scope("statements.read");
        if found.is_empty() && needs_ids && self.has_scope("cards.read") {
            let l: wire::CardList = self.session.get("cards", &[]).await?;
            for c in l.cards {
                let record = AccountRecord {
                    source_id: c.account_id.clone(),
                    kind: AccountKind::CreditCard,
                    product: c.product.clone(),
                    name: c.product.unwrap_or_else(|| "Card".into()),
                    mask: c.last4,
                    currency: Currency::USD,
                    credit_limit: None,
                    cash_advance_limit: None,
                    apy: None,
                    opened_on: None,
                    term_months: None,
                    maturity_on: None,
                    status: AccountStatus::Open,
                    reward_program_source_id: None,
                };
                found.insert(c.account_id, (record, None));
            }
        }
        let mut batch = Batch::labelled(format!("accounts at {}", self.institution));
        let mut steps = Vec::new();
        for (id, (record, balance)) in found {
            self.accounts.insert(id.clone(), info_of(&record));
            steps.extend(account_steps(self, &id, record.kind));
            batch.accounts.push(record);
            batch.balances.extend(balance);
        }
        for step in steps.into_iter().rev() {
            self.plan.push_front(step);
        }
        Ok(Output {
            batch: Some(batch),
            done: true,
        })
    }

    /// Lists the statements, then stores the new ones (with their PDF) one batch each.
    pub(super) async fn statements_step(
        &mut self,
        account: &str,
        queue: &mut Option<VecDeque<wire::Statement>>,
    ) -> Result<Output, Flow> {
        self.require("statements.read")?;
        let stream = format!("statements:{account}");
        let list_path = format!("accounts/{}/statements", segment(account));
        let pending = match queue {
            Some(q) => q,
            None => {
                let l: wire::StatementList = self.session.get(&list_path, &[]).await?;
                let saved = self.cursors.get(&stream).and_then(|c| c.split_once(' '));
                let mut new: Vec<wire::Statement> = l
                    .statements
                    .into_iter()
                    .filter(|s| match saved {
                        Some((end, id)) => {
                            (s.period_end.to_string().as_str(), s.id.as_str()) > (end, id)
                        }
                        None => true,
                    })
                    .collect();
                new.sort_by(|a, b| (a.period_end, &a.id).cmp(&(b.period_end, &b.id)));
                queue.insert(new.into())
            }
        };
        let Some(statement) = pending.front().cloned() else {
            return Ok(Output {
                batch: None,
                done: true,
            });
        };
        let pdf_path = format!("{list_path}/{}/pdf", segment(&statement.id));
        let pdf = self.session.pdf(&pdf_path).await?;
        let cur = self.currency_of(account);
        let record = map::statement(account, &statement, cur, Some(pdf), "statements[]")
            .map_err(|e| self.malformed(&format!("GET /{list_path}"), e))?;
        let cycle = statement
            .billing_cycle
            .clone()
            .unwrap_or_else(|| statement.period_end.to_string());
        let mut batch = Batch::labelled(format!("statement {cycle} of {}", self.label_of(account)));
        batch.statements.push(record);
        let cursor = format!("{} {}", statement.period_end, statement.id);
        self.advance(&mut batch, stream, cursor);
        if let Some(q) = queue.as_mut() {
            q.pop_front();
        }
        let done = queue.as_ref().is_none_or(|q| q.is_empty());
        Ok(Output {
            batch: Some(batch),
            done,
        })
    }

    pub(super) async fn rewards_step(&mut self) -> Result<Output, Flow> {
        self.require("rewards.read")?;
        let l: wire::RewardPrograms = self.session.get("rewards", &[]).await?;
        let as_of = today_or(self.as_of);
        let mut batch = Batch::labelled("reward programs");
        for (i, p) in l.programs.iter().enumerate() {
            let r = map::reward_program(p, as_of, &format!("programs[{i}]"));
            batch
                .reward_programs
                .push(r.map_err(|e| self.malformed("GET /rewards", e))?);
        }
        for p in l.programs.iter().rev() {
            let cursor = self.cursors.get(&format!("rewards:{}", p.id)).cloned();
            self.plan.push_front(Step::RewardEvents {
                program: p.id.clone(),
                account: p.account_id.clone(),
                cursor,
                page: 0,
            });
        }
        Ok(Output {
            batch: Some(batch),
            done: true,
        })
    }
}

/// Adds what `deposits` says to the listed accounts, or lists the deposit accounts it names.
fn merge_deposits(
    found: &mut AccountMap,
    d: &wire::Deposits,
) -> Result<(), crate::connectors::http::DecodeError> {
    let usd = Currency::USD;
    let rows = d
        .savings
        .iter()
        .map(|s| {
            (
                &s.account_id,
                &s.name,
                AccountKind::Savings,
                s.apy,
                s.balance,
                s.open_date,
                None,
                None,
                "open",
            )
        })
        .chain(d.cds.iter().map(|c| {
            (
                &c.account_id,
                &c.name,
                AccountKind::Cd,
                c.apy,
                c.balance,
                c.open_date,
                c.term_months,
                c.maturity_date,
                c.status.as_str(),
            )
        }));
    for (i, (id, name, kind, apy, balance, opened, term, maturity, status)) in rows.enumerate() {
        let entry = found.entry(id.clone()).or_insert_with(|| {
            let record = AccountRecord {
                source_id: id.clone(),
                kind,
                product: None,
                name: name.clone(),
                mask: None,
                currency: usd,
                credit_limit: None,
                cash_advance_limit: None,
                apy: None,
                opened_on: None,
                term_months: None,
                maturity_on: None,
                status: AccountStatus::Open,
                reward_program_source_id: None,
            };
            (record, None)
        });
        let (record, current) = entry;
        record.apy = record.apy.or(Some(apy));
        record.opened_on = record.opened_on.or(opened);
        record.term_months = record.term_months.or(term);
        record.maturity_on = record.maturity_on.or(maturity);
        if let Some(s) = map::account_status(status) {
            record.status = s;
        }
        if current.is_none() {
            let money = map::money(balance, record.currency, || {
                format!("deposits[{i}].balance")
            })?;
            *current = Some(BalanceRecord {
                account_source_id: id.clone(),
                as_of: d.as_of,
                current: money,
                available: Some(money),
                limit: None,
            });
        }
    }
    Ok(())
}

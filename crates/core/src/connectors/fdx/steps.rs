//! What each step of [`FdxConnector`]'s plan does: one request, one batch.

use serde_json::Value;

use super::connector::{FdxConnector, Step};
use super::listing::{segment, Paging, TxListing};
use super::map::{self, currency_of, kind_of};
use super::session::Flow;
use super::statements::{record, AccountFacts, StatementsStep};
use super::wire::{date_of, unwrap_keyed, Account, Listing, Transaction};
use super::*;
use crate::sync::{Batch, ConnectorError};

type Output = Result<(Option<Batch>, bool), Flow>;

impl FdxConnector {
    pub(super) async fn run(&mut self, step: &mut Step) -> Output {
        match step {
            Step::Denied => Err(Flow::Fail(ConnectorError::NotPermitted {
                institution: self.institution.clone(),
                what: format!("the account list ({SCOPE_ACCOUNT_BASIC})"),
            })),
            Step::Accounts(paging) => self.accounts(paging).await,
            Step::Detail(id) => self.detail(id).await,
            Step::Transactions(listing) => self.transactions(listing).await,
            Step::Statements(s) => self.statements(s).await,
        }
    }

    fn no_route(&self, what: &str) -> Flow {
        self.malformed(
            what.into(),
            "the server gave a link outside its own address".into(),
        )
    }

    async fn accounts(&mut self, paging: &mut Paging) -> Output {
        let limit: Vec<(&str, String)> = Vec::new();
        let (url, query) = paging
            .request(&self.session.api, "accounts", limit, None)
            .ok_or_else(|| self.no_route("accounts"))?;
        let listing: Listing = self.session.get(&url, &query, "the account list").await?;
        let mut batch = Batch::labelled(format!(
            "{}: accounts, page {}",
            self.institution,
            paging.pages + 1
        ));
        for (i, entry) in listing.accounts.iter().enumerate() {
            let needs_detail =
                self.add_account(entry.clone(), &mut batch, &format!("accounts[{i}]"))?;
            if let Some(id) = needs_detail {
                self.plan.push_back(Step::Detail(id));
            }
        }
        let done = paging
            .advance(&listing)
            .map_err(|e| self.malformed("accounts".into(), e.into()))?;
        if done {
            let ids: Vec<String> = self.facts.keys().cloned().collect();
            for id in ids {
                self.plan_account(&id);
            }
        }
        Ok((Some(batch), done))
    }

    /// Maps one listed account; returns its id when the list lacked its details.
    fn add_account(
        &mut self,
        entry: Value,
        batch: &mut Batch,
        at: &str,
    ) -> Result<Option<String>, Flow> {
        let (key, inner) = unwrap_keyed(entry, "Account");
        let account: Account = serde_json::from_value(inner).map_err(|e| {
            self.malformed(
                at.into(),
                crate::connectors::http::sanitize_text(&e.to_string()),
            )
        })?;
        let Some(kind) = kind_of(key.as_deref(), &account) else {
            return Ok(None);
        };
        if account.account_id.is_empty() {
            return Err(self.malformed(at.into(), "an account has no accountId".into()));
        }
        let (rec, balance) = map::account(kind, &account, self.today)
            .map_err(|e| self.malformed(format!("{at} ({})", account.account_id), e.to_string()))?;
        let minimum_due = account
            .minimum_payment_amount
            .or(account.next_payment_amount);
        let due_on = date_of(account.payment_due_date.as_deref())
            .or_else(|| date_of(account.next_payment_date.as_deref()));
        let last_stmt = date_of(account.last_stmt_date.as_deref()).zip(account.last_stmt_balance);
        self.facts.insert(
            rec.source_id.clone(),
            AccountFacts {
                label: format!(
                    "{} {}",
                    rec.name,
                    rec.mask
                        .as_deref()
                        .map(|m| format!("…{m}"))
                        .unwrap_or_default()
                )
                .trim()
                .to_string(),
                kind,
                currency: currency_of(&account),
                current: account.current_balance.or(account.available_balance),
                last_stmt,
                minimum_due,
                due_on,
            },
        );
        let needs = balance.is_none() && self.has_scope(SCOPE_ACCOUNT_DETAILED);
        batch.accounts.push(rec);
        batch.balances.extend(balance);
        Ok(needs.then(|| account.account_id.clone()))
    }

    fn plan_account(&mut self, id: &str) {
        let Some(facts) = self.facts.get(id) else {
            return;
        };
        if self.has_scope(SCOPE_TRANSACTIONS) {
            let cursor = self
                .cursors
                .get(&transactions_stream(id))
                .map(String::as_str);
            let listing = TxListing::new(id, facts.currency, cursor, self.options.overlap_days);
            self.plan.push_back(Step::Transactions(Box::new(listing)));
        }
        if self.has_scope(SCOPE_STATEMENTS) {
            let cursor = self.cursors.get(&statements_stream(id)).map(String::as_str);
            self.plan
                .push_back(Step::Statements(Box::new(StatementsStep::new(id, cursor))));
        }
    }

    async fn detail(&mut self, id: &str) -> Output {
        let path = format!("accounts/{}", segment(id));
        let url = self
            .session
            .api
            .resolve(&path)
            .ok_or_else(|| self.no_route(&path))?;
        let entry: Value = self.session.get(&url, &[], "account details").await?;
        let label = self.label_of(id);
        let mut batch = Batch::labelled(format!("{}: details of {label}", self.institution));
        self.add_account(entry, &mut batch, &format!("account {id}"))?;
        Ok((Some(batch), true))
    }

    async fn transactions(&mut self, listing: &mut TxListing) -> Output {
        let path = format!("accounts/{}/transactions", segment(&listing.account));
        let limit = self.options.page_limit;
        let mut first: Vec<(&'static str, String)> = Vec::new();
        if let Some(start) = listing.start {
            first.push(("startTime", start.format("%Y-%m-%d").to_string()));
        }
        first.extend(limit.map(|l| ("limit", l.to_string())));
        let (url, query) = listing
            .paging
            .request(&self.session.api, &path, first, limit)
            .ok_or_else(|| self.no_route(&path))?;
        let page: Listing = self.session.get(&url, &query, "transactions").await?;
        let label = self.label_of(&listing.account);
        let mut batch = Batch::labelled(format!(
            "{}: transactions of {label}, page {}",
            self.institution,
            listing.paging.pages + 1
        ));
        for (i, entry) in page.transactions.iter().enumerate() {
            let at = || {
                format!(
                    "transactions of {label}, page {}, row {i}",
                    listing.paging.pages + 1
                )
            };
            let (_, inner) = unwrap_keyed(entry.clone(), "Transaction");
            let wire: Transaction = serde_json::from_value(inner).map_err(|e| {
                self.malformed(at(), crate::connectors::http::sanitize_text(&e.to_string()))
            })?;
            let mapped = map::transaction(&listing.account, listing.currency, &wire)
                .map_err(|e| self.malformed(at(), e.to_string()))?;
            if let Some(record) = mapped {
                listing.absorb(&wire, &record);
                batch.transactions.push(record);
            }
        }
        let done = listing
            .paging
            .advance(&page)
            .map_err(|e| self.malformed(format!("transactions of {label}"), e.into()))?;
        if done {
            let (expired, cursor) = listing.finish();
            batch.transactions.extend(expired);
            let stream = transactions_stream(&listing.account);
            self.cursors.insert(stream.clone(), cursor.clone());
            batch.cursors.push((stream, cursor));
            self.ledgers
                .insert(listing.account.clone(), listing.ledger.clone());
        }
        Ok((Some(batch), done))
    }

    async fn statements(&mut self, step: &mut StatementsStep) -> Output {
        let label = self.label_of(&step.account);
        let Some(queue) = step.queue.as_mut() else {
            let path = format!("accounts/{}/statements", segment(&step.account));
            let first: Vec<(&'static str, String)> = step
                .after
                .map(|a| vec![("startTime", a.format("%Y-%m-%d").to_string())])
                .unwrap_or_default();
            let (url, query) = step
                .paging
                .request(&self.session.api, &path, first, None)
                .ok_or_else(|| self.no_route(&path))?;
            let page: Listing = self.session.get(&url, &query, "statements").await?;
            step.absorb(page.statements.clone());
            if step
                .paging
                .advance(&page)
                .map_err(|e| self.malformed(format!("statements of {label}"), e.into()))?
            {
                step.listed();
            }
            return Ok((None, false));
        };
        let Some((date, statement)) = queue.front().cloned() else {
            return Ok((None, true));
        };
        let default = format!(
            "accounts/{}/statements/{}",
            segment(&step.account),
            segment(&statement.statement_id)
        );
        let link = statement
            .links
            .iter()
            .find(|l| {
                l.types
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case("application/pdf"))
            })
            .and_then(|l| l.href.as_deref())
            .and_then(|h| self.session.api.resolve(h));
        let url = match link {
            Some(u) => u,
            None => self
                .session
                .api
                .resolve(&default)
                .ok_or_else(|| self.no_route(&default))?,
        };
        let pdf = self.session.pdf(&url, "statements").await?;
        queue.pop_front();
        let facts = self.facts.get(&step.account).cloned().ok_or_else(|| {
            self.malformed(format!("statements of {label}"), "unknown account".into())
        })?;
        let mut batch =
            Batch::labelled(format!("{}: statement {date} of {label}", self.institution));
        let ledger = self.ledgers.get(&step.account);
        match record(
            &step.account,
            &facts,
            ledger,
            step.after,
            date,
            &statement,
            Some(pdf),
        ) {
            Some(r) => batch.statements.push(r),
            None => batch
                .label
                .push_str(" (skipped: its closing balance is not known)"),
        }
        step.after = Some(date);
        let stream = statements_stream(&step.account);
        let cursor = date.format("%Y-%m-%d").to_string();
        self.cursors.insert(stream.clone(), cursor.clone());
        batch.cursors.push((stream, cursor));
        let done = step.queue.as_ref().is_none_or(|q| q.is_empty());
        Ok((Some(batch), done))
    }
}

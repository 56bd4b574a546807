//! The sync plan: which endpoints, in which order, within the granted scopes, and how each
//! step turns into batches (accounts and deposits first, then per account, then the rest).

use std::collections::{BTreeMap, HashMap, VecDeque};

use chrono::NaiveDate;

use super::api::segment;
use super::connector::{AccountInfo, IssuerConnector};
use super::session::Flow;
use super::{map, wire};
use crate::connectors::http::DecodeError;
use crate::domain::*;
use crate::sync::{Batch, ConnectorError};

/// One unit of the plan; paged steps carry their position and stay queued until exhausted.
pub enum Step {
    Accounts,
    Balances(String),
    Transactions {
        account: String,
        cursor: Option<String>,
        page: u32,
    },
    /// `queue` is `None` until the list is fetched, then the statements still to store.
    Statements {
        account: String,
        queue: Option<VecDeque<wire::Statement>>,
    },
    Fico,
    Rewards,
    RewardEvents {
        program: String,
        account: Option<String>,
        cursor: Option<String>,
        page: u32,
    },
    Transfers,
    CardEvents,
    Events {
        after: Option<String>,
        page: u32,
    },
}

/// What a step produced; `done` false keeps the step at the head of the plan.
pub struct Output {
    pub batch: Option<Batch>,
    pub done: bool,
}

fn once(batch: Batch) -> Result<Output, Flow> {
    Ok(Output {
        batch: Some(batch),
        done: true,
    })
}

impl Step {
    /// The plan before any account is known: only what `has` (the granted scopes) allows.
    pub fn initial_plan(
        has: impl Fn(&str) -> bool,
        cursors: &HashMap<String, String>,
    ) -> VecDeque<Step> {
        let mut plan = VecDeque::new();
        if has("accounts.read") || has("deposits.read") || has("cards.read") {
            plan.push_back(Step::Accounts);
        }
        if has("fico.read") {
            plan.push_back(Step::Fico);
        }
        if has("rewards.read") {
            plan.push_back(Step::Rewards);
        }
        if has("transfers.read") {
            plan.push_back(Step::Transfers);
        }
        if has("card_events.read") {
            plan.push_back(Step::CardEvents);
            plan.push_back(Step::Events {
                after: cursors.get("events").cloned(),
                page: 0,
            });
        }
        plan
    }
}

impl IssuerConnector {
    pub(super) fn malformed(&self, endpoint: &str, e: DecodeError) -> Flow {
        Flow::Fail(ConnectorError::Malformed {
            institution: self.institution.clone(),
            at: endpoint.to_string(),
            detail: e.to_string(),
        })
    }

    pub(super) async fn run(&mut self, step: &mut Step) -> Result<Output, Flow> {
        match step {
            Step::Accounts => self.accounts_step().await,
            Step::Balances(account) => {
                self.require("accounts.read")?;
                let path = format!("accounts/{}/balances", segment(account));
                let h: wire::BalanceHistory = self.session.get(&path, &[]).await?;
                let cur = self.currency_of(account);
                let mut batch = Batch::labelled(format!("balances of {}", self.label_of(account)));
                for (i, b) in h.balances.iter().enumerate() {
                    let r = map::balance(account, b, cur, &format!("balances[{i}]"));
                    batch
                        .balances
                        .push(r.map_err(|e| self.malformed(&format!("GET /{path}"), e))?);
                }
                once(batch)
            }
            Step::Transactions {
                account,
                cursor,
                page,
            } => self.transactions_page(account, cursor, page).await,
            Step::Statements { account, queue } => self.statements_step(account, queue).await,
            Step::Fico => {
                self.require("fico.read")?;
                let h: wire::FicoHistory = self.session.get("fico/history", &[]).await?;
                let mut batch = Batch::labelled("FICO score history");
                batch.credit_scores = h
                    .scores
                    .iter()
                    .map(|s| map::credit_score(s, &self.institution))
                    .collect();
                once(batch)
            }
            Step::Rewards => self.rewards_step().await,
            Step::RewardEvents {
                program,
                account,
                cursor,
                page,
            } => {
                let account = account.clone();
                self.reward_events_page(program, account.as_deref(), cursor, page)
                    .await
            }
            Step::Transfers => {
                self.require("transfers.read")?;
                let l: wire::TransferList = self.session.get("transfers", &[]).await?;
                let mut batch = Batch::labelled("transfers");
                for (i, t) in l.transfers.iter().enumerate() {
                    let r = map::transfer(
                        t,
                        self.currency_of(&t.account_id),
                        &format!("transfers[{i}]"),
                    );
                    batch
                        .transfers
                        .push(r.map_err(|e| self.malformed("GET /transfers", e))?);
                }
                once(batch)
            }
            Step::CardEvents => {
                self.require("card_events.read")?;
                let l: wire::CardEventList = self.session.get("card_events", &[]).await?;
                let mut batch = Batch::labelled("card activity");
                for e in &l.card_events {
                    if let Some(kind) = map::card_event_kind(&e.event) {
                        batch.card_events.push(map::card_event(
                            &e.account_id,
                            kind,
                            e.occurred_at,
                            e.reason.clone(),
                        ));
                    }
                }
                once(batch)
            }
            Step::Events { after, page } => self.events_page(after, page).await,
        }
    }
}

/// The plan's steps for one account, in order, within `scopes`.
pub(super) fn account_steps(c: &IssuerConnector, id: &str, kind: AccountKind) -> Vec<Step> {
    let mut steps = Vec::new();
    if c.has_scope("accounts.read") {
        steps.push(Step::Balances(id.to_string()));
    }
    if c.has_scope("transactions.read") {
        let cursor = c.cursors.get(&format!("transactions:{id}")).cloned();
        steps.push(Step::Transactions {
            account: id.to_string(),
            cursor,
            page: 0,
        });
    }
    if c.has_scope("statements.read") && kind == AccountKind::CreditCard {
        steps.push(Step::Statements {
            account: id.to_string(),
            queue: None,
        });
    }
    steps
}

pub(super) fn info_of(record: &AccountRecord) -> AccountInfo {
    let name = record
        .product
        .as_ref()
        .filter(|_| record.name.is_empty())
        .unwrap_or(&record.name);
    let label = match &record.mask {
        Some(mask) => format!("{name} …{mask}"),
        None => name.clone(),
    };
    AccountInfo {
        label,
        currency: record.currency,
    }
}

pub(super) type AccountMap = BTreeMap<String, (AccountRecord, Option<BalanceRecord>)>;

pub(super) fn today_or(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| chrono::Utc::now().date_naive())
}

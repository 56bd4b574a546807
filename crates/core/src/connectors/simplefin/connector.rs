//! [`SimpleFinConnector`]: one `GET /accounts` per sync, after its budget slot is recorded;
//! then a batch of accounts, balances and reward programs, and one batch per account's rows.

use std::collections::{HashMap, VecDeque};

use chrono::{Days, NaiveDate};

use super::access::AccessUrl;
use super::budget::{spend, status_of};
use super::map::{self, Mapped};
use super::wire::AccountSet;
use super::*;
use crate::connectors::http::{decode_json, HttpClient, HttpError};
use crate::sync::{Batch, Connector, ConnectorError, ConnectorState};

enum Phase {
    Reserve,
    Fetch,
    Emit(VecDeque<Batch>),
}

/// A pull from a SimpleFIN server. Build it per sync from the connection's saved state.
pub struct SimpleFinConnector {
    access: Option<AccessUrl>,
    cursors: HashMap<String, String>,
    options: SimpleFinOptions,
    phase: Phase,
}

impl SimpleFinConnector {
    pub fn new(institution: &str, state: ConnectorState) -> SimpleFinConnector {
        let options = SimpleFinOptions {
            institution: institution.to_string(),
            ..SimpleFinOptions::default()
        };
        SimpleFinConnector::with_options(options, state)
    }

    pub fn with_options(options: SimpleFinOptions, state: ConnectorState) -> SimpleFinConnector {
        let access = state
            .secret_text(SECRET_ACCESS_URL)
            .and_then(|s| AccessUrl::parse(&s).ok());
        SimpleFinConnector {
            access,
            cursors: state.cursors,
            options,
            phase: Phase::Reserve,
        }
    }

    fn institution(&self) -> String {
        self.options.institution.clone()
    }

    fn reserve(&mut self) -> Result<Batch, ConnectorError> {
        if self.access.is_none() {
            return Err(ConnectorError::ReauthRequired {
                institution: self.institution(),
                reason: "no valid SimpleFIN Access URL is saved; set up the connection again with a new setup token".into(),
            });
        }
        let now = self.options.now();
        let limit = self.options.daily_budget;
        let cursor = self.cursors.get(CURSOR_BUDGET).map(String::as_str);
        let status = status_of(cursor, limit, now);
        if status.remaining == 0 {
            let secs = (status.next_allowed - now).num_seconds().max(1);
            return Err(ConnectorError::RateLimited {
                institution: self.institution(),
                retry_after_secs: u64::try_from(secs).unwrap_or(1),
            });
        }
        let spent = spend(cursor, limit, now);
        self.cursors.insert(CURSOR_BUDGET.into(), spent.clone());
        let mut batch = Batch::labelled(format!(
            "{}: request {} of {limit} today",
            self.institution(),
            status.used + 1
        ));
        batch.cursors.push((CURSOR_BUDGET.into(), spent));
        Ok(batch)
    }

    fn window(&self) -> (Option<NaiveDate>, NaiveDate) {
        let today = self.options.now().date_naive();
        let last = self
            .cursors
            .get(CURSOR_SYNC)
            .and_then(|c| NaiveDate::parse_from_str(c.trim(), "%Y-%m-%d").ok());
        let start = match last {
            Some(l) => l.checked_sub_days(Days::new(u64::from(self.options.overlap_days))),
            None => self
                .options
                .history_days
                .and_then(|d| today.checked_sub_days(Days::new(u64::from(d)))),
        };
        // `end-date` is exclusive ("before, not on"): tomorrow, to include today.
        (start, today.succ_opt().unwrap_or(today))
    }

    async fn fetch(&mut self) -> Result<VecDeque<Batch>, ConnectorError> {
        let institution = self.institution();
        let access = self.access.as_ref().expect("checked in reserve");
        let (start, end) = self.window();
        let unix = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().timestamp().to_string())
        };
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(s) = start.and_then(unix) {
            query.push(("start-date", s));
        }
        query.extend(unix(end).map(|e| ("end-date", e)));
        query.push(("pending", "1".into()));
        let url = access.endpoint("accounts");
        let http = HttpClient::new(
            &url.origin().ascii_serialization(),
            self.options.retry,
            self.options.breaker,
        )
        .map_err(|e| e.into_connector(&institution))?;
        let result = http
            .call(
                "GET /accounts",
                |c| {
                    c.get(url.clone())
                        .query(&query)
                        .basic_auth(access.user(), Some(access.password()))
                },
                decode_json::<AccountSet>,
            )
            .await;
        let set = result.map_err(|e| explain(e, &institution))?;
        let warnings = messages(&set);
        if set.accounts.is_empty() && !warnings.is_empty() {
            return Err(ConnectorError::Refused {
                institution,
                detail: format!("the Bridge says: {}", warnings.join("; ")),
            });
        }
        let today = self.options.now().date_naive();
        let mut first = Batch::labelled(format!("{institution}: accounts"));
        if !warnings.is_empty() {
            first
                .label
                .push_str(&format!(" — the Bridge says: {}", warnings.join("; ")));
        }
        let mut batches = VecDeque::new();
        for a in &set.accounts {
            let bad = |detail: String| ConnectorError::Malformed {
                institution: institution.clone(),
                at: format!("account {}", crate::connectors::http::sanitize_text(&a.id)),
                detail,
            };
            match map::account(a, today).map_err(bad)? {
                Mapped::Rewards(r) => first.reward_programs.push(r),
                Mapped::Account(record, balance, currency) => {
                    let mut rows =
                        Batch::labelled(format!("{institution}: transactions of {}", record.name));
                    for t in &a.transactions {
                        rows.transactions
                            .push(map::transaction(&a.id, currency, t).map_err(bad)?);
                    }
                    first.accounts.push(*record);
                    first.balances.push(balance);
                    if !rows.transactions.is_empty() {
                        batches.push_back(rows);
                    }
                }
            }
        }
        batches.push_front(first);
        let cursor = (
            CURSOR_SYNC.to_string(),
            today.format("%Y-%m-%d").to_string(),
        );
        if let Some(last) = batches.back_mut() {
            last.cursors.push(cursor);
        }
        Ok(batches)
    }
}

/// 402 and 403 as what the user should do; anything else through the shared mapping.
fn explain(error: HttpError, institution: &str) -> ConnectorError {
    match error.status_code().map(|(s, _)| s) {
        Some(402) => ConnectorError::Refused {
            institution: institution.into(),
            detail: "the SimpleFIN subscription needs payment — renew it at the SimpleFIN Bridge, then sync again".into(),
        },
        Some(403) => ConnectorError::ReauthRequired {
            institution: institution.into(),
            reason: "access was revoked or is no longer valid — set up the connection again with a new setup token from the SimpleFIN Bridge".into(),
        },
        _ => error.into_connector(institution),
    }
}

/// The server's `errors` and `errlist` entries, sanitized and without repeats.
fn messages(set: &AccountSet) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    fn add(out: &mut Vec<String>, text: String) {
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
        }
    }
    for e in &set.errlist {
        let msg = e
            .msg
            .as_deref()
            .or(e.message.as_deref())
            .map(sanitize_server_text)
            .unwrap_or_default();
        let code = e
            .code
            .as_deref()
            .map(sanitize_server_text)
            .unwrap_or_default();
        let text = match (code.is_empty(), msg.is_empty()) {
            (false, false) => format!("{msg} ({code})"),
            (false, true) => code,
            _ => msg,
        };
        add(&mut out, text);
    }
    for e in &set.errors {
        let text = match e {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let clean = sanitize_server_text(&text);
        if !out.iter().any(|o| o.starts_with(&clean)) {
            add(&mut out, clean);
        }
    }
    out.truncate(5);
    out
}

impl Connector for SimpleFinConnector {
    async fn next_batch(&mut self) -> Result<Option<Batch>, ConnectorError> {
        loop {
            match &mut self.phase {
                Phase::Reserve => {
                    let batch = self.reserve()?;
                    self.phase = Phase::Fetch;
                    return Ok(Some(batch));
                }
                Phase::Fetch => {
                    let batches = self.fetch().await?;
                    self.phase = Phase::Emit(batches);
                }
                Phase::Emit(queue) => return Ok(queue.pop_front()),
            }
        }
    }
}

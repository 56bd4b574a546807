//! Shared helpers for the FDX tests: a small sandbox, the browser stand-in, a pull to the end,
//! and a model of what the vault would hold (latest record per id, holds settled by link).

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use coffer_core::connectors::fdx::{self, FdxConfig, FdxConnector, FdxGrant, FdxOptions};
use coffer_core::connectors::http::{BreakerConfig, RetryPolicy};
use coffer_core::domain::*;
use coffer_core::sync::{Batch, Connector, ConnectorError, ConnectorState};
use coffer_sandbox::{DataSpec, SandboxConfig, SandboxHandle};
use rust_decimal::Decimal;
use serde_json::Value;

pub async fn sandbox() -> SandboxHandle {
    coffer_sandbox::start(SandboxConfig {
        data: DataSpec {
            cards: 2,
            savings: 1,
            cds: 1,
            months: 3,
            tx_per_month: 25,
            ..DataSpec::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

pub fn config(h: &SandboxHandle, scopes: &[&str]) -> FdxConfig {
    let base = h.base_url();
    let mut c = FdxConfig::new(
        "Sandbox FDX",
        &format!("{base}/oauth/authorize"),
        &format!("{base}/oauth/token"),
        "coffer-test",
    );
    c.scopes = scopes.iter().map(|s| s.to_string()).collect();
    c.timeout = Duration::from_secs(10);
    c
}

/// Stands in for the system browser: follows the authorization redirect to the loopback.
pub fn browser(url: &str) -> Result<(), ConnectorError> {
    let url = url.to_string();
    tokio::spawn(async move {
        let _ = reqwest::get(url).await;
    });
    Ok(())
}

pub async fn grant(h: &SandboxHandle, scopes: &[&str]) -> FdxGrant {
    fdx::authorize(&config(h, scopes), browser)
        .await
        .expect("authorized")
}

pub fn state_of(grant: &FdxGrant) -> ConnectorState {
    ConnectorState {
        cursors: HashMap::new(),
        secrets: grant.secrets().into_iter().collect(),
        scopes: grant.scopes.clone(),
    }
}

pub fn options() -> FdxOptions {
    FdxOptions {
        institution: "Sandbox FDX".into(),
        retry: RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(5),
        },
        breaker: BreakerConfig {
            failure_threshold: 50,
            cool_down: Duration::from_secs(1),
        },
        page_limit: Some(40),
        ..FdxOptions::default()
    }
}

pub fn fdx_url(h: &SandboxHandle) -> String {
    format!("{}/fdx/v6", h.base_url())
}

/// Runs a sync to the end; saves cursors and secrets into `state` as the engine would.
pub async fn pull(
    h: &SandboxHandle,
    state: &mut ConnectorState,
) -> Result<Vec<Batch>, ConnectorError> {
    let copy = ConnectorState {
        cursors: state.cursors.clone(),
        secrets: state.secrets.clone(),
        scopes: state.scopes.clone(),
    };
    let mut c = FdxConnector::with_options(&fdx_url(h), options(), copy)?;
    let mut out = Vec::new();
    while let Some(batch) = c.next_batch().await? {
        for (k, v) in &batch.cursors {
            state.cursors.insert(k.clone(), v.clone());
        }
        for (k, v) in &batch.secrets {
            state.secrets.insert(k.clone(), v.clone());
        }
        out.push(batch);
    }
    Ok(out)
}

/// What the vault would hold.
#[derive(Default)]
pub struct Model {
    pub accounts: BTreeMap<String, AccountRecord>,
    pub balances: BTreeMap<String, BalanceRecord>,
    pub tx: BTreeMap<(String, String), TransactionRecord>,
    pub statements: BTreeMap<(String, String), StatementRecord>,
}

impl Model {
    pub fn apply(&mut self, batches: &[Batch]) {
        for b in batches {
            for a in &b.accounts {
                self.accounts.insert(a.source_id.clone(), a.clone());
            }
            for x in &b.balances {
                self.balances.insert(x.account_source_id.clone(), x.clone());
            }
            for s in &b.statements {
                self.statements.insert(
                    (s.account_source_id.clone(), s.source_id.clone()),
                    s.clone(),
                );
            }
            for t in &b.transactions {
                let key = (t.account_source_id.clone(), t.source_id.clone());
                let mut t = t.clone();
                if let Some(old) = self.tx.get(&key) {
                    if t.status == TransactionStatus::Pending
                        && matches!(
                            old.status,
                            TransactionStatus::Superseded | TransactionStatus::Expired
                        )
                    {
                        t.status = old.status;
                    }
                }
                self.tx.insert(key, t.clone());
                if let Some(auth) = &t.authorization_source_id {
                    if let Some(hold) = self
                        .tx
                        .get_mut(&(t.account_source_id.clone(), auth.clone()))
                    {
                        hold.status = TransactionStatus::Superseded;
                    }
                }
            }
        }
    }

    /// Rows that count: posted and still pending.
    pub fn live<'a>(
        &'a self,
        account: &'a str,
    ) -> impl Iterator<Item = &'a TransactionRecord> + 'a {
        self.tx.values().filter(move |t| {
            t.account_source_id == account
                && matches!(
                    t.status,
                    TransactionStatus::Posted | TransactionStatus::Pending
                )
        })
    }

    pub fn assert_matches(&self, truth: &Value) {
        let accounts = truth["accounts"].as_object().expect("truth accounts");
        assert_eq!(self.accounts.len(), accounts.len(), "accounts");
        let mut total = 0;
        let mut statements = 0;
        for (id, t) in accounts {
            let rows: Vec<_> = self.live(id).collect();
            let sum: Decimal = rows.iter().map(|r| r.amount.amount()).sum();
            assert_eq!(
                rows.len() as u64,
                t["transactions"].as_u64().unwrap(),
                "rows of {id}"
            );
            assert_eq!(sum, dec(&t["sum"]), "sum of {id}");
            let balance = &self.balances[id];
            assert_eq!(
                balance.current.amount(),
                dec(&t["balance"]),
                "balance of {id}"
            );
            let n = self.statements.keys().filter(|(a, _)| a == id).count();
            assert_eq!(
                n as u64,
                t["statements"].as_u64().unwrap_or(0),
                "statements of {id}"
            );
            total += rows.len();
            statements += n;
        }
        assert!(
            total > 50 && statements > 0 && accounts.len() >= 4,
            "{total} {statements}"
        );
        assert_eq!(
            total as u64,
            truth["counts"]["transactions"].as_u64().unwrap()
        );
        assert_eq!(
            statements as u64,
            truth["counts"]["statements"].as_u64().unwrap()
        );
    }
}

pub fn dec(v: &Value) -> Decimal {
    match v {
        Value::String(s) => s.parse().unwrap(),
        other => other.to_string().parse().unwrap(),
    }
}

pub async fn truth(h: &SandboxHandle, protocol: &str) -> Value {
    let t = match protocol {
        "fdx" => h.truth_fdx(),
        _ => h.truth_simplefin(),
    };
    serde_json::to_value(t).unwrap()
}

//! Shared helpers for the issuer connector tests: a small sandbox, fast retry options, login,
//! and a pull that gathers every batch into upserted record sets.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use coffer_core::connectors::http::{BreakerConfig, RetryPolicy};
use coffer_core::connectors::issuer::{login_with, IssuerConnector, IssuerOptions, LoginOutcome};
use coffer_core::domain::*;
use coffer_core::sync::{Batch, Connector, ConnectorError, ConnectorState};
use coffer_sandbox::{start, DataSpec, FaultSpec, SandboxConfig, SandboxHandle};
use sha2::Digest;

pub fn small_spec() -> DataSpec {
    DataSpec {
        cards: 2,
        savings: 1,
        cds: 1,
        months: 3,
        tx_per_month: 10,
        ..DataSpec::default()
    }
}

pub async fn sandbox(data: DataSpec, faults: &str) -> SandboxHandle {
    let faults: FaultSpec = faults.parse().expect("fault spec");
    start(SandboxConfig {
        data,
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

pub fn fast_options() -> IssuerOptions {
    IssuerOptions {
        retry: RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(5),
        },
        breaker: BreakerConfig {
            failure_threshold: 20,
            cool_down: Duration::from_millis(200),
        },
        page_limit: Some(7),
        ..IssuerOptions::default()
    }
}

pub async fn login_demo(url: &str, scopes: Option<&[String]>) -> LoginOutcome {
    login_with(&fast_options(), url, "demo", "demo", None, scopes, |_| {
        Ok("123456".into())
    })
    .await
    .expect("demo login")
}

pub fn secret(state: &ConnectorState, name: &str) -> Option<String> {
    state
        .secrets
        .get(name)
        .map(|v| String::from_utf8(v.to_vec()).unwrap())
}

/// Everything a pull produced, upserted by identity as the vault would store it.
#[derive(Default)]
pub struct Pulled {
    pub batches: usize,
    pub labels: Vec<String>,
    pub accounts: BTreeMap<String, AccountRecord>,
    pub balances: BTreeMap<(String, chrono::NaiveDate), BalanceRecord>,
    pub transactions: BTreeMap<(String, String), TransactionRecord>,
    /// Transactions in arrival order (not upserted), for incremental checks.
    pub transaction_rows: Vec<TransactionRecord>,
    pub statements: BTreeMap<(String, String), StatementRecord>,
    pub credit_scores: BTreeSet<String>,
    pub reward_programs: BTreeMap<String, RewardProgramRecord>,
    pub reward_events: BTreeMap<(String, String), RewardEventRecord>,
    pub transfers: BTreeMap<(String, String), TransferRecord>,
    pub card_events: BTreeMap<(String, String), CardEventRecord>,
    pub cursors: BTreeMap<String, String>,
    pub secrets: Vec<(String, String)>,
}

impl Pulled {
    pub fn absorb(&mut self, b: Batch) {
        self.batches += 1;
        self.labels.push(b.label.clone());
        for r in b.accounts {
            self.accounts.insert(r.source_id.clone(), r);
        }
        for r in b.balances {
            self.balances
                .insert((r.account_source_id.clone(), r.as_of), r);
        }
        for r in b.transactions {
            self.transaction_rows.push(r.clone());
            self.transactions
                .insert((r.account_source_id.clone(), r.source_id.clone()), r);
        }
        for r in b.statements {
            self.statements
                .insert((r.account_source_id.clone(), r.source_id.clone()), r);
        }
        for r in b.credit_scores {
            self.credit_scores.insert(format!("{:?}", r));
        }
        for r in b.reward_programs {
            self.reward_programs.insert(r.source_id.clone(), r);
        }
        for r in b.reward_events {
            self.reward_events
                .insert((r.program_source_id.clone(), r.source_id.clone()), r);
        }
        for r in b.transfers {
            self.transfers
                .insert((r.account_source_id.clone(), r.source_id.clone()), r);
        }
        for r in b.card_events {
            self.card_events
                .insert((r.account_source_id.clone(), r.source_id.clone()), r);
        }
        self.cursors.extend(b.cursors);
        for (name, value) in b.secrets {
            self.secrets
                .push((name, String::from_utf8(value.to_vec()).unwrap()));
        }
    }

    /// A digest of every record (PDFs by hash), to compare two pulls.
    pub fn fingerprint(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.accounts.values().map(|r| format!("{r:?}")));
        out.extend(self.balances.values().map(|r| format!("{r:?}")));
        out.extend(self.transactions.values().map(|r| format!("{r:?}")));
        out.extend(self.statements.values().map(|r| {
            let mut r = r.clone();
            let pdf = r.pdf.take().map(|p| hex::encode(sha2::Sha256::digest(p)));
            format!("{r:?} pdf={pdf:?}")
        }));
        out.extend(self.credit_scores.iter().cloned());
        out.extend(self.reward_programs.values().map(|r| format!("{r:?}")));
        out.extend(self.reward_events.values().map(|r| format!("{r:?}")));
        out.extend(self.transfers.values().map(|r| format!("{r:?}")));
        out.extend(self.card_events.values().map(|r| format!("{r:?}")));
        out
    }

    /// The state the next sync starts from: these cursors over `previous`, newest secrets.
    pub fn next_state(&self, mut previous: ConnectorState) -> ConnectorState {
        previous.cursors.extend(self.cursors.clone());
        for (name, value) in &self.secrets {
            previous.secrets.insert(
                name.clone(),
                zeroize::Zeroizing::new(value.as_bytes().to_vec()),
            );
        }
        previous.secrets.remove("access_token");
        previous
    }
}

/// Pulls until the connector is done (or fails), keeping what came before a failure.
pub async fn pull_all(connector: &mut IssuerConnector) -> (Pulled, Option<ConnectorError>) {
    let mut pulled = Pulled::default();
    let err = pull_into(&mut pulled, connector).await;
    (pulled, err)
}

/// Pulls into `pulled` until done; the error that stopped it, if any.
pub async fn pull_into(
    pulled: &mut Pulled,
    connector: &mut IssuerConnector,
) -> Option<ConnectorError> {
    loop {
        match connector.next_batch().await {
            Ok(Some(b)) => pulled.absorb(b),
            Ok(None) => return None,
            Err(e) => return Some(e),
        }
    }
}

pub fn connector(url: &str, state: ConnectorState) -> IssuerConnector {
    IssuerConnector::with_options(url, fast_options(), state).expect("connector")
}

pub fn copy_state(s: &ConnectorState) -> ConnectorState {
    ConnectorState {
        cursors: s.cursors.clone(),
        secrets: s.secrets.clone(),
        scopes: s.scopes.clone(),
    }
}

/// Checks a pull against the sandbox's truth, kind by kind and account by account.
pub fn assert_matches_truth(p: &Pulled, h: &SandboxHandle) {
    let truth = serde_json::to_value(h.truth()).unwrap();
    let count = |k: &str| truth["counts"][k].as_u64().unwrap() as usize;
    assert_eq!(p.accounts.len(), count("accounts"), "accounts");
    assert_eq!(p.transactions.len(), count("transactions"), "transactions");
    let by_status =
        |s: TransactionStatus| p.transactions.values().filter(|t| t.status == s).count();
    assert_eq!(
        by_status(TransactionStatus::Posted),
        count("posted"),
        "posted"
    );
    assert_eq!(
        by_status(TransactionStatus::Pending),
        count("pending"),
        "pending"
    );
    assert_eq!(
        by_status(TransactionStatus::Superseded),
        count("superseded"),
        "superseded"
    );
    assert_eq!(
        by_status(TransactionStatus::Expired),
        count("expired"),
        "expired"
    );
    assert_eq!(p.statements.len(), count("statements"), "statements");
    assert_eq!(
        p.credit_scores.len(),
        count("credit_scores"),
        "credit scores"
    );
    assert_eq!(
        p.reward_programs.len(),
        count("reward_programs"),
        "reward programs"
    );
    assert_eq!(
        p.reward_events.len(),
        count("reward_events"),
        "reward events"
    );
    assert_eq!(p.transfers.len(), count("transfers"), "transfers");
    assert_eq!(p.card_events.len(), count("card_events"), "card events");
    assert_eq!(
        p.balances.len(),
        count("balance_snapshots"),
        "balance snapshots"
    );
    for s in p.statements.values() {
        assert!(
            s.pdf.as_ref().is_some_and(|pdf| pdf.starts_with(b"%PDF-")),
            "statement PDF"
        );
    }
    for (id, acct) in truth["accounts"].as_object().unwrap() {
        let rows = p
            .transactions
            .values()
            .filter(|t| &t.account_source_id == id);
        let counted = rows.filter(|t| {
            matches!(
                t.status,
                TransactionStatus::Posted | TransactionStatus::Pending
            )
        });
        let sum: rust_decimal::Decimal = counted.map(|t| t.amount.amount()).sum();
        assert_eq!(
            sum.to_string(),
            acct["sum"].as_str().unwrap(),
            "sum of {id}"
        );
        let statements = p.statements.keys().filter(|(a, _)| a == id).count() as u64;
        assert_eq!(
            statements,
            acct["statements"].as_u64().unwrap(),
            "statements of {id}"
        );
        let events = p
            .reward_events
            .values()
            .filter(|e| e.account_source_id.as_deref() == Some(id.as_str()));
        assert_eq!(
            events.count() as u64,
            acct["reward_events"].as_u64().unwrap(),
            "reward events of {id}"
        );
    }
}

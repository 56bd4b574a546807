//! SimpleFIN Bridge against the sandbox over real HTTP (and one hostile stand-in server):
//! claim once, a full pull equal to the truth with reward currencies, 402/403, the budget,
//! sanitized `errors`/`errlist`, and faults.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, Utc};
use coffer_core::connectors::http::{BreakerConfig, RetryPolicy};
use coffer_core::connectors::simplefin::{
    self, budget_status, SimpleFinConnector, SimpleFinOptions, CURSOR_BUDGET, SECRET_ACCESS_URL,
};
use coffer_core::domain::*;
use coffer_core::sync::{Batch, Connector, ConnectorError, ConnectorState};
use coffer_sandbox::{DataSpec, SandboxConfig, SandboxHandle};
use rust_decimal::Decimal;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zeroize::Zeroizing;

async fn sandbox() -> SandboxHandle {
    let data = DataSpec {
        cards: 2,
        savings: 1,
        cds: 1,
        months: 3,
        tx_per_month: 25,
        ..DataSpec::default()
    };
    coffer_sandbox::start(SandboxConfig {
        data,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn options(h: &SandboxHandle) -> SimpleFinOptions {
    SimpleFinOptions {
        institution: "Sandbox SimpleFIN".into(),
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
        history_days: None,
        now: Some(h.as_of().and_hms_opt(12, 0, 0).unwrap().and_utc()),
        ..SimpleFinOptions::default()
    }
}

async fn access_url(h: &SandboxHandle) -> Zeroizing<String> {
    let token = reqwest::get(format!("{}/_sandbox/simplefin/setup-token", h.base_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    simplefin::claim(&token, &options(h))
        .await
        .expect("claimed")
}

fn state(access: &str) -> ConnectorState {
    let secrets = HashMap::from([(
        SECRET_ACCESS_URL.to_string(),
        Zeroizing::new(access.as_bytes().to_vec()),
    )]);
    ConnectorState {
        cursors: HashMap::new(),
        secrets,
        scopes: Vec::new(),
    }
}

async fn pull(
    opts: SimpleFinOptions,
    state: &mut ConnectorState,
) -> Result<Vec<Batch>, ConnectorError> {
    let copy = ConnectorState {
        cursors: state.cursors.clone(),
        secrets: state.secrets.clone(),
        scopes: vec![],
    };
    let mut c = SimpleFinConnector::with_options(opts, copy);
    let mut out = Vec::new();
    while let Some(b) = c.next_batch().await? {
        for (k, v) in &b.cursors {
            state.cursors.insert(k.clone(), v.clone());
        }
        out.push(b);
    }
    Ok(out)
}

fn dec(v: &Value) -> Decimal {
    match v {
        Value::String(s) => s.parse().unwrap(),
        o => o.to_string().parse().unwrap(),
    }
}

fn assert_truth(batches: &[Batch], truth: &Value) {
    let mut tx: BTreeMap<(String, String), TransactionRecord> = BTreeMap::new();
    let (mut accounts, mut rewards) = (BTreeMap::new(), BTreeMap::new());
    for b in batches {
        for a in &b.accounts {
            accounts.insert(a.source_id.clone(), a.clone());
        }
        for r in &b.reward_programs {
            rewards.insert(r.source_id.clone(), r.clone());
        }
        for t in &b.transactions {
            tx.insert(
                (t.account_source_id.clone(), t.source_id.clone()),
                t.clone(),
            );
        }
    }
    let expected = truth["accounts"].as_object().unwrap();
    assert_eq!(accounts.len() + rewards.len(), expected.len());
    assert_eq!(
        rewards.len() as u64,
        truth["counts"]["reward_accounts"].as_u64().unwrap()
    );
    for (id, t) in expected {
        if let Some(r) = rewards.get(id) {
            assert_eq!(
                Decimal::from(r.balance.unwrap().1),
                dec(&t["balance"]),
                "reward balance {id}"
            );
            assert!(matches!(
                r.unit,
                RewardUnit::Miles | RewardUnit::Points | RewardUnit::Cash
            ));
            continue;
        }
        let rows: Vec<_> = tx.values().filter(|r| &r.account_source_id == id).collect();
        assert_eq!(
            rows.len() as u64,
            t["transactions"].as_u64().unwrap(),
            "rows of {id}"
        );
        let sum: Decimal = rows.iter().map(|r| r.amount.amount()).sum();
        assert_eq!(sum, dec(&t["sum"]), "sum of {id}");
        let kind = accounts[id].kind.as_str();
        if let Some(k) = t["kind"].as_str() {
            assert!(
                k.replace('-', "_").contains(kind) || kind.contains(k),
                "kind of {id}: {k} vs {kind}"
            );
        }
    }
    assert!(tx.values().all(|t| t.authorization_source_id.is_none()));
    assert_eq!(
        tx.len() as u64,
        truth["counts"]["transactions"].as_u64().unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claim_once_then_a_full_pull_equals_the_truth() {
    let h = sandbox().await;
    let token = reqwest::get(format!("{}/_sandbox/simplefin/setup-token", h.base_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let access = simplefin::claim(&token, &options(&h)).await.expect("claim");
    let again = simplefin::claim(&token, &options(&h)).await.unwrap_err();
    assert!(again.to_string().contains("already used"), "{again}");
    let not_a_token = simplefin::claim("https://example.com/claim", &options(&h))
        .await
        .unwrap_err();
    assert!(
        not_a_token.to_string().contains("not a setup token"),
        "{not_a_token}"
    );
    let parsed = simplefin::AccessUrl::parse(&access).unwrap();
    assert!(!format!("{parsed:?}").contains(parsed.password()));

    let mut st = state(&access);
    let batches = pull(options(&h), &mut st).await.expect("pull");
    let truth = serde_json::to_value(h.truth_simplefin()).unwrap();
    assert_truth(&batches, &truth);
    let status = budget_status(&st, 24, options(&h).now.unwrap());
    assert_eq!((status.used, status.remaining), (1, 23));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_due_and_revoked_access_say_what_to_do() {
    let h = sandbox().await;
    let access = access_url(&h).await;
    h.simplefin_set_lapsed(true);
    let err = pull(options(&h), &mut state(&access)).await.err().unwrap();
    assert!(
        err.to_string().contains("needs payment") && err.to_string().contains("renew"),
        "{err}"
    );
    h.simplefin_set_lapsed(false);
    h.simplefin_revoke_all();
    let err = pull(options(&h), &mut state(&access)).await.err().unwrap();
    assert!(
        err.needs_reauth() && err.to_string().contains("set up the connection again"),
        "{err}"
    );
    assert!(!err
        .to_string()
        .contains(simplefin::AccessUrl::parse(&access).unwrap().password()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exhausted_budget_refuses_without_a_request() {
    let h = sandbox().await;
    let mut opts = options(&h);
    opts.daily_budget = 2;
    let now: DateTime<Utc> = opts.now.unwrap();
    // An access URL nobody answers: any request would fail as unreachable, not rate-limited.
    let mut st = state("http://u:p@127.0.0.1:9/simplefin");
    st.cursors.insert(
        CURSOR_BUDGET.into(),
        format!("{{\"day\":\"{}\",\"used\":2}}", now.date_naive()),
    );
    let err = pull(opts.clone(), &mut st).await.err().unwrap();
    let ConnectorError::RateLimited {
        retry_after_secs, ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(retry_after_secs, 12 * 3600);
    assert_eq!(
        budget_status(&st, 2, now).next_allowed,
        now + chrono::Duration::hours(12)
    );

    // The server's own quota warning comes through as a warning in the label.
    h.simplefin_set_daily_budget(1);
    let access = access_url(&h).await;
    let mut st = state(&access);
    pull(options(&h), &mut st).await.unwrap();
    let batches = pull(options(&h), &mut st).await.unwrap();
    assert!(
        batches.iter().any(|b| b.label.contains("the Bridge says")),
        "{:?}",
        batches.iter().map(|b| &b.label).collect::<Vec<_>>()
    );
}

/// A one-shot server answering every request with `body`.
async fn hostile_server(body: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(head.as_bytes()).await;
            let _ = s.write_all(body.as_bytes()).await;
        }
    });
    format!("http://u:p@127.0.0.1:{port}/simplefin")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_sanitized() {
    let h = sandbox().await;
    let only_errors = hostile_server(
        r#"{"errors":["<script>alert('x')</script>Log in\u001b[2J again\u0007 at <a href='http://evil'>your bank</a>"],
            "errlist":[{"code":"con.auth","msg":"<img src=x onerror=alert(1)>Authentication required"}],"accounts":[]}"#,
    ).await;
    let err = pull(options(&h), &mut state(&only_errors))
        .await
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(matches!(err, ConnectorError::Refused { .. }), "{text}");
    assert!(
        text.contains("Authentication required (con.auth)"),
        "{text}"
    );
    assert!(
        !text.contains('<') && !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );

    let with_data = hostile_server(
        r#"{"errors":["<b>Sync</b> delayed"],"accounts":[{"id":"A1","name":"Everyday Checking","currency":"USD",
            "balance":"10.00","balance-date":1760000000,"extra":{"x":1},"transactions":[{"id":"T1","posted":1760000000,
            "amount":"-1.25","description":"Coffee"}]}]}"#,
    ).await;
    let batches = pull(options(&h), &mut state(&with_data)).await.unwrap();
    assert!(batches
        .iter()
        .any(|b| b.label.contains("the Bridge says: Sync delayed")));
    let t = &batches.iter().flat_map(|b| &b.transactions).next().unwrap();
    assert_eq!(t.amount.amount_text(), "-1.25");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_are_retried_until_the_pull_equals_the_truth() {
    let h = sandbox().await;
    let access = access_url(&h).await;
    h.set_faults(
        "5xx=0.3,429=0.1,retry_after=0,drop=0.1,truncate=0.1,malformed=0.1"
            .parse()
            .unwrap(),
    );
    let mut st = state(&access);
    let batches = pull(options(&h), &mut st)
        .await
        .expect("pull through faults");
    h.set_faults("".parse().unwrap());
    assert_truth(
        &batches,
        &serde_json::to_value(h.truth_simplefin()).unwrap(),
    );
}

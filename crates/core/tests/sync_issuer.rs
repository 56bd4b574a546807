//! Sync from the sandbox bank into a real encrypted vault over real HTTP: the vault equals the
//! generator's truth for every kind of data; re-syncing changes nothing; a month later exactly the
//! new rows arrive and pendings settle; scopes limit what is fetched; step-up leaves the
//! connection waiting for re-authentication; signed events apply once.

use std::collections::HashMap;

use coffer_core::connectors::issuer;
use coffer_core::domain::ConnectionKind;
use coffer_core::money::{Currency, Money};
use coffer_core::sync::{sync_connections, SyncOutcome};
use coffer_core::vault::store::{NewConnection, TransactionFilter};
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use coffer_sandbox::{DataSpec, SandboxConfig, SandboxHandle, Truth};
use zeroize::Zeroizing;

pub fn small_spec() -> DataSpec {
    DataSpec {
        cards: 2,
        savings: 1,
        cds: 2,
        months: 6,
        tx_per_month: 25,
        ..DataSpec::default()
    }
}

async fn sandbox() -> SandboxHandle {
    coffer_sandbox::start(SandboxConfig {
        data: small_spec(),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

fn new_vault(dir: &std::path::Path) -> Vault {
    Vault::create(
        &dir.join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap()
}

async fn link(vault: &mut Vault, api_url: &str, scopes: Option<&[String]>) -> i64 {
    let login = issuer::login(api_url, "demo", "demo", None, scopes, |_| {
        Ok("123456".into())
    })
    .await
    .expect("login");
    let mut secrets = login.secrets;
    secrets.push((
        issuer::SECRET_ACCESS_TOKEN.into(),
        Zeroizing::new(login.access_token.as_bytes().to_vec()),
    ));
    vault
        .create_connection(NewConnection {
            kind: ConnectionKind::Issuer,
            institution: "Sandbox Bank",
            display_name: "Sandbox Bank",
            base_url: Some(api_url),
            scopes: &login.scopes,
            secrets,
        })
        .unwrap()
}

async fn sync(vault: &mut Vault) -> SyncOutcome {
    let mut outcomes = sync_connections(vault, None, &mut |_| {})
        .await
        .expect("sync runs");
    assert_eq!(outcomes.len(), 1);
    outcomes.remove(0)
}

/// Checks the vault against the truth for every kind of data and every account's sums.
fn assert_matches_truth(vault: &Vault, truth: &Truth) {
    let counts = vault.status().unwrap().counts;
    let t = &truth.counts;
    for (table, expected) in [
        ("accounts", t.accounts),
        ("transactions", t.transactions),
        ("statements", t.statements),
        ("credit_scores", t.credit_scores),
        ("reward_programs", t.reward_programs),
        ("reward_events", t.reward_events),
        ("transfers", t.transfers),
        ("card_events", t.card_events),
        ("balance_snapshots", t.balance_snapshots),
    ] {
        assert_eq!(counts[table], expected, "{table}");
    }
    let rows = vault.transactions(&TransactionFilter::default()).unwrap();
    let by_status = |s: &str| rows.iter().filter(|r| r.status == s).count() as u64;
    assert_eq!(by_status("posted"), t.posted, "posted");
    assert_eq!(by_status("pending"), t.pending, "pending");
    assert_eq!(by_status("superseded"), t.superseded, "superseded");
    assert_eq!(by_status("expired"), t.expired, "expired");
    // Every superseded pending is linked from exactly one posting: never double-counted.
    let linked: Vec<i64> = rows.iter().filter_map(|r| r.settles_id).collect();
    assert_eq!(
        linked.len() as u64,
        t.superseded,
        "postings linked to their authorization"
    );

    let accounts: HashMap<i64, String> = vault
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.source_id))
        .collect();
    let mut sums: HashMap<String, Money> = HashMap::new();
    for r in rows
        .iter()
        .filter(|r| r.status == "posted" || r.status == "pending")
    {
        let amount = Money::parse(&r.amount, Currency::USD).unwrap();
        let entry = sums
            .entry(accounts[&r.account_id].clone())
            .or_insert(Money::from_minor(0, Currency::USD));
        *entry = entry.checked_add(&amount).unwrap();
    }
    for (source_id, account) in &truth.accounts {
        let got = sums
            .get(source_id)
            .map(|m| m.amount_text())
            .unwrap_or_else(|| "0.00".into());
        assert_eq!(got, account.sum, "sum of account {source_id}");
    }
    assert_eq!(vault.integrity_check().unwrap(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_sync_equals_the_truth_and_a_second_sync_changes_nothing() {
    let handle = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut vault = new_vault(dir.path());
    link(&mut vault, &handle.api_url(), None).await;
    let first = sync(&mut vault).await;
    assert_eq!(first.status, "ok", "{:?}", first.error);
    assert_matches_truth(&vault, &handle.truth());

    let second = sync(&mut vault).await;
    assert_eq!(second.status, "ok", "{:?}", second.error);
    // One consent receipt at link time and one per refresh.
    assert_eq!(vault.status().unwrap().counts["consents"], 3);
    assert_eq!(
        (second.totals.added, second.totals.updated),
        (0, 0),
        "a second sync changes nothing"
    );
    assert_matches_truth(&vault, &handle.truth());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_later_exactly_the_new_rows_arrive_and_pendings_settle() {
    let handle = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut vault = new_vault(dir.path());
    link(&mut vault, &handle.api_url(), None).await;
    assert_eq!(sync(&mut vault).await.status, "ok");
    let before = handle.truth();
    handle.advance_month().await;
    let after = handle.truth();
    assert!(after.counts.transactions > before.counts.transactions);
    let outcome = sync(&mut vault).await;
    assert_eq!(outcome.status, "ok", "{:?}", outcome.error);
    assert_eq!(
        vault.status().unwrap().counts["transactions"] - before.counts.transactions,
        after.counts.transactions - before.counts.transactions,
        "exactly the new transactions"
    );
    assert_matches_truth(&vault, &after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fico_only_link_never_pulls_statements_or_transactions() {
    let handle = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut vault = new_vault(dir.path());
    link(
        &mut vault,
        &handle.api_url(),
        Some(&["fico.read".to_string()]),
    )
    .await;
    let outcome = sync(&mut vault).await;
    assert_eq!(outcome.status, "ok", "{:?}", outcome.error);
    let counts = vault.status().unwrap().counts;
    assert_eq!(counts["credit_scores"], handle.truth().counts.credit_scores);
    for table in [
        "transactions",
        "statements",
        "reward_events",
        "transfers",
        "card_events",
    ] {
        assert_eq!(counts[table], 0, "{table} fetched without its scope");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn step_up_leaves_the_connection_waiting_for_reauthentication() {
    let handle = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut vault = new_vault(dir.path());
    let id = link(&mut vault, &handle.api_url(), None).await;
    handle.set_faults("step_up_after=3".parse().unwrap());
    let outcome = sync(&mut vault).await;
    assert_eq!(outcome.status, "needs_reauth");
    assert!(
        outcome.error.as_deref().unwrap().contains("sign in again"),
        "{:?}",
        outcome.error
    );
    let connection = vault.connection(id).unwrap().unwrap();
    assert_eq!(connection.status, "needs_reauth");
    assert_eq!(vault.integrity_check().unwrap(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_recovers_to_the_truth_or_fails_clearly_and_consistently() {
    let handle = sandbox().await;
    for faults in [
        "5xx=0.15",
        "429=0.1,retry_after=1",
        "drop=0.1",
        "truncate=0.1",
        "malformed=0.1",
        "expire_token_after=4",
        "latency=15ms",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = new_vault(dir.path());
        handle.set_faults(coffer_sandbox::FaultSpec::default());
        link(&mut vault, &handle.api_url(), None).await;
        handle.set_faults(faults.parse().unwrap());
        let outcome = sync(&mut vault).await;
        handle.set_faults(coffer_sandbox::FaultSpec::default());
        if outcome.status != "ok" {
            // A clear message, a consistent vault, and a clean retry reaches the truth.
            let message = outcome.error.clone().unwrap_or_default();
            assert!(
                message.len() > 20 && !message.contains("Bearer"),
                "{faults}: {message}"
            );
            assert_eq!(vault.integrity_check().unwrap(), "ok", "{faults}");
            let retry = sync(&mut vault).await;
            assert_eq!(retry.status, "ok", "{faults}: retry {:?}", retry.error);
        }
        assert_matches_truth(&vault, &handle.truth());
    }
}

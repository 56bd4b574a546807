//! FDX against the sandbox over real HTTP: PKCE through the loopback listener, a full pull equal
//! to the FDX truth, an incremental pull after a month, quiet refresh, scopes and error bodies.

mod fdx_common;

use coffer_core::connectors::fdx::{self, ALL_SCOPES, SECRET_REFRESH_TOKEN};
use coffer_core::domain::TransactionStatus;
use coffer_core::sync::ConnectorError;
use fdx_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorize_through_the_loopback_and_reject_a_forged_state() {
    let h = sandbox().await;
    let g = grant(&h, &ALL_SCOPES).await;
    assert_eq!(g.scopes.len(), 4, "{:?}", g.scopes);
    assert!(g.refresh_token.is_some());
    let shown = format!("{g:?}");
    assert!(!shown.contains(g.access_token.as_str()), "{shown}");

    // The browser comes back with another state: refused, no code exchanged.
    let forged = fdx::authorize(&config(&h, &ALL_SCOPES), |url| {
        let url = url.to_string();
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let answer = client.get(url).send().await.unwrap();
            let location = answer.headers()["location"].to_str().unwrap().to_string();
            let (head, query) = location.split_once('?').unwrap();
            let query: Vec<String> = query
                .split('&')
                .map(|p| {
                    if p.starts_with("state=") {
                        "state=forged".into()
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            let _ = reqwest::get(format!("{head}?{}", query.join("&"))).await;
        });
        Ok(())
    })
    .await;
    let err = forged.unwrap_err();
    assert!(err.to_string().contains("state mismatch"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_pull_then_a_month_later_only_new_rows_and_linked_postings() {
    let h = sandbox().await;
    let g = grant(&h, &ALL_SCOPES).await;
    let mut state = state_of(&g);
    let first = pull(&h, &mut state).await.expect("first pull");
    let mut model = Model::default();
    model.apply(&first);
    model.assert_matches(&truth(&h, "fdx").await);
    assert!(model
        .statements
        .values()
        .all(|s| s.pdf.as_ref().is_some_and(|p| p.starts_with(b"%PDF-"))));
    let pending_before: Vec<_> = model
        .tx
        .values()
        .filter(|t| t.status == TransactionStatus::Pending)
        .map(|t| (t.account_source_id.clone(), t.source_id.clone()))
        .collect();
    assert!(!pending_before.is_empty(), "the sandbox has holds");

    h.advance_month().await;
    let second = pull(&h, &mut state).await.expect("second pull");
    let rows_second: usize = second.iter().map(|b| b.transactions.len()).sum();
    let rows_first: usize = first.iter().map(|b| b.transactions.len()).sum();
    assert!(
        rows_second < rows_first,
        "incremental: {rows_second} vs {rows_first}"
    );
    let linked = second
        .iter()
        .flat_map(|b| &b.transactions)
        .filter(|t| {
            t.authorization_source_id
                .as_ref()
                .is_some_and(|a| pending_before.contains(&(t.account_source_id.clone(), a.clone())))
        })
        .count();
    assert!(linked > 0, "a posting links to a hold seen pending before");
    model.apply(&second);
    model.assert_matches(&truth(&h, "fdx").await);

    // Nothing new: a third pull changes nothing in the model.
    let third = pull(&h, &mut state).await.expect("third pull");
    let before = model.tx.clone();
    model.apply(&third);
    assert_eq!(before, model.tx);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_tokens_refresh_quietly_and_the_rotated_token_is_stored_first() {
    let h = sandbox().await;
    let g = grant(&h, &ALL_SCOPES).await;
    let mut state = state_of(&g);
    h.set_faults("expire_token_after=3".parse().unwrap());
    let batches = pull(&h, &mut state).await.expect("pull with refreshes");
    let renewals: Vec<_> = batches.iter().filter(|b| !b.secrets.is_empty()).collect();
    assert!(!renewals.is_empty());
    for b in &renewals {
        assert_eq!(b.row_count(), 0, "secrets travel in a batch of their own");
        assert!(b.secrets.iter().any(|(n, _)| n == SECRET_REFRESH_TOKEN));
    }
    let stored = &state.secrets[SECRET_REFRESH_TOKEN];
    assert_ne!(
        stored.as_slice(),
        g.refresh_token.as_ref().unwrap().as_bytes()
    );
    let mut model = Model::default();
    model.apply(&batches);
    h.set_faults("".parse().unwrap());
    model.assert_matches(&truth(&h, "fdx").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scopes_limit_what_is_fetched_and_error_bodies_read_clearly() {
    let h = sandbox().await;
    // No STATEMENTS: the pull never asks for them (the server would answer 403).
    let g = grant(&h, &["ACCOUNT_DETAILED", "TRANSACTIONS"]).await;
    let mut state = state_of(&g);
    let batches = pull(&h, &mut state).await.expect("pull without statements");
    assert!(batches.iter().all(|b| b.statements.is_empty()));
    assert!(batches.iter().any(|b| !b.transactions.is_empty()));

    // Claiming a scope the server did not grant: its FDX 403 body becomes NotPermitted.
    let mut lying = state_of(&g);
    lying.scopes.push("STATEMENTS".into());
    let Err(err) = pull(&h, &mut lying).await else {
        panic!("expected an error")
    };
    assert!(matches!(err, ConnectorError::NotPermitted { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("HTTP 403"), "{text}");
    assert!(!text.contains(g.access_token.as_str()));

    // A dead access token and no refresh token: sign in again.
    let mut dead = state_of(&g);
    dead.secrets.insert(
        "access_token".into(),
        zeroize::Zeroizing::new(b"nope".to_vec()),
    );
    dead.secrets.remove(SECRET_REFRESH_TOKEN);
    let Err(err) = pull(&h, &mut dead).await else {
        panic!("expected an error")
    };
    assert!(err.needs_reauth(), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_are_retried_until_the_pull_equals_the_truth() {
    let h = sandbox().await;
    let g = grant(&h, &ALL_SCOPES).await;
    let mut state = state_of(&g);
    h.set_faults(
        "5xx=0.15,429=0.05,retry_after=0,drop=0.05,truncate=0.05,malformed=0.05"
            .parse()
            .unwrap(),
    );
    let batches = pull(&h, &mut state).await.expect("pull through faults");
    h.set_faults("".parse().unwrap());
    let mut model = Model::default();
    model.apply(&batches);
    model.assert_matches(&truth(&h, "fdx").await);
}

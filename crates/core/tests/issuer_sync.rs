//! The issuer connector against the real sandbox over loopback HTTP: login with OTP, a full
//! pull equal to the truth, incremental pulls, scopes, token rotation and step-up.

mod issuer_support;

use coffer_core::connectors::issuer::{login_with, IssuerConnector, OtpChallenge};
use coffer_core::domain::TransactionStatus;
use coffer_core::sync::ConnectorError;
use issuer_support::*;

#[tokio::test]
async fn login_asks_for_the_otp_and_refuses_wrong_credentials() {
    let h = sandbox(small_spec(), "none").await;
    let url = h.api_url();
    let opts = fast_options();
    let mut seen: Option<OtpChallenge> = None;
    let outcome = login_with(&opts, &url, "demo", "demo", None, None, |c| {
        seen = Some(c.clone());
        Ok("123456".into())
    })
    .await
    .unwrap();
    let challenge = seen.expect("the OTP callback was asked");
    assert_eq!(challenge.kind, "otp");
    assert_eq!(challenge.length, Some(6));
    assert_eq!(outcome.scopes.len(), 9);
    let names: Vec<_> = outcome.secrets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["refresh_token", "device_id"]);
    let debug = format!("{outcome:?}");
    let state = outcome.into_state();
    let refresh = secret(&state, "refresh_token").unwrap();
    assert!(!debug.contains(&refresh), "Debug shows no token: {debug}");
    assert!(secret(&state, "device_id").unwrap().starts_with("coffer-"));

    let wrong_pw = login_with(
        &opts,
        &url,
        "demo",
        "nope",
        None,
        None,
        |_| -> Result<String, _> { panic!("no OTP asked after a wrong password") },
    )
    .await
    .unwrap_err();
    assert!(matches!(wrong_pw, ConnectorError::Refused { .. }));
    assert!(
        wrong_pw
            .to_string()
            .contains("the username or password was not accepted"),
        "{wrong_pw}"
    );
    assert!(!wrong_pw.to_string().contains("nope"));

    let wrong_otp = login_with(&opts, &url, "demo", "demo", Some("dev-1"), None, |_| {
        Ok("000000".into())
    })
    .await
    .unwrap_err();
    assert!(
        wrong_otp
            .to_string()
            .contains("the one-time code was not accepted"),
        "{wrong_otp}"
    );

    let cancelled = login_with(&opts, &url, "demo", "demo", None, None, |_| {
        Err(ConnectorError::Refused {
            institution: "Barclays US".into(),
            detail: "cancelled".into(),
        })
    })
    .await
    .unwrap_err();
    assert!(cancelled.to_string().contains("cancelled"));
}

#[tokio::test]
async fn full_pull_equals_the_truth_and_a_second_pull_is_empty() {
    let h = sandbox(small_spec(), "none").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    let (pulled, err) = pull_all(&mut connector(&url, copy_state(&state))).await;
    assert!(err.is_none(), "{err:?}");
    assert_matches_truth(&pulled, &h);
    assert!(
        pulled
            .labels
            .iter()
            .any(|l| l.contains("transactions of") && l.contains("page 2")),
        "{:?}",
        pulled.labels
    );
    assert!(pulled
        .cursors
        .keys()
        .any(|k| k.starts_with("transactions:")));
    assert!(pulled.cursors.keys().any(|k| k.starts_with("statements:")));
    assert!(pulled.cursors.keys().any(|k| k.starts_with("rewards:")));
    // The sandbox's state mapping: links, FX, MCC.
    let txs: Vec<_> = pulled.transactions.values().collect();
    assert!(txs
        .iter()
        .any(|t| t.authorization_source_id.is_some() && t.status == TransactionStatus::Posted));
    assert!(txs
        .iter()
        .any(|t| t.original_amount.is_some() && t.fx_rate.is_some()));
    assert!(txs.iter().any(|t| t.mcc.is_some() && t.merchant.is_some()));

    // Nothing changed: the next pull brings no transactions, statements or reward events.
    let next = pulled.next_state(state);
    let (again, err) = pull_all(&mut connector(&url, copy_state(&next))).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(again.transaction_rows.len(), 0);
    assert_eq!(again.statements.len(), 0);
    assert_eq!(again.reward_events.len(), 0);
}

#[tokio::test]
async fn a_pull_after_a_month_brings_only_new_and_changed_rows() {
    let h = sandbox(small_spec(), "none").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    let (first, err) = pull_all(&mut connector(&url, copy_state(&state))).await;
    assert!(err.is_none(), "{err:?}");
    let state = first.next_state(state);
    h.advance_month().await;
    let (second, err) = pull_all(&mut connector(&url, copy_state(&state))).await;
    assert!(err.is_none(), "{err:?}");
    assert!(!second.transaction_rows.is_empty());
    for t in &second.transaction_rows {
        let key = (t.account_source_id.clone(), t.source_id.clone());
        if let Some(old) = first.transactions.get(&key) {
            assert_ne!(old, t, "an unchanged row was sent again: {}", t.source_id);
            assert_ne!(
                old.status,
                TransactionStatus::Posted,
                "a posted row changed"
            );
        }
    }
    let fresh_statements: Vec<_> = second
        .statements
        .keys()
        .filter(|k| first.statements.contains_key(*k))
        .collect();
    assert!(
        fresh_statements.is_empty(),
        "statements fetched twice: {fresh_statements:?}"
    );
    // Upsert the second pull over the first, as the vault does, and compare with the truth.
    let mut all = first;
    all.accounts.extend(second.accounts);
    all.balances.extend(second.balances);
    all.transactions.extend(second.transactions);
    all.statements.extend(second.statements);
    all.credit_scores = second.credit_scores;
    all.reward_programs.extend(second.reward_programs);
    all.reward_events.extend(second.reward_events);
    all.transfers.extend(second.transfers);
    all.card_events.extend(second.card_events);
    assert_matches_truth(&all, &h);
}

#[tokio::test]
async fn a_fico_only_link_fetches_only_scores() {
    let h = sandbox(small_spec(), "none").await;
    let url = h.api_url();
    let fico = vec!["fico.read".to_string()];
    let state = login_demo(&url, Some(&fico)).await.into_state();
    assert_eq!(state.scopes, fico);

    // The token is good for fico.read only: the sandbox refuses anything else (403
    // insufficient_scope), so a pull that completes has requested nothing else.
    let (pulled, err) = pull_all(&mut connector(&url, copy_state(&state))).await;
    assert!(err.is_none(), "{err:?}");
    let truth = serde_json::to_value(h.truth()).unwrap();
    assert_eq!(
        pulled.credit_scores.len() as u64,
        truth["counts"]["credit_scores"].as_u64().unwrap()
    );
    assert!(
        pulled.accounts.is_empty()
            && pulled.transactions.is_empty()
            && pulled.statements.is_empty()
    );
    assert!(
        pulled.reward_events.is_empty()
            && pulled.transfers.is_empty()
            && pulled.card_events.is_empty()
    );

    // Control: claiming more scopes than the token has does reach the server and is refused.
    let mut overclaimed = copy_state(&state);
    overclaimed.scopes = coffer_core::connectors::issuer::ALL_SCOPES
        .map(String::from)
        .to_vec();
    let (_, err) = pull_all(&mut connector(&url, overclaimed)).await;
    assert!(
        matches!(err, Some(ConnectorError::NotPermitted { .. })),
        "{err:?}"
    );

    // And with an all-scope token, a fico-only connection still fetches only scores.
    let mut narrowed = login_demo(&url, None).await.into_state();
    narrowed.scopes = fico.clone();
    let (pulled, err) = pull_all(&mut connector(&url, narrowed)).await;
    assert!(err.is_none(), "{err:?}");
    assert!(
        !pulled.credit_scores.is_empty()
            && pulled.accounts.is_empty()
            && pulled.statements.is_empty()
    );
}

#[tokio::test]
async fn expired_tokens_are_refreshed_quietly_and_the_rotated_token_is_handed_out() {
    let h = sandbox(small_spec(), "expire_token_after=3").await;
    let url = h.api_url();
    let mut state = login_demo(&url, None).await.into_state();
    state.secrets.remove("access_token");
    let original = secret(&state, "refresh_token").unwrap();
    let mut c = connector(&url, copy_state(&state));
    // The very first batch persists the rotated refresh token before any data.
    let first = coffer_core::sync::Connector::next_batch(&mut c)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.row_count(), 0);
    assert_eq!(first.secrets.len(), 1);
    assert_eq!(first.secrets[0].0, "refresh_token");
    let mut pulled = issuer_support::Pulled::default();
    pulled.absorb(first);
    let err = pull_into(&mut pulled, &mut c).await;
    assert!(err.is_none(), "{err:?}");
    assert_matches_truth(&pulled, &h);
    let rotated: Vec<_> = pulled
        .secrets
        .iter()
        .filter(|(n, _)| n == "refresh_token")
        .collect();
    assert!(
        rotated.len() > 3,
        "refreshed on every expiry: {}",
        rotated.len()
    );
    assert!(rotated.iter().all(|(_, v)| *v != original));

    // The newest token carries the next sync; the original one is dead.
    let next = pulled.next_state(copy_state(&state));
    h.set_faults("none".parse().unwrap());
    let (_, err) = pull_all(&mut connector(&url, copy_state(&next))).await;
    assert!(err.is_none(), "{err:?}");
    let (_, err) = pull_all(&mut connector(&url, state)).await;
    assert!(
        matches!(err, Some(ConnectorError::ReauthRequired { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn step_up_asks_the_user_to_sign_in_again() {
    let h = sandbox(small_spec(), "step_up_after=4").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    let mut c: IssuerConnector = connector(&url, state);
    let (pulled, err) = pull_all(&mut c).await;
    let err = err.expect("step-up stops the sync");
    assert!(err.needs_reauth(), "{err:?}");
    assert!(err.to_string().contains("sign in again"), "{err}");
    assert!(pulled.batches >= 1);
}

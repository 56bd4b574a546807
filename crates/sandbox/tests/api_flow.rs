//! Auth flow, scopes, cursor paging and incremental sync after `advance_month`.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::Value;

#[tokio::test]
async fn login_needs_challenge_then_otp_and_refresh_rotates() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let challenge = post(addr, "/auth/login", None, &login_body(None, None)).await;
    assert_eq!(challenge.status, 401);
    assert_eq!(challenge.json()["error"], "challenge_required");
    assert_eq!(challenge.json()["challenge"]["type"], "otp");
    let wrong_otp = post(addr, "/auth/login", None, &login_body(None, Some("000000"))).await;
    assert_eq!(wrong_otp.json()["error"], "invalid_otp");
    let wrong_password = post(
        addr,
        "/auth/login",
        None,
        &login_body(None, Some("123456")).replace("\"password\":\"demo\"", "\"password\":\"nope\""),
    )
    .await;
    assert_eq!(
        (
            wrong_password.status,
            wrong_password.json()["error"].clone()
        ),
        (401, Value::from("invalid_credentials"))
    );
    let ok = post(addr, "/auth/login", None, &login_body(None, Some("123456"))).await;
    let grant = ok.json();
    assert_eq!(grant["expires_in"], 1800);
    assert_eq!(grant["scopes"].as_array().unwrap().len(), 9);
    let refresh = grant["refresh_token"].as_str().unwrap();
    let rotated = post(
        addr,
        "/auth/refresh",
        None,
        &format!("{{\"refresh_token\":\"{refresh}\"}}"),
    )
    .await;
    assert_eq!(rotated.status, 200);
    assert_ne!(rotated.json()["refresh_token"], grant["refresh_token"]);
    let reused = post(
        addr,
        "/auth/refresh",
        None,
        &format!("{{\"refresh_token\":\"{refresh}\"}}"),
    )
    .await;
    assert_eq!(
        (reused.status, reused.json()["error"].clone()),
        (401, Value::from("invalid_grant"))
    );
    let token = rotated.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(get(addr, "/accounts", &token).await.status, 200);
    let anonymous = request(addr, "GET", &format!("{API}/accounts"), None, None)
        .await
        .unwrap();
    assert_eq!(
        (anonymous.status, anonymous.json()["error"].clone()),
        (401, Value::from("invalid_token"))
    );
}

#[tokio::test]
async fn scopes_are_enforced() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (token, _) = login(addr, Some(&["fico.read"])).await;
    assert_eq!(get(addr, "/fico", &token).await.status, 200);
    let denied = get(addr, "/accounts", &token).await;
    assert_eq!(denied.status, 403);
    assert_eq!(denied.json()["error"], "insufficient_scope");
    assert_eq!(denied.json()["required_scope"], "accounts.read");
    let export = post(
        addr,
        "/statement",
        Some(&token),
        r#"{"account_id":"x","from_date":"2026-03-01","to_date":"2026-03-31"}"#,
    )
    .await;
    assert_eq!(export.json()["error"], "insufficient_scope");
}

/// Pages through an account's transactions; returns the rows by id and the final cursor.
async fn sync_account(
    addr: std::net::SocketAddr,
    token: &str,
    account: &str,
    cursor: Option<&str>,
    limit: usize,
) -> (Vec<Value>, String) {
    let mut rows = Vec::new();
    let mut cursor = cursor.map(str::to_owned);
    loop {
        let query = match &cursor {
            Some(c) => format!("?cursor={c}&limit={limit}"),
            None => format!("?limit={limit}"),
        };
        let page = get(
            addr,
            &format!("/accounts/{account}/transactions{query}"),
            token,
        )
        .await
        .json();
        rows.extend(page["transactions"].as_array().unwrap().iter().cloned());
        cursor = Some(page["next_cursor"].as_str().unwrap().to_owned());
        if !page["has_more"].as_bool().unwrap() {
            return (rows, cursor.unwrap());
        }
    }
}

#[tokio::test]
async fn cursor_paging_returns_every_row_once_and_increments_exactly() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (token, _) = login(addr, None).await;
    let truth = sandbox.truth();
    let mut stores: BTreeMap<String, (BTreeMap<String, Value>, String)> = BTreeMap::new();
    for (account_id, expected) in &truth.accounts {
        let (rows, cursor) = sync_account(addr, &token, account_id, None, 37).await;
        let by_id: BTreeMap<String, Value> = rows
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone()))
            .collect();
        assert_eq!(by_id.len(), rows.len(), "an id came twice for {account_id}");
        assert_eq!(rows.len() as u64, expected.transactions, "{account_id}");
        let (again, _) = sync_account(addr, &token, account_id, Some(&cursor), 37).await;
        assert!(again.is_empty(), "nothing changed, so nothing new");
        stores.insert(account_id.clone(), (by_id, cursor));
    }
    sandbox.advance_month().await;
    let truth_after = sandbox.truth();
    for (account_id, (store, cursor)) in stores.iter_mut() {
        let (changes, _) = sync_account(addr, &token, account_id, Some(cursor), 50).await;
        let (fresh, _) = sync_account(addr, &token, account_id, None, 1000).await;
        let fresh: BTreeMap<String, Value> = fresh
            .into_iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
            .collect();
        let expected: Vec<&String> = fresh
            .iter()
            .filter(|(id, row)| store.get(*id) != Some(row))
            .map(|(id, _)| id)
            .collect();
        let got: Vec<&str> = changes.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        assert_eq!(got_sorted, expected, "incremental rows for {account_id}");
        for row in changes {
            store.insert(row["id"].as_str().unwrap().to_owned(), row);
        }
        assert_eq!(
            *store, fresh,
            "applying the changes reaches a fresh full sync"
        );
        assert_eq!(
            store.len() as u64,
            truth_after.accounts[account_id].transactions
        );
    }
}

#[tokio::test]
async fn bad_cursor_and_limit_are_rejected() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (token, _) = login(addr, None).await;
    let account = sandbox.bank().accounts[0].id.clone();
    let bad = get(
        addr,
        &format!("/accounts/{account}/transactions?cursor=nonsense"),
        &token,
    )
    .await;
    assert_eq!(
        (bad.status, bad.json()["error"].clone()),
        (400, Value::from("invalid_cursor"))
    );
    let bad = get(
        addr,
        &format!("/accounts/{account}/transactions?limit=5000"),
        &token,
    )
    .await;
    assert_eq!(
        (bad.status, bad.json()["error"].clone()),
        (400, Value::from("invalid_request"))
    );
    let missing = get(addr, "/accounts/cc_nope/transactions", &token).await;
    assert_eq!(
        (missing.status, missing.json()["error"].clone()),
        (404, Value::from("not_found"))
    );
}

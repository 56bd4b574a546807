//! FDX over real HTTP: OAuth 2.0 authorization code + PKCE S256 with loopback redirects,
//! refresh rotation, accounts keyed by type, transactions paged exactly once, date windows,
//! statements and FDX error bodies.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use base64::Engine;
use common::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

const VERIFIER: &str = "k3t9-verifier_with.enough~characters-0123456789abcdef";
const REDIRECT: &str = "http://127.0.0.1:53682/callback";

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn decimal_cents(text: &str) -> i64 {
    let negative = text.starts_with('-');
    let (whole, frac) = text.trim_start_matches('-').split_once('.').unwrap();
    let value = whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
    if negative {
        -value
    } else {
        value
    }
}

fn query_param(location: &str, name: &str) -> Option<String> {
    let query = location.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.replace("%20", " ").replace("%3A", ":"))
    })
}

async fn authorize(addr: SocketAddr, redirect: &str, scope: Option<&str>) -> HttpResponse {
    let mut path = format!(
        "/oauth/authorize?response_type=code&client_id=coffer&redirect_uri={}&state=xyz-123&code_challenge={}&code_challenge_method=S256",
        encode(redirect),
        challenge(VERIFIER)
    );
    if let Some(scope) = scope {
        path.push_str(&format!("&scope={}", encode(scope)));
    }
    request(addr, "GET", &path, None, None)
        .await
        .expect("response")
}

async fn token(addr: SocketAddr, form: &str) -> HttpResponse {
    raw_request(
        addr,
        "POST",
        "/oauth/token",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    )
    .await
    .expect("response")
}

/// The full flow; returns (access token, refresh token).
async fn fdx_login(addr: SocketAddr, scope: Option<&str>) -> (String, String) {
    let redirect = authorize(addr, REDIRECT, scope).await;
    assert_eq!(redirect.status, 302, "{}", redirect.text());
    let location = redirect.header("location").unwrap().to_owned();
    assert!(location.starts_with(REDIRECT));
    let code = query_param(&location, "code").expect("code");
    let form = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id=coffer&code_verifier={VERIFIER}",
        encode(REDIRECT)
    );
    let response = token(addr, &form).await;
    assert_eq!(response.status, 200, "{}", response.text());
    let json = response.json();
    assert_eq!(json["token_type"], "Bearer");
    (
        json["access_token"].as_str().unwrap().to_owned(),
        json["refresh_token"].as_str().unwrap().to_owned(),
    )
}

async fn fdx_get(addr: SocketAddr, path: &str, token: &str) -> HttpResponse {
    request(addr, "GET", &format!("/fdx/v6{path}"), Some(token), None)
        .await
        .expect("response")
}

#[tokio::test]
async fn pkce_state_and_loopback_rules() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let ok = authorize(addr, "http://127.0.0.1:40001/cb", None).await;
    assert_eq!(ok.status, 302);
    let location = ok.header("location").unwrap();
    assert_eq!(query_param(location, "state").as_deref(), Some("xyz-123"));
    let code = query_param(location, "code").unwrap();
    // A wrong verifier is rejected, and the code is then spent.
    let wrong = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id=coffer&code_verifier={}",
        encode("http://127.0.0.1:40001/cb"),
        "x".repeat(50)
    );
    let rejected = token(addr, &wrong).await;
    assert_eq!(
        (rejected.status, rejected.json()["error"].clone()),
        (400, Value::from("invalid_grant"))
    );
    let right = wrong.replace(&"x".repeat(50), VERIFIER);
    assert_eq!(token(addr, &right).await.json()["error"], "invalid_grant");
    // Any loopback port is fine; IPv6 loopback too; other hosts and https are refused without a redirect.
    assert_eq!(
        authorize(addr, "http://[::1]:61000/x", None).await.status,
        302
    );
    for bad in [
        "http://evil.example:53682/callback",
        "https://127.0.0.1:1/cb",
        "http://127.0.0.1.evil.com/cb",
    ] {
        let response = authorize(addr, bad, None).await;
        assert_eq!(response.status, 400, "{bad}");
        assert!(response.header("location").is_none());
    }
    // Redirect mismatch at the token endpoint, unknown scope, plain PKCE.
    let ok = authorize(addr, REDIRECT, None).await;
    let code = query_param(ok.header("location").unwrap(), "code").unwrap();
    let mismatch = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id=coffer&code_verifier={VERIFIER}",
        encode("http://127.0.0.1:1/other")
    );
    assert_eq!(
        token(addr, &mismatch).await.json()["error"],
        "invalid_grant"
    );
    let scoped = authorize(addr, REDIRECT, Some("FICO_EVERYTHING")).await;
    assert_eq!(
        query_param(scoped.header("location").unwrap(), "error").as_deref(),
        Some("invalid_scope")
    );
    let plain = request(
        addr,
        "GET",
        &format!("/oauth/authorize?response_type=code&client_id=c&redirect_uri={}&state=s&code_challenge={VERIFIER}&code_challenge_method=plain", encode(REDIRECT)),
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        query_param(plain.header("location").unwrap(), "error").as_deref(),
        Some("invalid_request")
    );
}

#[tokio::test]
async fn refresh_rotates_scopes_are_enforced_and_errors_are_fdx_bodies() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (access, refresh) = fdx_login(addr, None).await;
    assert_eq!(fdx_get(addr, "/accounts", &access).await.status, 200);
    let rotated = token(
        addr,
        &format!("grant_type=refresh_token&refresh_token={refresh}&client_id=coffer"),
    )
    .await;
    assert_eq!(rotated.status, 200);
    assert_ne!(rotated.json()["refresh_token"].as_str().unwrap(), refresh);
    let reused = token(
        addr,
        &format!("grant_type=refresh_token&refresh_token={refresh}"),
    )
    .await;
    assert_eq!(reused.json()["error"], "invalid_grant");

    let unauthorized = fdx_get(addr, "/accounts", "nope").await;
    assert_eq!(unauthorized.status, 401);
    assert_eq!(unauthorized.json()["code"], "401");
    let missing = fdx_get(addr, "/accounts/cc_nope", &access).await;
    assert_eq!(missing.status, 404);
    let body = missing.json();
    assert_eq!(body["code"], "701");
    assert!(body["message"].is_string() && body["debugMessage"].is_string());

    let card = sandbox.bank().accounts[0].id.clone();
    let bad_date = fdx_get(
        addr,
        &format!("/accounts/{card}/transactions?startTime=2026-13-40"),
        &access,
    )
    .await;
    assert_eq!(
        (bad_date.status, bad_date.json()["code"].clone()),
        (400, Value::from("702"))
    );
    let backwards = fdx_get(
        addr,
        &format!("/accounts/{card}/transactions?startTime=2026-05-01&endTime=2026-04-01"),
        &access,
    )
    .await;
    assert_eq!(backwards.json()["code"], "703");
    let bad_key = fdx_get(
        addr,
        &format!("/accounts/{card}/transactions?pageKey=garbage"),
        &access,
    )
    .await;
    assert_eq!(bad_key.status, 400);

    let (accounts_only, _) = fdx_login(addr, Some("ACCOUNT_BASIC")).await;
    let forbidden = fdx_get(
        addr,
        &format!("/accounts/{card}/statements"),
        &accounts_only,
    )
    .await;
    assert_eq!(
        (forbidden.status, forbidden.json()["code"].clone()),
        (403, Value::from("403"))
    );

    sandbox.set_faults("expire_token_after=1".parse().unwrap());
    let (fresh, fresh_refresh) = fdx_login(addr, None).await;
    assert_eq!(fdx_get(addr, "/accounts", &fresh).await.status, 200);
    assert_eq!(fdx_get(addr, "/accounts", &fresh).await.status, 401);
    let renewed = token(
        addr,
        &format!("grant_type=refresh_token&refresh_token={fresh_refresh}"),
    )
    .await
    .json();
    assert_eq!(
        fdx_get(addr, "/accounts", renewed["access_token"].as_str().unwrap())
            .await
            .status,
        200
    );

    sandbox.set_faults("5xx=1".parse().unwrap());
    let failed = fdx_get(addr, "/accounts", &fresh).await;
    assert!([500, 502, 503].contains(&failed.status));
    assert!(failed.json()["code"].is_string());
}

#[tokio::test]
async fn accounts_keyed_by_type_with_card_and_cd_fields() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (access, _) = fdx_login(addr, None).await;
    let list = fdx_get(addr, "/accounts", &access).await.json();
    let accounts = list["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), sandbox.bank().accounts.len());
    let mut kinds = BTreeMap::new();
    for entry in accounts {
        let (key, account) = entry.as_object().unwrap().iter().next().unwrap();
        *kinds
            .entry(format!(
                "{key}/{}",
                account["accountType"].as_str().unwrap()
            ))
            .or_insert(0) += 1;
        match key.as_str() {
            "locAccount" => {
                assert_eq!(account["accountCategory"], "LOC_ACCOUNT");
                for field in [
                    "creditLine",
                    "availableCredit",
                    "currentBalance",
                    "lastStmtBalance",
                    "lastStmtDate",
                    "minimumPaymentAmount",
                    "paymentDueDate",
                ] {
                    assert!(!account[field].is_null(), "{field} missing: {account}");
                }
            }
            "depositAccount" => {
                assert_eq!(account["accountCategory"], "DEPOSIT_ACCOUNT");
                if account["accountType"] == "CD" {
                    assert!(
                        account["maturityDate"].is_string() && account["interestRate"].is_number()
                    );
                }
            }
            other => panic!("unexpected key {other}"),
        }
    }
    assert_eq!(kinds.get("locAccount/CREDITCARD"), Some(&2));
    assert_eq!(kinds.get("depositAccount/SAVINGS"), Some(&1));
    assert_eq!(kinds.get("depositAccount/CD"), Some(&2));
    let card = &sandbox.bank().accounts[0].id;
    let one = fdx_get(addr, &format!("/accounts/{card}"), &access)
        .await
        .json();
    assert_eq!(one["locAccount"]["accountId"], card.as_str());
}

/// Pages through every account with `limit`, checking each id comes once; returns all rows.
async fn all_transactions(
    addr: SocketAddr,
    token: &str,
    account: &str,
    window: &str,
    limit: usize,
) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut path = format!("/accounts/{account}/transactions?limit={limit}{window}");
    loop {
        let page = fdx_get(addr, &path, token).await;
        assert_eq!(page.status, 200, "{}", page.text());
        let body = page.json();
        rows.extend(body["transactions"].as_array().unwrap().iter().cloned());
        match body["page"]["nextPageKey"].as_str() {
            Some(key) => {
                path = format!("/accounts/{account}/transactions?pageKey={key}&limit={limit}")
            }
            None => return rows,
        }
    }
}

#[tokio::test]
async fn paging_returns_every_transaction_exactly_once_and_matches_truth() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (access, _) = fdx_login(addr, None).await;
    let truth = sandbox.truth_fdx();
    for account in &sandbox.bank().accounts {
        let rows = all_transactions(addr, &access, &account.id, "", 37).await;
        let ids: BTreeSet<&str> = rows
            .iter()
            .map(|r| r["transactionId"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), rows.len(), "duplicate ids in {}", account.id);
        let expected = &truth.accounts[&account.id];
        assert_eq!(rows.len() as u64, expected.transactions, "{}", account.id);
        let mut cents = 0i64;
        for row in &rows {
            let amount = (row["amount"].as_f64().unwrap() * 100.0).round() as i64;
            assert!(amount >= 0, "FDX amounts are absolute");
            cents += if row["debitCreditMemo"] == "DEBIT" {
                -amount
            } else {
                amount
            };
            if let Some(reference) = row["referenceTransactionId"].as_str() {
                assert!(reference.starts_with("au_") && row["status"] == "POSTED");
            }
            assert!(
                ["POSTED", "PENDING", "AUTHORIZATION"].contains(&row["status"].as_str().unwrap())
            );
        }
        assert_eq!(cents, decimal_cents(&expected.sum), "{}", account.id);
        // Deprecated offset paging walks the same rows.
        let first = fdx_get(
            addr,
            &format!("/accounts/{}/transactions?limit=5", account.id),
            &access,
        )
        .await
        .json();
        if let Some(key) = first["page"]["nextPageKey"].as_str() {
            let by_offset = fdx_get(
                addr,
                &format!("/accounts/{}/transactions?offset={key}&limit=5", account.id),
                &access,
            )
            .await
            .json();
            assert_eq!(by_offset["transactions"][0], rows[5]);
            assert!(
                by_offset["page"]["nextOffset"].is_string()
                    || by_offset["page"]["nextPageKey"].is_null()
            );
        }
    }
}

#[tokio::test]
async fn date_windows_are_inclusive_and_partition_the_history() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (access, _) = fdx_login(addr, None).await;
    let card = sandbox.bank().accounts[0].id.clone();
    let all = all_transactions(addr, &access, &card, "", 100).await;
    let early = all_transactions(addr, &access, &card, "&endTime=2026-08-15", 100).await;
    let late = all_transactions(addr, &access, &card, "&startTime=2026-08-16T00:00:00Z", 100).await;
    assert_eq!(early.len() + late.len(), all.len());
    let day = |r: &Value| {
        r["postedTimestamp"]
            .as_str()
            .or(r["transactionTimestamp"].as_str())
            .unwrap()[..10]
            .to_owned()
    };
    assert!(early.iter().all(|r| day(r).as_str() <= "2026-08-15"));
    assert!(late.iter().all(|r| day(r).as_str() >= "2026-08-16"));
    let one_day = all_transactions(
        addr,
        &access,
        &card,
        "&startTime=2026-08-15&endTime=2026-08-15",
        100,
    )
    .await;
    assert!(one_day.iter().all(|r| day(r) == "2026-08-15"));
    assert_eq!(
        one_day.len(),
        all.iter().filter(|r| day(r) == "2026-08-15").count()
    );
}

#[tokio::test]
async fn statements_list_and_pdf() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (access, _) = fdx_login(addr, None).await;
    let card = sandbox.bank().accounts[0].id.clone();
    let list = fdx_get(addr, &format!("/accounts/{card}/statements"), &access)
        .await
        .json();
    let statements = list["statements"].as_array().unwrap();
    assert_eq!(
        statements.len() as u64,
        sandbox.truth_fdx().accounts[&card].statements
    );
    let id = statements[0]["statementId"].as_str().unwrap();
    let pdf = fdx_get(addr, &format!("/accounts/{card}/statements/{id}"), &access).await;
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-1."));
    let missing = fdx_get(
        addr,
        &format!("/accounts/{card}/statements/st_nope"),
        &access,
    )
    .await;
    assert_eq!(
        (missing.status, missing.json()["code"].clone()),
        (404, Value::from("1104"))
    );
}

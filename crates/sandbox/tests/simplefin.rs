//! SimpleFIN Bridge over real HTTP: setup token → one-time claim → Access URL with Basic
//! credentials; `GET /accounts` filters (exclusive end-date), pending, balances-only, the daily
//! budget warning, 402 and 403, reward currencies, and the totals of the SimpleFIN truth.

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;

use base64::Engine;
use common::*;
use serde_json::Value;

/// Claims a fresh setup token; returns (claim path, `user:password`).
async fn claim(addr: SocketAddr) -> (String, String) {
    let token = request(addr, "GET", "/_sandbox/simplefin/setup-token", None, None)
        .await
        .unwrap()
        .text();
    let claim_url = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(token.trim())
            .unwrap(),
    )
    .unwrap();
    let prefix = format!("http://{addr}");
    let path = claim_url
        .strip_prefix(&prefix)
        .expect("claim URL on this server")
        .to_owned();
    assert!(path.starts_with("/simplefin/claim/"));
    let response = request(addr, "POST", &path, None, Some("")).await.unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
    let access = response.text();
    let rest = access.strip_prefix("http://").expect("http access URL");
    let (credentials, location) = rest.split_once('@').expect("Basic credentials in the URL");
    assert_eq!(location, format!("{addr}/simplefin"));
    (path, credentials.to_owned())
}

async fn accounts(addr: SocketAddr, credentials: Option<&str>, query: &str) -> HttpResponse {
    let auth = credentials.map(|c| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(c)
        )
    });
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    raw_request(
        addr,
        "GET",
        &format!("/simplefin/accounts{query}"),
        &headers,
        b"",
    )
    .await
    .unwrap()
}

fn day_unix(date: &str) -> i64 {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
}

fn cents(text: &str) -> i64 {
    let negative = text.starts_with('-');
    let (whole, frac) = text.trim_start_matches('-').split_once('.').unwrap();
    let value = whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
    if negative {
        -value
    } else {
        value
    }
}

#[tokio::test]
async fn claim_once_and_basic_auth_required() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (path, credentials) = claim(addr).await;
    let again = request(addr, "POST", &path, None, Some("")).await.unwrap();
    assert_eq!(again.status, 403);
    assert_eq!(accounts(addr, None, "").await.status, 403);
    assert_eq!(accounts(addr, Some("nobody:nothing"), "").await.status, 403);
    let ok = accounts(addr, Some(&credentials), "").await;
    assert_eq!(ok.status, 200);
    let info = request(addr, "GET", "/simplefin/info", None, None)
        .await
        .unwrap()
        .json();
    assert!(info["versions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v == "1.0"));
}

#[tokio::test]
async fn full_sync_matches_truth_and_rewards_use_custom_currencies() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (_, credentials) = claim(addr).await;
    let body = accounts(addr, Some(&credentials), "?pending=1")
        .await
        .json();
    assert_eq!(body["errlist"], Value::Array(vec![]));
    let truth = sandbox.truth_simplefin();
    let list = body["accounts"].as_array().unwrap();
    assert_eq!(list.len() as u64, truth.counts.accounts);
    for account in list {
        let id = account["id"].as_str().unwrap();
        let expected = &truth.accounts[id];
        assert_eq!(account["currency"], expected.currency.as_str());
        assert_eq!(account["balance"], expected.balance.as_str());
        assert!(account["balance-date"].is_i64());
        assert!(account["org"]["sfin-url"].is_string());
        let rows = account["transactions"].as_array().unwrap();
        assert_eq!(rows.len() as u64, expected.transactions, "{id}");
        let total: i64 = rows
            .iter()
            .map(|r| cents(r["amount"].as_str().unwrap()))
            .sum();
        assert_eq!(total, cents(&expected.sum), "{id}");
        let pending: Vec<&Value> = rows.iter().filter(|r| r["pending"] == true).collect();
        assert_eq!(pending.len() as u64, expected.pending);
        assert!(pending.iter().all(|r| r["posted"] == 0));
        if expected.kind == "rewards" {
            assert!(expected
                .currency
                .starts_with("https://sandbox.coffer.local/currencies/"));
            assert!(account["balance"].as_str().unwrap().parse::<i64>().is_ok());
        }
    }
    assert!(truth.counts.reward_accounts >= 1);
    // Posted rows carry new ids: none of them is the id of any pending row.
    let before: BTreeSet<String> = list
        .iter()
        .flat_map(|a| a["transactions"].as_array().unwrap().iter())
        .filter(|r| r["pending"] == true)
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    sandbox.advance_month().await;
    let after = accounts(addr, Some(&credentials), "?pending=1")
        .await
        .json();
    let posted: BTreeSet<String> = after["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["transactions"].as_array().unwrap().iter())
        .filter(|r| r["pending"] != true)
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!before.is_empty());
    assert!(before.is_disjoint(&posted));
}

#[tokio::test]
async fn date_filters_pending_balances_only_and_account_filter() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (_, credentials) = claim(addr).await;
    let card = format!("ACT-{}", sandbox.bank().accounts[0].id);
    let query = |q: &str| format!("?account={card}{q}");
    let all = accounts(addr, Some(&credentials), &query("")).await.json();
    assert_eq!(all["accounts"].as_array().unwrap().len(), 1);
    let rows = all["accounts"][0]["transactions"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        rows.iter().all(|r| r.get("pending").is_none()),
        "no pending without pending=1"
    );
    let (start, end) = (day_unix("2026-08-01"), day_unix("2026-08-15"));
    let window = accounts(
        addr,
        Some(&credentials),
        &query(&format!("&start-date={start}&end-date={end}")),
    )
    .await
    .json();
    let inside = window["accounts"][0]["transactions"].as_array().unwrap();
    assert!(!inside.is_empty());
    assert!(inside.iter().all(|r| {
        let posted = r["posted"].as_i64().unwrap();
        posted >= start && posted < end
    }));
    let expected = rows
        .iter()
        .filter(|r| (start..end).contains(&r["posted"].as_i64().unwrap()))
        .count();
    assert_eq!(inside.len(), expected);
    // end-date is exclusive: a one-day window [D, D+1) holds exactly day D's rows.
    let day = day_unix("2026-08-14");
    let one = accounts(
        addr,
        Some(&credentials),
        &query(&format!("&start-date={day}&end-date={}", day + 86_400)),
    )
    .await
    .json();
    let zero = accounts(
        addr,
        Some(&credentials),
        &query(&format!("&start-date={day}&end-date={day}")),
    )
    .await
    .json();
    assert_eq!(zero["accounts"][0]["transactions"], Value::Array(vec![]));
    assert!(one["accounts"][0]["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| { (day..day + 86_400).contains(&r["posted"].as_i64().unwrap()) }));
    let balances = accounts(addr, Some(&credentials), "?balances-only=1")
        .await
        .json();
    assert!(balances["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a.get("transactions").is_none()));
}

#[tokio::test]
async fn budget_warnings_402_403_and_faults() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (_, credentials) = claim(addr).await;
    sandbox.simplefin_set_daily_budget(3);
    for _ in 0..3 {
        let body = accounts(addr, Some(&credentials), "?balances-only=1")
            .await
            .json();
        assert_eq!(body["errors"], Value::Array(vec![]));
    }
    let over = accounts(addr, Some(&credentials), "?balances-only=1").await;
    assert_eq!(over.status, 200, "still answers over budget");
    let body = over.json();
    assert_eq!(body["errors"].as_array().unwrap().len(), 1);
    assert_eq!(body["errlist"][0]["code"], "gen.quota");
    assert!(!body["accounts"].as_array().unwrap().is_empty());
    sandbox.advance_month().await;
    let next_day = accounts(addr, Some(&credentials), "?balances-only=1")
        .await
        .json();
    assert_eq!(
        next_day["errors"],
        Value::Array(vec![]),
        "budget renews each sandbox day"
    );

    sandbox.simplefin_set_lapsed(true);
    assert_eq!(accounts(addr, Some(&credentials), "").await.status, 402);
    sandbox.simplefin_set_lapsed(false);
    sandbox.set_faults("5xx=1".parse().unwrap());
    assert!(accounts(addr, Some(&credentials), "").await.status >= 500);
    sandbox.set_faults("none".parse().unwrap());
    sandbox.simplefin_revoke_all();
    assert_eq!(accounts(addr, Some(&credentials), "").await.status, 403);
    // The control endpoints do the same over HTTP.
    let (_, fresh) = claim(addr).await;
    request(addr, "POST", "/_sandbox/simplefin/lapse", None, Some("on"))
        .await
        .unwrap();
    assert_eq!(accounts(addr, Some(&fresh), "").await.status, 402);
    request(addr, "POST", "/_sandbox/simplefin/lapse", None, Some("off"))
        .await
        .unwrap();
    assert_eq!(accounts(addr, Some(&fresh), "").await.status, 200);
}

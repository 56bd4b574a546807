//! The connector against a hand-written server that follows the document but not the sandbox's
//! habits: unknown fields, another field order, numbers as strings; and a bad field is named.

mod issuer_support;

use std::collections::HashMap;

use coffer_core::sync::{ConnectorError, ConnectorState};
use issuer_support::*;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Serves `routes` (path without query → JSON body) on loopback; returns the API base URL.
async fn serve(routes: HashMap<&'static str, String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/api/v1/barclays-us",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let routes = routes.clone();
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                let mut request = String::new();
                reader.read_line(&mut request).await.unwrap();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).await.unwrap();
                    if line.trim_end().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap();
                        }
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                let target = request.split_whitespace().nth(1).unwrap_or("");
                let path = target
                    .split('?')
                    .next()
                    .unwrap()
                    .trim_start_matches("/api/v1/barclays-us/");
                let (status, json) = match routes.get(path) {
                    Some(json) => ("200 OK", json.clone()),
                    None => (
                        "404 Not Found",
                        r#"{"error":"not_found","message":"no"}"#.to_string(),
                    ),
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{json}",
                    json.len()
                );
                let _ = reader.get_mut().write_all(response.as_bytes()).await;
                let _ = reader.get_mut().shutdown().await;
            });
        }
    });
    url
}

fn state() -> ConnectorState {
    let mut secrets = HashMap::new();
    secrets.insert(
        "refresh_token".to_string(),
        zeroize::Zeroizing::new(b"rt_1".to_vec()),
    );
    ConnectorState {
        cursors: HashMap::new(),
        secrets,
        scopes: vec!["accounts.read".into()],
    }
}

fn routes(credit_limit: &str) -> HashMap<&'static str, String> {
    let mut r = HashMap::new();
    r.insert(
        "auth/refresh",
        r#"{"token_type":"Bearer","scopes":["accounts.read"],"refresh_token":"rt_2","access_token":"at_2","expires_in":60,"issued_at":"x"}"#.to_string(),
    );
    r.insert("accounts", format!(
        r#"{{"accounts":[{{"balances":{{"pending":0.00,"credit_limit":{credit_limit},"available":"9592.48","current":407.52,"as_of":"2026-11-01","note":"new"}},
        "reward_program_id":null,"maturity_date":null,"term_months":null,"apy":null,"apr":21.99,"cash_advance_limit":1000.00,
        "credit_limit":{credit_limit},"open_date":"2024-09-11","status":"open","currency":"USD","mask":"1301","network":"Visa",
        "co_brand":"JetBlue","product":"JetBlue Plus","name":"JetBlue Plus Card","type":"credit_card","id":"cc_9","future_field":[1,2]}}],
        "as_of":"2026-11-01","paging":{{"total":1}}}}"#
    ));
    r.insert("accounts/cc_9/balances", r#"{"balances":[{"as_of":"2026-10-01","current":1e2,"available":null,"pending":0,"credit_limit":null}],"account_id":"cc_9"}"#.to_string());
    r
}

#[tokio::test]
async fn unknown_fields_other_orders_and_string_numbers_are_read_exactly() {
    let url = serve(routes("10000.10")).await;
    let (pulled, err) = pull_all(&mut connector(&url, state())).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(
        pulled.secrets,
        vec![("refresh_token".to_string(), "rt_2".to_string())]
    );
    let account = &pulled.accounts["cc_9"];
    assert_eq!(account.credit_limit.unwrap().amount_text(), "10000.10");
    assert_eq!(account.product.as_deref(), Some("JetBlue Plus"));
    assert_eq!(pulled.balances.len(), 2);
    let history = pulled
        .balances
        .values()
        .find(|b| b.as_of.to_string() == "2026-10-01")
        .unwrap();
    assert_eq!(history.current.amount_text(), "100.00");
    assert!(
        pulled
            .labels
            .iter()
            .any(|l| l == "balances of JetBlue Plus Card …1301"),
        "{:?}",
        pulled.labels
    );
}

#[tokio::test]
async fn a_malformed_field_is_named_with_its_endpoint() {
    let url = serve(routes(r#""lots""#)).await;
    let (_, err) = pull_all(&mut connector(&url, state())).await;
    let err = err.expect("a malformed account fails the sync");
    assert!(matches!(err, ConnectorError::Malformed { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("GET /accounts: field accounts[0].balances.credit_limit: expected a decimal"),
        "{text}"
    );
    assert!(!text.contains("at_2") && !text.contains("rt_"), "{text}");
}

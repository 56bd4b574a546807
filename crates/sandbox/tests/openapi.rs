//! Every endpoint, success and error cases, validated against docs/openapi/issuer.yaml, so the
//! document and the server cannot drift apart.

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;

use coffer_sandbox::FaultSpec;
use common::openapi::{check_money_text, load_document, response_schema, validate};
use common::*;
use serde_json::Value;

struct Checker {
    doc: Value,
    addr: SocketAddr,
    covered: BTreeSet<(String, String)>,
}

impl Checker {
    /// Calls the endpoint, validates the answer against the document, returns it.
    async fn call(
        &mut self,
        method: &str,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
        expect: u16,
    ) -> HttpResponse {
        let response = request(self.addr, method, &format!("{API}{path}"), token, body)
            .await
            .expect("a response");
        let acceptable =
            response.status == expect || (expect == 500 && (500..600).contains(&response.status));
        assert!(
            acceptable,
            "{method} {path}: expected {expect}, got {}: {}",
            response.status,
            response.text()
        );
        let (content_type, schema) =
            response_schema(&self.doc, template, &method.to_lowercase(), response.status);
        let served_type = response
            .header("content-type")
            .unwrap_or_default()
            .to_owned();
        assert!(
            served_type.starts_with(&content_type),
            "{method} {path}: served {served_type}, documented {content_type}"
        );
        if content_type == "application/json" {
            let mut errors = Vec::new();
            validate(&self.doc, schema, &response.json(), "$", &mut errors);
            assert!(
                errors.is_empty(),
                "{method} {path} ({}) violates the document:\n{}",
                response.status,
                errors.join("\n")
            );
            check_money_text(&response.text()).unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        }
        if (200..300).contains(&response.status) {
            self.covered
                .insert((template.to_owned(), method.to_lowercase()));
        }
        response
    }
}

#[tokio::test]
async fn every_endpoint_matches_the_openapi_document() {
    let spec = coffer_sandbox::DataSpec {
        seed: 11,
        cards: 3,
        savings: 1,
        cds: 4,
        months: 8,
        tx_per_month: 30,
        ..Default::default()
    };
    let sandbox = start(spec).await;
    let mut c = Checker {
        doc: load_document(),
        addr: sandbox.addr(),
        covered: BTreeSet::new(),
    };
    assert_eq!(c.doc["openapi"], "3.1.0");

    // Auth.
    c.call(
        "POST",
        "/auth/login",
        "/auth/login",
        None,
        Some(&login_body(None, None)),
        401,
    )
    .await;
    c.call(
        "POST",
        "/auth/login",
        "/auth/login",
        None,
        Some(&login_body(None, Some("999999"))),
        401,
    )
    .await;
    c.call(
        "POST",
        "/auth/login",
        "/auth/login",
        None,
        Some("{not json"),
        400,
    )
    .await;
    let grant = c
        .call(
            "POST",
            "/auth/login",
            "/auth/login",
            None,
            Some(&login_body(None, Some("123456"))),
            200,
        )
        .await
        .json();
    let refresh = format!(
        "{{\"refresh_token\":\"{}\"}}",
        grant["refresh_token"].as_str().unwrap()
    );
    let grant = c
        .call(
            "POST",
            "/auth/refresh",
            "/auth/refresh",
            None,
            Some(&refresh),
            200,
        )
        .await
        .json();
    c.call(
        "POST",
        "/auth/refresh",
        "/auth/refresh",
        None,
        Some(&refresh),
        401,
    )
    .await;
    let token = grant["access_token"].as_str().unwrap().to_owned();
    let t = Some(token.as_str());
    let fico_only = login(c.addr, Some(&["fico.read"])).await.0;

    // Accounts and balances.
    let accounts = c
        .call("GET", "/accounts", "/accounts", t, None, 200)
        .await
        .json();
    c.call("GET", "/accounts", "/accounts", None, None, 401)
        .await;
    c.call("GET", "/accounts", "/accounts", Some(&fico_only), None, 403)
        .await;
    c.call(
        "GET",
        "/accounts/{account_id}",
        "/accounts/cc_missing",
        t,
        None,
        404,
    )
    .await;
    let ids: Vec<String> = accounts["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    for id in &ids {
        c.call(
            "GET",
            "/accounts/{account_id}",
            &format!("/accounts/{id}"),
            t,
            None,
            200,
        )
        .await;
        c.call(
            "GET",
            "/accounts/{account_id}/balances",
            &format!("/accounts/{id}/balances"),
            t,
            None,
            200,
        )
        .await;
        let mut cursor = String::new();
        loop {
            let path = format!("/accounts/{id}/transactions?limit=150&cursor={cursor}");
            let page = c
                .call(
                    "GET",
                    "/accounts/{account_id}/transactions",
                    &path,
                    t,
                    None,
                    200,
                )
                .await
                .json();
            cursor = page["next_cursor"].as_str().unwrap().to_owned();
            if !page["has_more"].as_bool().unwrap() {
                break;
            }
        }
        let statements = c
            .call(
                "GET",
                "/accounts/{account_id}/statements",
                &format!("/accounts/{id}/statements"),
                t,
                None,
                200,
            )
            .await
            .json();
        if let Some(first) = statements["statements"].as_array().unwrap().first() {
            let pdf_path = first["pdf_url"]
                .as_str()
                .unwrap()
                .trim_start_matches(API)
                .to_owned();
            let pdf = c
                .call(
                    "GET",
                    "/accounts/{account_id}/statements/{statement_id}/pdf",
                    &pdf_path,
                    t,
                    None,
                    200,
                )
                .await;
            assert!(pdf.body.starts_with(b"%PDF-1.4"));
        }
    }
    c.call(
        "GET",
        "/accounts/{account_id}/transactions",
        &format!("/accounts/{}/transactions?cursor=bogus", ids[0]),
        t,
        None,
        400,
    )
    .await;
    c.call(
        "GET",
        "/accounts/{account_id}/statements/{statement_id}/pdf",
        &format!("/accounts/{}/statements/st_nope/pdf", ids[0]),
        t,
        None,
        404,
    )
    .await;

    // Statement export in the seed's shape.
    let export = format!(
        r#"{{"account_id":"{}","from_date":"2026-09-01","to_date":"2026-10-31","include":["pending","posted","fees"]}}"#,
        ids[0]
    );
    let exported = c
        .call("POST", "/statement", "/statement", t, Some(&export), 200)
        .await
        .json();
    assert!(exported["minimum_due"].is_number());
    let bad = format!(
        r#"{{"account_id":"{}","from_date":"2026-09-31","to_date":"2026-10-31"}}"#,
        ids[0]
    );
    c.call("POST", "/statement", "/statement", t, Some(&bad), 400)
        .await;
    c.call(
        "POST",
        "/statement",
        "/statement",
        t,
        Some(r#"{"account_id":"nope","from_date":"2026-09-01","to_date":"2026-09-30"}"#),
        404,
    )
    .await;

    // Everything else.
    c.call("GET", "/cards", "/cards", t, None, 200).await;
    c.call("GET", "/fico", "/fico", t, None, 200).await;
    c.call("GET", "/fico/history", "/fico/history", t, None, 200)
        .await;
    c.call(
        "GET",
        "/fico/history",
        "/fico/history",
        Some(&login(c.addr, Some(&["accounts.read"])).await.0),
        None,
        403,
    )
    .await;
    let programs = c
        .call("GET", "/rewards", "/rewards", t, None, 200)
        .await
        .json();
    for program in programs["programs"].as_array().unwrap() {
        let path = format!(
            "/rewards/{}/events?limit=400",
            program["id"].as_str().unwrap()
        );
        let page = c
            .call("GET", "/rewards/{program_id}/events", &path, t, None, 200)
            .await
            .json();
        if let Some(next) = page["next_cursor"].as_str() {
            let path = format!(
                "/rewards/{}/events?cursor={next}",
                program["id"].as_str().unwrap()
            );
            c.call("GET", "/rewards/{program_id}/events", &path, t, None, 200)
                .await;
        }
    }
    c.call(
        "GET",
        "/rewards/{program_id}/events",
        "/rewards/rp_nope/events",
        t,
        None,
        404,
    )
    .await;
    c.call("GET", "/deposits", "/deposits", t, None, 200).await;
    c.call("GET", "/transfers", "/transfers", t, None, 200)
        .await;
    c.call("GET", "/card_events", "/card_events", t, None, 200)
        .await;
    let events = c
        .call("GET", "/events", "/events?limit=50", t, None, 200)
        .await
        .json();
    let after = events["next_after"].as_str().unwrap().to_owned();
    c.call(
        "GET",
        "/events",
        &format!("/events?after={after}&limit=1000"),
        t,
        None,
        200,
    )
    .await;
    c.call("GET", "/events", "/events?after=garbage", t, None, 400)
        .await;
    c.call(
        "POST",
        "/webhooks",
        "/webhooks",
        t,
        Some(r#"{"url":"http://127.0.0.1:9/hook"}"#),
        201,
    )
    .await;
    c.call(
        "POST",
        "/webhooks",
        "/webhooks",
        t,
        Some(r#"{"url":"http://192.168.1.5:9/hook"}"#),
        400,
    )
    .await;

    // Faults and session errors, as documented.
    sandbox.set_faults("429=1,retry_after=3".parse().unwrap());
    let limited = c.call("GET", "/fico", "/fico", t, None, 429).await;
    assert_eq!(limited.header("retry-after"), Some("3"));
    sandbox.set_faults("5xx=1".parse().unwrap());
    c.call("GET", "/fico", "/fico", t, None, 500).await;
    sandbox.set_faults("expire_token_after=0".parse().unwrap());
    let expired = c.call("GET", "/fico", "/fico", t, None, 401).await;
    assert_eq!(expired.json()["error"], "token_expired");
    sandbox.set_faults("step_up_after=0".parse().unwrap());
    let step_up = c.call("GET", "/fico", "/fico", t, None, 403).await;
    assert_eq!(step_up.json()["error"], "step_up_required");
    sandbox.set_faults(FaultSpec::none());

    let documented: BTreeSet<(String, String)> = c.doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| *k != "parameters")
                .map(move |m| (path.clone(), m.clone()))
        })
        .collect();
    let missing: Vec<_> = documented.difference(&c.covered).collect();
    assert!(
        missing.is_empty(),
        "documented but never exercised successfully: {missing:?}"
    );
}

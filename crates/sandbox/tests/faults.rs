//! Faults behave as specified and are reproducible from their seed.

mod common;

use std::time::{Duration, Instant};

use coffer_sandbox::FaultSpec;
use common::*;

fn faults(text: &str) -> FaultSpec {
    text.parse().expect("valid fault spec")
}

#[tokio::test]
async fn transport_faults() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (token, _) = login(addr, None).await;
    let path = format!("{API}/accounts");

    sandbox.set_faults(faults("drop=1"));
    assert_eq!(
        request(addr, "GET", &path, Some(&token), None)
            .await
            .unwrap_err(),
        Failure::Dropped
    );

    sandbox.set_faults(faults("truncate=1"));
    match request(addr, "GET", &path, Some(&token), None).await {
        Err(Failure::Truncated { promised, received }) => assert!(received < promised),
        other => panic!("expected a truncated body, got {other:?}"),
    }

    sandbox.set_faults(faults("malformed=1"));
    let response = request(addr, "GET", &path, Some(&token), None)
        .await
        .expect("complete response");
    assert_eq!(response.status, 200);
    assert!(serde_json::from_slice::<serde_json::Value>(&response.body).is_err());

    sandbox.set_faults(faults("5xx=1"));
    let response = request(addr, "GET", &path, Some(&token), None)
        .await
        .unwrap();
    assert!([500, 502, 503].contains(&response.status));
    assert_eq!(response.json()["error"], "server_error");

    sandbox.set_faults(faults("429=1,retry_after=2"));
    let response = request(addr, "GET", &path, Some(&token), None)
        .await
        .unwrap();
    assert_eq!(
        (response.status, response.header("retry-after")),
        (429, Some("2"))
    );
    assert_eq!(response.json()["error"], "rate_limited");

    sandbox.set_faults(faults("latency=120ms"));
    let started = Instant::now();
    assert_eq!(
        request(addr, "GET", &path, Some(&token), None)
            .await
            .unwrap()
            .status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(120));

    sandbox.set_faults(faults("drop=1"));
    let admin = request(addr, "GET", "/_sandbox/truth", None, None)
        .await
        .expect("admin is never faulted");
    assert_eq!(admin.status, 200);
}

#[tokio::test]
async fn token_expiry_then_refresh_and_step_up_then_login() {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    sandbox.set_faults(faults("expire_token_after=2"));
    let (token, refresh) = login(addr, None).await;
    assert_eq!(get(addr, "/fico", &token).await.status, 200);
    assert_eq!(get(addr, "/fico", &token).await.status, 200);
    let expired = get(addr, "/fico", &token).await;
    assert_eq!(
        (expired.status, expired.json()["error"].as_str()),
        (401, Some("token_expired"))
    );
    let grant = post(
        addr,
        "/auth/refresh",
        None,
        &format!("{{\"refresh_token\":\"{refresh}\"}}"),
    )
    .await
    .json();
    let fresh = grant["access_token"].as_str().unwrap();
    assert_eq!(get(addr, "/fico", fresh).await.status, 200);

    sandbox.set_faults(faults("step_up_after=1"));
    let (token, refresh) = login(addr, None).await;
    assert_eq!(get(addr, "/fico", &token).await.status, 200);
    let step_up = get(addr, "/fico", &token).await;
    assert_eq!(
        (step_up.status, step_up.json()["error"].as_str()),
        (403, Some("step_up_required"))
    );
    let refused = post(
        addr,
        "/auth/refresh",
        None,
        &format!("{{\"refresh_token\":\"{refresh}\"}}"),
    )
    .await;
    assert_eq!(
        (refused.status, refused.json()["error"].as_str()),
        (403, Some("step_up_required"))
    );
    let (again, _) = login(addr, None).await;
    assert_eq!(
        get(addr, "/fico", &again).await.status,
        200,
        "a fresh OTP login clears step-up"
    );
}

async fn fault_sequence(spec: &str) -> Vec<String> {
    let sandbox = start(small_spec()).await;
    let addr = sandbox.addr();
    let (token, _) = login(addr, None).await;
    sandbox.set_faults(faults(spec));
    let mut outcomes = Vec::new();
    for _ in 0..40 {
        let outcome = match request(addr, "GET", &format!("{API}/fico"), Some(&token), None).await {
            Ok(response)
                if serde_json::from_slice::<serde_json::Value>(&response.body).is_err() =>
            {
                "malformed".to_owned()
            }
            Ok(response) => response.status.to_string(),
            Err(failure) => format!("{failure:?}"),
        };
        outcomes.push(outcome);
    }
    outcomes
}

#[tokio::test]
async fn faults_are_deterministic_for_a_seed() {
    let spec = "5xx=0.2,429=0.1,drop=0.1,truncate=0.1,malformed=0.1,seed=99";
    let first = fault_sequence(spec).await;
    assert_eq!(first, fault_sequence(spec).await);
    assert_ne!(
        first,
        fault_sequence("5xx=0.2,429=0.1,drop=0.1,truncate=0.1,malformed=0.1,seed=100").await
    );
    assert!(
        first.iter().any(|o| o == "200") && first.iter().any(|o| o != "200"),
        "{first:?}"
    );
}

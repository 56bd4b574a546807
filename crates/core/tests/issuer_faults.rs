//! The issuer connector under the sandbox's faults: each kind completes after retries with the
//! same records as a clean run; long Retry-After and repeated failures end with clear errors.

mod issuer_support;

use std::time::{Duration, Instant};

use coffer_core::connectors::http::{BreakerConfig, RetryPolicy};
use coffer_core::connectors::issuer::{IssuerConnector, IssuerOptions};
use coffer_core::sync::ConnectorError;
use coffer_sandbox::DataSpec;
use issuer_support::*;

fn tiny_spec() -> DataSpec {
    DataSpec {
        cards: 1,
        savings: 1,
        cds: 0,
        months: 2,
        tx_per_month: 8,
        ..DataSpec::default()
    }
}

async fn clean_fingerprint(spec: DataSpec) -> Vec<String> {
    let h = sandbox(spec, "none").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    let (pulled, err) = pull_all(&mut connector(&url, state)).await;
    assert!(err.is_none(), "{err:?}");
    assert_matches_truth(&pulled, &h);
    pulled.fingerprint()
}

/// Logs in cleanly, then pulls with `faults` on; the records must equal a clean run's.
/// The pull starts with the login's access token: a refresh whose answer is lost has already
/// rotated the token server-side (the old one is dead), which only a new login can repair.
async fn pull_under(faults: &str, spec: DataSpec, clean: &[String]) {
    let h = sandbox(spec, "none").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    h.set_faults(faults.parse().unwrap());
    let (pulled, err) = pull_all(&mut connector(&url, state)).await;
    assert!(err.is_none(), "{faults}: {err:?}");
    assert_eq!(
        pulled.fingerprint(),
        clean,
        "{faults}: records differ from a clean run"
    );
}

#[tokio::test]
async fn every_transient_fault_completes_with_the_records_of_a_clean_run() {
    let clean = clean_fingerprint(small_spec()).await;
    for faults in [
        "5xx=0.3",
        "drop=0.25",
        "malformed=0.25",
        "truncate=0.3",
        "latency=2ms,5xx=0.1,drop=0.1,truncate=0.1,malformed=0.1",
    ] {
        pull_under(faults, small_spec(), &clean).await;
    }
}

#[tokio::test]
async fn rate_limits_wait_for_retry_after_or_stop_the_sync() {
    let clean = clean_fingerprint(tiny_spec()).await;
    let started = Instant::now();
    pull_under("429=0.1,retry_after=1", tiny_spec(), &clean).await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );

    let h = sandbox(tiny_spec(), "none").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    h.set_faults("429=1,retry_after=120".parse().unwrap());
    let started = Instant::now();
    let (_, err) = pull_all(&mut connector(&url, state)).await;
    match err {
        Some(ConnectorError::RateLimited {
            retry_after_secs, ..
        }) => assert_eq!(retry_after_secs, 120),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a long Retry-After is not waited for"
    );
}

#[tokio::test]
async fn the_circuit_opens_after_repeated_failures_and_recovers() {
    let h = sandbox(tiny_spec(), "none").await;
    let url = h.api_url();
    let state = login_demo(&url, None).await.into_state();
    let options = IssuerOptions {
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(5),
        },
        breaker: BreakerConfig {
            failure_threshold: 5,
            cool_down: Duration::from_millis(300),
        },
        ..IssuerOptions::default()
    };
    h.set_faults("5xx=1".parse().unwrap());
    let mut c = IssuerConnector::with_options(&url, options.clone(), copy_state(&state)).unwrap();
    let (_, err) = pull_all(&mut c).await;
    assert!(
        matches!(err, Some(ConnectorError::Unreachable { .. })),
        "{err:?}"
    );
    assert!(
        !c.circuit_open(),
        "3 failures stay under the threshold of 5"
    );
    let (_, err) = pull_all(&mut c).await;
    assert!(
        matches!(err, Some(ConnectorError::CircuitOpen { .. })),
        "{err:?}"
    );
    assert!(c.circuit_open());
    // Fails fast while open, whoever asks (the breaker is per institution).
    let mut other =
        IssuerConnector::with_options(&url, options.clone(), copy_state(&state)).unwrap();
    let started = Instant::now();
    let (_, err) = pull_all(&mut other).await;
    assert!(
        matches!(err, Some(ConnectorError::CircuitOpen { .. })),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(100));
    assert!(err.unwrap().to_string().contains("try again"));

    // After the cool-down a probe goes through; success closes the circuit.
    h.set_faults("none".parse().unwrap());
    tokio::time::sleep(Duration::from_millis(350)).await;
    let mut c = IssuerConnector::with_options(&url, options, state).unwrap();
    let (pulled, err) = pull_all(&mut c).await;
    assert!(err.is_none(), "{err:?}");
    assert!(!c.circuit_open());
    assert_matches_truth(&pulled, &h);
}

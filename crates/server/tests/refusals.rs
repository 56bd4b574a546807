//! What `coffer serve` refuses: API calls without the token or with a wrong one (401), a foreign
//! `Host` (DNS rebinding), a foreign `Origin` or cross-site fetch, and non-loopback binds.

mod common;

use std::sync::Arc;

use coffer_api::Session;
use coffer_core::keychain::Keychain;
use coffer_server::{bind, ServeConfig, ServeError};
use common::TestServer;

fn host_line(server: &TestServer) -> String {
    format!("Host: 127.0.0.1:{}", server.addr.port())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_calls_without_the_token_are_401() {
    let server = TestServer::start().await;
    let response = reqwest::Client::new()
        .post(server.url("/api/app_info"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["kind"], "unauthorized");
    assert!(body["message"].as_str().unwrap().contains("coffer serve"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_calls_with_a_wrong_token_are_401() {
    let server = TestServer::start().await;
    let wrong_tokens = [
        String::new(),
        "0".repeat(64),
        server.token[..63].to_string(),
        format!("{}0", server.token),
        server.token.to_uppercase(),
    ];
    for wrong in wrong_tokens {
        let response = reqwest::Client::new()
            .post(server.url("/api/app_info"))
            .header("X-Coffer-Token", &wrong)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "token {wrong:?}");
    }
    // The token is not accepted anywhere else: not as a query string, not as a bearer token.
    let response = reqwest::Client::new()
        .post(server.url(&format!("/api/app_info?token={}", server.token)))
        .header("Authorization", format!("Bearer {}", server.token))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // Unknown API paths are behind the token too.
    for path in ["/api", "/api/", "/api/x/y", "/api/no_such_command"] {
        let raw = server
            .raw(
                &format!("POST {path} HTTP/1.1\r\n{}", host_line(&server)),
                "",
            )
            .await;
        assert_eq!(raw.status, 401, "{path}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_host_is_refused_even_with_the_token() {
    let server = TestServer::start().await;
    let port = server.addr.port();
    let token = &server.token;
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1".to_string(),
    ] {
        for path in ["/api/app_info", "/", "/assets/app.js"] {
            let method = if path.starts_with("/api") {
                "POST"
            } else {
                "GET"
            };
            let raw = server
                .raw(
                    &format!(
                        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nX-Coffer-Token: {token}\r\nContent-Type: application/json"
                    ),
                    "{}",
                )
                .await;
            assert_eq!(raw.status, 421, "Host {host} for {path}: {raw:?}");
            assert!(!raw.body.contains("<title>"), "no UI for a foreign host");
        }
    }
    // No Host at all (HTTP/1.0) and an absolute-form target naming another host.
    let raw = server.raw("GET / HTTP/1.0", "").await;
    assert_eq!(raw.status, 421);
    let raw = server
        .raw(
            &format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
            "",
        )
        .await;
    assert_eq!(raw.status, 421);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loopback_names_on_its_port_are_accepted() {
    let server = TestServer::start().await;
    let port = server.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let raw = server
            .raw(&format!("GET / HTTP/1.1\r\nHost: {host}"), "")
            .await;
        assert_eq!(raw.status, 200, "Host {host}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_origin_or_cross_site_fetch_is_refused() {
    let server = TestServer::start().await;
    let port = server.addr.port();
    let token = &server.token;
    for origin in [
        "http://evil.example".to_string(),
        "null".to_string(),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        format!("http://localhost:{port}.evil.example"),
    ] {
        let raw = server
            .raw(
                &format!(
                    "POST /api/app_info HTTP/1.1\r\n{}\r\nOrigin: {origin}\r\nX-Coffer-Token: {token}\r\nContent-Type: application/json",
                    host_line(&server)
                ),
                "{}",
            )
            .await;
        assert_eq!(raw.status, 403, "Origin {origin}");
        assert_eq!(raw.json()["kind"], "forbidden");
    }
    for site in ["cross-site", "same-site"] {
        let raw = server
            .raw(
                &format!(
                    "POST /api/app_info HTTP/1.1\r\n{}\r\nSec-Fetch-Site: {site}\r\nX-Coffer-Token: {token}",
                    host_line(&server)
                ),
                "",
            )
            .await;
        assert_eq!(raw.status, 403, "Sec-Fetch-Site {site}");
    }
    // A cross-site page cannot even load the UI's files (e.g. in a frame).
    let raw = server
        .raw(
            &format!(
                "GET / HTTP/1.1\r\n{}\r\nSec-Fetch-Site: cross-site",
                host_line(&server)
            ),
            "",
        )
        .await;
    assert_eq!(raw.status, 403);
    // The server's own origins pass.
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let raw = server
            .raw(
                &format!(
                    "POST /api/app_info HTTP/1.1\r\n{}\r\nOrigin: {origin}\r\nSec-Fetch-Site: same-origin\r\nX-Coffer-Token: {token}",
                    host_line(&server)
                ),
                "",
            )
            .await;
        assert_eq!(raw.status, 200, "Origin {origin}: {}", raw.body);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_loopback_addresses_are_refused_before_binding() {
    let dir = tempfile::tempdir().unwrap();
    let ui = common::make_ui(dir.path());
    for addr in [
        "0.0.0.0:0",
        "192.168.1.1:0",
        "[::]:0",
        "10.0.0.1:8080",
        "[::ffff:127.0.0.1]:0",
    ] {
        let session = Session::new(
            dir.path().join("v.db"),
            Keychain::new("coffer-server-tests"),
        );
        let config = ServeConfig::new(addr.parse().unwrap(), &ui);
        let err = bind(config, Arc::new(session)).await.unwrap_err();
        assert!(matches!(err, ServeError::NotLoopback(_)), "{addr}: {err}");
        assert!(err.to_string().contains("loopback only"), "{err}");
    }
    // Any 127.0.0.0/8 address and [::1] are loopback.
    for addr in ["127.0.0.1:0", "127.0.0.2:0"] {
        let session = Session::new(
            dir.path().join("v.db"),
            Keychain::new("coffer-server-tests"),
        );
        let config = ServeConfig::new(addr.parse().unwrap(), &ui);
        let running = bind(config, Arc::new(session)).await.expect(addr);
        assert!(running.local_addr().ip().is_loopback());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_ui_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(
        dir.path().join("v.db"),
        Keychain::new("coffer-server-tests"),
    );
    let config = ServeConfig::new("127.0.0.1:0".parse().unwrap(), dir.path().join("nope"));
    let err = bind(config, Arc::new(session)).await.unwrap_err();
    assert!(matches!(err, ServeError::UiMissing(_)));
    assert!(err.to_string().contains("make ui"), "{err}");
}

//! Security headers on every response (UI files, API answers, refusals), and the per-launch
//! token never echoed in any response, header or body.

mod common;

use common::TestServer;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers_and_never_the_token() {
    let server = TestServer::start().await;
    let port = server.addr.port();
    let token = server.token.clone();
    let host = format!("Host: 127.0.0.1:{port}");
    let auth = format!("X-Coffer-Token: {token}\r\nContent-Type: application/json");
    let cases: Vec<(String, &str, bool)> = vec![
        (format!("GET / HTTP/1.1\r\n{host}"), "", false),
        (format!("GET /assets/app.js HTTP/1.1\r\n{host}"), "", false),
        (format!("GET /missing HTTP/1.1\r\n{host}"), "", false),
        (
            format!("POST /api/app_info HTTP/1.1\r\n{host}\r\n{auth}"),
            "{}",
            true,
        ),
        (
            format!("POST /api/vault_status HTTP/1.1\r\n{host}\r\n{auth}"),
            "{}",
            true,
        ),
        (
            format!("POST /api/nope HTTP/1.1\r\n{host}\r\n{auth}"),
            "{}",
            true,
        ),
        (
            format!("POST /api/vault_unlock HTTP/1.1\r\n{host}\r\n{auth}"),
            "{\"passphrase\":\"x\"}",
            true,
        ),
        (format!("POST /api/app_info HTTP/1.1\r\n{host}"), "", true),
        (
            format!("POST /api/app_info HTTP/1.1\r\n{host}\r\nX-Coffer-Token: nope"),
            "",
            true,
        ),
        (
            format!(
                "POST /api/app_info HTTP/1.1\r\n{host}\r\nOrigin: http://evil.example\r\n{auth}"
            ),
            "{}",
            true,
        ),
        (
            format!("POST /api/app_info HTTP/1.1\r\nHost: evil.example:{port}\r\n{auth}"),
            "{}",
            true,
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: evil.example:{port}"),
            "",
            false,
        ),
    ];
    let mut statuses = Vec::new();
    for (head, body, api) in &cases {
        let raw = server.raw(head, body).await;
        statuses.push(raw.status);
        assert_eq!(raw.header("content-security-policy"), Some(CSP), "{head}");
        assert_eq!(raw.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(raw.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(
            raw.header("cross-origin-opener-policy"),
            Some("same-origin")
        );
        assert_eq!(
            raw.header("cross-origin-resource-policy"),
            Some("same-origin")
        );
        assert_eq!(raw.header("x-frame-options"), Some("DENY"));
        if *api {
            assert_eq!(raw.header("cache-control"), Some("no-store"), "{head}");
        }
        assert!(raw.header("access-control-allow-origin").is_none());
        assert!(
            !raw.whole.contains(&token),
            "the token leaked in the answer to {head}"
        );
    }
    assert_eq!(
        statuses,
        [200, 200, 404, 200, 409, 404, 404, 401, 401, 403, 421, 421]
    );
    // The token is printed only by the caller, in the URL's fragment.
    assert_eq!(
        server.url_with_token,
        format!("http://127.0.0.1:{port}/#token={token}")
    );
    server.stop().await;
}

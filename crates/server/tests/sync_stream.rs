//! Sync progress over HTTP: `POST /api/sync_run` with `Accept: text/event-stream` streams
//! `progress` events while the sync runs and ends with one `result`; without the token it is a
//! plain 401, and without the Accept header the answer is the usual JSON summary.

mod common;

use coffer_api::connect::LinkSimplefinRequest;
use coffer_api::types::CreateVaultRequest;
use coffer_api::Session;
use coffer_core::keychain::Keychain;
use coffer_core::KeyMode;
use coffer_sandbox::{DataSpec, SandboxConfig};
use common::TestServer;

/// The events of an SSE body: (name, JSON data).
fn events(body: &str) -> Vec<(String, serde_json::Value)> {
    body.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut name = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data = v.to_string();
                }
            }
            (
                name,
                serde_json::from_str(&data).unwrap_or_else(|e| panic!("{e}: {data}")),
            )
        })
        .collect()
}

#[test]
fn sync_progress_streams_as_server_sent_events() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = runtime
        .block_on(coffer_sandbox::start(SandboxConfig {
            data: DataSpec {
                cards: 1,
                savings: 1,
                cds: 1,
                months: 2,
                tx_per_month: 10,
                ..DataSpec::default()
            },
            ..SandboxConfig::default()
        }))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.db");
    let session = Session::new(vault.clone(), Keychain::new("coffer-server-tests"));
    session
        .vault_create(CreateVaultRequest {
            key_mode: KeyMode::Passphrase,
            passphrase: Some("stream test".into()),
        })
        .unwrap();
    let token_url = format!("{}/_sandbox/simplefin/setup-token", sandbox.base_url());
    let setup_token = runtime.block_on(async {
        reqwest::get(&token_url)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    session
        .link_simplefin(LinkSimplefinRequest {
            setup_token,
            institution: None,
        })
        .unwrap();

    runtime.block_on(async {
        let server = TestServer::start_with(dir, vault, session).await;
        let head = |token: &str| {
            format!(
                "POST /api/sync_run HTTP/1.1\r\nHost: {}\r\nX-Coffer-Token: {token}\r\nContent-Type: application/json\r\nAccept: text/event-stream",
                server.addr
            )
        };

        let refused = server.raw(&head("not-the-token"), "{}").await;
        assert_eq!(refused.status, 401);

        let streamed = server.raw(&head(&server.token), "{}").await;
        assert_eq!(streamed.status, 200, "{}", streamed.whole);
        assert!(streamed
            .header("content-type")
            .unwrap()
            .starts_with("text/event-stream"));
        assert!(streamed.header("content-security-policy").is_some());
        let body = if streamed.header("transfer-encoding") == Some("chunked") {
            dechunk(&streamed.body)
        } else {
            streamed.body.clone()
        };
        let events = events(&body);
        let (last, progress) = events.split_last().unwrap();
        assert_eq!(last.0, "result", "{body}");
        assert_eq!(last.1["outcomes"][0]["status"], "ok", "{body}");
        assert!(progress.iter().all(|(name, _)| name == "progress"));
        assert_eq!(progress[0].1["stage"], "started");
        assert!(progress.iter().any(|(_, e)| e["stage"] == "batch"));
        assert_eq!(progress.last().unwrap().1["stage"], "finished");

        // Without Accept: text/event-stream, the plain JSON summary.
        let plain = server.call("sync_run", serde_json::json!({})).await;
        assert_eq!(plain.status(), 200);
        let summary: serde_json::Value = plain.json().await.unwrap();
        assert_eq!(summary["outcomes"][0]["status"], "ok");
        server.stop().await;
    });
    runtime.block_on(sandbox.shutdown());
}

/// Undoes HTTP/1.1 chunked transfer coding.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

//! Correct requests work end to end over a real `Session` and a temporary passphrase vault:
//! create, lock, a wrong unlock (403 `wrong_key`), unlock, status; status codes per error kind.

mod common;

use common::TestServer;
use serde_json::json;

const PASSPHRASE: &str = "correct horse battery staple";

async fn json_of(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, value)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passphrase_vault_lives_its_life_over_http() {
    let server = TestServer::start().await;
    let vault_path = server.vault.display().to_string();

    let (status, info) = json_of(server.call("app_info", json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(info["vault_exists"], false);
    assert_eq!(info["vault_path"], vault_path);

    // Locked before anything exists: vault_status is a conflict, not a 401.
    let (status, err) = json_of(server.call("vault_status", json!({})).await).await;
    assert_eq!((status, err["kind"].as_str()), (409, Some("locked")));

    let (status, created) = json_of(
        server
            .call(
                "vault_create",
                json!({ "key_mode": "passphrase", "passphrase": PASSPHRASE }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["path"], vault_path);
    assert_eq!(created["key_source"], "passphrase");
    // Creating answers the brief status; counts and integrity come from vault_check.
    assert_eq!(created["integrity"], serde_json::Value::Null);
    let (status, checked) = json_of(server.call("vault_check", json!({})).await).await;
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["counts"]["categories"], 21);
    assert_eq!(checked["integrity"], "ok");

    let (status, again) = json_of(
        server
            .call(
                "vault_create",
                json!({ "key_mode": "passphrase", "passphrase": PASSPHRASE }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, again["kind"].as_str()),
        (409, Some("vault_exists"))
    );

    let response = server.call("vault_lock", json!({})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "null");

    let (status, err) = json_of(server.call("vault_status", json!({})).await).await;
    assert_eq!((status, err["kind"].as_str()), (409, Some("locked")));

    let (status, err) = json_of(
        server
            .call(
                "vault_unlock",
                json!({ "passphrase": "not the passphrase" }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, err["kind"].as_str()),
        (403, Some("wrong_key")),
        "{err}"
    );
    assert!(!err["message"].as_str().unwrap().is_empty());

    let (status, unlocked) = json_of(
        server
            .call("vault_unlock", json!({ "passphrase": PASSPHRASE }))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{unlocked}");

    let (status, vault) = json_of(server.call("vault_status", json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(vault["path"], vault_path);
    let (status, checked) = json_of(server.call("vault_check", json!({})).await).await;
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["integrity"], "ok");
    assert_eq!(checked["counts"]["categories"], 21);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_api_errors_with_their_status() {
    let server = TestServer::start().await;
    let (status, err) = json_of(server.call("no_such_command", json!({})).await).await;
    assert_eq!((status, err["kind"].as_str()), (404, Some("not_found")));

    let (status, err) = json_of(
        server
            .call("vault_create", json!({ "key_mode": "sideways" }))
            .await,
    )
    .await;
    assert_eq!((status, err["kind"].as_str()), (400, Some("invalid_input")));

    let (status, err) = json_of(
        server
            .call("vault_unlock", json!({ "passphrase": "whatever" }))
            .await,
    )
    .await;
    assert_eq!(
        (status, err["kind"].as_str()),
        (404, Some("vault_missing")),
        "{err}"
    );

    let client = reqwest::Client::new();
    let not_json = client
        .post(server.url("/api/app_info"))
        .header("X-Coffer-Token", &server.token)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);

    let form = client
        .post(server.url("/api/app_info"))
        .header("X-Coffer-Token", &server.token)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);

    let huge = format!(
        "{{\"passphrase\":\"{}\"}}",
        "x".repeat(coffer_server::MAX_BODY_BYTES)
    );
    let (status, err) = json_of(
        client
            .post(server.url("/api/vault_unlock"))
            .header("X-Coffer-Token", &server.token)
            .header("Content-Type", "application/json")
            .body(huge)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, err["kind"].as_str()), (413, Some("invalid_input")));

    let get = client
        .get(server.url("/api/app_info"))
        .header("X-Coffer-Token", &server.token)
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 405);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_is_served_without_the_token_and_only_from_its_folder() {
    let server = TestServer::start().await;
    std::fs::write(server.dir.path().join("outside.txt"), "private").unwrap();
    let client = reqwest::Client::new();

    let index = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(index.status(), 200);
    assert_eq!(index.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(index.text().await.unwrap(), common::INDEX_HTML);

    let js = client
        .get(server.url("/assets/app.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(
        js.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );

    for path in [
        "/../outside.txt",
        "/assets/../../outside.txt",
        "/%2e%2e/outside.txt",
        "/missing.js",
    ] {
        let raw = server
            .raw(
                &format!(
                    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}",
                    server.addr.port()
                ),
                "",
            )
            .await;
        assert_eq!(raw.status, 404, "{path}");
        assert!(!raw.body.contains("private"));
    }
    let head = server
        .raw(
            &format!("HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{}", server.addr.port()),
            "",
        )
        .await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = client.post(server.url("/")).send().await.unwrap();
    assert_eq!(post.status(), 405);
    server.stop().await;
}

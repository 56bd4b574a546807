//! Signed webhook delivery: the signature verifies with an independent HMAC computation, and
//! polled events match delivered ones.

mod common;

use common::*;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Accepts connections, answers 200, and forwards (signature header, body) of each request.
async fn receiver() -> (
    String,
    tokio::sync::mpsc::UnboundedReceiver<(String, Vec<u8>)>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/hooks/barclays-us",
        listener.local_addr().unwrap()
    );
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut raw = Vec::new();
            let mut buffer = [0u8; 8192];
            loop {
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buffer[..n]);
                if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    if raw.len() >= split + 4 + length {
                        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
                        let signature = head
                            .lines()
                            .find_map(|l| l.strip_prefix("X-OFL-Signature: "))
                            .unwrap_or_default()
                            .to_owned();
                        let _ =
                            sender.send((signature, raw[split + 4..split + 4 + length].to_vec()));
                        break;
                    }
                }
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await;
        }
    });
    (url, receiver)
}

#[tokio::test]
async fn delivered_events_are_signed_and_match_the_feed() {
    let spec = coffer_sandbox::DataSpec {
        seed: 3,
        cards: 2,
        savings: 0,
        cds: 0,
        months: 3,
        tx_per_month: 6,
        ..Default::default()
    };
    let sandbox = start(spec).await;
    let addr = sandbox.addr();
    let (token, _) = login(addr, None).await;
    let (url, mut deliveries) = receiver().await;
    let registered = post(
        addr,
        "/webhooks",
        Some(&token),
        &format!("{{\"url\":\"{url}\"}}"),
    )
    .await;
    assert_eq!(registered.status, 201);
    let secret = registered.json()["secret"].as_str().unwrap().to_owned();
    let before = get(addr, "/events?limit=1000", &token).await.json();
    let after_id = before["next_after"].as_str().unwrap().to_owned();

    let report = sandbox.advance_month().await;
    assert!(report.webhook_deliveries > 0);
    let polled = get(
        addr,
        &format!("/events?after={after_id}&limit=1000"),
        &token,
    )
    .await
    .json();
    let polled: Vec<Value> = polled["events"].as_array().unwrap().clone();
    assert_eq!(polled.len(), report.webhook_deliveries);

    let doc = common::openapi::load_document();
    let schema = serde_json::json!({"$ref": "#/components/schemas/Event"});
    for expected in &polled {
        let (header, body) = deliveries.recv().await.expect("a delivery");
        let (t, v1) = header.split_once(",v1=").expect("t=..,v1=..");
        let t = t.strip_prefix("t=").expect("t=");
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(&body);
        mac.verify_slice(&hex::decode(v1).unwrap())
            .expect("signature verifies");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        assert!((now - t.parse::<i64>().unwrap()).abs() < 300);
        let event: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(&event, expected, "webhook deliveries arrive in feed order");
        let mut errors = Vec::new();
        common::openapi::validate(&doc, &schema, &event, "$", &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
    }
    let ids: std::collections::BTreeSet<&str> =
        polled.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), polled.len(), "event ids are unique");
}

//! Signed events: deliveries from the sandbox verify; forged, stale and future-dated ones are
//! rejected; signatures computed independently here with `hmac` agree with the verifier.

mod issuer_support;

use std::time::Duration;

use coffer_core::connectors::issuer::{verify_signed_event, EventData, EventRejection};
use coffer_core::domain::CardEventKind;
use hmac::{Hmac, Mac};
use issuer_support::*;
use sha2::Sha256;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// A loopback receiver: each POST's signature header and body go to the channel.
async fn receiver() -> (String, mpsc::UnboundedReceiver<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/coffer", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                // One request per connection: answer, then close (the sender may wait for EOF).
                {
                    let (mut length, mut signature) = (0usize, String::new());
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    loop {
                        line.clear();
                        reader.read_line(&mut line).await.unwrap();
                        let header = line.trim_end();

                        if header.is_empty() {
                            break;
                        }
                        let (name, value) = header.split_once(':').unwrap();
                        match name.to_ascii_lowercase().as_str() {
                            "content-length" => length = value.trim().parse().unwrap(),
                            "x-ofl-signature" => signature = value.trim().to_string(),
                            _ => {}
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).await.unwrap();
                    let _ = tx.send((signature, body));
                    let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
                    let _ = reader.get_mut().write_all(ok).await;
                    let _ = reader.get_mut().shutdown().await;
                }
            });
        }
    });
    (url, rx)
}

#[tokio::test]
async fn sandbox_deliveries_verify_and_tampering_is_rejected() {
    let h = sandbox(small_spec(), "none").await;
    let api = h.api_url();
    let outcome = login_demo(&api, None).await;
    let (hook_url, mut deliveries) = receiver().await;
    let registration: serde_json::Value = reqwest::Client::new()
        .post(format!("{api}/webhooks"))
        .bearer_auth(outcome.access_token.as_str())
        .json(&serde_json::json!({ "url": hook_url }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = registration["secret"].as_str().unwrap().as_bytes().to_vec();
    h.advance_month().await;

    let now = chrono::Utc::now().timestamp();
    let mut seen = std::collections::HashSet::new();
    while let Ok(Some((signature, body))) =
        tokio::time::timeout(Duration::from_millis(500), deliveries.recv()).await
    {
        let event =
            verify_signed_event(&secret, &signature, &body, now).expect("a genuine delivery");
        assert!(seen.insert(event.id.clone()), "ids are unique");
        if let Some(card) = event.card_event() {
            assert_eq!(card.account_source_id, event.account_id);
            assert!(matches!(event.data, EventData::Card { .. }));
        }
        // Forged: one byte of the body changed, or the wrong key.
        let mut forged = body.clone();
        forged[body.len() / 2] ^= 1;
        assert_eq!(
            verify_signed_event(&secret, &signature, &forged, now),
            Err(EventRejection::BadSignature)
        );
        assert_eq!(
            verify_signed_event(b"whsec_other", &signature, &body, now),
            Err(EventRejection::BadSignature)
        );
        // Replayed later than five minutes, or seen from a clock far behind.
        let t: i64 = signature[2..signature.find(',').unwrap()].parse().unwrap();
        assert!(matches!(
            verify_signed_event(&secret, &signature, &body, t + 301),
            Err(EventRejection::Stale { .. })
        ));
        assert!(matches!(
            verify_signed_event(&secret, &signature, &body, t - 301),
            Err(EventRejection::FromTheFuture { .. })
        ));
        assert!(verify_signed_event(&secret, &signature, &body, t + 299).is_ok());
    }
    assert!(!seen.is_empty(), "the sandbox delivered the month's events");
}

#[tokio::test]
async fn independently_signed_events_verify_and_map_to_card_events() {
    let secret = b"whsec_test_secret";
    let body = br#"{"id":"evt_1","event":"card.locked","account_id":"cc_1","occurred_at":"2026-05-02T19:14:11Z","data":{"reason":"card_misplaced","tracking_number":null},"extra":1}"#;
    let t = 1_714_680_000;
    let header = sign(secret, t, body);
    let event = verify_signed_event(secret, &header, body, t + 10).unwrap();
    assert_eq!(
        (
            event.id.as_str(),
            event.event.as_str(),
            event.account_id.as_str()
        ),
        ("evt_1", "card.locked", "cc_1")
    );
    let card = event.card_event().unwrap();
    assert_eq!(card.kind, CardEventKind::Locked);
    assert_eq!(card.reason.as_deref(), Some("card_misplaced"));
    assert_eq!(card.source_id, "locked@2026-05-02T19:14:11Z");

    // Another scheme or extra spaces beside v1 are tolerated; a second v1 may be the good one.
    let v1 = &header[header.find("v1=").unwrap()..];
    let rotated = format!("t={t}, v0=abc, v1={}, {v1}", "0".repeat(64));
    assert!(verify_signed_event(secret, &rotated, body, t).is_ok());

    let tx_body = br#"{"id":"evt_2","event":"transaction.posted","account_id":"cc_1","occurred_at":"2026-05-02T19:14:11Z","data":{"transaction_id":"tx_9","authorization_id":"au_9","amount":-318.40,"merchant":"American Airlines","description":"AMERICAN AIR 001"}}"#;
    let event = verify_signed_event(secret, &sign(secret, t, tx_body), tx_body, t).unwrap();
    match &event.data {
        EventData::Transaction {
            amount,
            authorization_id,
            ..
        } => {
            assert_eq!(amount.to_string(), "-318.40");
            assert_eq!(authorization_id.as_deref(), Some("au_9"));
        }
        other => panic!("{other:?}"),
    }
    assert!(event.card_event().is_none());

    for bad in [
        "",
        "t=1",
        "v1=00",
        "t=abc,v1=00",
        "t=1,v1=zz",
        &format!("t=-5,{v1}"),
        "garbage",
    ] {
        assert_eq!(
            verify_signed_event(secret, bad, body, t),
            Err(EventRejection::MalformedHeader),
            "{bad}"
        );
    }
    let not_json = b"not json";
    assert!(matches!(
        verify_signed_event(secret, &sign(secret, t, not_json), not_json, t),
        Err(EventRejection::MalformedBody(_))
    ));
}

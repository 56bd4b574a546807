//! A tiny HTTP/1.1 test client over raw TCP, so tests see exactly what the server sent
//! (dropped connections and truncated bodies included).

#![allow(dead_code)]

use std::net::SocketAddr;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub mod openapi;

pub const API: &str = "/api/v1/barclays-us";

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// The server closed the connection without sending anything.
    Dropped,
    /// Fewer body bytes arrived than `Content-Length` promised.
    Truncated { promised: usize, received: usize },
}

pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Result<HttpResponse, Failure> {
    let mut headers: Vec<(&str, String)> = Vec::new();
    if let Some(token) = token {
        headers.push(("Authorization", format!("Bearer {token}")));
    }
    if method != "GET" {
        headers.push(("Content-Type", "application/json".to_owned()));
    }
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    raw_request(addr, method, path, &headers, body.unwrap_or("").as_bytes()).await
}

/// Sends exactly these headers (plus Host, Connection: close and, unless GET, Content-Length).
pub async fn raw_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<HttpResponse, Failure> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    if raw.is_empty() {
        return Err(Failure::Dropped);
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let response = HttpResponse {
        status,
        headers,
        body,
    };
    if let Some(promised) = response
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        if response.body.len() < promised {
            return Err(Failure::Truncated {
                promised,
                received: response.body.len(),
            });
        }
    }
    Ok(response)
}

pub async fn get(addr: SocketAddr, path: &str, token: &str) -> HttpResponse {
    request(addr, "GET", &format!("{API}{path}"), Some(token), None)
        .await
        .expect("response")
}

pub async fn post(addr: SocketAddr, path: &str, token: Option<&str>, body: &str) -> HttpResponse {
    request(addr, "POST", &format!("{API}{path}"), token, Some(body))
        .await
        .expect("response")
}

pub fn login_body(scopes: Option<&[&str]>, otp: Option<&str>) -> String {
    let mut body = serde_json::json!({
        "username": "demo",
        "password": "demo",
        "device": {"id": "test-device-1", "biometric": false},
    });
    if let Some(otp) = otp {
        body["challenge"] = Value::from(format!("otp:{otp}"));
    }
    if let Some(scopes) = scopes {
        body["scopes"] = Value::from(scopes.to_vec());
    }
    body.to_string()
}

/// Logs in with the sandbox's demo credentials; returns (access token, refresh token).
pub async fn login(addr: SocketAddr, scopes: Option<&[&str]>) -> (String, String) {
    let response = post(
        addr,
        "/auth/login",
        None,
        &login_body(scopes, Some("123456")),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let json = response.json();
    (
        json["access_token"].as_str().unwrap().to_owned(),
        json["refresh_token"].as_str().unwrap().to_owned(),
    )
}

pub fn small_spec() -> coffer_sandbox::DataSpec {
    coffer_sandbox::DataSpec {
        seed: 7,
        cards: 2,
        savings: 1,
        cds: 2,
        months: 6,
        tx_per_month: 25,
        ..Default::default()
    }
}

pub async fn start(spec: coffer_sandbox::DataSpec) -> coffer_sandbox::SandboxHandle {
    coffer_sandbox::start(coffer_sandbox::SandboxConfig {
        data: spec,
        ..Default::default()
    })
    .await
    .expect("sandbox starts")
}

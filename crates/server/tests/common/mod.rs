//! A real `coffer serve` server on a loopback socket over a temporary vault and UI folder, and
//! two clients: reqwest for ordinary requests, a raw HTTP/1.1 writer for headers reqwest fixes.

#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;

use coffer_api::Session;
use coffer_core::keychain::Keychain;
use coffer_server::{bind, ServeConfig, ServerHandle};

pub const INDEX_HTML: &str =
    "<!doctype html><title>Coffer</title><script type=\"module\" src=\"./assets/app.js\"></script>";

pub struct TestServer {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
    pub addr: SocketAddr,
    pub token: String,
    pub url_with_token: String,
    handle: Option<ServerHandle>,
}

/// A UI folder with an index.html and one asset, inside `dir`.
pub fn make_ui(dir: &std::path::Path) -> PathBuf {
    let ui = dir.join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(ui.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(ui.join("assets/app.js"), "console.log('coffer');\n").unwrap();
    ui
}

impl TestServer {
    /// A server over a vault path that does not exist yet.
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault.db");
        let session = Session::new(vault.clone(), Keychain::new("coffer-server-tests"));
        TestServer::start_with(dir, vault, session).await
    }

    pub async fn start_with(
        dir: tempfile::TempDir,
        vault: PathBuf,
        session: Session,
    ) -> TestServer {
        let ui = make_ui(dir.path());
        let config = ServeConfig::new("127.0.0.1:0".parse().unwrap(), ui);
        let running = bind(config, Arc::new(session)).await.expect("binds");
        let addr = running.local_addr();
        let token = running.token().to_string();
        let url_with_token = running.url_with_token();
        TestServer {
            dir,
            vault,
            addr,
            token,
            url_with_token,
            handle: Some(running.spawn()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `POST /api/<command>` with the token and a JSON body.
    pub async fn call(&self, command: &str, body: serde_json::Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url(&format!("/api/{command}")))
            .header("X-Coffer-Token", &self.token)
            .json(&body)
            .send()
            .await
            .expect("request reaches the server")
    }

    /// Sends `head` (request line and headers, CRLF-separated, no final blank line) and the
    /// body over a fresh connection, in a blocking thread.
    pub async fn raw(&self, head: &str, body: &str) -> RawResponse {
        let addr = self.addr;
        let request = format!(
            "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        tokio::task::spawn_blocking(move || raw_exchange(addr, &request))
            .await
            .unwrap()
    }

    pub async fn stop(mut self) {
        if let Some(handle) = self.handle.take() {
            handle.shutdown().await.expect("shuts down cleanly");
        }
    }
}

#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Lowercase names.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Everything the server sent, for "never contains the token" checks.
    pub whole: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn raw_exchange(addr: SocketAddr, request: &str) -> RawResponse {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let whole = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = whole.split_once("\r\n\r\n").unwrap_or((&whole, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {whole:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    RawResponse {
        status,
        headers,
        body: body.to_string(),
        whole: whole.clone(),
    }
}

//! The loopback redirect listener of RFC 8252 §7.3: bound to `127.0.0.1` on an ephemeral port,
//! it waits for the browser to come back to the redirect path, answers a small page, and hands
//! over the authorization `code` once the `state` matched.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zeroize::Zeroizing;

use crate::connectors::http::sanitize_text;
use crate::sync::ConnectorError;

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Coffer</title>\
<p>Coffer is connected. You can close this window.</p>";
const FAILED_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Coffer</title>\
<p>Coffer could not complete the sign-in. You can close this window and try again.</p>";

/// A bound listener waiting for one redirect.
pub struct Loopback {
    listener: TcpListener,
    path: String,
    redirect_uri: String,
}

impl Loopback {
    /// Binds `127.0.0.1:0`; `path` is the redirect path (e.g. `/callback`).
    pub async fn bind(path: &str, institution: &str) -> Result<Loopback, ConnectorError> {
        let listener =
            TcpListener::bind(("127.0.0.1", 0))
                .await
                .map_err(|_| ConnectorError::Unreachable {
                    institution: institution.into(),
                    detail: "could not open a local port for the sign-in redirect".into(),
                })?;
        let port = listener
            .local_addr()
            .map_err(|_| ConnectorError::Unreachable {
                institution: institution.into(),
                detail: "could not read the local redirect port".into(),
            })?
            .port();
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        Ok(Loopback {
            redirect_uri: format!("http://127.0.0.1:{port}{path}"),
            listener,
            path,
        })
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits (at most `timeout`) for the request to the redirect path; other paths get a 404
    /// and are ignored. Returns the code when `state` matches; any other answer is an error.
    pub async fn wait_for_code(
        self,
        state: &str,
        timeout: Duration,
        institution: &str,
    ) -> Result<Zeroizing<String>, ConnectorError> {
        let refused = |detail: &str| ConnectorError::Refused {
            institution: institution.into(),
            detail: detail.into(),
        };
        let outcome = tokio::time::timeout(timeout, async {
            loop {
                let Ok((mut stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let Some(target) = read_target(&mut stream).await else {
                    respond(&mut stream, 400, "text/plain", "bad request").await;
                    continue;
                };
                let Ok(url) = reqwest::Url::parse(&format!("http://127.0.0.1{target}")) else {
                    respond(&mut stream, 400, "text/plain", "bad request").await;
                    continue;
                };
                if url.path() != self.path {
                    respond(&mut stream, 404, "text/plain", "not found").await;
                    continue;
                }
                let query = |key: &str| {
                    url.query_pairs()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.into_owned())
                };
                let result = if query("state").as_deref() != Some(state) {
                    Err(refused(
                        "the sign-in answer did not come from this request (state mismatch); try again",
                    ))
                } else if let Some(error) = query("error") {
                    let description = query("error_description")
                        .map(|d| format!(" ({})", sanitize_text(&d)))
                        .unwrap_or_default();
                    Err(refused(&format!(
                        "the sign-in was not completed: {}{description}",
                        sanitize_text(&error)
                    )))
                } else if let Some(code) = query("code").filter(|c| !c.is_empty()) {
                    Ok(Zeroizing::new(code))
                } else {
                    Err(refused("the sign-in answer carried no authorization code"))
                };
                let page = if result.is_ok() { DONE_PAGE } else { FAILED_PAGE };
                respond(&mut stream, 200, "text/html; charset=utf-8", page).await;
                return result;
            }
        })
        .await;
        outcome.unwrap_or_else(|_| {
            Err(refused(
                "the browser did not come back from the sign-in in time; try again",
            ))
        })
    }
}

/// The request target of a `GET` (head read up to 8 KiB), or `None` for anything else.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 8192 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok()?;
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end();
    let mut parts = line.split(' ');
    let (method, target) = (parts.next()?, parts.next()?);
    (method == "GET" && target.starts_with('/')).then(|| target.to_string())
}

async fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

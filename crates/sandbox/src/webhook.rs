//! Webhook signing (`X-OFL-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`) and
//! delivery of events to registered loopback URLs over plain HTTP/1.1.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook URL must be http://127.x.x.x:port/path or http://localhost:port/path")]
    NotLoopback,
    #[error("webhook delivery failed: {0}")]
    Io(#[from] std::io::Error),
}

/// The header value for `body` signed with `secret` at `timestamp` (Unix seconds).
/// The HMAC key is the secret string's UTF-8 bytes, `whsec_` prefix included.
pub fn signature_header(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// `(host:port, path)` of a loopback `http://` URL.
pub fn parse_loopback_url(url: &str) -> Result<(String, String), WebhookError> {
    let rest = url
        .strip_prefix("http://")
        .ok_or(WebhookError::NotLoopback)?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or(authority);
    let loopback = host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback || !authority.contains(':') {
        return Err(WebhookError::NotLoopback);
    }
    Ok((authority.to_owned(), path.to_owned()))
}

/// POSTs `body` with its signature; returns the HTTP status code the receiver answered.
pub async fn deliver(url: &str, secret: &str, body: &[u8]) -> Result<u16, WebhookError> {
    let (authority, path) = parse_loopback_url(url)?;
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let signature = signature_header(secret, timestamp, body);
    let mut stream = TcpStream::connect(authority.replace("localhost", "127.0.0.1")).await?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-OFL-Signature: {signature}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let status = String::from_utf8_lossy(&response)
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_urls() {
        assert!(parse_loopback_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(parse_loopback_url("http://localhost:9000").is_ok());
        assert!(parse_loopback_url("http://10.0.0.1:9000/hook").is_err());
        assert!(parse_loopback_url("https://127.0.0.1:9000/hook").is_err());
        assert!(signature_header("whsec_x", 1, b"{}").starts_with("t=1,v1="));
    }
}

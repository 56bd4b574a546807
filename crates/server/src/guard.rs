//! Who may talk to the server: the right `Host` (against DNS rebinding) on every request, and on
//! `/api/*` also no foreign `Origin`, no cross-site fetch, and the per-launch token.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::reply::Refusal;
use crate::token::{Token, TOKEN_HEADER};

/// The names this server answers to and the token it expects.
#[derive(Debug)]
pub struct Guard {
    /// `host:port` values a request's `Host` may carry, lowercase.
    hosts: Vec<String>,
    /// Exact `Origin` values allowed on `/api/*`: `http://` + each host.
    origins: Vec<String>,
    token: Arc<Token>,
}

impl Guard {
    pub fn new(local: SocketAddr, token: Arc<Token>) -> Self {
        let port = local.port();
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        let own = local.to_string(); // "[::1]:P" for IPv6, "127.0.0.2:P" etc.
        if !hosts.contains(&own) {
            hosts.push(own);
        }
        let origins = hosts.iter().map(|h| format!("http://{h}")).collect();
        Guard {
            hosts,
            origins,
            token,
        }
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin)
    }
}

/// Whether a path belongs to the API (token required) rather than the UI's static files.
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

fn header_str(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"))
}

/// The middleware: refuses a request before it reaches a handler, or passes it on.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    match verdict(&guard, &request) {
        Ok(()) => next.run(request).await,
        Err(refused) => refused.into_response(),
    }
}

fn verdict(guard: &Guard, request: &Request) -> Result<(), Refusal> {
    let headers = request.headers();
    // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 still sends
    // `Host: evil.example:PORT`. An absolute-form request target must name us too.
    let host_ok = header_str(headers, header::HOST).is_some_and(|h| guard.host_allowed(h))
        && request
            .uri()
            .authority()
            .is_none_or(|a| guard.host_allowed(a.as_str()));
    if !host_ok {
        return Err(Refusal::new(
            StatusCode::MISDIRECTED_REQUEST,
            "forbidden",
            "This server answers only to 127.0.0.1, localhost or [::1] on its own port. Open the URL `coffer serve` printed.",
        ));
    }
    let fetch_site = header_str(headers, "sec-fetch-site");
    if fetch_site == Some("cross-site") {
        return Err(cross_site());
    }
    if !is_api(request.uri().path()) {
        return Ok(()); // the UI's files hold no data
    }
    // Another local service on another port is "same-site"; only this origin may call the API.
    if fetch_site == Some("same-site") {
        return Err(cross_site());
    }
    if let Some(origin) = header_str(headers, header::ORIGIN) {
        if !guard.origin_allowed(origin) {
            return Err(cross_site());
        }
    }
    let token_ok = headers
        .get(TOKEN_HEADER)
        .is_some_and(|v| guard.token.matches(v.as_bytes()));
    if !token_ok {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "This page is not authorized to talk to Coffer. Open the exact URL that `coffer serve` printed.",
        ));
    }
    Ok(())
}

fn cross_site() -> Refusal {
    Refusal::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "Requests from other sites are refused. Open the URL `coffer serve` printed.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(addr: &str) -> Guard {
        Guard::new(addr.parse().unwrap(), Arc::new(Token::generate().unwrap()))
    }

    #[test]
    fn answers_to_loopback_names_on_its_own_port_only() {
        let g = guard("127.0.0.1:4100");
        for ok in ["127.0.0.1:4100", "LOCALHOST:4100", "[::1]:4100"] {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for bad in [
            "127.0.0.1",
            "localhost",
            "127.0.0.1:4101",
            "evil.example:4100",
            "localhost.evil.example:4100",
            "0.0.0.0:4100",
        ] {
            assert!(!g.host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn a_non_default_loopback_address_is_its_own_host() {
        let g = guard("127.0.0.5:9");
        assert!(g.host_allowed("127.0.0.5:9"));
        assert!(g.origin_allowed("http://127.0.0.5:9"));
    }

    #[test]
    fn origins_must_match_exactly() {
        let g = guard("127.0.0.1:4100");
        assert!(g.origin_allowed("http://127.0.0.1:4100"));
        assert!(g.origin_allowed("http://localhost:4100"));
        for bad in [
            "null",
            "https://127.0.0.1:4100",
            "http://127.0.0.1:4100/",
            "http://127.0.0.1:4101",
            "http://evil.example",
        ] {
            assert!(!g.origin_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn api_paths() {
        assert!(is_api("/api/vault_status"));
        assert!(is_api("/api"));
        assert!(!is_api("/apiary"));
        assert!(!is_api("/assets/index.js"));
    }
}

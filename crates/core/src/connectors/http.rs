//! Shared HTTP plumbing for connectors: a hardened client, retries with backoff and jitter,
//! Retry-After, a per-institution circuit breaker, exact JSON decoding and sanitized errors.
//!
//! A connector describes a request with a closure (so it can be rebuilt for every attempt) and
//! a decoder for the success body; [`HttpClient::call`] does the rest. Answers that are neither
//! success nor transient come back as [`HttpError::Status`] for the connector to interpret
//! (e.g. `401 token_expired`), everything else maps to a [`ConnectorError`] at the boundary.

mod breaker;
mod decode;
mod error;
mod retry;

use std::time::Duration;

pub use breaker::{breaker_for, Breaker, BreakerConfig};
pub use decode::{decimal, decode_json, sanitize_text, DecodeError};
pub use error::HttpError;
pub use retry::{parse_retry_after, RetryPolicy};

/// `Coffer/<version>`, sent on every request.
pub fn user_agent() -> String {
    format!("Coffer/{}", env!("CARGO_PKG_VERSION"))
}

/// A `reqwest` client with rustls, connect and request timeouts and Coffer's user agent.
pub fn build_client() -> Result<reqwest::Client, HttpError> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(user_agent())
        .build()
        .map_err(|_| HttpError::Unreachable {
            endpoint: "client".into(),
            detail: "the HTTP client could not be set up".into(),
        })
}

/// One institution's client: the shared `reqwest` client, its retry policy and its breaker.
#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    retry: RetryPolicy,
    breaker: Breaker,
}

impl HttpClient {
    /// A client for the institution reached at `breaker_key` (e.g. its base URL).
    pub fn new(
        breaker_key: &str,
        retry: RetryPolicy,
        breaker: BreakerConfig,
    ) -> Result<Self, HttpError> {
        Ok(HttpClient {
            client: build_client()?,
            retry,
            breaker: breaker_for(breaker_key, breaker),
        })
    }

    pub fn breaker(&self) -> &Breaker {
        &self.breaker
    }

    /// Sends the request `make` builds (once per attempt) and decodes a 2xx body with `decode`.
    /// Connection errors, 5xx, truncated and undecodable bodies are retried with backoff;
    /// 429/503 wait for `Retry-After` when it is short enough.
    pub async fn call<T>(
        &self,
        endpoint: &str,
        make: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        decode: impl Fn(&[u8]) -> Result<T, DecodeError>,
    ) -> Result<T, HttpError> {
        let mut last: Option<HttpError> = None;
        let attempts = self.retry.max_attempts.max(1);
        for attempt in 1..=attempts {
            if let Err(secs) = self.breaker.admit() {
                return Err(HttpError::CircuitOpen {
                    retry_after_secs: secs,
                });
            }
            let mut wait = None;
            match self.attempt(endpoint, &make, &decode).await {
                Attempt::Done(value) => {
                    self.breaker.record_success();
                    return Ok(value);
                }
                Attempt::Final(error) => {
                    self.breaker.record_success();
                    return Err(error);
                }
                Attempt::Transient(error) => {
                    self.breaker.record_failure();
                    last = Some(error);
                }
                Attempt::Throttled {
                    retry_after,
                    server_error,
                } => {
                    if server_error {
                        self.breaker.record_failure();
                    }
                    let secs = retry_after.map(|d| d.as_secs()).unwrap_or(0);
                    if retry_after.is_some_and(|d| d > self.retry.max_retry_after) {
                        return Err(HttpError::RateLimited {
                            endpoint: endpoint.into(),
                            retry_after_secs: secs,
                        });
                    }
                    wait = retry_after;
                    last = Some(HttpError::RateLimited {
                        endpoint: endpoint.into(),
                        retry_after_secs: secs.max(1),
                    });
                }
            }
            if attempt < attempts {
                tokio::time::sleep(wait.unwrap_or_else(|| self.retry.backoff(attempt))).await;
            }
        }
        Err(last.unwrap_or_else(|| HttpError::Unreachable {
            endpoint: endpoint.into(),
            detail: "no attempt was made".into(),
        }))
    }

    async fn attempt<T>(
        &self,
        endpoint: &str,
        make: &impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        decode: &impl Fn(&[u8]) -> Result<T, DecodeError>,
    ) -> Attempt<T> {
        let unreachable = |detail: &str| HttpError::Unreachable {
            endpoint: endpoint.into(),
            detail: detail.into(),
        };
        let response = match make(&self.client).send().await {
            Ok(r) => r,
            Err(e) => return Attempt::Transient(unreachable(describe(&e))),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
        let body = match response.bytes().await {
            Ok(b) => b,
            Err(_) => return Attempt::Transient(unreachable("the response was cut short")),
        };
        if (200..300).contains(&status) {
            return match decode(&body) {
                Ok(v) => Attempt::Done(v),
                Err(error) => Attempt::Transient(HttpError::Malformed {
                    endpoint: endpoint.into(),
                    error,
                }),
            };
        }
        if status == 429 || (status == 503 && retry_after.is_some()) {
            return Attempt::Throttled {
                retry_after,
                server_error: status == 503,
            };
        }
        if status >= 500 {
            return Attempt::Transient(unreachable(&format!("server error (HTTP {status})")));
        }
        let parsed: Option<serde_json::Value> = (body.len() <= 4096)
            .then(|| serde_json::from_slice(&body).ok())
            .flatten()
            .filter(|v: &serde_json::Value| v.is_object());
        let text = |key: &str| {
            parsed
                .as_ref()
                .and_then(|v| v.get(key))
                .and_then(|v| v.as_str())
                .map(sanitize_text)
        };
        Attempt::Final(HttpError::Status {
            endpoint: endpoint.into(),
            status,
            code: text("error").or_else(|| text("code")),
            message: text("message"),
            body: parsed,
        })
    }
}

enum Attempt<T> {
    Done(T),
    Final(HttpError),
    Transient(HttpError),
    Throttled {
        retry_after: Option<Duration>,
        server_error: bool,
    },
}

/// A person-readable cause of a transport error, without the URL or anything the server sent.
fn describe(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "the request timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "the connection was dropped"
    }
}

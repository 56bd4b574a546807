//! The issuer API's transport: URLs under the base, bearer auth, JSON and PDF decoding, all
//! through the shared retrying, circuit-broken [`HttpClient`].

use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::IssuerOptions;
use crate::connectors::http::{decode_json, DecodeError, HttpClient, HttpError};
use crate::sync::ConnectorError;

#[derive(Clone)]
pub struct Api {
    http: HttpClient,
    base: String,
    pub institution: String,
}

impl Api {
    pub fn new(api_url: &str, options: &IssuerOptions) -> Result<Api, ConnectorError> {
        let base = api_url.trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(ConnectorError::Refused {
                institution: options.institution.clone(),
                detail: "the API address must start with https:// (or http:// on loopback)".into(),
            });
        }
        let http = HttpClient::new(&base, options.retry, options.breaker)
            .map_err(|e| e.into_connector(&options.institution))?;
        Ok(Api {
            http,
            base,
            institution: options.institution.clone(),
        })
    }

    /// True while the institution's circuit breaker fails calls fast.
    pub fn circuit_open(&self) -> bool {
        self.http.breaker().is_open()
    }

    /// `GET <path>` with the access token; `path` is relative (e.g. `accounts/cc_1/balances`).
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        token: &str,
    ) -> Result<T, HttpError> {
        let url = format!("{}/{path}", self.base);
        self.http
            .call(
                &format!("GET /{path}"),
                |c| c.get(&url).query(query).bearer_auth(token),
                |body| decode_json(body),
            )
            .await
    }

    /// `GET <path>` answering a PDF: the bytes, checked to be a whole PDF document.
    pub async fn get_pdf(&self, path: &str, token: &str) -> Result<Vec<u8>, HttpError> {
        let url = format!("{}/{path}", self.base);
        self.http
            .call(
                &format!("GET /{path}"),
                |c| c.get(&url).bearer_auth(token),
                |body| {
                    let tail = &body[body.len().saturating_sub(1024)..];
                    if body.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF") {
                        Ok(body.to_vec())
                    } else {
                        Err(DecodeError {
                            path: String::new(),
                            detail: "expected a complete PDF document".into(),
                        })
                    }
                },
            )
            .await
    }

    /// `POST <path>` with a JSON body and no bearer (the `auth/*` endpoints).
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Zeroizing<Vec<u8>>,
    ) -> Result<T, HttpError> {
        let url = format!("{}/{path}", self.base);
        self.http
            .call(
                &format!("POST /{path}"),
                |c| {
                    c.post(&url)
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body.to_vec())
                },
                |b| decode_json(b),
            )
            .await
    }
}

/// Percent-encodes one path segment (ids are opaque strings).
pub fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

//! The FDX resource server's transport: URLs under the base, bearer auth, JSON and PDF bodies
//! through the shared retrying, circuit-broken client, and FDX error bodies made readable.

use reqwest::Url;

use super::wire::FdxErrorBody;
use super::FdxOptions;
use crate::connectors::http::{decode_json, sanitize_text, DecodeError, HttpClient, HttpError};
use crate::sync::ConnectorError;

#[derive(Clone)]
pub struct Api {
    http: HttpClient,
    /// The base, ending in `/` so relative paths join under it.
    base: Url,
    pub institution: String,
}

impl Api {
    pub fn new(base_url: &str, options: &FdxOptions) -> Result<Api, ConnectorError> {
        let refused = |detail: &str| ConnectorError::Refused {
            institution: options.institution.clone(),
            detail: detail.into(),
        };
        let base = Url::parse(&format!("{}/", base_url.trim_end_matches('/')))
            .map_err(|_| refused("the FDX address is not a valid URL"))?;
        let loopback = matches!(base.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if !(base.scheme() == "https" || (base.scheme() == "http" && loopback)) {
            return Err(refused(
                "the FDX address must start with https:// (http:// only on this computer)",
            ));
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(refused("the FDX address must not carry credentials"));
        }
        let http = HttpClient::new(base.as_str(), options.retry, options.breaker)
            .map_err(|e| e.into_connector(&options.institution))?;
        Ok(Api {
            http,
            base,
            institution: options.institution.clone(),
        })
    }

    /// `path` relative to the base (`accounts/x/transactions`), or a link the server gave
    /// (`/fdx/v6/…` or a full URL); links to another origin are refused so the token never leaves the server.
    pub fn resolve(&self, path: &str) -> Option<Url> {
        // Relative paths join under the base; `/…` is a path on the origin; or a full URL.
        let url = self.base.join(path).ok()?;
        (url.origin() == self.base.origin()).then_some(url)
    }

    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &Url,
        query: &[(&str, String)],
        token: &str,
    ) -> Result<T, HttpError> {
        let endpoint = format!("GET {}", url.path());
        self.http
            .call(
                &endpoint,
                |c| c.get(url.clone()).query(query).bearer_auth(token),
                |body| decode_json(body),
            )
            .await
    }

    /// A statement document: the bytes, checked to be a whole PDF.
    pub async fn get_pdf(&self, url: &Url, token: &str) -> Result<Vec<u8>, HttpError> {
        let endpoint = format!("GET {}", url.path());
        self.http
            .call(
                &endpoint,
                |c| {
                    c.get(url.clone())
                        .bearer_auth(token)
                        .header(reqwest::header::ACCEPT, "application/pdf")
                },
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
}

/// An error of a resource request for people: FDX `{code, message, debugMessage}` shown
/// sanitized and short; 403 is a scope the connection lacks (`what`).
pub fn describe(error: HttpError, institution: &str, what: &str) -> ConnectorError {
    let HttpError::Status {
        endpoint,
        status,
        body,
        ..
    } = &error
    else {
        return error.into_connector(institution);
    };
    let fdx = FdxErrorBody::from_value(body.as_ref());
    let mut detail = format!("{endpoint} answered HTTP {status}");
    if let Some(code) = &fdx.code {
        detail.push_str(&format!(", FDX error {}", sanitize_text(code)));
    }
    if let Some(message) = &fdx.message {
        detail.push_str(&format!(": {}", sanitize_text(message)));
    }
    if let Some(debug) = &fdx.debug_message {
        detail.push_str(&format!(" ({})", sanitize_text(debug)));
    }
    let detail = sanitize_text(&detail.replace('"', "'"));
    match status {
        403 => ConnectorError::NotPermitted {
            institution: institution.into(),
            what: format!("{what} ({detail})"),
        },
        404 if fdx.code.as_deref() == Some("701") => ConnectorError::Refused {
            institution: institution.into(),
            detail: format!("the account is no longer shared or does not exist — {detail}"),
        },
        _ => ConnectorError::Refused {
            institution: institution.into(),
            detail,
        },
    }
}

//! OAuth 2.0 for FDX as a native public client: authorization code with PKCE S256 through the
//! system browser and a loopback redirect (RFC 6749, 7636, 8252), the code exchange and the
//! refresh grant (rotating refresh tokens).

use std::time::Duration;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::loopback::Loopback;
use super::pkce::Pkce;
use super::{
    FdxOptions, SECRET_ACCESS_TOKEN, SECRET_CLIENT_ID, SECRET_REFRESH_TOKEN, SECRET_TOKEN_URL,
};
use crate::connectors::http::{decode_json, sanitize_text, HttpClient, HttpError};
use crate::sync::ConnectorError;

/// Where and how to sign in.
#[derive(Debug, Clone)]
pub struct FdxConfig {
    /// Shown in every message.
    pub institution: String,
    pub authorize_url: String,
    pub token_url: String,
    pub client_id: String,
    /// Scopes asked for (FDX data clusters).
    pub scopes: Vec<String>,
    /// The loopback redirect path.
    pub redirect_path: String,
    /// How long to wait for the browser to come back.
    pub timeout: Duration,
}

impl FdxConfig {
    /// A config with the authorization server's two endpoints, all scopes, `/callback`.
    pub fn new(institution: &str, authorize_url: &str, token_url: &str, client_id: &str) -> Self {
        FdxConfig {
            institution: institution.into(),
            authorize_url: authorize_url.into(),
            token_url: token_url.into(),
            client_id: client_id.into(),
            scopes: super::ALL_SCOPES.iter().map(|s| s.to_string()).collect(),
            redirect_path: "/callback".into(),
            timeout: FdxOptions::default().authorize_timeout,
        }
    }

    /// Reads the endpoints from the server's RFC 8414 metadata at
    /// `{issuer}/.well-known/oauth-authorization-server`.
    pub async fn discover(
        institution: &str,
        issuer: &str,
        client_id: &str,
    ) -> Result<FdxConfig, ConnectorError> {
        #[derive(Deserialize)]
        struct Metadata {
            authorization_endpoint: String,
            token_endpoint: String,
        }
        let url = format!(
            "{}/.well-known/oauth-authorization-server",
            issuer.trim_end_matches('/')
        );
        let http = client(&url, institution)?;
        let meta: Metadata = http
            .call(
                "authorization server metadata",
                |c| c.get(&url),
                decode_json,
            )
            .await
            .map_err(|e| e.into_connector(institution))?;
        Ok(FdxConfig::new(
            institution,
            &meta.authorization_endpoint,
            &meta.token_endpoint,
            client_id,
        ))
    }
}

/// What a sign-in or refresh gave. Holds tokens: `Debug` shows none of them.
pub struct FdxGrant {
    pub access_token: Zeroizing<String>,
    pub refresh_token: Option<Zeroizing<String>>,
    /// Scopes granted (the requested ones when the server did not say, RFC 6749 §5.1).
    pub scopes: Vec<String>,
    pub expires_in: Option<u64>,
    pub token_url: String,
    pub client_id: String,
}

impl std::fmt::Debug for FdxGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FdxGrant")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("scopes", &self.scopes)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

impl FdxGrant {
    /// The secrets a connection stores: tokens, token endpoint and client id.
    pub fn secrets(&self) -> Vec<(String, Zeroizing<Vec<u8>>)> {
        let bytes = |s: &str| Zeroizing::new(s.as_bytes().to_vec());
        let mut out = vec![
            (SECRET_ACCESS_TOKEN.to_string(), bytes(&self.access_token)),
            (SECRET_TOKEN_URL.to_string(), bytes(&self.token_url)),
            (SECRET_CLIENT_ID.to_string(), bytes(&self.client_id)),
        ];
        if let Some(r) = &self.refresh_token {
            out.push((SECRET_REFRESH_TOKEN.to_string(), bytes(r)));
        }
        out
    }
}

/// Runs the sign-in: opens `open_browser(authorization URL)` (the system browser), waits on the
/// loopback redirect, checks `state`, and exchanges the code with the PKCE verifier.
pub async fn authorize(
    config: &FdxConfig,
    open_browser: impl FnOnce(&str) -> Result<(), ConnectorError>,
) -> Result<FdxGrant, ConnectorError> {
    let institution = config.institution.as_str();
    let pkce = Pkce::generate()?;
    let loopback = Loopback::bind(&config.redirect_path, institution).await?;
    let redirect_uri = loopback.redirect_uri().to_string();
    let scope = config.scopes.join(" ");
    let url = reqwest::Url::parse_with_params(
        &config.authorize_url,
        &[
            ("response_type", "code"),
            ("client_id", config.client_id.as_str()),
            ("redirect_uri", redirect_uri.as_str()),
            ("scope", scope.as_str()),
            ("state", pkce.state.as_str()),
            ("code_challenge", pkce.challenge.as_str()),
            ("code_challenge_method", "S256"),
        ],
    )
    .map_err(|_| ConnectorError::Refused {
        institution: institution.into(),
        detail: "the authorization address is not a valid URL".into(),
    })?;
    open_browser(url.as_str())?;
    let code = loopback
        .wait_for_code(&pkce.state, config.timeout, institution)
        .await?;
    let form = vec![
        ("grant_type", "authorization_code".to_string()),
        ("code", code.to_string()),
        ("redirect_uri", redirect_uri),
        ("client_id", config.client_id.clone()),
        ("code_verifier", pkce.verifier.to_string()),
    ];
    let form: Vec<(&str, Zeroizing<String>)> = form
        .into_iter()
        .map(|(k, v)| (k, Zeroizing::new(v)))
        .collect();
    let grant = token_request(&config.token_url, &form, institution).await?;
    Ok(grant.into_grant(config))
}

/// The refresh grant; the answer's refresh token replaces the old one (rotation).
pub async fn refresh(
    token_url: &str,
    client_id: &str,
    refresh_token: &str,
    institution: &str,
) -> Result<FdxGrant, ConnectorError> {
    let form = vec![
        ("grant_type", Zeroizing::new("refresh_token".to_string())),
        ("refresh_token", Zeroizing::new(refresh_token.to_string())),
        ("client_id", Zeroizing::new(client_id.to_string())),
    ];
    let answer = token_request(token_url, &form, institution).await?;
    Ok(FdxGrant {
        scopes: answer
            .scope
            .as_deref()
            .map(split_scopes)
            .unwrap_or_default(),
        access_token: Zeroizing::new(answer.access_token.clone()),
        refresh_token: answer.refresh_token.clone().map(Zeroizing::new),
        expires_in: answer.expires_in,
        token_url: token_url.into(),
        client_id: client_id.into(),
    })
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
}

impl Drop for TokenAnswer {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.access_token.zeroize();
        if let Some(r) = self.refresh_token.as_mut() {
            r.zeroize();
        }
    }
}

impl TokenAnswer {
    fn into_grant(self, config: &FdxConfig) -> FdxGrant {
        let scopes = match self.scope.as_deref() {
            Some(s) if !s.trim().is_empty() => split_scopes(s),
            _ => config.scopes.clone(),
        };
        FdxGrant {
            access_token: Zeroizing::new(self.access_token.clone()),
            refresh_token: self.refresh_token.clone().map(Zeroizing::new),
            scopes,
            expires_in: self.expires_in,
            token_url: config.token_url.clone(),
            client_id: config.client_id.clone(),
        }
    }
}

fn split_scopes(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn client(url: &str, institution: &str) -> Result<HttpClient, ConnectorError> {
    let origin = reqwest::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .map_err(|_| ConnectorError::Refused {
            institution: institution.into(),
            detail: "the authorization server's address is not a valid URL".into(),
        })?;
    let options = FdxOptions::default();
    HttpClient::new(&origin, options.retry, options.breaker)
        .map_err(|e| e.into_connector(institution))
}

async fn token_request(
    token_url: &str,
    form: &[(&str, Zeroizing<String>)],
    institution: &str,
) -> Result<TokenAnswer, ConnectorError> {
    let http = client(token_url, institution)?;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let result = http
        .call(
            "token endpoint",
            |c| c.post(token_url).form(&pairs),
            decode_json::<TokenAnswer>,
        )
        .await;
    result.map_err(|e| token_error(e, institution))
}

/// `{error, error_description}` of RFC 6749 §5.2 as a message; `invalid_grant` means sign in again.
fn token_error(error: HttpError, institution: &str) -> ConnectorError {
    if let HttpError::Status {
        status, code, body, ..
    } = &error
    {
        let description = body
            .as_ref()
            .and_then(|b| b.get("error_description"))
            .and_then(|d| d.as_str())
            .map(|d| format!(": {}", sanitize_text(d)))
            .unwrap_or_default();
        let code = code.as_deref().unwrap_or("");
        if code == "invalid_grant" || *status == 401 {
            return ConnectorError::ReauthRequired {
                institution: institution.into(),
                reason: format!(
                    "the saved sign-in is no longer accepted (invalid_grant{description})"
                ),
            };
        }
        return ConnectorError::Refused {
            institution: institution.into(),
            detail: format!("the token endpoint answered HTTP {status} {code}{description}"),
        };
    }
    error.into_connector(institution)
}

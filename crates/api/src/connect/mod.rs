//! Adding a connection from the app: SimpleFIN (paste a setup token), the card issuer (username
//! and password, then the one-time code), FDX (sign in through the browser, then wait for the
//! loopback redirect), OFX Direct Connect (server, user id, password and accounts,
//! `ofx_direct.rs`) and the demo sandbox bank (an in-process sandbox for this session).
//!
//! Sign-ins that need a second step run on a thread of their own (the core's login takes the
//! one-time code from a callback); the session keeps the waiting sign-in under a number the UI
//! echoes back. Secrets typed in the UI travel only into Rust and are never returned or logged.

use std::collections::HashMap;
use std::sync::Mutex;

use coffer_core::connectors::{issuer, simplefin};
use coffer_core::domain::ConnectionKind;
use coffer_core::sync::ConnectorError;
use coffer_core::vault::store::NewConnection;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{ApiError, ErrorKind};
use crate::Session;

/// The demo connection's institution name (the same as `coffer demo`'s).
pub const DEMO_INSTITUTION: &str = "Sandbox Bank (demo)";

mod ofx_direct;
mod signin;

pub use ofx_direct::{LinkOfxDirectRequest, OFX_DEFAULT_INSTITUTION};

type Secrets = Vec<(String, Zeroizing<Vec<u8>>)>;

/// What a finished sign-in gives: the scopes granted and the secrets to store.
struct Grant {
    scopes: Vec<String>,
    secrets: Secrets,
}

/// Sign-ins waiting for their second step, and the demo sandbox once started.
#[derive(Default)]
pub struct Pending {
    next_id: Mutex<u64>,
    waiting: Mutex<HashMap<u64, signin::Waiting>>,
    demo: Mutex<Option<DemoBank>>,
}

struct DemoBank {
    runtime: tokio::runtime::Runtime,
    sandbox: Option<coffer_sandbox::SandboxHandle>,
}

impl Drop for DemoBank {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.runtime.block_on(sandbox.shutdown());
        }
    }
}

/// A connection was linked.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LinkResult {
    #[ts(type = "number")]
    pub connection_id: i64,
    pub institution: String,
    pub scopes: Vec<String>,
}

/// Link a SimpleFIN Bridge with the setup token the user pasted.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LinkSimplefinRequest {
    pub setup_token: String,
    /// Shown in the app; "SimpleFIN Bridge" when empty.
    pub institution: Option<String>,
}

/// Sign in to a card issuer: the first step (the server then sends a one-time code).
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct IssuerLoginRequest {
    /// The issuer API's base URL.
    pub url: String,
    pub institution: Option<String>,
    pub username: String,
    pub password: String,
}

/// The one-time code challenge: where the code went, never the code.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct IssuerChallenge {
    #[ts(type = "number")]
    pub login_id: u64,
    pub channel: Option<String>,
    pub hint: Option<String>,
    pub length: Option<u32>,
}

/// The second step: the one-time code.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct IssuerCodeRequest {
    #[ts(type = "number")]
    pub login_id: u64,
    pub code: String,
}

/// Link an FDX provider: Coffer makes the sign-in address; the user signs in in a browser.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FdxStartRequest {
    /// The FDX API base URL, e.g. `https://bank.example/fdx/v6`.
    pub url: String,
    /// The OAuth issuer (default: the API URL's origin).
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub institution: Option<String>,
    /// Open the system browser from Rust (desktop); the browser UI opens a tab itself.
    pub open_browser: bool,
}

/// The sign-in address to open, and the number to finish with.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FdxStarted {
    #[ts(type = "number")]
    pub login_id: u64,
    pub authorize_url: String,
}

/// Wait for the browser sign-in to come back, then link.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FdxFinishRequest {
    #[ts(type = "number")]
    pub login_id: u64,
}

fn connector_error(err: ConnectorError) -> ApiError {
    let kind = match &err {
        ConnectorError::Unreachable { .. }
        | ConnectorError::CircuitOpen { .. }
        | ConnectorError::RateLimited { .. } => ErrorKind::Network,
        _ => ErrorKind::InvalidInput,
    };
    ApiError::new(kind, format!("{err}."))
}

fn internal(what: &str) -> ApiError {
    ApiError::new(ErrorKind::Internal, format!("Could not {what}."))
}

fn runtime() -> Result<tokio::runtime::Runtime, ApiError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|_| internal("start the sign-in"))
}

fn name_or(name: &Option<String>, default: &str) -> String {
    name.as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(default)
        .to_string()
}

fn check_url(url: &str) -> Result<String, ApiError> {
    let url = url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(url.trim_end_matches('/').to_string())
    } else {
        Err(ApiError::invalid(
            "Enter the institution's address, starting with https://.",
        ))
    }
}

impl Session {
    fn store_connection(
        &self,
        kind: ConnectionKind,
        institution: &str,
        base_url: Option<&str>,
        grant: Grant,
    ) -> Result<LinkResult, ApiError> {
        self.with_vault(|vault| {
            let connection_id = vault.create_connection(NewConnection {
                kind,
                institution,
                display_name: institution,
                base_url,
                scopes: &grant.scopes,
                secrets: grant.secrets,
            })?;
            Ok(LinkResult {
                connection_id,
                institution: institution.to_string(),
                scopes: grant.scopes.clone(),
            })
        })
    }

    fn ensure_unlocked(&self) -> Result<(), ApiError> {
        self.with_vault(|_| Ok(()))
    }

    pub fn link_simplefin(&self, request: LinkSimplefinRequest) -> Result<LinkResult, ApiError> {
        self.ensure_unlocked()?;
        let token = Zeroizing::new(request.setup_token);
        if token.trim().is_empty() {
            return Err(ApiError::invalid("Paste the SimpleFIN setup token."));
        }
        let institution = name_or(&request.institution, "SimpleFIN Bridge");
        let options = simplefin::SimpleFinOptions {
            institution: institution.clone(),
            ..simplefin::SimpleFinOptions::default()
        };
        let access_url = runtime()?
            .block_on(simplefin::claim(token.trim(), &options))
            .map_err(connector_error)?;
        let grant = Grant {
            scopes: vec!["accounts".into(), "transactions".into()],
            secrets: vec![(
                simplefin::SECRET_ACCESS_URL.to_string(),
                Zeroizing::new(access_url.as_bytes().to_vec()),
            )],
        };
        self.store_connection(ConnectionKind::SimpleFin, &institution, None, grant)
    }

    /// Links the demo sandbox bank: starts it in this process (once per session), signs in
    /// with its documented demo credentials and replaces any earlier demo connection.
    pub fn link_demo(&self) -> Result<LinkResult, ApiError> {
        self.ensure_unlocked()?;
        let mut demo = self.pending.demo.lock().unwrap_or_else(|p| p.into_inner());
        if demo.is_none() {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .map_err(|_| internal("start the sandbox bank"))?;
            let sandbox = runtime
                .block_on(coffer_sandbox::start(
                    coffer_sandbox::SandboxConfig::default(),
                ))
                .map_err(|e| {
                    ApiError::new(
                        ErrorKind::Internal,
                        format!("The sandbox bank did not start: {e}."),
                    )
                })?;
            *demo = Some(DemoBank {
                runtime,
                sandbox: Some(sandbox),
            });
        }
        let bank = demo.as_ref().ok_or_else(|| internal("start the sandbox"))?;
        let api_url = bank
            .sandbox
            .as_ref()
            .map(|s| s.api_url())
            .ok_or_else(|| internal("reach the sandbox bank"))?;
        let login = bank
            .runtime
            .block_on(issuer::login(&api_url, "demo", "demo", None, None, |_| {
                Ok("123456".to_string())
            }))
            .map_err(connector_error)?;
        drop(demo);
        self.with_vault_alone("link the demo bank", |vault| {
            for old in vault.connections()? {
                if old.institution == DEMO_INSTITUTION {
                    vault.unlink(old.id, true)?;
                }
            }
            Ok(())
        })?;
        let mut secrets = login.secrets;
        secrets.push((
            issuer::SECRET_ACCESS_TOKEN.to_string(),
            Zeroizing::new(login.access_token.as_bytes().to_vec()),
        ));
        let grant = Grant {
            scopes: login.scopes,
            secrets,
        };
        self.store_connection(
            ConnectionKind::Issuer,
            DEMO_INSTITUTION,
            Some(&api_url),
            grant,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_must_be_http_urls() {
        assert!(check_url("ftp://x").is_err());
        assert_eq!(
            check_url(" https://a.example/ ").unwrap(),
            "https://a.example"
        );
    }
}

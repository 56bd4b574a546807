//! FDX (Financial Data Exchange) v6 core resources under `/fdx/v6` and the OAuth 2.0
//! authorization server under `/oauth` (authorization code + PKCE S256, loopback redirects).

pub mod accounts;
pub mod error;
pub mod oauth;
mod oauth_routes;
pub mod transactions;

use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::api::AppState;
use crate::state::SandboxState;
use error::FdxError;
use oauth::TokenProblem;

/// Base path of the FDX resource server.
pub const FDX_BASE: &str = "/fdx/v6";
pub const DEFAULT_FDX_LIMIT: usize = 100;
pub const MAX_FDX_LIMIT: usize = 1000;

pub fn router() -> Router<AppState> {
    let resources = Router::new()
        .route("/accounts", get(accounts::list))
        .route("/accounts/{account_id}", get(accounts::one))
        .route(
            "/accounts/{account_id}/transactions",
            get(transactions::list),
        )
        .route(
            "/accounts/{account_id}/statements",
            get(accounts::statements),
        )
        .route(
            "/accounts/{account_id}/statements/{statement_id}",
            get(accounts::statement_pdf),
        );
    Router::new()
        .nest(FDX_BASE, resources)
        .route("/oauth/authorize", get(oauth_routes::authorize))
        .route("/oauth/token", post(oauth_routes::token))
        .route("/.well-known/oauth-authorization-server", get(discovery))
}

/// RFC 8414 metadata, relative to the request's `Host`.
async fn discovery(headers: HeaderMap) -> Json<Value> {
    let base = format!("http://{}", crate::api::host(&headers));
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": oauth::FDX_SCOPES,
    }))
}

/// Checks the bearer token for any of `scopes`, applying the `expire_token_after` and
/// `step_up_after` (grant revoked) faults.
pub fn authorize(
    state: &SandboxState,
    headers: &HeaderMap,
    scopes: &[&'static str],
) -> Result<(), FdxError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let faults = state.faults();
    let mut store = state.oauth.lock().map_err(|_| FdxError::Server(500))?;
    store
        .authorize(
            token,
            scopes,
            faults.expire_token_after,
            faults.step_up_after,
        )
        .map_err(|problem| match problem {
            TokenProblem::Unknown => FdxError::InvalidToken("missing or unknown access token"),
            TokenProblem::Expired => FdxError::InvalidToken("access token expired; refresh it"),
            TokenProblem::Revoked => {
                FdxError::InvalidToken("grant revoked; run the authorization flow again")
            }
            TokenProblem::MissingScope(scope) => FdxError::InsufficientScope(scope),
        })
}

pub fn find_account<'a>(
    state: &'a SandboxState,
    id: &str,
) -> Result<&'a crate::generator::Account, FdxError> {
    state
        .bank
        .account(id)
        .ok_or_else(|| FdxError::AccountNotFound(id.to_owned()))
}

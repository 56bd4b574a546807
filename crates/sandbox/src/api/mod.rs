//! The issuer API's routes under `/api/v1/barclays-us/`, plus the `/_sandbox/` control surface.

mod accounts;
mod admin;
mod auth_routes;
pub mod error;
pub mod events;
mod other;
pub mod statements;
pub mod views;

use std::sync::Arc;

use axum::http::HeaderMap;
use axum::routing::{get, post, put};
use axum::Router;

use crate::auth::Session;
use crate::state::SandboxState;
use error::ApiError;

pub const BASE_PATH: &str = "/api/v1/barclays-us";
pub const DEFAULT_PAGE_LIMIT: usize = 500;
pub const MAX_PAGE_LIMIT: usize = 1000;

pub type AppState = Arc<SandboxState>;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/login", post(auth_routes::login))
        .route("/auth/refresh", post(auth_routes::refresh))
        .route("/accounts", get(accounts::list))
        .route("/accounts/{account_id}", get(accounts::one))
        .route("/accounts/{account_id}/balances", get(accounts::balances))
        .route(
            "/accounts/{account_id}/transactions",
            get(accounts::transactions),
        )
        .route("/accounts/{account_id}/statements", get(statements::list))
        .route(
            "/accounts/{account_id}/statements/{statement_id}/pdf",
            get(statements::pdf),
        )
        .route("/statement", post(statements::export))
        .route("/cards", get(accounts::cards))
        .route("/fico", get(other::fico))
        .route("/fico/history", get(other::fico_history))
        .route("/rewards", get(other::rewards))
        .route("/rewards/{program_id}/events", get(other::reward_events))
        .route("/deposits", get(other::deposits))
        .route("/transfers", get(other::transfers))
        .route("/card_events", get(other::card_events))
        .route("/events", get(events::list))
        .route("/webhooks", post(events::register_webhook));
    let admin = Router::new()
        .route("/truth", get(admin::truth))
        .route("/truth/{protocol}", get(admin::protocol_truth))
        .route("/advance_month", post(admin::advance_month))
        .route("/faults", put(admin::set_faults).get(admin::get_faults))
        .route("/openapi.yaml", get(admin::openapi));
    Router::new()
        .nest(BASE_PATH, api)
        .nest("/_sandbox", admin)
        .merge(crate::fdx::router())
        .merge(crate::simplefin::router())
        .merge(crate::ofx::router())
        .merge(crate::files::router())
        .with_state(state)
}

/// Checks the bearer token in `headers` for `scope` (or any valid token when `None`).
pub fn authorize(
    state: &SandboxState,
    headers: &HeaderMap,
    scope: Option<&'static str>,
) -> Result<Session, ApiError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let faults = state.faults();
    let mut auth = state.auth.lock().map_err(|_| ApiError::ServerError(500))?;
    Ok(auth.authorize(
        token,
        scope,
        faults.expire_token_after,
        faults.step_up_after,
    )?)
}

pub fn page_limit(limit: Option<usize>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_PAGE_LIMIT),
        Some(n) if (1..=MAX_PAGE_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::InvalidRequest(format!(
            "limit must be 1..={MAX_PAGE_LIMIT}, got {n}"
        ))),
    }
}

pub fn find_account<'a>(
    state: &'a SandboxState,
    id: &str,
) -> Result<&'a crate::generator::Account, ApiError> {
    state.bank.account(id).ok_or(ApiError::NotFound("account"))
}

/// The request's `Host` header (what the client used to reach the sandbox), for absolute URLs.
pub fn host(headers: &HeaderMap) -> String {
    headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("127.0.0.1")
        .to_owned()
}

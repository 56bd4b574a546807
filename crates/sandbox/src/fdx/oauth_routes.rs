//! `GET /oauth/authorize` (auto-approved consent, 302 to the loopback redirect) and
//! `POST /oauth/token` (authorization_code with PKCE S256, refresh_token with rotation).

use std::collections::HashMap;

use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::error::OAuthError;
use super::oauth::{is_loopback_redirect, parse_scope};
use crate::api::AppState;

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn redirect(uri: &str, params: &[(&str, &str)]) -> Response {
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    let separator = if uri.contains('?') { '&' } else { '?' };
    let location = format!("{uri}{separator}{}", query.join("&"));
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Errors the authorization endpoint cannot redirect (bad client or redirect URI): shown as 400.
fn direct_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

pub async fn authorize(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let get = |key: &str| query.get(key).map(String::as_str).filter(|v| !v.is_empty());
    let Some(client_id) = get("client_id") else {
        return direct_error("invalid_request", "client_id is required");
    };
    let Some(redirect_uri) = get("redirect_uri") else {
        return direct_error("invalid_request", "redirect_uri is required");
    };
    if !is_loopback_redirect(redirect_uri) {
        return direct_error(
            "invalid_request",
            "redirect_uri must be a loopback URI (http://127.0.0.1:PORT/…, RFC 8252)",
        );
    }
    let state_param = get("state");
    let fail = |error: &str, description: &str| {
        let mut params = vec![("error", error), ("error_description", description)];
        if let Some(s) = state_param {
            params.push(("state", s));
        }
        redirect(redirect_uri, &params)
    };
    if get("response_type") != Some("code") {
        return fail("unsupported_response_type", "response_type must be code");
    }
    let Some(challenge) = get("code_challenge") else {
        return fail("invalid_request", "code_challenge is required (PKCE)");
    };
    if get("code_challenge_method") != Some("S256") {
        return fail("invalid_request", "code_challenge_method must be S256");
    }
    if challenge.len() != 43 {
        return fail(
            "invalid_request",
            "code_challenge must be 43 base64url characters",
        );
    }
    let scopes = match parse_scope(get("scope")) {
        Ok(scopes) => scopes,
        Err(unknown) => return fail("invalid_scope", &format!("unknown scope {unknown}")),
    };
    let code = match state.oauth.lock() {
        Ok(mut store) => store.issue_code(client_id, redirect_uri, challenge, scopes),
        Err(_) => return fail("server_error", "state lock poisoned"),
    };
    let mut params = vec![("code", code.as_str())];
    if let Some(s) = state_param {
        params.push(("state", s));
    }
    redirect(redirect_uri, &params)
}

pub async fn token(
    State(state): State<AppState>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, OAuthError> {
    let get = |key: &str| form.get(key).map(String::as_str).filter(|v| !v.is_empty());
    let mut store = state
        .oauth
        .lock()
        .map_err(|_| OAuthError::new("server_error", "state lock poisoned"))?;
    let tokens = match get("grant_type") {
        Some("authorization_code") => {
            let code = get("code")
                .ok_or_else(|| OAuthError::new("invalid_request", "code is required"))?;
            store.exchange_code(
                code,
                get("client_id"),
                get("redirect_uri"),
                get("code_verifier"),
            )?
        }
        Some("refresh_token") => {
            let refresh = get("refresh_token")
                .ok_or_else(|| OAuthError::new("invalid_request", "refresh_token is required"))?;
            store.refresh(refresh, get("client_id"))?
        }
        Some(other) => {
            return Err(OAuthError::new(
                "unsupported_grant_type",
                format!("grant_type {other} is not supported"),
            ))
        }
        None => return Err(OAuthError::new("invalid_request", "grant_type is required")),
    };
    let mut response = Json(tokens).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

//! `POST auth/login` (password + device, then OTP challenge) and `POST auth/refresh`.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::AppState;
use crate::auth::{parse_scopes, TokenGrant, ACCESS_TOKEN_SECONDS};

#[derive(Deserialize)]
pub struct Device {
    pub id: String,
    /// Accepted as the seed sends it; the sandbox does not treat biometric logins differently.
    #[serde(default)]
    #[allow(dead_code)]
    pub biometric: bool,
}

#[derive(Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    pub device: Device,
    pub challenge: Option<String>,
    pub scopes: Option<Vec<String>>,
}

#[derive(Deserialize)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

fn grant_body(grant: TokenGrant) -> Json<Value> {
    Json(json!({
        "access_token": grant.access_token,
        "refresh_token": grant.refresh_token,
        "expires_in": ACCESS_TOKEN_SECONDS,
        "scopes": grant.scopes,
        "token_type": "Bearer",
    }))
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body)
        .map_err(|e| ApiError::InvalidRequest(format!("bad request body: {e}")))
}

pub async fn login(State(state): State<AppState>, body: String) -> Result<Json<Value>, ApiError> {
    let request: LoginRequest = parse_json(&body)?;
    if request.device.id.trim().is_empty() {
        return Err(ApiError::InvalidRequest(
            "device.id must not be empty".to_owned(),
        ));
    }
    let credentials = &state.credentials;
    if request.username != credentials.username || request.password != credentials.password {
        return Err(ApiError::InvalidCredentials);
    }
    let Some(challenge) = request.challenge else {
        return Err(ApiError::ChallengeRequired);
    };
    if challenge.strip_prefix("otp:") != Some(credentials.otp.as_str()) {
        return Err(ApiError::InvalidOtp);
    }
    let scopes = parse_scopes(request.scopes.as_deref())?;
    let grant = state
        .auth
        .lock()
        .map_err(|_| ApiError::ServerError(500))?
        .login(scopes);
    Ok(grant_body(grant))
}

pub async fn refresh(State(state): State<AppState>, body: String) -> Result<Json<Value>, ApiError> {
    let request: RefreshRequest = parse_json(&body)?;
    let grant = state
        .auth
        .lock()
        .map_err(|_| ApiError::ServerError(500))?
        .refresh(&request.refresh_token)?;
    Ok(grant_body(grant))
}

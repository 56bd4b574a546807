//! FDX error bodies `{code, message, debugMessage}` and the OAuth 2.0 error bodies of the
//! authorization server (`{error, error_description}`, RFC 6749 §5.2).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An FDX resource-server error. `code` is FDX's error code where FDX defines one (500, 503,
/// 701, 702, 703, 1104); `400`, `401`, `403` and `429` are the sandbox's own codes for the
/// conditions FDX leaves to the HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum FdxError {
    #[error("missing, unknown or expired access token")]
    InvalidToken(&'static str),
    #[error("the access token lacks scope {0}")]
    InsufficientScope(&'static str),
    #[error("Account not found")]
    AccountNotFound(String),
    #[error("Invalid start or end date")]
    InvalidDate(String),
    #[error("Invalid date range")]
    InvalidRange(String),
    #[error("Invalid input")]
    InvalidInput(String),
    #[error("Statement id not found for Account")]
    StatementNotFound(String),
    #[error("Too many requests")]
    RateLimited(u64),
    #[error("Internal server error")]
    Server(u16),
}

impl FdxError {
    pub fn status(&self) -> StatusCode {
        match self {
            FdxError::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            FdxError::InsufficientScope(_) => StatusCode::FORBIDDEN,
            FdxError::AccountNotFound(_) | FdxError::StatementNotFound(_) => StatusCode::NOT_FOUND,
            FdxError::InvalidDate(_) | FdxError::InvalidRange(_) | FdxError::InvalidInput(_) => {
                StatusCode::BAD_REQUEST
            }
            FdxError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            FdxError::Server(status) => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    pub fn code(&self) -> String {
        match self {
            FdxError::InvalidToken(_) => "401".to_owned(),
            FdxError::InsufficientScope(_) => "403".to_owned(),
            FdxError::AccountNotFound(_) => "701".to_owned(),
            FdxError::InvalidDate(_) => "702".to_owned(),
            FdxError::InvalidRange(_) => "703".to_owned(),
            FdxError::InvalidInput(_) => "400".to_owned(),
            FdxError::StatementNotFound(_) => "1104".to_owned(),
            FdxError::RateLimited(_) => "429".to_owned(),
            FdxError::Server(503) => "503".to_owned(),
            FdxError::Server(_) => "500".to_owned(),
        }
    }

    fn debug_message(&self) -> String {
        match self {
            FdxError::InvalidToken(why) => (*why).to_owned(),
            FdxError::InsufficientScope(scope) => format!("scope {scope} was not granted"),
            FdxError::AccountNotFound(id) => format!("no account with accountId {id}"),
            FdxError::InvalidDate(detail)
            | FdxError::InvalidRange(detail)
            | FdxError::InvalidInput(detail)
            | FdxError::StatementNotFound(detail) => detail.clone(),
            FdxError::RateLimited(seconds) => format!("retry after {seconds} s"),
            FdxError::Server(status) => format!("sandbox fault injection ({status})"),
        }
    }
}

impl IntoResponse for FdxError {
    fn into_response(self) -> Response {
        let body = json!({
            "code": self.code(),
            "message": self.to_string(),
            "debugMessage": self.debug_message(),
        });
        let mut response = (self.status(), Json(body)).into_response();
        let headers = response.headers_mut();
        if let FdxError::RateLimited(seconds) = self {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        if let FdxError::InvalidToken(_) = self {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"fdx\", error=\"invalid_token\""),
            );
        }
        response
    }
}

/// An OAuth 2.0 token-endpoint error (RFC 6749 §5.2), always HTTP 400 except `invalid_client`.
#[derive(Debug, thiserror::Error)]
#[error("{error}: {description}")]
pub struct OAuthError {
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn new(error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError {
            error,
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let status = if self.error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        let body = json!({"error": self.error, "error_description": self.description});
        let mut response = (status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

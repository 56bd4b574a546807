//! API error bodies: `{"error": code, "message": text}` with the seed's status codes.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::auth::AuthError;
use crate::cursor::CursorError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("a one-time passcode is required")]
    ChallengeRequired,
    #[error("username or password is wrong")]
    InvalidCredentials,
    #[error("the one-time passcode is wrong")]
    InvalidOtp,
    #[error("{0}")]
    InvalidRequest(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Cursor(#[from] CursorError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("too many requests; retry after {0} s")]
    RateLimited(u64),
    #[error("internal error")]
    ServerError(u16),
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::ChallengeRequired => "challenge_required",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::InvalidOtp => "invalid_otp",
            ApiError::InvalidRequest(_) | ApiError::Auth(AuthError::UnknownScope(_)) => {
                "invalid_request"
            }
            ApiError::Auth(AuthError::InvalidToken) => "invalid_token",
            ApiError::Auth(AuthError::TokenExpired) => "token_expired",
            ApiError::Auth(AuthError::StepUpRequired) => "step_up_required",
            ApiError::Auth(AuthError::InsufficientScope(_)) => "insufficient_scope",
            ApiError::Auth(AuthError::InvalidRefreshToken) => "invalid_grant",
            ApiError::Cursor(_) => "invalid_cursor",
            ApiError::NotFound(_) => "not_found",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::ServerError(_) => "server_error",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::ChallengeRequired | ApiError::InvalidCredentials | ApiError::InvalidOtp => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Auth(
                AuthError::InvalidToken | AuthError::TokenExpired | AuthError::InvalidRefreshToken,
            ) => StatusCode::UNAUTHORIZED,
            ApiError::Auth(AuthError::StepUpRequired | AuthError::InsufficientScope(_)) => {
                StatusCode::FORBIDDEN
            }
            ApiError::InvalidRequest(_)
            | ApiError::Cursor(_)
            | ApiError::Auth(AuthError::UnknownScope(_)) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::ServerError(status) => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.code(), "message": self.to_string()});
        match &self {
            ApiError::ChallengeRequired => {
                body["challenge"] =
                    json!({"type": "otp", "channel": "sms", "length": 6, "hint": "***-***-0147"});
            }
            ApiError::Auth(AuthError::InsufficientScope(scope)) => {
                body["required_scope"] = json!(scope)
            }
            ApiError::RateLimited(seconds) => body["retry_after"] = json!(seconds),
            _ => {}
        }
        let mut response = (self.status(), Json(body)).into_response();
        if let ApiError::RateLimited(seconds) = self {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if self.status() == StatusCode::UNAUTHORIZED {
            let value = HeaderValue::from_static("Bearer realm=\"barclays-us\"");
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

//! JSON answers: the `ApiError` shape `{kind, message}` for every refusal and failure, and the
//! HTTP status for each error kind (401 is kept for a missing or wrong token).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use coffer_api::{ApiError, ErrorKind};

/// The HTTP status for a backend error. Never 401: the UI reads 401 as "wrong token".
pub fn status_for(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorKind::WrongKey => StatusCode::FORBIDDEN,
        ErrorKind::Locked | ErrorKind::VaultExists | ErrorKind::Conflict | ErrorKind::Busy => {
            StatusCode::CONFLICT
        }
        ErrorKind::NotFound | ErrorKind::VaultMissing => StatusCode::NOT_FOUND,
        ErrorKind::KeychainUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Network => StatusCode::BAD_GATEWAY,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A backend error as the UI expects it.
pub fn api_error(error: ApiError) -> Response {
    (status_for(error.kind), Json(error)).into_response()
}

/// A refusal by the server itself, with a kind the backend does not use (`unauthorized`,
/// `forbidden`) or one it does (`invalid_input`), and a sentence for people.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            status,
            kind,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "kind": self.kind, "message": self.message });
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_backend_error_maps_to_401() {
        use ErrorKind::*;
        for kind in [
            Locked,
            VaultMissing,
            VaultExists,
            WrongKey,
            KeychainUnavailable,
            InvalidInput,
            NotFound,
            Network,
            Conflict,
            Busy,
            Internal,
        ] {
            assert_ne!(status_for(kind), StatusCode::UNAUTHORIZED, "{kind:?}");
        }
        assert_eq!(status_for(WrongKey), StatusCode::FORBIDDEN);
        assert_eq!(status_for(Locked), StatusCode::CONFLICT);
    }
}

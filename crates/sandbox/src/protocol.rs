//! Which protocol a request path belongs to, so injected faults answer in that protocol's own
//! error shape (issuer JSON, FDX `{code, message, debugMessage}`, plain text for SimpleFIN/OFX).

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::response::IntoResponse;

use crate::api::error::ApiError;
use crate::api::BASE_PATH;
use crate::fdx::error::FdxError;
use crate::fdx::FDX_BASE;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Issuer,
    Fdx,
    SimpleFin,
    Ofx,
}

impl Protocol {
    /// The protocol of a faultable path; `None` for the control surface and anything else.
    pub fn of_path(path: &str) -> Option<Protocol> {
        let under = |base: &str| {
            path.strip_prefix(base)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under(BASE_PATH) {
            Some(Protocol::Issuer)
        } else if under(FDX_BASE) || under("/oauth") {
            Some(Protocol::Fdx)
        } else if under("/simplefin") {
            Some(Protocol::SimpleFin)
        } else if under("/ofx") {
            Some(Protocol::Ofx)
        } else {
            None
        }
    }

    pub fn server_error(self, status: u16) -> Response<Body> {
        match self {
            Protocol::Issuer => ApiError::ServerError(status).into_response(),
            Protocol::Fdx => FdxError::Server(status).into_response(),
            Protocol::SimpleFin | Protocol::Ofx => {
                let code =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                (code, "The server had a problem; try again later.\n").into_response()
            }
        }
    }

    pub fn rate_limited(self, seconds: u64) -> Response<Body> {
        match self {
            Protocol::Issuer => ApiError::RateLimited(seconds).into_response(),
            Protocol::Fdx => FdxError::RateLimited(seconds).into_response(),
            Protocol::SimpleFin | Protocol::Ofx => {
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, "Too many requests.\n").into_response();
                if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
        }
    }
}

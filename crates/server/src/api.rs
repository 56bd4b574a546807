//! `POST /api/<command>`: the JSON body goes to `Session::dispatch` on a blocking thread (the
//! session holds a SQLite connection), and its result or `ApiError` comes back as JSON.
//!
//! Commands that report progress branch here on `Accept: text/event-stream` and answer with
//! server-sent events over the same authenticated POST (`stream.rs`, `ui/src/api/streams.ts`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use coffer_api::{ApiError, ErrorKind, Session};

use crate::reply::{api_error, Refusal};
use crate::stream;

/// Largest request body accepted: an imported statement file as Base64 (24 MiB of file); every
/// other request is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 33 * 1024 * 1024;

/// Runs one command.
pub async fn call(
    State(session): State<Arc<Session>>,
    Path(command): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Refusal::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_input",
                "The request is larger than Coffer accepts (33 MiB).",
            )
            .into_response()
        }
        Err(_) => return api_error(ApiError::invalid("The request body could not be read.")),
    };
    if !valid_name(&command) {
        return unknown(&command);
    }
    let request = match parse(&headers, &body) {
        Ok(request) => request,
        Err(refused) => return refused.into_response(),
    };
    if Session::streams_progress(&command) && stream::wants_events(&headers) {
        return stream::run(session, command, request);
    }
    let outcome =
        tokio::task::spawn_blocking(move || session.dispatch(&command, request).map(Json)).await;
    match outcome {
        Ok(Ok(result)) => result.into_response(),
        Ok(Err(error)) => api_error(error),
        Err(_) => api_error(ApiError::new(
            ErrorKind::Internal,
            "Coffer hit an internal error while running that command.",
        )),
    }
}

/// `/api` paths that do not name a command (`/api`, `/api/a/b`).
pub fn not_a_command() -> Response {
    api_error(ApiError::new(
        ErrorKind::NotFound,
        "There is no such command; commands are called as POST /api/<command>.",
    ))
}

fn unknown(command: &str) -> Response {
    // Echo only a harmless name; anything else could be used to reflect content.
    let shown: String = command
        .chars()
        .take(64)
        .filter(char::is_ascii_graphic)
        .collect();
    api_error(ApiError::new(
        ErrorKind::NotFound,
        format!("There is no command named '{shown}'."),
    ))
}

fn valid_name(command: &str) -> bool {
    (1..=64).contains(&command.len())
        && command
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The request as JSON: `{}` when the body is empty; otherwise it must be declared and be JSON.
fn parse(headers: &HeaderMap, body: &[u8]) -> Result<serde_json::Value, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::json!({}));
    }
    let declared_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !declared_json {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_input",
            "Send the request as JSON (Content-Type: application/json).",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            format!("The request is not valid JSON: {e}."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_are_snake_case_words() {
        assert!(valid_name("vault_status"));
        assert!(!valid_name(""));
        assert!(!valid_name("Vault"));
        assert!(!valid_name("../x"));
        assert!(!valid_name(&"a".repeat(65)));
    }

    #[test]
    fn an_empty_body_is_an_empty_request() {
        assert_eq!(
            parse(&HeaderMap::new(), b"").unwrap(),
            serde_json::json!({})
        );
    }

    #[test]
    fn a_body_must_be_declared_json() {
        let refused = parse(&HeaderMap::new(), b"{}").unwrap_err();
        assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
}

//! Progress over HTTP: a command that reports progress (`sync_run`), asked for with
//! `Accept: text/event-stream`, answers `200` with server-sent events on the same authenticated
//! POST — `event: progress` per step, then one `event: result` (the command's reply) or
//! `event: error` (an `ApiError`). Each `data:` line is one line of JSON.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use coffer_api::{ApiError, ErrorKind, Session};
use tokio::sync::mpsc;

/// Whether the request asks for a progress stream.
pub fn wants_events(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|part| part.trim().starts_with("text/event-stream"))
        })
}

/// One server-sent event: `event: NAME`, one `data:` line of JSON, a blank line.
pub fn frame(name: &str, data: &serde_json::Value) -> Bytes {
    // serde_json never writes a raw newline inside its compact output.
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// Runs `command` on a blocking thread and streams its progress, then its outcome.
pub fn run(session: Arc<Session>, command: String, request: serde_json::Value) -> Response {
    // Unbounded: the command reports from inside its own runtime, where a blocking send is not
    // allowed; progress is one small event per committed batch.
    let (sender, receiver) = mpsc::unbounded_channel::<Bytes>();
    tokio::task::spawn_blocking(move || {
        let progress = sender.clone();
        // A reader that went away cannot take progress; the command itself goes on.
        let outcome = session.dispatch_streaming(&command, request, &mut |event| {
            let _ = progress.send(frame("progress", &event));
        });
        let last = match outcome {
            Ok(value) => frame("result", &value),
            Err(error) => frame("error", &error_json(&error)),
        };
        let _ = sender.send(last);
    });
    let mut response = (StatusCode::OK, Body::from_stream(Frames(receiver))).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert(
        header::HeaderName::from_static("x-accel-buffering"),
        HeaderValue::from_static("no"),
    );
    response
}

fn error_json(error: &ApiError) -> serde_json::Value {
    serde_json::to_value(error).unwrap_or_else(|_| {
        serde_json::json!({ "kind": ErrorKind::Internal, "message": "Coffer could not describe the error." })
    })
}

/// The receiving end of the frames as a body stream.
struct Frames(mpsc::UnboundedReceiver<Bytes>);

impl futures_core::Stream for Frames {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|frame| frame.map(Ok))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_one_event_with_one_data_line() {
        let bytes = frame(
            "progress",
            &serde_json::json!({"stage": "batch", "label": "a\nb"}),
        );
        let text = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(
            text,
            "event: progress\ndata: {\"label\":\"a\\nb\",\"stage\":\"batch\"}\n\n"
        );
    }

    #[test]
    fn only_an_event_stream_accept_asks_for_events() {
        let mut headers = HeaderMap::new();
        assert!(!wants_events(&headers));
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        assert!(!wants_events(&headers));
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, text/event-stream"),
        );
        assert!(wants_events(&headers));
    }
}

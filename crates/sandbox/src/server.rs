//! The HTTP server: loopback-only listener, hyper connections, faults applied around the router,
//! and the handle tests and the CLI drive it through.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{header, HeaderValue, Request, Response};
use axum::Router;
use chrono::NaiveDate;
use hyper::body::{Frame, Incoming};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt;

use crate::api::{self, BASE_PATH};
use crate::auth::Credentials;
use crate::calendar;
use crate::faults::FaultSpec;
use crate::generator::events::{events_page, EventKey};
use crate::generator::{Bank, DataSpec};
use crate::protocol::Protocol;
use crate::protocol_truth::{truth_fdx_at, truth_ofx_at, truth_simplefin_at, ProtocolTruth};
use crate::state::SandboxState;
use crate::truth::{truth_at, Truth};

#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Must be a loopback address; port 0 picks a free port.
    pub addr: SocketAddr,
    pub data: DataSpec,
    pub faults: FaultSpec,
    pub credentials: Credentials,
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data: DataSpec::default(),
            faults: FaultSpec::none(),
            credentials: Credentials::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox only listens on loopback addresses (127.0.0.0/8 or ::1), not {0}")]
    NotLoopback(SocketAddr),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("could not start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// The connection is closed without a response (the `drop` fault).
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
pub struct DroppedConnection;

/// A body that sends only part of what its `Content-Length` promised, pauses so the bytes are
/// flushed, then ends (hyper then closes the connection).
struct TruncatedBody {
    part: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl TruncatedBody {
    fn new(part: Bytes) -> TruncatedBody {
        TruncatedBody {
            part: Some(part),
            pause: Box::pin(tokio::time::sleep(std::time::Duration::from_millis(20))),
        }
    }
}

impl HttpBody for TruncatedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(bytes) = self.part.take() {
            return Poll::Ready(Some(Ok(Frame::data(bytes))));
        }
        self.pause.as_mut().poll(context).map(|()| None)
    }
}

pub struct AdvanceReport {
    pub as_of: NaiveDate,
    pub months_advanced: u32,
    pub webhook_deliveries: usize,
}

/// Advances the data by a month and delivers the month's new events to registered webhooks.
pub async fn advance_month(state: &SandboxState) -> AdvanceReport {
    let (before, after) = state.advance_month();
    let hooks: Vec<(String, String, Vec<&'static str>)> = state
        .webhooks
        .lock()
        .map(|hooks| {
            hooks
                .iter()
                .map(|h| (h.url.clone(), h.secret.clone(), h.scopes.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut deliveries = 0;
    if !hooks.is_empty() {
        let mut cursor = Some(EventKey {
            day: before,
            seconds: u32::MAX,
            account: usize::MAX,
            sub: u64::MAX,
        });
        loop {
            let (events, has_more) = events_page(&state.bank, cursor, after, 1000, |_| true);
            for event in &events {
                let body = serde_json::to_vec(&api::events::event_view(&state.bank, event))
                    .unwrap_or_default();
                for (url, secret, scopes) in &hooks {
                    if api::events::event_allowed(scopes, event)
                        && crate::webhook::deliver(url, secret, &body).await.is_ok()
                    {
                        deliveries += 1;
                    }
                }
            }
            cursor = events.last().map(|e| e.key);
            if !has_more || cursor.is_none() {
                break;
            }
        }
    }
    AdvanceReport {
        as_of: calendar::date_of(after),
        months_advanced: state.months_advanced(),
        webhook_deliveries: deliveries,
    }
}

async fn handle(
    state: Arc<SandboxState>,
    router: Router,
    request: Request<Incoming>,
) -> Result<Response<Body>, DroppedConnection> {
    let Some(protocol) = Protocol::of_path(request.uri().path()) else {
        return Ok(router
            .oneshot(request.map(Body::new))
            .await
            .unwrap_or_else(|e| match e {}));
    };
    let decision = state.roll_faults();
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    if decision.drop {
        return Err(DroppedConnection);
    }
    if let Some(status) = decision.server_error {
        return Ok(protocol.server_error(status));
    }
    if let Some(seconds) = decision.rate_limit {
        return Ok(protocol.rate_limited(seconds));
    }
    let response = router
        .oneshot(request.map(Body::new))
        .await
        .unwrap_or_else(|e| match e {});
    if !decision.truncate && !decision.malformed {
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    if decision.truncate {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        return Ok(Response::from_parts(
            parts,
            Body::new(TruncatedBody::new(half)),
        ));
    }
    let mut garbled = half.to_vec();
    garbled.extend_from_slice(b"\x00<html><body>502 Bad Gateway</body></html>");
    parts.headers.remove(header::CONTENT_LENGTH);
    Ok(Response::from_parts(parts, Body::from(garbled)))
}

/// A running sandbox. Dropping it stops the server.
pub struct SandboxHandle {
    state: Arc<SandboxState>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT` — the API is under `/api/v1/barclays-us`, control under `/_sandbox`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT/api/v1/barclays-us` — the OpenAPI document's server URL.
    pub fn api_url(&self) -> String {
        format!("{}{BASE_PATH}", self.base_url())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn as_of(&self) -> NaiveDate {
        calendar::date_of(self.state.now())
    }

    pub async fn advance_month(&self) -> AdvanceReport {
        advance_month(&self.state).await
    }

    pub fn set_faults(&self, faults: FaultSpec) {
        self.state.set_faults(faults);
    }

    pub fn faults(&self) -> FaultSpec {
        self.state.faults()
    }

    /// What a full sync must produce as of the sandbox's current day.
    pub fn truth(&self) -> Truth {
        truth_at(&self.state.bank, self.state.now())
    }

    /// What a full FDX sync must produce today (see `protocol_truth`).
    pub fn truth_fdx(&self) -> ProtocolTruth {
        truth_fdx_at(&self.state.bank, self.state.now())
    }

    /// What a full SimpleFIN sync (with `pending=1`) must produce today.
    pub fn truth_simplefin(&self) -> ProtocolTruth {
        truth_simplefin_at(&self.state.bank, self.state.now())
    }

    /// What a full OFX sync (Direct Connect, or every file) must produce today.
    pub fn truth_ofx(&self) -> ProtocolTruth {
        truth_ofx_at(&self.state.bank, self.state.now())
    }

    /// SimpleFIN: revoke every access URL (403), or lapse / restore the subscription (402).
    pub fn simplefin_revoke_all(&self) {
        if let Ok(mut store) = self.state.simplefin.lock() {
            store.revoke_all();
        }
    }

    pub fn simplefin_set_lapsed(&self, lapsed: bool) {
        if let Ok(mut store) = self.state.simplefin.lock() {
            store.lapsed = lapsed;
        }
    }

    /// SimpleFIN requests per access URL per sandbox day before quota warnings (default 24).
    pub fn simplefin_set_daily_budget(&self, budget: u32) {
        if let Ok(mut store) = self.state.simplefin.lock() {
            store.daily_budget = budget;
        }
    }

    pub fn bank(&self) -> &Bank {
        &self.state.bank
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
    }
}

/// Binds the listener and starts serving on the current tokio runtime.
pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
    if !config.addr.ip().is_loopback() {
        return Err(SandboxError::NotLoopback(config.addr));
    }
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| SandboxError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
        addr: config.addr,
        source,
    })?;
    let state = Arc::new(SandboxState::new(
        Bank::new(config.data),
        config.faults,
        config.credentials,
    ));
    let router = api::router(state.clone());
    let (shutdown, mut stop) = oneshot::channel::<()>();
    let loop_state = state.clone();
    let task = tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = &mut stop => break,
                accepted = listener.accept() => accepted,
            };
            let Ok((stream, _)) = accepted else { continue };
            let (state, router) = (loop_state.clone(), router.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    handle(state.clone(), router.clone(), request)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(SandboxHandle {
        state,
        addr,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

/// Runs the sandbox until the process is killed (or Ctrl-C), calling `on_ready` with the base URL
/// once it listens. Prints nothing itself.
pub fn serve_forever(
    config: SandboxConfig,
    on_ready: impl FnOnce(&str),
) -> Result<(), SandboxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(SandboxError::Runtime)?;
    runtime.block_on(async move {
        let handle = start(config).await?;
        on_ready(&handle.base_url());
        let _ = tokio::signal::ctrl_c().await;
        handle.shutdown().await;
        Ok(())
    })
}

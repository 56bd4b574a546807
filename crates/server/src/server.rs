//! Binding (loopback only), the router with its guards, and running until told to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use axum::Router;
use coffer_api::Session;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::{self, MAX_BODY_BYTES};
use crate::error::ServeError;
use crate::guard::{self, Guard};
use crate::headers;
use crate::token::Token;
use crate::ui::{self, UiDir};

/// Where to listen and which built UI to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Must be a loopback address; port 0 picks a free port.
    pub addr: SocketAddr,
    /// The built UI folder (holds `index.html`), read from disk on each request.
    pub ui_dir: PathBuf,
}

impl ServeConfig {
    pub fn new(addr: SocketAddr, ui_dir: impl Into<PathBuf>) -> Self {
        ServeConfig {
            addr,
            ui_dir: ui_dir.into(),
        }
    }
}

/// A bound, not yet serving, server: print [`url_with_token`](Self::url_with_token), then
/// [`serve_until`](Self::serve_until) or [`spawn`](Self::spawn).
pub struct RunningServer {
    listener: TcpListener,
    router: Router,
    local_addr: SocketAddr,
    token: Arc<Token>,
}

/// Checks the address, the UI folder and the random source, then binds.
pub async fn bind(config: ServeConfig, session: Arc<Session>) -> Result<RunningServer, ServeError> {
    if !config.addr.ip().is_loopback() {
        return Err(ServeError::NotLoopback(config.addr));
    }
    let ui = UiDir::open(&config.ui_dir)?;
    let token = Arc::new(Token::generate().map_err(ServeError::Random)?);
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let local_addr = listener.local_addr()?;
    tokio::spawn(watch_idle(Arc::downgrade(&session)));
    let guard = Arc::new(Guard::new(local_addr, token.clone()));
    let router = router(session, ui, guard);
    Ok(RunningServer {
        listener,
        router,
        local_addr,
        token,
    })
}

/// Locks the vault once it sat idle past its auto-lock delay (the key is dropped even when no
/// browser tab is left to do it); ends when the session does.
async fn watch_idle(session: std::sync::Weak<Session>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(15));
    loop {
        every.tick().await;
        let Some(session) = session.upgrade() else {
            return;
        };
        // `lock_if_idle` never waits for a busy vault, so it may run on this task.
        session.lock_if_idle();
    }
}

fn router(session: Arc<Session>, ui: UiDir, guard: Arc<Guard>) -> Router {
    let api = Router::new()
        .route("/api/{command}", post(api::call))
        .with_state(session);
    Router::new()
        .merge(api)
        .fallback(ui::serve_file)
        .with_state(ui)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(guard, guard::check))
        .layer(axum::middleware::from_fn(headers::secure))
}

impl RunningServer {
    /// The address actually bound (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://127.0.0.1:PORT/`, without the secret.
    pub fn url(&self) -> String {
        format!("http://{}/", self.local_addr)
    }

    /// The URL to open: the secret rides in the fragment, which browsers never send to servers.
    pub fn url_with_token(&self) -> String {
        format!("{}#token={}", self.url(), self.token.as_str())
    }

    /// The per-launch secret itself (for tests and the CLI's own use; never log it).
    pub fn token(&self) -> &str {
        self.token.as_str()
    }

    /// Serves until `shutdown` completes, then lets open requests finish.
    pub async fn serve_until<F>(self, shutdown: F) -> Result<(), ServeError>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }

    /// Serves on a task of the current runtime until [`ServerHandle::shutdown`].
    pub fn spawn(self) -> ServerHandle {
        let (stop, stopped) = oneshot::channel::<()>();
        let local_addr = self.local_addr;
        let task = tokio::spawn(self.serve_until(async move {
            let _ = stopped.await;
        }));
        ServerHandle {
            stop,
            task,
            local_addr,
        }
    }
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("local_addr", &self.local_addr)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// A server running on a task.
#[derive(Debug)]
pub struct ServerHandle {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), ServeError>>,
    local_addr: SocketAddr,
}

impl ServerHandle {
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, waits for open requests, and reports how serving ended.
    pub async fn shutdown(self) -> Result<(), ServeError> {
        let _ = self.stop.send(());
        self.task.await.map_err(ServeError::Task)?
    }
}

//! Why `coffer serve` could not start or keep serving. No variant ever holds the token.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "refusing to serve on {0}: Coffer serves on loopback only (127.0.0.0/8 or [::1]), \
         so nothing outside this computer can reach the vault; use e.g. --addr 127.0.0.1:8080"
    )]
    NotLoopback(SocketAddr),
    #[error(
        "the built web UI was not found in {0} (no index.html); build it with `make ui` \
         or point --ui-dir (or COFFER_UI_DIR) at a built ui/dist"
    )]
    UiMissing(PathBuf),
    #[error("could not listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("could not draw the per-launch secret from the operating system's random source")]
    Random(#[source] getrandom::Error),
    #[error("the server stopped with an I/O error")]
    Io(#[from] std::io::Error),
    #[error("the server task ended unexpectedly")]
    Task(#[source] tokio::task::JoinError),
}

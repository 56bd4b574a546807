//! `coffer serve`: Coffer's web UI and API over HTTP on loopback only, for a local browser.
//!
//! - Binds only to a loopback address (127.0.0.0/8 or `[::1]`); anything else is refused before
//!   a socket is opened. The default is `127.0.0.1:0`, an ephemeral port.
//! - A per-launch secret (32 random bytes, hex) travels in the printed URL's fragment
//!   (`http://127.0.0.1:PORT/#token=…`, so it never reaches a server log or a `Referer`) and on
//!   every `/api/*` request in `X-Coffer-Token`; without it the answer is 401.
//! - Every request must name this server in `Host` (DNS rebinding); `/api/*` also refuses a
//!   foreign `Origin` and cross-site fetches. The UI's static files need no token: they hold no data.
//! - `POST /api/<command>` with a JSON body runs `coffer_api::Session::dispatch`; errors come
//!   back as the `ApiError` JSON with a status per kind ([`reply::status_for`]).
//! - `sync_run` with `Accept: text/event-stream` streams its progress as server-sent events
//!   (`stream.rs`), behind the same token and Host/Origin checks.
//! - A strict CSP and isolation headers on every response.
//!
//! Nothing here logs; the token is never printed except by the caller, in the URL.

mod api;
mod error;
mod guard;
mod headers;
pub mod reply;
mod server;
mod stream;
mod token;
mod ui;

pub use api::MAX_BODY_BYTES;
pub use error::ServeError;
pub use headers::CONTENT_SECURITY_POLICY;
pub use server::{bind, RunningServer, ServeConfig, ServerHandle};
pub use token::TOKEN_HEADER;

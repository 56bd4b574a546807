//! `coffer serve`: the web UI and API for a browser on this computer, on loopback only, behind a
//! per-launch secret. The first line of stdout is the URL to open (it carries the secret in its
//! fragment); nothing else secret is printed. With a vault passphrase the UI opens unlocked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use coffer_api::Session;
use coffer_core::vault::Unlock;
use coffer_core::Vault;
use coffer_server::{ServeConfig, ServeError};

use super::Context;
use crate::args::ServeArgs;
use crate::exit::BadInput;

/// How long open requests may run on after Ctrl-C / SIGTERM before the process ends anyway.
const GRACE: Duration = Duration::from_secs(5);

pub fn serve(ctx: &mut Context, args: ServeArgs) -> Result<()> {
    // Refuse a non-loopback address before reading a passphrase or opening anything.
    if !args.addr.ip().is_loopback() {
        bail!(BadInput(ServeError::NotLoopback(args.addr).to_string()));
    }
    let ui_dir = match args.ui_dir {
        Some(dir) => dir,
        None => default_ui_dir()?,
    };
    // Like the desktop app: `COFFER_DEMO=1` (make run) shows the demo vault's passphrase.
    let mut session =
        Session::new(ctx.vault_path.clone(), ctx.keychain.clone()).with_demo_from_env();
    if let Some(passphrase) = ctx.vault_passphrase()? {
        let vault = Vault::open(&ctx.vault_path, Unlock::Passphrase(passphrase))?;
        session = session.with_open_vault(vault);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    runtime.block_on(run(ServeConfig::new(args.addr, ui_dir), session))
}

async fn run(config: ServeConfig, session: Session) -> Result<()> {
    let server = match coffer_server::bind(config, Arc::new(session)).await {
        Ok(server) => server,
        Err(err @ (ServeError::NotLoopback(_) | ServeError::UiMissing(_))) => {
            bail!(BadInput(err.to_string()))
        }
        Err(err) => return Err(err.into()),
    };
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", server.url_with_token())?;
        out.flush()?;
    }
    eprintln!(
        "coffer: serving Coffer to this computer only at {} — open the link printed above; Ctrl-C stops.",
        server.url()
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    let mut on_stop = stopped.clone();
    let mut grace_over = stopped;
    let serving = server.serve_until(async move {
        let _ = on_stop.wait_for(|s| *s).await;
    });
    tokio::select! {
        outcome = serving => outcome?,
        _ = async {
            let _ = grace_over.wait_for(|s| *s).await;
            tokio::time::sleep(GRACE).await;
        } => {}
    }
    eprintln!("coffer: stopped serving; the vault is closed.");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

/// The built UI when neither --ui-dir nor COFFER_UI_DIR says: the nearest `ui/dist` with an
/// `index.html` above the executable (a checkout's `target/debug/coffer`), else above the
/// current directory.
fn default_ui_dir() -> Result<PathBuf> {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    let cwd = std::env::current_dir().ok();
    for start in [&exe_dir, &cwd].into_iter().flatten() {
        if let Some(found) = find_ui_above(start) {
            return Ok(found);
        }
    }
    bail!(BadInput(
        "could not find the built web UI (ui/dist/index.html) above the coffer executable or the \
         current directory; build it with `make ui`, or pass --ui-dir DIR (or set COFFER_UI_DIR)"
            .into()
    ))
}

fn find_ui_above(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join("ui").join("dist"))
        .find(|candidate| candidate.join("index.html").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ui_dist_in_an_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("ui/dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
        let deep = dir.path().join("target/debug");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_ui_above(&deep), Some(dist));
        let other = tempfile::tempdir().unwrap();
        assert_eq!(find_ui_above(other.path()), None);
    }
}

//! `coffer sync`: sync connections with a progress line (plain lines when not a terminal).

use std::io::{IsTerminal, Write};

use anyhow::{bail, Result};
use coffer_core::sync::{sync_connections, SyncOutcome, SyncProgress};
use coffer_core::Vault;

use super::Context;
use crate::args::SyncArgs;
use crate::exit::RemoteProblem;

pub fn sync(ctx: &mut Context, args: SyncArgs) -> Result<()> {
    let mut vault = ctx.open_vault()?;
    let runtime = super::runtime()?;
    let outcomes = run(&runtime, &mut vault, args.connection)?;
    ctx.print(&outcomes, |list| {
        list.iter().map(describe).collect::<Vec<_>>().join("")
    })?;
    if let Some(failed) = outcomes.iter().find(|o| o.status != "ok") {
        bail!(RemoteProblem(format!(
            "connection {} did not sync: {}",
            failed.connection_id,
            failed.error.as_deref().unwrap_or("unknown error")
        )));
    }
    Ok(())
}

/// Syncs with progress on stderr; shared with `coffer demo`.
pub fn run(
    runtime: &tokio::runtime::Runtime,
    vault: &mut Vault,
    only: Option<i64>,
) -> Result<Vec<SyncOutcome>> {
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |p: &SyncProgress| report(p, terminal);
    Ok(runtime.block_on(sync_connections(vault, only, &mut progress))?)
}

fn report(progress: &SyncProgress, terminal: bool) {
    let mut err = std::io::stderr().lock();
    match progress {
        SyncProgress::Started { institution, .. } => {
            let _ = writeln!(err, "Syncing {institution}…");
        }
        SyncProgress::Batch {
            label,
            batches,
            rows,
            accounts,
            totals,
            ..
        } => {
            let line = format!(
                "  {batches} batches · {accounts} accounts · {rows} rows ({} new, {} changed) · {label}",
                totals.added, totals.updated
            );
            if terminal {
                let width = 100;
                let shown: String = line.chars().take(width).collect();
                let _ = write!(err, "\r{shown:<width$}");
            } else {
                let _ = writeln!(err, "{line}");
            }
        }
        SyncProgress::Finished { .. } => {
            if terminal {
                let _ = writeln!(err);
            }
        }
    }
    let _ = err.flush();
}

fn describe(o: &SyncOutcome) -> String {
    match &o.error {
        None => format!(
            "Connection {}: synced — {} added, {} updated, {} unchanged in {} batches.\n",
            o.connection_id, o.totals.added, o.totals.updated, o.totals.unchanged, o.batches
        ),
        Some(error) => format!("Connection {}: {} — {error}\n", o.connection_id, o.status),
    }
}

//! `coffer demo`: creates (or refreshes) the demo vault from an in-process sandbox bank.
//!
//! The demo vault holds synthetic data only. It uses the keychain when there is one; otherwise
//! the documented passphrase `coffer-demo` (or `COFFER_DEMO_PASSPHRASE`), which the lock screen
//! shows. Refreshing replaces the earlier demo connection and its data with a fresh sync.

use anyhow::{bail, Result};
use coffer_core::connectors::issuer;
use coffer_core::domain::ConnectionKind;
use coffer_core::keychain::Keychain;
use coffer_core::vault::store::NewConnection;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault, VaultError};
use coffer_sandbox::SandboxConfig;
use zeroize::Zeroizing;

use super::Context;
use crate::exit::RemoteProblem;

const DEMO_INSTITUTION: &str = "Sandbox Bank (demo)";

fn demo_passphrase() -> Result<Passphrase> {
    let text = std::env::var("COFFER_DEMO_PASSPHRASE").unwrap_or_else(|_| "coffer-demo".into());
    Ok(Passphrase::new(text)?)
}

fn open_or_create(ctx: &mut Context) -> Result<Vault> {
    let path = ctx.vault_path.clone();
    if let Some(passphrase) = ctx.vault_passphrase()? {
        return Ok(if path.exists() {
            Vault::open(&path, Unlock::Passphrase(passphrase))?
        } else {
            Vault::create(&path, Unlock::Passphrase(passphrase))?
        });
    }
    let keychain_ok = Keychain::probe().is_ok();
    if !path.exists() {
        return Ok(if keychain_ok {
            Vault::create(&path, Unlock::Keychain(&ctx.keychain))?
        } else {
            Vault::create(&path, Unlock::Passphrase(demo_passphrase()?))?
        });
    }
    if keychain_ok {
        match Vault::open(&path, Unlock::Keychain(&ctx.keychain)) {
            Err(VaultError::NeedsPassphrase(_)) => {}
            other => return Ok(other?),
        }
    }
    Ok(Vault::open(&path, Unlock::Passphrase(demo_passphrase()?))?)
}

pub fn demo(ctx: &mut Context) -> Result<()> {
    let mut vault = open_or_create(ctx)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let sandbox = runtime.block_on(coffer_sandbox::start(SandboxConfig::default()))?;
    for old in vault.connections()? {
        if old.institution == DEMO_INSTITUTION {
            vault.unlink(old.id, true)?;
        }
    }
    let api_url = sandbox.api_url();
    let login = runtime.block_on(issuer::login(&api_url, "demo", "demo", None, None, |_| {
        Ok("123456".to_string())
    }))?;
    let mut secrets = login.secrets;
    secrets.push((
        issuer::SECRET_ACCESS_TOKEN.to_string(),
        Zeroizing::new(login.access_token.as_bytes().to_vec()),
    ));
    let connection_id = vault.create_connection(NewConnection {
        kind: ConnectionKind::Issuer,
        institution: DEMO_INSTITUTION,
        display_name: DEMO_INSTITUTION,
        base_url: Some(&api_url),
        scopes: &login.scopes,
        secrets,
    })?;
    let outcomes = super::sync::run(&runtime, &mut vault, Some(connection_id))?;
    runtime.block_on(sandbox.shutdown());
    let Some(outcome) = outcomes.into_iter().next() else {
        bail!("the demo connection was not synced");
    };
    if let Some(error) = &outcome.error {
        bail!(RemoteProblem(format!("the demo sync failed: {error}")));
    }
    let status = vault.status()?;
    let report = serde_json::json!({
        "vault": status.path,
        "key_source": status.key_source,
        "connection_id": connection_id,
        "sync": outcome,
    });
    ctx.print(&report, |_| {
        format!(
            "Demo vault ready at {} (key: {}): {} rows from the sandbox bank. Sandbox sign-in: demo / demo / 123456.\n",
            status.path,
            status.key_source.as_str(),
            outcome.totals.added
        )
    })
}

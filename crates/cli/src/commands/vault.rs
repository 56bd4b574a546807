//! `coffer init`, `status`, `rekey`, `backup`, `restore`: the vault's own life.

use std::fmt::Write;

use anyhow::{bail, Result};
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault, VaultStatus};

use super::Context;
use crate::args::{BackupArgs, RekeyArgs, RestoreArgs};
use crate::exit::BadInput;
use crate::passphrase_input;

pub fn init(ctx: &mut Context) -> Result<()> {
    let path = ctx.vault_path.clone();
    let unlock = ctx.unlock()?;
    let vault = Vault::create(&path, unlock)?;
    let status = vault.status()?;
    ctx.print(&status, |s| {
        format!(
            "Created an encrypted vault at {} (key: {}).\n",
            s.path,
            s.key_source.as_str()
        )
    })
}

pub fn status(ctx: &mut Context) -> Result<()> {
    let vault = ctx.open_vault()?;
    let status = vault.status()?;
    ctx.print(&status, render_status)
}

fn render_status(s: &VaultStatus) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Vault      {}", s.path);
    let _ = writeln!(out, "Schema     version {}", s.schema_version);
    let _ = writeln!(out, "Key        {}", s.key_source.as_str());
    let _ = writeln!(
        out,
        "Integrity  {}",
        s.integrity.as_deref().unwrap_or("not checked")
    );
    let _ = writeln!(out, "Rows");
    for (table, rows) in &s.counts {
        let _ = writeln!(out, "  {table:<20} {rows:>10}");
    }
    out
}

pub fn rekey(ctx: &mut Context, args: RekeyArgs) -> Result<()> {
    let mut vault = ctx.open_vault()?;
    let protect = if args.to_keychain {
        Unlock::Keychain(&ctx.keychain)
    } else if args.new_passphrase_stdin {
        Unlock::Passphrase(ctx.stdin.next_passphrase("new passphrase")?)
    } else if let Some(path) = &args.new_passphrase_file {
        Unlock::Passphrase(passphrase_input::from_file(path, "new passphrase")?)
    } else {
        bail!(BadInput(
            "say how to protect the vault: --to-keychain, --new-passphrase-stdin or --new-passphrase-file PATH".into()
        ));
    };
    vault.rekey(protect)?;
    let status = vault.status()?;
    ctx.print(&status, |s| {
        format!("The vault is now protected by its {}.\n", describe(s))
    })
}

fn describe(s: &VaultStatus) -> &'static str {
    match s.key_source {
        coffer_core::KeyMode::Keychain => "key in the OS keychain",
        coffer_core::KeyMode::Passphrase => "passphrase",
    }
}

fn backup_passphrase(
    ctx: &mut Context,
    from_stdin: bool,
    file: Option<&std::path::Path>,
) -> Result<Passphrase> {
    if from_stdin {
        ctx.stdin.next_passphrase("backup passphrase")
    } else if let Some(path) = file {
        passphrase_input::from_file(path, "backup passphrase")
    } else {
        bail!(BadInput(
            "give the backup passphrase with --backup-passphrase-stdin or --backup-passphrase-file PATH".into()
        ))
    }
}

pub fn backup(ctx: &mut Context, args: BackupArgs) -> Result<()> {
    let vault = ctx.open_vault()?;
    let passphrase = backup_passphrase(
        ctx,
        args.backup_passphrase_stdin,
        args.backup_passphrase_file.as_deref(),
    )?;
    vault.backup_to(&args.target, &passphrase)?;
    let report = serde_json::json!({ "backup": args.target.display().to_string() });
    ctx.print(&report, |_| {
        format!("Wrote an encrypted backup to {}.\n", args.target.display())
    })
}

pub fn restore(ctx: &mut Context, args: RestoreArgs) -> Result<()> {
    let backup_pass = backup_passphrase(
        ctx,
        args.backup_passphrase_stdin,
        args.backup_passphrase_file.as_deref(),
    )?;
    let target = ctx.vault_path.clone();
    let protect = ctx.unlock()?;
    let vault = Vault::restore(&args.backup, backup_pass, &target, protect)?;
    let status = vault.status()?;
    ctx.print(&status, |s| {
        format!("Restored {} into {}.\n", args.backup.display(), s.path)
    })
}

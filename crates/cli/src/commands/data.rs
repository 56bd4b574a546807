//! `coffer accounts`, `transactions`, `connections`, `unlink`: reading and pruning the vault.

use std::fmt::Write as _;

use anyhow::{bail, Result};
use coffer_core::vault::store::TransactionFilter;

use super::Context;
use crate::args::{TransactionsArgs, UnlinkArgs};
use crate::exit::BadInput;

pub fn accounts(ctx: &mut Context) -> Result<()> {
    let vault = ctx.open_vault()?;
    let accounts = vault.accounts()?;
    ctx.print(&accounts, |list| {
        let mut out = String::new();
        for a in list {
            let _ = writeln!(
                out,
                "{:>4}  {:<12} {:<34} {:>6}  {:>14} {}",
                a.id,
                a.kind,
                a.product.as_deref().unwrap_or(&a.name),
                a.mask
                    .as_deref()
                    .map(|m| format!("…{m}"))
                    .unwrap_or_default(),
                a.balance.as_deref().unwrap_or("—"),
                a.currency
            );
        }
        if list.is_empty() {
            out.push_str("No accounts yet. Link one with `coffer link issuer --url URL`.\n");
        }
        out
    })
}

pub fn transactions(ctx: &mut Context, args: TransactionsArgs) -> Result<()> {
    let vault = ctx.open_vault()?;
    let filter = TransactionFilter {
        account_id: args.account,
        from: args.from,
        to: args.to,
        status: args.status,
        search: args.search,
        limit: args.limit,
        offset: None,
    };
    let rows = vault.transactions(&filter)?;
    ctx.print(&rows, |list| {
        let mut out = String::new();
        for t in list {
            let _ = writeln!(
                out,
                "{:<10}  {:<10} {:>12} {}  {:<40} {}",
                t.posted_on
                    .as_deref()
                    .or(t.transacted_on.as_deref())
                    .unwrap_or(""),
                t.status,
                t.amount,
                t.currency,
                t.description.chars().take(40).collect::<String>(),
                t.category.as_deref().unwrap_or("")
            );
        }
        out
    })
}

pub fn connections(ctx: &mut Context) -> Result<()> {
    let vault = ctx.open_vault()?;
    let list = vault.connections()?;
    ctx.print(&list, |list| {
        let mut out = String::new();
        for c in list {
            let _ = writeln!(
                out,
                "{:>4}  {:<10} {:<24} {:<13} last sync {}{}",
                c.id,
                c.kind,
                c.display_name,
                c.status,
                c.last_sync_at.as_deref().unwrap_or("never"),
                c.last_error
                    .as_deref()
                    .map(|e| format!("\n      error: {e}"))
                    .unwrap_or_default()
            );
        }
        out
    })
}

pub fn unlink(ctx: &mut Context, args: UnlinkArgs) -> Result<()> {
    let mut vault = ctx.open_vault()?;
    if !vault.unlink(args.id, args.purge)? {
        bail!(BadInput(format!("there is no connection {}", args.id)));
    }
    let report = serde_json::json!({ "unlinked": args.id, "purged": args.purge });
    ctx.print(&report, |_| {
        if args.purge {
            format!(
                "Unlinked connection {} and deleted its data; its secrets are erased.\n",
                args.id
            )
        } else {
            format!(
                "Unlinked connection {}; its secrets are erased and its data kept.\n",
                args.id
            )
        }
    })
}

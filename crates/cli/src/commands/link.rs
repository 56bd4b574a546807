//! `coffer link issuer`: sign in (username, password, one-time code) and record the connection.

use anyhow::Result;
use coffer_core::connectors::ofx_direct::{self, OfxDirectAccount, OfxProfile};
use coffer_core::connectors::{fdx, issuer, simplefin};
use coffer_core::domain::ConnectionKind;
use coffer_core::sync::ConnectorError;
use coffer_core::vault::store::NewConnection;
use zeroize::Zeroizing;

use super::prompt::ask;
use super::Context;
use crate::args::{LinkFdxArgs, LinkIssuerArgs, LinkOfxArgs, LinkSimplefinArgs};
use crate::exit::BadInput;

pub fn issuer(ctx: &mut Context, args: LinkIssuerArgs) -> Result<()> {
    let mut vault = ctx.open_vault()?;
    let username = ask("username", false)?;
    let password = ask("password", true)?;
    let runtime = super::runtime()?;
    let outcome = runtime.block_on(issuer::login(
        &args.url,
        &username,
        &password,
        None,
        args.scopes.as_deref(),
        |challenge| {
            let where_to = challenge.channel.as_deref().unwrap_or("your device");
            ask(&format!("one-time code (sent to {where_to})"), false)
                .map(|code| code.to_string())
                .map_err(|e| ConnectorError::Refused {
                    institution: args.institution.clone(),
                    detail: e.to_string(),
                })
        },
    ))?;
    let mut secrets = outcome.secrets;
    secrets.push((
        issuer::SECRET_ACCESS_TOKEN.to_string(),
        Zeroizing::new(outcome.access_token.as_bytes().to_vec()),
    ));
    let id = vault.create_connection(NewConnection {
        kind: ConnectionKind::Issuer,
        institution: &args.institution,
        display_name: &args.institution,
        base_url: Some(&args.url),
        scopes: &outcome.scopes,
        secrets,
    })?;
    let report = serde_json::json!({ "connection_id": id, "scopes": outcome.scopes });
    ctx.print(&report, |_| {
        format!(
            "Linked {} as connection {id} (scopes: {}). Run `coffer sync` to fetch its data.\n",
            args.institution,
            outcome.scopes.join(", ")
        )
    })
}

fn linked(ctx: &Context, id: i64, institution: &str, scopes: &[String]) -> Result<()> {
    let report = serde_json::json!({ "connection_id": id, "scopes": scopes });
    ctx.print(&report, |_| {
        format!("Linked {institution} as connection {id}. Run `coffer sync` to fetch its data.\n")
    })
}

pub fn fdx(ctx: &mut Context, args: LinkFdxArgs) -> Result<()> {
    let mut vault = ctx.open_vault()?;
    let issuer_url = match &args.issuer {
        Some(url) => url.clone(),
        None => fdx::issuer_origin(&args.url),
    };
    let runtime = super::runtime()?;
    let config = runtime.block_on(fdx::FdxConfig::discover(
        &args.institution,
        &issuer_url,
        &args.client_id,
    ))?;
    let grant = runtime.block_on(fdx::authorize(&config, |url| {
        eprintln!(
            "Sign in to {} in your browser. If it does not open, visit:\n{url}",
            args.institution
        );
        fdx::open_system_browser(url);
        Ok(())
    }))?;
    let id = vault.create_connection(NewConnection {
        kind: ConnectionKind::Fdx,
        institution: &args.institution,
        display_name: &args.institution,
        base_url: Some(&args.url),
        scopes: &grant.scopes,
        secrets: grant.secrets(),
    })?;
    linked(ctx, id, &args.institution, &grant.scopes)
}

pub fn simplefin(ctx: &mut Context, args: LinkSimplefinArgs) -> Result<()> {
    let mut vault = ctx.open_vault()?;
    let token = ask("SimpleFIN setup token", true)?;
    let runtime = super::runtime()?;
    let options = simplefin::SimpleFinOptions {
        institution: args.institution.clone(),
        ..simplefin::SimpleFinOptions::default()
    };
    let access_url = runtime.block_on(simplefin::claim(token.trim(), &options))?;
    let id = vault.create_connection(NewConnection {
        kind: ConnectionKind::SimpleFin,
        institution: &args.institution,
        display_name: &args.institution,
        base_url: None,
        scopes: &["accounts".to_string(), "transactions".to_string()],
        secrets: vec![(
            simplefin::SECRET_ACCESS_URL.to_string(),
            Zeroizing::new(access_url.as_bytes().to_vec()),
        )],
    })?;
    linked(
        ctx,
        id,
        &args.institution,
        &["accounts".into(), "transactions".into()],
    )
}

pub fn ofx(ctx: &mut Context, args: LinkOfxArgs) -> Result<()> {
    ofx_direct::check_url(&args.url).map_err(|e| BadInput(format!("--url: {e}")))?;
    let accounts = args
        .accounts
        .iter()
        .map(|a| OfxDirectAccount::parse(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(BadInput)?;
    let mut vault = ctx.open_vault()?;
    let user = ask("OFX user id", false)?;
    let password = ask("OFX password", true)?;
    let profile = OfxProfile {
        fi_org: args.org.clone(),
        fi_fid: args.fid.clone(),
        xml: args.xml,
    };
    let id = vault.create_connection(NewConnection {
        kind: ConnectionKind::Ofx,
        institution: &args.institution,
        display_name: &args.institution,
        base_url: Some(&args.url),
        scopes: &["statements".to_string()],
        secrets: ofx_direct::link_secrets(&user, &password, &accounts, &profile)?,
    })?;
    linked(ctx, id, &args.institution, &["statements".into()])
}

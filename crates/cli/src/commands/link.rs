//! `coffer link issuer`: sign in (username, password, one-time code) and record the connection.

use anyhow::Result;
use coffer_core::connectors::issuer;
use coffer_core::domain::ConnectionKind;
use coffer_core::sync::ConnectorError;
use coffer_core::vault::store::NewConnection;
use zeroize::Zeroizing;

use super::prompt::ask;
use super::Context;
use crate::args::LinkIssuerArgs;

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

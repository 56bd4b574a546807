//! Syncing the vault's connections: each one with the connector its kind needs. One failing
//! connection never stops the others; each outcome is recorded on its connection.

use super::engine::{sync_connection, SyncError, SyncOutcome, SyncProgress};
use super::ConnectorError;
use crate::connectors::fdx::FdxConnector;
use crate::connectors::issuer::IssuerConnector;
use crate::connectors::ofx_direct::{OfxDirectConfig, OfxDirectConnector};
use crate::connectors::simplefin::SimpleFinConnector;
use crate::domain::ConnectionKind;
use crate::vault::store::{ApplyReport, ConnectionInfo, DEFAULT_MATCH_RULE};
use crate::vault::Vault;

/// Syncs every connection that is not revoked (or only `only`), in id order.
pub async fn sync_connections(
    vault: &mut Vault,
    only: Option<i64>,
    on_progress: &mut dyn FnMut(&SyncProgress),
) -> Result<Vec<SyncOutcome>, SyncError> {
    sync_connections_until(vault, only, on_progress, &|| false).await
}

/// [`sync_connections`], asking `stop` before each batch: once it answers `true`, the
/// connection being synced ends as `stopped` and the rest are not started.
pub async fn sync_connections_until(
    vault: &mut Vault,
    only: Option<i64>,
    on_progress: &mut dyn FnMut(&SyncProgress),
    stop: &dyn Fn() -> bool,
) -> Result<Vec<SyncOutcome>, SyncError> {
    let connections: Vec<ConnectionInfo> = vault
        .connections()?
        .into_iter()
        .filter(|c| only.is_none_or(|id| id == c.id))
        .filter(|c| c.status != "revoked")
        .collect();
    let mut outcomes = Vec::with_capacity(connections.len());
    for connection in connections {
        if stop() {
            break;
        }
        outcomes.push(sync_one(vault, &connection, on_progress, stop).await?);
    }
    Ok(outcomes)
}

async fn sync_one(
    vault: &mut Vault,
    connection: &ConnectionInfo,
    on_progress: &mut dyn FnMut(&SyncProgress),
    stop: &dyn Fn() -> bool,
) -> Result<SyncOutcome, SyncError> {
    let state = vault.connector_state(connection.id)?;
    let base_url = connection.base_url.clone().unwrap_or_default();
    let institution = connection.institution.as_str();
    let id = connection.id;
    let outcome = match connection.kind {
        ConnectionKind::Issuer => match IssuerConnector::new(&base_url, institution, state) {
            Ok(mut c) => {
                sync_connection(vault, id, institution, &mut c, None, on_progress, stop).await?
            }
            Err(err) => not_started(vault, id, err)?,
        },
        ConnectionKind::Fdx => match FdxConnector::new(&base_url, institution, state) {
            Ok(mut c) => {
                sync_connection(vault, id, institution, &mut c, None, on_progress, stop).await?
            }
            Err(err) => not_started(vault, id, err)?,
        },
        ConnectionKind::SimpleFin => {
            // SimpleFIN posts under new ids with no link: pendings settle by the matching rule.
            let mut c = SimpleFinConnector::new(institution, state);
            let rule = Some(&DEFAULT_MATCH_RULE);
            sync_connection(vault, id, institution, &mut c, rule, on_progress, stop).await?
        }
        ConnectionKind::Ofx if connection.base_url.is_some() => {
            let config = OfxDirectConfig::from_state(&base_url, institution, &state);
            match OfxDirectConnector::new(config, state) {
                // OFX carries no authorization links: pendings settle by the matching rule.
                Ok(mut c) => {
                    let rule = Some(&DEFAULT_MATCH_RULE);
                    sync_connection(vault, id, institution, &mut c, rule, on_progress, stop).await?
                }
                Err(err) => not_started(vault, id, err)?,
            }
        }
        other => not_started(
            vault,
            id,
            ConnectorError::Refused {
                institution: institution.to_string(),
                detail: format!(
                    "{other} connections are updated by importing files, not by syncing"
                ),
            },
        )?,
    };
    Ok(outcome)
}

/// Records a connector that could not even start, and reports it like a failed sync.
fn not_started(vault: &mut Vault, id: i64, err: ConnectorError) -> Result<SyncOutcome, SyncError> {
    let message = err.to_string();
    let reauth = err.needs_reauth();
    vault.set_connection_status(
        id,
        if reauth { "needs_reauth" } else { "error" },
        Some(&message),
        false,
    )?;
    Ok(SyncOutcome {
        connection_id: id,
        status: if reauth { "needs_reauth" } else { "failed" }.into(),
        error: Some(message),
        batches: 0,
        totals: ApplyReport::default(),
    })
}

//! Syncing the vault's connections: each one with the connector its kind needs. One failing
//! connection never stops the others; each outcome is recorded on its connection.

use super::engine::{sync_connection, SyncError, SyncOutcome, SyncProgress};
use super::ConnectorError;
use crate::connectors::issuer::IssuerConnector;
use crate::domain::ConnectionKind;
use crate::vault::store::{ApplyReport, ConnectionInfo};
use crate::vault::Vault;

/// Syncs every connection that is not revoked (or only `only`), in id order.
pub async fn sync_connections(
    vault: &mut Vault,
    only: Option<i64>,
    on_progress: &mut dyn FnMut(&SyncProgress),
) -> Result<Vec<SyncOutcome>, SyncError> {
    let connections: Vec<ConnectionInfo> = vault
        .connections()?
        .into_iter()
        .filter(|c| only.is_none_or(|id| id == c.id))
        .filter(|c| c.status != "revoked")
        .collect();
    let mut outcomes = Vec::with_capacity(connections.len());
    for connection in connections {
        outcomes.push(sync_one(vault, &connection, on_progress).await?);
    }
    Ok(outcomes)
}

async fn sync_one(
    vault: &mut Vault,
    connection: &ConnectionInfo,
    on_progress: &mut dyn FnMut(&SyncProgress),
) -> Result<SyncOutcome, SyncError> {
    let state = vault.connector_state(connection.id)?;
    let base_url = connection.base_url.clone().unwrap_or_default();
    let built = match connection.kind {
        ConnectionKind::Issuer => IssuerConnector::new(&base_url, &connection.institution, state),
        other => Err(ConnectorError::Refused {
            institution: connection.institution.clone(),
            detail: format!("{other} connections are synced by importing files, not by `sync`"),
        }),
    };
    match built {
        Ok(mut connector) => {
            sync_connection(
                vault,
                connection.id,
                &connection.institution,
                &mut connector,
                None,
                on_progress,
            )
            .await
        }
        Err(err) => {
            let message = err.to_string();
            let status = if err.needs_reauth() {
                "needs_reauth"
            } else {
                "error"
            };
            vault.set_connection_status(connection.id, status, Some(&message), false)?;
            Ok(SyncOutcome {
                connection_id: connection.id,
                status: if err.needs_reauth() {
                    "needs_reauth"
                } else {
                    "failed"
                }
                .into(),
                error: Some(message),
                batches: 0,
                totals: ApplyReport::default(),
            })
        }
    }
}

//! Connections: their scopes and consent receipts, secrets, cursors, status, and unlinking.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::domain::ConnectionKind;
use crate::sync::ConnectorState;
use crate::vault::{now_rfc3339, Vault, VaultError};

/// What linking a new connection records.
pub struct NewConnection<'a> {
    pub kind: ConnectionKind,
    pub institution: &'a str,
    pub display_name: &'a str,
    pub base_url: Option<&'a str>,
    pub scopes: &'a [String],
    /// Secrets to keep (refresh token, device id...), inside the encrypted vault only.
    pub secrets: Vec<(String, Zeroizing<Vec<u8>>)>,
}

/// A connection as the CLI and UI list it. Never holds a secret.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ConnectionInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ConnectionKind,
    pub institution: String,
    pub display_name: String,
    pub base_url: Option<String>,
    pub scopes: Vec<String>,
    /// `active`, `needs_reauth`, `error` or `revoked`.
    pub status: String,
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
}

impl Vault {
    /// Records a new connection with its consent receipt and secrets, in one transaction.
    pub fn create_connection(&mut self, new: NewConnection<'_>) -> Result<i64, VaultError> {
        let tx = self
            .conn
            .transaction()
            .map_err(VaultError::sqlite("linking"))?;
        let id = insert_connection(&tx, &new)?;
        tx.commit().map_err(VaultError::sqlite("linking"))?;
        Ok(id)
    }

    /// Records a consent receipt for a data refresh: which scopes this sync may use, and when.
    /// Every sync leaves one, so the user can see each time their data was fetched and under
    /// what consent.
    pub fn record_refresh_receipt(&self, connection_id: i64) -> Result<(), VaultError> {
        let now = now_rfc3339();
        self.conn
            .execute(
                "INSERT INTO consents (connection_id, granted_at, scopes, receipt)
                 SELECT id, ?2, scopes, json_object('event', 'refresh', 'institution', institution,
                        'scopes', json(scopes), 'at', ?2)
                 FROM connections WHERE id = ?1",
                params![connection_id, now],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("recording the consent receipt"))
    }

    /// Every connection, oldest first.
    pub fn connections(&self) -> Result<Vec<ConnectionInfo>, VaultError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, kind, institution, display_name, base_url, scopes, status, last_sync_at, last_error
                 FROM connections ORDER BY id",
            )
            .map_err(VaultError::sqlite("listing connections"))?;
        let rows = stmt
            .query_map([], |r| {
                let kind: String = r.get(1)?;
                let scopes: String = r.get(5)?;
                Ok(ConnectionInfo {
                    id: r.get(0)?,
                    kind: ConnectionKind::parse(&kind).unwrap_or(ConnectionKind::File),
                    institution: r.get(2)?,
                    display_name: r.get(3)?,
                    base_url: r.get(4)?,
                    scopes: serde_json::from_str(&scopes).unwrap_or_default(),
                    status: r.get(6)?,
                    last_sync_at: r.get(7)?,
                    last_error: r.get(8)?,
                })
            })
            .map_err(VaultError::sqlite("listing connections"))?;
        rows.collect::<Result<_, _>>()
            .map_err(VaultError::sqlite("listing connections"))
    }

    pub fn connection(&self, id: i64) -> Result<Option<ConnectionInfo>, VaultError> {
        Ok(self.connections()?.into_iter().find(|c| c.id == id))
    }

    /// What a connector needs to resume: saved cursors, secrets and granted scopes.
    pub fn connector_state(&self, connection_id: i64) -> Result<ConnectorState, VaultError> {
        let fail = VaultError::sqlite("reading the connection's state");
        let scopes: String = self
            .conn
            .query_row(
                "SELECT scopes FROM connections WHERE id = ?1",
                [connection_id],
                |r| r.get(0),
            )
            .map_err(fail)?;
        let mut cursors = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT stream, cursor FROM sync_cursors WHERE connection_id = ?1")
            .map_err(VaultError::sqlite("reading cursors"))?;
        let rows = stmt
            .query_map([connection_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(VaultError::sqlite("reading cursors"))?;
        for row in rows {
            let (stream, cursor) = row.map_err(VaultError::sqlite("reading cursors"))?;
            cursors.insert(stream, cursor);
        }
        let mut secrets = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT name, value FROM secrets WHERE connection_id = ?1")
            .map_err(VaultError::sqlite("reading secrets"))?;
        let rows = stmt
            .query_map([connection_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .map_err(VaultError::sqlite("reading secrets"))?;
        for row in rows {
            let (name, value) = row.map_err(VaultError::sqlite("reading secrets"))?;
            secrets.insert(name, Zeroizing::new(value));
        }
        Ok(ConnectorState {
            cursors,
            secrets,
            scopes: serde_json::from_str(&scopes).unwrap_or_default(),
        })
    }

    /// Records how a sync ended on the connection (status and a message people understand).
    pub fn set_connection_status(
        &self,
        connection_id: i64,
        status: &str,
        error: Option<&str>,
        synced: bool,
    ) -> Result<(), VaultError> {
        let now = now_rfc3339();
        self.conn
            .execute(
                "UPDATE connections SET status = ?2, last_error = ?3,
                        last_sync_at = CASE WHEN ?4 THEN ?5 ELSE last_sync_at END
                 WHERE id = ?1",
                params![connection_id, status, error, synced, now],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("updating the connection's status"))
    }

    /// Unlinks a connection: its secrets are erased at once; with `purge` its data goes too,
    /// otherwise the data stays, marked as from a revoked connection.
    pub fn unlink(&mut self, connection_id: i64, purge: bool) -> Result<bool, VaultError> {
        let tx = self
            .conn
            .transaction()
            .map_err(VaultError::sqlite("unlinking"))?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM connections WHERE id = ?1",
                [connection_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(VaultError::sqlite("unlinking"))?;
        if exists.is_none() {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM secrets WHERE connection_id = ?1",
            [connection_id],
        )
        .map_err(VaultError::sqlite("erasing the connection's secrets"))?;
        tx.execute(
            "UPDATE consents SET revoked_at = ?2 WHERE connection_id = ?1 AND revoked_at IS NULL",
            params![connection_id, now_rfc3339()],
        )
        .map_err(VaultError::sqlite("revoking consent"))?;
        if purge {
            // FTS rows of the purged transactions go first (external-content index).
            tx.execute(
                "INSERT INTO transactions_fts (transactions_fts, rowid, description, merchant, memo)
                 SELECT 'delete', t.id, t.description, t.merchant, t.memo
                 FROM transactions t JOIN accounts a ON a.id = t.account_id
                 WHERE a.connection_id = ?1",
                [connection_id],
            )
            .map_err(VaultError::sqlite("purging the search index"))?;
            tx.execute("DELETE FROM connections WHERE id = ?1", [connection_id])
                .map_err(VaultError::sqlite("purging the connection's data"))?;
        } else {
            tx.execute(
                "UPDATE connections SET status = 'revoked' WHERE id = ?1",
                [connection_id],
            )
            .map_err(VaultError::sqlite("revoking the connection"))?;
            tx.execute(
                "DELETE FROM sync_cursors WHERE connection_id = ?1",
                [connection_id],
            )
            .map_err(VaultError::sqlite("forgetting cursors"))?;
        }
        audit(
            &tx,
            "connection.unlink",
            Some(connection_id),
            true,
            &serde_json::json!({ "purge": purge }),
        )?;
        tx.commit().map_err(VaultError::sqlite("unlinking"))?;
        Ok(true)
    }
}

pub(super) fn put_secret(
    tx: &rusqlite::Transaction<'_>,
    connection_id: i64,
    name: &str,
    value: &[u8],
) -> Result<(), VaultError> {
    tx.execute(
        "INSERT INTO secrets (connection_id, name, value, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (connection_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![connection_id, name, value, now_rfc3339()],
    )
    .map(|_| ())
    .map_err(VaultError::sqlite("storing a secret"))
}

pub(super) fn audit(
    tx: &rusqlite::Transaction<'_>,
    action: &str,
    connection_id: Option<i64>,
    ok: bool,
    detail: &serde_json::Value,
) -> Result<(), VaultError> {
    tx.execute(
        "INSERT INTO audit_log (at, action, connection_id, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now_rfc3339(), action, connection_id, if ok { "ok" } else { "failed" }, detail.to_string()],
    )
    .map(|_| ())
    .map_err(VaultError::sqlite("writing the audit log"))
}

/// The connection, consent receipt, secrets and audit line of a new connection, in `tx`.
fn insert_connection(tx: &Transaction<'_>, new: &NewConnection<'_>) -> Result<i64, VaultError> {
    let now = now_rfc3339();
    let scopes = serde_json::to_string(new.scopes).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO connections (kind, institution, display_name, base_url, scopes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.kind.as_str(),
            new.institution,
            new.display_name,
            new.base_url,
            scopes,
            now
        ],
    )
    .map_err(VaultError::sqlite("recording the connection"))?;
    let id = tx.last_insert_rowid();
    let receipt = serde_json::json!({
        "institution": new.institution,
        "scopes": new.scopes,
        "granted_at": now,
        "purpose": "personal finance overview on this device only",
    });
    tx.execute(
        "INSERT INTO consents (connection_id, granted_at, scopes, receipt) VALUES (?1, ?2, ?3, ?4)",
        params![id, now, scopes, receipt.to_string()],
    )
    .map_err(VaultError::sqlite("recording the consent receipt"))?;
    for (name, value) in &new.secrets {
        put_secret(tx, id, name, value)?;
    }
    audit(
        tx,
        "connection.link",
        Some(id),
        true,
        &serde_json::json!({
            "kind": new.kind.as_str(), "institution": new.institution, "scopes": new.scopes,
        }),
    )?;
    Ok(id)
}

/// The live connection that files of `kind` from `institution` are imported under, made in
/// `tx` if there is none yet (so an import that fails leaves none behind).
pub(super) fn file_connection_in(
    tx: &Transaction<'_>,
    kind: ConnectionKind,
    institution: &str,
) -> Result<i64, VaultError> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM connections WHERE kind = ?1 AND institution = ?2 AND status <> 'revoked'
             ORDER BY id LIMIT 1",
            params![kind.as_str(), institution],
            |r| r.get(0),
        )
        .optional()
        .map_err(VaultError::sqlite("finding the import connection"))?;
    match existing {
        Some(id) => Ok(id),
        None => insert_connection(
            tx,
            &NewConnection {
                kind,
                institution,
                display_name: institution,
                base_url: None,
                scopes: &[],
                secrets: Vec::new(),
            },
        ),
    }
}

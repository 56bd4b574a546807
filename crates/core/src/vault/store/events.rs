//! Signed events (webhooks or polled): each event id is applied at most once.

use rusqlite::{params, OptionalExtension};

use super::apply::{ApplyReport, BatchConnection};
use crate::domain::CardEventRecord;
use crate::sync::Batch;
use crate::vault::{now_rfc3339, Vault, VaultError};

/// What became of a verified event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// First time this id was seen: its effect is now in the vault.
    Applied(ApplyReport),
    /// The id was applied before: a replay, ignored.
    Replayed,
}

impl Vault {
    /// Applies an event whose signature the caller has verified. The event id is recorded in the
    /// same transaction as its effect, so a replayed id is refused even across restarts.
    pub fn apply_event(
        &mut self,
        connection_id: i64,
        event_id: &str,
        card_event: Option<CardEventRecord>,
    ) -> Result<EventOutcome, VaultError> {
        let seen: Option<String> = self
            .conn
            .query_row(
                "SELECT event_id FROM processed_events WHERE event_id = ?1",
                [event_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(VaultError::sqlite("checking for a replayed event"))?;
        if seen.is_some() {
            return Ok(EventOutcome::Replayed);
        }
        let batch = Batch {
            card_events: card_event.into_iter().collect(),
            label: format!("event {event_id}"),
            ..Batch::default()
        };
        let report = self.run_batch(BatchConnection::Id(connection_id), &batch, None, None, true, |tx| {
            tx.execute(
                "INSERT INTO processed_events (event_id, connection_id, received_at) VALUES (?1, ?2, ?3)",
                params![event_id, connection_id, now_rfc3339()],
            )
            .map(|_| ())
            .map_err(VaultError::sqlite("recording the event id"))
        })?;
        Ok(EventOutcome::Applied(report.1))
    }
}

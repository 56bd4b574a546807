//! Sync: drives a connector batch by batch and commits each batch with its cursor atomically.

mod batch;
mod connector;
mod engine;
mod run;

pub use batch::{Batch, ChunksStopped, TransactionChunks};
pub use connector::{Connector, ConnectorError, ConnectorState};
pub use engine::{sync_connection, SyncError, SyncOutcome, SyncProgress, STOPPED};
pub use run::{sync_connections, sync_connections_until};

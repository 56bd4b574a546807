//! Sync: drives a connector batch by batch and commits each batch with its cursor atomically.

mod batch;
mod connector;

pub use batch::Batch;
pub use connector::{Connector, ConnectorError, ConnectorState};

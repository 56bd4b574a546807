//! How a token-holding connector step ended without data: tokens were refreshed (persist the
//! rotated refresh token, then run the step again), or it failed.

use crate::sync::ConnectorError;

/// Why a request gave no data.
pub enum Flow {
    /// Tokens were refreshed: persist the rotated refresh token, then run the step again.
    Refreshed,
    Fail(ConnectorError),
}

impl From<ConnectorError> for Flow {
    fn from(e: ConnectorError) -> Self {
        Flow::Fail(e)
    }
}

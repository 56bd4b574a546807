//! The domain model: the normalized records every connector produces and the vault stores.
//!
//! Connectors speak their protocol's shapes; they hand the sync engine these types, so the
//! storage and analytics code never needs to know where a row came from.

mod earn_rule;
mod kinds;
mod records;

pub use earn_rule::expected_points;
pub use kinds::*;
pub use records::*;

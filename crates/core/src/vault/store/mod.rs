//! Reading and writing the vault's data: connections and their secrets, batches from sync, and
//! the queries the CLI and UI show.

mod apply;
mod apply_chunks;
mod apply_existing;
mod apply_records;
mod apply_rows;
mod apply_transactions;
mod bulk_indexes;
mod bulk_journal;
mod connections;
mod events;
pub mod export_rows;
mod export_specs;
mod mappings;
mod page_count;
mod queries;
pub mod reads;
pub mod reads_ledgers;
pub(crate) mod reward_checks;
pub mod rules;
mod rules_write;
mod search_index;
mod seeded_hash;
mod settle;
mod summary;
mod summary_delta;
mod sync_runs;
pub mod views;

pub use apply::ApplyReport;
pub use connections::{ConnectionInfo, NewConnection};
pub use events::EventOutcome;
pub use queries::{AccountView, TransactionFilter, TransactionView};
pub use settle::{MatchRule, DEFAULT_MATCH_RULE};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_bulk;
#[cfg(test)]
mod tests_bulk_journal;
#[cfg(test)]
mod tests_chunks;
#[cfg(test)]
mod tests_grouped;
#[cfg(test)]
mod tests_repeated;
#[cfg(test)]
mod tests_rewards;
#[cfg(test)]
mod tests_search_index;

//! A batch: what a connector hands the sync engine in one step, committed atomically together
//! with the cursors and secrets that follow it.

use zeroize::Zeroizing;

use crate::domain::*;

/// Records of every kind, plus the bookkeeping that must land in the same SQLite transaction.
#[derive(Default)]
pub struct Batch {
    pub accounts: Vec<AccountRecord>,
    pub balances: Vec<BalanceRecord>,
    pub transactions: Vec<TransactionRecord>,
    pub statements: Vec<StatementRecord>,
    pub credit_scores: Vec<CreditScoreRecord>,
    pub reward_programs: Vec<RewardProgramRecord>,
    pub reward_events: Vec<RewardEventRecord>,
    pub transfers: Vec<TransferRecord>,
    pub card_events: Vec<CardEventRecord>,
    /// Postings the source has since voided or replaced, as `(account source id, source id)`:
    /// stored as `voided`, kept visible, never counted.
    pub voided_transactions: Vec<(String, String)>,
    /// Cursor updates `(stream, cursor)` valid once this batch is stored.
    pub cursors: Vec<(String, String)>,
    /// Secret updates `(name, value)` (e.g. a rotated refresh token), stored in the vault.
    pub secrets: Vec<(String, Zeroizing<Vec<u8>>)>,
    /// What this batch was, for progress reports: e.g. "transactions of card ...1234, page 3".
    pub label: String,
}

impl Batch {
    pub fn labelled(label: impl Into<String>) -> Self {
        Batch {
            label: label.into(),
            ..Batch::default()
        }
    }

    /// Number of data rows (not cursors or secrets) in the batch.
    pub fn row_count(&self) -> usize {
        self.accounts.len()
            + self.balances.len()
            + self.transactions.len()
            + self.statements.len()
            + self.credit_scores.len()
            + self.reward_programs.len()
            + self.reward_events.len()
            + self.transfers.len()
            + self.card_events.len()
    }
}

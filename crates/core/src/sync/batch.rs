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

    /// Whether the batch must be stored on its own before the next one is asked for: it carries
    /// a rotated secret (the old one no longer works once the source has rotated it), voided
    /// postings (which must not be reordered with later pages naming the same rows), or only
    /// bookkeeping (e.g. a request counted against a daily budget before the request is made).
    pub fn stands_alone(&self) -> bool {
        !self.secrets.is_empty() || !self.voided_transactions.is_empty() || self.row_count() == 0
    }

    /// Appends `later`'s records, cursors and label to this batch, so that storing the result
    /// in one transaction does what storing the two in order would: every kind keeps its
    /// order, a later cursor for a stream replaces an earlier one. Batches that
    /// [stand alone](Batch::stands_alone) are never merged.
    pub fn absorb(&mut self, later: Batch) {
        debug_assert!(!self.stands_alone() && !later.stands_alone());
        self.accounts.extend(later.accounts);
        self.balances.extend(later.balances);
        self.transactions.extend(later.transactions);
        self.statements.extend(later.statements);
        self.credit_scores.extend(later.credit_scores);
        self.reward_programs.extend(later.reward_programs);
        self.reward_events.extend(later.reward_events);
        self.transfers.extend(later.transfers);
        self.card_events.extend(later.card_events);
        self.voided_transactions.extend(later.voided_transactions);
        self.cursors.extend(later.cursors);
        self.secrets.extend(later.secrets);
        self.label = later.label;
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

/// A batch's transactions handed over in chunks while their source still reads the rest (a
/// large statement file), so that storing them overlaps reading them. They are stored after the
/// batch's own transactions, in the batch's one SQLite transaction.
pub trait TransactionChunks {
    /// How many transactions will come in all, at most (storing sizes its strategy by it).
    fn expected(&self) -> usize;
    /// The next chunk, in order; `Ok(None)` after the last. `Err` when the source stopped before
    /// its end: the batch is rolled back, and the source's owner knows why.
    fn next_chunk(&mut self) -> Result<Option<Vec<TransactionRecord>>, ChunksStopped>;
    /// Postings to void, as `(account source id, source id)`, known once every chunk was read
    /// (stored like [`Batch::voided_transactions`]).
    fn voided(&mut self) -> Vec<(String, String)>;
}

/// A [`TransactionChunks`] source stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunksStopped;

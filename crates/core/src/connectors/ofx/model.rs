//! What an OFX file yields: statements with their account, balance, transactions and
//! corrections, convertible into a sync [`Batch`].

use chrono::NaiveDate;

use super::header::OfxVersion;
use crate::domain::{AccountRecord, BalanceRecord, TransactionRecord};
use crate::sync::Batch;

/// A parsed OFX/QFX document.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedOfx {
    pub version: OfxVersion,
    /// `SONRS/FI`: the institution's ORG and FID, when given.
    pub institution: Option<OfxInstitution>,
    /// One per `STMTRS` / `CCSTMTRS`, in file order.
    pub statements: Vec<OfxStatement>,
    /// Things read past but worth showing (e.g. a duplicate FITID, an account the server
    /// refused while others succeeded, investment statements that are not imported).
    pub warnings: Vec<String>,
}

/// `SONRS/FI`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfxInstitution {
    pub org: Option<String>,
    pub fid: Option<String>,
}

/// One bank or credit-card statement.
#[derive(Debug, Clone, PartialEq)]
pub struct OfxStatement {
    /// `source_id` is `ACCTID` as sent; `mask` its last four characters.
    pub account: AccountRecord,
    /// `BANKACCTFROM/BANKID` (routing number) for bank statements.
    pub bank_id: Option<String>,
    /// From `LEDGERBAL` (and `AVAILBAL` as `available`). For credit cards `current` is what is
    /// owed, positive: OFX reports a card's ledger balance negative when money is owed, so its
    /// sign is flipped. `available` is `AVAILBAL` as sent (for cards: available credit).
    pub balance: Option<BalanceRecord>,
    /// Posted transactions, `source_id` = `FITID`. Rows that a correction in this same file
    /// deletes or replaces are already left out.
    pub transactions: Vec<TransactionRecord>,
    /// `CORRECTFITID`/`CORRECTACTION` found in this statement, to apply to rows stored earlier.
    pub corrections: Vec<OfxCorrection>,
    /// `BANKTRANLIST` `DTSTART`..`DTEND`, the window the transaction list covers.
    pub period: Option<(NaiveDate, NaiveDate)>,
}

/// A correction of a transaction sent in an earlier download (OFX §11.4.2.3.1).
///
/// Storage applies it within the account: for `Replace`, the row with source id
/// `corrected_source_id` is superseded by the row `replacement_source_id` (which is in
/// `transactions`); for `Delete`, the row is removed or marked deleted. Storage should remember
/// applied corrections (account, corrected id) so that re-importing an older file that still
/// holds the corrected row does not bring it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfxCorrection {
    pub account_source_id: String,
    pub corrected_source_id: String,
    pub action: OfxCorrectionAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfxCorrectionAction {
    /// The transaction with this FITID replaces the corrected one.
    Replace { replacement_source_id: String },
    /// The corrected transaction is void.
    Delete,
}

impl ParsedOfx {
    /// Every account, balance and transaction in one batch. Corrections are not part of a
    /// [`Batch`]; take them from [`ParsedOfx::corrections`] and apply them in the same
    /// storage transaction, after the batch's rows.
    pub fn to_batch(&self, label: impl Into<String>) -> Batch {
        let mut batch = Batch::labelled(label);
        for s in &self.statements {
            batch.accounts.push(s.account.clone());
            batch.balances.extend(s.balance.clone());
            batch.transactions.extend(s.transactions.iter().cloned());
        }
        batch
    }

    /// The same batch as [`ParsedOfx::to_batch`], moving the records instead of copying them.
    pub fn into_batch(self, label: impl Into<String>) -> Batch {
        let mut batch = Batch::labelled(label);
        for s in self.statements {
            batch.accounts.push(s.account);
            batch.balances.extend(s.balance);
            if batch.transactions.is_empty() {
                batch.transactions = s.transactions;
            } else {
                batch.transactions.extend(s.transactions);
            }
        }
        batch
    }

    /// All corrections, in file order.
    pub fn corrections(&self) -> impl Iterator<Item = &OfxCorrection> {
        self.statements.iter().flat_map(|s| s.corrections.iter())
    }

    /// Number of transactions over all statements.
    pub fn transaction_count(&self) -> usize {
        self.statements.iter().map(|s| s.transactions.len()).sum()
    }
}

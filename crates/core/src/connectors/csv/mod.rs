//! CSV: the card issuer's download layouts (the two Barclaycard US layouts) and user-defined
//! column mappings, parsed from bytes into posted transactions for one account.
//!
//! Pure functions, no I/O. Identity is a content key plus an occurrence number (see
//! [`identity`](self) notes on [`parse`]): re-importing a file yields the same source ids, two
//! identical same-day purchases stay two rows. Signs follow the domain: negative is money
//! leaving the account holder. A CSV has one date per row; it becomes `transacted_on`, and
//! `posted_on` stays empty unless the mapping names a posted-date column.

mod error;
mod identity;
mod layout;
mod mapping;
mod parse;
mod records;
mod values;

#[cfg(test)]
mod tests;

pub use error::CsvError;
pub use layout::KnownLayout;
pub use mapping::{ColumnRef, CsvColumns, CsvEncoding, CsvMapping, SignConvention};
pub use values::parse_amount_text;

use crate::domain::{AccountKind, AccountRecord, AccountStatus, BalanceRecord, TransactionRecord};
use crate::money::{Currency, Money};
use crate::sync::Batch;

/// Files larger than this are refused (about 4 million rows of a typical download).
pub const MAX_CSV_BYTES: usize = 512 << 20;

/// Whose rows these are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvAccount {
    /// The account's source id. For a known layout whose preamble names the account it may be
    /// `None`: the id becomes `barclaycard-us-<last four>`.
    pub source_id: Option<String>,
    /// The currency of the amounts, unless a currency column says otherwise.
    pub currency: Currency,
}

/// What a CSV file yields.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCsv {
    pub layout: Option<KnownLayout>,
    /// When the preamble names the account (a credit card, for the Barclaycard layouts).
    pub account: Option<AccountRecord>,
    /// When the preamble states a balance (`Account Balance as of …`): taken as what is owed.
    pub balance: Option<BalanceRecord>,
    /// Posted transactions in file order; `source_id` = content key `#` occurrence.
    pub transactions: Vec<TransactionRecord>,
    /// The file's own category per transaction source id, for the first categorization.
    pub categories: Vec<(String, String)>,
}

impl ParsedCsv {
    pub fn to_batch(&self, label: impl Into<String>) -> Batch {
        let mut batch = Batch::labelled(label);
        batch.accounts.extend(self.account.clone());
        batch.balances.extend(self.balance.clone());
        batch.transactions.extend(self.transactions.iter().cloned());
        batch
    }
}

impl ParsedCsv {
    /// The same batch as [`ParsedCsv::to_batch`], moving the records instead of copying them.
    pub fn into_batch(self, label: impl Into<String>) -> Batch {
        let mut batch = Batch::labelled(label);
        batch.accounts.extend(self.account);
        batch.balances.extend(self.balance);
        batch.transactions = self.transactions;
        batch
    }
}

/// Which built-in layout the file is in, if any.
pub fn detect(bytes: &[u8]) -> Option<KnownLayout> {
    let head = bytes.get(..64 * 1024).unwrap_or(bytes);
    layout::analyze(&values::decode(head, CsvEncoding::Auto)).map(|d| d.layout)
}

/// Parses with a user mapping. `account.source_id` is required.
pub fn parse(
    bytes: &[u8],
    mapping: &CsvMapping,
    account: &CsvAccount,
) -> Result<ParsedCsv, CsvError> {
    check_size(bytes)?;
    let id = account
        .source_id
        .as_deref()
        .ok_or(CsvError::MissingAccount)?;
    let text = values::decode(bytes, mapping.encoding);
    let rows = parse::read_rows(&text, mapping, id, account.currency)?;
    Ok(ParsedCsv {
        layout: None,
        account: None,
        balance: None,
        transactions: rows.transactions,
        categories: rows.categories,
    })
}

/// Parses a file in a built-in layout (detected); fails with [`CsvError::UnknownLayout`] if
/// it is in none.
pub fn parse_known(bytes: &[u8], account: &CsvAccount) -> Result<ParsedCsv, CsvError> {
    check_size(bytes)?;
    let text = values::decode(bytes, CsvEncoding::Auto);
    let detected = layout::analyze(&text).ok_or(CsvError::UnknownLayout)?;
    let mask = detected
        .account_number
        .as_deref()
        .and_then(|n| {
            let digits: Vec<char> = n.chars().filter(char::is_ascii_alphanumeric).collect();
            digits
                .get(digits.len().saturating_sub(4)..)
                .map(|t| t.iter().collect::<String>())
        })
        .filter(|m| !m.is_empty());
    let id = match (&account.source_id, &mask) {
        (Some(id), _) => id.clone(),
        (None, Some(m)) => format!("barclaycard-us-{m}"),
        (None, None) => return Err(CsvError::MissingAccount),
    };
    let rows = parse::read_rows(&text, &detected.mapping, &id, account.currency)?;
    let record = mask.as_ref().map(|m| AccountRecord {
        source_id: id.clone(),
        kind: AccountKind::CreditCard,
        product: None,
        name: format!("Barclaycard …{m}"),
        mask: Some(m.clone()),
        currency: account.currency,
        credit_limit: None,
        cash_advance_limit: None,
        apy: None,
        opened_on: None,
        term_months: None,
        maturity_on: None,
        status: AccountStatus::Open,
        reward_program_source_id: None,
    });
    let balance = detected.balance.and_then(|(as_of, amount)| {
        Some(BalanceRecord {
            account_source_id: id.clone(),
            as_of,
            current: Money::new(amount, account.currency).ok()?,
            available: None,
            limit: None,
        })
    });
    Ok(ParsedCsv {
        layout: Some(detected.layout),
        account: record,
        balance,
        transactions: rows.transactions,
        categories: rows.categories,
    })
}

fn check_size(bytes: &[u8]) -> Result<(), CsvError> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge {
            size: bytes.len(),
            limit: MAX_CSV_BYTES,
        });
    }
    Ok(())
}

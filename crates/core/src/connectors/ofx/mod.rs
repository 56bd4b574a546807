//! OFX / QFX: 1.x SGML and 2.x XML statement files and Direct Connect responses, parsed from
//! bytes into the domain's records, plus the Direct Connect statement request builder.
//!
//! Pure functions: no I/O. A Direct Connect client POSTs [`build_statement_request`]'s text
//! (`Content-Type: application/x-ofx`) and hands the response body to [`parse`].
//!
//! Mapping (see [`OfxStatement`]): one `AccountRecord` per `STMTRS`/`CCSTMTRS` (source id
//! `ACCTID`, mask its last four, currency `CURDEF`); a `BalanceRecord` from `LEDGERBAL` (card
//! balances flipped to "owed, positive") with `AVAILBAL` as available; one posted
//! `TransactionRecord` per `STMTTRN` (source id `FITID`, `TRNAMT` signed as sent — negative is
//! money out —, posted on `DTPOSTED`'s date, transacted on `DTUSER`'s, description `NAME` or
//! `PAYEE/NAME`, memo `MEMO` led by `CHECKNUM`, FX from `ORIGCURRENCY`/`CURRENCY`), and
//! [`OfxCorrection`]s for `CORRECTFITID`. Dates are the calendar dates as written: time-zone
//! offsets are validated, not applied. QFX's `INTU.*` and other unknown elements are ignored.

mod chunks;
mod entities;
mod error;
mod header;
mod list_order;
mod model;
mod reader;
mod request;
mod statement;
mod transaction;
mod tree;
mod values;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_chunks;

pub use chunks::{parse_in_chunks, Chunked};
pub use error::{status_meaning, OfxError};
pub use header::OfxVersion;
pub use model::{OfxCorrection, OfxCorrectionAction, OfxInstitution, OfxStatement, ParsedOfx};
pub use request::{
    build_statement_request, OfxAccountRef, OfxCredentials, OfxRequestError, OfxRequestVersion,
    StatementRequest,
};
pub use values::{parse_amount, parse_datetime, parse_decimal, OfxDateTime};

/// Bounds on what the parser accepts, so hostile input cannot exhaust memory or stack.
#[derive(Debug, Clone, Copy)]
pub struct OfxLimits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_elements: usize,
}

impl Default for OfxLimits {
    /// 1 GiB, 64 levels, 40 million elements: a few million transactions.
    fn default() -> Self {
        OfxLimits {
            max_bytes: 1 << 30,
            max_depth: 64,
            max_elements: 40_000_000,
        }
    }
}

/// Parses an OFX/QFX document with the default limits.
pub fn parse(bytes: &[u8]) -> Result<ParsedOfx, OfxError> {
    parse_with_limits(bytes, OfxLimits::default())
}

/// Parses an OFX/QFX document within `limits`.
pub fn parse_with_limits(bytes: &[u8], limits: OfxLimits) -> Result<ParsedOfx, OfxError> {
    with_tree(bytes, limits, statement::read_document)
}

/// Decodes `bytes` and builds the element tree within `limits`, then reads it with `read`.
fn with_tree<R>(
    bytes: &[u8],
    limits: OfxLimits,
    read: impl FnOnce(&tree::Tree<'_>, OfxVersion) -> Result<R, OfxError>,
) -> Result<R, OfxError> {
    if bytes.len() > limits.max_bytes || bytes.len() > u32::MAX as usize {
        return Err(OfxError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes.min(u32::MAX as usize),
        });
    }
    let decoded = header::decode(bytes)?;
    let tree_limits = tree::TreeLimits {
        max_depth: limits.max_depth,
        max_nodes: limits.max_elements,
    };
    let tree = tree::build(&decoded.text, decoded.body_start, tree_limits)?;
    read(&tree, decoded.version)
}

/// True when `bytes` look like OFX/QFX (an OFX header or an `<OFX>` element near the start).
pub fn looks_like_ofx(bytes: &[u8]) -> bool {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head).to_ascii_uppercase();
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("OFXHEADER")
        || text.contains("<?OFX")
        || text.contains("<OFX>")
}

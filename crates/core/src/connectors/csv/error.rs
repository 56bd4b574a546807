//! What can go wrong reading a CSV download; row errors name the line and the column.

use crate::money::MoneyError;

/// Why a CSV file could not be imported. Nothing is imported when any row fails.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("the file is {size} bytes, more than the {limit}-byte limit for CSV files")]
    TooLarge { size: usize, limit: usize },
    /// The mapping itself is unusable (no date column, bad separator...).
    #[error("the column mapping is incomplete: {0}")]
    Mapping(String),
    /// Neither the caller nor the file names the account the rows belong to.
    #[error("which account is this file for? It does not say; choose one")]
    MissingAccount,
    /// The file matches no built-in layout and no mapping was given.
    #[error(
        "this CSV layout is not one Coffer knows; map its columns once and Coffer will remember"
    )]
    UnknownLayout,
    /// A named column is not in the header row.
    #[error("line {line}: the header has no column '{column}' (it has: {found})")]
    MissingColumn {
        line: u64,
        column: String,
        found: String,
    },
    /// The file has no header row where the mapping expects one.
    #[error("the file has no header row")]
    NoHeader,
    /// A row's value is wrong: "line 14, column Amount: '12,3x' is not an amount".
    #[error("line {line}, column {column}: {message}")]
    Row {
        line: u64,
        column: String,
        message: String,
        #[source]
        source: Option<MoneyError>,
    },
    /// The CSV syntax itself is broken (e.g. an unterminated quote or invalid text).
    #[error("line {line}: {source}")]
    Syntax {
        line: u64,
        #[source]
        source: csv::Error,
    },
}

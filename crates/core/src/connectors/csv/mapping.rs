//! A user-defined column mapping, saved per account by the storage layer as JSON.

use serde::{Deserialize, Serialize};

/// Which column: by 0-based position, or by header text (case- and whitespace-insensitive).
/// In JSON: `3` or `"Amount"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    Index(usize),
    Name(String),
}

/// The columns a mapping reads. Only `date` and `description` are always required; the sign
/// convention says which amount columns it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvColumns {
    /// The transaction date (becomes `transacted_on`, and `posted_on` unless `posted_date` is set).
    pub date: Option<ColumnRef>,
    pub posted_date: Option<ColumnRef>,
    pub description: Option<ColumnRef>,
    /// A single amount column (signed, or unsigned with `direction`).
    pub amount: Option<ColumnRef>,
    /// Split columns: money out / money in, both unsigned.
    pub debit: Option<ColumnRef>,
    pub credit: Option<ColumnRef>,
    /// A column saying DEBIT or CREDIT.
    pub direction: Option<ColumnRef>,
    pub category: Option<ColumnRef>,
    pub memo: Option<ColumnRef>,
    /// An ISO 4217 code per row; otherwise the account's currency.
    pub currency: Option<ColumnRef>,
}

/// How the file's amounts map to ours (negative = money leaving the account holder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignConvention {
    /// `amount` is already signed our way.
    AsIs,
    /// `amount` is signed the other way (e.g. purchases positive): negate it.
    Inverted,
    /// `debit` is money out, `credit` money in; exactly one is filled per row.
    DebitCredit,
    /// `amount` is unsigned (a sign, if any, is ignored); `direction` says which way.
    Direction {
        #[serde(default = "default_debit_words")]
        debit_words: Vec<String>,
        #[serde(default = "default_credit_words")]
        credit_words: Vec<String>,
    },
}

pub(crate) fn default_debit_words() -> Vec<String> {
    ["DEBIT", "DR", "D"].map(String::from).to_vec()
}

pub(crate) fn default_credit_words() -> Vec<String> {
    ["CREDIT", "CR", "C"].map(String::from).to_vec()
}

/// The file's character encoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvEncoding {
    /// A BOM decides; otherwise UTF-8 when valid, else Windows-1252.
    #[default]
    Auto,
    Utf8,
    Windows1252,
}

/// Everything needed to read one account's CSV download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvMapping {
    pub columns: CsvColumns,
    /// Whether the first row (after `skip_lines`) names the columns.
    pub has_header: bool,
    /// Physical lines to drop before the header or the first row (a preamble).
    pub skip_lines: usize,
    pub delimiter: char,
    /// chrono strftime format, e.g. `%m/%d/%Y`, `%Y-%m-%d`, `%d.%m.%Y`.
    pub date_format: String,
    pub sign: SignConvention,
    pub decimal_separator: char,
    pub thousands_separator: Option<char>,
    pub encoding: CsvEncoding,
}

impl Default for CsvMapping {
    fn default() -> Self {
        CsvMapping {
            columns: CsvColumns::default(),
            has_header: true,
            skip_lines: 0,
            delimiter: ',',
            date_format: "%m/%d/%Y".into(),
            sign: SignConvention::AsIs,
            decimal_separator: '.',
            thousands_separator: Some(','),
            encoding: CsvEncoding::Auto,
        }
    }
}

impl CsvMapping {
    /// Checks the mapping is usable before any row is read.
    pub fn validate(&self) -> Result<(), String> {
        let c = &self.columns;
        if c.date.is_none() {
            return Err("no date column".into());
        }
        if c.description.is_none() {
            return Err("no description column".into());
        }
        let needs: &[(&str, &Option<ColumnRef>)] = match self.sign {
            SignConvention::AsIs | SignConvention::Inverted => &[("amount", &c.amount)],
            SignConvention::DebitCredit => &[("debit", &c.debit), ("credit", &c.credit)],
            SignConvention::Direction { .. } => {
                &[("amount", &c.amount), ("direction", &c.direction)]
            }
        };
        if let Some((name, _)) = needs.iter().find(|(_, col)| col.is_none()) {
            return Err(format!("the sign convention needs a {name} column"));
        }
        if !self.delimiter.is_ascii() || self.delimiter == '"' || self.delimiter == '\n' {
            return Err(format!("'{}' cannot be the delimiter", self.delimiter));
        }
        if !matches!(self.decimal_separator, '.' | ',') {
            return Err("the decimal separator must be '.' or ','".into());
        }
        if self.thousands_separator == Some(self.decimal_separator) {
            return Err("the thousands and decimal separators are the same".into());
        }
        if !self.has_header && self.named_columns().next().is_some() {
            return Err("columns are named but the file has no header row".into());
        }
        Ok(())
    }

    pub(crate) fn named_columns(&self) -> impl Iterator<Item = &str> {
        let c = &self.columns;
        [
            &c.date,
            &c.posted_date,
            &c.description,
            &c.amount,
            &c.debit,
            &c.credit,
            &c.direction,
            &c.category,
            &c.memo,
            &c.currency,
        ]
        .into_iter()
        .filter_map(|col| match col {
            Some(ColumnRef::Name(n)) => Some(n.as_str()),
            _ => None,
        })
    }
}

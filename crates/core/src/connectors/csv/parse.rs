//! Reading rows with a [`CsvMapping`]: header resolution, cells to dates and signed money,
//! content-key identity. Any bad row fails the whole file, naming its line and column.

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::CsvError;
use super::identity::Occurrences;
use super::mapping::{ColumnRef, CsvMapping, SignConvention};
use super::records::{Record, Records};
use super::values::{normalize_header, parse_amount_text, Lines};
use crate::domain::{TransactionRecord, TransactionStatus};
use crate::money::{Currency, Money};

/// Column positions resolved against the header (or taken as given).
#[derive(Default)]
struct Resolved {
    date: Option<usize>,
    posted: Option<usize>,
    description: Option<usize>,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    direction: Option<usize>,
    category: Option<usize>,
    memo: Option<usize>,
    currency: Option<usize>,
}

/// What the rows yield: transactions and the source's category per transaction source id.
pub(crate) struct Rows {
    pub transactions: Vec<TransactionRecord>,
    pub categories: Vec<(String, String)>,
}

/// Byte offset just after the first `n` physical lines (CRLF, LF or CR).
pub(crate) fn skip_lines(text: &str, n: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut at, mut left) = (0, n);
    while left > 0 && at < bytes.len() {
        match bytes.get(at) {
            Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at += 2,
            Some(b'\r' | b'\n') => at += 1,
            _ => {
                at += 1;
                continue;
            }
        }
        left -= 1;
    }
    at.min(bytes.len())
}

pub(crate) fn read_rows(
    text: &str,
    mapping: &CsvMapping,
    account: &str,
    currency: Currency,
) -> Result<Rows, CsvError> {
    mapping.validate().map_err(CsvError::Mapping)?;
    let start = skip_lines(text, mapping.skip_lines);
    let offset = text.get(..start).map_or(0, count_lines) as u64;
    let body = text.get(start..).unwrap_or("");
    let mut reader = Records::new(body, mapping.delimiter as u8);
    let mut record = Record::new();
    let mut headers: Vec<String> = Vec::new();
    let mut lines = Lines::new(body);
    let mut line_of = |r: &Record| lines.record_line(r.start()) + offset;
    if mapping.has_header {
        loop {
            if !reader.read(&mut record) {
                return Err(CsvError::NoHeader);
            }
            if record.iter().any(|c| !c.trim().is_empty()) {
                break;
            }
        }
        headers = record
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
    }
    let header_line = line_of(&record);
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let resolve = |col: &Option<ColumnRef>| -> Result<Option<usize>, CsvError> {
        match col {
            None => Ok(None),
            Some(ColumnRef::Index(i)) => Ok(Some(*i)),
            Some(ColumnRef::Name(name)) => {
                let want = normalize_header(name);
                normalized
                    .iter()
                    .position(|h| *h == want)
                    .map(Some)
                    .ok_or_else(|| CsvError::MissingColumn {
                        line: header_line,
                        column: name.clone(),
                        found: headers.join(", "),
                    })
            }
        }
    };
    let c = &mapping.columns;
    let cols = Resolved {
        date: resolve(&c.date)?,
        posted: resolve(&c.posted_date)?,
        description: resolve(&c.description)?,
        amount: resolve(&c.amount)?,
        debit: resolve(&c.debit)?,
        credit: resolve(&c.credit)?,
        direction: resolve(&c.direction)?,
        category: resolve(&c.category)?,
        memo: resolve(&c.memo)?,
        currency: resolve(&c.currency)?,
    };
    let label = |i: usize| {
        headers
            .get(i)
            .filter(|h| !h.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("{}", i + 1))
    };
    let mut rows = Rows {
        transactions: Vec::new(),
        categories: Vec::new(),
    };
    let mut occurrences = Occurrences::default();
    // The date format's items, read once (`NaiveDate::parse_from_str` reads it for every row).
    let date_items: Vec<Item<'_>> = StrftimeItems::new(&mapping.date_format).collect();
    while reader.read(&mut record) {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_of(&record);
        let fail = |i: usize, message: String| CsvError::Row {
            line,
            column: label(i),
            message,
            source: None,
        };
        let cell = |i: Option<usize>| -> Option<(usize, &str)> {
            let i = i?;
            Some((i, record.get(i).map(str::trim).unwrap_or("")))
        };
        let required = |i: Option<usize>, what: &str| -> Result<(usize, &str), CsvError> {
            let (i, text) =
                cell(i).ok_or_else(|| CsvError::Mapping(format!("no {what} column")))?;
            if record.get(i).is_none() {
                return Err(fail(
                    i,
                    format!("the row has only {} columns", record.len()),
                ));
            }
            Ok((i, text))
        };
        let date = |i: Option<usize>, what: &str| -> Result<NaiveDate, CsvError> {
            let (i, text) = required(i, what)?;
            parse_date(text, &date_items).map_err(|_| {
                fail(
                    i,
                    format!(
                        "'{text}' is not a date in the format {}",
                        mapping.date_format
                    ),
                )
            })
        };
        let transacted = date(cols.date, "date")?;
        let posted = match cols.posted {
            Some(_) => Some(date(cols.posted, "posted date")?),
            None => None,
        };
        let row_currency = match cell(cols.currency).filter(|(_, t)| !t.is_empty()) {
            Some((i, code)) => Currency::parse(code)
                .map_err(|_| fail(i, format!("'{code}' is not a currency code")))?,
            None => currency,
        };
        let number = |i: usize, text: &str| -> Result<Decimal, CsvError> {
            parse_amount_text(text, mapping.decimal_separator, mapping.thousands_separator)
                .ok_or_else(|| fail(i, format!("'{text}' is not an amount")))
        };
        let value = match &mapping.sign {
            SignConvention::AsIs | SignConvention::Inverted => {
                let (i, text) = required(cols.amount, "amount")?;
                let v = number(i, text)?;
                if matches!(mapping.sign, SignConvention::Inverted) {
                    -v
                } else {
                    v
                }
            }
            SignConvention::DebitCredit => {
                let (di, debit) = cell(cols.debit).unwrap_or((0, ""));
                let (ci, credit) = cell(cols.credit).unwrap_or((0, ""));
                match (debit.is_empty(), credit.is_empty()) {
                    (false, true) => -number(di, debit)?.abs(),
                    (true, false) => number(ci, credit)?.abs(),
                    (true, true) => {
                        return Err(fail(
                            di,
                            "neither the debit nor the credit column has an amount".into(),
                        ))
                    }
                    (false, false) => {
                        let (d, c) = (number(di, debit)?, number(ci, credit)?);
                        match (d.is_zero(), c.is_zero()) {
                            (_, true) => -d.abs(),
                            (true, false) => c.abs(),
                            _ => {
                                return Err(fail(
                                    di,
                                    format!(
                                        "both debit '{debit}' and credit '{credit}' are filled"
                                    ),
                                ))
                            }
                        }
                    }
                }
            }
            SignConvention::Direction {
                debit_words,
                credit_words,
            } => {
                let (i, text) = required(cols.amount, "amount")?;
                let v = number(i, text)?.abs();
                let (di, word) = required(cols.direction, "direction")?;
                let is =
                    |words: &Vec<String>| words.iter().any(|w| w.trim().eq_ignore_ascii_case(word));
                if is(debit_words) {
                    -v
                } else if is(credit_words) {
                    v
                } else {
                    return Err(fail(di, format!("'{word}' is neither DEBIT nor CREDIT")));
                }
            }
        };
        let amount_col = cols.amount.or(cols.debit).unwrap_or(0);
        let amount = Money::new(value, row_currency).map_err(|e| CsvError::Row {
            line,
            column: label(amount_col),
            message: format!("{value} has more decimal places than {row_currency} allows"),
            source: Some(e),
        })?;
        let (_, description) = required(cols.description, "description")?;
        let source_id = occurrences.source_id(account, transacted, &amount, description);
        if let Some((_, category)) = cell(cols.category).filter(|(_, t)| !t.is_empty()) {
            rows.categories
                .push((source_id.clone(), category.to_string()));
        }
        rows.transactions.push(TransactionRecord {
            account_source_id: account.to_string(),
            source_id,
            status: TransactionStatus::Posted,
            transacted_on: Some(transacted),
            posted_on: posted,
            amount,
            original_amount: None,
            fx_rate: None,
            description: description.to_string(),
            merchant: None,
            mcc: None,
            memo: cell(cols.memo)
                .filter(|(_, t)| !t.is_empty())
                .map(|(_, t)| t.to_string()),
            statement_source_id: None,
            authorization_source_id: None,
        });
    }
    Ok(rows)
}

/// `NaiveDate::parse_from_str` with the format's items read beforehand.
fn parse_date(text: &str, items: &[Item<'_>]) -> chrono::ParseResult<NaiveDate> {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, items.iter())?;
    parsed.to_naive_date()
}

fn count_lines(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

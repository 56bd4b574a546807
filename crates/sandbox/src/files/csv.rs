//! The two Barclaycard US CSV download layouts.
//!
//! `barclays-short`: four preamble lines (bank name, masked account number, balance as of today,
//! a blank line), then `Transaction Date,Description,Category,Amount` with Category `DEBIT` or
//! `CREDIT`. `barclays-category`: the same header with no preamble and Category a spending
//! category (`Restaurants`, `Payment`, `Interest Charged`…). Both: dates `MM/DD/YYYY` (the
//! transaction date), amounts signed with two decimals (negative = money out: purchases, fees,
//! interest), RFC 4180 quoting where a field needs it, CRLF line ends.

use std::io::{self, Write};

use super::{days, DateRange, FileError, Written};
use crate::calendar::{self, Day};
use crate::export::{for_each_posted, kind_label};
use crate::generator::balances::balance_at;
use crate::generator::Bank;
use crate::money::Cents;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvLayout {
    BarclaysShort,
    BarclaysCategory,
}

impl CsvLayout {
    pub fn parse(name: &str) -> Option<CsvLayout> {
        match name {
            "barclays-short" | "short" => Some(CsvLayout::BarclaysShort),
            "barclays-category" | "category" => Some(CsvLayout::BarclaysCategory),
            _ => None,
        }
    }
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `$1,234.56` / `-$12.00`.
fn dollars(amount: Cents) -> String {
    let text = amount.abs().to_decimal_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}.{frac}", if amount.0 < 0 { "-" } else { "" })
}

pub fn render(
    bank: &Bank,
    now: Day,
    account_id: &str,
    range: DateRange,
    layout: CsvLayout,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    let account = bank
        .account(account_id)
        .ok_or_else(|| FileError::UnknownAccount(account_id.to_owned()))?;
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    if layout == CsvLayout::BarclaysShort {
        let balance = balance_at(bank, account.index, now).current;
        write!(
            out,
            "Barclays Bank Delaware\r\nAccount Number: XXXXXXXXXXXX{}\r\nAccount Balance as of {}:    {}\r\n\r\n",
            account.mask,
            calendar::date_of(now).format("%B %d %Y"),
            dollars(balance)
        )?;
    }
    out.write_all(b"Transaction Date,Description,Category,Amount\r\n")?;
    let (start, end) = days(range);
    let mut written = Written::default();
    let mut failure = None;
    for_each_posted(bank, account.index, now, start, end, |row| {
        if failure.is_some() {
            return;
        }
        let category = match layout {
            CsvLayout::BarclaysShort => {
                if row.amount.0 < 0 {
                    "DEBIT"
                } else {
                    "CREDIT"
                }
            }
            CsvLayout::BarclaysCategory => kind_label(row),
        };
        let line = format!(
            "{},{},{},{}\r\n",
            calendar::date_of(row.transacted).format("%m/%d/%Y"),
            field(&row.description()),
            field(category),
            row.amount.to_decimal_string()
        );
        match out.write_all(line.as_bytes()) {
            Ok(()) => {
                written.rows += 1;
                written.sum += row.amount;
            }
            Err(error) => failure = Some(error),
        }
    });
    if let Some(error) = failure {
        return Err(error.into());
    }
    out.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dollars_group_thousands() {
        assert_eq!(
            super::dollars(crate::money::Cents(123_456_789)),
            "$1,234,567.89"
        );
        assert_eq!(super::dollars(crate::money::Cents(-1_200)), "-$12.00");
        assert_eq!(super::field("A, \"B\""), "\"A, \"\"B\"\"\"");
    }
}

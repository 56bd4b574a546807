//! The two Barclaycard US download layouts, detected from the file.
//!
//! What is confirmed from public importers written against real downloads: the older layout
//! starts with a preamble (`Barclays Bank Delaware`, `Account Number: XXXXXXXXXXXX0101`,
//! `Account Balance as of June 25 2020: $1,234.56`, a blank line), then rows
//! `12/28/2019,"EXXONMOBIL 97662472","DEBIT",-34.18`, under a header
//! `Transaction Date,Description,Category,Amount` whose Category column holds DEBIT/CREDIT.
//! The newer layout is that header alone, Category a spending category and Amount signed
//! (negative = purchase). Assumed, and made tolerant: the preamble's exact lines (skipped until
//! a header or a dated row appears), whether the old layout has its header row (both work),
//! header case and spacing, and whether old-layout amounts carry a sign (the DEBIT/CREDIT
//! column decides the sign either way).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::mapping::{
    default_credit_words, default_debit_words, ColumnRef, CsvColumns, CsvMapping, SignConvention,
};
use super::records::{Record, Records};
use super::values::{normalize_header, parse_amount_text, Lines};

/// A download layout Coffer recognizes without a user mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnownLayout {
    /// Preamble, then date, description, DEBIT/CREDIT, amount.
    BarclaycardUsDebitCredit,
    /// `Transaction Date,Description,Category,Amount`, amount signed.
    BarclaycardUsCategory,
}

/// A detected layout with the mapping that reads it and what its preamble said.
pub(crate) struct Detected {
    pub layout: KnownLayout,
    pub mapping: CsvMapping,
    /// `Account Number:` from the preamble, as written (usually masked).
    pub account_number: Option<String>,
    /// `Account Balance as of <date>: <amount>` from the preamble.
    pub balance: Option<(NaiveDate, Decimal)>,
}

const HEADER: [&str; 4] = ["transaction date", "description", "category", "amount"];
const DATE_FORMAT: &str = "%m/%d/%Y";

pub(crate) fn analyze(text: &str) -> Option<Detected> {
    let mut records = Records::new(text, b',');
    let mut r = Record::new();
    // At most 64 records are looked at, in both loops together.
    let mut budget = 64usize;
    let mut next = |r: &mut Record| {
        budget = budget.checked_sub(1)?;
        records.read(r).then_some(())
    };
    let is_direction = |s: &str| {
        ["DEBIT", "CREDIT"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(s.trim()))
    };
    let mut start: Option<(u64, bool)> = None; // (line, has header)
    let mut lines = Lines::new(text);
    while next(&mut r).is_some() {
        let line = lines.record_line(r.start());
        let cells: Vec<String> = r
            .iter()
            .map(normalize_header)
            .filter(|c| !c.is_empty())
            .collect();
        if cells == HEADER {
            start = Some((line, true));
            break;
        }
        let dated = r
            .get(0)
            .is_some_and(|d| NaiveDate::parse_from_str(d.trim(), DATE_FORMAT).is_ok());
        if dated && r.len() >= 4 && r.get(2).is_some_and(is_direction) {
            start = Some((line, false));
            break;
        }
    }
    let (line, has_header) = start?;
    let preamble: Vec<&str> = text.lines().take(line.saturating_sub(1) as usize).collect();
    // Old layout when the rows say DEBIT/CREDIT (or, with no rows, when there is a preamble).
    let mut saw_rows = false;
    let mut all_direction = true;
    if has_header {
        for _ in 0..20 {
            if next(&mut r).is_none() {
                break;
            }
            if let Some(c) = r.get(2).filter(|c| !c.trim().is_empty()) {
                saw_rows = true;
                all_direction &= is_direction(c);
            }
        }
    }
    let old = !has_header
        || if saw_rows {
            all_direction
        } else {
            preamble.iter().any(|l| !l.trim().is_empty())
        };
    let col = |name: &str, index: usize| {
        Some(if has_header {
            ColumnRef::Name(name.into())
        } else {
            ColumnRef::Index(index)
        })
    };
    let mut columns = CsvColumns {
        date: col("Transaction Date", 0),
        description: col("Description", 1),
        amount: col("Amount", 3),
        ..CsvColumns::default()
    };
    let (layout, sign) = if old {
        columns.direction = col("Category", 2);
        let sign = SignConvention::Direction {
            debit_words: default_debit_words(),
            credit_words: default_credit_words(),
        };
        (KnownLayout::BarclaycardUsDebitCredit, sign)
    } else {
        columns.category = col("Category", 2);
        (KnownLayout::BarclaycardUsCategory, SignConvention::AsIs)
    };
    let mapping = CsvMapping {
        columns,
        has_header,
        skip_lines: preamble.len(),
        date_format: DATE_FORMAT.into(),
        sign,
        ..CsvMapping::default()
    };
    Some(Detected {
        layout,
        mapping,
        account_number: account_number(&preamble),
        balance: balance(&preamble),
    })
}

fn account_number(preamble: &[&str]) -> Option<String> {
    preamble.iter().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        let value = value.trim().trim_matches('"').trim();
        (normalize_header(key).starts_with("account number") && !value.is_empty())
            .then(|| value.to_string())
    })
}

/// `Account Balance as of June 25 2020:    $1,234.56`.
fn balance(preamble: &[&str]) -> Option<(NaiveDate, Decimal)> {
    preamble.iter().find_map(|l| {
        let l = l.trim().trim_matches('"');
        let (key, value) = l.split_once(':')?;
        let date_text = normalize_header(key)
            .strip_prefix("account balance as of ")?
            .replace(',', "");
        let date = ["%B %d %Y", "%b %d %Y", DATE_FORMAT]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(date_text.trim(), f).ok())?;
        let amount = parse_amount_text(value.trim().trim_matches('"'), '.', Some(','))?;
        Some((date, amount))
    })
}

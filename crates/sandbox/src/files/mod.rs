//! Downloadable statement files rendered from the generated data: OFX 1.0.2 (SGML), OFX 2.2
//! (XML), QFX (OFX 1.0.2 + `INTU.BID`) and the two Barclaycard US CSV layouts. Every renderer
//! streams posted rows month by month into a `Write`, so million-row files are cheap.
//!
//! Rows: the account's **posted** rows whose posting day lies in the optional inclusive range,
//! oldest first (pending authorizations never appear in downloads).

mod csv;
mod routes;

use std::io::{self, Write};

use chrono::NaiveDate;

pub use self::csv::CsvLayout;
pub use routes::router;

use crate::calendar::{self, Day};
use crate::generator::{Bank, DataSpec};
pub use crate::ofx::render::Written;
use crate::ofx::render::{Answer, OfxVersion, OfxWriter, Statement};

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("no account {0} in this data set")]
    UnknownAccount(String),
    #[error("could not write the file: {0}")]
    Io(#[from] io::Error),
}

/// An inclusive range of posting dates; `None` = the whole history through the sandbox's today.
pub type DateRange = Option<(NaiveDate, NaiveDate)>;

fn days(range: DateRange) -> (Option<Day>, Option<Day>) {
    match range {
        Some((from, to)) => (Some(calendar::day_of(from)), Some(calendar::day_of(to))),
        None => (None, None),
    }
}

/// Renders OFX for the given account ids (`"all"` = every account, several in one file).
pub fn render_ofx(
    bank: &Bank,
    now: Day,
    account_id: &str,
    range: DateRange,
    version: OfxVersion,
    qfx: bool,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    let (start, end) = days(range);
    let indices: Vec<usize> = if account_id == "all" {
        (0..bank.accounts.len()).collect()
    } else {
        vec![
            bank.account(account_id)
                .ok_or_else(|| FileError::UnknownAccount(account_id.to_owned()))?
                .index,
        ]
    };
    let answers: Vec<Answer> = indices
        .into_iter()
        .map(|account_index| {
            Answer::Statement(Statement {
                account_index,
                start,
                end,
                include_transactions: true,
                trnuid: "0".to_owned(),
                keep: None,
                instants: (0, 0),
            })
        })
        .collect();
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let written = OfxWriter::new(&mut buffered, version).document(bank, now, 0, qfx, &answers)?;
    buffered.flush()?;
    Ok(written)
}

fn with_bank<T>(spec: &DataSpec, run: impl FnOnce(&Bank, Day) -> T) -> T {
    let bank = Bank::new(spec.clone());
    let now = bank.spec.now(0);
    run(&bank, now)
}

/// OFX 1.0.2 SGML (`OFXHEADER:100`, `CHARSET:1252`, unclosed leaf elements).
pub fn ofx_v1(
    spec: &DataSpec,
    account_id: &str,
    range: DateRange,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    with_bank(spec, |bank, now| {
        render_ofx(bank, now, account_id, range, OfxVersion::V1, false, out)
    })
}

/// OFX 2.2 XML.
pub fn ofx_v2(
    spec: &DataSpec,
    account_id: &str,
    range: DateRange,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    with_bank(spec, |bank, now| {
        render_ofx(bank, now, account_id, range, OfxVersion::V2, false, out)
    })
}

/// QFX: OFX 1.0.2 with Intuit's `<INTU.BID>` in the signon response.
pub fn qfx(
    spec: &DataSpec,
    account_id: &str,
    range: DateRange,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    with_bank(spec, |bank, now| {
        render_ofx(bank, now, account_id, range, OfxVersion::V1, true, out)
    })
}

/// Barclaycard US CSV with the short account preamble and Category = `DEBIT`/`CREDIT`.
pub fn csv_barclays_short(
    spec: &DataSpec,
    account_id: &str,
    range: DateRange,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    with_bank(spec, |bank, now| {
        csv::render(bank, now, account_id, range, CsvLayout::BarclaysShort, out)
    })
}

/// Barclaycard US CSV `Transaction Date,Description,Category,Amount` with spending categories.
pub fn csv_barclays_category(
    spec: &DataSpec,
    account_id: &str,
    range: DateRange,
    out: &mut dyn Write,
) -> Result<Written, FileError> {
    with_bank(spec, |bank, now| {
        csv::render(
            bank,
            now,
            account_id,
            range,
            CsvLayout::BarclaysCategory,
            out,
        )
    })
}

//! One `STMTTRN` to a [`TransactionRecord`]: FITID identity, signs as sent, NAME/PAYEE/MEMO,
//! CHECKNUM, currency conversion, and `CORRECTFITID`/`CORRECTACTION`.

use std::borrow::Cow;
use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use super::error::OfxError;
use super::model::{OfxCorrection, OfxCorrectionAction};
use super::reader::Reader;
use crate::domain::{TransactionRecord, TransactionStatus};
use crate::money::{Currency, Money};

// Not boxed: a list is mostly transactions, so a box would save no space and cost an
// allocation and a free per row (a million of each in a large download).
#[allow(clippy::large_enum_variant)]
pub(crate) enum Read {
    /// A transaction, and the correction it carries when it replaces an earlier one.
    Transaction(TransactionRecord, Option<OfxCorrection>),
    /// `CORRECTACTION` DELETE: no transaction, only the deletion.
    Deletion(OfxCorrection),
}

/// A read `STMTTRN` with its FITID as the document writes it (what repeats are found by).
pub(crate) struct Keyed<'a> {
    pub fitid: Cow<'a, str>,
    pub read: Read,
}

/// Lists shorter than this many elements per extra thread are read on the calling thread.
const ROWS_PER_THREAD: usize = 50_000;

/// How many threads read a list of `rows` elements: one per core, each with at least
/// [`ROWS_PER_THREAD`] elements.
pub(crate) fn threads_for(rows: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(rows / ROWS_PER_THREAD)
        .max(1)
}

/// Every `STMTTRN` in `trns` (the children of the list at `list_path`), in document order, read
/// on `threads` threads (the calling one alone when 1). Each element is read on its own, so a
/// long list is split across the cores; the error returned is the first in the document, as a
/// reading in one pass would return.
pub(crate) fn read_transactions_on<'a>(
    threads: usize,
    r: &Reader<'_, 'a>,
    trns: &[u32],
    list_path: &str,
    account: &str,
    curdef: Currency,
) -> Result<Vec<Keyed<'a>>, OfxError> {
    if threads <= 1 || trns.len() < 2 {
        return read_part(r, 0, trns, list_path, account, curdef);
    }
    let size = trns.len().div_ceil(threads.min(trns.len()));
    let parts: Vec<Result<Vec<Keyed<'a>>, OfxError>> = std::thread::scope(|scope| {
        let running: Vec<_> = trns
            .chunks(size)
            .enumerate()
            .map(|(k, part)| {
                scope.spawn(move || read_part(r, k * size, part, list_path, account, curdef))
            })
            .collect();
        running
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut reads = Vec::with_capacity(trns.len());
    for part in parts {
        reads.extend(part?);
    }
    Ok(reads)
}

/// The `STMTTRN`s `part` of a list, the first being the list's element number `first` (from 0).
pub(crate) fn read_part<'a>(
    r: &Reader<'_, 'a>,
    first: usize,
    part: &[u32],
    list_path: &str,
    account: &str,
    curdef: Currency,
) -> Result<Vec<Keyed<'a>>, OfxError> {
    let mut reads = Vec::with_capacity(part.len());
    // Each element's path, for its errors, written into one buffer (not one string a row).
    let mut path = String::with_capacity(list_path.len() + 24);
    for (i, &trn) in part.iter().enumerate() {
        path.clear();
        // Writing to a String cannot fail.
        let _ = write!(path, "{list_path}/STMTTRN[{}]", first + i + 1);
        reads.push(read_transaction(r, trn, &path, account, curdef)?);
    }
    Ok(reads)
}

fn read_transaction<'a>(
    r: &Reader<'_, 'a>,
    trn: u32,
    path: &str,
    account: &str,
    curdef: Currency,
) -> Result<Keyed<'a>, OfxError> {
    let (_, key) = r.req(trn, path, "FITID")?;
    let fitid = key.as_ref().to_owned();
    let correction = read_correction(r, trn, path, account, &fitid)?;
    if let Some(
        c @ OfxCorrection {
            action: OfxCorrectionAction::Delete,
            ..
        },
    ) = correction
    {
        return Ok(Keyed {
            fitid: key,
            read: Read::Deletion(c),
        });
    }
    let posted_on = r.req_date(trn, path, "DTPOSTED")?;
    let transacted_on = r.opt_date(trn, path, "DTUSER")?;
    let (amount_id, amount_text) = r.req(trn, path, "TRNAMT")?;

    // CURRENCY: the amounts are in CURSYM; ORIGCURRENCY: they were converted to CURDEF from it.
    // CURRATE is CURDEF units per CURSYM unit in both.
    let foreign = foreign_currency(r, trn, path)?;
    let (amount, original_amount, fx_rate) = match foreign {
        Some((sym, rate, converted)) if sym != curdef => {
            let in_text = if converted { curdef } else { sym };
            let written = r.money(amount_id, path, "TRNAMT", &amount_text, in_text)?;
            let other = if converted {
                written.amount().checked_div(rate)
            } else {
                written.amount().checked_mul(rate)
            };
            let other_currency = if converted { sym } else { curdef };
            let other = other
                .map(|v| {
                    v.round_dp_with_strategy(
                        other_currency.minor_exponent(),
                        RoundingStrategy::MidpointAwayFromZero,
                    )
                })
                .and_then(|v| Money::new(v, other_currency).ok())
                .ok_or_else(|| {
                    r.error(
                        amount_id,
                        &format!("{path}/TRNAMT"),
                        "TRNAMT cannot be converted with CURRATE",
                    )
                })?;
            if converted {
                (written, Some(other), Some(rate))
            } else {
                (other, Some(written), Some(rate))
            }
        }
        _ => (
            r.money(amount_id, path, "TRNAMT", &amount_text, curdef)?,
            None,
            None,
        ),
    };

    let payee_name = r
        .tree
        .child(trn, "PAYEE")
        .and_then(|p| r.opt_string(p, "NAME"));
    let memo_text = r.opt_string(trn, "MEMO");
    let description = r
        .opt_string(trn, "NAME")
        .or(payee_name)
        .or_else(|| r.opt_string(trn, "EXTDNAME"))
        .or_else(|| memo_text.clone())
        .or_else(|| r.opt_string(trn, "TRNTYPE"))
        .unwrap_or_default();
    // There is no check-number field in the record: it leads the memo.
    let memo = match (r.opt_string(trn, "CHECKNUM"), memo_text) {
        (Some(check), Some(m)) => Some(format!("Check {check} · {m}")),
        (Some(check), None) => Some(format!("Check {check}")),
        (None, m) => m,
    };
    let record = TransactionRecord {
        account_source_id: account.to_string(),
        source_id: fitid,
        status: TransactionStatus::Posted,
        transacted_on,
        posted_on: Some(posted_on),
        amount,
        original_amount,
        fx_rate,
        description,
        merchant: None,
        mcc: None,
        memo,
        statement_source_id: None,
        authorization_source_id: None,
    };
    Ok(Keyed {
        fitid: key,
        read: Read::Transaction(record, correction),
    })
}

fn read_correction(
    r: &Reader<'_, '_>,
    trn: u32,
    path: &str,
    account: &str,
    fitid: &str,
) -> Result<Option<OfxCorrection>, OfxError> {
    let corrected = r.opt_string(trn, "CORRECTFITID");
    let action = r.opt(trn, "CORRECTACTION");
    let Some(corrected) = corrected else {
        return match action {
            Some((id, _)) => Err(r.error(
                id,
                &format!("{path}/CORRECTACTION"),
                "CORRECTACTION without CORRECTFITID",
            )),
            None => Ok(None),
        };
    };
    // The spec requires both; a CORRECTFITID alone is read as a replacement.
    let action = match action {
        None => OfxCorrectionAction::Replace {
            replacement_source_id: fitid.to_string(),
        },
        Some((id, text)) => match text.to_ascii_uppercase().as_str() {
            "REPLACE" => OfxCorrectionAction::Replace {
                replacement_source_id: fitid.to_string(),
            },
            "DELETE" => OfxCorrectionAction::Delete,
            other => {
                return Err(r.error(
                    id,
                    &format!("{path}/CORRECTACTION"),
                    format!("CORRECTACTION '{other}' is not REPLACE or DELETE"),
                ))
            }
        },
    };
    Ok(Some(OfxCorrection {
        account_source_id: account.to_string(),
        corrected_source_id: corrected,
        action,
    }))
}

/// `(CURSYM, CURRATE, converted)` from `ORIGCURRENCY` (converted = true) or `CURRENCY`.
fn foreign_currency(
    r: &Reader<'_, '_>,
    trn: u32,
    path: &str,
) -> Result<Option<(Currency, Decimal, bool)>, OfxError> {
    let (agg, converted) = match (
        r.tree.child(trn, "ORIGCURRENCY"),
        r.tree.child(trn, "CURRENCY"),
    ) {
        (Some(a), _) => (a, true),
        (None, Some(a)) => (a, false),
        (None, None) => return Ok(None),
    };
    let apath = format!(
        "{path}/{}",
        if converted {
            "ORIGCURRENCY"
        } else {
            "CURRENCY"
        }
    );
    let sym = r.currency(agg, &apath, "CURSYM")?;
    let (id, rate_text) = r.req(agg, &apath, "CURRATE")?;
    let rate = super::values::parse_decimal(&rate_text)
        .ok()
        .filter(|d| d.is_sign_positive() && !d.is_zero())
        .ok_or_else(|| {
            r.error(
                id,
                &format!("{apath}/CURRATE"),
                format!("CURRATE '{rate_text}' is not a positive rate"),
            )
        })?;
    Ok(Some((sym, rate, converted)))
}

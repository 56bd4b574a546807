//! OFX: statement rendering in 1.0.2 SGML and 2.x XML (shared by Direct Connect and the file
//! downloads), the Direct Connect request parser, and the `POST /ofx` endpoint.

pub mod direct;
pub mod render;
pub mod request;

use axum::routing::post;
use axum::Router;

use crate::api::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/ofx", post(direct::direct_connect))
}

use crate::calendar::{self, Day};
use crate::export::is_card;
use crate::generator::balances::balance_at;
use crate::generator::rows::{TxKind, TxRow};
use crate::generator::{Account, AccountKind, Bank};
use crate::money::Cents;

/// OFX `LEDGERBAL` and `AVAILBAL`: a card's ledger balance is negative when money is owed and
/// its available balance is the available credit; deposits report what they hold.
pub fn balances(bank: &Bank, account: &Account, now: Day) -> (Cents, Cents) {
    let balance = balance_at(bank, account.index, now);
    if is_card(account) {
        (-balance.current, balance.available)
    } else {
        (balance.current, balance.available)
    }
}

/// `YYYYMMDDHHMMSS.XXX[-5:EST]`: noon US Eastern on `day` (the same calendar day everywhere in
/// the US), with the time zone the OFX spec allows.
pub fn ofx_datetime(day: Day) -> String {
    format!(
        "{}120000.000[-5:EST]",
        calendar::date_of(day).format("%Y%m%d")
    )
}

/// Parses an OFX date (`YYYYMMDD`, optionally followed by time, fraction and `[tz]`) to a day.
pub fn parse_ofx_date(text: &str) -> Option<Day> {
    let digits = text.get(..8)?;
    chrono::NaiveDate::parse_from_str(digits, "%Y%m%d")
        .ok()
        .map(calendar::day_of)
}

/// OFX `TRNTYPE` of a row.
pub fn trntype(row: &TxRow) -> &'static str {
    match row.kind {
        TxKind::Purchase => "DEBIT",
        TxKind::Refund | TxKind::Payment => "CREDIT",
        TxKind::Fee => "FEE",
        TxKind::Interest | TxKind::InterestCredit => "INT",
        TxKind::TransferIn => "DEP",
        TxKind::TransferOut => "XFER",
    }
}

/// OFX `ACCTTYPE` of a deposit account (cards use `CCACCTFROM`, which has none).
pub fn account_type(account: &Account) -> &'static str {
    match account.kind {
        AccountKind::Cd(_) => "CD",
        _ => "SAVINGS",
    }
}

/// The sandbox bank's routing number in `BANKACCTFROM/BANKID` (a reserved test value).
pub const BANK_ID: &str = "999999999";
/// `FI/ORG` and `FI/FID` in the signon response.
pub const FI_ORG: &str = "CofferSandbox";
pub const FI_FID: &str = "9999";

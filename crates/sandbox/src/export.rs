//! Row selection shared by the standard protocols (FDX, SimpleFIN, OFX, CSV): which rows a
//! protocol shows, in which order, and the stable identifiers and labels they carry.

use crate::calendar::{self, Day};
use crate::generator::rows::{Role, RowState, TxKind, TxRow};
use crate::generator::{Account, AccountKind, Bank};
use crate::prng::mix;

/// Calls `visit` with every row of the account **posted** on or before `now` whose posting day is
/// within `from..=to` (both optional), in posting order (posting day, then row key). Streams
/// month by month, so a million rows never sit in memory at once.
pub fn for_each_posted(
    bank: &Bank,
    account_index: usize,
    now: Day,
    from: Option<Day>,
    to: Option<Day>,
    mut visit: impl FnMut(&TxRow),
) {
    let account = &bank.accounts[account_index];
    let first = bank.account_first_month(account);
    let upto = to.map_or(now, |to| to.min(now));
    let start_month = from.map_or(first, |day| calendar::month_of_day(day).max(first));
    let mut batch: Vec<TxRow> = Vec::new();
    for month in start_month..=calendar::month_of_day(upto) {
        let (start, end) = (calendar::first_day(month), calendar::last_day(month));
        batch.clear();
        for source in [month - 1, month] {
            if source < first {
                continue;
            }
            batch.extend(bank.month_rows(account_index, source).iter().filter(|r| {
                matches!(r.role, Role::Posted { .. })
                    && r.posted >= start
                    && r.posted <= end
                    && r.posted <= upto
                    && from.is_none_or(|from| r.posted >= from)
            }));
        }
        batch.sort_by_key(|r| (r.posted, r.key));
        batch.iter().for_each(&mut visit);
    }
}

/// Rows a "current state" protocol (FDX, SimpleFIN with `pending=1`) lists at `now`: posted rows
/// and authorizations still pending. Superseded and expired authorizations are gone.
pub fn listed_at(row: &TxRow, now: Day) -> bool {
    row.visible_at(now) && matches!(row.state_at(now), RowState::Posted | RowState::Pending)
}

/// The day a listed row is filed under: posting day, or the authorization day while pending.
pub fn listing_day(row: &TxRow) -> Day {
    match row.role {
        Role::Posted { .. } => row.posted,
        Role::Authorization { .. } => row.transacted,
    }
}

/// The transaction id FDX and OFX use: the issuer API's id (`tx_…` posted, `au_…` holds).
pub fn transaction_id(account: &Account, row: &TxRow) -> String {
    crate::api::views::row_id(account, row)
}

/// SimpleFIN's transaction id: opaque, and a posted row's id bears no relation to its hold's.
pub fn simplefin_id(bank: &Bank, account: &Account, row: &TxRow) -> String {
    let pending = u64::from(matches!(row.role, Role::Authorization { .. }));
    let value = mix(&[
        bank.spec.seed,
        0x5F1,
        account.index as u64,
        row.key,
        pending,
    ]);
    format!("TRN-{value:016x}")
}

/// A short statement-style label for the row kind (CSV category layout, OFX `MEMO`).
pub fn kind_label(row: &TxRow) -> &'static str {
    match row.kind {
        TxKind::Purchase | TxKind::Refund => row
            .merchant()
            .map(|m| category_label(m.category.name()))
            .unwrap_or("Merchandise"),
        TxKind::Payment => "Payment",
        TxKind::Fee => "Fees",
        TxKind::Interest => "Interest Charged",
        TxKind::InterestCredit => "Interest Earned",
        TxKind::TransferIn => "Deposit",
        TxKind::TransferOut => "Withdrawal",
    }
}

fn category_label(name: &str) -> &'static str {
    match name {
        "airline" => "Airlines",
        "hotel" => "Hotels",
        "cruise" => "Cruise Lines",
        "grocery" => "Groceries",
        "dining" => "Restaurants",
        "fast_food" => "Fast Food",
        "fuel" => "Gas Stations",
        "rideshare" => "Rideshare",
        "streaming" => "Streaming Services",
        "shopping" => "Merchandise",
        "pharmacy" => "Pharmacies",
        "transit" => "Transportation",
        "car_rental" => "Car Rental",
        "utilities" => "Utilities",
        _ => "Other",
    }
}

pub fn is_card(account: &Account) -> bool {
    matches!(account.kind, AccountKind::Card(_))
}

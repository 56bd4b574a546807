//! Truth per standard protocol: exactly what a full sync through FDX, SimpleFIN or OFX (and the
//! CSV downloads) must store, as of the sandbox's "today". Each protocol shows less than the
//! issuer API (see `truth`), and shows it differently:
//!
//! - **FDX**: every account; transactions = posted rows + authorizations still pending
//!   (superseded and expired holds are no longer listed; a posting names its hold in
//!   `referenceTransactionId`); statements = closed card cycles; no FICO, rewards ledger,
//!   transfers or card events.
//! - **SimpleFIN**: every account plus one reward-program account per card (custom currency URL,
//!   integer balance, no transactions); transactions = posted rows, plus still-pending holds when
//!   asked with `pending=1` (`transactions` counts that full sync, `posted` the rows without it).
//!   A posted row has a **new id with no link** to its hold: settle by the matching rule. No
//!   statements, FICO, transfers or card events.
//! - **OFX** (Direct Connect and files) and **CSV**: bank/card accounts only; posted rows only;
//!   balances `LEDGERBAL`/`AVAILBAL` (OFX; a card's ledger balance is negative when owed).
//!
//! Amounts are decimal strings, negative for money leaving the account holder.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{self, Day};
use crate::export::{is_card, listed_at};
use crate::generator::balances::balance_at;
use crate::generator::rows::RowState;
use crate::generator::{Account, AccountKind, Bank, DataSpec};
use crate::money::Cents;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProtocolCounts {
    pub accounts: u64,
    pub transactions: u64,
    pub posted: u64,
    pub pending: u64,
    pub statements: u64,
    pub reward_accounts: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProtocolAccountTruth {
    /// `credit_card`, `savings`, `cd`, or `rewards` (SimpleFIN reward-program accounts).
    pub kind: String,
    /// `USD`, or the custom currency URL of a reward program.
    pub currency: String,
    pub transactions: u64,
    pub posted: u64,
    pub pending: u64,
    pub sum: String,
    pub posted_sum: String,
    pub pending_sum: String,
    /// The balance exactly as the protocol reports it (see the module docs for signs).
    pub balance: String,
    pub available_balance: Option<String>,
    pub statements: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProtocolTruth {
    pub protocol: &'static str,
    pub as_of: String,
    pub counts: ProtocolCounts,
    pub accounts: BTreeMap<String, ProtocolAccountTruth>,
}

/// Posted and still-pending counts and sums of the account as listed at `now`.
fn row_totals(bank: &Bank, account: &Account, now: Day, entry: &mut ProtocolAccountTruth) {
    let (mut posted, mut pending) = (Cents::ZERO, Cents::ZERO);
    for rows in bank.rows_through(account.index, calendar::month_of_day(now)) {
        for row in rows.iter().filter(|r| listed_at(r, now)) {
            if row.state_at(now) == RowState::Posted {
                entry.posted += 1;
                posted += row.amount;
            } else {
                entry.pending += 1;
                pending += row.amount;
            }
        }
    }
    entry.transactions = entry.posted + entry.pending;
    entry.sum = (posted + pending).to_decimal_string();
    entry.posted_sum = posted.to_decimal_string();
    entry.pending_sum = pending.to_decimal_string();
}

fn base_entry(bank: &Bank, account: &Account, now: Day) -> ProtocolAccountTruth {
    let mut entry = ProtocolAccountTruth {
        kind: account.kind.name().to_owned(),
        currency: "USD".to_owned(),
        ..ProtocolAccountTruth::default()
    };
    row_totals(bank, account, now, &mut entry);
    entry
}

fn finish(
    protocol: &'static str,
    now: Day,
    accounts: BTreeMap<String, ProtocolAccountTruth>,
) -> ProtocolTruth {
    let mut counts = ProtocolCounts {
        accounts: accounts.len() as u64,
        ..ProtocolCounts::default()
    };
    for entry in accounts.values() {
        counts.transactions += entry.transactions;
        counts.posted += entry.posted;
        counts.pending += entry.pending;
        counts.statements += entry.statements;
        counts.reward_accounts += u64::from(entry.kind == "rewards");
    }
    ProtocolTruth {
        protocol,
        as_of: calendar::day_label(now),
        counts,
        accounts,
    }
}

pub fn truth_fdx_at(bank: &Bank, now: Day) -> ProtocolTruth {
    let mut accounts = BTreeMap::new();
    for account in &bank.accounts {
        let mut entry = base_entry(bank, account, now);
        let balance = balance_at(bank, account.index, now);
        entry.balance = balance.current.to_decimal_string();
        entry.available_balance = Some(balance.available.to_decimal_string());
        entry.statements = crate::api::statements::closed_cycles(bank, account, now).len() as u64;
        accounts.insert(account.id.clone(), entry);
    }
    finish("fdx", now, accounts)
}

/// The SimpleFIN balance: holder's view, so a card's balance is negative when money is owed.
pub fn simplefin_balance(bank: &Bank, account: &Account, now: Day) -> (Cents, Cents) {
    let balance = balance_at(bank, account.index, now);
    if is_card(account) {
        (-balance.current, balance.available)
    } else {
        (balance.current, balance.available)
    }
}

pub fn truth_simplefin_at(bank: &Bank, now: Day) -> ProtocolTruth {
    let mut accounts = BTreeMap::new();
    for account in &bank.accounts {
        let mut entry = base_entry(bank, account, now);
        let (balance, available) = simplefin_balance(bank, account, now);
        entry.balance = balance.to_decimal_string();
        entry.available_balance = Some(available.to_decimal_string());
        accounts.insert(crate::simplefin::account_id(account), entry);
        if let AccountKind::Card(terms) = &account.kind {
            let points = crate::truth::reward_balance_at(bank, account, now);
            accounts.insert(
                crate::simplefin::reward_account_id(account),
                ProtocolAccountTruth {
                    kind: "rewards".to_owned(),
                    currency: crate::simplefin::currency_url(terms.product.program.code),
                    balance: points.to_string(),
                    sum: "0.00".to_owned(),
                    posted_sum: "0.00".to_owned(),
                    pending_sum: "0.00".to_owned(),
                    ..ProtocolAccountTruth::default()
                },
            );
        }
    }
    finish("simplefin", now, accounts)
}

pub fn truth_ofx_at(bank: &Bank, now: Day) -> ProtocolTruth {
    let mut accounts = BTreeMap::new();
    for account in &bank.accounts {
        let mut entry = base_entry(bank, account, now);
        entry.transactions = entry.posted;
        entry.pending = 0;
        entry.sum = entry.posted_sum.clone();
        entry.pending_sum = "0.00".to_owned();
        let (ledger, available) = crate::ofx::balances(bank, account, now);
        entry.balance = ledger.to_decimal_string();
        entry.available_balance = Some(available.to_decimal_string());
        accounts.insert(account.id.clone(), entry);
    }
    finish("ofx", now, accounts)
}

/// FDX truth of the data set as first generated.
pub fn truth_fdx(spec: &DataSpec) -> ProtocolTruth {
    let bank = Bank::new(spec.clone());
    truth_fdx_at(&bank, bank.spec.now(0))
}

pub fn truth_simplefin(spec: &DataSpec) -> ProtocolTruth {
    let bank = Bank::new(spec.clone());
    truth_simplefin_at(&bank, bank.spec.now(0))
}

pub fn truth_ofx(spec: &DataSpec) -> ProtocolTruth {
    let bank = Bank::new(spec.clone());
    truth_ofx_at(&bank, bank.spec.now(0))
}

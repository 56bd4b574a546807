//! ACH transfers: savings deposits and withdrawals, CD funding and payout, card payments;
//! completed ones from posted rows, scheduled ones for the coming month.

use super::deposits::RECURRING_DEPOSIT_SEQUENCE;
use super::rows::{TxKind, TxRow};
use super::{AccountKind, Bank};
use crate::calendar::{self, Day};

/// How far ahead scheduled transfers are listed.
pub const SCHEDULE_HORIZON_DAYS: i32 = 31;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub account_index: usize,
    pub row: TxRow,
    pub scheduled: bool,
    pub counterparty: &'static str,
}

impl Transfer {
    pub fn id(&self, bank: &Bank) -> String {
        format!(
            "ach_{}_{:x}",
            bank.accounts[self.account_index].id, self.row.key
        )
    }

    /// `in` when money arrives in the Barclays account, `out` when it leaves.
    pub fn direction(&self) -> &'static str {
        if self.row.amount.0 >= 0 {
            "in"
        } else {
            "out"
        }
    }
}

fn is_transfer(row: &TxRow) -> bool {
    matches!(
        row.kind,
        TxKind::TransferIn | TxKind::TransferOut | TxKind::Payment
    )
}

/// Completed transfers (posted on or before `now`) and those scheduled within the horizon.
pub fn transfers(bank: &Bank, now: Day) -> Vec<Transfer> {
    let mut list = Vec::new();
    let now_month = calendar::month_of_day(now);
    for account in &bank.accounts {
        let first = bank.account_first_month(account);
        let counterparty = match &account.kind {
            AccountKind::Card(_) => "CHASE CHECKING ****4417",
            AccountKind::Savings(terms) => terms.counterparty,
            AccountKind::Cd(terms) => terms.counterparty,
        };
        for month in first..=now_month + 1 {
            let rows: Vec<TxRow> = match &account.kind {
                AccountKind::Card(terms) => {
                    let previous = bank.cycle(account.index, month - 1);
                    super::ledger::state_rows(bank, account, terms, month, previous.as_ref())
                }
                _ => bank.month_rows(account.index, month).to_vec(),
            };
            for row in rows.iter().filter(|r| is_transfer(r)) {
                let scheduled = if row.posted <= now {
                    false
                } else if row.posted > now + SCHEDULE_HORIZON_DAYS {
                    continue;
                } else {
                    let recurring_deposit = matches!(account.kind, AccountKind::Savings(_))
                        && row.key as u32 == RECURRING_DEPOSIT_SEQUENCE;
                    let known_payment = row.kind == TxKind::Payment
                        && calendar::last_day(calendar::month_of_day(row.posted) - 1) < now;
                    if !(recurring_deposit || known_payment) {
                        continue;
                    }
                    true
                };
                list.push(Transfer {
                    account_index: account.index,
                    row: *row,
                    scheduled,
                    counterparty,
                });
            }
        }
    }
    list.sort_by_key(|t| (t.row.posted, t.account_index, t.row.key));
    list
}

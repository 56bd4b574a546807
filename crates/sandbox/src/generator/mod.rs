//! The deterministic data generator: a `DataSpec` (seed + size knobs + as-of date) becomes a
//! `Bank` whose every row is a pure function of the spec, produced lazily month by month.

mod accounts;
pub mod balances;
pub mod cards;
pub mod deposits;
pub mod events;
pub mod extras;
pub mod feed;
mod ledger;
pub mod rewards;
pub mod rows;
pub mod transfers;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::calendar::{self, Day, Month};
pub use accounts::{Account, AccountKind, CardTerms, CdTerms, SavingsTerms};
pub use ledger::Cycle;
use rows::TxRow;

/// What data set to generate. Same spec → same data, always.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DataSpec {
    pub seed: u64,
    pub cards: u32,
    pub savings: u32,
    pub cds: u32,
    /// Months of history before `as_of`.
    pub months: u32,
    /// Purchases per card per month (±10%).
    pub tx_per_month: u32,
    /// The sandbox's "today" before any `advance_month`; the wall clock is never used.
    pub as_of: NaiveDate,
}

impl Default for DataSpec {
    fn default() -> DataSpec {
        DataSpec {
            seed: 42,
            cards: 4,
            savings: 1,
            cds: 3,
            months: 24,
            tx_per_month: 60,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or(NaiveDate::MIN),
        }
    }
}

impl DataSpec {
    /// The first day of history: `as_of` minus `months` months.
    pub fn history_start(&self) -> Day {
        calendar::add_months(calendar::day_of(self.as_of), -(self.months as i32))
    }

    /// "Today" after `months_advanced` calls to advance the data by a month.
    pub fn now(&self, months_advanced: u32) -> Day {
        calendar::add_months(calendar::day_of(self.as_of), months_advanced as i32)
    }
}

const MONTH_CACHE_LIMIT: usize = 512;

/// Generated rows by `(account index, month)`; cleared when it grows past the limit.
type MonthCache = HashMap<(usize, Month), Arc<Vec<TxRow>>>;

/// The generated bank: account definitions plus memoised, lazily extended ledgers.
pub struct Bank {
    pub spec: DataSpec,
    pub accounts: Vec<Account>,
    pub first_month: Month,
    card_ledgers: Vec<Mutex<Vec<Cycle>>>,
    savings_ledgers: Vec<Mutex<Vec<deposits::SavingsMonth>>>,
    cd_rows: Vec<Arc<Vec<TxRow>>>,
    month_cache: Mutex<MonthCache>,
}

impl Bank {
    pub fn new(spec: DataSpec) -> Bank {
        let accounts = accounts::build_accounts(&spec);
        let first_month = calendar::month_of_day(spec.history_start());
        let cd_rows = accounts
            .iter()
            .map(|account| match &account.kind {
                AccountKind::Cd(terms) => Arc::new(deposits::cd_rows(first_month, account, terms)),
                _ => Arc::new(Vec::new()),
            })
            .collect();
        Bank {
            card_ledgers: accounts.iter().map(|_| Mutex::new(Vec::new())).collect(),
            savings_ledgers: accounts.iter().map(|_| Mutex::new(Vec::new())).collect(),
            cd_rows,
            month_cache: Mutex::new(HashMap::new()),
            first_month,
            accounts,
            spec,
        }
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// The first month the account has rows in.
    pub fn account_first_month(&self, account: &Account) -> Month {
        calendar::month_of_day(account.open_day).max(self.first_month)
    }

    /// Every row of the account dated in `month` (transacted or posted there), visible or not yet.
    pub fn month_rows(&self, account_index: usize, month: Month) -> Arc<Vec<TxRow>> {
        if let Ok(cache) = self.month_cache.lock() {
            if let Some(rows) = cache.get(&(account_index, month)) {
                return rows.clone();
            }
        }
        let rows = Arc::new(self.build_month_rows(account_index, month));
        if let Ok(mut cache) = self.month_cache.lock() {
            if cache.len() >= MONTH_CACHE_LIMIT {
                cache.clear();
            }
            cache.insert((account_index, month), rows.clone());
        }
        rows
    }

    fn build_month_rows(&self, account_index: usize, month: Month) -> Vec<TxRow> {
        let account = &self.accounts[account_index];
        if month < self.account_first_month(account) {
            return Vec::new();
        }
        match &account.kind {
            AccountKind::Card(terms) => {
                let mut rows = cards::organic_rows(self, account, terms, month);
                let previous = self.cycle(account_index, month - 1);
                rows.extend(ledger::state_rows(
                    self,
                    account,
                    terms,
                    month,
                    previous.as_ref(),
                ));
                rows
            }
            AccountKind::Savings(terms) => self.savings_month(account_index, terms, month).rows,
            AccountKind::Cd(_) => self.cd_rows[account_index]
                .iter()
                .filter(|r| calendar::month_of_day(r.transacted) == month)
                .copied()
                .collect(),
        }
    }

    /// The card's statement cycle for `month` (calendar-month cycles), `None` before the card's
    /// first cycle or for non-card accounts.
    pub fn cycle(&self, account_index: usize, month: Month) -> Option<Cycle> {
        let account = &self.accounts[account_index];
        let AccountKind::Card(terms) = &account.kind else {
            return None;
        };
        let first = self.account_first_month(account);
        if month < first {
            return None;
        }
        let wanted = (month - first) as usize;
        let mut memo = self.card_ledgers[account_index].lock().ok()?;
        while memo.len() <= wanted {
            let cycle_month = first + memo.len() as i32;
            let previous = memo.last().cloned();
            let next = ledger::close_cycle(self, account, terms, cycle_month, previous.as_ref());
            memo.push(next);
        }
        memo.get(wanted).cloned()
    }

    fn savings_month(
        &self,
        account_index: usize,
        terms: &SavingsTerms,
        month: Month,
    ) -> deposits::SavingsMonth {
        let account = &self.accounts[account_index];
        let first = self.account_first_month(account);
        let wanted = (month - first) as usize;
        let Ok(mut memo) = self.savings_ledgers[account_index].lock() else {
            return deposits::SavingsMonth::default();
        };
        while memo.len() <= wanted {
            let this_month = first + memo.len() as i32;
            let opening = memo.last().map(|m| m.closing).unwrap_or_default();
            let next = deposits::savings_month(self, account, terms, this_month, opening);
            memo.push(next);
        }
        memo[wanted].clone()
    }

    /// All rows of the account from its first month through `last_month`.
    pub fn rows_through(&self, account_index: usize, last_month: Month) -> Vec<Arc<Vec<TxRow>>> {
        let first = self.account_first_month(&self.accounts[account_index]);
        (first..=last_month)
            .map(|month| self.month_rows(account_index, month))
            .collect()
    }
}

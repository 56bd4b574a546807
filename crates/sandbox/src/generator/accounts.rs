//! Account definitions: which cards, savings accounts and CDs exist, with their terms.

use super::DataSpec;
use crate::calendar::{self, Day};
use crate::catalog::{Product, PRODUCTS};
use crate::money::Cents;
use crate::prng::SplitMix64;

pub struct CardTerms {
    pub product: &'static Product,
    pub credit_limit: Cents,
    pub cash_advance_limit: Cents,
    /// Pays the statement balance in full each month; otherwise pays part and revolves.
    pub pays_in_full: bool,
    pub expiry: String,
}

pub struct SavingsTerms {
    pub apy_bps: i64,
    pub opening_deposit: Cents,
    pub monthly_deposit: Cents,
    pub counterparty: &'static str,
}

pub struct CdTerms {
    pub term_months: i32,
    pub apy_bps: i64,
    pub principal: Cents,
    pub maturity_day: Day,
    pub counterparty: &'static str,
}

pub enum AccountKind {
    Card(CardTerms),
    Savings(SavingsTerms),
    Cd(CdTerms),
}

impl AccountKind {
    pub fn name(&self) -> &'static str {
        match self {
            AccountKind::Card(_) => "credit_card",
            AccountKind::Savings(_) => "savings",
            AccountKind::Cd(_) => "cd",
        }
    }
}

pub struct Account {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub mask: String,
    pub open_day: Day,
    pub kind: AccountKind,
}

const COUNTERPARTIES: [&str; 4] = [
    "CHASE CHECKING ****4417",
    "WELLS FARGO CHECKING ****0921",
    "BANK OF AMERICA CHECKING ****7730",
    "ALLY BANK CHECKING ****2286",
];

const CD_TERMS: [(i32, i64); 4] = [(6, 390), (12, 410), (24, 375), (60, 360)];

pub fn build_accounts(spec: &DataSpec) -> Vec<Account> {
    let mut accounts = Vec::new();
    let history_start = spec.history_start();
    let history_days = calendar::day_of(spec.as_of) - history_start;
    for card in 0..spec.cards {
        let index = accounts.len();
        let mut rng = SplitMix64::derive(&[spec.seed, 1, u64::from(card)]);
        let offset = rng.below(PRODUCTS.len() as u64) as usize;
        let product = &PRODUCTS[(offset + card as usize) % PRODUCTS.len()];
        let open_day = if card % 2 == 0 {
            history_start - rng.range(30, 1500) as Day
        } else {
            history_start + rng.range(0, i64::from(history_days / 2).max(1)) as Day
        };
        let credit_limit = Cents(rng.range(10, 60) * 50_000);
        let bin = if product.network == "Visa" {
            "4147"
        } else {
            "5491"
        };
        let last4 = rng.range(1000, 9999);
        accounts.push(Account {
            index,
            id: format!(
                "cc_{bin}{:04}",
                (index as u64 * 7919 + spec.seed % 9973) % 10_000
            ),
            name: product.name.to_owned(),
            mask: last4.to_string(),
            open_day,
            kind: AccountKind::Card(CardTerms {
                product,
                credit_limit,
                cash_advance_limit: Cents(credit_limit.0 / 5 / 10_000 * 10_000),
                pays_in_full: rng.per_mille(650),
                expiry: format!(
                    "{:02}/{}",
                    rng.range(1, 12),
                    spec.as_of
                        .format("%y")
                        .to_string()
                        .parse::<i64>()
                        .unwrap_or(26)
                        + rng.range(1, 4)
                ),
            }),
        });
    }
    for saving in 0..spec.savings {
        let index = accounts.len();
        let mut rng = SplitMix64::derive(&[spec.seed, 2, u64::from(saving)]);
        let open_day = history_start - rng.range(0, 700) as Day;
        accounts.push(Account {
            index,
            id: format!(
                "sv_{:08}",
                (spec.seed.wrapping_mul(31) + index as u64 * 104_729) % 100_000_000
            ),
            name: "Online Savings".to_owned(),
            mask: rng.range(1000, 9999).to_string(),
            open_day,
            kind: AccountKind::Savings(SavingsTerms {
                apy_bps: 385 + rng.range(0, 30),
                opening_deposit: Cents(rng.range(10, 60) * 100_000),
                monthly_deposit: Cents(rng.range(2, 20) * 5_000),
                counterparty: COUNTERPARTIES[rng.below(COUNTERPARTIES.len() as u64) as usize],
            }),
        });
    }
    for cd in 0..spec.cds {
        let index = accounts.len();
        let mut rng = SplitMix64::derive(&[spec.seed, 3, u64::from(cd)]);
        let (term_months, base_apy) = CD_TERMS[cd as usize % CD_TERMS.len()];
        let latest_open = (history_days - 31).max(1);
        let open_day = history_start + rng.range(0, i64::from(latest_open)) as Day;
        accounts.push(Account {
            index,
            id: format!(
                "cd_{:08}",
                (spec.seed.wrapping_mul(17) + index as u64 * 15_485_863) % 100_000_000
            ),
            name: format!("{term_months}-Month CD"),
            mask: rng.range(1000, 9999).to_string(),
            open_day,
            kind: AccountKind::Cd(CdTerms {
                term_months,
                apy_bps: base_apy + rng.range(-10, 10),
                principal: Cents(rng.range(10, 100) * 50_000),
                maturity_day: calendar::add_months(open_day, term_months),
                counterparty: COUNTERPARTIES[rng.below(COUNTERPARTIES.len() as u64) as usize],
            }),
        });
    }
    accounts
}

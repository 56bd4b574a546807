//! Organic card activity for one month: purchases, foreign purchases with FX, refunds, and
//! authorizations that later post under a new id (or expire).

use std::sync::OnceLock;

use super::rows::{Fx, Resolution, Role, RowText, TxKind, TxRow};
use super::{Account, Bank, CardTerms};
use crate::calendar::{self, Month};
use crate::catalog::{self, Category, FOREIGN_MERCHANTS, MERCHANTS};
use crate::money::{mul_div_round, Cents};
use crate::prng::SplitMix64;

/// Authorizations expire this many days after they were made when never captured.
pub const AUTHORIZATION_EXPIRY_DAYS: i32 = 7;

fn merchants_by_category() -> &'static Vec<Vec<u16>> {
    static TABLE: OnceLock<Vec<Vec<u16>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        Category::ALL
            .iter()
            .map(|category| {
                MERCHANTS
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.category == *category)
                    .map(|(i, _)| i as u16)
                    .collect()
            })
            .collect()
    })
}

/// Key for the `sequence`-th row of `month` in an account whose history starts at `first_month`.
pub fn row_key(first_month: Month, month: Month, sequence: u32) -> u64 {
    ((month - first_month + 1) as u64) << 32 | u64::from(sequence)
}

pub fn organic_rows(bank: &Bank, account: &Account, terms: &CardTerms, month: Month) -> Vec<TxRow> {
    let spec = &bank.spec;
    let mut rng = SplitMix64::derive(&[spec.seed, 10, account.index as u64, month as u64]);
    let first = calendar::first_day(month);
    let days = calendar::days_in(month);
    let base = spec.tx_per_month as i64;
    let count = rng.range(base - base / 10, base + base / 10).max(0) as u32;
    let table = merchants_by_category();
    let mut rows = Vec::with_capacity(count as usize + count as usize / 3);
    for n in 0..count {
        let day = first + rng.below(days as u64) as i32;
        let foreign = rng.per_mille(40);
        let (index, merchant) = if foreign {
            let index = rng.below(FOREIGN_MERCHANTS.len() as u64) as usize;
            (index, &FOREIGN_MERCHANTS[index])
        } else {
            let category = rng.weighted(&terms.product.spend_weights);
            let index = usize::from(*rng.pick(&table[category]));
            (index, &MERCHANTS[index])
        };
        let reference = rng.next_u64() as u32;
        let lag = rng.range(1, 3) as i32;
        let refund = rng.per_mille(30);
        let with_authorization = !refund && rng.per_mille(350);
        let expires = with_authorization && rng.per_mille(50);
        let tip_per_mille = if with_authorization && merchant.category == Category::Dining {
            rng.range(150, 200)
        } else {
            0
        };
        if day < account.open_day {
            continue;
        }
        let original = rng.range(merchant.min, merchant.max);
        let (mut cents, fx) = match merchant.currency {
            None => (original, None),
            Some(code) => {
                let currency = catalog::currency(code);
                let drift = rng.range(-20_000, 20_000);
                let rate_micros = currency.usd_rate_micros
                    + mul_div_round(currency.usd_rate_micros, drift, 1_000_000);
                let scale = 10i64.pow(2 - u32::from(currency.minor_digits));
                let usd = mul_div_round(original * scale, rate_micros, 1_000_000);
                let fx = Fx {
                    original_minor: original,
                    currency: code,
                    rate_micros,
                };
                (usd.max(1), Some(fx))
            }
        };
        let text = RowText::Merchant {
            index: index as u16,
            foreign,
            reference,
        };
        let posted_key = row_key(bank.first_month, month, n * 2);
        if refund {
            cents /= 2;
            rows.push(TxRow {
                key: posted_key,
                kind: TxKind::Refund,
                role: Role::Posted {
                    authorization: None,
                },
                transacted: day,
                posted: day + lag,
                amount: Cents(cents.max(1)),
                text,
                fx: fx.map(|f| Fx {
                    original_minor: f.original_minor / 2,
                    ..f
                }),
            });
            continue;
        }
        let authorized = Cents(-cents);
        if with_authorization {
            let authorization_key = row_key(bank.first_month, month, n * 2 + 1);
            let resolution = if expires {
                Resolution::Expires {
                    day: day + AUTHORIZATION_EXPIRY_DAYS,
                }
            } else {
                Resolution::Posts {
                    day: day + lag,
                    posted_key,
                }
            };
            rows.push(TxRow {
                key: authorization_key,
                kind: TxKind::Purchase,
                role: Role::Authorization { resolution },
                transacted: day,
                posted: day,
                amount: authorized,
                text,
                fx,
            });
            if expires {
                continue;
            }
            let final_cents = cents + mul_div_round(cents, tip_per_mille, 1000);
            rows.push(TxRow {
                key: posted_key,
                kind: TxKind::Purchase,
                role: Role::Posted {
                    authorization: Some(authorization_key),
                },
                transacted: day,
                posted: day + lag,
                amount: Cents(-final_cents),
                text,
                fx,
            });
        } else {
            rows.push(TxRow {
                key: posted_key,
                kind: TxKind::Purchase,
                role: Role::Posted {
                    authorization: None,
                },
                transacted: day,
                posted: day + lag,
                amount: authorized,
                text,
                fx,
            });
        }
    }
    rows
}

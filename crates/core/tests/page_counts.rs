//! The transactions page's total count, read from the maintained sums for account / whole-month
//! / category filters (and counted from the rows otherwise), equals a brute-force count over
//! every row, for every status, before and after rows change status.

mod analytics_support;

use analytics_support::*;
use chrono::NaiveDate;
use coffer_core::domain::*;
use coffer_core::sync::Batch;
use coffer_core::vault::store::{TransactionFilter, TransactionView};
use coffer_core::Vault;

fn batch(n: usize, changed: bool) -> Batch {
    let mut b = bulk_batches(n).remove(0);
    b.accounts
        .push(account("cc_2", AccountKind::CreditCard, "Second"));
    for (k, t) in b.transactions.iter_mut().enumerate() {
        if k % 2 == 1 {
            t.account_source_id = "cc_2".into();
        }
        t.status = match k {
            _ if k % 7 == 0 => TransactionStatus::Pending,
            _ if k % 11 == 0 => TransactionStatus::Voided,
            _ if k % 13 == 0 => TransactionStatus::Expired,
            _ if changed && k % 5 == 0 => TransactionStatus::Voided,
            _ => TransactionStatus::Posted,
        };
    }
    b
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn brute(all: &[TransactionView], f: &TransactionFilter, category: Option<&str>) -> u64 {
    all.iter()
        .filter(|t| {
            let on = t.posted_on.clone().or(t.transacted_on.clone());
            f.account_id.is_none_or(|a| t.account_id == a)
                && f.from
                    .is_none_or(|d| on.as_deref().is_some_and(|o| o >= d.to_string().as_str()))
                && f.to
                    .is_none_or(|d| on.as_deref().is_some_and(|o| o <= d.to_string().as_str()))
                && category.is_none_or(|c| t.category.as_deref() == Some(c))
        })
        .count() as u64
}

fn check(v: &Vault) {
    let all = v.transactions(&TransactionFilter::default()).unwrap();
    let accounts: Vec<i64> = {
        let mut a: Vec<i64> = all.iter().map(|t| t.account_id).collect();
        a.sort();
        a.dedup();
        a
    };
    assert_eq!(accounts.len(), 2);
    let categories = v.category_names().unwrap();
    let used = all.iter().find_map(|t| t.category.clone()).unwrap();
    let dates = [
        (None, None),
        (Some(day("2023-03-01")), Some(day("2024-02-29"))),
        (Some(day("2023-03-01")), None),
        (None, Some(day("2022-06-30"))),
        (Some(day("2023-03-02")), Some(day("2023-03-31"))),
        (Some(day("2023-03-01")), Some(day("2023-04-15"))),
    ];
    for account in [None, Some(accounts[0]), Some(accounts[1])] {
        for (from, to) in dates {
            for category in [
                None,
                Some(used.as_str()),
                categories.first().map(|c| c.as_str()),
            ] {
                let f = TransactionFilter {
                    account_id: account,
                    from,
                    to,
                    limit: Some(10),
                    ..Default::default()
                };
                let (_, total) = v.transactions_page(&f, category).unwrap();
                assert_eq!(
                    total,
                    brute(&all, &f, category),
                    "account {account:?}, {from:?}..{to:?}, category {category:?}"
                );
            }
        }
    }
}

#[test]
fn page_totals_equal_a_brute_force_count() {
    let (_dir, mut v, c) = new_vault();
    v.apply_batch(c, &batch(6_000, false), None).unwrap();
    check(&v);
    // The same rows again, a fifth of them now voided: the sums follow the status changes.
    v.apply_batch(c, &batch(6_000, true), None).unwrap();
    check(&v);
}

//! A batch of only new rows groups them for the analytics sums while it stores them: when it
//! does, when it must not, and that the sums it writes equal a recount of the stored rows.

use chrono::NaiveDate;

use super::apply::ApplyReport;
use super::apply_chunks::Feed;
use super::apply_transactions::{self, GroupedNewRows};
use crate::domain::*;
use crate::money::{Currency, Money};
use crate::sync::Batch;
use crate::vault::Vault;

/// A vault with the card account stored, so each case below can store rows into it.
fn setup() -> (tempfile::TempDir, Vault, i64) {
    let (dir, mut v, c) = super::tests_bulk::setup();
    let accounts = Batch {
        accounts: vec![super::tests_bulk::card()],
        ..Batch::default()
    };
    v.apply_batch(c, &accounts, None).unwrap();
    (dir, v, c)
}

/// Rows that vary every field the sums read: with and without merchant, MCC and posting day,
/// foreign amounts, refunds, repeated and distinct descriptions, several months.
pub(super) fn varied_rows(prefix: &str, n: usize) -> Vec<TransactionRecord> {
    (0..n)
        .map(|i| {
            let on =
                NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i as u64 % 400);
            let cents = if i % 11 == 0 {
                250
            } else {
                -(100 + (i as i64 % 37) * 7)
            };
            TransactionRecord {
                account_source_id: "cc_9".into(),
                source_id: format!("{prefix}{i}"),
                status: if i % 13 == 0 {
                    TransactionStatus::Voided
                } else {
                    TransactionStatus::Posted
                },
                transacted_on: Some(on),
                posted_on: (i % 5 != 0).then_some(on + chrono::Days::new(1)),
                amount: Money::from_minor(cents, Currency::USD),
                original_amount: (i % 7 == 0).then(|| {
                    Money::from_minor(-90 - i as i64 % 3, Currency::parse("EUR").unwrap())
                }),
                fx_rate: None,
                description: format!("SHOP {} #{}", i % 23, i % 3),
                merchant: (i % 4 != 0).then(|| format!("Shop {}", i % 19)),
                mcc: if i % 6 == 0 {
                    None
                } else {
                    Mcc::parse(["5814", "5411", "4111"][i % 3])
                },
                memo: None,
                statement_source_id: None,
                authorization_source_id: None,
            }
        })
        .collect()
}

/// Runs the transactions half of a batch in a transaction that is rolled back.
fn grouped(v: &mut Vault, rows: &[TransactionRecord]) -> Option<GroupedNewRows> {
    let tx = v.conn.transaction().unwrap();
    let account: i64 = tx
        .query_row(
            "SELECT id FROM accounts WHERE source_id = 'cc_9'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut report = ApplyReport::default();
    let mut feed = Feed::new(rows, None);
    apply_transactions::apply(&tx, &|_| Ok(account), &mut feed, None, "now", &mut report)
        .unwrap()
        .grouped
}

#[test]
fn only_a_batch_of_new_rows_none_pending_groups_them() {
    let (_dir, mut v, c) = setup();
    let rows = varied_rows("g", 300);
    let groups = grouped(&mut v, &rows).expect("all new, none pending");
    assert_eq!(groups.groups.rows(), 300);
    assert_eq!(groups.above, 0);

    // A pending among them: settling may change it before the sums are taken.
    let mut with_pending = rows.clone();
    with_pending[5].status = TransactionStatus::Pending;
    with_pending[5].posted_on = None;
    assert!(grouped(&mut v, &with_pending).is_none());

    // One identity twice: the second is an update, not an insert.
    let mut twice = rows.clone();
    twice.push(rows[3].clone());
    assert!(grouped(&mut v, &twice).is_none());

    // Rows already stored.
    v.apply_batch(c, &batch(rows[..10].to_vec()), None).unwrap();
    assert!(grouped(&mut v, &rows).is_none());
    assert_eq!(
        grouped(&mut v, &rows[10..]).map(|g| g.groups.rows()),
        Some(290)
    );
}

fn batch(transactions: Vec<TransactionRecord>) -> Batch {
    Batch {
        transactions,
        ..Batch::default()
    }
}

#[track_caller]
pub(super) fn assert_sums_exact(v: &Vault, step: &str) {
    let (stored, fresh) = v.summaries_and_recount().unwrap();
    assert!(fresh.len() > 10, "{step}: too little summed to compare");
    assert_eq!(stored, fresh, "sums after {step}");
}

#[test]
fn sums_from_the_batch_groups_equal_a_recount() {
    let (_dir, mut v, c) = setup();
    v.apply_batch(c, &batch(varied_rows("a", 2_000)), None)
        .unwrap();
    assert_sums_exact(&v, "a first batch of new rows");
    v.apply_batch(c, &batch(varied_rows("b", 1_500)), None)
        .unwrap();
    assert_sums_exact(&v, "a second batch into the same groups");

    // A void in the batch of one of its own rows: the groups are dropped, the rows read back.
    let voided = Batch {
        transactions: varied_rows("c", 400),
        voided_transactions: vec![("cc_9".into(), "c7".into()), ("cc_9".into(), "a8".into())],
        ..Batch::default()
    };
    v.apply_batch(c, &voided, None).unwrap();
    assert_sums_exact(&v, "a batch voiding its own row");

    // A rule that moves new rows to another category: likewise.
    v.put_category_rule("contains", "shop 3", "Groceries", 5)
        .unwrap();
    v.apply_batch(c, &batch(varied_rows("d", 600)), None)
        .unwrap();
    assert_sums_exact(&v, "a batch a rule recategorizes");
}

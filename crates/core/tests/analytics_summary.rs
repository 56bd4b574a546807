//! The maintained analytics sums (schema v4) stay equal to a from-scratch recount after every
//! kind of write: syncs, re-syncs, dry runs, pending → posted (by link and by rule), corrected
//! amounts and dates, voids, manual category edits, rules written back and purges; and the
//! reports read from them equal the reports read from the rows.

mod analytics_support;

use analytics_support as support;
use chrono::NaiveDate;
use coffer_core::domain::*;
use coffer_core::money::{Currency, Money};
use coffer_core::reports;
use coffer_core::sync::Batch;
use coffer_core::vault::store::reads::RowFilter;
use coffer_core::vault::store::{NewConnection, TransactionFilter, DEFAULT_MATCH_RULE};
use coffer_core::Vault;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[track_caller]
fn assert_sums_exact(v: &Vault, step: &str) {
    let (stored, fresh) = v.summaries_and_recount().unwrap();
    assert!(!fresh.is_empty(), "{step}: nothing summed");
    assert_eq!(stored, fresh, "sums after {step}");
    // Reports from the sums equal reports from the rows (a day filter forces the rows).
    let rows = RowFilter {
        from: Some(day(1900, 1, 2)),
        ..RowFilter::default()
    };
    assert_eq!(
        reports::spend(v, &RowFilter::default()).unwrap(),
        reports::spend(v, &rows).unwrap(),
        "spend report after {step}"
    );
    let rows_recurring = RowFilter {
        search: Some(" ".into()),
        ..RowFilter::default()
    };
    assert_eq!(
        reports::recurring(v, &RowFilter::default()).unwrap(),
        reports::recurring(v, &rows_recurring).unwrap(),
        "recurring after {step}"
    );
}

fn card_tx(id: &str, on: NaiveDate, minor: i64, desc: &str) -> TransactionRecord {
    let mut t = support::tx(id, on, "0", Some("5814"), desc);
    t.amount = Money::from_minor(minor, Currency::USD);
    t
}

fn second_connection(v: &mut Vault) -> i64 {
    v.create_connection(NewConnection {
        kind: ConnectionKind::Csv,
        institution: "Other Bank",
        display_name: "Other",
        base_url: None,
        scopes: &[],
        secrets: vec![],
    })
    .unwrap()
}

#[test]
fn sums_equal_a_recount_after_every_kind_of_write() {
    let (_dir, mut v, c) = support::new_vault();
    v.apply_batch(c, &support::fixed_batch(), None).unwrap();
    assert_sums_exact(&v, "the fixed data set");

    for b in support::bulk_batches(3_000) {
        v.apply_batch(c, &b, None).unwrap();
    }
    assert_sums_exact(&v, "bulk batches");
    v.apply_batch(c, &support::bulk_batches(3_000)[0], None)
        .unwrap();
    assert_sums_exact(&v, "the same batch again");

    // A monthly subscription, then a pending that posts under a new id by link, and one by rule.
    let account = support::account("cc_1", AccountKind::CreditCard, "Aviator Red");
    let mut subs: Vec<TransactionRecord> = (1..=6)
        .map(|m| card_tx(&format!("nf{m}"), day(2025, m, 3), -1599, "NETFLIX.COM"))
        .collect();
    let mut pending = card_tx("auth-1", day(2025, 7, 30), -4250, "BLUE BOTTLE COFFEE");
    pending.status = TransactionStatus::Pending;
    pending.posted_on = None;
    let mut pending2 = card_tx("auth-2", day(2025, 7, 31), -1000, "CORNER DELI");
    pending2.status = TransactionStatus::Pending;
    pending2.posted_on = None;
    subs.extend([pending, pending2]);
    v.apply_batch(
        c,
        &Batch {
            accounts: vec![account.clone()],
            transactions: subs,
            ..Batch::default()
        },
        None,
    )
    .unwrap();
    assert_sums_exact(&v, "a subscription and two pendings");
    let mut posted = card_tx("post-1", day(2025, 8, 2), -4250, "BLUE BOTTLE COFFEE");
    posted.authorization_source_id = Some("auth-1".into());
    let posted2 = card_tx("post-2", day(2025, 8, 1), -1100, "CORNER DELI");
    v.apply_batch(
        c,
        &Batch {
            accounts: vec![account.clone()],
            transactions: vec![posted, posted2],
            ..Batch::default()
        },
        Some(&DEFAULT_MATCH_RULE),
    )
    .unwrap();
    assert_sums_exact(&v, "pending → posted by link and by rule");

    // A correction: another amount, another month, another merchant text.
    let mut moved = card_tx("nf3", day(2025, 9, 3), -1799, "NETFLIX.COM 2");
    moved.merchant = Some("Netflix".into());
    v.apply_batch(
        c,
        &Batch {
            accounts: vec![account.clone()],
            transactions: vec![moved],
            voided_transactions: vec![("cc_1".into(), "nf5".into())],
            ..Batch::default()
        },
        None,
    )
    .unwrap();
    assert_sums_exact(&v, "a corrected row and a voided one");

    // A dry run changes nothing, sums included.
    let before = v.summaries_and_recount().unwrap().0;
    v.preview_batch(
        c,
        &Batch {
            accounts: vec![account.clone()],
            transactions: vec![card_tx("dry", day(2025, 10, 1), -500, "DRY RUN")],
            ..Batch::default()
        },
        None,
    )
    .unwrap();
    assert_eq!(v.summaries_and_recount().unwrap().0, before, "dry run");

    // A manual edit and a rule written back.
    let page = v
        .transactions(&TransactionFilter {
            search: Some("netflix".into()),
            ..Default::default()
        })
        .unwrap();
    v.set_transaction_category(page[0].id, "Entertainment")
        .unwrap();
    assert_sums_exact(&v, "a manual category edit");
    v.put_category_rule("contains", "blue bottle", "Groceries", 5)
        .unwrap();
    assert_sums_exact(&v, "a rule saved");

    // Another connection's rows, then purged: the sums lose exactly them.
    let other = second_connection(&mut v);
    let mut foreign = card_tx("o1", day(2025, 4, 4), -2000, "LE CAFE");
    foreign.account_source_id = "cc_9".into();
    foreign.original_amount = Some(Money::from_minor(-1850, Currency::parse("EUR").unwrap()));
    v.apply_batch(
        other,
        &Batch {
            accounts: vec![support::account("cc_9", AccountKind::CreditCard, "Other")],
            transactions: vec![foreign],
            ..Batch::default()
        },
        None,
    )
    .unwrap();
    assert_sums_exact(&v, "a second connection");
    v.unlink(other, true).unwrap();
    assert_sums_exact(&v, "a purge");
    // The purged rows were the newest: a new row reusing their id is still summed.
    v.apply_batch(
        c,
        &Batch {
            accounts: vec![account],
            transactions: vec![card_tx("after", day(2025, 11, 1), -700, "AFTER PURGE")],
            ..Batch::default()
        },
        None,
    )
    .unwrap();
    assert_sums_exact(&v, "a row after the purge");
}

/// A rule written back, then a manual edit of one row of a group that keeps its other rows
/// (so a wrong delta cannot hide behind the group's row being deleted at a zero count).
#[test]
fn a_rule_written_back_then_a_manual_edit_inside_a_group() {
    let (_dir, v) = support::fixed_vault();
    let (rule_id, moved) = v
        .save_category_rule("regex", "^whole ?f", "Dining", 5)
        .unwrap();
    assert!(rule_id > 0);
    assert_eq!(moved, 2, "both Whole Foods rows take the rule's category");
    let rows = v.transactions(&Default::default()).unwrap();
    let t2 = rows.iter().find(|t| t.source_id == "t2").unwrap();
    assert_eq!(
        t2.category.as_deref(),
        Some("Dining"),
        "stored, not only read"
    );
    v.set_transaction_category(t2.id, "Shopping").unwrap();
    assert_sums_exact(&v, "a manual edit inside a rule's group");
    let audit: Vec<String> = v
        .audit_log(20)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        audit.contains(&"category.rule_applied".to_string()),
        "{audit:?}"
    );
    assert!(audit.contains(&"category.edit".to_string()), "{audit:?}");
}

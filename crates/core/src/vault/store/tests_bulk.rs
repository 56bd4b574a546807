//! The bulk path of storing transactions: existing rows found in one pass, a batch naming one
//! identity twice, and links and the matching rule within one batch.

use chrono::NaiveDate;

use super::*;
use crate::domain::*;
use crate::key::Passphrase;
use crate::money::{Currency, Money};
use crate::sync::Batch;
use crate::vault::{Unlock, Vault};

pub(super) fn setup() -> (tempfile::TempDir, Vault, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(
        &dir.path().join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    let c = v
        .create_connection(NewConnection {
            kind: ConnectionKind::Ofx,
            institution: "Bulk Bank",
            display_name: "Bulk",
            base_url: None,
            scopes: &[],
            secrets: vec![],
        })
        .unwrap();
    (dir, v, c)
}

pub(super) fn card() -> AccountRecord {
    AccountRecord {
        source_id: "cc_9".into(),
        kind: AccountKind::CreditCard,
        product: None,
        name: "Card".into(),
        mask: Some("0009".into()),
        currency: Currency::USD,
        credit_limit: None,
        cash_advance_limit: None,
        apy: None,
        opened_on: None,
        term_months: None,
        maturity_on: None,
        status: AccountStatus::Open,
        reward_program_source_id: None,
    }
}

pub(super) fn row(
    id: &str,
    status: TransactionStatus,
    cents: i64,
    day: u32,
    desc: &str,
) -> TransactionRecord {
    let on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    TransactionRecord {
        account_source_id: "cc_9".into(),
        source_id: id.into(),
        status,
        transacted_on: Some(on),
        posted_on: (status == TransactionStatus::Posted).then_some(on),
        amount: Money::from_minor(cents, Currency::USD),
        original_amount: None,
        fx_rate: None,
        description: desc.into(),
        merchant: None,
        mcc: Mcc::parse("5814"),
        memo: None,
        statement_source_id: None,
        authorization_source_id: None,
    }
}

pub(super) fn batch(transactions: Vec<TransactionRecord>) -> Batch {
    Batch {
        accounts: vec![card()],
        transactions,
        ..Batch::default()
    }
}

fn counts(r: &ApplyReport) -> (u64, u64, u64) {
    (r.added, r.updated, r.unchanged)
}

fn find(v: &Vault, id: &str) -> TransactionView {
    v.transactions(&TransactionFilter {
        limit: Some(100_000),
        ..TransactionFilter::default()
    })
    .unwrap()
    .into_iter()
    .find(|t| t.source_id == id)
    .unwrap()
}

#[test]
fn a_large_batch_again_changes_nothing_and_its_changed_rows_are_updated() {
    let (_dir, mut v, c) = setup();
    let n = 20_050; // above the size from which the account is read in one pass
    let rows: Vec<_> = (0..n)
        .map(|i| {
            let desc = format!("SHOP {}", i % 97);
            row(
                &format!("f{i:06}"),
                TransactionStatus::Posted,
                -100 - i,
                (i % 300) as u32,
                &desc,
            )
        })
        .collect();
    let first = v
        .apply_batch(c, &batch(rows.clone()), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    assert_eq!(counts(&first), (1 + n as u64, 0, 0));
    let again = v
        .apply_batch(c, &batch(rows.clone()), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    assert_eq!(counts(&again), (0, 0, 1 + n as u64));

    let mut changed = rows;
    changed[7].description = "ZEPHYRINE TEA".into();
    changed[8].amount = Money::from_minor(-999, Currency::USD);
    changed.push(row("f-new", TransactionStatus::Posted, -5, 3, "NEW PLACE"));
    let third = v
        .apply_batch(c, &batch(changed), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    assert_eq!(counts(&third), (1, 2, n as u64 - 1));
    assert_eq!(find(&v, "f000008").amount, "-9.99");
    let hits = v
        .transactions(&TransactionFilter {
            search: Some("zephyrine".into()),
            ..TransactionFilter::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].source_id, "f000007");
}

#[test]
fn a_batch_naming_one_identity_twice_keeps_the_last_version() {
    let (_dir, mut v, c) = setup();
    let b = batch(vec![
        row("dup", TransactionStatus::Posted, -100, 1, "FIRST"),
        row("other", TransactionStatus::Posted, -200, 1, "OTHER"),
        row("dup", TransactionStatus::Posted, -300, 1, "LAST"),
    ]);
    let first = v.apply_batch(c, &b, None).unwrap();
    assert_eq!(counts(&first), (3, 1, 0));
    assert_eq!(find(&v, "dup").description, "LAST");
    // Again: "dup" is first set back to FIRST, then to LAST — as the source said, in order.
    let again = v.apply_batch(c, &b, None).unwrap();
    assert_eq!(counts(&again), (0, 2, 2));
    assert_eq!(find(&v, "dup").description, "LAST");
}

#[test]
fn a_pending_claimed_by_a_link_is_not_given_to_another_posting_by_the_rule() {
    let (_dir, mut v, c) = setup();
    let mut linked = row("post-a", TransactionStatus::Posted, -1000, 2, "BLUE BOTTLE");
    linked.authorization_source_id = Some("auth-1".into());
    let unlinked = row("post-b", TransactionStatus::Posted, -1000, 2, "BLUE BOTTLE");
    let b = batch(vec![
        row(
            "auth-1",
            TransactionStatus::Pending,
            -1000,
            1,
            "BLUE BOTTLE",
        ),
        linked,
        unlinked,
        row(
            "auth-2",
            TransactionStatus::Pending,
            -1000,
            30,
            "BLUE BOTTLE",
        ),
    ]);
    v.apply_batch(c, &b, Some(&DEFAULT_MATCH_RULE)).unwrap();
    let auth = find(&v, "auth-1");
    assert_eq!(auth.status, "superseded");
    assert_eq!(find(&v, "post-a").settles_id, Some(auth.id));
    // auth-2 is outside the window: post-b settles nothing.
    assert_eq!(find(&v, "post-b").settles_id, None);
    assert_eq!(find(&v, "auth-2").status, "pending");

    // A later posting in the window of auth-2 settles it by the rule, in a later batch.
    let later = row(
        "post-c",
        TransactionStatus::Posted,
        -1100,
        33,
        "Blue Bottle Coffee",
    );
    v.apply_batch(c, &batch(vec![later]), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    assert_eq!(find(&v, "auth-2").status, "superseded");
    assert_eq!(find(&v, "post-c").settles_id, Some(find(&v, "auth-2").id));
}

/// The secondary indexes of `transactions`, as `sqlite_schema` holds them.
fn index_statements(v: &Vault) -> Vec<(String, String)> {
    let mut stmt = v
        .conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND tbl_name = 'transactions' AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_batch_larger_than_the_table_rebuilds_the_indexes_it_set_aside() {
    let (_dir, mut v, c) = setup();
    let before = index_statements(&v);
    assert!(before.len() >= 6, "indexes: {before:?}");
    let n = bulk_indexes::MIN_ROWS;
    let rows: Vec<_> = (0..n)
        .map(|i| {
            let cents = -((i % 5_000) as i64) - 1;
            let status = if i % 97 == 0 {
                TransactionStatus::Pending
            } else {
                TransactionStatus::Posted
            };
            row(&format!("b{i}"), status, cents, (i % 700) as u32, "COFFEE")
        })
        .collect();
    // A dry run sets the indexes aside too, and its rollback brings them back untouched.
    let preview = v
        .preview_batch(c, &batch(rows.clone()), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    // (The card account itself is one more row.)
    assert_eq!(preview.added, n as u64 + 1);
    assert_eq!(index_statements(&v), before);
    let applied = v
        .apply_batch(c, &batch(rows.clone()), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    assert_eq!(counts(&applied), (n as u64 + 1, 0, 0));
    assert_eq!(
        index_statements(&v),
        before,
        "every index is back, as it was written"
    );
    assert_eq!(v.integrity_check().unwrap(), "ok");
    // The rebuilt indexes hold every row: counted through each, they agree with the table.
    let through = |index: &str, filter: &str| -> i64 {
        v.conn
            .query_row(
                &format!("SELECT count(*) FROM transactions INDEXED BY {index} WHERE {filter}"),
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        through(
            "transactions_by_day",
            "coalesce(posted_on, transacted_on) >= '2000-01-01'"
        ),
        n as i64
    );
    assert_eq!(
        through("transactions_by_category", "category_id > 0"),
        n as i64
    );
    // The partial indexes were kept, not rebuilt, and hold exactly their rows: here every
    // pending of the batch was settled by a posting, so the index of rows not counted (the
    // superseded ones) holds them all.
    let not_counted: i64 = v
        .conn
        .query_row(
            "SELECT count(*) FROM transactions NOT INDEXED
             WHERE status NOT IN ('posted', 'pending')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(not_counted > 0);
    assert_eq!(
        through(
            "transactions_not_counted",
            "status NOT IN ('posted', 'pending') AND account_id > 0"
        ),
        not_counted
    );
    // The same batch again is below the threshold's ratio: maintained, not rebuilt, unchanged.
    let again = v
        .apply_batch(c, &batch(rows), Some(&DEFAULT_MATCH_RULE))
        .unwrap();
    assert_eq!(counts(&again), (0, 0, n as u64 + 1));
    let (stored, fresh) = v.summaries_and_recount().unwrap();
    assert_eq!(stored, fresh);
}

//! Storing batches: idempotence, pending→posted by link and by rule, search, atomicity, unlink.

use chrono::NaiveDate;
use zeroize::Zeroizing;

use super::*;
use crate::domain::*;
use crate::key::Passphrase;
use crate::money::{Currency, Money};
use crate::sync::Batch;
use crate::vault::{Unlock, Vault, VaultError};

fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(
        &dir.join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn card() -> AccountRecord {
    AccountRecord {
        source_id: "cc_1".into(),
        kind: AccountKind::CreditCard,
        product: Some("AAdvantage Aviator Red".into()),
        name: "Aviator Red".into(),
        mask: Some("4147".into()),
        currency: Currency::USD,
        credit_limit: Some(usd("10000")),
        cash_advance_limit: None,
        apy: None,
        opened_on: None,
        term_months: None,
        maturity_on: None,
        status: AccountStatus::Open,
        reward_program_source_id: None,
    }
}

fn tx(id: &str, status: TransactionStatus, amount: &str, on: u32, desc: &str) -> TransactionRecord {
    TransactionRecord {
        account_source_id: "cc_1".into(),
        source_id: id.into(),
        status,
        transacted_on: Some(day(on)),
        posted_on: (status == TransactionStatus::Posted).then(|| day(on + 1)),
        amount: usd(amount),
        original_amount: None,
        fx_rate: None,
        description: desc.into(),
        merchant: None,
        mcc: Mcc::parse("5812"),
        memo: None,
        statement_source_id: None,
        authorization_source_id: None,
    }
}

fn link(v: &mut Vault, kind: ConnectionKind) -> i64 {
    v.create_connection(NewConnection {
        kind,
        institution: "Test Bank",
        display_name: "Test",
        base_url: None,
        scopes: &["transactions.read".to_string()],
        secrets: vec![("refresh_token".into(), Zeroizing::new(b"r1".to_vec()))],
    })
    .unwrap()
}

fn batch(txs: Vec<TransactionRecord>) -> Batch {
    Batch {
        accounts: vec![card()],
        transactions: txs,
        ..Batch::default()
    }
}

fn statuses(v: &Vault) -> Vec<(String, String, Option<i64>)> {
    let mut rows: Vec<_> = v
        .transactions(&TransactionFilter::default())
        .unwrap()
        .into_iter()
        .map(|t| (t.source_id, t.status, t.settles_id))
        .collect();
    rows.sort();
    rows
}

#[test]
fn reapplying_a_batch_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::Issuer);
    let b = batch(vec![
        tx(
            "t1",
            TransactionStatus::Posted,
            "-4.50",
            2,
            "SQ *BLUE BOTTLE",
        ),
        tx(
            "t2",
            TransactionStatus::Posted,
            "-4.50",
            2,
            "SQ *BLUE BOTTLE",
        ),
    ]);
    let first = v.apply_batch(c, &b, None).unwrap();
    assert_eq!((first.added, first.updated, first.unchanged), (3, 0, 0));
    let second = v.apply_batch(c, &b, None).unwrap();
    assert_eq!((second.added, second.updated, second.unchanged), (0, 0, 3));
    assert_eq!(v.status().unwrap().counts["transactions"], 2);
    assert_eq!(
        v.transactions(&TransactionFilter::default()).unwrap()[0]
            .category
            .as_deref(),
        Some("Dining")
    );
}

#[test]
fn a_linked_posting_supersedes_its_pending_and_a_stale_resend_does_not_revert_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::Issuer);
    v.apply_batch(
        c,
        &batch(vec![tx(
            "au_1",
            TransactionStatus::Pending,
            "-20.00",
            3,
            "CAFE",
        )]),
        None,
    )
    .unwrap();
    let mut posted = tx("tx_9", TransactionStatus::Posted, "-24.00", 4, "CAFE");
    posted.authorization_source_id = Some("au_1".into());
    v.apply_batch(c, &batch(vec![posted]), None).unwrap();
    let rows = statuses(&v);
    let pending_id = v
        .transactions(&TransactionFilter {
            status: Some("superseded".into()),
            ..Default::default()
        })
        .unwrap()[0]
        .id;
    assert_eq!(rows[0], ("au_1".into(), "superseded".into(), None));
    assert_eq!(rows[1], ("tx_9".into(), "posted".into(), Some(pending_id)));
    // The source re-sends its old view of the authorization: it stays superseded.
    v.apply_batch(
        c,
        &batch(vec![tx(
            "au_1",
            TransactionStatus::Pending,
            "-20.00",
            3,
            "CAFE",
        )]),
        None,
    )
    .unwrap();
    assert_eq!(statuses(&v)[0].1, "superseded");
}

#[test]
fn without_links_the_matching_rule_settles_the_right_pending() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::SimpleFin);
    let rule = DEFAULT_MATCH_RULE;
    v.apply_batch(
        c,
        &batch(vec![
            tx(
                "p_coffee",
                TransactionStatus::Pending,
                "-4.50",
                3,
                "BLUE BOTTLE COFFEE",
            ),
            tx(
                "p_dinner",
                TransactionStatus::Pending,
                "-80.00",
                3,
                "NOPA RESTAURANT",
            ),
            tx(
                "p_old",
                TransactionStatus::Pending,
                "-80.00",
                1,
                "NOPA RESTAURANT",
            ),
        ]),
        Some(&rule),
    )
    .unwrap();
    // Dinner posts with a tip, under a new id and no link; an unrelated purchase matches nothing.
    v.apply_batch(
        c,
        &batch(vec![
            tx(
                "s_dinner",
                TransactionStatus::Posted,
                "-96.00",
                4,
                "NOPA RESTAURANT SAN FRANCISCO",
            ),
            tx(
                "s_book",
                TransactionStatus::Posted,
                "-4.50",
                4,
                "CITY LIGHTS BOOKS",
            ),
        ]),
        Some(&rule),
    )
    .unwrap();
    let by_source: std::collections::HashMap<_, _> = statuses(&v)
        .into_iter()
        .map(|(s, st, l)| (s, (st, l)))
        .collect();
    assert_eq!(by_source["p_dinner"].0, "superseded", "closest date wins");
    assert_eq!(by_source["p_old"].0, "pending");
    assert_eq!(
        by_source["p_coffee"].0, "pending",
        "a different merchant never settles it"
    );
    assert!(by_source["s_dinner"].1.is_some());
    assert!(by_source["s_book"].1.is_none());
}

#[test]
fn search_finds_merchants_and_follows_updates() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::Issuer);
    v.apply_batch(
        c,
        &batch(vec![tx(
            "t1",
            TransactionStatus::Posted,
            "-318.40",
            4,
            "AMERICAN AIRLINES",
        )]),
        None,
    )
    .unwrap();
    let find = |v: &Vault, q: &str| {
        v.transactions(&TransactionFilter {
            search: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!(find(&v, "americ"), 1);
    let mut renamed = tx("t1", TransactionStatus::Posted, "-318.40", 4, "AA INFLIGHT");
    renamed.memo = Some("seat upgrade".into());
    let report = v.apply_batch(c, &batch(vec![renamed]), None).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(find(&v, "american"), 0);
    assert_eq!(find(&v, "upgrade"), 1);
    assert_eq!(
        find(&v, "\"quoted\" OR 1"),
        0,
        "typed text is never FTS syntax"
    );
}

#[test]
fn a_bad_batch_commits_nothing_not_even_its_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::Issuer);
    let mut bad = batch(vec![tx("t1", TransactionStatus::Posted, "-1.00", 2, "X")]);
    bad.transactions.push(TransactionRecord {
        account_source_id: "nope".into(),
        ..tx("t2", TransactionStatus::Posted, "-1.00", 2, "Y")
    });
    bad.cursors.push(("transactions:cc_1".into(), "c1".into()));
    let err = v.apply_batch(c, &bad, None).unwrap_err();
    assert!(matches!(err, VaultError::Data(_)), "{err}");
    assert!(err.to_string().contains("nope"));
    assert_eq!(v.status().unwrap().counts["transactions"], 0);
    assert_eq!(v.status().unwrap().counts["accounts"], 0);
    assert!(v.connector_state(c).unwrap().cursors.is_empty());
}

#[test]
fn cursors_and_rotated_secrets_land_with_their_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::Issuer);
    let mut b = batch(vec![]);
    b.cursors.push(("transactions:cc_1".into(), "c7".into()));
    b.secrets
        .push(("refresh_token".into(), Zeroizing::new(b"r2".to_vec())));
    v.apply_batch(c, &b, None).unwrap();
    let state = v.connector_state(c).unwrap();
    assert_eq!(state.cursors["transactions:cc_1"], "c7");
    assert_eq!(state.secrets["refresh_token"].as_slice(), b"r2");
    assert_eq!(state.scopes, vec!["transactions.read".to_string()]);
}

#[test]
fn unlink_erases_secrets_and_purge_erases_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let keep = link(&mut v, ConnectionKind::Issuer);
    v.apply_batch(
        keep,
        &batch(vec![tx(
            "t1",
            TransactionStatus::Posted,
            "-1.00",
            2,
            "KEEPME",
        )]),
        None,
    )
    .unwrap();
    assert!(v.unlink(keep, false).unwrap());
    assert!(v.connector_state(keep).unwrap().secrets.is_empty());
    assert_eq!(v.connection(keep).unwrap().unwrap().status, "revoked");
    assert_eq!(v.status().unwrap().counts["transactions"], 1);

    let gone = link(&mut v, ConnectionKind::Issuer);
    let mut other = batch(vec![tx(
        "t1",
        TransactionStatus::Posted,
        "-1.00",
        2,
        "PURGEME",
    )]);
    other.accounts[0].source_id = "cc_1".into();
    v.apply_batch(gone, &other, None).unwrap();
    assert!(v.unlink(gone, true).unwrap());
    assert!(v.connection(gone).unwrap().is_none());
    assert_eq!(v.status().unwrap().counts["transactions"], 1);
    let hits = v
        .transactions(&TransactionFilter {
            search: Some("purgeme".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(hits.is_empty());
    assert_eq!(v.integrity_check().unwrap(), "ok");
    assert!(!v.unlink(9999, true).unwrap());
}

#[test]
fn a_replayed_event_id_is_applied_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let c = link(&mut v, ConnectionKind::Issuer);
    v.apply_batch(c, &batch(vec![]), None).unwrap();
    let locked = || CardEventRecord {
        account_source_id: "cc_1".into(),
        source_id: "evt_1".into(),
        kind: CardEventKind::Locked,
        occurred_at: chrono::DateTime::parse_from_rfc3339("2026-05-02T19:14:11Z")
            .unwrap()
            .into(),
        reason: Some("lost".into()),
    };
    let first = v.apply_event(c, "evt_1", Some(locked())).unwrap();
    assert!(matches!(first, EventOutcome::Applied(ref r) if r.added == 1));
    assert_eq!(
        v.apply_event(c, "evt_1", Some(locked())).unwrap(),
        EventOutcome::Replayed
    );
    assert_eq!(v.status().unwrap().counts["card_events"], 1);
}

//! Rows arriving after a rule was saved (a later sync or import) are stored with the rule's
//! category, like the rows the rule was written back to; manual edits and rows no rule
//! decides keep theirs; the spend report (from the sums) agrees with the stored rows.

mod analytics_support;

use analytics_support::*;
use chrono::{Datelike, NaiveDate};
use coffer_core::domain::AccountKind;
use coffer_core::reports;
use coffer_core::sync::Batch;
use coffer_core::vault::store::reads::RowFilter;

fn stored_category(v: &coffer_core::Vault, source_id: &str) -> Option<String> {
    v.transactions(&Default::default())
        .unwrap()
        .into_iter()
        .find(|t| t.source_id == source_id)
        .unwrap()
        .category
}

#[test]
fn new_rows_get_the_rules_when_written() {
    let (_dir, mut v, c) = new_vault();
    v.apply_batch(c, &fixed_batch(), None).unwrap();
    let mcc_category = stored_category(&v, "t7");
    assert_ne!(mcc_category.as_deref(), Some("Entertainment"));
    v.put_category_rule("contains", "netflix", "Entertainment", 10)
        .unwrap();
    assert_eq!(stored_category(&v, "t7").as_deref(), Some("Entertainment"));

    let on = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let later = Batch {
        accounts: vec![account("cc_1", AccountKind::CreditCard, "Aviator Red")],
        transactions: vec![
            tx("n1", on, "-15.99", Some("4899"), "NETFLIX.COM"),
            tx("n2", on, "-4.50", Some("5814"), "BLUE BOTTLE COFFEE"),
        ],
        ..Batch::default()
    };
    v.apply_batch(c, &later, None).unwrap();
    // The new Netflix row is stored with the rule's category, not its MCC's.
    assert_eq!(stored_category(&v, "n1").as_deref(), Some("Entertainment"));
    // A row no rule decides keeps its MCC category.
    let coffee = stored_category(&v, "n2");
    assert!(coffee.is_some() && coffee.as_deref() != Some("Entertainment"));
    // The sums saw the rule's category: March's Entertainment is the one new charge.
    let march = RowFilter {
        from: Some(on.with_day0(0).unwrap()),
        ..RowFilter::default()
    };
    let spend = reports::spend(&v, &march).unwrap();
    let entertainment = spend
        .by_category
        .iter()
        .find(|l| l.name == "Entertainment")
        .map(|l| l.spent.amount_text());
    assert_eq!(entertainment.as_deref(), Some("15.99"));
}

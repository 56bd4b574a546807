//! The search index of a large batch: written with FTS5's larger buffer as one segment, whole
//! and consistent with the rows, and the vault left with FTS5's default buffer.

use super::tests_bulk::{card, setup};
use super::*;
use crate::domain::*;
use crate::money::{Currency, Money};
use crate::sync::Batch;
use crate::vault::Vault;

fn row(i: usize) -> TransactionRecord {
    let on =
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new((i % 300) as u64);
    TransactionRecord {
        account_source_id: "cc_9".into(),
        source_id: format!("s{i:06}"),
        status: TransactionStatus::Posted,
        transacted_on: Some(on),
        posted_on: Some(on),
        amount: Money::from_minor(-100 - i as i64, Currency::USD),
        original_amount: None,
        fx_rate: None,
        // Words of their own per row, so the batch's index data is several megabytes.
        description: format!("SHOP{i} AISLE{} TILL{} ROW{i}X", i % 1_000, i % 37),
        merchant: Some(format!("MERCHANT{i} STORE{}", i % 500)),
        mcc: Mcc::parse("5411"),
        memo: Some(format!("NOTE{i}")),
        statement_source_id: None,
        authorization_source_id: None,
    }
}

/// The one number `sql` selects.
fn number(v: &Vault, sql: &str) -> i64 {
    v.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn segments(v: &Vault) -> i64 {
    number(v, "SELECT count(DISTINCT segid) FROM transactions_fts_idx")
}

fn search(v: &Vault, word: &str) -> Vec<String> {
    v.transactions(&TransactionFilter {
        search: Some(word.into()),
        ..TransactionFilter::default()
    })
    .unwrap()
    .into_iter()
    .map(|t| t.source_id)
    .collect()
}

#[test]
fn a_large_batch_is_indexed_as_one_segment_and_the_default_buffer_stays() {
    let (_dir, mut v, c) = setup();
    let n = search_index::BULK_ROWS + 5_000;
    let batch = Batch {
        accounts: vec![card()],
        transactions: (0..n).map(row).collect(),
        ..Batch::default()
    };
    v.apply_batch(c, &batch, Some(&DEFAULT_MATCH_RULE)).unwrap();

    // One segment: with FTS5's 1 MiB default the same rows make three.
    assert_eq!(segments(&v), 1);
    // No per-row column sizes are kept (schema v8): nothing ranks by them.
    let size_tables = "SELECT count(*) FROM sqlite_schema WHERE name = 'transactions_fts_docsize'";
    assert_eq!(number(&v, size_tables), 0);
    // The index agrees with the rows it was built from (FTS5's own check, against the table).
    v.conn
        .execute(
            "INSERT INTO transactions_fts (transactions_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
    assert_eq!(search(&v, "shop0"), ["s000000"]);
    assert_eq!(
        search(&v, &format!("merchant{}", n - 1)),
        [format!("s{:06}", n - 1)]
    );
    assert_eq!(search(&v, "note12345"), ["s012345"]);
    let buffer = "SELECT v FROM transactions_fts_config WHERE k = 'hashsize'";
    assert_eq!(number(&v, buffer), 1 << 20);

    // A small batch after it keeps the default and adds its own segment.
    let more = Batch {
        accounts: vec![card()],
        transactions: (n..n + 10).map(row).collect(),
        ..Batch::default()
    };
    v.apply_batch(c, &more, Some(&DEFAULT_MATCH_RULE)).unwrap();
    assert_eq!(segments(&v), 2);
    assert_eq!(
        search(&v, &format!("shop{}", n + 3)),
        [format!("s{:06}", n + 3)]
    );
}

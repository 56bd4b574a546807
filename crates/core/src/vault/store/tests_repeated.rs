//! Recurring payments read the partial index of repeated charge groups (schema v9): the query
//! is answered from the index alone, the index follows groups across the three-charge line in
//! both directions, a batch writes each group's days in order, and the connection's page cache
//! (16 MiB, so a report's pages stay decrypted between runs) survives bulk storing.

use super::reads::RowFilter;
use super::reads_ledgers::repeated_charges_query;
use super::tests_bulk::{batch, row, setup};
use crate::domain::TransactionStatus::{Pending, Posted};
use crate::vault::Vault;

fn plan(v: &Vault, filter: &RowFilter) -> String {
    let (sql, args) = repeated_charges_query(filter);
    let mut stmt = v
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let lines: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    lines.join("\n")
}

/// The groups in the index, as `merchant amount days`, read through the index and through the
/// table; the two must agree.
fn repeated_groups(v: &Vault) -> Vec<String> {
    let read = |sql: &str| -> Vec<String> {
        let mut stmt = v.conn.prepare(sql).unwrap();
        let mut lines: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        lines.sort();
        lines
    };
    let from_index = read(
        "SELECT merchant_key, amount_minor, days FROM charge_summary
         INDEXED BY charge_summary_repeated WHERE row_count >= 3",
    );
    let from_table = read(
        "SELECT merchant_key, amount_minor, days FROM charge_summary NOT INDEXED
         WHERE row_count >= 3",
    );
    assert_eq!(from_index, from_table, "index and table disagree");
    let check: String = v
        .conn
        .query_row("PRAGMA integrity_check(charge_summary)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    from_index
}

#[test]
fn the_recurring_query_reads_only_the_index_of_repeated_groups() {
    let (_dir, v, _) = setup();
    let everything = plan(&v, &RowFilter::default());
    assert!(
        everything.contains("USING COVERING INDEX charge_summary_repeated"),
        "plan: {everything}"
    );
    let one_account = plan(
        &v,
        &RowFilter {
            account_id: Some(1),
            ..RowFilter::default()
        },
    );
    assert!(
        one_account.contains("USING COVERING INDEX charge_summary_repeated"),
        "plan: {one_account}"
    );
}

#[test]
fn groups_enter_the_index_at_three_charges_and_leave_it_below() {
    let (_dir, mut v, c) = setup();
    let gym = |id: &str, day: u32| row(id, Posted, -5_000, day, "GYM");
    v.apply_batch(c, &batch(vec![gym("g1", 1), gym("g2", 31)]), None)
        .unwrap();
    assert_eq!(repeated_groups(&v), Vec::<String>::new());

    v.apply_batch(c, &batch(vec![gym("g3", 61)]), None).unwrap();
    let three = repeated_groups(&v);
    assert_eq!(three.len(), 1, "{three:?}");
    assert!(three[0].starts_with("GYM -5000 "), "{three:?}");

    // The source corrects one charge's amount: the group is down to two and leaves the index.
    let mut corrected = gym("g2", 31);
    corrected.amount = crate::money::Money::from_minor(-5_500, crate::money::Currency::USD);
    v.apply_batch(c, &batch(vec![corrected]), None).unwrap();
    assert_eq!(repeated_groups(&v), Vec::<String>::new());

    // A fourth charge brings it back, with the days it has now.
    v.apply_batch(c, &batch(vec![gym("g4", 91)]), None).unwrap();
    let back = repeated_groups(&v);
    assert_eq!(back.len(), 1, "{back:?}");
    let days: Vec<&str> = back[0].rsplit(' ').next().unwrap().split(',').collect();
    assert_eq!(days.len(), 3, "{back:?}");
}

fn stored_days(v: &Vault, merchant: &str) -> String {
    v.conn
        .query_row(
            "SELECT days FROM charge_summary WHERE merchant_key = ?1",
            [merchant],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_batch_writes_each_groups_days_in_order() {
    let (_dir, mut v, c) = setup();
    let gym = |id: &str, day: u32| row(id, Posted, -5_000, day, "GYM");
    // All new and posted: the rows are grouped in memory while they are stored.
    v.apply_batch(
        c,
        &batch(vec![gym("g1", 61), gym("g2", 1), gym("g3", 31)]),
        None,
    )
    .unwrap();
    let first = stored_days(&v, "GYM");
    let mut sorted: Vec<i64> = first.split(',').map(|d| d.parse().unwrap()).collect();
    sorted.sort_unstable();
    let sorted: Vec<String> = sorted.iter().map(i64::to_string).collect();
    assert_eq!(first, sorted.join(","));

    // A pending row in the batch: the new rows are summed after the batch, read back from the
    // table in row order; their days come out in order too.
    let pool = |id: &str, day: u32| row(id, Posted, -7_000, day, "POOL");
    v.apply_batch(
        c,
        &batch(vec![
            pool("p1", 90),
            pool("p2", 30),
            pool("p3", 60),
            row("x1", Pending, -100, 95, "CAFE"),
        ]),
        None,
    )
    .unwrap();
    let pool_days: Vec<i64> = stored_days(&v, "POOL")
        .split(',')
        .map(|d| d.parse().unwrap())
        .collect();
    assert_eq!(pool_days.len(), 3);
    assert!(pool_days.is_sorted(), "{pool_days:?}");
}

#[test]
fn only_groups_on_a_cadence_are_read_out_and_the_report_is_the_same() {
    use crate::analytics::recurring::{could_recur, recurring_payments};
    let (_dir, mut v, c) = setup();
    let gym = |id: &str, day: u32| row(id, Posted, -5_000, day, "GYM");
    let shop = |id: &str, day: u32| row(id, Posted, -1_234, day, "SHOP");
    v.apply_batch(
        c,
        &batch(vec![
            gym("g1", 1),
            gym("g2", 31),
            gym("g3", 61),
            gym("g4", 91),
            // Three purchases of one amount, days apart but on no cadence.
            shop("s1", 3),
            shop("s2", 20),
            shop("s3", 75),
        ]),
        None,
    )
    .unwrap();
    let all = v
        .repeated_charges_where(&RowFilter::default(), |_| true)
        .unwrap();
    let kept = v
        .repeated_charges_where(&RowFilter::default(), could_recur())
        .unwrap();
    let merchants = |charges: &[super::reads_ledgers::RepeatedCharge]| -> Vec<String> {
        charges.iter().map(|c| c.merchant.clone()).collect()
    };
    assert_eq!(merchants(&all), ["GYM", "SHOP"]);
    assert_eq!(merchants(&kept), ["GYM"]);
    assert_eq!(recurring_payments(&kept), recurring_payments(&all));
    assert_eq!(recurring_payments(&kept).len(), 1);
}

#[test]
fn a_vault_reads_with_a_16_mib_page_cache_before_and_after_a_bulk_batch() {
    let (_dir, mut v, c) = setup();
    let cache = |v: &Vault| -> i64 {
        v.conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(cache(&v), -16_384);
    // A batch large enough for the bulk page cache gives the read cache back afterwards.
    let rows = (0..super::apply::BULK_ROWS as u32)
        .map(|i| {
            row(
                &format!("b{i}"),
                Posted,
                -100 - i64::from(i),
                i % 300,
                "SHOP",
            )
        })
        .collect();
    v.apply_batch(c, &batch(rows), None).unwrap();
    assert_eq!(cache(&v), -16_384);
}

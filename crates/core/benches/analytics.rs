//! Benchmark: every analysis, the transactions page and search queries, and a CSV export, over
//! a vault of 1,000,000 card transactions (generated records stored with `apply_batch`).
//!
//! `CARGO_TARGET_DIR=/work/target-bench cargo bench -p coffer-core --bench analytics`
//! (set `COFFER_BENCH_ROWS` for another size). Prints median, min and max of repeated runs.
//!
//! The generated rows repeat eight merchants at a few thousand amounts, so their charge groups
//! are few and long. A statement's amounts are spread wide: most of its groups are one-off or
//! chance repeats, and recurring payments must skim past them. With
//! `COFFER_BENCH_IMPORT_FILE=<statement.ofx>` (`make bench` passes the sandbox bank's 1M-row
//! download) that file is also imported into a vault of its own and the report timed there.
//!
//! A synced card earns a reward event per purchase: the vault also gets one accrual per
//! purchase (rate 2, one in a thousand misreported) and a redemption a month, so the rewards
//! ledger is timed over as many events as a real vault of that size holds.

#[path = "../tests/analytics_support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Datelike;

use coffer_core::domain::{RewardEventKind, RewardEventRecord, RewardProgramRecord, RewardUnit};
use coffer_core::export::{export_csv, ExportKind, ExportOptions};
use coffer_core::reports;
use coffer_core::sync::Batch;
use coffer_core::vault::store::reads::RowFilter;
use coffer_core::vault::store::TransactionFilter;
use coffer_core::vault::Vault;

fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<40} median {:>9.2} ms   min {:>9.2} ms   max {:>9.2} ms   ({runs} runs)",
        ms(samples[runs / 2]),
        ms(samples[0]),
        ms(samples[runs - 1])
    );
}

/// One accrual per purchase of `support::bulk_batches` (2 points a dollar, one in a thousand
/// reported a point high) and a 5,000-point redemption on the first of each month; returns how
/// many events were stored.
fn add_rewards(v: &mut Vault, connection: i64, rows: usize) -> usize {
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let program = RewardProgramRecord {
        source_id: "aa".into(),
        name: "AAdvantage".into(),
        unit: RewardUnit::Miles,
        expiry_rule: Some("Miles expire after 24 months without earning or redeeming.".into()),
        balance: None,
    };
    let event = |id: String, day: usize, kind, points| RewardEventRecord {
        program_source_id: "aa".into(),
        source_id: id,
        account_source_id: Some("cc_1".into()),
        occurred_on: start + chrono::Duration::days((day % 1461) as i64),
        kind,
        points,
        transaction_source_id: None,
        earn_rate: None,
        bonus_category: None,
        description: None,
    };
    let mut stored = 0;
    for first in (0..rows).step_by(50_000) {
        let mut events = Vec::new();
        for k in first..(first + 50_000).min(rows) {
            // The same amounts as the generated purchases; every 29th row is a refund.
            let cents = (k * 7919 % 20_000) as i64 + 100;
            if k % 29 != 0 {
                let points = cents * 2 / 100 + i64::from(k % 1000 == 0);
                events.push(RewardEventRecord {
                    transaction_source_id: Some(format!("b{k}")),
                    earn_rate: Some(2.into()),
                    bonus_category: (k % 4 == 0).then(|| "dining".into()),
                    ..event(format!("r{k}"), k, RewardEventKind::Accrual, points)
                });
            }
            // The first 1,461 rows cover each day of the four years once.
            if k < 1461 && (start + chrono::Duration::days(k as i64)).day() == 1 {
                events.push(event(
                    format!("m{k}"),
                    k,
                    RewardEventKind::Redemption,
                    -5000,
                ));
            }
        }
        stored += events.len();
        let batch = Batch {
            accounts: vec![support::account(
                "cc_1",
                coffer_core::domain::AccountKind::CreditCard,
                "Aviator Red",
            )],
            reward_programs: vec![program.clone()],
            reward_events: events,
            ..Batch::default()
        };
        v.apply_batch(connection, &batch, None).unwrap();
    }
    stored
}

fn main() {
    let rows: usize = std::env::var("COFFER_BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let start = Instant::now();
    let (_dir, mut v, connection) = support::new_vault();
    for b in support::bulk_batches(rows) {
        v.apply_batch(connection, &b, None).unwrap();
    }
    let events = add_rewards(&mut v, connection, rows);
    let (_fixed_dir, fixed) = support::fixed_vault();
    println!(
        "built a vault of {rows} transactions and {events} reward events in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let all = RowFilter::default();
    let year = RowFilter {
        from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
        ..RowFilter::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    time("spend (all rows)", 5, || reports::spend(&v, &all).unwrap());
    time("spend (one year)", 5, || reports::spend(&v, &year).unwrap());
    time("recurring payments (all rows)", 5, || {
        reports::recurring(&v, &all).unwrap()
    });
    time("apply to N similar", 5, || {
        reports::similar_count(&v, "contains", "netflix", "Entertainment", 1).unwrap()
    });
    time("net worth", 5, || reports::networth(&v, &all).unwrap());
    time("FICO trend", 5, || reports::fico(&fixed, &all).unwrap());
    time(&format!("rewards ledger ({events} events)"), 5, || {
        reports::rewards(&v, &all, today).unwrap()
    });
    time("CD ladder", 5, || reports::cds(&fixed, today).unwrap());
    time("transactions page (100 newest)", 9, || {
        v.transactions(&TransactionFilter {
            limit: Some(100),
            ..Default::default()
        })
        .unwrap()
    });
    time("search 'blue' (first 100)", 9, || {
        v.transactions(&TransactionFilter {
            search: Some("blue".into()),
            limit: Some(100),
            ..Default::default()
        })
        .unwrap()
    });
    time("search 'zzzq' (no match, first 100)", 9, || {
        v.transactions(&TransactionFilter {
            search: Some("zzzq".into()),
            limit: Some(100),
            ..Default::default()
        })
        .unwrap()
    });
    time("UI page: 100 newest + total count", 9, || {
        v.transactions_page(
            &TransactionFilter {
                limit: Some(100),
                ..Default::default()
            },
            None,
        )
        .unwrap()
    });
    time("UI page: search 'blue' + total count", 9, || {
        v.transactions_page(
            &TransactionFilter {
                search: Some("blue".into()),
                limit: Some(100),
                ..Default::default()
            },
            None,
        )
        .unwrap()
    });
    time(
        &format!("export phase: read {rows} rows (cells only)"),
        3,
        || {
            v.export_rows(ExportKind::Transactions, &all, |_, cells| {
                std::hint::black_box(cells);
                Ok::<_, ()>(())
            })
            .unwrap()
            .unwrap()
        },
    );
    let path = _dir.path().join("export.csv");
    time(&format!("CSV export, {rows} rows"), 3, || {
        let file = std::fs::File::create(&path).unwrap();
        let options = ExportOptions {
            kind: ExportKind::Transactions,
            filter: all.clone(),
            columns: None,
        };
        export_csv(&v, &options, file).unwrap()
    });
    if let Some(file) = std::env::var_os("COFFER_BENCH_IMPORT_FILE") {
        recurring_on_an_imported_statement(std::path::Path::new(&file));
    }
}

/// Recurring payments over a vault holding one imported statement file.
fn recurring_on_an_imported_statement(file: &std::path::Path) {
    let (_dir, mut v, _) = support::new_vault();
    let bytes = std::fs::read(file).unwrap();
    let options = coffer_core::import::ImportOptions {
        file_name: file.display().to_string(),
        ..Default::default()
    };
    let report = coffer_core::import::import_file(&mut v, &bytes, &options).unwrap();
    let all = RowFilter::default();
    time(
        &format!("recurring payments ({} imported rows)", report.added),
        5,
        || reports::recurring(&v, &all).unwrap(),
    );
}

//! Benchmark: the bare storage ceiling of an import — what raw SQLCipher inserts of the same rows
//! cost on this machine, with no parsing, no identity checks and no settlement — so the import
//! benchmark can state its ratio to it honestly.
//!
//! `COFFER_CEILING_FILE=statement.ofx CARGO_TARGET_DIR=/work/target-bench \
//!    cargo bench -p coffer-core --bench storage_ceiling`
//! (`scripts/bench-import.sh` runs it on the file it imports). The file's transactions are parsed
//! and turned into column values *before* the clock starts. Two ceilings are timed, each in a
//! fresh encrypted file, one SQLite transaction, one prepared statement, WAL,
//! `synchronous=FULL`, passphrase key (the KDF is paid before the clock starts):
//! - `minimal`: the spec's ceiling — a table with a UNIQUE (account, source id) index, then the
//!   FTS5 index built in one bulk pass (with the vault's FTS5 options: no column sizes, the
//!   bulk write buffer);
//! - `vault schema`: the same rows into a real, freshly created vault (every index the vault
//!   keeps on `transactions`), then its FTS5 index filled in one bulk pass.
//!
//! Both use the page cache the import's bulk path uses (`BULK_CACHE_KIB`), so the ratio compares
//! like with like. Prints each run and the median of `COFFER_CEILING_RUNS` (default 3).

use std::path::Path;
use std::time::Instant;

use coffer_core::connectors::ofx;
use coffer_core::domain::TransactionRecord;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use rusqlite::{params, Connection};

/// Must match the import's bulk page cache (`vault::store::bulk`), in KiB.
const BULK_CACHE_KIB: i64 = 262_144;

/// Must match the FTS5 write buffer of the import's bulk path (`vault::store::search_index`).
const FTS_BULK_BUFFER_BYTES: i64 = 64 << 20;

/// One transaction's stored columns, computed before timing.
struct Row {
    source_id: String,
    status: &'static str,
    transacted_on: Option<String>,
    posted_on: Option<String>,
    amount_minor: i64,
    currency: String,
    description: String,
    memo: Option<String>,
}

fn rows_of(records: &[TransactionRecord]) -> Vec<Row> {
    records
        .iter()
        .map(|r| Row {
            source_id: r.source_id.clone(),
            status: r.status.as_str(),
            transacted_on: r.transacted_on.map(|d| d.to_string()),
            posted_on: r.posted_on.map(|d| d.to_string()),
            amount_minor: r.amount.to_minor().expect("amount in minor units"),
            currency: r.amount.currency().code().to_string(),
            description: r.description.clone(),
            memo: r.memo.clone(),
        })
        .collect()
}

fn synthetic(n: usize) -> Vec<Row> {
    const MERCHANTS: [&str; 8] = [
        "BLUE BOTTLE COFFEE",
        "AMERICAN AIRLINES",
        "WHOLE FOODS MARKET",
        "SHELL OIL 5741",
        "NETFLIX.COM",
        "UBER TRIP",
        "HILTON HOTELS",
        "AMAZON MKTPLACE",
    ];
    (0..n)
        .map(|i| {
            let day = format!("20{:02}-{:02}-{:02}", 24 + i % 2, 1 + i % 12, 1 + i % 28);
            Row {
                source_id: format!("{:016x}", (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                status: "posted",
                transacted_on: Some(day.clone()),
                posted_on: Some(day),
                amount_minor: -((i as i64 * 7919) % 50_000 + 100),
                currency: "USD".into(),
                description: MERCHANTS[i % MERCHANTS.len()].to_string(),
                memo: None,
            }
        })
        .collect()
}

/// This process's CPU time (user + system) in seconds, from `/proc/self/stat` (Linux; 0 elsewhere):
/// on a shared, loaded machine it says more than the wall clock.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn open(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA key = 'ceiling';").unwrap();
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{BULK_CACHE_KIB};"
    ))
    .unwrap();
    conn
}

fn minimal(dir: &Path, rows: &[Row]) -> f64 {
    let path = dir.join("minimal.db");
    let mut conn = open(&path);
    conn.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, source_id TEXT NOT NULL,
            status TEXT NOT NULL, transacted_on TEXT, posted_on TEXT, amount_minor INTEGER NOT NULL,
            currency TEXT NOT NULL, description TEXT NOT NULL, merchant TEXT, memo TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (account_id, source_id));
         CREATE VIRTUAL TABLE t_fts USING fts5(description, merchant, memo, content = 't',
            content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);",
    )
    .unwrap();
    let start = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO t (account_id, source_id, status, transacted_on, posted_on, amount_minor,
                    currency, description, memo, created_at, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )
            .unwrap();
        let now = "2026-11-23T00:00:00Z";
        for r in rows {
            insert
                .execute(params![
                    r.source_id,
                    r.status,
                    r.transacted_on,
                    r.posted_on,
                    r.amount_minor,
                    r.currency,
                    r.description,
                    r.memo,
                    now
                ])
                .unwrap();
        }
        tx.execute_batch(&format!(
            "INSERT INTO t_fts (t_fts, rank) VALUES ('hashsize', {FTS_BULK_BUFFER_BYTES});
             INSERT INTO t_fts (t_fts) VALUES ('rebuild');"
        ))
        .unwrap();
    }
    tx.commit().unwrap();
    start.elapsed().as_secs_f64()
}

fn vault_schema(dir: &Path, rows: &[Row]) -> f64 {
    let path = dir.join("vault.db");
    drop(
        Vault::create(
            &path,
            Unlock::Passphrase(Passphrase::new("ceiling".into()).unwrap()),
        )
        .unwrap(),
    );
    let mut conn = open(&path);
    conn.execute_batch(
        "INSERT INTO connections (id, kind, institution, display_name, created_at)
            VALUES (1, 'ofx', 'Bench', 'Bench', '2026-11-23T00:00:00Z');
         INSERT INTO accounts (id, connection_id, source_id, kind, name, currency, created_at, updated_at)
            VALUES (1, 1, 'card', 'credit_card', 'Card', 'USD', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z');",
    )
    .unwrap();
    let start = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO transactions (account_id, source_id, status, transacted_on, posted_on,
                    amount_minor, currency, description, memo, created_at, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )
            .unwrap();
        let now = "2026-11-23T00:00:00Z";
        for r in rows {
            insert
                .execute(params![
                    r.source_id,
                    r.status,
                    r.transacted_on,
                    r.posted_on,
                    r.amount_minor,
                    r.currency,
                    r.description,
                    r.memo,
                    now
                ])
                .unwrap();
        }
        tx.execute_batch(&format!(
            "INSERT INTO transactions_fts (transactions_fts, rank)
                VALUES ('hashsize', {FTS_BULK_BUFFER_BYTES});
             INSERT INTO transactions_fts (rowid, description, merchant, memo)
             SELECT id, description, merchant, memo FROM transactions;"
        ))
        .unwrap();
    }
    tx.commit().unwrap();
    start.elapsed().as_secs_f64()
}

fn main() {
    let rows = match std::env::var_os("COFFER_CEILING_FILE") {
        Some(file) => {
            let bytes = std::fs::read(&file).expect("reading COFFER_CEILING_FILE");
            let parsed = ofx::parse(&bytes).expect("an OFX file");
            rows_of(&parsed.to_batch("ceiling").transactions)
        }
        None => synthetic(
            std::env::var("COFFER_BENCH_ROWS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1_000_000),
        ),
    };
    let runs: usize = std::env::var("COFFER_CEILING_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
        .max(1);
    type Ceiling = fn(&Path, &[Row]) -> f64;
    let ceilings: [(&str, Ceiling); 2] = [("minimal", minimal), ("vault schema", vault_schema)];
    for (label, ceiling) in ceilings {
        let mut samples: Vec<f64> = (0..runs)
            .map(|_| {
                let dir = tempfile::tempdir().unwrap();
                let cpu = cpu_seconds();
                let secs = ceiling(dir.path(), &rows);
                let cpu = cpu_seconds() - cpu;
                println!(
                    "ceiling {label:<13} {} rows: {secs:6.2} s wall, {cpu:6.2} s CPU (incl. setup)",
                    rows.len()
                );
                secs
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        println!(
            "ceiling {label:<13} median {:6.2} s  min {:6.2} s  max {:6.2} s  ({runs} runs, {} rows)",
            samples[runs / 2],
            samples[0],
            samples[runs - 1],
            rows.len()
        );
    }
}

//! A file's batch whose transactions arrive in chunks while their source still reads them: the
//! rows and sums equal storing the same rows as one batch, a source that stops leaves the vault
//! as it was (its new connection too), and chunks into an account that holds rows are gathered.

use super::tests_bulk::{card, row};
use super::tests_grouped::{assert_sums_exact, varied_rows};
use super::*;
use crate::domain::*;
use crate::key::Passphrase;
use crate::sync::{Batch, ChunksStopped, TransactionChunks};
use crate::vault::{Unlock, Vault, VaultError};

/// Hands `rows` over `per` at a time; stops instead of sending chunk number `stop_at`.
struct Rows {
    chunks: Vec<Vec<TransactionRecord>>,
    stop_at: Option<usize>,
    sent: usize,
    voided: Vec<(String, String)>,
}

impl Rows {
    fn new(rows: Vec<TransactionRecord>, per: usize) -> Self {
        Rows {
            chunks: rows.chunks(per).map(<[_]>::to_vec).collect(),
            stop_at: None,
            sent: 0,
            voided: Vec::new(),
        }
    }
}

impl TransactionChunks for Rows {
    fn expected(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    fn next_chunk(&mut self) -> Result<Option<Vec<TransactionRecord>>, ChunksStopped> {
        if self.stop_at == Some(self.sent) {
            return Err(ChunksStopped);
        }
        self.sent += 1;
        Ok(self.chunks.get(self.sent - 1).cloned())
    }

    fn voided(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.voided)
    }
}

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(
        &dir.path().join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    (dir, v)
}

fn head() -> Batch {
    Batch {
        accounts: vec![card()],
        ..Batch::default()
    }
}

fn store(v: &mut Vault, chunks: &mut Rows) -> Result<ApplyReport, VaultError> {
    v.apply_file_batch(
        ConnectionKind::Ofx,
        "Chunk Bank",
        &head(),
        Some(chunks),
        Some(&DEFAULT_MATCH_RULE),
        true,
    )
    .map(|(_, report)| report)
}

/// Every stored row, as the transactions page shows it, by source id.
fn stored_rows(v: &Vault) -> Vec<String> {
    let mut rows: Vec<String> = v
        .transactions(&TransactionFilter::default())
        .unwrap()
        .into_iter()
        .map(|t| {
            format!(
                "{} {} {:?} {:?} {} {} {:?} {:?} {:?} {:?} {:?}",
                t.source_id,
                t.status,
                t.posted_on,
                t.transacted_on,
                t.amount,
                t.description,
                t.original_amount,
                t.merchant,
                t.mcc,
                t.category,
                t.memo
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn chunks_store_what_one_batch_of_the_same_rows_stores() {
    let rows = varied_rows("r", 3_000);
    let (_a, mut whole) = vault();
    let mut batch = head();
    batch.transactions = rows.clone();
    let (_, whole_report) = whole
        .apply_file_batch(
            ConnectionKind::Ofx,
            "Chunk Bank",
            &batch,
            None,
            Some(&DEFAULT_MATCH_RULE),
            true,
        )
        .unwrap();

    for per in [1_000, 7, 2_999] {
        let (_b, mut chunked) = vault();
        let report = store(&mut chunked, &mut Rows::new(rows.clone(), per)).unwrap();
        assert_eq!(report, whole_report, "{per} a chunk");
        assert_eq!(stored_rows(&chunked), stored_rows(&whole), "{per} a chunk");
        assert_sums_exact(&chunked, "a first import in chunks");
    }
}

#[test]
fn a_source_that_stops_leaves_the_vault_as_it_was() {
    let (_dir, mut v) = vault();
    let before = v.status().unwrap().counts;
    let mut chunks = Rows::new(varied_rows("s", 500), 100);
    chunks.stop_at = Some(3);
    let err = store(&mut v, &mut chunks).unwrap_err();
    assert!(matches!(err, VaultError::SourceStopped), "{err}");
    assert_eq!(chunks.sent, 3, "three chunks were stored before the stop");
    assert_eq!(v.status().unwrap().counts, before);
    assert!(v.connections().unwrap().is_empty(), "no connection is left");
    assert!(v.accounts().unwrap().is_empty());
}

#[test]
fn chunks_into_an_account_that_holds_rows_update_what_changed() {
    let (_dir, mut v) = vault();
    let rows = varied_rows("u", 400);
    store(&mut v, &mut Rows::new(rows[..150].to_vec(), 60)).unwrap();
    // The same rows again, one changed, plus new ones: gathered, found in one pass. (The
    // account the batch restates counts among the unchanged.)
    let mut again = rows.clone();
    again[20].description = "Changed shop".into();
    let report = store(&mut v, &mut Rows::new(again.clone(), 60)).unwrap();
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (250, 1, 150)
    );
    let report = store(&mut v, &mut Rows::new(again, 33)).unwrap();
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (0, 0, 401)
    );
    assert_sums_exact(&v, "chunks into an account that held rows");
}

#[test]
fn an_identity_in_two_chunks_is_stored_once_as_the_later_says() {
    let (_dir, mut v) = vault();
    let mut rows: Vec<TransactionRecord> = (0..30)
        .map(|i| {
            row(
                &format!("d{i}"),
                TransactionStatus::Posted,
                -100 - i,
                3,
                "Shop",
            )
        })
        .collect();
    let mut later = rows[4].clone();
    later.amount = crate::money::Money::from_minor(-999, crate::money::Currency::USD);
    rows.push(later);
    let mut chunks = Rows::new(rows, 10);
    chunks.voided = vec![("cc_9".into(), "d9".into())];
    let report = store(&mut v, &mut chunks).unwrap();
    assert_eq!(
        (report.added, report.updated),
        (31, 2),
        "the account and 30 rows; one update, one void"
    );
    let stored = v.transactions(&TransactionFilter::default()).unwrap();
    let d4 = stored.iter().find(|t| t.source_id == "d4").unwrap();
    assert_eq!(d4.amount, "-9.99");
    let d9 = stored.iter().find(|t| t.source_id == "d9").unwrap();
    assert_eq!(d9.status, "voided");
}

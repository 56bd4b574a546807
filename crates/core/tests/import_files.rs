//! Importing the sandbox's OFX (1.x and 2.x) and Barclaycard CSV downloads into a real vault:
//! the rows equal the OFX truth, re-importing changes nothing, a dry run changes nothing, an
//! overlapping later file adds only its new rows, and a broken file changes nothing.

use std::collections::HashMap;

use chrono::NaiveDate;
use coffer_core::import::{import_file, ImportError, ImportOptions};
use coffer_core::money::{Currency, Money};
use coffer_core::vault::store::TransactionFilter;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use coffer_sandbox::files;
use coffer_sandbox::DataSpec;

fn spec() -> DataSpec {
    DataSpec {
        cards: 2,
        savings: 1,
        cds: 1,
        months: 4,
        tx_per_month: 30,
        ..DataSpec::default()
    }
}

fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(
        &dir.join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap()
}

fn options(name: &str) -> ImportOptions {
    ImportOptions {
        file_name: name.into(),
        ..ImportOptions::default()
    }
}

fn posted_sums(vault: &Vault) -> HashMap<String, String> {
    let ids: HashMap<i64, String> = vault
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.source_id))
        .collect();
    let mut sums: HashMap<String, Money> = HashMap::new();
    for t in vault
        .transactions(&TransactionFilter {
            status: Some("posted".into()),
            ..Default::default()
        })
        .unwrap()
    {
        let m = Money::parse(&t.amount, Currency::USD).unwrap();
        let e = sums
            .entry(ids[&t.account_id].clone())
            .or_insert(Money::from_minor(0, Currency::USD));
        *e = e.checked_add(&m).unwrap();
    }
    sums.into_iter()
        .map(|(k, v)| (k, v.amount_text()))
        .collect()
}

#[test]
fn ofx_files_import_exactly_and_reimport_changes_nothing() {
    let truth = coffer_sandbox::truth_ofx(&spec());
    for version in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        let mut v = vault(dir.path());
        let mut files_bytes = Vec::new();
        for account in truth.accounts.keys() {
            let mut bytes = Vec::new();
            match version {
                1 => files::ofx_v1(&spec(), account, None, &mut bytes).unwrap(),
                _ => files::ofx_v2(&spec(), account, None, &mut bytes).unwrap(),
            };
            files_bytes.push((account.clone(), bytes));
        }
        for (account, bytes) in &files_bytes {
            let dry = import_file(
                &mut v,
                bytes,
                &ImportOptions {
                    dry_run: true,
                    ..options(account)
                },
            )
            .unwrap();
            assert!(dry.added > 0 || truth.accounts[account].posted == 0);
            let report = import_file(&mut v, bytes, &options(account)).unwrap();
            assert_eq!(
                report.added, dry.added,
                "a dry run reports what the import does"
            );
        }
        assert_eq!(
            v.status().unwrap().counts["transactions"],
            truth.counts.posted,
            "OFX v{version}"
        );
        assert_eq!(
            v.status().unwrap().counts["accounts"],
            truth.counts.accounts
        );
        let sums = posted_sums(&v);
        for (account, t) in &truth.accounts {
            assert_eq!(
                sums.get(account).cloned().unwrap_or_else(|| "0.00".into()),
                t.posted_sum,
                "{account}"
            );
        }
        for (account, bytes) in &files_bytes {
            let again = import_file(&mut v, bytes, &options(account)).unwrap();
            assert_eq!(
                (again.added, again.updated),
                (0, 0),
                "re-importing {account} changes nothing"
            );
        }
    }
}

#[test]
fn overlapping_csv_downloads_add_only_their_new_rows() {
    let truth = coffer_sandbox::truth_ofx(&spec());
    let card = truth
        .accounts
        .iter()
        .find(|(_, a)| a.kind == "credit_card")
        .unwrap()
        .0
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let mut early = Vec::new();
    files::csv_barclays_short(&spec(), &card, Some((day(7, 1), day(9, 30))), &mut early).unwrap();
    let mut late = Vec::new();
    files::csv_barclays_short(&spec(), &card, Some((day(9, 1), day(10, 31))), &mut late).unwrap();
    let mut whole = Vec::new();
    files::csv_barclays_short(&spec(), &card, Some((day(7, 1), day(10, 31))), &mut whole).unwrap();

    let dry = ImportOptions {
        dry_run: true,
        ..options("early.csv")
    };
    assert!(import_file(&mut v, &early, &dry).unwrap().added > 0);
    assert!(
        v.connections().unwrap().is_empty(),
        "a dry run leaves not even the file's connection"
    );
    import_file(&mut v, &early, &options("early.csv")).unwrap();
    let second = import_file(&mut v, &late, &options("late.csv")).unwrap();
    assert_eq!(
        v.connections().unwrap().len(),
        1,
        "both files, one connection"
    );
    assert!(second.unchanged > 0, "September is in both files");
    let total = v.status().unwrap().counts["transactions"];

    let other_dir = tempfile::tempdir().unwrap();
    let mut reference = vault(other_dir.path());
    import_file(&mut reference, &whole, &options("whole.csv")).unwrap();
    assert_eq!(
        total,
        reference.status().unwrap().counts["transactions"],
        "no row doubled, none lost"
    );

    import_file(&mut v, &whole, &options("whole.csv")).unwrap();
    assert_eq!(
        v.status().unwrap().counts["transactions"],
        total,
        "the whole period was already there"
    );
}

#[test]
fn a_broken_file_names_the_problem_and_changes_nothing() {
    let truth = coffer_sandbox::truth_ofx(&spec());
    let account = truth.accounts.keys().next().unwrap().clone();
    let mut bytes = Vec::new();
    files::ofx_v1(&spec(), &account, None, &mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).to_string();
    let broken = text.replacen("<TRNAMT>", "<TRNAMT>12,3x", 1);
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let before = v.status().unwrap().counts;
    let err = import_file(&mut v, broken.as_bytes(), &options("broken.ofx")).unwrap_err();
    assert!(matches!(err, ImportError::Ofx { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("broken.ofx") && message.contains("TRNAMT"),
        "{message}"
    );
    assert_eq!(v.status().unwrap().counts, before);
    let err = import_file(
        &mut v,
        b"\x00\x01\x02 not a statement",
        &options("noise.bin"),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::UnknownFormat { .. }), "{err}");
}

/// A file of more than one block of rows is stored while it is read (in chunks): the rows equal
/// the truth, a dry run leaves not even the file's connection behind, and a row broken near the
/// end stops the import with nothing changed.
#[test]
fn a_large_ofx_file_is_stored_as_it_is_read_and_all_or_nothing() {
    let spec = DataSpec {
        cards: 1,
        savings: 0,
        cds: 0,
        months: 12,
        tx_per_month: 1_500,
        ..DataSpec::default()
    };
    let truth = coffer_sandbox::truth_ofx(&spec);
    let (account, expected) = truth.accounts.iter().next().unwrap();
    assert!(
        expected.posted > 16_384,
        "more than one block: {}",
        expected.posted
    );
    let mut bytes = Vec::new();
    files::ofx_v1(&spec, account, None, &mut bytes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let before = v.status().unwrap().counts;

    let text = String::from_utf8_lossy(&bytes).to_string();
    let last = text.rfind("<TRNAMT>").unwrap() + "<TRNAMT>".len();
    let broken = format!("{}12..3{}", &text[..last], &text[last..]);
    let err = import_file(&mut v, broken.as_bytes(), &options("late.ofx")).unwrap_err();
    assert!(err.to_string().contains("TRNAMT"), "{err}");
    assert_eq!(v.status().unwrap().counts, before);
    assert!(v.connections().unwrap().is_empty(), "no connection is left");

    let dry = ImportOptions {
        dry_run: true,
        ..options("big.ofx")
    };
    let report = import_file(&mut v, &bytes, &dry).unwrap();
    let added = expected.posted + 2; // the rows, the account and its balance
    assert_eq!(report.added, added);
    assert!(
        v.connections().unwrap().is_empty(),
        "a dry run changes nothing"
    );

    let report = import_file(&mut v, &bytes, &options("big.ofx")).unwrap();
    assert_eq!(report.added, added);
    assert_eq!(posted_sums(&v)[account], expected.posted_sum);
    let again = import_file(&mut v, &bytes, &options("big.ofx")).unwrap();
    assert_eq!((again.added, again.updated), (0, 0));
}

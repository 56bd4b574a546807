//! CSV downloads: both Barclaycard US layouts, a custom mapping, content-key identity across
//! re-imports and overlapping files, and errors that name the line and column.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use coffer_core::connectors::csv::{
    self, ColumnRef, CsvAccount, CsvColumns, CsvEncoding, CsvError, CsvMapping, KnownLayout,
    ParsedCsv, SignConvention,
};
use coffer_core::domain::{AccountKind, TransactionStatus};
use coffer_core::{Currency, Money};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn account(id: Option<&str>, currency: &str) -> CsvAccount {
    CsvAccount {
        source_id: id.map(str::to_string),
        currency: Currency::parse(currency).unwrap(),
    }
}

fn known(name: &str) -> ParsedCsv {
    csv::parse_known(&fixture(name), &account(Some("card-1"), "USD"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ids(parsed: &ParsedCsv) -> Vec<String> {
    parsed
        .transactions
        .iter()
        .map(|t| t.source_id.clone())
        .collect()
}

#[test]
fn detects_both_barclaycard_layouts() {
    let dc = Some(KnownLayout::BarclaycardUsDebitCredit);
    assert_eq!(csv::detect(&fixture("barclaycard_us_preamble.csv")), dc);
    assert_eq!(
        csv::detect(&fixture("barclaycard_us_preamble_noheader.csv")),
        dc
    );
    assert_eq!(
        csv::detect(&fixture("barclaycard_us_category.csv")),
        Some(KnownLayout::BarclaycardUsCategory)
    );
    assert_eq!(csv::detect(&fixture("custom_semicolon_1252.csv")), None);
    assert_eq!(csv::detect(b"\x00\xff garbage"), None);
}

#[test]
fn preamble_layout_debit_credit_gives_signs_account_and_balance() {
    let bytes = fixture("barclaycard_us_preamble.csv");
    let parsed = csv::parse_known(&bytes, &account(None, "USD")).unwrap();
    let acct = parsed.account.as_ref().unwrap();
    assert_eq!(acct.source_id, "barclaycard-us-0101");
    assert_eq!(
        (acct.kind, acct.mask.as_deref()),
        (AccountKind::CreditCard, Some("0101"))
    );
    let bal = parsed.balance.as_ref().unwrap();
    assert_eq!((bal.as_of, bal.current), (day(2020, 6, 25), usd("1234.56")));
    let t = &parsed.transactions;
    let amounts: Vec<_> = t.iter().map(|t| t.amount).collect();
    assert_eq!(
        amounts,
        [
            usd("-34.18"),
            usd("500"),
            usd("-4.95"),
            usd("-4.95"),
            usd("-1015.05")
        ]
    );
    assert_eq!(t[0].description, "EXXONMOBIL    97662472");
    assert_eq!(t[0].transacted_on, Some(day(2020, 6, 24)));
    assert_eq!(t[0].posted_on, None);
    assert_eq!(t[0].status, TransactionStatus::Posted);
    assert!(t
        .iter()
        .all(|t| t.account_source_id == "barclaycard-us-0101"));
    // Two identical coffees on the same day: both kept, numbered in file order.
    let (a, b) = (&t[2].source_id, &t[3].source_id);
    assert_ne!(a, b);
    assert_eq!(a.split('#').next(), b.split('#').next());
    assert!(a.ends_with("#1") && b.ends_with("#2"), "{a} {b}");
    assert!(
        parsed.categories.is_empty(),
        "DEBIT/CREDIT is a direction, not a category"
    );

    // The header-less, signed variant of the same download yields the very same rows and ids.
    let other = csv::parse_known(
        &fixture("barclaycard_us_preamble_noheader.csv"),
        &account(None, "USD"),
    )
    .unwrap();
    assert_eq!(other.transactions, parsed.transactions);
    assert_eq!(other.account, parsed.account);
}

#[test]
fn category_layout_signed_amounts_bom_and_unicode() {
    let parsed = known("barclaycard_us_category.csv");
    assert_eq!(parsed.layout, Some(KnownLayout::BarclaycardUsCategory));
    assert_eq!(parsed.account, None);
    let t = &parsed.transactions;
    assert_eq!(t.len(), 4);
    assert_eq!(t[0].amount, usd("-245.60"));
    assert_eq!(t[2].amount, usd("300"));
    assert_eq!(t[3].description, "CAFÉ ’LA CIMA’");
    assert!(t.iter().all(|t| t.account_source_id == "card-1"));
    assert_eq!(
        parsed.categories[0],
        (t[0].source_id.clone(), "Airfare".to_string())
    );
    assert_eq!(parsed.categories.len(), 4);
}

fn german_mapping() -> CsvMapping {
    CsvMapping {
        columns: CsvColumns {
            date: Some(ColumnRef::Name("buchungstag".into())),
            posted_date: Some(ColumnRef::Name("Valuta".into())),
            description: Some(ColumnRef::Index(2)),
            debit: Some(ColumnRef::Name("Soll".into())),
            credit: Some(ColumnRef::Name("Haben".into())),
            currency: Some(ColumnRef::Name("Währung".into())),
            ..CsvColumns::default()
        },
        has_header: true,
        skip_lines: 2,
        delimiter: ';',
        date_format: "%d.%m.%Y".into(),
        sign: SignConvention::DebitCredit,
        decimal_separator: ',',
        thousands_separator: Some('.'),
        encoding: CsvEncoding::Windows1252,
    }
}

#[test]
fn custom_mapping_semicolons_comma_decimals_split_columns_1252() {
    let mapping = german_mapping();
    // The mapping is saved as JSON per account; it must round-trip.
    let json = serde_json::to_string(&mapping).unwrap();
    assert_eq!(serde_json::from_str::<CsvMapping>(&json).unwrap(), mapping);
    let parsed = csv::parse(
        &fixture("custom_semicolon_1252.csv"),
        &mapping,
        &account(Some("giro"), "USD"),
    )
    .unwrap();
    let eur = |s: &str| Money::parse(s, Currency::parse("EUR").unwrap()).unwrap();
    let t = &parsed.transactions;
    assert_eq!(t.len(), 4, "the blank line is skipped");
    assert_eq!(t[0].description, "Bäckerei Müller");
    assert_eq!(t[0].amount, eur("-3.50"));
    assert_eq!(t[1].amount, eur("2345.67"));
    assert_eq!(
        (t[1].transacted_on, t[1].posted_on),
        (Some(day(2024, 3, 2)), Some(day(2024, 3, 4)))
    );
    assert_eq!(t[2].description, "Miete; Wohnung");
    assert_eq!(t[2].amount, eur("-1200"));
    // Same bakery on another day: a different content key, so occurrence #1 again.
    assert_ne!(t[0].source_id, t[3].source_id);
    assert!(t[3].source_id.ends_with("#1"));
    // The mapping as a user would write it by hand.
    let hand: CsvMapping = serde_json::from_str(
        r#"{"columns":{"date":"Buchungstag","description":2,"debit":"Soll","credit":"Haben"},
            "skip_lines":2,"delimiter":";","date_format":"%d.%m.%Y","sign":{"kind":"debit_credit"},
            "decimal_separator":",","thousands_separator":".","encoding":"windows1252"}"#,
    )
    .unwrap();
    let again = csv::parse(
        &fixture("custom_semicolon_1252.csv"),
        &hand,
        &account(Some("giro"), "EUR"),
    )
    .unwrap();
    assert_eq!(again.transactions.len(), 4);
    assert_eq!(again.transactions[0].amount, eur("-3.50"));
}

#[test]
fn reimport_and_overlapping_files_share_ids() {
    let first = known("overlap_1.csv");
    assert_eq!(
        ids(&first),
        ids(&known("overlap_1.csv")),
        "re-import gives the same ids"
    );
    let second = known("overlap_2.csv");
    let before: HashSet<_> = ids(&first).into_iter().collect();
    let new: Vec<_> = second
        .transactions
        .iter()
        .filter(|t| !before.contains(&t.source_id))
        .collect();
    let new_rows: Vec<_> = new
        .iter()
        .map(|t| (t.transacted_on.unwrap(), t.amount))
        .collect();
    assert_eq!(
        new_rows,
        [
            (day(2024, 3, 14), usd("200")),
            (day(2024, 3, 12), usd("-5.50"))
        ]
    );
    // Both coffees of the 10th are in both files (case and spacing of the text do not matter).
    let tenth: Vec<_> = second
        .transactions
        .iter()
        .filter(|t| t.transacted_on == Some(day(2024, 3, 10)))
        .collect();
    assert_eq!(tenth.len(), 2);
    assert!(tenth.iter().all(|t| before.contains(&t.source_id)));
}

fn err(bytes: &[u8], mapping: &CsvMapping) -> String {
    match csv::parse(bytes, mapping, &account(Some("a"), "USD")) {
        Ok(p) => panic!("parsed: {:?}", p.transactions),
        Err(e) => e.to_string(),
    }
}

fn category_mapping() -> CsvMapping {
    CsvMapping {
        columns: CsvColumns {
            date: Some(ColumnRef::Name("Transaction Date".into())),
            description: Some(ColumnRef::Name("Description".into())),
            amount: Some(ColumnRef::Name("Amount".into())),
            ..CsvColumns::default()
        },
        ..CsvMapping::default()
    }
}

#[test]
fn broken_rows_name_line_and_column() {
    let e =
        csv::parse_known(&fixture("broken_amount.csv"), &account(Some("a"), "USD")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 5, column Amount: '12,3x' is not an amount"
    );
    assert!(matches!(e, CsvError::Row { line: 5, .. }));

    let m = category_mapping();
    let header = "Transaction Date,Description,Category,Amount\n";
    let bad_date = format!("{header}03/02/2024,A,x,-1.00\n2024-03-03,B,x,-2.00\n");
    assert_eq!(
        err(bad_date.as_bytes(), &m),
        "line 3, column Transaction Date: '2024-03-03' is not a date in the format %m/%d/%Y"
    );
    let short = format!("{header}03/02/2024,A\n");
    assert_eq!(
        err(short.as_bytes(), &m),
        "line 2, column Amount: the row has only 2 columns"
    );
    let precise = format!("{header}03/02/2024,A,x,-1.005\n");
    assert!(err(precise.as_bytes(), &m)
        .starts_with("line 2, column Amount: -1.005 has more decimal places"));
    let missing = "Date,Memo,Amount\n03/02/2024,A,1\n";
    assert_eq!(
        err(missing.as_bytes(), &m),
        "line 1: the header has no column 'Transaction Date' (it has: Date, Memo, Amount)"
    );
    let mut direction = known_direction_mapping();
    direction.has_header = false;
    assert_eq!(
        err(b"03/02/2024,A,SIDEWAYS,1.00\n", &direction),
        "line 1, column 3: 'SIDEWAYS' is neither DEBIT nor CREDIT"
    );
    let unterminated = format!("{header}03/02/2024,\"A,x,-1.00\n");
    assert!(err(unterminated.as_bytes(), &m).contains("line"));
    assert!(matches!(
        csv::parse(b"x", &m, &account(None, "USD")),
        Err(CsvError::MissingAccount)
    ));
    assert!(matches!(
        csv::parse(b"x", &CsvMapping::default(), &account(Some("a"), "USD")),
        Err(CsvError::Mapping(_))
    ));
    assert!(matches!(
        csv::parse_known(b"a,b\n1,2\n", &account(Some("a"), "USD")),
        Err(CsvError::UnknownLayout)
    ));
}

fn known_direction_mapping() -> CsvMapping {
    CsvMapping {
        columns: CsvColumns {
            date: Some(ColumnRef::Index(0)),
            description: Some(ColumnRef::Index(1)),
            direction: Some(ColumnRef::Index(2)),
            amount: Some(ColumnRef::Index(3)),
            ..CsvColumns::default()
        },
        sign: SignConvention::Direction {
            debit_words: vec!["DEBIT".into()],
            credit_words: vec!["CREDIT".into()],
        },
        ..CsvMapping::default()
    }
}

//! Unit tests of amounts, identity, layout detection and mappings.

use chrono::NaiveDate;

use super::identity::{content_key, Occurrences};
use super::values::{decode, normalize_header, Lines};
use super::*;

fn amount(text: &str) -> Option<String> {
    parse_amount_text(text, '.', Some(',')).map(|d| d.to_string())
}

#[test]
fn amounts_in_the_shapes_downloads_use() {
    assert_eq!(amount("-1,234.56").as_deref(), Some("-1234.56"));
    assert_eq!(amount("$12.00").as_deref(), Some("12.00"));
    assert_eq!(amount("-$12.00").as_deref(), Some("-12.00"));
    assert_eq!(amount("$-12.00").as_deref(), Some("-12.00"));
    assert_eq!(amount("(12.00)").as_deref(), Some("-12.00"));
    assert_eq!(amount("12.00-").as_deref(), Some("-12.00"));
    assert_eq!(amount("+5").as_deref(), Some("5"));
    assert_eq!(amount("-0.00").as_deref(), Some("0.00"));
    assert_eq!(
        parse_amount_text("1.234,56", ',', Some('.'))
            .map(|d| d.to_string())
            .as_deref(),
        Some("1234.56")
    );
    assert_eq!(
        parse_amount_text("1 234,56", ',', Some(' '))
            .map(|d| d.to_string())
            .as_deref(),
        Some("1234.56")
    );
    for bad in ["", "12,3x", "--1", "1e5", "abc", "$", "1.2.3"] {
        assert_eq!(amount(bad), None, "{bad}");
    }
    assert_eq!(parse_amount_text("12,34", '.', None), None);
}

#[test]
fn identity_is_stable_and_counts_occurrences() {
    let day = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
    let coffee = Money::parse("-5.50", Currency::USD).unwrap();
    let mut occ = Occurrences::default();
    let a = occ.source_id("card", day, &coffee, "BLUE BOTTLE");
    let b = occ.source_id("card", day, &coffee, " blue   bottle ");
    assert_eq!(a.len(), 34);
    assert_eq!(
        (a.strip_suffix("#1"), b.strip_suffix("#2")),
        (Some(&a[..32]), Some(&a[..32]))
    );
    assert_ne!(
        content_key("card", day, &coffee, "X"),
        content_key("other", day, &coffee, "X")
    );
    let eur = Money::parse("-5.50", Currency::parse("EUR").unwrap()).unwrap();
    assert_ne!(
        content_key("card", day, &coffee, "X"),
        content_key("card", day, &eur, "X")
    );
}

/// The content key is part of every stored CSV row's identity: a re-import finds its rows by
/// it, so these values are frozen (computed independently: SHA-256 of the ␟-joined parts).
#[test]
fn content_keys_are_frozen() {
    let cases = [
        (
            "card",
            (2024, 3, 6),
            "-5.50",
            "USD",
            " blue   bottle ",
            "25f6734ddcfc9abd9a60ebeb13f9f2f6",
        ),
        (
            "cc_1",
            (1999, 12, 31),
            "1234.00",
            "EUR",
            "caf\u{e9}\u{a0}stra\u{df}e",
            "2beaea9566317040510fa432d6fffad7",
        ),
        (
            "x",
            (2024, 1, 2),
            "-1",
            "JPY",
            "a\u{b}b",
            "eff4f09d373e48d0edefefdb2380ef23",
        ),
    ];
    for (account, (y, m, d), amount, currency, description, frozen) in cases {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let money = Money::parse(amount, Currency::parse(currency).unwrap()).unwrap();
        let key = content_key(account, day, &money, description);
        assert_eq!(hex::encode(key), frozen, "{description:?}");
    }
}

#[test]
fn decoding_headers_and_lines() {
    assert_eq!(decode(b"\xef\xbb\xbfa", CsvEncoding::Windows1252), "a");
    assert_eq!(decode(b"caf\xe9", CsvEncoding::Auto), "café");
    assert_eq!(decode("café".as_bytes(), CsvEncoding::Auto), "café");
    assert_eq!(
        normalize_header("\u{feff} Transaction   DATE "),
        "transaction date"
    );
    let mut lines = Lines::new("a\r\n\r\nb\nc");
    assert_eq!(lines.record_line(0), 1);
    assert_eq!(lines.record_line(1), 3);
    assert_eq!(lines.record_line(8), 4);
}

#[test]
fn mappings_are_validated() {
    let mut m = CsvMapping::default();
    assert!(m.validate().unwrap_err().contains("date"));
    m.columns.date = Some(ColumnRef::Index(0));
    m.columns.description = Some(ColumnRef::Index(1));
    assert!(m.validate().unwrap_err().contains("amount"));
    m.sign = SignConvention::DebitCredit;
    m.columns.debit = Some(ColumnRef::Index(2));
    assert!(m.validate().unwrap_err().contains("credit"));
    m.columns.credit = Some(ColumnRef::Name("In".into()));
    assert!(m.validate().is_ok());
    m.has_header = false;
    assert!(m.validate().unwrap_err().contains("no header"));
    m.has_header = true;
    m.decimal_separator = ';';
    assert!(m.validate().is_err());
}

/// Every record of `text` as the `csv` crate reads it (no headers, flexible): fields and start.
fn csv_crate_records(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64)> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = ::csv::StringRecord::new();
    while reader.read_record(&mut record).unwrap() {
        let start = record.position().map_or(0, |p| p.byte());
        out.push((record.iter().map(String::from).collect(), start));
    }
    out
}

fn our_records(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64)> {
    let mut records = records::Records::new(text, delimiter);
    let mut record = records::Record::new();
    let mut out = Vec::new();
    while records.read(&mut record) {
        out.push((record.iter().map(String::from).collect(), record.start()));
    }
    out
}

#[test]
fn records_match_the_csv_crate_reader() {
    let long = format!("\"{}\",{}\n", "x\"\"y,".repeat(600), ",".repeat(40));
    let mut texts: Vec<String> = [
        "",
        "\u{feff}a,b\r\n\r\n\n1,\"2\"\"x\"\r\nlast",
        "a;b\r\r\n\"open quote, never closed\n;;\n",
        "\n\n  \n\"\"\n,\n\"a\"b,c\"\n",
        long.as_str(),
    ]
    .map(String::from)
    .to_vec();
    let alphabet = [
        "a", "é", ",", ";", "\"", "\r", "\n", "\r\n", " ", "\u{feff}",
    ];
    let mut state = 0x2545_F491_u64;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..(state % 40) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        state = state.wrapping_add(0x9E37_79B9);
        texts.push(text);
    }
    for text in &texts {
        for delimiter in [b',', b';'] {
            assert_eq!(
                our_records(text, delimiter),
                csv_crate_records(text, delimiter),
                "{text:?}"
            );
        }
    }
}

#[test]
fn the_csv_parser_is_built_once_per_delimiter_and_thread() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv");
    let files: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let builds = std::thread::spawn(move || {
        let account = CsvAccount {
            source_id: Some("a".into()),
            currency: Currency::USD,
        };
        let mapping = CsvMapping {
            columns: CsvColumns {
                date: Some(ColumnRef::Index(0)),
                description: Some(ColumnRef::Index(1)),
                amount: Some(ColumnRef::Index(2)),
                ..CsvColumns::default()
            },
            has_header: false,
            delimiter: ';',
            ..CsvMapping::default()
        };
        for _ in 0..20 {
            for bytes in &files {
                let _ = detect(bytes);
                let _ = parse_known(bytes, &account);
                let _ = parse(bytes, &mapping, &account);
            }
        }
        records::BUILDS.with(|b| b.get())
    })
    .join()
    .unwrap();
    assert_eq!(builds, 2, "one parser for ',' and one for ';'");
}

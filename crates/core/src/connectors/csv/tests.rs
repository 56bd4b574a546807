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

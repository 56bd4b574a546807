//! Round trips of money through minor units, text and JSON.

use super::*;
use proptest::prelude::*;

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

#[test]
fn canonical_text_has_the_currency_places() {
    assert_eq!(usd("-318.4").amount_text(), "-318.40");
    assert_eq!(usd("12").amount_text(), "12.00");
    let jpy = Currency::parse("jpy").unwrap();
    assert_eq!(Money::parse("1200", jpy).unwrap().amount_text(), "1200");
    let kwd = Currency::parse("KWD").unwrap();
    assert_eq!(Money::parse("1.5", kwd).unwrap().to_minor().unwrap(), 1500);
}

#[test]
fn rejects_sub_minor_precision_and_junk() {
    assert!(matches!(
        Money::parse("1.005", Currency::USD),
        Err(MoneyError::TooPrecise { .. })
    ));
    for junk in [
        "", "-", "1e5", "1,000.00", "12.", "abc", "--1", "1.2.3", "NaN",
    ] {
        assert!(
            Money::parse(junk, Currency::USD).is_err(),
            "accepted {junk:?}"
        );
    }
    assert!(Currency::parse("US").is_err());
    assert!(Currency::parse("U$D").is_err());
}

#[test]
fn trailing_zeros_beyond_places_are_fine() {
    assert_eq!(usd("1.2300").to_minor().unwrap(), 123);
}

#[test]
fn json_carries_amounts_as_strings() {
    let json = serde_json::to_string(&usd("-318.40")).unwrap();
    assert_eq!(json, r#"{"amount":"-318.40","currency":"USD"}"#);
    let back: Money = serde_json::from_str(&json).unwrap();
    assert_eq!(back, usd("-318.40"));
    assert!(serde_json::from_str::<Money>(r#"{"amount":-318.4,"currency":"USD"}"#).is_err());
}

#[test]
fn adding_needs_one_currency() {
    let eur = Money::parse("1.00", Currency::parse("EUR").unwrap()).unwrap();
    assert!(usd("1.00").checked_add(&eur).is_err());
    assert_eq!(usd("0.10").checked_add(&usd("0.20")).unwrap(), usd("0.30"));
}

fn any_currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(vec!["USD", "EUR", "JPY", "KWD", "GBP", "CLP", "BHD"])
        .prop_map(|c| Currency::parse(c).unwrap())
}

proptest! {
    #[test]
    fn minor_units_round_trip(minor in any::<i64>(), currency in any_currency()) {
        let money = Money::from_minor(minor, currency);
        prop_assert_eq!(money.to_minor().unwrap(), minor);
    }

    #[test]
    fn text_round_trips(minor in -10_000_000_000_000i64..10_000_000_000_000, currency in any_currency()) {
        let money = Money::from_minor(minor, currency);
        let reparsed = Money::parse(&money.amount_text(), currency).unwrap();
        prop_assert_eq!(reparsed, money);
        prop_assert_eq!(reparsed.to_minor().unwrap(), minor);
    }

    #[test]
    fn json_round_trips(minor in any::<i64>(), currency in any_currency()) {
        let money = Money::from_minor(minor, currency);
        let json = serde_json::to_string(&money).unwrap();
        let back: Money = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, money);
    }

    #[test]
    fn parser_never_panics(text in ".{0,40}") {
        let _ = Money::parse(&text, Currency::USD);
    }
}

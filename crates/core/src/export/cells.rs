//! One CSV cell: plain decimals for money, ISO dates as stored, and text that a spreadsheet
//! could read as a formula neutralized with a leading apostrophe (OWASP CSV injection).

use std::fmt::Write as _;

use super::ExportCell;

/// Text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Minor units as a plain decimal with exactly `exponent` places: `-31840, 2` → `-318.40`.
pub fn format_minor(out: &mut String, minor: i64, exponent: u32) {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if exponent == 0 {
        let _ = write!(out, "{sign}{abs}");
        return;
    }
    let scale = 10u64.pow(exponent);
    let _ = write!(
        out,
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exponent as usize
    );
}

pub(super) fn write_cell(out: &mut String, cell: &ExportCell<'_>) {
    match *cell {
        ExportCell::Null => {}
        ExportCell::Text(t) => out.push_str(&neutralize(t)),
        ExportCell::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        ExportCell::Money { minor, exponent } => format_minor(out, minor, exponent),
        // Stored canonical decimals and ISO dates are numeric or date text; anything else that
        // slipped in is still neutralized.
        ExportCell::Decimal(t) | ExportCell::Date(t) => out.push_str(&neutralize_non_numeric(t)),
    }
}

fn neutralize_non_numeric(text: &str) -> std::borrow::Cow<'_, str> {
    let numeric = crate::money::parse_plain_decimal(text).is_ok();
    if numeric {
        text.into()
    } else {
        neutralize(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_and_numbers_stay_numbers() {
        for evil in [
            "=1+1",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"http://x\")",
        ] {
            assert_eq!(neutralize(evil), format!("'{evil}"));
        }
        assert_eq!(neutralize("Blue Bottle"), "Blue Bottle");
        let mut s = String::new();
        write_cell(
            &mut s,
            &ExportCell::Money {
                minor: -31840,
                exponent: 2,
            },
        );
        assert_eq!(s, "-318.40");
        s.clear();
        write_cell(
            &mut s,
            &ExportCell::Money {
                minor: 5,
                exponent: 3,
            },
        );
        assert_eq!(s, "0.005");
        s.clear();
        write_cell(
            &mut s,
            &ExportCell::Money {
                minor: -1200,
                exponent: 0,
            },
        );
        assert_eq!(s, "-1200");
        s.clear();
        write_cell(&mut s, &ExportCell::Decimal("-0.91"));
        assert_eq!(s, "-0.91");
        s.clear();
        write_cell(&mut s, &ExportCell::Integer(-7));
        assert_eq!(s, "-7");
    }
}

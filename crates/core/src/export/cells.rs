//! One CSV cell: plain decimals for money, ISO dates as stored, and text that a spreadsheet
//! could read as a formula neutralized with a leading apostrophe (OWASP CSV injection).

use super::ExportCell;

/// Text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_like_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn starts_like_formula(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends the decimal digits of `n` (no allocation, no formatting machinery).
fn push_digits(out: &mut String, mut n: u64, min_width: usize) {
    let mut digits = [b'0'; 20];
    let mut i = digits.len();
    while n > 0 || digits.len() - i < min_width.max(1) {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// A day as ISO 8601 `YYYY-MM-DD`, exactly as chrono writes it, without the formatting
/// machinery (storing a large file writes two a row); years outside 0–9999 go through chrono.
pub fn iso_day(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let Ok(year @ 0..=9999) = u64::try_from(day.year()) else {
        return day.to_string();
    };
    let mut out = String::with_capacity(10);
    push_digits(&mut out, year, 4);
    out.push('-');
    push_digits(&mut out, u64::from(day.month()), 2);
    out.push('-');
    push_digits(&mut out, u64::from(day.day()), 2);
    out
}

/// Minor units as a plain decimal with exactly `exponent` places: `-31840, 2` → `-318.40`.
pub fn format_minor(out: &mut String, minor: i64, exponent: u32) {
    if minor < 0 {
        out.push('-');
    }
    let abs = minor.unsigned_abs();
    if exponent == 0 {
        push_digits(out, abs, 1);
        return;
    }
    let scale = 10u64.pow(exponent);
    push_digits(out, abs / scale, 1);
    out.push('.');
    push_digits(out, abs % scale, exponent as usize);
}

pub(super) fn write_cell(out: &mut String, cell: &ExportCell<'_>) {
    match *cell {
        ExportCell::Null => {}
        ExportCell::Text(t) => {
            if starts_like_formula(t) {
                out.push('\'');
            }
            out.push_str(t);
        }
        ExportCell::Integer(i) => {
            if i < 0 {
                out.push('-');
            }
            push_digits(out, i.unsigned_abs(), 1);
        }
        ExportCell::Money { minor, exponent } => format_minor(out, minor, exponent),
        // Stored canonical decimals and ISO dates are numeric or date text; anything else that
        // slipped in is still neutralized.
        ExportCell::Decimal(t) | ExportCell::Date(t) => {
            if starts_like_formula(t) && crate::money::parse_plain_decimal(t).is_err() {
                out.push('\'');
            }
            out.push_str(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_are_written_as_chrono_writes_them() {
        use chrono::NaiveDate;
        let first = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        for offset in 0..800 {
            let day = first + chrono::Days::new(offset);
            assert_eq!(iso_day(day), day.to_string());
        }
        for (y, m, d) in [
            (0, 1, 1),
            (1, 2, 3),
            (999, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 9),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_day(day), day.to_string(), "{y}-{m}-{d}");
        }
    }

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
        for (minor, exponent, text) in [
            (0, 2, "0.00"),
            (-5, 2, "-0.05"),
            (100, 2, "1.00"),
            (i64::MIN, 2, "-92233720368547758.08"),
            (i64::MAX, 0, "9223372036854775807"),
        ] {
            s.clear();
            format_minor(&mut s, minor, exponent);
            assert_eq!(s, text);
        }
        for (cell, text) in [
            (ExportCell::Integer(0), "0"),
            (ExportCell::Integer(i64::MIN), "-9223372036854775808"),
            (ExportCell::Date("2025-01-31"), "2025-01-31"),
            (ExportCell::Date("=cmd"), "'=cmd"),
            (ExportCell::Decimal("+x"), "'+x"),
            (ExportCell::Text("-2+3"), "'-2+3"),
        ] {
            s.clear();
            write_cell(&mut s, &cell);
            assert_eq!(s, text);
        }
    }
}

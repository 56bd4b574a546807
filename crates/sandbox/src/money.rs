//! Exact money and fixed-point numbers: integer minor units in, exact JSON number text out.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// A signed amount in US cents (or another currency's minor units). Never a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Decimal text with exactly two places, e.g. `-318.40`.
    pub fn to_decimal_string(self) -> String {
        fixed_text(self.0, 2)
    }

    pub fn abs(self) -> Cents {
        Cents(self.0.abs())
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}

impl std::ops::Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_decimal_string())
    }
}

impl Serialize for Cents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_number_text(&self.to_decimal_string(), serializer)
    }
}

/// A fixed-point number `value / 10^scale` that serializes as an exact JSON number
/// (APY percentages, FX rates, earn rates, foreign amounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fixed {
    pub value: i64,
    pub scale: u8,
}

impl Fixed {
    pub fn new(value: i64, scale: u8) -> Fixed {
        Fixed { value, scale }
    }
}

impl Serialize for Fixed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_number_text(&fixed_text(self.value, self.scale), serializer)
    }
}

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fixed_text(self.value, self.scale))
    }
}

/// `value / 10^scale` as decimal text with exactly `scale` places.
pub fn fixed_text(value: i64, scale: u8) -> String {
    let negative = value < 0;
    let magnitude = value.unsigned_abs();
    if scale == 0 {
        return format!("{}{}", if negative { "-" } else { "" }, magnitude);
    }
    let divisor = 10u64.pow(u32::from(scale));
    format!(
        "{}{}.{:0width$}",
        if negative { "-" } else { "" },
        magnitude / divisor,
        magnitude % divisor,
        width = usize::from(scale)
    )
}

/// Parses decimal text like `-318.4` or `12` into cents; `None` when malformed or finer than cents.
pub fn parse_cents(text: &str) -> Option<Cents> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse::<i64>().ok()? * if frac.len() == 1 { 10 } else { 1 }
    };
    let cents = whole.checked_mul(100)?.checked_add(frac_value)?;
    Some(Cents(if negative { -cents } else { cents }))
}

/// `amount × numerator / denominator`, rounded half away from zero, in integer arithmetic.
pub fn mul_div_round(amount: i64, numerator: i64, denominator: i64) -> i64 {
    let product = i128::from(amount) * i128::from(numerator);
    let denominator = i128::from(denominator);
    let half = denominator / 2;
    let rounded = if product >= 0 {
        (product + half) / denominator
    } else {
        (product - half) / denominator
    };
    rounded as i64
}

fn serialize_number_text<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let raw = RawValue::from_string(text.to_owned()).map_err(serde::ser::Error::custom)?;
    raw.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_exactly() {
        assert_eq!(Cents(-31840).to_decimal_string(), "-318.40");
        assert_eq!(Cents(-5).to_decimal_string(), "-0.05");
        assert_eq!(Cents(0).to_decimal_string(), "0.00");
        assert_eq!(fixed_text(1087650, 6), "1.087650");
        assert_eq!(parse_cents("-318.4"), Some(Cents(-31840)));
        assert_eq!(parse_cents("12"), Some(Cents(1200)));
        assert_eq!(parse_cents("1.234"), None);
        assert_eq!(
            serde_json::to_string(&Cents(-31840)).unwrap(),
            "-318.40".to_string()
        );
        assert_eq!(mul_div_round(-15, 1, 2), -8);
    }
}

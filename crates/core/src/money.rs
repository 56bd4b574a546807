//! Exact money: a decimal amount with its currency, and its integer minor-unit storage form.
//!
//! Amounts are `rust_decimal::Decimal`, never floating point. The vault stores money as integer
//! minor units (cents for USD, yen for JPY, fils for KWD) next to the ISO 4217 currency code; the
//! IPC boundary and JSON carry canonical decimal strings such as `"-318.40"`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What went wrong turning text or minor units into money.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MoneyError {
    #[error("'{0}' is not a currency code (expected three letters such as USD)")]
    BadCurrency(String),
    #[error("'{0}' is not a decimal amount (expected digits with an optional sign and point, e.g. -318.40)")]
    BadAmount(String),
    #[error("{amount} has more decimal places than {currency} allows ({places})")]
    TooPrecise {
        amount: String,
        currency: String,
        places: u32,
    },
    #[error("{0} is too large to store")]
    Overflow(String),
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(String, String),
}

/// An ISO 4217 currency code (three ASCII capital letters) and its minor-unit exponent.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// ISO 4217 currencies with no minor unit.
const ZERO_DECIMAL: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
/// ISO 4217 currencies with three decimal places.
const THREE_DECIMAL: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// Parses a three-letter code; lower case is accepted and normalised.
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        let bytes = code.trim().as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(MoneyError::BadCurrency(code.to_string()));
        }
        let mut out = [0u8; 3];
        for (slot, b) in out.iter_mut().zip(bytes) {
            *slot = b.to_ascii_uppercase();
        }
        Ok(Currency(out))
    }

    pub fn code(&self) -> &str {
        // Constructed only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Number of decimal places of the minor unit (2 for USD, 0 for JPY, 3 for KWD).
    pub fn minor_exponent(&self) -> u32 {
        let code = self.code();
        if ZERO_DECIMAL.contains(&code) {
            0
        } else if THREE_DECIMAL.contains(&code) {
            3
        } else {
            2
        }
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An exact amount of one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Money from a decimal; fails if the amount has more places than the currency's minor unit.
    pub fn new(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let normalized = amount.normalize();
        if normalized.scale() > currency.minor_exponent() {
            return Err(MoneyError::TooPrecise {
                amount: normalized.to_string(),
                currency: currency.code().to_string(),
                places: currency.minor_exponent(),
            });
        }
        let mut amount = normalized;
        amount.rescale(currency.minor_exponent());
        Ok(Money { amount, currency })
    }

    /// Parses a plain decimal such as `-318.40` or `1200` (no exponent, no thousands separator).
    pub fn parse(amount: &str, currency: Currency) -> Result<Self, MoneyError> {
        Money::new(parse_plain_decimal(amount)?, currency)
    }

    /// Money from integer minor units, the vault's storage form.
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Money {
            amount: Decimal::new(minor, currency.minor_exponent()),
            currency,
        }
    }

    /// The amount in integer minor units, exactly.
    pub fn to_minor(&self) -> Result<i64, MoneyError> {
        let mut scaled = self.amount;
        scaled.rescale(self.currency.minor_exponent());
        let mantissa = scaled.mantissa();
        i64::try_from(mantissa).map_err(|_| MoneyError::Overflow(self.to_string()))
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// Sum of two amounts of the same currency.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(
                self.currency.to_string(),
                other.currency.to_string(),
            ));
        }
        let sum = self
            .amount
            .checked_add(other.amount)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} + {other}")))?;
        Money::new(sum, self.currency)
    }

    /// The canonical decimal text with exactly the currency's places, e.g. `-318.40`.
    pub fn amount_text(&self) -> String {
        self.amount.to_string()
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Parses `[+-]digits[.digits]` into a decimal without any floating-point step.
pub fn parse_plain_decimal(text: &str) -> Result<Decimal, MoneyError> {
    let trimmed = text.trim();
    let unsigned = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
    let (whole, frac) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let valid = match frac {
        Some(f) => (digits_ok(whole) || whole.is_empty()) && digits_ok(f),
        None => digits_ok(whole),
    };
    if !valid {
        return Err(MoneyError::BadAmount(text.to_string()));
    }
    Decimal::from_str_exact(trimmed).map_err(|_| MoneyError::BadAmount(text.to_string()))
}

/// Wire form: `{"amount": "-318.40", "currency": "USD"}` — the amount is always a string.
#[derive(Serialize, Deserialize)]
struct MoneyWire {
    amount: String,
    currency: Currency,
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        MoneyWire {
            amount: self.amount_text(),
            currency: self.currency,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = MoneyWire::deserialize(d)?;
        Money::parse(&wire.amount, wire.currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;

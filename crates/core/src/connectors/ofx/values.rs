//! OFX value types: dates (`YYYYMMDD[HHMMSS[.XXX]][[±h[.mm]:TZ]]`) and amounts (signed, `.` or
//! `,` as the radix point, no digit grouping, at most 32 characters).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::money::{parse_plain_decimal, Currency, Money, MoneyError};

/// A parsed OFX date-time. `date()` is the calendar date as the institution wrote it (its local
/// date); the offset, when given, is kept but not applied, so a purchase at 23:30 EST on the 5th
/// stays on the 5th. Without an offset the spec says GMT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfxDateTime {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Seconds east of GMT, when the value carried `[offset:TZ]`.
    pub offset_seconds: Option<i32>,
}

impl OfxDateTime {
    /// The instant, when a time was given (GMT when no offset was).
    pub fn instant(&self) -> Option<DateTime<FixedOffset>> {
        let offset = FixedOffset::east_opt(self.offset_seconds.unwrap_or(0))?;
        self.date
            .and_time(self.time?)
            .and_local_timezone(offset)
            .single()
    }
}

/// Parses an OFX date or date-time; the error says what was expected.
pub fn parse_datetime(text: &str) -> Result<OfxDateTime, String> {
    let bad = || format!("'{text}' is not an OFX date (YYYYMMDD[HHMMSS[.XXX]][[-5:EST]])");
    let t = text.trim();
    let (stamp, zone) = match t.find('[') {
        Some(open) => {
            let zone = t.get(open + 1..).and_then(|z| z.strip_suffix(']'));
            (t.get(..open).unwrap_or(""), Some(zone.ok_or_else(bad)?))
        }
        None => (t, None),
    };
    let (whole, fraction) = match stamp.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (stamp, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(|f| !f.is_empty() && all_digits(f)) {
        return Err(bad());
    }
    let num = |from: usize, to: usize| whole.get(from..to).and_then(|s| s.parse::<u32>().ok());
    let date = match (num(0, 4), num(4, 6), num(6, 8)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    let time = match whole.len() {
        8 => None,
        // HHMM is not in the spec but appears in the wild; seconds default to 0.
        12 | 14 => {
            let (h, m) = (num(8, 10).ok_or_else(bad)?, num(10, 12).ok_or_else(bad)?);
            let s = if whole.len() == 14 {
                num(12, 14).ok_or_else(bad)?
            } else {
                0
            };
            // 24:00:00 and leap seconds are clamped rather than refused.
            let (h, s) = if h == 24 && m == 0 && s == 0 {
                (23, 59)
            } else {
                (h, s.min(59))
            };
            Some(NaiveTime::from_hms_opt(h, m, s).ok_or_else(bad)?)
        }
        _ => return Err(bad()),
    };
    let offset_seconds = match zone {
        Some(z) => Some(parse_offset(z).ok_or_else(bad)?),
        None => None,
    };
    Ok(OfxDateTime {
        date,
        time,
        offset_seconds,
    })
}

/// `-5`, `+5.30`, `-3.5`, `0`, each optionally followed by `:NAME`. A two-digit fraction of 30
/// or 45 is read as minutes (`+5.30` is India, 5 h 30 min); any other fraction as decimal hours
/// (`-3.5` is Newfoundland, 3 h 30 min), rounded to the minute.
fn parse_offset(zone: &str) -> Option<i32> {
    let number = zone.split(':').next()?.trim();
    let (negative, unsigned) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (hours, fraction) = match unsigned.split_once('.') {
        Some((h, f)) => (h, f),
        None => (unsigned, ""),
    };
    if hours.is_empty() || hours.len() > 2 || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > 4 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let minutes = match fraction {
        "" => 0,
        "30" | "45" => fraction.parse().ok()?,
        f => {
            let value: i32 = f.parse().ok()?;
            let scale = 10i32.pow(f.len() as u32);
            (value * 60 + scale / 2) / scale
        }
    };
    let seconds = hours * 3600 + minutes * 60;
    if seconds > 14 * 3600 {
        return None;
    }
    Some(if negative { -seconds } else { seconds })
}

/// Parses an OFX amount into money of `currency`.
pub fn parse_amount(text: &str, currency: Currency) -> Result<Money, MoneyError> {
    Money::new(parse_decimal(text)?, currency)
}

/// Parses an OFX decimal (amounts and rates): sign, digits, one `.` or `,` radix point.
pub fn parse_decimal(text: &str) -> Result<Decimal, MoneyError> {
    let t = text.trim();
    if t.len() > 32 {
        return Err(MoneyError::BadAmount(text.to_string()));
    }
    let normalized = if t.contains(',') && !t.contains('.') {
        t.replacen(',', ".", 1)
    } else {
        t.to_string()
    };
    // "12." has an implied zero fraction.
    let normalized = normalized.strip_suffix('.').unwrap_or(&normalized);
    let mut value =
        parse_plain_decimal(normalized).map_err(|_| MoneyError::BadAmount(text.to_string()))?;
    // "-0.00" is zero, not a negative amount.
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Ok(value)
}

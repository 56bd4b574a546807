//! Day and month arithmetic on compact integers (days since CE, months since year 0).

use chrono::{Datelike, NaiveDate};

/// Days since 0001-01-01 (chrono's `num_days_from_ce`).
pub type Day = i32;
/// `year * 12 + (month - 1)`.
pub type Month = i32;

pub fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

pub fn month_of_day(day: Day) -> Month {
    let date = date_of(day);
    date.year() * 12 + date.month0() as i32
}

pub fn first_day(month: Month) -> Day {
    let year = month.div_euclid(12);
    let month0 = month.rem_euclid(12) as u32;
    day_of(NaiveDate::from_ymd_opt(year, month0 + 1, 1).unwrap_or(NaiveDate::MIN))
}

pub fn last_day(month: Month) -> Day {
    first_day(month + 1) - 1
}

pub fn days_in(month: Month) -> i32 {
    last_day(month) - first_day(month) + 1
}

/// The `day_of_month` (1-based, clamped to the month's length) of `month`.
pub fn day_in_month(month: Month, day_of_month: i32) -> Day {
    first_day(month) + day_of_month.clamp(1, days_in(month)) - 1
}

/// `day` moved by whole months, clamping the day of month (Jan 31 + 1 month = Feb 28/29).
pub fn add_months(day: Day, months: i32) -> Day {
    let date = date_of(day);
    let target = month_of_day(day) + months;
    day_in_month(target, date.day() as i32)
}

/// `YYYY-MM`.
pub fn month_label(month: Month) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

/// `YYYY-MM-DD`.
pub fn day_label(day: Day) -> String {
    date_of(day).format("%Y-%m-%d").to_string()
}

/// Seconds since the Unix epoch at `seconds_into_day` on `day` (UTC).
pub fn unix_seconds(day: Day, seconds_into_day: u32) -> i64 {
    let epoch = day_of(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN));
    i64::from(day - epoch) * 86_400 + i64::from(seconds_into_day)
}

/// RFC 3339 UTC timestamp, e.g. `2026-05-02T19:14:11Z`.
pub fn timestamp_label(day: Day, seconds_into_day: u32) -> String {
    let seconds = seconds_into_day % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        day_label(day),
        seconds / 3600,
        (seconds / 60) % 60,
        seconds % 60
    )
}

pub fn parse_day(text: &str) -> Option<Day> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(day_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic() {
        let jan31 = parse_day("2026-01-31").unwrap();
        assert_eq!(day_label(add_months(jan31, 1)), "2026-02-28");
        let month = month_of_day(jan31);
        assert_eq!(month_label(month), "2026-01");
        assert_eq!(day_label(last_day(month + 1)), "2026-02-28");
        assert_eq!(unix_seconds(parse_day("1970-01-02").unwrap(), 5), 86_405);
        assert_eq!(timestamp_label(jan31, 3661), "2026-01-31T01:01:01Z");
    }
}

//! Identity for rows without ids: a content key plus an occurrence number.
//!
//! `source_id = hex(SHA-256(account ␟ date ␟ amount ␟ currency ␟ description))[..32] + "#" + n`,
//! where the description is trimmed, whitespace-collapsed and upper-cased, and `n` counts rows
//! with the same key *within one file, in file order*, from 1. So two identical coffees on the
//! same day are `…#1` and `…#2`; re-importing the file yields the same ids; and a later file
//! that overlaps yields the same ids for the shared rows **provided both files contain the
//! whole of each shared day** (a file that starts or ends in the middle of a day holding
//! identical rows may number them differently). Exporters should cut files at day boundaries.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::money::Money;

#[derive(Default)]
pub(crate) struct Occurrences {
    seen: HashMap<[u8; 16], u32>,
}

impl Occurrences {
    /// The source id of the next row with this content.
    pub fn source_id(
        &mut self,
        account: &str,
        date: NaiveDate,
        amount: &Money,
        description: &str,
    ) -> String {
        let key = content_key(account, date, amount, description);
        let n = self.seen.entry(key).or_insert(0);
        *n = n.saturating_add(1);
        format!("{}#{}", hex::encode(key), n)
    }
}

/// The first 16 bytes of the SHA-256 of the row's content.
pub(crate) fn content_key(
    account: &str,
    date: NaiveDate,
    amount: &Money,
    description: &str,
) -> [u8; 16] {
    let mut hasher = Sha256::new();
    let mut part = |text: &[u8]| {
        hasher.update(text);
        hasher.update([0x1f]);
    };
    part(account.as_bytes());
    part(day_text(date).as_bytes());
    part(amount.amount_text().as_bytes());
    part(amount.currency().code().as_bytes());
    part(normalized(description).as_bytes());
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(digest.get(..16).unwrap_or(&[0u8; 16]));
    key
}

/// `date.format("%Y-%m-%d")`, without chrono's format machinery for years 0–9999.
fn day_text(date: NaiveDate) -> String {
    match date.year() {
        year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", date.month(), date.day()),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// The description trimmed, its whitespace runs collapsed to one space, upper-cased.
fn normalized(description: &str) -> String {
    if !description.is_ascii() {
        return description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase();
    }
    let mut text = String::with_capacity(description.len());
    for word in description.split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text.make_ascii_uppercase();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_day_text_agrees_with_chrono() {
        let mut days: Vec<NaiveDate> = [(0, 1, 1), (5, 2, 28), (999, 12, 31), (9999, 12, 31)]
            .into_iter()
            .chain([(10_000, 1, 1), (-1, 6, 30), (2024, 2, 29)])
            .filter_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .collect();
        let mut day = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
        while day.year() < 2031 {
            days.push(day);
            day = day.succ_opt().unwrap();
        }
        for day in days {
            assert_eq!(day_text(day), day.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn descriptions_normalize_as_collapsed_upper_case() {
        for (raw, want) in [
            ("  blue \t bottle\r\n", "BLUE BOTTLE"),
            ("a\u{b}b\u{c}c", "A B C"),
            ("caf\u{e9}\u{a0}stra\u{df}e", "CAF\u{c9} STRASSE"),
            ("", ""),
        ] {
            assert_eq!(normalized(raw), want, "{raw:?}");
        }
    }
}

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

use chrono::NaiveDate;
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
    let normalized = description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    let mut hasher = Sha256::new();
    for part in [
        account,
        &date.format("%Y-%m-%d").to_string(),
        &amount.amount_text(),
        amount.currency().code(),
        &normalized,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(digest.get(..16).unwrap_or(&[0u8; 16]));
    key
}

//! Paged listings (`nextPageKey`, the deprecated `offset`, or `links.next`) and the incremental
//! transactions listing of one account: its cursor, the holds seen pending, and the holds that
//! vanished without a posting (reported `Expired`).

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use reqwest::Url;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::api::Api;
use super::wire::{Listing, NextPage, Transaction};
use crate::domain::{Mcc, TransactionRecord, TransactionStatus};
use crate::money::{Currency, Money};

/// Where a paged listing stands.
#[derive(Debug, Default, Clone)]
pub struct Paging {
    pub next: Option<NextPage>,
    pub pages: u32,
}

/// Percent-encodes one path segment.
pub fn segment(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Paging {
    /// The request for the next page: `first` is the first page's query (window, limit).
    pub fn request(
        &self,
        api: &Api,
        path: &str,
        first: Vec<(&'static str, String)>,
        limit: Option<u32>,
    ) -> Option<(Url, Vec<(&'static str, String)>)> {
        let mut query: Vec<(&'static str, String)> = Vec::new();
        let url = match &self.next {
            None => {
                query = first;
                api.resolve(path)?
            }
            Some(NextPage::PageKey(k)) => {
                query.push(("pageKey", k.clone()));
                query.extend(limit.map(|l| ("limit", l.to_string())));
                api.resolve(path)?
            }
            Some(NextPage::Offset(o)) => {
                query = first;
                query.push(("offset", o.clone()));
                api.resolve(path)?
            }
            Some(NextPage::Href(h)) => api.resolve(h)?,
        };
        Some((url, query))
    }

    /// Records a page; `Err` when the server repeats the page it just gave (a loop).
    pub fn advance(&mut self, listing: &Listing) -> Result<bool, &'static str> {
        let next = listing.next();
        if next.is_some() && next == self.next {
            return Err("the server sent the same next-page key again");
        }
        self.pages += 1;
        self.next = next;
        Ok(self.next.is_none())
    }
}

/// A hold as last seen, enough to re-emit it as `Expired` without losing its fields.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Held {
    pub id: String,
    pub on: Option<NaiveDate>,
    pub amount: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// Original amount and currency code, for foreign holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<String>,
}

/// The cursor `fdx:transactions:<accountId>`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct TxCursor {
    /// The newest transaction date synced.
    pub through: Option<NaiveDate>,
    /// Holds pending at the end of the last sync.
    #[serde(default)]
    pub pending: Vec<Held>,
}

/// Posted amounts per day, for statement balances: `(sum, fees, interest)`.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    /// The first day the listing covered; `None` = all history.
    pub from: Option<NaiveDate>,
    pub days: BTreeMap<NaiveDate, (Decimal, Decimal, Decimal)>,
}

/// One account's transactions listing in progress.
pub struct TxListing {
    pub account: String,
    pub currency: Currency,
    pub paging: Paging,
    pub start: Option<NaiveDate>,
    prior: TxCursor,
    seen_pending: BTreeMap<String, Held>,
    referenced: HashSet<String>,
    through: Option<NaiveDate>,
    pub ledger: Ledger,
}

impl TxListing {
    /// Starts from the saved cursor: from `through − overlap`, and never after a held date.
    pub fn new(account: &str, currency: Currency, cursor: Option<&str>, overlap: u32) -> Self {
        let prior: TxCursor = cursor
            .and_then(|c| serde_json::from_str(c).ok())
            .unwrap_or_default();
        let start = prior.through.map(|t| {
            let back = t - chrono::Days::new(u64::from(overlap));
            prior
                .pending
                .iter()
                .filter_map(|h| h.on)
                .fold(back, NaiveDate::min)
        });
        TxListing {
            account: account.to_string(),
            currency,
            paging: Paging::default(),
            start,
            through: prior.through,
            prior,
            seen_pending: BTreeMap::new(),
            referenced: HashSet::new(),
            ledger: Ledger {
                from: start,
                ..Ledger::default()
            },
        }
    }

    /// Notes one page's rows (already mapped) for holds, links and the ledger.
    pub fn absorb(&mut self, wire: &Transaction, record: &TransactionRecord) {
        if let Some(r) = &record.authorization_source_id {
            self.referenced.insert(r.clone());
        }
        let day = record.posted_on.or(record.transacted_on);
        if let Some(d) = day {
            self.through = Some(self.through.map_or(d, |t| t.max(d)));
        }
        if record.status == TransactionStatus::Pending {
            self.seen_pending
                .insert(record.source_id.clone(), held(record));
            return;
        }
        if let Some(d) = record.posted_on {
            let entry = self.ledger.days.entry(d).or_default();
            let amount = record.amount.amount();
            entry.0 += amount;
            match wire
                .transaction_type
                .as_deref()
                .map(str::to_ascii_uppercase)
                .as_deref()
            {
                Some("FEE") => entry.1 += amount.abs(),
                Some("INTEREST") => entry.2 += amount.abs(),
                _ => {}
            }
        }
    }

    /// At the end of the listing: holds seen before and gone now, not settled by a posting in
    /// this listing, as `Expired` rows; and the new cursor.
    pub fn finish(&self) -> (Vec<TransactionRecord>, String) {
        let expired = self
            .prior
            .pending
            .iter()
            .filter(|h| !self.seen_pending.contains_key(&h.id) && !self.referenced.contains(&h.id))
            .filter_map(|h| self.expired(h))
            .collect();
        let cursor = TxCursor {
            through: self.through,
            pending: self.seen_pending.values().cloned().collect(),
        };
        (expired, serde_json::to_string(&cursor).unwrap_or_default())
    }

    fn expired(&self, h: &Held) -> Option<TransactionRecord> {
        Some(TransactionRecord {
            account_source_id: self.account.clone(),
            source_id: h.id.clone(),
            status: TransactionStatus::Expired,
            transacted_on: h.on,
            posted_on: None,
            amount: Money::parse(&h.amount, self.currency).ok()?,
            original_amount: h
                .original
                .as_ref()
                .and_then(|(a, c)| Money::parse(a, Currency::parse(c).ok()?).ok()),
            fx_rate: h
                .fx
                .as_deref()
                .and_then(|f| crate::money::parse_plain_decimal(f).ok()),
            description: h.description.clone(),
            merchant: h.merchant.clone(),
            mcc: h.mcc.as_deref().and_then(Mcc::parse),
            memo: h.memo.clone(),
            statement_source_id: None,
            authorization_source_id: None,
        })
    }
}

fn held(r: &TransactionRecord) -> Held {
    Held {
        id: r.source_id.clone(),
        on: r.transacted_on,
        amount: r.amount.amount_text(),
        description: r.description.clone(),
        merchant: r.merchant.clone(),
        mcc: r.mcc.map(|m| m.to_string()),
        memo: r.memo.clone(),
        original: r
            .original_amount
            .map(|o| (o.amount_text(), o.currency().code().to_string())),
        fx: r.fx_rate.map(|f| f.to_string()),
    }
}

//! Monthly FICO scores (two models from one bureau) and card-control events
//! (lock, unlock, replacement requested, shipped, delivered).

use super::{AccountKind, Bank};
use crate::calendar::{self, Day, Month};
use crate::prng::SplitMix64;

/// FICO scores refresh on this day of each month.
pub const FICO_REFRESH_DAY: i32 = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditScore {
    pub day: Day,
    pub score: i64,
    pub model: &'static str,
    pub model_version: &'static str,
    pub bureau: &'static str,
    pub range_min: i64,
    pub range_max: i64,
}

/// Every score from the first history month through `now`, oldest first. "FICO 8 Bankcard"
/// (250–900) monthly, "FICO 8" (300–850) each quarter, both on TransUnion data.
pub fn credit_scores(bank: &Bank, now: Day) -> Vec<CreditScore> {
    let mut rng = SplitMix64::derive(&[bank.spec.seed, 30]);
    let mut base = rng.range(690, 790);
    let mut scores = Vec::new();
    let mut month = bank.first_month;
    loop {
        let day = calendar::day_in_month(month, FICO_REFRESH_DAY);
        if day > now {
            break;
        }
        let pull = (745 - base) / 8;
        base = (base + pull + rng.range(-9, 9)).clamp(560, 845);
        scores.push(CreditScore {
            day,
            score: (base + 12).clamp(250, 900),
            model: "FICO 8 Bankcard",
            model_version: "8",
            bureau: "TransUnion",
            range_min: 250,
            range_max: 900,
        });
        if month.rem_euclid(3) == 0 {
            scores.push(CreditScore {
                day,
                score: base.clamp(300, 850),
                model: "FICO 8",
                model_version: "8",
                bureau: "TransUnion",
                range_min: 300,
                range_max: 850,
            });
        }
        month += 1;
    }
    scores
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardEventKind {
    Locked,
    Unlocked,
    ReplacementRequested,
    Shipped,
    Delivered,
}

impl CardEventKind {
    /// The event name as webhooks and the events feed carry it, e.g. `card.locked`.
    pub fn event_name(self) -> &'static str {
        match self {
            CardEventKind::Locked => "card.locked",
            CardEventKind::Unlocked => "card.unlocked",
            CardEventKind::ReplacementRequested => "card.replacement_requested",
            CardEventKind::Shipped => "card.shipped",
            CardEventKind::Delivered => "card.delivered",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardEvent {
    pub account_index: usize,
    pub sequence: u32,
    pub month: Month,
    pub day: Day,
    pub seconds: u32,
    pub kind: CardEventKind,
    pub reason: Option<&'static str>,
    pub detail: Option<String>,
}

impl CardEvent {
    pub fn id(&self, bank: &Bank) -> String {
        format!(
            "ce_{}_{:04}{:02}",
            bank.accounts[self.account_index].id,
            self.month - bank.first_month,
            self.sequence
        )
    }
}

/// Card-control events of one card in one month, in time order.
pub fn card_month_events(bank: &Bank, account_index: usize, month: Month) -> Vec<CardEvent> {
    let account = &bank.accounts[account_index];
    if !matches!(account.kind, AccountKind::Card(_)) || month < bank.account_first_month(account) {
        return Vec::new();
    }
    let mut rng = SplitMix64::derive(&[bank.spec.seed, 40, account_index as u64, month as u64]);
    let mut events = Vec::new();
    let roll = rng.below(1000);
    let day = calendar::first_day(month) + rng.range(0, 17) as Day;
    let seconds = rng.range(8 * 3600, 22 * 3600) as u32;
    let mut push = |offset: Day, secs: u32, kind, reason, detail: Option<String>| {
        let sequence = events.len() as u32;
        events.push(CardEvent {
            account_index,
            sequence,
            month,
            day: day + offset,
            seconds: secs,
            kind,
            reason,
            detail,
        });
    };
    if roll < 90 {
        push(
            0,
            seconds,
            CardEventKind::Locked,
            Some("card_misplaced"),
            None,
        );
        let hours = rng.range(1, 40) as u32;
        let later = seconds + hours * 3600;
        push(
            (later / 86_400) as Day,
            later % 86_400,
            CardEventKind::Unlocked,
            Some("card_found"),
            None,
        );
    } else if roll < 130 {
        let reason = *rng.pick(&["lost", "stolen", "damaged"]);
        if reason != "damaged" {
            push(0, seconds, CardEventKind::Locked, Some(reason), None);
        }
        push(
            0,
            seconds + 600,
            CardEventKind::ReplacementRequested,
            Some(reason),
            None,
        );
        let tracking = format!("1Z{:016}", rng.below(10u64.pow(16)));
        push(1, 50_400, CardEventKind::Shipped, None, Some(tracking));
        push(
            rng.range(3, 6) as Day,
            57_600,
            CardEventKind::Delivered,
            None,
            None,
        );
    }
    events
}

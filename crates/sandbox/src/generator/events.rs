//! The event feed (polling and webhooks): card-control events and transaction events
//! (authorized, posted, expired), each with a unique, ordered id.

use super::extras::{card_month_events, CardEvent};
use super::feed::page_by_month;
use super::rows::{Resolution, Role, TxRow};
use super::Bank;
use crate::calendar::{self, Day, Month};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxEventKind {
    Authorized,
    Posted,
    Expired,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventBody {
    Card(CardEvent),
    Transaction { kind: TxEventKind, row: TxRow },
}

/// Ordering key of an event; its text form is the event id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventKey {
    pub day: Day,
    pub seconds: u32,
    pub account: usize,
    pub sub: u64,
}

impl EventKey {
    pub fn id(&self) -> String {
        format!(
            "evt_{}-{}-{}-{}",
            self.day, self.seconds, self.account, self.sub
        )
    }

    pub fn parse(id: &str) -> Option<EventKey> {
        let mut parts = id.strip_prefix("evt_")?.split('-');
        let key = EventKey {
            day: parts.next()?.parse().ok()?,
            seconds: parts.next()?.parse().ok()?,
            account: parts.next()?.parse().ok()?,
            sub: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedEvent {
    pub key: EventKey,
    pub account_index: usize,
    pub body: EventBody,
}

impl FeedEvent {
    pub fn name(&self) -> &'static str {
        match &self.body {
            EventBody::Card(event) => event.kind.event_name(),
            EventBody::Transaction {
                kind: TxEventKind::Authorized,
                ..
            } => "transaction.authorized",
            EventBody::Transaction {
                kind: TxEventKind::Posted,
                ..
            } => "transaction.posted",
            EventBody::Transaction {
                kind: TxEventKind::Expired,
                ..
            } => "transaction.expired",
        }
    }

    pub fn is_card_event(&self) -> bool {
        matches!(self.body, EventBody::Card(_))
    }
}

fn time_of_day(key: u64) -> u32 {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as u32 % 50_400 + 28_800
}

/// Every event generated from activity of `month` (some may fall early in the next month).
pub fn month_events(bank: &Bank, month: Month) -> Vec<FeedEvent> {
    let mut events = Vec::new();
    for account in &bank.accounts {
        for card_event in card_month_events(bank, account.index, month) {
            let key = EventKey {
                day: card_event.day,
                seconds: card_event.seconds,
                account: account.index,
                sub: (1u64 << 63)
                    | ((month - bank.first_month) as u64) << 8
                    | u64::from(card_event.sequence),
            };
            events.push(FeedEvent {
                key,
                account_index: account.index,
                body: EventBody::Card(card_event),
            });
        }
        for row in bank.month_rows(account.index, month).iter() {
            let push =
                |events: &mut Vec<FeedEvent>, day: Day, kind: TxEventKind, row: TxRow, tag: u64| {
                    let key = EventKey {
                        day,
                        seconds: time_of_day(row.key ^ tag),
                        account: account.index,
                        sub: row.key << 2 | tag,
                    };
                    events.push(FeedEvent {
                        key,
                        account_index: account.index,
                        body: EventBody::Transaction { kind, row },
                    });
                };
            match row.role {
                Role::Authorization { resolution } => {
                    push(
                        &mut events,
                        row.transacted,
                        TxEventKind::Authorized,
                        *row,
                        0,
                    );
                    if let Resolution::Expires { day } = resolution {
                        push(&mut events, day, TxEventKind::Expired, *row, 2);
                    }
                }
                Role::Posted {
                    authorization: Some(_),
                } => {
                    push(&mut events, row.posted, TxEventKind::Posted, *row, 1);
                }
                Role::Posted {
                    authorization: None,
                } => {}
            }
        }
    }
    events
}

/// Events after `after` (exclusive) up to `now`, oldest first.
pub fn events_page(
    bank: &Bank,
    after: Option<EventKey>,
    now: Day,
    limit: usize,
    wanted: impl Fn(&FeedEvent) -> bool,
) -> (Vec<FeedEvent>, bool) {
    let first = after
        .map(|key| calendar::month_of_day(key.day - super::feed::MAX_RESOLUTION_DAYS))
        .unwrap_or(bank.first_month)
        .max(bank.first_month);
    let last = calendar::month_of_day(now);
    let (items, has_more) = page_by_month(first..=last, limit, |month| {
        month_events(bank, month)
            .into_iter()
            .filter(|event| event.key.day <= now && after.is_none_or(|a| event.key > a))
            .filter(|event| wanted(event))
            .map(|event| (event.key.day, event.key, event))
            .collect()
    });
    (items.into_iter().map(|(_, _, e)| e).collect(), has_more)
}

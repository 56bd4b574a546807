//! Paged, incremental listings: transactions by change window and rewards events by position.

use super::rewards::{month_events, RewardEvent};
use super::rows::TxRow;
use super::Bank;
use crate::calendar::{self, Day, Month};
use crate::cursor::{LedgerCursor, TxCursor};

/// A row's resolution (posting or expiry) is at most this many days after its creation.
pub const MAX_RESOLUTION_DAYS: i32 = 10;

/// Walks months in order, collecting `(day, key, item)` whose day is never before the month's
/// first day, and returns the first `limit` items plus whether more exist.
pub fn page_by_month<K: Ord + Copy, T>(
    months: std::ops::RangeInclusive<Month>,
    limit: usize,
    mut month_items: impl FnMut(Month) -> Vec<(Day, K, T)>,
) -> (Vec<(Day, K, T)>, bool) {
    let mut items: Vec<(Day, K, T)> = Vec::new();
    for month in months {
        items.extend(month_items(month));
        if items.len() > limit {
            items.sort_by_key(|item| (item.0, item.1));
            let boundary = calendar::first_day(month + 1);
            if items[limit].0 < boundary {
                items.truncate(limit + 1);
                break;
            }
        }
    }
    items.sort_by_key(|item| (item.0, item.1));
    let has_more = items.len() > limit;
    items.truncate(limit);
    (items, has_more)
}

pub struct TxPage {
    /// Rows with their last-change day as of the window's end.
    pub rows: Vec<(TxRow, Day)>,
    /// The window's end: the day the rows' states are reported as of.
    pub as_of: Day,
    pub next: TxCursor,
    pub has_more: bool,
}

/// One page of the account's transaction change feed.
pub fn transactions_page(
    bank: &Bank,
    account_index: usize,
    cursor: Option<TxCursor>,
    now: Day,
    limit: usize,
) -> TxPage {
    let cursor = cursor.unwrap_or(TxCursor {
        account: account_index,
        since: None,
        upto: None,
        after: None,
    });
    let upto = cursor.upto.unwrap_or(now).min(now);
    let account_first = bank.account_first_month(&bank.accounts[account_index]);
    let lower = match (cursor.since, cursor.after) {
        (Some(since), Some((day, _))) => Some(day.max(since + 1)),
        (Some(since), None) => Some(since + 1),
        (None, Some((day, _))) => Some(day),
        (None, None) => None,
    };
    let first = lower
        .map(|day| calendar::month_of_day(day - MAX_RESOLUTION_DAYS))
        .unwrap_or(account_first)
        .max(account_first);
    let last = calendar::month_of_day(upto);
    let (items, has_more) = page_by_month(first..=last, limit, |month| {
        bank.month_rows(account_index, month)
            .iter()
            .filter(|row| row.visible_at(upto))
            .filter_map(|row| {
                let change = row.last_change(upto);
                let in_window = cursor.since.is_none_or(|since| change > since);
                let after = cursor.after.is_none_or(|after| (change, row.key) > after);
                (in_window && after).then_some((change, row.key, *row))
            })
            .collect()
    });
    let next = match (has_more, items.last()) {
        (true, Some(last)) => TxCursor {
            upto: Some(upto),
            after: Some((last.0, last.1)),
            ..cursor
        },
        _ => TxCursor {
            account: account_index,
            since: Some(upto),
            upto: None,
            after: None,
        },
    };
    TxPage {
        rows: items.into_iter().map(|(day, _, row)| (row, day)).collect(),
        as_of: upto,
        next,
        has_more,
    }
}

pub struct RewardPage {
    pub events: Vec<RewardEvent>,
    pub next: Option<LedgerCursor>,
    pub has_more: bool,
}

/// One page of a card's rewards ledger, oldest first; the cursor resumes after the last event.
pub fn rewards_page(
    bank: &Bank,
    account_index: usize,
    cursor: Option<LedgerCursor>,
    now: Day,
    limit: usize,
) -> RewardPage {
    let account_first = bank.account_first_month(&bank.accounts[account_index]);
    let first = cursor
        .map(|c| calendar::month_of_day(c.after.0))
        .unwrap_or(account_first)
        .max(account_first);
    let last = calendar::month_of_day(now);
    let (items, has_more) = page_by_month(first..=last, limit, |month| {
        month_events(bank, account_index, month)
            .into_iter()
            .filter(|event| event.day <= now)
            .filter(|event| cursor.is_none_or(|c| (event.day, event.key) > c.after))
            .map(|event| (event.day, event.key, event))
            .collect()
    });
    let next = items
        .last()
        .map(|last| LedgerCursor {
            account: account_index,
            after: (last.0, last.1),
        })
        .or(cursor);
    RewardPage {
        events: items.into_iter().map(|(_, _, e)| e).collect(),
        next,
        has_more,
    }
}

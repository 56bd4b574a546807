//! The paged change feeds: transactions per account, reward ledgers per program, and the event
//! feed (card-control events). Each page is one batch carrying the cursor that follows it.

use super::api::segment;
use super::connector::IssuerConnector;
use super::session::Flow;
use super::steps::Output;
use super::{map, wire};
use crate::connectors::http::DecodeError;
use crate::sync::Batch;

impl IssuerConnector {
    pub(super) async fn transactions_page(
        &mut self,
        account: &str,
        cursor: &mut Option<String>,
        page: &mut u32,
    ) -> Result<Output, Flow> {
        self.require("transactions.read")?;
        let path = format!("accounts/{}/transactions", segment(account));
        let mut query = Vec::new();
        if let Some(c) = cursor.as_ref() {
            query.push(("cursor", c.clone()));
        }
        if let Some(limit) = self.page_limit {
            query.push(("limit", limit.to_string()));
        }
        let p: wire::TransactionPage = self.session.get(&path, &query).await?;
        *page += 1;
        let at = format!("GET /{path}");
        let label = format!("transactions of {}, page {page}", self.label_of(account));
        let mut batch = Batch::labelled(label);
        for (i, t) in p.transactions.iter().enumerate() {
            let r = map::transaction(account, t, &format!("transactions[{i}]"));
            batch
                .transactions
                .push(r.map_err(|e| self.malformed(&at, e))?);
        }
        self.as_of = p.as_of.or(self.as_of);
        let stalled = p.has_more && (p.next_cursor.is_none() || p.next_cursor == *cursor);
        if stalled {
            let e = DecodeError {
                path: "next_cursor".into(),
                detail: "has_more without a new cursor".into(),
            };
            return Err(self.malformed(&at, e));
        }
        if let Some(next) = p.next_cursor {
            self.advance(&mut batch, format!("transactions:{account}"), next.clone());
            *cursor = Some(next);
        }
        Ok(Output {
            batch: Some(batch),
            done: !p.has_more,
        })
    }

    pub(super) async fn reward_events_page(
        &mut self,
        program: &str,
        account: Option<&str>,
        cursor: &mut Option<String>,
        page: &mut u32,
    ) -> Result<Output, Flow> {
        self.require("rewards.read")?;
        let path = format!("rewards/{}/events", segment(program));
        let mut query = Vec::new();
        if let Some(c) = cursor.as_ref() {
            query.push(("cursor", c.clone()));
        }
        if let Some(limit) = self.page_limit {
            query.push(("limit", limit.to_string()));
        }
        let p: wire::RewardEventPage = self.session.get(&path, &query).await?;
        *page += 1;
        let at = format!("GET /{path}");
        let mut batch = Batch::labelled(format!("reward events of {program}, page {page}"));
        for (i, e) in p.events.iter().enumerate() {
            let r = map::reward_event(program, account, e, &format!("events[{i}]"));
            batch
                .reward_events
                .push(r.map_err(|e| self.malformed(&at, e))?);
        }
        if p.has_more && (p.next_cursor.is_none() || p.next_cursor == *cursor) {
            let e = DecodeError {
                path: "next_cursor".into(),
                detail: "has_more without a new cursor".into(),
            };
            return Err(self.malformed(&at, e));
        }
        if let Some(next) = p.next_cursor {
            self.advance(&mut batch, format!("rewards:{program}"), next.clone());
            *cursor = Some(next);
        }
        Ok(Output {
            batch: Some(batch),
            done: !p.has_more,
        })
    }

    pub(super) async fn events_page(
        &mut self,
        after: &mut Option<String>,
        page: &mut u32,
    ) -> Result<Output, Flow> {
        self.require("card_events.read")?;
        let mut query = Vec::new();
        if let Some(a) = after.as_ref() {
            query.push(("after", a.clone()));
        }
        if let Some(limit) = self.page_limit {
            query.push(("limit", limit.to_string()));
        }
        let p: wire::EventPage = self.session.get("events", &query).await?;
        *page += 1;
        let mut batch = Batch::labelled(format!("event feed, page {page}"));
        for (i, e) in p.events.iter().enumerate() {
            let Some(kind) = map::card_event_kind(&e.event) else {
                continue;
            };
            let data: wire::CardEventData =
                crate::connectors::http::decode_json(e.data.get().as_bytes()).map_err(|d| {
                    self.malformed(
                        "GET /events",
                        DecodeError {
                            path: format!("events[{i}].data"),
                            detail: d.to_string(),
                        },
                    )
                })?;
            batch.card_events.push(map::card_event(
                &e.account_id,
                kind,
                e.occurred_at,
                data.reason,
            ));
        }
        if p.has_more && (p.next_after.is_none() || p.next_after == *after) {
            let e = DecodeError {
                path: "next_after".into(),
                detail: "has_more without a new position".into(),
            };
            return Err(self.malformed("GET /events", e));
        }
        if let Some(next) = p.next_after {
            self.advance(&mut batch, "events".into(), next.clone());
            *after = Some(next);
        }
        Ok(Output {
            batch: Some(batch),
            done: !p.has_more,
        })
    }
}

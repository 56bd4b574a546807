//! The rewards ledger: per program balance over time, earned vs burned, points expiring soon by
//! the program's own rule (oldest points burn first), what each card earned per bonus category,
//! and a reconciliation of expected accruals (transaction amount × the stated earn rate) against
//! what the issuer reported.

use std::collections::{BTreeMap, VecDeque};

use chrono::{Duration, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::expiry::{expiry_date, ExpiryRule};
use crate::domain::RewardEventKind;
use crate::vault::store::reads_ledgers::{ProgramFacts, RewardBalancePoint, RewardEventFacts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expiring {
    pub on: NaiveDate,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramLedger {
    pub program_id: i64,
    pub name: String,
    pub unit: String,
    /// The rule as the program states it.
    pub expiry_rule: Option<String>,
    pub rule: Option<ExpiryRule>,
    /// The latest reported balance, else the sum of the ledger.
    pub balance: i64,
    /// `(day, balance)`: reported balances, else the running sum of events.
    pub balance_over_time: Vec<(NaiveDate, i64)>,
    pub earned: i64,
    pub burned: i64,
    pub expired: i64,
    /// Remaining points by expiry date, soonest first.
    pub expiring: Vec<Expiring>,
    /// Points expiring within the report's window.
    pub expiring_soon: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardEarn {
    pub account_id: i64,
    pub program_id: i64,
    pub bonus_category: String,
    pub points: i64,
    pub events: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrepancy {
    pub source_id: String,
    pub account_id: Option<i64>,
    pub occurred_on: NaiveDate,
    pub expected: i64,
    pub reported: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RewardsReport {
    pub programs: Vec<ProgramLedger>,
    pub by_card: Vec<CardEarn>,
    pub reconciled: u64,
    pub discrepancies: Vec<Discrepancy>,
}

/// Points an amount (minor units, cents) earns at `rate` points per unit: truncated, signed like
/// a purchase (refunds earn negative points).
pub fn expected_points(amount_minor: i64, rate: Decimal) -> Option<i64> {
    let points = (Decimal::from(amount_minor.abs()) * rate / Decimal::from(100)).trunc();
    let points = points.to_i64()?;
    Some(if amount_minor < 0 { points } else { -points })
}

fn remaining_lots(events: &[&RewardEventFacts]) -> Vec<(NaiveDate, i64)> {
    let mut lots: VecDeque<(NaiveDate, i64)> = VecDeque::new();
    for e in events {
        if e.points > 0 {
            lots.push_back((e.occurred_on, e.points));
            continue;
        }
        let mut burn = -e.points;
        while burn > 0 {
            let Some(front) = lots.front_mut() else { break };
            let used = burn.min(front.1);
            front.1 -= used;
            burn -= used;
            if front.1 == 0 {
                lots.pop_front();
            }
        }
    }
    lots.into_iter().collect()
}

/// The ledger as of `today`; "soon" means within `window_days`.
pub fn rewards_ledger(
    programs: &[ProgramFacts],
    balances: &[RewardBalancePoint],
    events: &[RewardEventFacts],
    today: NaiveDate,
    window_days: i64,
) -> RewardsReport {
    let mut ledgers = Vec::new();
    for p in programs {
        let evs: Vec<&RewardEventFacts> = events.iter().filter(|e| e.program_id == p.id).collect();
        let reported: Vec<(NaiveDate, i64)> = balances
            .iter()
            .filter(|b| b.program_id == p.id)
            .map(|b| (b.as_of, b.balance))
            .collect();
        let mut running = 0;
        let mut summed: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for e in &evs {
            running += e.points;
            summed.insert(e.occurred_on, running);
        }
        let over_time = if reported.is_empty() {
            summed.into_iter().collect()
        } else {
            reported
        };
        let total = |k: &[RewardEventKind]| {
            evs.iter()
                .filter(|e| k.contains(&e.kind))
                .map(|e| e.points)
                .sum::<i64>()
        };
        let rule = p.expiry_rule.as_deref().and_then(ExpiryRule::parse);
        let last_activity = evs.iter().map(|e| e.occurred_on).max().unwrap_or(today);
        let mut expiring: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        if let Some(rule) = &rule {
            for (earned_on, points) in remaining_lots(&evs) {
                if let Some(on) = expiry_date(rule, earned_on, last_activity) {
                    *expiring.entry(on).or_default() += points;
                }
            }
        }
        let soon = today + Duration::days(window_days);
        ledgers.push(ProgramLedger {
            program_id: p.id,
            name: p.name.clone(),
            unit: p.unit.as_str().to_string(),
            expiry_rule: p.expiry_rule.clone(),
            balance: over_time.last().map(|b| b.1).unwrap_or(0),
            balance_over_time: over_time,
            earned: total(&[RewardEventKind::Accrual, RewardEventKind::Bonus]),
            burned: -total(&[RewardEventKind::Redemption]),
            expired: -total(&[RewardEventKind::Expiry]),
            expiring_soon: expiring.range(..=soon).map(|(_, p)| p).sum(),
            expiring: expiring
                .into_iter()
                .map(|(on, points)| Expiring { on, points })
                .collect(),
            rule,
        });
    }
    let mut by_card: BTreeMap<(i64, i64, String), (i64, u64)> = BTreeMap::new();
    let (mut reconciled, mut discrepancies) = (0, Vec::new());
    for e in events {
        if e.kind == RewardEventKind::Accrual {
            if let Some(account) = e.account_id {
                let category = e.bonus_category.clone().unwrap_or_else(|| "base".into());
                let slot = by_card
                    .entry((account, e.program_id, category))
                    .or_default();
                slot.0 += e.points;
                slot.1 += 1;
            }
            if let (Some(amount), Some(rate)) = (e.transaction_amount_minor, e.earn_rate) {
                reconciled += 1;
                let expected = expected_points(amount, rate).unwrap_or(0);
                if expected != e.points {
                    discrepancies.push(Discrepancy {
                        source_id: e.source_id.clone(),
                        account_id: e.account_id,
                        occurred_on: e.occurred_on,
                        expected,
                        reported: e.points,
                    });
                }
            }
        }
    }
    RewardsReport {
        programs: ledgers,
        by_card: by_card
            .into_iter()
            .map(
                |((account_id, program_id, bonus_category), (points, events))| CardEarn {
                    account_id,
                    program_id,
                    bonus_category,
                    points,
                    events,
                },
            )
            .collect(),
        reconciled,
        discrepancies,
    }
}

//! The rewards ledger: per program balance over time, earned vs burned, points expiring soon by
//! the program's own rule (oldest points burn first), what each card earned per bonus category,
//! and a reconciliation of expected accruals (transaction amount × the stated earn rate) against
//! what the issuer reported.

use std::collections::{BTreeMap, VecDeque};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::expiry::{expiry_date, ExpiryRule};
use crate::domain::RewardEventKind;
use crate::vault::store::reads_ledgers::{
    ProgramFacts, RewardBalancePoint, RewardDayFacts, RewardDiscrepancyFacts,
};

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

/// The points still held, as `(day earned, points)` lots, oldest first: each day's earnings
/// join the lots, then the day's burns use up the oldest points first. A burn larger than the
/// points held uses them all (the rest came from history the vault does not hold).
fn remaining_lots(days: &[&RewardDayFacts]) -> Vec<(NaiveDate, i64)> {
    let mut lots: VecDeque<(NaiveDate, i64)> = VecDeque::new();
    let mut i = 0;
    while i < days.len() {
        let day = days[i].occurred_on;
        let (mut gained, mut lost) = (0, 0);
        while i < days.len() && days[i].occurred_on == day {
            gained += days[i].gained;
            lost += days[i].lost;
            i += 1;
        }
        if gained > 0 {
            lots.push_back((day, gained));
        }
        let mut burn = -lost;
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

/// The ledger as of `today`; "soon" means within `window_days`. `days` are the vault's day
/// sums ordered by program and day; `discrepancies` the accruals whose verdict differs.
pub fn rewards_ledger(
    programs: &[ProgramFacts],
    balances: &[RewardBalancePoint],
    days: &[RewardDayFacts],
    discrepancies: &[RewardDiscrepancyFacts],
    today: NaiveDate,
    window_days: i64,
) -> RewardsReport {
    let mut ledgers = Vec::new();
    for p in programs {
        let own: Vec<&RewardDayFacts> = days.iter().filter(|d| d.program_id == p.id).collect();
        let reported: Vec<(NaiveDate, i64)> = balances
            .iter()
            .filter(|b| b.program_id == p.id)
            .map(|b| (b.as_of, b.balance))
            .collect();
        let mut running = 0;
        let mut summed: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for d in &own {
            running += d.gained + d.lost;
            summed.insert(d.occurred_on, running);
        }
        let over_time = if reported.is_empty() {
            summed.into_iter().collect()
        } else {
            reported
        };
        let total = |k: &[RewardEventKind]| {
            own.iter()
                .filter(|d| k.contains(&d.kind))
                .map(|d| d.gained + d.lost)
                .sum::<i64>()
        };
        let rule = p.expiry_rule.as_deref().and_then(ExpiryRule::parse);
        let last_activity = own.iter().map(|d| d.occurred_on).max().unwrap_or(today);
        let mut expiring: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        if let Some(rule) = &rule {
            for (earned_on, points) in remaining_lots(&own) {
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
    let mut reconciled = 0;
    for d in days.iter().filter(|d| d.kind == RewardEventKind::Accrual) {
        reconciled += d.checked;
        if let Some(account) = d.account_id {
            let category = d.bonus_category.clone().unwrap_or_else(|| "base".into());
            let slot = by_card
                .entry((account, d.program_id, category))
                .or_default();
            slot.0 += d.gained + d.lost;
            slot.1 += d.events;
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
        discrepancies: discrepancies
            .iter()
            .map(|d| Discrepancy {
                source_id: d.source_id.clone(),
                account_id: d.account_id,
                occurred_on: d.occurred_on,
                expected: d.expected,
                reported: d.reported,
            })
            .collect(),
    }
}

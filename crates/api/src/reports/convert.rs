//! Core reports into their wire views: money to decimal text, dates to ISO text, account and
//! program ids to the names the UI shows.

use std::collections::HashMap;

use coffer_core::analytics::cds::CdLadder;
use coffer_core::analytics::fico::FicoReport;
use coffer_core::analytics::networth::NetWorthReport;
use coffer_core::analytics::recurring::Recurring;
use coffer_core::analytics::rewards::RewardsReport;
use coffer_core::analytics::spend::{SpendLine, SpendReport};
use coffer_core::vault::store::AccountView;
use coffer_core::{Currency, Money};
use rust_decimal::Decimal;

use super::types::*;

/// Account id → (name, mask).
pub type Names = HashMap<i64, (String, Option<String>)>;

pub fn names(accounts: &[AccountView]) -> Names {
    accounts
        .iter()
        .map(|a| (a.id, (a.name.clone(), a.mask.clone())))
        .collect()
}

fn m(money: &Money) -> String {
    money.amount_text()
}

fn name_of(names: &Names, id: i64) -> (String, Option<String>) {
    names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| (format!("Account {id}"), None))
}

fn line(l: &SpendLine) -> SpendLineView {
    SpendLineView {
        name: l.name.clone(),
        spent: m(&l.spent),
        purchases: m(&l.purchases),
        refunds: m(&l.refunds),
        count: l.count,
    }
}

/// The sum of amounts in `currency`, as text with its places.
fn sum<'a>(amounts: impl Iterator<Item = &'a Money>, currency: Currency) -> String {
    let total: Decimal = amounts.map(|a| a.amount()).sum();
    Money::new(total, currency)
        .map(|x| x.amount_text())
        .unwrap_or_else(|_| total.to_string())
}

pub fn spend(r: &SpendReport, charts: Vec<ChartSvg>) -> SpendReportView {
    SpendReportView {
        currency: r.currency.code().to_string(),
        total: m(&r.total),
        purchases: sum(r.by_category.iter().map(|l| &l.purchases), r.currency),
        refunds: sum(r.by_category.iter().map(|l| &l.refunds), r.currency),
        by_category: r.by_category.iter().map(line).collect(),
        by_merchant: r.by_merchant.iter().map(line).collect(),
        by_month: r
            .by_month
            .iter()
            .map(|x| MonthSpendView {
                month: x.month.clone(),
                spent: m(&x.spent),
                change: x.change.as_ref().map(m),
                change_percent: x.change_percent.clone(),
                by_category: x
                    .by_category
                    .iter()
                    .map(|(name, amount)| NamedAmount {
                        name: name.clone(),
                        amount: m(amount),
                    })
                    .collect(),
            })
            .collect(),
        foreign: r
            .foreign
            .iter()
            .map(|f| ForeignSpendView {
                currency: f.currency.code().to_string(),
                original: m(&f.original),
                charged: m(&f.charged),
                count: f.count,
            })
            .collect(),
        excluded: r
            .excluded
            .iter()
            .map(|e| ExcludedView {
                kind: e.kind.clone(),
                amount: m(&e.amount),
                count: e.count,
            })
            .collect(),
        other_currency_rows: r.other_currency_rows,
        charts,
    }
}

pub fn networth(r: &NetWorthReport, charts: Vec<ChartSvg>) -> NetWorthReportView {
    NetWorthReportView {
        currency: r.currency.code().to_string(),
        months: r
            .months
            .iter()
            .map(|x| NetWorthMonthView {
                month: x.month.clone(),
                assets: m(&x.assets),
                liabilities: m(&x.liabilities),
                net_worth: m(&x.net_worth),
                credit_limit: m(&x.credit_limit),
                available_credit: m(&x.available_credit),
                utilization_percent: x.utilization_percent.clone(),
                cards: x
                    .cards
                    .iter()
                    .map(|c| CardMonthView {
                        account_id: c.account_id,
                        name: c.name.clone(),
                        owed: m(&c.owed),
                        limit: c.limit.as_ref().map(m),
                        available: c.available.as_ref().map(m),
                        utilization_percent: c.utilization_percent.clone(),
                    })
                    .collect(),
            })
            .collect(),
        charts,
    }
}

pub fn fico(r: &FicoReport, charts: Vec<ChartSvg>) -> FicoReportView {
    FicoReportView {
        series: r
            .series
            .iter()
            .map(|s| FicoSeriesView {
                model: s.model.clone(),
                bureau: s.bureau.clone(),
                source: s.source.clone(),
                label: s.label.clone(),
                points: s
                    .points
                    .iter()
                    .map(|p| FicoPointView {
                        as_of: p.as_of.to_string(),
                        score: p.score,
                        change_30d: p.change_30d,
                        change_90d: p.change_90d,
                    })
                    .collect(),
            })
            .collect(),
        utilization: r
            .utilization
            .iter()
            .map(|(month, percent)| MonthPercent {
                month: month.clone(),
                percent: percent.clone(),
            })
            .collect(),
        charts,
    }
}

pub fn rewards(r: &RewardsReport, names: &Names, charts: Vec<ChartSvg>) -> RewardsReportView {
    let programs: HashMap<i64, (&str, &str)> = r
        .programs
        .iter()
        .map(|p| (p.program_id, (p.name.as_str(), p.unit.as_str())))
        .collect();
    RewardsReportView {
        programs: r
            .programs
            .iter()
            .map(|p| ProgramLedgerView {
                program_id: p.program_id,
                name: p.name.clone(),
                unit: p.unit.clone(),
                expiry_rule: p.expiry_rule.clone(),
                balance: p.balance,
                balance_over_time: p
                    .balance_over_time
                    .iter()
                    .map(|(on, points)| PointsOn {
                        on: on.to_string(),
                        points: *points,
                    })
                    .collect(),
                earned: p.earned,
                burned: p.burned,
                expired: p.expired,
                expiring: p
                    .expiring
                    .iter()
                    .map(|e| PointsOn {
                        on: e.on.to_string(),
                        points: e.points,
                    })
                    .collect(),
                expiring_soon: p.expiring_soon,
            })
            .collect(),
        by_card: r
            .by_card
            .iter()
            .map(|c| {
                let (account_name, mask) = name_of(names, c.account_id);
                let (program, unit) = programs
                    .get(&c.program_id)
                    .copied()
                    .unwrap_or(("Unknown program", "points"));
                CardEarnView {
                    account_id: c.account_id,
                    account_name,
                    mask,
                    program: program.to_string(),
                    unit: unit.to_string(),
                    bonus_category: c.bonus_category.clone(),
                    points: c.points,
                    events: c.events,
                }
            })
            .collect(),
        reconciled: r.reconciled,
        discrepancies: r
            .discrepancies
            .iter()
            .map(|d| {
                let named = d.account_id.map(|id| name_of(names, id));
                DiscrepancyView {
                    source_id: d.source_id.clone(),
                    account_name: named.as_ref().map(|n| n.0.clone()),
                    mask: named.and_then(|n| n.1),
                    occurred_on: d.occurred_on.to_string(),
                    expected: d.expected,
                    reported: d.reported,
                }
            })
            .collect(),
        charts,
    }
}

pub fn cds(r: &CdLadder, charts: Vec<ChartSvg>) -> CdLadderView {
    let total_interest = sum(r.cds.iter().map(|c| &c.interest_to_maturity), r.currency);
    CdLadderView {
        currency: r.currency.code().to_string(),
        cds: r
            .cds
            .iter()
            .map(|c| CdLineView {
                account_id: c.account_id,
                name: c.name.clone(),
                principal: m(&c.principal),
                apy: c.apy.clone(),
                term_months: c.term_months,
                opened_on: c.opened_on.map(|d| d.to_string()),
                maturity_on: c.maturity_on.map(|d| d.to_string()),
                days_to_maturity: c.days_to_maturity,
                interest_to_maturity: m(&c.interest_to_maturity),
                value_at_maturity: m(&c.value_at_maturity),
                grace_from: c.grace_window.map(|g| g.0.to_string()),
                grace_to: c.grace_window.map(|g| g.1.to_string()),
                early_withdrawal_penalty: m(&c.early_withdrawal_penalty),
            })
            .collect(),
        total_principal: m(&r.total_principal),
        total_interest_to_maturity: total_interest,
        blended_apy: r.blended_apy.clone(),
        next_maturity: r.next_maturity.map(|d| d.to_string()),
        available_within: r
            .available_within
            .iter()
            .map(|(months, amount)| AvailableWithin {
                months: *months,
                amount: m(amount),
            })
            .collect(),
        savings_apy: r
            .savings_apy
            .iter()
            .map(|(name, apy)| NamedAmount {
                name: name.clone(),
                amount: apy.clone(),
            })
            .collect(),
        charts,
    }
}

pub fn recurring(r: &[Recurring], names: &Names) -> Vec<RecurringView> {
    r.iter()
        .map(|x| {
            let (account_name, mask) = name_of(names, x.account_id);
            RecurringView {
                merchant: x.merchant.clone(),
                account_id: x.account_id,
                account_name,
                mask,
                amount: m(&x.amount),
                currency: x.amount.currency().code().to_string(),
                cadence: x.cadence.to_string(),
                occurrences: x.occurrences as u64,
                last: x.last.to_string(),
                next_expected: x.next_expected.to_string(),
            }
        })
        .collect()
}

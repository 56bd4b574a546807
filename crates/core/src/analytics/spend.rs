//! Spend analysis: totals by category, merchant and month, month-over-month change; refunds net
//! against purchases; payments, transfers and income excluded (shown apart); foreign purchases
//! counted in the account's currency with their original amounts kept.

use std::collections::BTreeMap;

use serde::Serialize;

use super::money;
use super::rules::{decide, group_merchant, CategoryRule};
use crate::money::{Currency, Money};
use crate::vault::store::reads::SpendGroup;

/// Net spending of one category or merchant. `spent` is positive when money went out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendLine {
    pub name: String,
    pub spent: Money,
    pub purchases: Money,
    pub refunds: Money,
    pub count: u64,
}

/// One month: its total, the change from the month before, and its categories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthSpend {
    pub month: String,
    pub spent: Money,
    pub change: Option<Money>,
    /// Percent change from the previous month, one decimal place; none when that was zero.
    pub change_percent: Option<String>,
    pub by_category: Vec<(String, Money)>,
}

/// Purchases made in another currency: what was charged there and what it cost here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeignSpend {
    pub currency: Currency,
    pub original: Money,
    pub charged: Money,
    pub count: u64,
}

/// Money that moved but is not spending: payments, own transfers, income.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedLine {
    pub kind: String,
    pub amount: Money,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendReport {
    pub currency: Currency,
    pub total: Money,
    pub by_category: Vec<SpendLine>,
    pub by_merchant: Vec<SpendLine>,
    pub by_month: Vec<MonthSpend>,
    pub foreign: Vec<ForeignSpend>,
    pub excluded: Vec<ExcludedLine>,
    /// Rows in other account currencies, left out of the totals.
    pub other_currency_rows: u64,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    out: i64,
    inn: i64,
    count: u64,
}

impl Acc {
    fn add(&mut self, out: i64, inn: i64, count: u64) {
        self.out += out;
        self.inn += inn;
        self.count += count;
    }
}

/// Where an uncategorized group goes, from its text: a category and kind.
fn fallback(group: &SpendGroup) -> (String, String) {
    let text = group.description.to_uppercase();
    let has = |w: &str| text.contains(w);
    let (name, kind) = if has("TRANSFER") || has("ACH ") {
        ("Transfers", "transfer")
    } else if group.inflow_minor > 0 && group.outflow_minor == 0 && has("PAYMENT") {
        ("Payments", "payment")
    } else if has("INTEREST") && group.outflow_minor < 0 {
        ("Interest", "fee")
    } else if has("FEE") && group.outflow_minor < 0 {
        ("Fees", "fee")
    } else if group.outflow_minor == 0 {
        ("Income", "income")
    } else {
        ("Other", "spend")
    };
    (name.to_string(), kind.to_string())
}

/// The spend report over `groups` (from `Vault::spend_groups`) in `currency`.
pub fn spend_report(
    groups: &[SpendGroup],
    rules: &[CategoryRule],
    kind_of: &dyn Fn(&str) -> Option<String>,
    currency: Currency,
) -> SpendReport {
    let mut categories: BTreeMap<String, Acc> = BTreeMap::new();
    let mut merchants: BTreeMap<String, Acc> = BTreeMap::new();
    let mut months: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut foreign: BTreeMap<Currency, (i64, i64, u64)> = BTreeMap::new();
    let mut excluded: BTreeMap<String, Acc> = BTreeMap::new();
    let mut other_currency_rows = 0;
    for g in groups {
        if g.currency != currency {
            other_currency_rows += g.count;
            continue;
        }
        let merchant = group_merchant(g);
        let (category, kind) = match decide(g, &merchant, rules, kind_of) {
            Some(d) => (d.category, d.kind),
            None => fallback(g),
        };
        if !matches!(kind.as_str(), "spend" | "fee") {
            excluded
                .entry(kind)
                .or_default()
                .add(g.outflow_minor, g.inflow_minor, g.count);
            continue;
        }
        categories.entry(category.clone()).or_default().add(
            g.outflow_minor,
            g.inflow_minor,
            g.count,
        );
        merchants
            .entry(merchant)
            .or_default()
            .add(g.outflow_minor, g.inflow_minor, g.count);
        *months
            .entry(g.month.clone())
            .or_default()
            .entry(category)
            .or_default() -= g.outflow_minor + g.inflow_minor;
        if let Some((c, original)) = g.original {
            let f = foreign.entry(c).or_default();
            f.0 += original;
            f.1 += g.outflow_minor + g.inflow_minor;
            f.2 += g.count;
        }
    }
    let line = |(name, a): (String, Acc)| SpendLine {
        name,
        spent: money(-(a.out + a.inn), currency),
        purchases: money(-a.out, currency),
        refunds: money(a.inn, currency),
        count: a.count,
    };
    let mut by_category: Vec<SpendLine> = categories.into_iter().map(line).collect();
    let mut by_merchant: Vec<SpendLine> = merchants.into_iter().map(line).collect();
    let biggest = |a: &SpendLine, b: &SpendLine| {
        b.spent
            .amount()
            .cmp(&a.spent.amount())
            .then(a.name.cmp(&b.name))
    };
    by_category.sort_by(biggest);
    by_merchant.sort_by(biggest);
    let mut by_month = Vec::new();
    let mut previous: Option<i64> = None;
    for (month, cats) in months {
        let spent: i64 = cats.values().sum();
        let change = previous.map(|p| spent - p);
        let change_percent = previous
            .filter(|p| *p != 0)
            .and_then(|p| super::percent(spent - p, p.abs()));
        by_month.push(MonthSpend {
            month,
            spent: money(spent, currency),
            change: change.map(|c| money(c, currency)),
            change_percent,
            by_category: cats
                .into_iter()
                .map(|(c, m)| (c, money(m, currency)))
                .collect(),
        });
        previous = Some(spent);
    }
    let total = by_category
        .iter()
        .map(|l| l.spent.to_minor().unwrap_or(0))
        .sum();
    SpendReport {
        currency,
        total: money(total, currency),
        by_category,
        by_merchant,
        by_month,
        foreign: foreign
            .into_iter()
            .map(|(c, (original, charged, count))| ForeignSpend {
                currency: c,
                original: money(-original, c),
                charged: money(-charged, currency),
                count,
            })
            .collect(),
        excluded: excluded
            .into_iter()
            .map(|(kind, a)| ExcludedLine {
                kind,
                amount: money(a.out + a.inn, currency),
                count: a.count,
            })
            .collect(),
        other_currency_rows,
    }
}

//! The dashboard summary, computed from the accounts and statements with exact decimals: available
//! credit and utilization per card, savings and CD totals, net worth, due dates and maturities.

use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

use coffer_core::vault::store::views::StatementView;
use coffer_core::vault::store::AccountView;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::views::{CardSummary, CdMaturity, CurrencyTotals, DashboardSummary, StatementDue};

fn dec(text: Option<&str>) -> Decimal {
    text.and_then(|t| Decimal::from_str(t).ok())
        .unwrap_or(Decimal::ZERO)
}

/// Money as text with at least two places ("10" → "10.00", "3.125" stays).
fn text(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    v.to_string()
}

/// `part / whole` as a percentage with one decimal (half away from zero); none when `whole` is 0.
pub fn percent(part: Decimal, whole: Decimal) -> Option<String> {
    if whole <= Decimal::ZERO {
        return None;
    }
    let mut p = (part.max(Decimal::ZERO) * Decimal::ONE_HUNDRED / whole)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(1);
    Some(p.to_string())
}

#[derive(Default)]
struct Sums {
    savings: Decimal,
    checking: Decimal,
    cds: Decimal,
    card_balances: Decimal,
    credit_limit: Decimal,
    available_credit: Decimal,
}

fn card(a: &AccountView) -> CardSummary {
    let balance = dec(a.balance.as_deref());
    let limit = a.credit_limit.as_deref().map(|l| dec(Some(l)));
    let available = match (&a.available, limit) {
        (Some(av), _) => Some(dec(Some(av))),
        (None, Some(l)) => Some(l - balance),
        (None, None) => None,
    };
    CardSummary {
        account_id: a.id,
        name: a.name.clone(),
        mask: a.mask.clone(),
        currency: a.currency.clone(),
        balance: text(balance),
        credit_limit: limit.map(text),
        available_credit: available.map(text),
        utilization_percent: limit.and_then(|l| percent(balance, l)),
    }
}

/// Builds the summary. `accounts` are all accounts; closed ones count for nothing.
pub fn summarize(accounts: Vec<AccountView>, statements: &[StatementView]) -> DashboardSummary {
    let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
    let mut cards = Vec::new();
    let mut cd_maturities = Vec::new();
    for a in accounts.iter().filter(|a| a.status != "closed") {
        let s = sums.entry(a.currency.clone()).or_default();
        let balance = dec(a.balance.as_deref());
        match a.kind.as_str() {
            "credit_card" => {
                let c = card(a);
                s.card_balances += balance;
                s.credit_limit += dec(c.credit_limit.as_deref());
                s.available_credit += dec(c.available_credit.as_deref());
                cards.push(c);
            }
            "savings" => s.savings += balance,
            "checking" => s.checking += balance,
            "cd" => {
                s.cds += balance;
                if let (Some(on), "open") = (&a.maturity_on, a.status.as_str()) {
                    cd_maturities.push(CdMaturity {
                        account_id: a.id,
                        name: a.name.clone(),
                        mask: a.mask.clone(),
                        maturity_on: on.clone(),
                        balance: text(balance),
                        apy: a.apy.clone(),
                        term_months: a.term_months,
                        currency: a.currency.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    cd_maturities.sort_by(|a, b| a.maturity_on.cmp(&b.maturity_on));
    let totals = sums
        .into_iter()
        .map(|(currency, s)| CurrencyTotals {
            currency,
            savings: text(s.savings),
            checking: text(s.checking),
            cds: text(s.cds),
            card_balances: text(s.card_balances),
            credit_limit: text(s.credit_limit),
            available_credit: text(s.available_credit),
            utilization_percent: percent(s.card_balances, s.credit_limit),
            net_worth: text(s.savings + s.checking + s.cds - s.card_balances),
        })
        .collect();
    DashboardSummary {
        statements_due: latest_due(statements),
        accounts,
        cards,
        totals,
        cd_maturities,
    }
}

/// Each account's latest statement that names a due date, soonest due first.
fn latest_due(statements: &[StatementView]) -> Vec<StatementDue> {
    let mut seen = HashSet::new();
    let mut due: Vec<StatementDue> = Vec::new();
    let mut latest: Vec<&StatementView> = statements.iter().collect();
    latest.sort_by(|a, b| b.period_end.cmp(&a.period_end));
    for s in latest {
        let Some(due_on) = &s.due_on else { continue };
        if !seen.insert(s.account_id) {
            continue;
        }
        due.push(StatementDue {
            account_id: s.account_id,
            account_name: s.account_name.clone(),
            mask: s.mask.clone(),
            period_end: s.period_end.clone(),
            due_on: due_on.clone(),
            closing_balance: s.closing_balance.clone(),
            minimum_due: s.minimum_due.clone(),
            currency: s.currency.clone(),
        });
    }
    due.sort_by(|a, b| a.due_on.cmp(&b.due_on));
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utilization_is_exact_and_rounded_half_away_from_zero() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(
            percent(d("7626.74"), d("21000.00")).as_deref(),
            Some("36.3")
        );
        assert_eq!(percent(d("1"), d("8")).as_deref(), Some("12.5"));
        assert_eq!(percent(d("0.05"), d("100")).as_deref(), Some("0.1"));
        assert_eq!(percent(d("-20"), d("100")).as_deref(), Some("0.0"));
        assert_eq!(percent(d("5"), d("0")), None);
        assert_eq!(text(d("10")), "10.00");
        assert_eq!(text(d("-3.5")), "-3.50");
    }
}

//! Reports: each reads what its analysis needs from the vault and runs the pure analysis. The
//! CLI, the API session and the charts call these; the analyses themselves live in
//! [`crate::analytics`].

use chrono::NaiveDate;

use crate::analytics::cds::{cd_ladder, CdLadder};
use crate::analytics::fico::{fico_trend, FicoReport};
use crate::analytics::networth::{net_worth, NetWorthReport};
use crate::analytics::recurring::{could_recur, recurring_payments, Recurring};
use crate::analytics::rewards::{rewards_ledger, RewardsReport};
use crate::analytics::rules::{compile_rules, count_similar, CategoryRule};
use crate::analytics::spend::{spend_report, SpendReport};
use crate::analytics::AnalyticsError;
use crate::money::Currency;
use crate::vault::store::reads::RowFilter;
use crate::vault::{Vault, VaultError};

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Analytics(#[from] AnalyticsError),
}

/// The currency reports are made in (accounts in others are counted apart).
pub const HOME_CURRENCY: Currency = Currency::USD;

fn kind_lookup(vault: &Vault) -> Result<impl Fn(&str) -> Option<String>, VaultError> {
    let kinds = vault.category_kinds()?;
    Ok(move |name: &str| {
        kinds
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, k)| k.clone())
    })
}

pub fn spend(vault: &Vault, filter: &RowFilter) -> Result<SpendReport, ReportError> {
    let rules = compile_rules(&vault.category_rules()?)?;
    let groups = vault.spend_groups(filter)?;
    let kind_of = kind_lookup(vault)?;
    Ok(spend_report(&groups, &rules, &kind_of, HOME_CURRENCY))
}

pub fn networth(vault: &Vault, filter: &RowFilter) -> Result<NetWorthReport, ReportError> {
    let accounts = vault.account_facts()?;
    let points = vault.balance_points(filter)?;
    Ok(net_worth(&accounts, &points, HOME_CURRENCY))
}

pub fn fico(vault: &Vault, filter: &RowFilter) -> Result<FicoReport, ReportError> {
    let scores = vault.score_points(filter)?;
    let utilization = networth(vault, filter)?
        .months
        .into_iter()
        .map(|m| (m.month, m.utilization_percent))
        .collect();
    Ok(fico_trend(&scores, utilization))
}

/// The rewards ledger as of `today`, "expiring soon" meaning within 90 days.
pub fn rewards(
    vault: &Vault,
    filter: &RowFilter,
    today: NaiveDate,
) -> Result<RewardsReport, ReportError> {
    Ok(rewards_ledger(
        &vault.program_facts()?,
        &vault.reward_balance_points()?,
        &vault.reward_day_facts(filter)?,
        &vault.reward_discrepancy_facts(filter)?,
        today,
        90,
    ))
}

pub fn cds(vault: &Vault, today: NaiveDate) -> Result<CdLadder, ReportError> {
    let points = vault.balance_points(&RowFilter::default())?;
    Ok(cd_ladder(
        &vault.account_facts()?,
        &points,
        today,
        HOME_CURRENCY,
    ))
}

pub fn recurring(vault: &Vault, filter: &RowFilter) -> Result<Vec<Recurring>, ReportError> {
    // Only the groups on a cadence are read out of the vault; the report then describes them.
    let charges = vault.repeated_charges_where(filter, could_recur())?;
    Ok(recurring_payments(&charges))
}

/// "Apply to N similar": how many counted transactions a proposed rule would recategorize.
pub fn similar_count(
    vault: &Vault,
    match_kind: &str,
    pattern: &str,
    category: &str,
    priority: i64,
) -> Result<u64, ReportError> {
    let kind_of = kind_lookup(vault)?;
    let kind = kind_of(category)
        .ok_or_else(|| VaultError::Data(format!("there is no category named '{category}'")))?;
    let rule = CategoryRule::new(match_kind, pattern, category, &kind, priority)?;
    let existing = compile_rules(&vault.category_rules()?)?;
    let groups = vault.spend_groups(&RowFilter::default())?;
    Ok(count_similar(&rule, &existing, &groups, &kind_of))
}

//! SimpleFIN accounts and transactions to records; a currency given as a URL (miles, points)
//! makes the account a reward program instead.

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;

use super::wire::{Account, Transaction};
use crate::domain::*;
use crate::money::{Currency, Money};

/// What one SimpleFIN account became.
pub enum Mapped {
    Account(Box<AccountRecord>, BalanceRecord, Currency),
    Rewards(RewardProgramRecord),
}

pub fn day(unix: Option<i64>) -> Option<NaiveDate> {
    unix.filter(|t| *t > 0)
        .and_then(|t| DateTime::from_timestamp(t, 0))
        .map(|d| d.date_naive())
}

/// The account's kind from its name, then the sign of its balance.
fn kind_of(a: &Account) -> AccountKind {
    let name = a.name.to_ascii_lowercase();
    let has = |w: &[&str]| w.iter().any(|x| name.contains(x));
    if has(&["card", "credit", "visa", "mastercard", "amex", "discover"]) {
        AccountKind::CreditCard
    } else if has(&["certificate", " cd", "cd ", "time deposit"]) || name == "cd" {
        AccountKind::Cd
    } else if has(&["saving", "money market"]) {
        AccountKind::Savings
    } else if has(&["checking"]) || !a.balance.is_sign_negative() {
        AccountKind::Checking
    } else {
        AccountKind::CreditCard
    }
}

pub fn account(a: &Account, today: NaiveDate) -> Result<Mapped, String> {
    let as_of = day(a.balance_date).unwrap_or(today);
    let code = a.currency.trim();
    if code.starts_with("http://") || code.starts_with("https://") {
        let unit_text = format!("{code} {}", a.name).to_ascii_lowercase();
        let unit = if unit_text.contains("mile") {
            RewardUnit::Miles
        } else if unit_text.contains("cash") || unit_text.contains("cent") {
            RewardUnit::Cash
        } else {
            RewardUnit::Points
        };
        let whole = a.balance.trunc();
        let balance = i64::try_from(whole.mantissa() / 10i128.pow(whole.scale()))
            .map_err(|_| format!("balance of {} is out of range", a.id))?;
        return Ok(Mapped::Rewards(RewardProgramRecord {
            source_id: a.id.clone(),
            name: a.name.clone(),
            unit,
            expiry_rule: None,
            balance: Some((as_of, balance)),
        }));
    }
    let currency = Currency::parse(if code.is_empty() { "USD" } else { code })
        .map_err(|e| format!("account {}: {e}", a.id))?;
    let kind = kind_of(a);
    let money = |d: Decimal| Money::new(d, currency).map_err(|e| format!("account {}: {e}", a.id));
    // SimpleFIN: a card's balance is negative when owed; the vault keeps what is owed, positive.
    let current = if kind == AccountKind::CreditCard {
        -a.balance
    } else {
        a.balance
    };
    let record = AccountRecord {
        source_id: a.id.clone(),
        kind,
        product: None,
        name: a.name.clone(),
        mask: None,
        currency,
        credit_limit: None,
        cash_advance_limit: None,
        apy: None,
        opened_on: None,
        term_months: None,
        maturity_on: None,
        status: AccountStatus::Open,
        reward_program_source_id: None,
    };
    let balance = BalanceRecord {
        account_source_id: a.id.clone(),
        as_of,
        current: money(current)?,
        available: a.available_balance.map(money).transpose()?,
        limit: None,
    };
    Ok(Mapped::Account(Box::new(record), balance, currency))
}

pub fn transaction(
    account: &str,
    currency: Currency,
    t: &Transaction,
) -> Result<TransactionRecord, String> {
    let pending = t.pending.unwrap_or(false) || t.posted.unwrap_or(0) == 0;
    let amount =
        Money::new(t.amount, currency).map_err(|e| format!("transaction {}: {e}", t.id))?;
    let posted_on = if pending { None } else { day(t.posted) };
    let mcc = t.memo.as_deref().and_then(|m| {
        let i = m.to_ascii_uppercase().find("MCC")?;
        Mcc::parse(m[i + 3..].trim_start_matches([' ', ':', '#']).get(..4)?)
    });
    Ok(TransactionRecord {
        account_source_id: account.to_string(),
        source_id: t.id.clone(),
        status: if pending {
            TransactionStatus::Pending
        } else {
            TransactionStatus::Posted
        },
        transacted_on: day(t.transacted_at).or(posted_on),
        posted_on,
        amount,
        original_amount: None,
        fx_rate: None,
        description: t.description.clone(),
        merchant: t.payee.clone().filter(|p| !p.is_empty()),
        mcc,
        memo: t.memo.clone().filter(|m| !m.is_empty()),
        statement_source_id: None,
        authorization_source_id: None,
    })
}

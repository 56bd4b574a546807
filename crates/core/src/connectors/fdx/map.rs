//! FDX accounts and transactions to the domain's records: `locAccount` (credit cards) and
//! `depositAccount` (savings, CDs, checking); amounts made signed by `debitCreditMemo`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::wire::{date_of, Account, Transaction};
use crate::domain::*;
use crate::money::{Currency, Money};

/// Why a record could not be built; `field` names the FDX field.
#[derive(Debug, thiserror::Error)]
#[error("field {field}: {detail}")]
pub struct MapError {
    pub field: &'static str,
    pub detail: String,
}

fn money(field: &'static str, amount: Decimal, currency: Currency) -> Result<Money, MapError> {
    Money::new(amount, currency).map_err(|e| MapError {
        field,
        detail: e.to_string(),
    })
}

fn opt_money(
    field: &'static str,
    amount: Option<Decimal>,
    currency: Currency,
) -> Result<Option<Money>, MapError> {
    amount.map(|a| money(field, a, currency)).transpose()
}

/// The kind of an account from its key or `accountCategory` and `accountType`; `None` for
/// categories the vault does not hold (loans, investments, insurance…).
pub fn kind_of(key: Option<&str>, account: &Account) -> Option<AccountKind> {
    let category = account
        .account_category
        .as_deref()
        .map(str::to_ascii_uppercase)
        .or_else(|| match key {
            Some("locAccount") => Some("LOC_ACCOUNT".into()),
            Some("depositAccount") => Some("DEPOSIT_ACCOUNT".into()),
            _ => None,
        })?;
    let kind = account
        .account_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_uppercase();
    match category.as_str() {
        "LOC_ACCOUNT" => Some(AccountKind::CreditCard),
        "DEPOSIT_ACCOUNT" => Some(match kind.as_str() {
            "CD" => AccountKind::Cd,
            "SAVINGS" | "MONEYMARKET" => AccountKind::Savings,
            _ => AccountKind::Checking,
        }),
        _ => None,
    }
}

pub fn currency_of(account: &Account) -> Currency {
    account
        .currency
        .as_ref()
        .and_then(|c| c.currency_code.as_deref())
        .and_then(|c| Currency::parse(c).ok())
        .unwrap_or(Currency::USD)
}

/// The account and, when it carries a balance, its balance as of `balanceAsOf` (or `today`).
pub fn account(
    kind: AccountKind,
    a: &Account,
    today: NaiveDate,
) -> Result<(AccountRecord, Option<BalanceRecord>), MapError> {
    let currency = currency_of(a);
    let mask = a.account_number_display.as_deref().and_then(|d| {
        let digits: String = d.chars().filter(char::is_ascii_digit).collect();
        (digits.len() >= 4).then(|| digits[digits.len() - 4..].to_string())
    });
    let name = a
        .nickname
        .clone()
        .or_else(|| a.product_name.clone())
        .unwrap_or_else(|| format!("Account {}", mask.as_deref().unwrap_or(&a.account_id)));
    let maturity_on = date_of(a.maturity_date.as_deref());
    let status = match a.status.as_deref().map(str::to_ascii_uppercase).as_deref() {
        Some("CLOSED") if kind == AccountKind::Cd && maturity_on.is_some_and(|m| m <= today) => {
            AccountStatus::Matured
        }
        Some("CLOSED") => AccountStatus::Closed,
        _ => AccountStatus::Open,
    };
    let term_months = match &a.term {
        Some(Value::Number(n)) => n.as_u64().and_then(|t| u32::try_from(t).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let record = AccountRecord {
        source_id: a.account_id.clone(),
        kind,
        product: a.product_name.clone(),
        name,
        mask,
        currency,
        credit_limit: opt_money("creditLine", a.credit_line, currency)?,
        cash_advance_limit: opt_money("cashAdvanceLimit", a.cash_advance_limit, currency)?,
        apy: a
            .annual_percentage_yield
            .or(a.interest_rate)
            .filter(|_| kind != AccountKind::CreditCard),
        opened_on: date_of(a.account_open_date.as_deref()),
        term_months,
        maturity_on,
        status,
        reward_program_source_id: None,
    };
    let (current, available) = match kind {
        AccountKind::CreditCard => (a.current_balance, a.available_credit),
        _ => (
            a.current_balance.or(a.available_balance),
            a.available_balance,
        ),
    };
    let balance = match current {
        Some(current) => Some(BalanceRecord {
            account_source_id: a.account_id.clone(),
            as_of: date_of(a.balance_as_of.as_deref()).unwrap_or(today),
            current: money("currentBalance", current, currency)?,
            available: opt_money("availableBalance", available, currency)?,
            limit: opt_money("creditLine", a.credit_line, currency)?,
        }),
        None => None,
    };
    Ok((record, balance))
}

/// One transaction; `None` for memo entries (`debitCreditMemo` or `status` `MEMO`).
pub fn transaction(
    account_id: &str,
    currency: Currency,
    t: &Transaction,
) -> Result<Option<TransactionRecord>, MapError> {
    let upper = |s: &Option<String>| s.as_deref().map(str::to_ascii_uppercase);
    let dcm = upper(&t.debit_credit_memo);
    let status = upper(&t.status);
    if dcm.as_deref() == Some("MEMO") || status.as_deref() == Some("MEMO") {
        return Ok(None);
    }
    if t.transaction_id.is_empty() {
        return Err(MapError {
            field: "transactionId",
            detail: "missing".into(),
        });
    }
    let raw = t.amount.ok_or(MapError {
        field: "amount",
        detail: "missing".into(),
    })?;
    let signed = |v: Decimal| match dcm.as_deref() {
        Some("DEBIT") => -v.abs(),
        Some("CREDIT") => v.abs(),
        _ => v,
    };
    let amount = money("amount", signed(raw), currency)?;
    let status = match status.as_deref() {
        Some("AUTHORIZATION" | "PENDING") => TransactionStatus::Pending,
        _ => TransactionStatus::Posted,
    };
    let original_amount = match (t.foreign_amount, t.foreign_currency.as_deref()) {
        (Some(fa), Some(fc)) => match Currency::parse(fc) {
            Ok(c) if c != currency => Some(money("foreignAmount", signed(fa), c)?),
            _ => None,
        },
        _ => None,
    };
    let fx_rate = original_amount.and_then(|o| {
        let unit = o.amount().abs();
        (!unit.is_zero()).then(|| (amount.amount().abs() / unit).round_dp(6).normalize())
    });
    let mcc = match &t.merchant_category_code {
        Some(Value::String(s)) => Mcc::parse(s),
        Some(Value::Number(n)) => n.as_u64().and_then(|n| Mcc::parse(&format!("{n:04}"))),
        _ => None,
    }
    .or_else(|| t.category.as_deref().and_then(Mcc::parse));
    let transacted_on = date_of(t.transaction_timestamp.as_deref());
    let posted_on = match status {
        TransactionStatus::Posted => date_of(t.posted_timestamp.as_deref()).or(transacted_on),
        _ => None,
    };
    let merchant = t
        .merchant
        .as_ref()
        .and_then(|m| m.name.clone())
        .or_else(|| t.payee.clone());
    let description = t
        .description
        .clone()
        .or_else(|| merchant.clone())
        .unwrap_or_default();
    Ok(Some(TransactionRecord {
        account_source_id: account_id.to_string(),
        source_id: t.transaction_id.clone(),
        status,
        transacted_on: transacted_on.or(posted_on),
        posted_on,
        amount,
        original_amount,
        fx_rate,
        description,
        merchant,
        mcc,
        memo: t.memo.clone(),
        statement_source_id: None,
        authorization_source_id: t
            .reference_transaction_id
            .clone()
            .filter(|r| !r.is_empty() && status == TransactionStatus::Posted),
    }))
}

//! Mapping the issuer's wire shapes to the domain's normalized records, field by field.
//! Failures name the field (`transactions[3].currency`) through [`DecodeError`].

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rust_decimal::Decimal;

use super::wire;
use crate::connectors::http::DecodeError;
use crate::domain::*;
use crate::money::{Currency, Money};

fn bad(path: String, detail: impl Into<String>) -> DecodeError {
    DecodeError {
        path,
        detail: detail.into(),
    }
}

pub fn currency(code: &str, path: impl Fn() -> String) -> Result<Currency, DecodeError> {
    Currency::parse(code).map_err(|_| bad(path(), "expected a three-letter currency code"))
}

pub fn money(
    amount: Decimal,
    currency: Currency,
    path: impl Fn() -> String,
) -> Result<Money, DecodeError> {
    Money::new(amount, currency).map_err(|e| bad(path(), e.to_string()))
}

pub fn account(a: &wire::Account, at: &str) -> Result<AccountRecord, DecodeError> {
    let cur = currency(&a.currency, || format!("{at}.currency"))?;
    let opt_money = |v: Option<Decimal>, field: &str| {
        v.map(|d| money(d, cur, || format!("{at}.{field}")))
            .transpose()
    };
    Ok(AccountRecord {
        source_id: a.id.clone(),
        kind: match a.kind.as_str() {
            "credit_card" => AccountKind::CreditCard,
            "savings" => AccountKind::Savings,
            "cd" => AccountKind::Cd,
            "checking" => AccountKind::Checking,
            _ => return Err(bad(format!("{at}.type"), "unknown account type")),
        },
        product: a.product.clone().or_else(|| a.co_brand.clone()),
        name: a.name.clone(),
        mask: a.mask.clone(),
        currency: cur,
        credit_limit: opt_money(a.credit_limit, "credit_limit")?,
        cash_advance_limit: opt_money(a.cash_advance_limit, "cash_advance_limit")?,
        apy: a.apy,
        opened_on: a.open_date,
        term_months: a.term_months,
        maturity_on: a.maturity_date,
        status: account_status(&a.status)
            .ok_or_else(|| bad(format!("{at}.status"), "unknown status"))?,
        reward_program_source_id: a.reward_program_id.clone(),
    })
}

pub fn account_status(s: &str) -> Option<AccountStatus> {
    match s {
        "open" | "active" => Some(AccountStatus::Open),
        "closed" => Some(AccountStatus::Closed),
        "matured" => Some(AccountStatus::Matured),
        _ => None,
    }
}

pub fn balance(
    account: &str,
    b: &wire::Balance,
    cur: Currency,
    at: &str,
) -> Result<BalanceRecord, DecodeError> {
    Ok(BalanceRecord {
        account_source_id: account.to_string(),
        as_of: b.as_of,
        current: money(b.current, cur, || format!("{at}.current"))?,
        available: b
            .available
            .map(|d| money(d, cur, || format!("{at}.available")))
            .transpose()?,
        limit: b
            .credit_limit
            .map(|d| money(d, cur, || format!("{at}.credit_limit")))
            .transpose()?,
    })
}

pub fn transaction(
    account: &str,
    t: &wire::Transaction,
    at: &str,
) -> Result<TransactionRecord, DecodeError> {
    let cur = currency(&t.currency, || format!("{at}.currency"))?;
    let status = TransactionStatus::parse(&t.state)
        .ok_or_else(|| bad(format!("{at}.state"), "unknown transaction state"))?;
    let (original_amount, fx_rate) = match &t.fx {
        Some(fx) => {
            let ocur = currency(&fx.original_currency, || {
                format!("{at}.fx.original_currency")
            })?;
            let amount = money(fx.original_amount, ocur, || {
                format!("{at}.fx.original_amount")
            })?;
            (Some(amount), Some(fx.rate))
        }
        None => (None, None),
    };
    Ok(TransactionRecord {
        account_source_id: account.to_string(),
        source_id: t.id.clone(),
        status,
        transacted_on: t.transacted,
        posted_on: t.posted,
        amount: money(t.amount, cur, || format!("{at}.amount"))?,
        original_amount,
        fx_rate,
        description: t.description.clone(),
        merchant: t.merchant.clone().filter(|m| !m.trim().is_empty()),
        mcc: t.mcc.as_deref().and_then(Mcc::parse),
        memo: None,
        statement_source_id: t.statement_id.clone(),
        authorization_source_id: t.authorization_id.clone(),
    })
}

pub fn statement(
    account: &str,
    s: &wire::Statement,
    cur: Currency,
    pdf: Option<Vec<u8>>,
    at: &str,
) -> Result<StatementRecord, DecodeError> {
    let m = |d: Decimal, field: &str| money(d, cur, || format!("{at}.{field}"));
    Ok(StatementRecord {
        account_source_id: account.to_string(),
        source_id: s.id.clone(),
        period_start: s.period_start,
        period_end: s.period_end,
        closing_balance: m(s.closing_balance, "closing_balance")?,
        minimum_due: s.minimum_due.map(|d| m(d, "minimum_due")).transpose()?,
        due_on: s.due_date,
        fees: m(s.fees, "fees")?,
        interest: m(s.interest, "interest")?,
        pdf,
    })
}

/// "FICO 8 Bankcard" stays as is; a model whose name lacks its version gets it appended.
pub fn credit_score(s: &wire::CreditScore, institution: &str) -> CreditScoreRecord {
    let model = match s.model_version.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() && !s.model.split_whitespace().any(|w| w == v) => {
            format!("{} {v}", s.model)
        }
        _ => s.model.clone(),
    };
    CreditScoreRecord {
        as_of: s.date,
        score: s.score,
        model,
        bureau: s.bureau.clone(),
        source: s.source.clone().unwrap_or_else(|| institution.to_string()),
    }
}

pub fn reward_unit(unit: &str) -> Option<RewardUnit> {
    match unit {
        "miles" => Some(RewardUnit::Miles),
        "points" => Some(RewardUnit::Points),
        "cents" | "cash" => Some(RewardUnit::Cash),
        _ => None,
    }
}

pub fn reward_program(
    p: &wire::RewardProgram,
    as_of: NaiveDate,
    at: &str,
) -> Result<RewardProgramRecord, DecodeError> {
    Ok(RewardProgramRecord {
        source_id: p.id.clone(),
        name: p.name.clone(),
        unit: reward_unit(&p.unit)
            .ok_or_else(|| bad(format!("{at}.unit"), "unknown reward unit"))?,
        expiry_rule: p.expiry_rule.as_ref().map(|r| r.text.clone()),
        balance: p.balance.map(|b| (as_of, b)),
    })
}

pub fn reward_event(
    program: &str,
    account: Option<&str>,
    e: &wire::RewardEvent,
    at: &str,
) -> Result<RewardEventRecord, DecodeError> {
    Ok(RewardEventRecord {
        program_source_id: program.to_string(),
        source_id: e.id.clone(),
        account_source_id: account.map(str::to_string),
        occurred_on: e.date,
        kind: RewardEventKind::parse(&e.kind)
            .ok_or_else(|| bad(format!("{at}.type"), "unknown reward event type"))?,
        points: e.points,
        transaction_source_id: e.transaction_id.clone(),
        earn_rate: e.earn_rate,
        bonus_category: e.category.clone(),
        description: e.description.clone(),
    })
}

/// Transfers carry a positive amount and a direction (the wire's amount may be signed).
pub fn transfer(
    t: &wire::Transfer,
    cur: Currency,
    at: &str,
) -> Result<TransferRecord, DecodeError> {
    Ok(TransferRecord {
        account_source_id: t.account_id.clone(),
        source_id: t.id.clone(),
        counterparty: t.counterparty.clone(),
        direction: match t.direction.as_str() {
            "in" | "inbound" => TransferDirection::Inbound,
            "out" | "outbound" => TransferDirection::Outbound,
            _ => return Err(bad(format!("{at}.direction"), "unknown direction")),
        },
        amount: money(t.amount.abs(), cur, || format!("{at}.amount"))?,
        status: TransferStatus::parse(&t.status)
            .ok_or_else(|| bad(format!("{at}.status"), "unknown transfer status"))?,
        scheduled_on: t.scheduled_date,
        completed_on: t.completed_date,
    })
}

/// `card.locked` → `Locked`…; `None` for event kinds that are not card controls.
pub fn card_event_kind(event: &str) -> Option<CardEventKind> {
    CardEventKind::parse(event.strip_prefix("card.")?)
}

/// The identity of a card event: the same for the `card_events` listing, the polled feed and
/// webhooks (whose ids differ for one happening), so a card event is stored once.
pub fn card_event_source_id(kind: CardEventKind, occurred_at: &DateTime<Utc>) -> String {
    format!(
        "{}@{}",
        kind.as_str(),
        occurred_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    )
}

pub fn card_event(
    account: &str,
    kind: CardEventKind,
    occurred_at: DateTime<Utc>,
    reason: Option<String>,
) -> CardEventRecord {
    CardEventRecord {
        account_source_id: account.to_string(),
        source_id: card_event_source_id(kind, &occurred_at),
        kind,
        occurred_at,
        reason,
    }
}

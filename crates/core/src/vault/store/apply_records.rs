//! Upserts for the record kinds besides accounts, balances and transactions.

use rusqlite::{named_params, Transaction};
use sha2::{Digest, Sha256};

use super::apply::{date, minor, opt_minor, upsert, Outcome};
use crate::domain::*;
use crate::vault::VaultError;

pub(super) fn upsert_statement(
    tx: &Transaction<'_>,
    account: i64,
    s: &StatementRecord,
) -> Result<Outcome, VaultError> {
    let pdf_hash = s.pdf.as_ref().map(|pdf| hex::encode(Sha256::digest(pdf)));
    let (closing, min_due, fees, interest) = (
        minor(&s.closing_balance)?,
        opt_minor(&s.minimum_due)?,
        minor(&s.fees)?,
        minor(&s.interest)?,
    );
    upsert(
        tx,
        "INSERT INTO statements (account_id, source_id, period_start, period_end, closing_balance_minor,
            minimum_due_minor, due_on, fees_minor, interest_minor, currency, pdf, pdf_sha256)
         VALUES (:account, :source, :start, :end, :closing, :min_due, :due, :fees, :interest, :currency, :pdf, :hash)
         ON CONFLICT (account_id, source_id) DO NOTHING",
        "UPDATE statements SET period_start = :start, period_end = :end, closing_balance_minor = :closing,
            minimum_due_minor = :min_due, due_on = :due, fees_minor = :fees, interest_minor = :interest,
            currency = :currency, pdf = coalesce(:pdf, pdf), pdf_sha256 = coalesce(:hash, pdf_sha256)
         WHERE account_id = :account AND source_id = :source AND (period_start IS NOT :start
            OR period_end IS NOT :end OR closing_balance_minor IS NOT :closing OR minimum_due_minor IS NOT :min_due
            OR due_on IS NOT :due OR fees_minor IS NOT :fees OR interest_minor IS NOT :interest
            OR currency IS NOT :currency OR (:hash IS NOT NULL AND pdf_sha256 IS NOT :hash))",
        named_params! {
            ":account": account, ":source": s.source_id, ":start": s.period_start.to_string(),
            ":end": s.period_end.to_string(), ":closing": closing, ":min_due": min_due, ":due": date(&s.due_on),
            ":fees": fees, ":interest": interest, ":currency": s.closing_balance.currency().code(),
            ":pdf": s.pdf, ":hash": pdf_hash,
        },
    )
    .map_err(VaultError::sqlite("storing a statement"))
}

pub(super) fn upsert_score(
    tx: &Transaction<'_>,
    connection: i64,
    c: &CreditScoreRecord,
) -> Result<Outcome, VaultError> {
    let bureau = c.bureau.clone().unwrap_or_default();
    upsert(
        tx,
        "INSERT INTO credit_scores (connection_id, as_of, score, model, bureau, source)
         VALUES (:conn, :as_of, :score, :model, :bureau, :source)
         ON CONFLICT (connection_id, model, bureau, as_of) DO NOTHING",
        "UPDATE credit_scores SET score = :score, source = :source
         WHERE connection_id = :conn AND model = :model AND bureau = :bureau AND as_of = :as_of
            AND (score IS NOT :score OR source IS NOT :source)",
        named_params! {
            ":conn": connection, ":as_of": c.as_of.to_string(), ":score": c.score, ":model": c.model,
            ":bureau": bureau, ":source": c.source,
        },
    )
    .map_err(VaultError::sqlite("storing a credit score"))
}

pub(super) fn upsert_program(
    tx: &Transaction<'_>,
    connection: i64,
    p: &RewardProgramRecord,
) -> Result<Outcome, VaultError> {
    let outcome = upsert(
        tx,
        "INSERT INTO reward_programs (connection_id, source_id, name, unit, expiry_rule)
         VALUES (:conn, :source, :name, :unit, :rule)
         ON CONFLICT (connection_id, source_id) DO NOTHING",
        "UPDATE reward_programs SET name = :name, unit = :unit, expiry_rule = :rule
         WHERE connection_id = :conn AND source_id = :source
            AND (name IS NOT :name OR unit IS NOT :unit OR expiry_rule IS NOT :rule)",
        named_params! {
            ":conn": connection, ":source": p.source_id, ":name": p.name, ":unit": p.unit.as_str(),
            ":rule": p.expiry_rule,
        },
    )
    .map_err(VaultError::sqlite("storing a reward program"))?;
    if let Some((as_of, balance)) = p.balance {
        tx.prepare_cached(
            "INSERT INTO reward_balances (program_id, as_of, balance)
             SELECT id, ?3, ?4 FROM reward_programs WHERE connection_id = ?1 AND source_id = ?2
             ON CONFLICT (program_id, as_of) DO UPDATE SET balance = excluded.balance",
        )
        .and_then(|mut stmt| {
            stmt.execute(rusqlite::params![
                connection,
                p.source_id,
                as_of.to_string(),
                balance
            ])
        })
        .map_err(VaultError::sqlite("storing a reward balance"))?;
    }
    Ok(outcome)
}

pub(super) fn upsert_reward_event(
    tx: &Transaction<'_>,
    program: i64,
    account: Option<i64>,
    e: &RewardEventRecord,
) -> Result<Outcome, VaultError> {
    let rate = e.earn_rate.map(|r| r.normalize().to_string());
    let expected = super::reward_checks::verdict(tx, account, e)?;
    upsert(
        tx,
        "INSERT INTO reward_events (program_id, account_id, source_id, occurred_on, kind, points,
            transaction_source_id, earn_rate, bonus_category, description, expected_points)
         VALUES (:program, :account, :source, :on, :kind, :points, :tx, :rate, :bonus, :desc, :expected)
         ON CONFLICT (program_id, source_id) DO NOTHING",
        "UPDATE reward_events SET account_id = :account, occurred_on = :on, kind = :kind, points = :points,
            transaction_source_id = :tx, earn_rate = :rate, bonus_category = :bonus, description = :desc,
            expected_points = :expected
         WHERE program_id = :program AND source_id = :source AND (account_id IS NOT :account
            OR occurred_on IS NOT :on OR kind IS NOT :kind OR points IS NOT :points
            OR transaction_source_id IS NOT :tx OR earn_rate IS NOT :rate OR bonus_category IS NOT :bonus
            OR description IS NOT :desc OR expected_points IS NOT :expected)",
        named_params! {
            ":program": program, ":account": account, ":source": e.source_id, ":on": e.occurred_on.to_string(),
            ":kind": e.kind.as_str(), ":points": e.points, ":tx": e.transaction_source_id, ":rate": rate,
            ":bonus": e.bonus_category, ":desc": e.description, ":expected": expected,
        },
    )
    .map_err(VaultError::sqlite("storing a reward event"))
}

pub(super) fn upsert_transfer(
    tx: &Transaction<'_>,
    account: i64,
    t: &TransferRecord,
) -> Result<Outcome, VaultError> {
    let amount = minor(&t.amount)?.abs();
    upsert(
        tx,
        "INSERT INTO transfers (account_id, source_id, counterparty, direction, amount_minor, currency, status,
            scheduled_on, completed_on)
         VALUES (:account, :source, :cp, :dir, :amount, :currency, :status, :scheduled, :completed)
         ON CONFLICT (account_id, source_id) DO NOTHING",
        "UPDATE transfers SET counterparty = :cp, direction = :dir, amount_minor = :amount, currency = :currency,
            status = :status, scheduled_on = :scheduled, completed_on = :completed
         WHERE account_id = :account AND source_id = :source AND (counterparty IS NOT :cp
            OR direction IS NOT :dir OR amount_minor IS NOT :amount OR currency IS NOT :currency
            OR status IS NOT :status OR scheduled_on IS NOT :scheduled OR completed_on IS NOT :completed)",
        named_params! {
            ":account": account, ":source": t.source_id, ":cp": t.counterparty, ":dir": t.direction.as_str(),
            ":amount": amount, ":currency": t.amount.currency().code(), ":status": t.status.as_str(),
            ":scheduled": date(&t.scheduled_on), ":completed": date(&t.completed_on),
        },
    )
    .map_err(VaultError::sqlite("storing a transfer"))
}

pub(super) fn upsert_card_event(
    tx: &Transaction<'_>,
    account: i64,
    e: &CardEventRecord,
) -> Result<Outcome, VaultError> {
    let at = e
        .occurred_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    upsert(
        tx,
        "INSERT INTO card_events (account_id, source_id, kind, occurred_at, reason)
         VALUES (:account, :source, :kind, :at, :reason)
         ON CONFLICT (account_id, source_id) DO NOTHING",
        "UPDATE card_events SET kind = :kind, occurred_at = :at, reason = :reason
         WHERE account_id = :account AND source_id = :source
            AND (kind IS NOT :kind OR occurred_at IS NOT :at OR reason IS NOT :reason)",
        named_params! {
            ":account": account, ":source": e.source_id, ":kind": e.kind.as_str(), ":at": at, ":reason": e.reason,
        },
    )
    .map_err(VaultError::sqlite("storing a card event"))
}

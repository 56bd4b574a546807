//! The analytics tests' fixed data set, built with `Vault::apply_batch` from hand-made records.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use coffer_core::domain::*;
use coffer_core::money::{Currency, Money};
use coffer_core::sync::Batch;
use coffer_core::vault::store::NewConnection;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use rust_decimal::Decimal;

pub fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn new_vault() -> (tempfile::TempDir, Vault, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(
        &dir.path().join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    let c = v
        .create_connection(NewConnection {
            kind: ConnectionKind::Csv,
            institution: "Test Bank",
            display_name: "Test",
            base_url: None,
            scopes: &[],
            secrets: vec![],
        })
        .unwrap();
    (dir, v, c)
}

pub fn account(id: &str, kind: AccountKind, name: &str) -> AccountRecord {
    AccountRecord {
        source_id: id.into(),
        kind,
        product: None,
        name: name.into(),
        mask: None,
        currency: Currency::USD,
        credit_limit: (kind == AccountKind::CreditCard).then(|| usd("10000")),
        cash_advance_limit: None,
        apy: None,
        opened_on: None,
        term_months: None,
        maturity_on: None,
        status: AccountStatus::Open,
        reward_program_source_id: None,
    }
}

pub fn tx(
    id: &str,
    on: NaiveDate,
    amount: &str,
    mcc: Option<&str>,
    desc: &str,
) -> TransactionRecord {
    TransactionRecord {
        account_source_id: "cc_1".into(),
        source_id: id.into(),
        status: TransactionStatus::Posted,
        transacted_on: Some(on),
        posted_on: Some(on),
        amount: usd(amount),
        original_amount: None,
        fx_rate: None,
        description: desc.into(),
        merchant: None,
        mcc: mcc.and_then(Mcc::parse),
        memo: None,
        statement_source_id: None,
        authorization_source_id: None,
    }
}

fn balance(account: &str, on: NaiveDate, current: &str, limit: Option<&str>) -> BalanceRecord {
    BalanceRecord {
        account_source_id: account.into(),
        as_of: on,
        current: usd(current),
        available: None,
        limit: limit.map(usd),
    }
}

fn score(on: NaiveDate, score: u16, model: &str, bureau: &str) -> CreditScoreRecord {
    CreditScoreRecord {
        as_of: on,
        score,
        model: model.into(),
        bureau: Some(bureau.into()),
        source: "Test Bank".into(),
    }
}

fn reward(
    id: &str,
    on: NaiveDate,
    kind: RewardEventKind,
    points: i64,
    tx: Option<&str>,
    rate: Option<i64>,
    cat: Option<&str>,
) -> RewardEventRecord {
    RewardEventRecord {
        program_source_id: "aadv".into(),
        source_id: id.into(),
        account_source_id: Some("cc_1".into()),
        occurred_on: on,
        kind,
        points,
        transaction_source_id: tx.map(String::from),
        earn_rate: rate.map(Decimal::from),
        bonus_category: cat.map(String::from),
        description: None,
    }
}

/// The fixed data set the hand-computed expectations in `analytics_fixed.rs` are made from.
pub fn fixed_batch() -> Batch {
    let mut cd1 = account("cd_1", AccountKind::Cd, "CD 12 months");
    cd1.apy = Some("5.00".parse().unwrap());
    cd1.term_months = Some(12);
    cd1.opened_on = Some(day(2025, 6, 1));
    cd1.maturity_on = Some(day(2026, 6, 1));
    let mut cd2 = account("cd_2", AccountKind::Cd, "CD 24 months");
    cd2.apy = Some("4.00".parse().unwrap());
    cd2.term_months = Some(24);
    cd2.opened_on = Some(day(2025, 3, 1));
    cd2.maturity_on = Some(day(2027, 3, 1));
    let mut savings = account("sv_1", AccountKind::Savings, "Savings");
    savings.apy = Some("4.00".parse().unwrap());
    let mut fx = tx(
        "t6",
        day(2026, 2, 7),
        "-45.67",
        Some("5812"),
        "CAFE DE FLORE PARIS",
    );
    fx.original_amount = Some(Money::parse("-40.00", Currency::parse("EUR").unwrap()).unwrap());
    fx.fx_rate = Some("1.14175".parse().unwrap());
    let mut pending = tx(
        "t10",
        day(2026, 2, 10),
        "-12.00",
        Some("5812"),
        "SQ *BLUE BOTTLE",
    );
    pending.status = TransactionStatus::Pending;
    pending.posted_on = None;
    let other = |id: &str, on, amount: &str, desc: &str| {
        let mut t = tx(id, on, amount, None, desc);
        t.account_source_id = "sv_1".into();
        t
    };
    Batch {
        accounts: vec![account("cc_1", AccountKind::CreditCard, "Aviator Red"), savings, cd1, cd2],
        balances: vec![
            balance("cc_1", day(2026, 1, 31), "1000.00", Some("10000.00")),
            balance("cc_1", day(2026, 2, 28), "2500.00", Some("10000.00")),
            balance("sv_1", day(2026, 1, 31), "5000.00", None),
            balance("sv_1", day(2026, 2, 28), "5200.00", None),
            balance("cd_1", day(2026, 2, 28), "10000.00", None),
            balance("cd_2", day(2026, 2, 28), "30000.00", None),
        ],
        transactions: vec![
            tx("t1", day(2026, 1, 5), "-100.00", Some("5812"), "SQ *BLUE BOTTLE"),
            tx("t2", day(2026, 1, 10), "-50.00", Some("5411"), "WHOLEFDS MKT 10234"),
            tx("t3", day(2026, 1, 12), "20.00", Some("5411"), "WHOLEFDS MKT 10234"),
            tx("t4", day(2026, 1, 18), "500.00", None, "PAYMENT RECEIVED - THANK YOU"),
            tx("t5", day(2026, 2, 3), "-80.00", Some("5812"), "<script>alert(1)</script>"),
            fx,
            tx("t7", day(2026, 2, 9), "-15.99", Some("4899"), "NETFLIX.COM"),
            tx("t8", day(2026, 1, 9), "-15.99", Some("4899"), "NETFLIX.COM"),
            tx("t9", day(2025, 12, 9), "-15.99", Some("4899"), "NETFLIX.COM"),
            pending,
            other("s1", day(2026, 1, 2), "-1.00", "=cmd|' /C calc'!A0"),
            other("s2", day(2026, 1, 3), "-1.00", "@SUM(1+1)"),
            other("s3", day(2026, 1, 4), "-1.00", "+33 PHONE"),
            other("s4", day(2026, 1, 5), "-1.00", "\tTAB"),
            other("s5", day(2026, 1, 6), "-1.00", "-MINUS"),
        ],
        credit_scores: vec![
            score(day(2025, 11, 1), 700, "FICO 8", "TransUnion"),
            score(day(2025, 12, 1), 710, "FICO 8", "TransUnion"),
            score(day(2026, 1, 1), 705, "FICO 8", "TransUnion"),
            score(day(2026, 2, 1), 720, "FICO 8", "TransUnion"),
            score(day(2026, 2, 1), 730, "FICO 8 Bankcard", "Experian"),
        ],
        reward_programs: vec![RewardProgramRecord {
            source_id: "aadv".into(),
            name: "AAdvantage".into(),
            unit: RewardUnit::Miles,
            expiry_rule: Some("Points expire after 18 months without earning or redeeming, or 4 years after they were earned, whichever comes first.".into()),
            balance: None,
        }],
        reward_events: vec![
            reward("r0", day(2022, 3, 1), RewardEventKind::Bonus, 1000, None, None, None),
            reward("r1", day(2026, 1, 5), RewardEventKind::Accrual, 100, Some("t1"), Some(1), Some("dining")),
            reward("r2", day(2026, 1, 10), RewardEventKind::Accrual, 90, Some("t2"), Some(2), None),
            reward("r3", day(2026, 1, 20), RewardEventKind::Redemption, -500, None, None, None),
        ],
        transfers: vec![TransferRecord {
            account_source_id: "sv_1".into(),
            source_id: "x1".into(),
            counterparty: "=HYPERLINK(\"http://evil\")".into(),
            direction: TransferDirection::Inbound,
            amount: usd("200.00"),
            status: TransferStatus::Completed,
            scheduled_on: Some(day(2026, 1, 15)),
            completed_on: Some(day(2026, 1, 16)),
        }],
        card_events: vec![CardEventRecord {
            account_source_id: "cc_1".into(),
            source_id: "e1".into(),
            kind: CardEventKind::Locked,
            occurred_at: Utc.with_ymd_and_hms(2026, 2, 1, 12, 0, 0).unwrap(),
            reason: Some("lost".into()),
        }],
        statements: vec![StatementRecord {
            account_source_id: "cc_1".into(),
            source_id: "st1".into(),
            period_start: day(2026, 1, 1),
            period_end: day(2026, 1, 31),
            closing_balance: usd("1000.00"),
            minimum_due: Some(usd("35.00")),
            due_on: Some(day(2026, 2, 25)),
            fees: usd("0"),
            interest: usd("0"),
            pdf: None,
        }],
        ..Batch::default()
    }
}

pub fn fixed_vault() -> (tempfile::TempDir, Vault) {
    let (dir, mut v, c) = new_vault();
    v.apply_batch(c, &fixed_batch(), None).unwrap();
    (dir, v)
}

/// A vault with one empty card account; returns its local id.
pub fn empty_card_vault() -> (tempfile::TempDir, Vault, i64) {
    let (dir, mut v, c) = new_vault();
    let batch = Batch {
        accounts: vec![account("cc_1", AccountKind::CreditCard, "Aviator Red")],
        ..Batch::default()
    };
    let report = v.apply_batch(c, &batch, None).unwrap();
    (dir, v, report.accounts[0])
}

const MERCHANTS: &[(&str, &str)] = &[
    ("SQ *BLUE BOTTLE", "5812"),
    ("AMZN Mktp US*2K4AB12C3", "5942"),
    ("WHOLEFDS MKT 10234", "5411"),
    ("UBER   *TRIP", "4121"),
    ("SHELL OIL 5744", "5542"),
    ("NETFLIX.COM", "4899"),
    ("AMERICAN AIR0012345", "3001"),
    ("=HYPERLINK(\"x\")", "5999"),
];

/// `n` generated card transactions over about four years, in batches of 50,000.
pub fn bulk_batches(n: usize) -> Vec<Batch> {
    let start = day(2022, 1, 1);
    let mut batches = Vec::new();
    let mut i = 0;
    while i < n {
        let end = (i + 50_000).min(n);
        let transactions = (i..end)
            .map(|k| {
                let (desc, mcc) = MERCHANTS[k % MERCHANTS.len()];
                let on = start + chrono::Duration::days((k % 1461) as i64);
                let cents = -((k * 7919 % 20_000) as i64 + 100);
                let mut t = tx(&format!("b{k}"), on, "0", Some(mcc), desc);
                t.amount =
                    Money::from_minor(if k % 29 == 0 { -cents } else { cents }, Currency::USD);
                t.merchant = Some(desc.split(['*', ' ']).next().unwrap_or(desc).to_string());
                t
            })
            .collect();
        batches.push(Batch {
            accounts: vec![account("cc_1", AccountKind::CreditCard, "Aviator Red")],
            transactions,
            ..Batch::default()
        });
        i = end;
    }
    batches
}

pub fn bulk_vault(n: usize) -> (tempfile::TempDir, Vault) {
    let (dir, mut v, c) = new_vault();
    for b in bulk_batches(n) {
        v.apply_batch(c, &b, None).unwrap();
    }
    (dir, v)
}

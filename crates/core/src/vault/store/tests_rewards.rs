//! The reward sums and verdicts (schema v10) stay equal to the events they come from: after
//! inserts, changes, an account's deletion (a foreign-key action), a program's deletion, a
//! purchase arriving after its accrual and a purchase changing amount.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::reads::RowFilter;
use super::tests_bulk::{batch, row, setup};
use crate::domain::TransactionStatus::Posted;
use crate::domain::{
    expected_points, RewardEventKind, RewardEventRecord, RewardProgramRecord, RewardUnit,
};
use crate::sync::Batch;
use crate::vault::store::DEFAULT_MATCH_RULE;
use crate::vault::Vault;

fn program() -> RewardProgramRecord {
    RewardProgramRecord {
        source_id: "aa".into(),
        name: "AAdvantage".into(),
        unit: RewardUnit::Miles,
        expiry_rule: Some("Miles expire 24 months after earning.".into()),
        balance: None,
    }
}

fn event(id: &str, day: u32, kind: RewardEventKind, points: i64) -> RewardEventRecord {
    RewardEventRecord {
        program_source_id: "aa".into(),
        source_id: id.into(),
        account_source_id: Some("cc_9".into()),
        occurred_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day.into()),
        kind,
        points,
        transaction_source_id: None,
        earn_rate: None,
        bonus_category: None,
        description: Some(format!("event {id}")),
    }
}

fn accrual(id: &str, day: u32, points: i64, purchase: &str, rate: &str) -> RewardEventRecord {
    RewardEventRecord {
        transaction_source_id: Some(purchase.into()),
        earn_rate: Some(rate.parse().unwrap()),
        ..event(id, day, RewardEventKind::Accrual, points)
    }
}

fn store(
    v: &mut Vault,
    c: i64,
    transactions: Vec<crate::domain::TransactionRecord>,
    events: Vec<RewardEventRecord>,
) {
    let b = Batch {
        reward_programs: vec![program()],
        reward_events: events,
        ..batch(transactions)
    };
    v.apply_batch(c, &b, Some(&DEFAULT_MATCH_RULE)).unwrap();
}

/// Asserts the sums equal a grouping of the events, and every verdict equals the formula over
/// the purchase now in the vault (NULL where there is none); returns the verdicts by event.
/// Events whose account was deleted keep the verdict they had (their purchase went with it).
fn check(v: &Vault) -> Vec<(String, Option<i64>)> {
    let rows = |sql: &str| -> Vec<String> {
        let mut stmt = v.conn.prepare(sql).unwrap();
        let mut out: Vec<String> = stmt
            .query_map([], |r| {
                (0..9)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|x| format!("{x:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|cells| cells.join(" "))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.sort();
        out
    };
    let kept = rows("SELECT * FROM reward_summary");
    let grouped = rows(
        "SELECT program_id, occurred_on, coalesce(account_id, 0), kind, coalesce(bonus_category, ''),
            sum(max(points, 0)), sum(min(points, 0)), count(*),
            sum(kind = 'accrual' AND expected_points IS NOT NULL)
         FROM reward_events GROUP BY 1, 2, 3, 4, 5",
    );
    assert_eq!(kept, grouped, "reward_summary differs from the events");
    let mut stmt = v
        .conn
        .prepare(
            "SELECT e.source_id, e.kind, e.earn_rate, e.expected_points, t.amount_minor
             FROM reward_events e LEFT JOIN transactions t
                 ON t.account_id = e.account_id AND t.source_id = e.transaction_source_id
             WHERE e.account_id IS NOT NULL ORDER BY e.source_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .map(|(id, kind, rate, stored, amount)| {
        let want = match (kind.as_str(), rate, amount) {
            ("accrual", Some(rate), Some(amount)) => {
                Some(expected_points(amount, rate.parse::<Decimal>().unwrap()).unwrap())
            }
            _ => None,
        };
        assert_eq!(stored, want, "verdict of {id}");
        (id, stored)
    })
    .collect()
}

fn discrepancies(v: &Vault) -> Vec<(String, i64, i64)> {
    v.reward_discrepancy_facts(&RowFilter::default())
        .unwrap()
        .into_iter()
        .map(|d| (d.source_id, d.expected, d.reported))
        .collect()
}

#[test]
fn sums_and_verdicts_follow_every_kind_of_write() {
    let (_dir, mut v, c) = setup();
    let mut dining = accrual("e3", 2, 60, "t3", "3");
    dining.bonus_category = Some("dining".into());
    store(
        &mut v,
        c,
        vec![
            row("t2", Posted, -1999, 1, "Cafe"),
            row("t3", Posted, -2000, 2, "Diner"),
        ],
        vec![
            accrual("e1", 1, 40, "t1", "2"), // its purchase comes in a later batch
            accrual("e2", 1, 39, "t2", "2"), // right: 19.99 × 2 = 39
            dining,                          // right: 20.00 × 3 = 60
            accrual("e4", 2, 50, "t2", "2"), // wrong: reported 50, earns 39
            event("e5", 2, RewardEventKind::Redemption, -70),
            event("e6", 3, RewardEventKind::Bonus, 500),
            RewardEventRecord {
                account_source_id: None,
                ..event("e7", 3, RewardEventKind::Adjustment, -5)
            },
        ],
    );
    let verdicts = check(&v);
    assert_eq!(verdicts[0], ("e1".to_string(), None), "no purchase yet");
    assert_eq!(discrepancies(&v), [("e4".to_string(), 39, 50)]);

    // The purchase arrives: the waiting accrual is judged in that batch.
    store(
        &mut v,
        c,
        vec![row("t1", Posted, -2050, 1, "Books")],
        vec![],
    );
    assert_eq!(check(&v)[0], ("e1".to_string(), Some(41)));
    assert_eq!(discrepancies(&v).len(), 2, "e1 reported 40, earns 41");

    // A purchase changes amount: its accruals are judged again.
    store(&mut v, c, vec![row("t2", Posted, -2500, 1, "Cafe")], vec![]);
    check(&v);
    assert_eq!(
        discrepancies(&v),
        [("e1".to_string(), 41, 40), ("e2".to_string(), 50, 39)]
    );

    // Events change: points, kind, day and bonus category.
    let mut moved = accrual("e4", 9, 50, "t2", "2");
    moved.bonus_category = Some("travel".into());
    store(
        &mut v,
        c,
        vec![],
        vec![moved, event("e5", 2, RewardEventKind::Expiry, -30)],
    );
    check(&v);
    assert_eq!(
        discrepancies(&v).len(),
        2,
        "e4 now matches its purchase (50)"
    );

    // The card is deleted: its events keep their points with no account (ON DELETE SET NULL).
    v.conn.execute("DELETE FROM accounts", []).unwrap();
    check(&v);
    let summed: i64 = v
        .conn
        .query_row(
            "SELECT sum(gained + lost) FROM reward_summary WHERE account_key = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(summed, 40 + 39 + 60 + 50 - 30 + 500 - 5);

    // The program is deleted: its events go (ON DELETE CASCADE), and so do their sums.
    v.conn.execute("DELETE FROM reward_programs", []).unwrap();
    check(&v);
    let left: i64 = v
        .conn
        .query_row("SELECT count(*) FROM reward_summary", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_days_earnings_join_the_lots_before_that_days_burns_take_the_oldest() {
    let (_dir, mut v, c) = setup();
    store(
        &mut v,
        c,
        vec![],
        vec![
            event("old", 0, RewardEventKind::Bonus, 100),
            event("burn", 40, RewardEventKind::Redemption, -150),
            event("same-day", 40, RewardEventKind::Bonus, 80),
        ],
    );
    let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let report = crate::reports::rewards(&v, &RowFilter::default(), today).unwrap();
    let p = &report.programs[0];
    assert_eq!(p.balance, 30);
    // The day's 80 join the lots first; the 150 burn the 100 from day 0, then 50 of the 80.
    let lots: Vec<(NaiveDate, i64)> = p.expiring.iter().map(|e| (e.on, e.points)).collect();
    assert_eq!(lots, [(NaiveDate::from_ymd_opt(2028, 2, 10).unwrap(), 30)]);
}

#[test]
fn only_waiting_accruals_are_read_after_a_batch() {
    let (_dir, v, _) = setup();
    let mut stmt = v
        .conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            super::reward_checks::WAITING_ACCRUALS
        ))
        .unwrap();
    let plan: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let plan = plan.join("\n");
    assert!(
        plan.contains("USING INDEX reward_events_unjudged"),
        "the waiting accruals are found through their partial index: {plan}"
    );
    assert!(
        !plan.contains("SCAN t"),
        "purchases are probed, not scanned: {plan}"
    );
}

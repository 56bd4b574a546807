//! Generator tests: determinism, realism invariants and the speed of large data sets.

use std::collections::HashMap;
use std::time::Instant;

use coffer_sandbox::calendar;
use coffer_sandbox::generator::rows::{Resolution, Role, TxKind};
use coffer_sandbox::generator::{AccountKind, Bank};
use coffer_sandbox::{truth, DataSpec};

fn all_rows(bank: &Bank, account_index: usize) -> Vec<coffer_sandbox::generator::rows::TxRow> {
    let now = bank.spec.now(0);
    bank.rows_through(account_index, calendar::month_of_day(now))
        .iter()
        .flat_map(|rows| rows.iter().copied())
        .collect()
}

#[test]
fn same_seed_same_data_and_truth() {
    let spec = DataSpec::default();
    assert_eq!(truth(&spec), truth(&spec));
    let (a, b) = (Bank::new(spec.clone()), Bank::new(spec.clone()));
    for account in &a.accounts {
        assert_eq!(all_rows(&a, account.index), all_rows(&b, account.index));
    }
    let other = truth(&DataSpec { seed: 43, ..spec });
    assert_ne!(other.accounts, truth(&DataSpec::default()).accounts);
}

/// MCC ranges per category, written independently of the catalog (ISO 18245).
fn mcc_fits(category: &str, mcc: u16) -> bool {
    match category {
        "airline" => (3000..=3350).contains(&mcc) || mcc == 4511,
        "hotel" => (3501..=3999).contains(&mcc) || mcc == 7011,
        "car_rental" => (3351..=3500).contains(&mcc) || mcc == 7512,
        "cruise" => mcc == 4411,
        "grocery" => matches!(mcc, 5411 | 5499),
        "dining" => matches!(mcc, 5812 | 5813),
        "fast_food" => mcc == 5814,
        "fuel" => matches!(mcc, 5541 | 5542),
        "rideshare" => mcc == 4121,
        "streaming" => matches!(mcc, 4899 | 5815),
        "shopping" => matches!(mcc, 5311 | 5732 | 5942 | 5999),
        "pharmacy" => mcc == 5912,
        "transit" => matches!(mcc, 4111 | 4112),
        "utilities" => matches!(mcc, 4814 | 4900),
        _ => false,
    }
}

#[test]
fn realism_invariants() {
    let bank = Bank::new(DataSpec {
        months: 30,
        ..DataSpec::default()
    });
    let now = bank.spec.now(0);
    for account in &bank.accounts {
        let rows = all_rows(&bank, account.index);
        let by_key: HashMap<u64, _> = rows.iter().map(|r| (r.key, *r)).collect();
        assert_eq!(by_key.len(), rows.len(), "row keys are unique");
        for row in &rows {
            if let Some(merchant) = row.merchant() {
                assert!(
                    mcc_fits(merchant.category.name(), merchant.mcc),
                    "{} {}",
                    merchant.name,
                    merchant.mcc
                );
            }
            match row.role {
                Role::Posted {
                    authorization: Some(key),
                } => {
                    let authorization = by_key
                        .get(&key)
                        .expect("posted row links to an existing authorization");
                    assert!(
                        matches!(authorization.role, Role::Authorization { resolution: Resolution::Posts { posted_key, .. } } if posted_key == row.key)
                    );
                    let (auth, posted) = (authorization.amount.0.abs(), row.amount.0.abs());
                    assert!(
                        posted >= auth && posted * 100 <= auth * 125,
                        "amount within tolerance: {auth} → {posted}"
                    );
                    assert!(row.posted > authorization.transacted);
                }
                Role::Authorization {
                    resolution: Resolution::Posts { posted_key, .. },
                } => {
                    assert!(by_key.contains_key(&posted_key));
                }
                _ => {}
            }
            if let Some(fx) = row.fx {
                assert_ne!(fx.currency, "USD");
                assert!(fx.rate_micros > 0);
            }
        }
        match &account.kind {
            AccountKind::Card(_) => check_statements(&bank, account.index, &rows, now),
            AccountKind::Cd(terms) => {
                assert_eq!(
                    terms.maturity_day,
                    calendar::add_months(account.open_day, terms.term_months)
                );
                assert!([6, 12, 24, 60].contains(&terms.term_months));
                let balance: i64 = rows
                    .iter()
                    .filter(|r| r.posted <= terms.maturity_day)
                    .map(|r| r.amount.0)
                    .sum();
                if terms.maturity_day <= calendar::last_day(calendar::month_of_day(now)) {
                    assert_eq!(
                        balance, 0,
                        "a matured CD's rows net to zero (funded, interest, paid out)"
                    );
                } else {
                    assert!(
                        balance >= terms.principal.0,
                        "an open CD holds its principal plus interest"
                    );
                }
            }
            AccountKind::Savings(_) => {
                assert!(rows.iter().any(|r| r.kind == TxKind::InterestCredit));
            }
        }
    }
}

fn check_statements(
    bank: &Bank,
    account_index: usize,
    rows: &[coffer_sandbox::generator::rows::TxRow],
    now: i32,
) {
    let account = &bank.accounts[account_index];
    let mut running = 0i64;
    for month in bank.account_first_month(account)..calendar::month_of_day(now) {
        let cycle = bank.cycle(account_index, month).expect("cycle");
        let (start, end) = (calendar::first_day(month), calendar::last_day(month));
        let posted: i64 = rows
            .iter()
            .filter(|r| {
                matches!(r.role, Role::Posted { .. }) && r.posted >= start && r.posted <= end
            })
            .map(|r| r.amount.0)
            .sum();
        assert_eq!(cycle.opening.0, running, "opening = previous closing");
        running -= posted;
        assert_eq!(
            cycle.closing.0, running,
            "closing = opening − posted amounts of the cycle"
        );
        assert!(cycle.minimum_due.0 <= cycle.closing.0.max(0));
        assert_eq!(cycle.due_day, end + 25);
    }
}

#[test]
fn a_million_transactions_generate_quickly() {
    let spec = DataSpec {
        cards: 4,
        savings: 1,
        cds: 3,
        months: 24,
        tx_per_month: 8_700,
        ..DataSpec::default()
    };
    let started = Instant::now();
    let truth = truth(&spec);
    let elapsed = started.elapsed();
    println!(
        "generated {} transaction rows (truth included) in {elapsed:?}",
        truth.counts.transactions
    );
    assert!(
        truth.counts.transactions >= 1_000_000,
        "{}",
        truth.counts.transactions
    );
    assert!(elapsed.as_secs() < 120, "generation took {elapsed:?}");
}

//! Analyses on data the sandbox generator made, synced over real HTTP: spend per category equals
//! the vault's own rows summed, net worth's card balances equal the latest snapshots, each
//! program's balance equals the generator's truth, the blended APY is the principal-weighted
//! mean, and a transactions export holds every row the generator produced.

use std::collections::BTreeMap;

use coffer_core::connectors::issuer;
use coffer_core::domain::ConnectionKind;
use coffer_core::export::{export_csv, ExportKind, ExportOptions};
use coffer_core::money::{Currency, Money};
use coffer_core::reports;
use coffer_core::sync::sync_connections;
use coffer_core::vault::store::reads::RowFilter;
use coffer_core::vault::store::{NewConnection, TransactionFilter};
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use coffer_sandbox::{DataSpec, SandboxConfig};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyses_agree_with_the_generator_and_the_vault() {
    let spec = DataSpec {
        cards: 3,
        savings: 1,
        cds: 3,
        months: 8,
        tx_per_month: 30,
        ..DataSpec::default()
    };
    let handle = coffer_sandbox::start(SandboxConfig {
        data: spec.clone(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let truth = coffer_sandbox::truth(&spec);
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        &dir.path().join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    let url = handle.api_url();
    let login = issuer::login(&url, "demo", "demo", None, None, |_| Ok("123456".into()))
        .await
        .unwrap();
    let mut secrets = login.secrets;
    secrets.push((
        issuer::SECRET_ACCESS_TOKEN.into(),
        Zeroizing::new(login.access_token.as_bytes().to_vec()),
    ));
    vault
        .create_connection(NewConnection {
            kind: ConnectionKind::Issuer,
            institution: "Sandbox Bank",
            display_name: "Sandbox Bank",
            base_url: Some(&url),
            scopes: &login.scopes,
            secrets,
        })
        .unwrap();
    sync_connections(&mut vault, None, &mut |_| {})
        .await
        .unwrap();

    // Spend per category = the vault's counted card rows of that category, summed.
    let accounts = vault.accounts().unwrap();
    let cards: Vec<i64> = accounts
        .iter()
        .filter(|a| a.kind == "credit_card")
        .map(|a| a.id)
        .collect();
    let kinds: BTreeMap<String, String> = vault.category_kinds().unwrap().into_iter().collect();
    let mut sums: BTreeMap<String, Money> = BTreeMap::new();
    for t in vault.transactions(&TransactionFilter::default()).unwrap() {
        let counted = t.status == "posted" || t.status == "pending";
        let Some(c) = t.category.filter(|c| {
            counted && cards.contains(&t.account_id) && matches!(kinds[c].as_str(), "spend" | "fee")
        }) else {
            continue;
        };
        let amount = Money::parse(&t.amount, Currency::USD).unwrap();
        let entry = sums.entry(c).or_insert(Money::from_minor(0, Currency::USD));
        *entry = entry.checked_add(&amount).unwrap();
    }
    assert!(!sums.is_empty());
    let spend = reports::spend(&vault, &RowFilter::default()).unwrap();
    for (category, sum) in &sums {
        let line = spend
            .by_category
            .iter()
            .find(|l| &l.name == category)
            .unwrap();
        assert_eq!(line.spent.amount(), -sum.amount(), "{category}");
    }
    assert!(
        !spend.foreign.is_empty(),
        "the generator makes foreign purchases"
    );
    assert!(
        spend.excluded.iter().any(|e| e.kind == "payment"),
        "card payments are excluded"
    );

    // Net worth's last month: card balances equal the latest snapshots.
    let nw = reports::networth(&vault, &RowFilter::default()).unwrap();
    let owed: Decimal = accounts
        .iter()
        .filter(|a| a.kind == "credit_card")
        .filter_map(|a| a.balance.as_deref())
        .map(|b| b.parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(nw.months.last().unwrap().liabilities.amount(), owed);

    // Each program's balance equals the generator's truth.
    let rewards = reports::rewards(
        &vault,
        &RowFilter::default(),
        chrono::Local::now().date_naive(),
    )
    .unwrap();
    let mut got: Vec<i64> = rewards.programs.iter().map(|p| p.balance).collect();
    let mut want: Vec<i64> = truth
        .accounts
        .values()
        .filter_map(|a| a.reward_balance)
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);

    // Blended APY = the principal-weighted mean of the open CDs.
    let today = chrono::Local::now().date_naive();
    let ladder = reports::cds(&vault, today).unwrap();
    let (mut weighted, mut total) = (Decimal::ZERO, Decimal::ZERO);
    for c in &ladder.cds {
        weighted += c.principal.amount() * c.apy.parse::<Decimal>().unwrap();
        total += c.principal.amount();
    }
    if total > Decimal::ZERO {
        let want = (weighted / total).round_dp(3).normalize().to_string();
        assert_eq!(ladder.blended_apy.as_deref(), Some(want.as_str()));
    }

    // A transactions export holds every row the generator produced, and one line each.
    let mut out = Vec::new();
    let options = ExportOptions {
        kind: ExportKind::Transactions,
        filter: RowFilter::default(),
        columns: None,
    };
    let report = export_csv(&vault, &options, &mut out).unwrap();
    assert_eq!(report.rows, truth.counts.transactions);
    let parsed = csv::Reader::from_reader(out.as_slice()).records().count() as u64;
    assert_eq!(parsed, truth.counts.transactions);
}

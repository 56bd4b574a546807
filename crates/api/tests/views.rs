//! The data views' commands over a vault synced from the sandbox bank through `sync_run`: progress
//! is reported, pages add up to the total, filters narrow, the dashboard's numbers follow from the
//! accounts with exact decimals, PDFs come back whole, unlink/purge removes the data, and
//! `dispatch` knows every command.

mod support;

use std::str::FromStr;

use base64::Engine as _;
use coffer_api::views::{StatementPdfRequest, SyncRequest, TransactionsPageRequest, UnlinkRequest};
use coffer_api::{ErrorKind, Session};
use coffer_core::connectors::issuer;
use coffer_core::domain::ConnectionKind;
use coffer_core::keychain::Keychain;
use coffer_core::sync::SyncProgress;
use coffer_core::vault::store::NewConnection;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use coffer_sandbox::DataSpec;
use rust_decimal::Decimal;
use zeroize::Zeroizing;

struct Fixture {
    session: Session,
    _sandbox: coffer_sandbox::SandboxHandle,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn synced() -> Fixture {
    let (runtime, sandbox) = support::start_sandbox(DataSpec {
        cards: 2,
        savings: 1,
        cds: 2,
        months: 4,
        tx_per_month: 20,
        ..DataSpec::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut vault = Vault::create(
        &path,
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    let api_url = sandbox.api_url();
    let login = runtime
        .block_on(issuer::login(&api_url, "demo", "demo", None, None, |_| {
            Ok("123456".into())
        }))
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
            base_url: Some(&api_url),
            scopes: &login.scopes,
            secrets,
        })
        .unwrap();
    let session = Session::new(path, Keychain::from_env()).with_open_vault(vault);
    Fixture {
        session,
        _sandbox: sandbox,
        _runtime: runtime,
        _dir: dir,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn page(s: &Session, request: TransactionsPageRequest) -> coffer_api::views::TransactionsPage {
    s.transactions_page(request).unwrap()
}

fn all_of(request: TransactionsPageRequest) -> TransactionsPageRequest {
    TransactionsPageRequest {
        limit: Some(5_000),
        ..request
    }
}

#[test]
fn data_views_over_a_synced_vault() {
    let f = synced();
    let s = &f.session;

    let mut events = Vec::new();
    let summary = s
        .sync_run(SyncRequest::default(), &mut |p: &SyncProgress| {
            events.push(p.clone())
        })
        .unwrap();
    assert_eq!(summary.outcomes.len(), 1);
    assert_eq!(
        summary.outcomes[0].status, "ok",
        "{:?}",
        summary.outcomes[0]
    );
    assert!(matches!(events.first(), Some(SyncProgress::Started { .. })));
    assert!(matches!(events.last(), Some(SyncProgress::Finished { .. })));
    assert!(events.len() > 3);

    // Pages add up to the total, newest first, without overlap.
    let all = page(s, all_of(Default::default()));
    assert!(all.total > 50);
    assert_eq!(all.rows.len() as u64, all.total);
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let p = page(
            s,
            TransactionsPageRequest {
                offset: Some(offset),
                limit: Some(37),
                ..Default::default()
            },
        );
        assert_eq!(p.total, all.total);
        if p.rows.is_empty() {
            break;
        }
        offset += p.rows.len() as u32;
        paged.extend(p.rows.into_iter().map(|r| r.id));
    }
    assert_eq!(paged, all.rows.iter().map(|r| r.id).collect::<Vec<_>>());

    // Filters narrow, and the count follows them.
    let first = &all.rows[0];
    let by_account = page(
        s,
        TransactionsPageRequest {
            account_id: Some(first.account_id),
            ..Default::default()
        },
    );
    assert!(by_account.total < all.total);
    assert!(by_account
        .rows
        .iter()
        .all(|r| r.account_id == first.account_id));
    let pending = page(
        s,
        all_of(TransactionsPageRequest {
            status: Some("pending".into()),
            ..Default::default()
        }),
    );
    assert_eq!(
        pending.total,
        all.rows.iter().filter(|r| r.status == "pending").count() as u64
    );
    let word = first.description.split_whitespace().next().unwrap();
    let found = page(
        s,
        all_of(TransactionsPageRequest {
            search: Some(word.to_lowercase()),
            ..Default::default()
        }),
    );
    assert!(found.total >= 1 && found.total < all.total, "{word}");
    assert_eq!(found.rows.len() as u64, found.total);
    if let Some(category) = all.rows.iter().find_map(|r| r.category.clone()) {
        let in_category = page(
            s,
            all_of(TransactionsPageRequest {
                category: Some(category.clone()),
                ..Default::default()
            }),
        );
        let expected = all
            .rows
            .iter()
            .filter(|r| r.category.as_deref() == Some(&category))
            .count() as u64;
        assert_eq!(in_category.total, expected);
    }
    let bad = s
        .transactions_page(TransactionsPageRequest {
            from: Some("31/01/2026".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::InvalidInput);

    // The dashboard's numbers follow from the accounts, exactly.
    let accounts = s.accounts_list().unwrap();
    let d = s.dashboard_summary().unwrap();
    assert_eq!(d.accounts.len(), accounts.len());
    let cards: Vec<_> = accounts
        .iter()
        .filter(|a| a.kind == "credit_card")
        .collect();
    assert_eq!(d.cards.len(), cards.len());
    let total = &d.totals[0];
    let sum = |kind: &str| -> Decimal {
        accounts
            .iter()
            .filter(|a| a.kind == kind && a.status != "closed")
            .map(|a| dec(a.balance.as_deref().unwrap_or("0")))
            .sum()
    };
    assert_eq!(dec(&total.savings), sum("savings"));
    assert_eq!(dec(&total.cds), sum("cd"));
    assert_eq!(dec(&total.card_balances), sum("credit_card"));
    assert_eq!(
        dec(&total.net_worth),
        sum("savings") + sum("checking") + sum("cd") - sum("credit_card")
    );
    for c in &d.cards {
        let a = cards.iter().find(|a| a.id == c.account_id).unwrap();
        let limit = dec(a.credit_limit.as_deref().unwrap());
        let owed = dec(a.balance.as_deref().unwrap()).max(Decimal::ZERO);
        let expected = (owed * Decimal::from(100) / limit)
            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(dec(c.utilization_percent.as_deref().unwrap()), expected);
    }

    // Statements, and a PDF that comes back whole.
    let statements = s.statements_list().unwrap();
    assert!(!statements.is_empty());
    assert!(!d.statements_due.is_empty() && d.statements_due.len() <= cards.len());
    let with_pdf = statements.iter().find(|st| st.has_pdf).expect("a PDF");
    let pdf = s
        .statement_pdf(StatementPdfRequest {
            statement_id: with_pdf.id,
        })
        .unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf.content_base64)
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(pdf.file_name.ends_with(".pdf") && !pdf.file_name.contains('/'));

    // Every command is reachable by name, and none leaks a secret.
    for command in [
        "accounts_list",
        "transactions_page",
        "categories_list",
        "connections_list",
        "dashboard_summary",
        "statements_list",
        "transfers_list",
        "card_events_list",
        "credit_scores_list",
        "reward_programs_list",
        "audit_log_list",
    ] {
        let text = s
            .dispatch(command, serde_json::Value::Null)
            .unwrap()
            .to_string();
        assert!(
            !text.contains("refresh_token") && !text.contains("access_token"),
            "{command}"
        );
    }
    assert!(!s.audit_log_list(Default::default()).unwrap().is_empty());

    // Unlink with purge removes the connection's data.
    let connection = s.connections_list().unwrap()[0].clone();
    let unlink = UnlinkRequest {
        connection_id: connection.id,
        purge: true,
    };
    assert!(s.connection_unlink(unlink.clone()).unwrap().unlinked);
    assert!(s.accounts_list().unwrap().is_empty());
    let gone = s.connection_unlink(unlink).unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound);
    s.vault_lock();
    assert_eq!(s.accounts_list().unwrap_err().kind, ErrorKind::Locked);
}

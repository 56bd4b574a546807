//! Linking OFX Direct Connect through the API against the sandbox bank's OFX server on loopback:
//! the typed command and the dispatched one link, a sync downloads exactly the OFX truth's
//! posted rows, nothing secret reaches the connection list or the audit log, and bad input
//! names its field and changes nothing in the vault.

mod support;

use coffer_api::connect::LinkOfxDirectRequest;
use coffer_api::types::CreateVaultRequest;
use coffer_api::views::{AuditLogRequest, SyncRequest, TransactionsPageRequest};
use coffer_api::{ErrorKind, Session};
use coffer_core::keychain::Keychain;
use coffer_core::KeyMode;
use coffer_sandbox::DataSpec;

const PASSWORD: &str = "demo";

fn session(dir: &tempfile::TempDir) -> Session {
    let session = Session::new(dir.path().join("v.db"), Keychain::new("coffer-api-ofx"));
    session
        .vault_create(CreateVaultRequest {
            key_mode: KeyMode::Passphrase,
            passphrase: Some("ofx passphrase".into()),
        })
        .unwrap();
    session
}

fn request(url: &str, accounts: &[&str], xml: bool) -> LinkOfxDirectRequest {
    LinkOfxDirectRequest {
        institution: Some("Sandbox OFX".into()),
        url: url.into(),
        org: Some("CofferSandbox".into()),
        fid: Some("9999".into()),
        user_id: "demo".into(),
        password: PASSWORD.into(),
        accounts: accounts.iter().map(|a| a.to_string()).collect(),
        xml,
    }
}

fn transaction_count(s: &Session) -> usize {
    s.transactions_page(TransactionsPageRequest {
        limit: Some(5_000),
        ..Default::default()
    })
    .unwrap()
    .rows
    .len()
}

#[test]
fn links_through_the_api_syncs_and_keeps_the_password_secret() {
    let (_runtime, sandbox) = support::start_sandbox(DataSpec {
        cards: 1,
        savings: 1,
        cds: 1,
        months: 2,
        tx_per_month: 10,
        ..DataSpec::default()
    });
    let truth = sandbox.truth_ofx();
    let lines: Vec<String> = truth
        .accounts
        .iter()
        .map(|(id, a)| match a.kind.as_str() {
            "credit_card" => format!("CREDITCARD:{id}"),
            "cd" => format!("CD:999999999:{id}"),
            _ => format!("SAVINGS:999999999:{id}"),
        })
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let url = format!("{}/ofx", sandbox.base_url());

    for xml in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let s = session(&dir);
        let (connection_id, institution, scopes) = if xml {
            let linked = s.link_ofx_direct(request(&url, &lines, xml)).unwrap();
            (linked.connection_id, linked.institution, linked.scopes)
        } else {
            // `coffer serve`'s path: the command by name with a JSON request, a blank line kept.
            let mut accounts: Vec<&str> = lines.clone();
            accounts.insert(1, "  ");
            let json = serde_json::json!({
                "institution": "Sandbox OFX", "url": url, "org": "CofferSandbox", "fid": "9999",
                "user_id": "demo", "password": PASSWORD, "accounts": accounts, "xml": false,
            });
            let reply = s.dispatch("link_ofx_direct", json).unwrap();
            (
                reply["connection_id"].as_i64().unwrap(),
                reply["institution"].as_str().unwrap().to_string(),
                serde_json::from_value(reply["scopes"].clone()).unwrap(),
            )
        };
        assert_eq!(institution, "Sandbox OFX");
        assert_eq!(scopes, vec!["statements".to_string()]);

        let connections = s.connections_list().unwrap();
        assert_eq!(connections.len(), 1);
        assert_eq!(connections[0].id, connection_id);
        assert_eq!(connections[0].base_url.as_deref(), Some(url.as_str()));
        let audit = s.audit_log_list(AuditLogRequest { limit: None }).unwrap();
        let link_line = audit
            .iter()
            .find(|e| e.action == "connection.link")
            .expect("an audit line for the link");
        assert!(link_line.detail.contains("ofx"), "{}", link_line.detail);
        for shown in [
            serde_json::to_string(&connections).unwrap(),
            serde_json::to_string(&audit).unwrap(),
        ] {
            assert!(!shown.contains("ofx_password"), "{shown}");
            assert!(
                !shown.contains(&format!("\"{PASSWORD}\"")),
                "no password in {shown}"
            );
        }

        let summary = s
            .sync_run(
                SyncRequest {
                    connection_id: Some(connection_id),
                },
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(summary.outcomes.len(), 1);
        let outcome = &summary.outcomes[0];
        assert_eq!(outcome.status, "ok", "xml={xml}: {outcome:?}");
        assert_eq!(
            transaction_count(&s) as u64,
            truth.counts.posted,
            "xml={xml}: every posted row of the statements"
        );
        assert!(truth.counts.posted > 0);
        assert_eq!(
            s.accounts_list().unwrap().len() as u64,
            truth.counts.accounts
        );
    }
}

#[test]
fn bad_input_names_the_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(&dir);
    let audit_before = s.audit_log_list(AuditLogRequest { limit: None }).unwrap();
    let good = ["CREDITCARD:4111000011112222"];
    let cases: Vec<(LinkOfxDirectRequest, &str)> = vec![
        (
            request(
                "https://ofx.bank.example/ofx",
                &["CREDITCARD:4111", "CHECKING:12345"],
                false,
            ),
            "Accounts, line 2",
        ),
        (
            request("https://ofx.bank.example/ofx", &["", " "], false),
            "Accounts",
        ),
        (
            request("http://ofx.bank.example/ofx", &good, false),
            "Server address",
        ),
        (
            request("http://127.0.0.1.evil.example/ofx", &good, true),
            "Server address",
        ),
        (
            request("http://127.0.0.1@evil.example/ofx", &good, true),
            "Server address",
        ),
        (request("ofx.bank.example", &good, false), "Server address"),
        (
            LinkOfxDirectRequest {
                password: String::new(),
                ..request("https://ofx.bank.example/ofx", &good, false)
            },
            "Password",
        ),
        (
            LinkOfxDirectRequest {
                user_id: " ".into(),
                ..request("https://ofx.bank.example/ofx", &good, false)
            },
            "User id",
        ),
    ];
    for (bad, field) in cases {
        let err = s.link_ofx_direct(bad).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{}", err.message);
        assert!(err.message.starts_with(field), "{field}: {}", err.message);
        assert!(!err.message.contains(PASSWORD), "{}", err.message);
    }
    // A request missing a field is refused by name too, through the dispatcher.
    let err = s
        .dispatch(
            "link_ofx_direct",
            serde_json::json!({ "url": "https://ofx.bank.example/ofx" }),
        )
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);

    assert!(s.connections_list().unwrap().is_empty());
    let audit_after = s.audit_log_list(AuditLogRequest { limit: None }).unwrap();
    assert_eq!(
        audit_after.len(),
        audit_before.len(),
        "no audit line either"
    );
    assert_eq!(transaction_count(&s), 0);

    // Locked: refused as locked, before anything is looked at.
    s.vault_lock();
    let err = s
        .link_ofx_direct(request("https://ofx.bank.example/ofx", &good, false))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Locked);
}

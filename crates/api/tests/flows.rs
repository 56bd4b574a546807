//! The app's flows over a real sandbox bank on loopback and a real passphrase vault: linking
//! SimpleFIN (setup token), the issuer (password, then one-time code) and FDX (browser sign-in,
//! loopback redirect); importing OFX and a CSV that needs a column mapping (remembered per
//! account); category edits and "apply to N similar"; settings; rekey; backup and restore.

mod support;

use base64::Engine as _;
use coffer_api::admin::{BackupRequest, RekeyRequest, RestoreRequest};
use coffer_api::connect::{
    FdxFinishRequest, FdxStartRequest, IssuerCodeRequest, IssuerLoginRequest, LinkSimplefinRequest,
};
use coffer_api::idle::AppSettings;
use coffer_api::import::{ColumnMapping, ImportFileRequest, ImportOutcome};
use coffer_api::recategorize::{RuleRequest, SetCategoryRequest};
use coffer_api::types::{CreateVaultRequest, UnlockRequest};
use coffer_api::views::{SyncRequest, TransactionsPageRequest};
use coffer_api::{ErrorKind, Session};
use coffer_core::keychain::Keychain;
use coffer_core::KeyMode;
use coffer_sandbox::DataSpec;

const PASSPHRASE: &str = "flows passphrase";

struct Fixture {
    session: Session,
    sandbox: coffer_sandbox::SandboxHandle,
    runtime: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let (runtime, sandbox) = support::start_sandbox(DataSpec {
        cards: 1,
        savings: 1,
        cds: 1,
        months: 2,
        tx_per_month: 10,
        ..DataSpec::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().join("v.db"), Keychain::new("coffer-api-flows"));
    session
        .vault_create(CreateVaultRequest {
            key_mode: KeyMode::Passphrase,
            passphrase: Some(PASSPHRASE.into()),
        })
        .unwrap();
    Fixture {
        session,
        sandbox,
        runtime,
        dir,
    }
}

fn get_text(f: &Fixture, url: &str) -> String {
    f.runtime
        .block_on(async { reqwest::get(url).await.unwrap().text().await.unwrap() })
}

fn transactions(s: &Session) -> Vec<coffer_core::vault::store::TransactionView> {
    s.transactions_page(TransactionsPageRequest {
        limit: Some(5_000),
        ..Default::default()
    })
    .unwrap()
    .rows
}

#[test]
fn simplefin_issuer_and_fdx_link_and_sync() {
    let f = fixture();
    let s = &f.session;
    let base = f.sandbox.base_url();

    // SimpleFIN: a wrong token is a plain error; the sandbox's token links.
    let bad = s
        .link_simplefin(LinkSimplefinRequest {
            setup_token: "not base64 at all".into(),
            institution: None,
        })
        .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::InvalidInput, "{}", bad.message);
    let token = get_text(&f, &format!("{base}/_sandbox/simplefin/setup-token"));
    let linked = s
        .link_simplefin(LinkSimplefinRequest {
            setup_token: token.clone(),
            institution: Some("My SimpleFIN".into()),
        })
        .unwrap();
    assert_eq!(linked.institution, "My SimpleFIN");
    let info = s.connections_list().unwrap();
    assert_eq!(info.len(), 1);
    let shown = serde_json::to_string(&info).unwrap();
    assert!(!shown.contains(token.trim()), "the token is never shown");

    // Issuer: a wrong one-time code fails, then a fresh sign-in with the right one links.
    let login = |password: &str| IssuerLoginRequest {
        url: f.sandbox.api_url(),
        institution: Some("Card issuer".into()),
        username: "demo".into(),
        password: password.into(),
    };
    let challenge = s.link_issuer_start(login("demo")).unwrap();
    assert!(s
        .link_issuer_code(IssuerCodeRequest {
            login_id: challenge.login_id,
            code: "000000".into(),
        })
        .is_err());
    let again = s
        .link_issuer_code(IssuerCodeRequest {
            login_id: challenge.login_id,
            code: "123456".into(),
        })
        .unwrap_err();
    assert_eq!(
        again.kind,
        ErrorKind::NotFound,
        "a finished sign-in is gone"
    );
    let challenge = s.link_issuer_start(login("demo")).unwrap();
    let issuer = s
        .link_issuer_code(IssuerCodeRequest {
            login_id: challenge.login_id,
            code: "123456".into(),
        })
        .unwrap();
    assert!(!issuer.scopes.is_empty());

    // FDX: the "browser" follows the authorization address to the loopback redirect.
    let started = s
        .link_fdx_start(FdxStartRequest {
            url: format!("{base}/fdx/v6"),
            issuer: None,
            client_id: None,
            institution: Some("FDX bank".into()),
            open_browser: false,
        })
        .unwrap();
    assert!(started.authorize_url.contains("code_challenge="));
    let _ = get_text(&f, &started.authorize_url);
    let fdx = s
        .link_fdx_finish(FdxFinishRequest {
            login_id: started.login_id,
        })
        .unwrap();
    assert_eq!(fdx.institution, "FDX bank");

    let mut batches = 0;
    let summary = s
        .sync_run(SyncRequest::default(), &mut |p| {
            if matches!(p, coffer_core::sync::SyncProgress::Batch { .. }) {
                batches += 1;
            }
        })
        .unwrap();
    assert_eq!(summary.outcomes.len(), 3);
    for outcome in &summary.outcomes {
        assert_eq!(outcome.status, "ok", "{outcome:?}");
        assert!(outcome.totals.added > 0, "{outcome:?}");
    }
    assert!(batches >= 3);
    assert!(transactions(s).len() > 20);
}

const OFX: &str = "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20261101</DTSERVER><LANGUAGE>ENG</LANGUAGE><FI><ORG>Flow Bank</ORG><FID>9</FID></FI></SONRS></SIGNONMSGSRSV1>\
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><CCSTMTRS><CURDEF>USD</CURDEF><CCACCTFROM><ACCTID>4111000011112222</ACCTID></CCACCTFROM>\
<BANKTRANLIST><DTSTART>20261001</DTSTART><DTEND>20261031</DTEND>\
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261003</DTPOSTED><TRNAMT>-12.50</TRNAMT><FITID>F1</FITID><NAME>BLUE BOTTLE COFFEE</NAME></STMTTRN>\
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261009</DTPOSTED><TRNAMT>-7.25</TRNAMT><FITID>F2</FITID><NAME>BLUE BOTTLE COFFEE</NAME></STMTTRN>\
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261012</DTPOSTED><TRNAMT>-40.00</TRNAMT><FITID>F3</FITID><NAME>CORNER HARDWARE</NAME></STMTTRN>\
</BANKTRANLIST><LEDGERBAL><BALAMT>-59.75</BALAMT><DTASOF>20261031</DTASOF></LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n";

const ODD_CSV: &str =
    "Booked;Payee;Spent\n2026-10-14;NEIGHBORHOOD BAKERY;4.75\n2026-10-15;BLUE BOTTLE COFFEE;5.10\n";

fn file(name: &str, text: &str, account_id: Option<i64>) -> ImportFileRequest {
    ImportFileRequest {
        file_name: name.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(text),
        account_id,
        mapping: None,
    }
}

#[test]
fn imports_categories_settings_rekey_backup_and_restore() {
    let f = fixture();
    let s = &f.session;

    // OFX imports; a second import changes nothing.
    let ImportOutcome::Imported {
        added, accounts, ..
    } = s.import_file(file("oct.ofx", OFX, None)).unwrap()
    else {
        panic!("the OFX file imports")
    };
    assert!(added >= 3, "the account, its balance and 3 rows: {added}");
    assert_eq!(transactions(s).len(), 3);
    let account = accounts[0];
    let ImportOutcome::Imported {
        added, unchanged, ..
    } = s.import_file(file("oct.ofx", OFX, None)).unwrap()
    else {
        panic!()
    };
    assert_eq!(added, 0);
    assert!(unchanged >= 3);

    // An unknown CSV layout asks for a mapping; with one (semicolons are not the default
    // delimiter, so the mapped file fails clearly, then the delimiter-free layout works).
    let unknown = s
        .import_file(file("odd.csv", ODD_CSV, Some(account)))
        .unwrap();
    assert!(
        matches!(unknown, ImportOutcome::NeedsMapping { .. }),
        "{unknown:?}"
    );
    let comma_csv = ODD_CSV.replace(';', ",");
    let mapping = ColumnMapping {
        date: 0,
        description: 1,
        amount: Some(2),
        debit: None,
        credit: None,
        sign: "inverted".into(),
        date_format: "%Y-%m-%d".into(),
        has_header: true,
        skip_lines: 0,
    };
    let no_account = s
        .import_file(ImportFileRequest {
            mapping: Some(mapping.clone()),
            ..file("odd.csv", &comma_csv, None)
        })
        .unwrap();
    assert!(matches!(no_account, ImportOutcome::NeedsAccount { .. }));
    let mapped = s
        .import_file(ImportFileRequest {
            mapping: Some(mapping),
            ..file("odd.csv", &comma_csv, Some(account))
        })
        .unwrap();
    let ImportOutcome::Imported {
        added,
        mapping_saved,
        ..
    } = mapped
    else {
        panic!("{mapped:?}")
    };
    assert_eq!((added, mapping_saved), (2, true));
    let next_month = "Booked,Payee,Spent\n2026-11-02,NEIGHBORHOOD BAKERY,3.00\n";
    let remembered = s
        .import_file(file("nov.csv", next_month, Some(account)))
        .unwrap();
    assert!(
        matches!(
            remembered,
            ImportOutcome::Imported {
                added: 1,
                mapping_saved: true,
                ..
            }
        ),
        "{remembered:?}"
    );
    let rows = transactions(s);
    let mut bakery: Vec<&str> = rows
        .iter()
        .filter(|r| r.description == "NEIGHBORHOOD BAKERY")
        .map(|r| r.amount.as_str())
        .collect();
    bakery.sort();
    assert_eq!(
        bakery,
        ["-3.00", "-4.75"],
        "spending was positive in the file"
    );

    // Category edit, then "apply to N similar": the count comes before the rule exists.
    let coffee: Vec<_> = rows
        .iter()
        .filter(|r| r.description == "BLUE BOTTLE COFFEE")
        .collect();
    assert_eq!(coffee.len(), 3, "{coffee:#?}");
    s.transaction_set_category(SetCategoryRequest {
        transaction_id: coffee[0].id,
        category: "Dining".into(),
    })
    .unwrap();
    assert!(s
        .transaction_set_category(SetCategoryRequest {
            transaction_id: coffee[0].id,
            category: "No such category".into(),
        })
        .is_err());
    let rule = RuleRequest {
        match_kind: "contains".into(),
        pattern: "blue bottle".into(),
        category: "Dining".into(),
    };
    let preview = s.rule_preview(rule.clone()).unwrap();
    assert_eq!(preview.similar, 2, "the hand-edited row is not counted");
    let saved = s.rule_create(rule.clone()).unwrap();
    assert_eq!(saved.applied, 2);
    assert_eq!(s.rule_preview(rule).unwrap().similar, 0);
    let stored: Vec<_> = transactions(s)
        .into_iter()
        .filter(|r| r.description == "BLUE BOTTLE COFFEE")
        .map(|r| r.category)
        .collect();
    assert_eq!(stored, vec![Some("Dining".to_string()); 3], "written back");
    let bad_regex = s
        .rule_preview(RuleRequest {
            match_kind: "regex".into(),
            pattern: "(".into(),
            category: "Dining".into(),
        })
        .unwrap_err();
    assert_eq!(bad_regex.kind, ErrorKind::InvalidInput);

    // Settings: the auto-lock delay is kept in the vault.
    assert_eq!(s.settings_get().unwrap().auto_lock_minutes, 15);
    s.settings_set(AppSettings {
        auto_lock_minutes: 3,
    })
    .unwrap();
    assert!(s
        .settings_set(AppSettings {
            auto_lock_minutes: 100_000
        })
        .is_err());
    assert!(!s.lock_if_idle(), "just used");

    // Rekey: the current passphrase must be right; afterwards only the new one opens.
    let wrong = s
        .vault_rekey(RekeyRequest {
            key_mode: KeyMode::Passphrase,
            current_passphrase: Some("nope".into()),
            new_passphrase: Some("brand new passphrase".into()),
        })
        .unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::WrongKey);
    s.vault_rekey(RekeyRequest {
        key_mode: KeyMode::Passphrase,
        current_passphrase: Some(PASSPHRASE.into()),
        new_passphrase: Some("brand new passphrase".into()),
    })
    .unwrap();
    s.vault_lock();
    assert!(s
        .vault_unlock(UnlockRequest {
            passphrase: Some(PASSPHRASE.into())
        })
        .is_err());
    s.vault_unlock(UnlockRequest {
        passphrase: Some("brand new passphrase".into()),
    })
    .unwrap();
    assert_eq!(s.settings_get().unwrap().auto_lock_minutes, 3);

    // Backup, change the vault, restore: the backup's rows are back.
    let target = f.dir.path().join("backups/b1.db");
    let backup = s
        .vault_backup(BackupRequest {
            backup_passphrase: "backup words".into(),
            target: Some(target.display().to_string()),
        })
        .unwrap();
    assert_eq!(backup.path, target.display().to_string());
    let before = transactions(s).len();
    s.import_file(file(
        "dec.csv",
        "Booked,Payee,Spent\n2026-12-01,LATE ROW,9.00\n",
        Some(account),
    ))
    .unwrap();
    assert_eq!(transactions(s).len(), before + 1);
    let wrong = s
        .vault_restore(RestoreRequest {
            backup_path: backup.path.clone(),
            backup_passphrase: "not it".into(),
            key_mode: KeyMode::Passphrase,
            passphrase: Some("restored passphrase".into()),
        })
        .unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::WrongKey);
    assert_eq!(transactions(s).len(), before + 1, "nothing changed");
    let restored = s
        .vault_restore(RestoreRequest {
            backup_path: backup.path,
            backup_passphrase: "backup words".into(),
            key_mode: KeyMode::Passphrase,
            passphrase: Some("restored passphrase".into()),
        })
        .unwrap();
    assert_eq!(restored.status.integrity.as_deref(), Some("ok"));
    assert!(std::path::Path::new(&restored.replaced_kept_at).is_file());
    assert_eq!(transactions(s).len(), before);
    s.vault_lock();
    s.vault_unlock(UnlockRequest {
        passphrase: Some("restored passphrase".into()),
    })
    .unwrap();
    assert_eq!(transactions(s).len(), before);
}

#[test]
fn every_flow_command_is_dispatched() {
    let f = fixture();
    for command in [
        "link_simplefin",
        "link_issuer_start",
        "link_issuer_code",
        "link_fdx_start",
        "link_fdx_finish",
        "import_file",
        "transaction_set_category",
        "rule_preview",
        "rule_create",
        "settings_set",
        "vault_rekey",
        "vault_backup",
        "vault_restore",
    ] {
        let err = f
            .session
            .dispatch(command, serde_json::json!({}))
            .unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::InvalidInput,
            "{command}: {}",
            err.message
        );
    }
    assert!(f
        .session
        .dispatch("settings_get", serde_json::json!({}))
        .is_ok());
}

#[test]
fn the_demo_bank_links_once_and_relinking_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().join("v.db"), Keychain::new("coffer-api-flows"));
    assert_eq!(session.link_demo().unwrap_err().kind, ErrorKind::Locked);
    session
        .vault_create(CreateVaultRequest {
            key_mode: KeyMode::Passphrase,
            passphrase: Some(PASSPHRASE.into()),
        })
        .unwrap();
    session.link_demo().unwrap();
    let second = session.link_demo().unwrap();
    let connections = session.connections_list().unwrap();
    let demo: Vec<_> = connections
        .iter()
        .filter(|c| c.institution == coffer_api::connect::DEMO_INSTITUTION)
        .collect();
    assert_eq!(demo.len(), 1, "{connections:?}");
    assert_eq!(demo[0].id, second.connection_id);
    assert!(!second.scopes.is_empty());
}

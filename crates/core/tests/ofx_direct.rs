//! OFX Direct Connect against the sandbox over real HTTP, in both OFX versions: a sync stores
//! exactly the posted rows of the OFX truth, a second sync changes nothing, and bad credentials
//! leave the connection waiting for the user.

use std::collections::HashMap;

use coffer_core::connectors::ofx_direct::{self, OfxDirectAccount, OfxProfile};
use coffer_core::domain::ConnectionKind;
use coffer_core::sync::sync_connections;
use coffer_core::vault::store::NewConnection;
use coffer_core::vault::Unlock;
use coffer_core::{Passphrase, Vault};
use coffer_sandbox::{DataSpec, SandboxConfig};
use zeroize::Zeroizing;

fn spec() -> DataSpec {
    DataSpec {
        cards: 2,
        savings: 1,
        cds: 1,
        months: 3,
        tx_per_month: 20,
        ..DataSpec::default()
    }
}

fn link(
    vault: &mut Vault,
    url: &str,
    password: &str,
    xml: bool,
    accounts: &[OfxDirectAccount],
) -> i64 {
    let secret = |t: &str| Zeroizing::new(t.as_bytes().to_vec());
    let profile = OfxProfile {
        fi_org: Some("CofferSandbox".into()),
        fi_fid: Some("9999".into()),
        xml,
    };
    vault
        .create_connection(NewConnection {
            kind: ConnectionKind::Ofx,
            institution: "Sandbox OFX",
            display_name: "Sandbox OFX",
            base_url: Some(url),
            scopes: &["statements".to_string()],
            secrets: vec![
                (ofx_direct::SECRET_USER.into(), secret("demo")),
                (ofx_direct::SECRET_PASSWORD.into(), secret(password)),
                (
                    ofx_direct::SECRET_ACCOUNTS.into(),
                    secret(&serde_json::to_string(accounts).unwrap()),
                ),
                (
                    ofx_direct::SECRET_PROFILE.into(),
                    secret(&serde_json::to_string(&profile).unwrap()),
                ),
            ],
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_connect_downloads_every_posted_row_in_both_versions() {
    let handle = coffer_sandbox::start(SandboxConfig {
        data: spec(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let truth = handle.truth_ofx();
    let accounts: Vec<OfxDirectAccount> = truth
        .accounts
        .iter()
        .map(|(id, a)| match a.kind.as_str() {
            "credit_card" => OfxDirectAccount::CreditCard {
                acct_id: id.clone(),
            },
            "cd" => OfxDirectAccount::Bank {
                bank_id: "999999999".into(),
                acct_id: id.clone(),
                acct_type: "CD".into(),
            },
            _ => OfxDirectAccount::Bank {
                bank_id: "999999999".into(),
                acct_id: id.clone(),
                acct_type: "SAVINGS".into(),
            },
        })
        .collect();
    let url = format!("{}/ofx", handle.base_url());
    for xml in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = Vault::create(
            &dir.path().join("v.db"),
            Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
        )
        .unwrap();
        link(&mut vault, &url, "demo", xml, &accounts);
        let outcome = sync_connections(&mut vault, None, &mut |_| {})
            .await
            .unwrap()
            .remove(0);
        assert_eq!(outcome.status, "ok", "xml={xml}: {:?}", outcome.error);
        let counts = vault.status().unwrap().counts;
        assert_eq!(counts["transactions"], truth.counts.posted, "xml={xml}");
        assert_eq!(counts["accounts"], truth.counts.accounts, "xml={xml}");
        let per_account: HashMap<String, usize> = vault
            .accounts()
            .unwrap()
            .into_iter()
            .map(|a| {
                (
                    a.source_id.clone(),
                    vault
                        .transactions(&Default::default())
                        .unwrap()
                        .iter()
                        .filter(|t| t.account_id == a.id)
                        .count(),
                )
            })
            .collect();
        for (id, a) in &truth.accounts {
            assert_eq!(
                per_account.get(id).copied().unwrap_or(0) as u64,
                a.posted,
                "{id}"
            );
        }
        let again = sync_connections(&mut vault, None, &mut |_| {})
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            (again.totals.added, again.totals.updated),
            (0, 0),
            "xml={xml}: a second sync changes nothing"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_asks_the_user_to_sign_in_again() {
    let handle = coffer_sandbox::start(SandboxConfig {
        data: spec(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let card = handle.truth_ofx().accounts.keys().next().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        &dir.path().join("v.db"),
        Unlock::Passphrase(Passphrase::new("pw".into()).unwrap()),
    )
    .unwrap();
    let id = link(
        &mut vault,
        &format!("{}/ofx", handle.base_url()),
        "wrong",
        false,
        &[OfxDirectAccount::CreditCard { acct_id: card }],
    );
    let outcome = sync_connections(&mut vault, None, &mut |_| {})
        .await
        .unwrap()
        .remove(0);
    assert_eq!(outcome.status, "needs_reauth", "{:?}", outcome.error);
    assert!(
        !outcome.error.unwrap().contains("wrong"),
        "the password is never echoed"
    );
    assert_eq!(
        vault.connection(id).unwrap().unwrap().status,
        "needs_reauth"
    );
    assert_eq!(vault.status().unwrap().counts["transactions"], 0);
}

//! OFX Direct Connect: statement downloads over HTTPS for institutions that offer them. The
//! request is built by [`ofx::build_statement_request`], POSTed as `application/x-ofx`, and the
//! response parsed by [`ofx::parse`] — the same parser as downloaded files.
//!
//! Secrets: `ofx_user`, `ofx_password` (the institution's credentials, kept only in the vault),
//! `ofx_accounts` (JSON list of the accounts to download). Cursor per account:
//! `ofx:<ACCTID>` = the last day downloaded; each sync re-asks from 10 days before it, so late
//! postings are caught (re-imported rows are unchanged by identity).

use std::collections::VecDeque;

use chrono::{Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::http::{BreakerConfig, HttpClient, RetryPolicy};
use super::ofx::{self, OfxAccountRef, OfxCredentials, OfxRequestVersion, StatementRequest};
use crate::sync::{Batch, Connector, ConnectorError, ConnectorState};

pub const SECRET_USER: &str = "ofx_user";
pub const SECRET_PASSWORD: &str = "ofx_password";
pub const SECRET_ACCOUNTS: &str = "ofx_accounts";
pub const SECRET_PROFILE: &str = "ofx_profile";

/// Days fetched on a first sync.
const FIRST_SYNC_DAYS: u64 = 365;
/// Days re-asked before the last sync, for late postings.
const OVERLAP_DAYS: u64 = 10;

/// An account to download, as the user linked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OfxDirectAccount {
    CreditCard {
        acct_id: String,
    },
    Bank {
        bank_id: String,
        acct_id: String,
        acct_type: String,
    },
}

impl OfxDirectAccount {
    /// `CREDITCARD:<acct>` or `<CHECKING|SAVINGS|MONEYMRKT|CD>:<bank id>:<acct>`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.split(':').collect();
        match parts.as_slice() {
            ["CREDITCARD", acct] if !acct.is_empty() => Ok(Self::CreditCard { acct_id: acct.to_string() }),
            [kind @ ("CHECKING" | "SAVINGS" | "MONEYMRKT" | "CD"), bank, acct] if !bank.is_empty() && !acct.is_empty() => {
                Ok(Self::Bank { bank_id: bank.to_string(), acct_id: acct.to_string(), acct_type: kind.to_string() })
            }
            _ => Err(format!(
                "'{text}' is not an account: use CREDITCARD:<account> or CHECKING|SAVINGS|MONEYMRKT|CD:<bank id>:<account>"
            )),
        }
    }

    fn acct_id(&self) -> &str {
        match self {
            Self::CreditCard { acct_id } | Self::Bank { acct_id, .. } => acct_id,
        }
    }

    fn reference(&self) -> OfxAccountRef {
        match self.clone() {
            Self::CreditCard { acct_id } => OfxAccountRef::CreditCard { acct_id },
            Self::Bank {
                bank_id,
                acct_id,
                acct_type,
            } => OfxAccountRef::Bank {
                bank_id,
                acct_id,
                acct_type,
            },
        }
    }
}

/// The one rule for an OFX server's address, kept at link time and again before each sync: it
/// carries the password, so `https://`, or plain `http://` only to this machine (`127.0.0.1`,
/// `[::1]`, `localhost`); no user name or password inside the address.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|_| "the OFX server address is not a web address (https://…)")?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the OFX server address must not contain a user name or password");
    }
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"));
    match parsed.scheme() {
        "https" if parsed.host_str().is_some() => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err("OFX Direct Connect needs an https:// address"),
    }
}

/// A secret's name and its bytes, as `NewConnection::secrets` takes them.
pub type NamedSecret = (String, Zeroizing<Vec<u8>>);

/// The secrets a linked OFX Direct Connect connection keeps, named as the connector reads them
/// (the CLI and the app link the same way).
pub fn link_secrets(
    user_id: &str,
    password: &str,
    accounts: &[OfxDirectAccount],
    profile: &OfxProfile,
) -> Result<Vec<NamedSecret>, serde_json::Error> {
    let secret = |text: &str| Zeroizing::new(text.as_bytes().to_vec());
    Ok(vec![
        (SECRET_USER.into(), secret(user_id)),
        (SECRET_PASSWORD.into(), secret(password)),
        (
            SECRET_ACCOUNTS.into(),
            secret(&serde_json::to_string(accounts)?),
        ),
        (
            SECRET_PROFILE.into(),
            secret(&serde_json::to_string(profile)?),
        ),
    ])
}

/// Who to talk to and as what.
#[derive(Debug, Clone)]
pub struct OfxDirectConfig {
    pub url: String,
    pub institution: String,
    pub fi_org: Option<String>,
    pub fi_fid: Option<String>,
    pub version: OfxRequestVersion,
}

/// The institution's OFX identity, stored with the connection (`ofx_profile`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OfxProfile {
    pub fi_org: Option<String>,
    pub fi_fid: Option<String>,
    /// `true` for OFX 2.2 (XML), `false` for 1.0.2 (SGML).
    pub xml: bool,
}

impl OfxDirectConfig {
    /// The configuration a linked connection stored.
    pub fn from_state(url: &str, institution: &str, state: &ConnectorState) -> OfxDirectConfig {
        let profile: OfxProfile = state
            .secrets
            .get(SECRET_PROFILE)
            .and_then(|v| serde_json::from_slice(v).ok())
            .unwrap_or_default();
        OfxDirectConfig {
            url: url.to_string(),
            institution: institution.to_string(),
            fi_org: profile.fi_org,
            fi_fid: profile.fi_fid,
            version: if profile.xml {
                OfxRequestVersion::V220
            } else {
                OfxRequestVersion::V102
            },
        }
    }
}

/// Downloads each linked account's statement, one batch per account.
pub struct OfxDirectConnector {
    config: OfxDirectConfig,
    http: HttpClient,
    credentials: OfxCredentials,
    pending: VecDeque<OfxDirectAccount>,
    state: ConnectorState,
}

impl OfxDirectConnector {
    pub fn new(config: OfxDirectConfig, state: ConnectorState) -> Result<Self, ConnectorError> {
        let refused = |detail: &str| ConnectorError::Refused {
            institution: config.institution.clone(),
            detail: detail.to_string(),
        };
        let secret = |name: &str| state.secret_text(name).map(|s| s.to_string());
        let user_id = secret(SECRET_USER)
            .ok_or_else(|| refused("no OFX user id is stored; link the account again"))?;
        let password = Zeroizing::new(
            secret(SECRET_PASSWORD)
                .ok_or_else(|| refused("no OFX password is stored; link the account again"))?,
        );
        let accounts: Vec<OfxDirectAccount> = secret(SECRET_ACCOUNTS)
            .and_then(|json| serde_json::from_str(&json).ok())
            .ok_or_else(|| {
                refused("the list of accounts to download is missing; link the account again")
            })?;
        check_url(&config.url).map_err(refused)?;
        let http = HttpClient::new(
            &config.url,
            RetryPolicy::default(),
            BreakerConfig::default(),
        )
        .map_err(|e| e.into_connector(&config.institution))?;
        Ok(OfxDirectConnector {
            http,
            credentials: OfxCredentials { user_id, password },
            pending: accounts.into(),
            config,
            state,
        })
    }

    fn start_day(&self, account: &OfxDirectAccount, today: NaiveDate) -> NaiveDate {
        let stream = format!("ofx:{}", account.acct_id());
        self.state
            .cursors
            .get(&stream)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .and_then(|d| d.checked_sub_days(Days::new(OVERLAP_DAYS)))
            .unwrap_or_else(|| {
                today
                    .checked_sub_days(Days::new(FIRST_SYNC_DAYS))
                    .unwrap_or(today)
            })
    }
}

impl Connector for OfxDirectConnector {
    async fn next_batch(&mut self) -> Result<Option<Batch>, ConnectorError> {
        let Some(account) = self.pending.pop_front() else {
            return Ok(None);
        };
        let institution = self.config.institution.clone();
        let now = Utc::now();
        let today = now.date_naive();
        let reference = account.reference();
        let mut nonce = [0u8; 8];
        let _ = getrandom::fill(&mut nonce);
        let trn_uid = hex::encode(nonce);
        let body = ofx::build_statement_request(&StatementRequest {
            version: self.config.version,
            credentials: &self.credentials,
            fi_org: self.config.fi_org.as_deref(),
            fi_fid: self.config.fi_fid.as_deref(),
            app_id: "QWIN",
            app_ver: "2700",
            client_uid: None,
            account: &reference,
            start: Some(self.start_day(&account, today)),
            end: Some(today),
            client_time: now,
            trn_uid: &trn_uid,
        })
        .map_err(|e| ConnectorError::Refused {
            institution: institution.clone(),
            detail: e.to_string(),
        })?;
        let url = self.config.url.clone();
        let response: Vec<u8> = self
            .http
            .call(
                "POST (OFX statement request)",
                |c| {
                    c.post(&url)
                        .header("Content-Type", "application/x-ofx")
                        .header("Accept", "application/x-ofx, application/xml")
                        .body(body.as_str().to_string())
                },
                |bytes| Ok(bytes.to_vec()),
            )
            .await
            .map_err(|e| e.into_connector(&institution))?;
        let parsed = ofx::parse(&response).map_err(|e| match e {
            ofx::OfxError::Signon { code: 15500, .. } => ConnectorError::ReauthRequired {
                institution: institution.clone(),
                reason: "the OFX user id or password was not accepted".into(),
            },
            other => ConnectorError::Malformed {
                institution: institution.clone(),
                at: format!("the statement of account …{}", last_four(account.acct_id())),
                detail: other.to_string(),
            },
        })?;
        let mut batch = parsed.to_batch(format!(
            "OFX statement of account …{}",
            last_four(account.acct_id())
        ));
        for correction in parsed.corrections() {
            batch.voided_transactions.push((
                correction.account_source_id.clone(),
                correction.corrected_source_id.clone(),
            ));
        }
        batch
            .cursors
            .push((format!("ofx:{}", account.acct_id()), today.to_string()));
        Ok(Some(batch))
    }
}

fn last_four(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn the_password_goes_only_over_https_or_to_this_machine() {
        for ok in [
            "https://ofx.bank.example/ofx",
            "http://127.0.0.1:8080/ofx",
            "http://[::1]:9/ofx",
            "http://localhost/ofx",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://ofx.bank.example/ofx",
            "http://127.0.0.1.evil.example/ofx",
            "http://127.0.0.1@evil.example/ofx",
            "https://user:pw@ofx.bank.example/ofx",
            "ftp://127.0.0.1/ofx",
            "ofx.bank.example",
            "",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}

//! Linking an OFX Direct Connect institution from the app: its server address and OFX identity
//! (ORG, FID), the user's OFX user id and password, and the accounts to download, checked here
//! and stored as the connection's secrets. Nothing is fetched until the first sync.

use coffer_core::connectors::ofx_direct::{self, OfxDirectAccount, OfxProfile};
use coffer_core::domain::ConnectionKind;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::{internal, name_or, Grant, LinkResult};
use crate::error::ApiError;
use crate::Session;

/// The institution name when none is given (the same as `coffer link ofx`'s).
pub const OFX_DEFAULT_INSTITUTION: &str = "OFX Direct Connect";

/// Link an institution's OFX Direct Connect server.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LinkOfxDirectRequest {
    /// Shown in the app; "OFX Direct Connect" when empty.
    pub institution: Option<String>,
    /// The OFX server's address: `https://`, or `http://` only to this machine.
    pub url: String,
    /// The institution's OFX `<FI><ORG>`.
    pub org: Option<String>,
    /// The institution's OFX `<FI><FID>`.
    pub fid: Option<String>,
    pub user_id: String,
    pub password: String,
    /// One per entry: `CREDITCARD:<account>` or
    /// `CHECKING|SAVINGS|MONEYMRKT|CD:<bank id>:<account>`.
    pub accounts: Vec<String>,
    /// OFX 2.2 (XML) instead of 1.0.2 (SGML).
    pub xml: bool,
}

fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The accounts, blank entries skipped; a bad one is named by its line number.
fn parse_accounts(lines: &[String]) -> Result<Vec<OfxDirectAccount>, ApiError> {
    let mut accounts = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let account = OfxDirectAccount::parse(line)
            .map_err(|e| ApiError::invalid(format!("Accounts, line {}: {e}.", index + 1)))?;
        accounts.push(account);
    }
    if accounts.is_empty() {
        return Err(ApiError::invalid(
            "Accounts: enter at least one account to download, one per line.",
        ));
    }
    Ok(accounts)
}

impl Session {
    /// Links an OFX Direct Connect institution. The user id and password go only into the
    /// vault's secrets; the audit line names the kind, institution and scopes.
    pub fn link_ofx_direct(&self, request: LinkOfxDirectRequest) -> Result<LinkResult, ApiError> {
        let LinkOfxDirectRequest {
            institution,
            url,
            org,
            fid,
            user_id,
            password,
            accounts,
            xml,
        } = request;
        let user_id = Zeroizing::new(user_id);
        let password = Zeroizing::new(password);
        self.ensure_unlocked()?;
        let url = url.trim().to_string();
        ofx_direct::check_url(&url)
            .map_err(|e| ApiError::invalid(format!("Server address: {e}.")))?;
        if user_id.trim().is_empty() {
            return Err(ApiError::invalid("User id: enter your OFX user id."));
        }
        if password.is_empty() {
            return Err(ApiError::invalid("Password: enter your OFX password."));
        }
        let accounts = parse_accounts(&accounts)?;
        let institution = name_or(&institution, OFX_DEFAULT_INSTITUTION);
        let profile = OfxProfile {
            fi_org: optional(org),
            fi_fid: optional(fid),
            xml,
        };
        let secrets = ofx_direct::link_secrets(user_id.trim(), &password, &accounts, &profile)
            .map_err(|_| internal("record the accounts"))?;
        let grant = Grant {
            scopes: vec!["statements".into()],
            secrets,
        };
        self.store_connection(ConnectionKind::Ofx, &institution, Some(&url), grant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_skip_blank_lines_and_name_the_bad_one() {
        let lines = [
            "CREDITCARD:4111".to_string(),
            " ".into(),
            "SAVINGS:9:12".into(),
        ];
        assert_eq!(parse_accounts(&lines).unwrap().len(), 2);
        let bad = ["CREDITCARD:1".to_string(), "CHECKING:12".into()];
        let err = parse_accounts(&bad).unwrap_err();
        assert!(
            err.message.starts_with("Accounts, line 2:"),
            "{}",
            err.message
        );
        assert!(parse_accounts(&[" ".to_string()]).is_err());
    }
}

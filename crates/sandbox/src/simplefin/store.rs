//! SimpleFIN state: setup tokens (claimable once), access credentials with a per-day request
//! count, revocation and the "subscription lapsed" switch.

use std::collections::HashMap;

use crate::calendar::Day;
use crate::fdx::oauth::random_token;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SimplefinError {
    #[error("this setup token is unknown or was already claimed")]
    ClaimRefused,
    #[error("access to this account set was revoked or the credentials are wrong")]
    Forbidden,
    #[error("the SimpleFIN Bridge subscription has lapsed; renew it to resume access")]
    PaymentRequired,
}

struct Credential {
    password: String,
    revoked: bool,
    day: Day,
    used: u32,
}

pub struct SimplefinStore {
    setup: HashMap<String, bool>,
    access: HashMap<String, Credential>,
    pub lapsed: bool,
    pub daily_budget: u32,
}

impl Default for SimplefinStore {
    fn default() -> SimplefinStore {
        SimplefinStore {
            setup: HashMap::new(),
            access: HashMap::new(),
            lapsed: false,
            daily_budget: super::DEFAULT_DAILY_BUDGET,
        }
    }
}

/// How a request stood against the daily budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    pub used_today: u32,
    pub budget: u32,
}

impl SimplefinStore {
    /// A new claimable token id (the part after `/claim/`).
    pub fn new_setup(&mut self) -> String {
        let id = random_token("");
        self.setup.insert(id.clone(), false);
        id
    }

    /// Claims a setup token once; returns the new access credentials `(username, password)`.
    pub fn claim(&mut self, id: &str) -> Result<(String, String), SimplefinError> {
        match self.setup.get_mut(id) {
            Some(claimed) if !*claimed => *claimed = true,
            _ => return Err(SimplefinError::ClaimRefused),
        }
        let user = random_token("sfu");
        let password = random_token("");
        self.access.insert(
            user.clone(),
            Credential {
                password: password.clone(),
                revoked: false,
                day: Day::MIN,
                used: 0,
            },
        );
        Ok((user, password))
    }

    /// Checks Basic credentials and counts the request against `today`'s budget.
    pub fn use_access(
        &mut self,
        user: &str,
        password: &str,
        today: Day,
    ) -> Result<Usage, SimplefinError> {
        let credential = self
            .access
            .get_mut(user)
            .filter(|c| !c.revoked && c.password == password)
            .ok_or(SimplefinError::Forbidden)?;
        if self.lapsed {
            return Err(SimplefinError::PaymentRequired);
        }
        if credential.day != today {
            credential.day = today;
            credential.used = 0;
        }
        credential.used += 1;
        Ok(Usage {
            used_today: credential.used,
            budget: self.daily_budget,
        })
    }

    /// Revokes every access URL issued so far (the user disconnected the app at the Bridge).
    pub fn revoke_all(&mut self) {
        self.access.values_mut().for_each(|c| c.revoked = true);
    }
}

//! Sessions and tokens: login with OTP challenge, refresh-token rotation, scopes, and the
//! token-expiry and step-up faults.

use std::collections::HashMap;

/// Every scope the sandbox knows; a login without `scopes` gets all of them.
pub const ALL_SCOPES: [&str; 9] = [
    "accounts.read",
    "cards.read",
    "transactions.read",
    "statements.read",
    "fico.read",
    "rewards.read",
    "deposits.read",
    "transfers.read",
    "card_events.read",
];

/// Lifetime announced in `expires_in` (seconds). The sandbox expires tokens by use count only
/// (fault `expire_token_after`), never by the wall clock.
pub const ACCESS_TOKEN_SECONDS: u64 = 1800;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    pub otp: String,
}

impl Default for Credentials {
    fn default() -> Credentials {
        Credentials {
            username: "demo".to_owned(),
            password: "demo".to_owned(),
            otp: "123456".to_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("missing or unknown bearer token")]
    InvalidToken,
    #[error("the access token has expired; refresh it")]
    TokenExpired,
    #[error("the session needs a fresh login with OTP")]
    StepUpRequired,
    #[error("the token lacks scope {0}")]
    InsufficientScope(&'static str),
    #[error("unknown or already used refresh token")]
    InvalidRefreshToken,
    #[error("unknown scope {0}")]
    UnknownScope(String),
}

#[derive(Clone, Debug)]
pub struct Session {
    pub id: u64,
    pub scopes: Vec<&'static str>,
    pub requests: u32,
    pub step_up_required: bool,
}

struct AccessToken {
    session: u64,
    uses: u32,
}

/// Issued tokens for one login: access, refresh, and what they grant.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    pub access_token: String,
    pub refresh_token: String,
    pub scopes: Vec<&'static str>,
}

#[derive(Default)]
pub struct AuthStore {
    sessions: HashMap<u64, Session>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, u64>,
    next_session: u64,
}

fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 24];
    if getrandom::fill(&mut bytes).is_err() {
        bytes = [7u8; 24];
    }
    format!("{prefix}{}", hex::encode(bytes))
}

/// Scopes requested by name → the known static names; `None` = all.
pub fn parse_scopes(requested: Option<&[String]>) -> Result<Vec<&'static str>, AuthError> {
    let Some(requested) = requested else {
        return Ok(ALL_SCOPES.to_vec());
    };
    requested
        .iter()
        .map(|name| {
            ALL_SCOPES
                .iter()
                .find(|s| **s == name.as_str())
                .copied()
                .ok_or_else(|| AuthError::UnknownScope(name.clone()))
        })
        .collect()
}

impl AuthStore {
    pub fn login(&mut self, scopes: Vec<&'static str>) -> TokenGrant {
        self.next_session += 1;
        let id = self.next_session;
        self.sessions.insert(
            id,
            Session {
                id,
                scopes,
                requests: 0,
                step_up_required: false,
            },
        );
        self.issue(id)
    }

    fn issue(&mut self, session: u64) -> TokenGrant {
        let access_token = random_token("at_");
        let refresh_token = random_token("rt_");
        self.access
            .insert(access_token.clone(), AccessToken { session, uses: 0 });
        self.refresh.insert(refresh_token.clone(), session);
        let scopes = self
            .sessions
            .get(&session)
            .map(|s| s.scopes.clone())
            .unwrap_or_default();
        TokenGrant {
            access_token,
            refresh_token,
            scopes,
        }
    }

    /// Rotates the refresh token (the old one stops working) and issues a new access token.
    pub fn refresh(&mut self, refresh_token: &str) -> Result<TokenGrant, AuthError> {
        let session = self
            .refresh
            .remove(refresh_token)
            .ok_or(AuthError::InvalidRefreshToken)?;
        if self
            .sessions
            .get(&session)
            .is_some_and(|s| s.step_up_required)
        {
            self.refresh.insert(refresh_token.to_owned(), session);
            return Err(AuthError::StepUpRequired);
        }
        Ok(self.issue(session))
    }

    /// Checks a bearer token for `scope`, counting the use against the fault limits.
    pub fn authorize(
        &mut self,
        token: Option<&str>,
        scope: Option<&'static str>,
        expire_after: Option<u32>,
        step_up_after: Option<u32>,
    ) -> Result<Session, AuthError> {
        let token = token.ok_or(AuthError::InvalidToken)?;
        let access = self.access.get_mut(token).ok_or(AuthError::InvalidToken)?;
        let session = self
            .sessions
            .get_mut(&access.session)
            .ok_or(AuthError::InvalidToken)?;
        if session.step_up_required {
            return Err(AuthError::StepUpRequired);
        }
        if expire_after.is_some_and(|limit| access.uses >= limit) {
            return Err(AuthError::TokenExpired);
        }
        if step_up_after.is_some_and(|limit| session.requests >= limit) {
            session.step_up_required = true;
            return Err(AuthError::StepUpRequired);
        }
        access.uses += 1;
        session.requests += 1;
        if let Some(scope) = scope {
            if !session.scopes.contains(&scope) {
                return Err(AuthError::InsufficientScope(scope));
            }
        }
        Ok(session.clone())
    }
}

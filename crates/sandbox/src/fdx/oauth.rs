//! The FDX authorization server's state: authorization codes bound to a PKCE S256 challenge,
//! client and redirect URI; access tokens; rotating refresh tokens; loopback redirect checks.

use std::collections::HashMap;

use base64::Engine;
use sha2::{Digest, Sha256};

use super::error::OAuthError;

/// FDX data clusters the sandbox grants as OAuth scopes. A request without `scope` gets all.
pub const FDX_SCOPES: [&str; 4] = [
    "ACCOUNT_BASIC",
    "ACCOUNT_DETAILED",
    "TRANSACTIONS",
    "STATEMENTS",
];

/// Announced in `expires_in`; tokens expire by use count (fault `expire_token_after`) only.
pub const ACCESS_TOKEN_SECONDS: u64 = 1800;

struct PendingCode {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    scopes: Vec<&'static str>,
}

struct Grant {
    scopes: Vec<&'static str>,
    requests: u32,
    revoked: bool,
}

struct Access {
    grant: u64,
    uses: u32,
}

/// What the token endpoint returns.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
    pub refresh_token: String,
    pub scope: String,
}

#[derive(Default)]
pub struct OAuthStore {
    codes: HashMap<String, PendingCode>,
    grants: HashMap<u64, Grant>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, (u64, String)>,
    next_grant: u64,
}

pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 24];
    if getrandom::fill(&mut bytes).is_err() {
        bytes = [9u8; 24];
    }
    format!("{prefix}{}", hex::encode(bytes))
}

/// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))` without padding (RFC 7636 §4.2).
pub fn s256_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// RFC 8252 §7.3 loopback redirect: `http://127.0.0.1:PORT/path`, `http://[::1]:PORT/path`
/// (any port, port optional) or `http://localhost:PORT/path`. Nothing else.
pub fn is_loopback_redirect(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((host, tail)) => (host, tail.strip_prefix(':')),
            None => return false,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    let host_ok = host == "::1"
        || host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    port_ok && host_ok
}

/// Space-separated scope names → the known ones; `None` or empty = all.
pub fn parse_scope(scope: Option<&str>) -> Result<Vec<&'static str>, String> {
    let Some(scope) = scope.filter(|s| !s.trim().is_empty()) else {
        return Ok(FDX_SCOPES.to_vec());
    };
    scope
        .split_whitespace()
        .filter(|name| *name != "offline_access" && *name != "openid")
        .map(|name| {
            FDX_SCOPES
                .iter()
                .find(|s| **s == name)
                .copied()
                .ok_or_else(|| name.to_owned())
        })
        .collect()
}

fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Why a resource request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Expired,
    Revoked,
    MissingScope(&'static str),
}

impl OAuthStore {
    /// Records an approved authorization request and returns its one-time code.
    pub fn issue_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        challenge: &str,
        scopes: Vec<&'static str>,
    ) -> String {
        let code = random_token("code_");
        self.codes.insert(
            code.clone(),
            PendingCode {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                challenge: challenge.to_owned(),
                scopes,
            },
        );
        code
    }

    /// `grant_type=authorization_code`: the code is consumed whether or not the exchange succeeds.
    pub fn exchange_code(
        &mut self,
        code: &str,
        client_id: Option<&str>,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<TokenResponse, OAuthError> {
        let pending = self
            .codes
            .remove(code)
            .ok_or_else(|| OAuthError::new("invalid_grant", "unknown or already used code"))?;
        if client_id.is_some_and(|c| c != pending.client_id) {
            return Err(OAuthError::new(
                "invalid_grant",
                "code was issued to another client",
            ));
        }
        if redirect_uri != Some(pending.redirect_uri.as_str()) {
            return Err(OAuthError::new(
                "invalid_grant",
                "redirect_uri does not match the authorization request",
            ));
        }
        let verifier = verifier
            .ok_or_else(|| OAuthError::new("invalid_request", "code_verifier is required"))?;
        if !valid_verifier(verifier) || s256_challenge(verifier) != pending.challenge {
            return Err(OAuthError::new(
                "invalid_grant",
                "code_verifier does not match the code_challenge",
            ));
        }
        self.next_grant += 1;
        let grant = self.next_grant;
        self.grants.insert(
            grant,
            Grant {
                scopes: pending.scopes,
                requests: 0,
                revoked: false,
            },
        );
        Ok(self.issue_tokens(grant, pending.client_id))
    }

    fn issue_tokens(&mut self, grant: u64, client_id: String) -> TokenResponse {
        let access_token = random_token("fdxat_");
        let refresh_token = random_token("fdxrt_");
        self.access
            .insert(access_token.clone(), Access { grant, uses: 0 });
        self.refresh
            .insert(refresh_token.clone(), (grant, client_id));
        let scope = self
            .grants
            .get(&grant)
            .map(|g| g.scopes.join(" "))
            .unwrap_or_default();
        TokenResponse {
            access_token,
            token_type: "Bearer",
            expires_in: ACCESS_TOKEN_SECONDS,
            refresh_token,
            scope,
        }
    }

    /// `grant_type=refresh_token`: rotates the refresh token; the old one stops working.
    pub fn refresh(
        &mut self,
        refresh_token: &str,
        client_id: Option<&str>,
    ) -> Result<TokenResponse, OAuthError> {
        let (grant, owner) = self.refresh.remove(refresh_token).ok_or_else(|| {
            OAuthError::new("invalid_grant", "unknown or already used refresh token")
        })?;
        if client_id.is_some_and(|c| c != owner) {
            return Err(OAuthError::new(
                "invalid_grant",
                "refresh token belongs to another client",
            ));
        }
        if self.grants.get(&grant).is_none_or(|g| g.revoked) {
            return Err(OAuthError::new(
                "invalid_grant",
                "the grant was revoked; authorize again",
            ));
        }
        Ok(self.issue_tokens(grant, owner))
    }

    /// Checks a bearer token for `scope`, counting the use against the fault limits.
    pub fn authorize(
        &mut self,
        token: Option<&str>,
        scopes: &[&'static str],
        expire_after: Option<u32>,
        revoke_after: Option<u32>,
    ) -> Result<(), TokenProblem> {
        let access = token
            .and_then(|t| self.access.get_mut(t))
            .ok_or(TokenProblem::Unknown)?;
        let grant = self
            .grants
            .get_mut(&access.grant)
            .ok_or(TokenProblem::Unknown)?;
        if grant.revoked {
            return Err(TokenProblem::Revoked);
        }
        if expire_after.is_some_and(|limit| access.uses >= limit) {
            return Err(TokenProblem::Expired);
        }
        if revoke_after.is_some_and(|limit| grant.requests >= limit) {
            grant.revoked = true;
            return Err(TokenProblem::Revoked);
        }
        access.uses += 1;
        grant.requests += 1;
        match scopes.iter().find(|s| grant.scopes.contains(s)) {
            Some(_) => Ok(()),
            None => Err(TokenProblem::MissingScope(
                scopes.first().copied().unwrap_or(""),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_and_pkce() {
        assert!(is_loopback_redirect("http://127.0.0.1:49152/callback"));
        assert!(is_loopback_redirect("http://127.0.0.1/cb"));
        assert!(is_loopback_redirect("http://[::1]:8080/cb"));
        assert!(is_loopback_redirect("http://localhost:1234"));
        assert!(!is_loopback_redirect("https://127.0.0.1:1/cb"));
        assert!(!is_loopback_redirect("http://example.com:80/cb"));
        assert!(!is_loopback_redirect("http://127.0.0.1.evil.com/cb"));
        assert!(!is_loopback_redirect("http://user@127.0.0.1/cb"));
        assert!(!is_loopback_redirect("http://127.0.0.1:99999/cb"));
        // RFC 7636 appendix B.
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}

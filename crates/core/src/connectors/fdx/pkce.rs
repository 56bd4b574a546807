//! PKCE (RFC 7636) with the S256 method, and the random `state` of an authorization request.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::sync::ConnectorError;

/// A code verifier (from a CSPRNG), its S256 challenge, and a random `state`.
pub struct Pkce {
    pub verifier: Zeroizing<String>,
    pub challenge: String,
    pub state: String,
}

impl std::fmt::Debug for Pkce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"<redacted>")
            .field("challenge", &self.challenge)
            .finish_non_exhaustive()
    }
}

impl Pkce {
    /// A fresh verifier of 64 random bytes (86 unreserved characters) and a 128-bit state.
    pub fn generate() -> Result<Pkce, ConnectorError> {
        let verifier = Zeroizing::new(random_text(64)?);
        let challenge = code_challenge(&verifier);
        Ok(Pkce {
            verifier,
            challenge,
            state: random_text(16)?,
        })
    }
}

/// `BASE64URL(SHA256(ASCII(code_verifier)))`, without padding (RFC 7636 §4.2).
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn random_text(bytes: usize) -> Result<String, ConnectorError> {
    let mut buf = Zeroizing::new(vec![0u8; bytes]);
    getrandom::fill(&mut buf).map_err(|_| ConnectorError::Refused {
        institution: "Coffer".into(),
        detail: "the system's random number generator is unavailable".into(),
    })?;
    Ok(URL_SAFE_NO_PAD.encode(&*buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_is_long_unreserved_and_fresh() {
        let a = Pkce::generate().unwrap();
        let b = Pkce::generate().unwrap();
        assert!((43..=128).contains(&a.verifier.len()));
        assert!(a
            .verifier
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-._~".contains(&c)));
        assert_ne!(*a.verifier, *b.verifier);
        assert_ne!(a.state, b.state);
        assert_eq!(a.challenge.len(), 43);
        assert!(!format!("{a:?}").contains(a.verifier.as_str()));
    }
}

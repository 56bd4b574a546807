//! The per-launch secret: 32 random bytes as hex, compared in constant time, never printed by `Debug`.

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The header every `/api/*` request carries the secret in.
pub const TOKEN_HEADER: &str = "x-coffer-token";

/// The per-launch secret of one `coffer serve` run. Its text is wiped from memory on drop.
pub struct Token(Zeroizing<String>);

impl Token {
    /// 32 bytes from the operating system's random source, as 64 lowercase hex digits.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut())?;
        Ok(Token(Zeroizing::new(hex::encode(bytes.as_ref()))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is this token, in time independent of where they first differ.
    pub fn matches(&self, candidate: &[u8]) -> bool {
        let expected = self.0.as_bytes();
        // `ct_eq` on slices of different lengths is false; the length itself is public (64).
        bool::from(expected.ct_eq(candidate))
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_digits_and_differ_per_launch() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_eq!(a.as_str().len(), 64);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.as_str(), b.as_str());
    }

    #[test]
    fn matches_only_the_exact_token() {
        let t = Token::generate().unwrap();
        assert!(t.matches(t.as_str().as_bytes()));
        assert!(!t.matches(&t.as_str().as_bytes()[..63]));
        assert!(!t.matches(b""));
        assert!(!t.matches(t.as_str().to_uppercase().as_bytes()));
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let t = Token::generate().unwrap();
        assert!(!format!("{t:?}").contains(t.as_str()));
    }
}

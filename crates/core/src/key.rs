//! Key material for the vault: the raw 256-bit key and the user's passphrase.
//!
//! Neither type can be cloned, serialized, compared or printed (no `Clone`, `Debug`, `Display`,
//! `Serialize`), and both are zeroized when dropped. The only way out of this module is the
//! SQLCipher `PRAGMA key`/`rekey` statement text, itself zeroized after use by the vault.

use std::io::Read;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// How a vault is unlocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyMode {
    /// A random 256-bit raw key kept in the OS keychain; unlock costs no KDF.
    Keychain,
    /// A passphrase stretched by SQLCipher 4's PBKDF2-HMAC-SHA512 (256,000 iterations).
    Passphrase,
}

impl KeyMode {
    pub fn as_str(&self) -> &'static str {
        match self {
            KeyMode::Keychain => "keychain",
            KeyMode::Passphrase => "passphrase",
        }
    }
}

/// Errors creating or reading key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the operating system's random number generator failed")]
    Random(#[source] getrandom::Error),
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    #[error("the passphrase is not valid UTF-8 text")]
    PassphraseNotText,
    #[error("could not read the passphrase")]
    ReadPassphrase(#[source] std::io::Error),
    #[error("the key stored in the keychain is not a 256-bit Coffer key")]
    MalformedStoredKey,
}

/// A random 256-bit SQLCipher raw key.
pub struct VaultKey(Zeroizing<[u8; 32]>);

impl VaultKey {
    /// A fresh key from the operating system's CSPRNG.
    pub fn generate() -> Result<Self, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(KeyError::Random)?;
        Ok(VaultKey(bytes))
    }

    /// Rebuilds a key from the bytes a keychain returned; the input is zeroized.
    pub fn from_stored_bytes(mut stored: Vec<u8>) -> Result<Self, KeyError> {
        let result = if stored.len() == 32 {
            let mut bytes = Zeroizing::new([0u8; 32]);
            bytes.copy_from_slice(&stored);
            Ok(VaultKey(bytes))
        } else {
            Err(KeyError::MalformedStoredKey)
        };
        stored.zeroize();
        result
    }

    /// A second zeroizing copy, for a second connection to the same vault. Crate-private and not
    /// `Clone`, so copies are made only where the vault needs one.
    pub(crate) fn duplicate(&self) -> Self {
        VaultKey(Zeroizing::new(*self.0))
    }

    /// The bytes to hand to a keychain.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// SQLCipher's raw-key text `x'<64 hex digits>'`, as bound to `ATTACH ... KEY ?`.
    pub(crate) fn sqlcipher_text(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(67));
        text.push_str("x'");
        for byte in self.0.iter() {
            text.push(hex_digit(byte >> 4));
            text.push(hex_digit(byte & 0x0f));
        }
        text.push('\'');
        text
    }

    /// The raw-key text quoted for `PRAGMA key`: `"x'<64 hex digits>'"`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let text = self.sqlcipher_text();
        let mut literal = Zeroizing::new(String::with_capacity(text.len() + 2));
        literal.push('"');
        literal.push_str(&text);
        literal.push('"');
        literal
    }
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

/// A passphrase typed by the user.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes ownership of the text; an empty passphrase is refused.
    pub fn new(text: String) -> Result<Self, KeyError> {
        let text = Zeroizing::new(text);
        if text.is_empty() {
            return Err(KeyError::EmptyPassphrase);
        }
        Ok(Passphrase(text))
    }

    /// Reads a passphrase from a stream (stdin, a file): everything up to the first line break.
    pub fn read_from(mut reader: impl Read) -> Result<Self, KeyError> {
        let mut raw = Zeroizing::new(Vec::new());
        reader
            .read_to_end(&mut raw)
            .map_err(KeyError::ReadPassphrase)?;
        let text = std::str::from_utf8(&raw).map_err(|_| KeyError::PassphraseNotText)?;
        let first_line = text.split(['\n', '\r']).next().unwrap_or("");
        Passphrase::new(first_line.to_string())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// A second zeroizing copy (see [`VaultKey::duplicate`]).
    pub(crate) fn duplicate(&self) -> Self {
        Passphrase(Zeroizing::new(self.0.as_str().to_string()))
    }

    /// SQLCipher's passphrase literal: the text in single quotes, quotes doubled.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(self.0.len() + 2));
        text.push('\'');
        for ch in self.0.chars() {
            if ch == '\'' {
                text.push('\'');
            }
            text.push(ch);
        }
        text.push('\'');
        text
    }
}

/// The secret that unlocks a vault, in whichever mode it uses.
pub enum KeyMaterial {
    Raw(VaultKey),
    Passphrase(Passphrase),
}

impl KeyMaterial {
    pub fn mode(&self) -> KeyMode {
        match self {
            KeyMaterial::Raw(_) => KeyMode::Keychain,
            KeyMaterial::Passphrase(_) => KeyMode::Passphrase,
        }
    }

    /// A second zeroizing copy (see [`VaultKey::duplicate`]).
    pub(crate) fn duplicate(&self) -> Self {
        match self {
            KeyMaterial::Raw(key) => KeyMaterial::Raw(key.duplicate()),
            KeyMaterial::Passphrase(p) => KeyMaterial::Passphrase(p.duplicate()),
        }
    }

    /// The statement literal for `PRAGMA key`/`rekey`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        match self {
            KeyMaterial::Raw(key) => key.sqlcipher_literal(),
            KeyMaterial::Passphrase(p) => p.sqlcipher_literal(),
        }
    }

    /// The key text to bind as a parameter of `ATTACH DATABASE ? AS x KEY ?`.
    pub(crate) fn sqlcipher_text(&self) -> Zeroizing<String> {
        match self {
            KeyMaterial::Raw(key) => key.sqlcipher_text(),
            KeyMaterial::Passphrase(p) => Zeroizing::new(p.as_str().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_literal_is_64_hex_digits() {
        let key = VaultKey::generate().unwrap();
        let literal = key.sqlcipher_literal();
        assert_eq!(literal.len(), 64 + 5);
        assert!(literal.starts_with("\"x'") && literal.ends_with("'\""));
        assert!(literal[3..67].bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn two_keys_differ() {
        let a = VaultKey::generate().unwrap();
        let b = VaultKey::generate().unwrap();
        assert_ne!(a.as_bytes(), b.as_bytes());
    }

    #[test]
    fn passphrase_quotes_are_escaped() {
        let p = Passphrase::new("it's".into()).unwrap();
        assert_eq!(p.sqlcipher_literal().as_str(), "'it''s'");
    }

    #[test]
    fn passphrase_reads_first_line_only() {
        let p = Passphrase::read_from(&b"correct horse\nignored\n"[..]).unwrap();
        assert_eq!(p.as_str(), "correct horse");
        assert!(matches!(
            Passphrase::read_from(&b"\n"[..]),
            Err(KeyError::EmptyPassphrase)
        ));
    }

    #[test]
    fn duplicates_carry_the_same_key() {
        let key = KeyMaterial::Raw(VaultKey::generate().unwrap());
        assert_eq!(
            key.duplicate().sqlcipher_literal().as_str(),
            key.sqlcipher_literal().as_str()
        );
        let p = KeyMaterial::Passphrase(Passphrase::new("it's".into()).unwrap());
        assert_eq!(p.duplicate().sqlcipher_literal().as_str(), "'it''s'");
    }

    #[test]
    fn stored_key_must_be_32_bytes() {
        assert!(VaultKey::from_stored_bytes(vec![1; 31]).is_err());
        assert!(VaultKey::from_stored_bytes(vec![1; 32]).is_ok());
    }
}

//! Coffer's core: the domain model, the encrypted vault and everything that reads or writes it.
//!
//! This crate knows nothing of Tauri, clap or the UI. Only [`vault`] speaks SQL; only the
//! connectors (later) speak HTTP; analytics (later) are pure functions over data.

pub mod analytics;
pub mod categorize;
pub mod charts;
pub mod connectors;
pub mod domain;
pub mod export;
pub mod import;
pub mod key;
pub mod keychain;
pub mod money;
pub mod paths;
pub mod reports;
pub mod sync;
pub mod vault;

pub use key::{KeyMode, Passphrase, VaultKey};
pub use money::{Currency, Money, MoneyError};
pub use vault::{Vault, VaultError, VaultStatus};

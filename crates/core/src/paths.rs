//! Where Coffer keeps its files by default: the OS data directory.

use std::path::PathBuf;

/// The default vault: `$XDG_DATA_HOME/coffer/vault.db` on Linux, `~/Library/Application
/// Support/coffer/vault.db` on macOS, `%APPDATA%\coffer\vault.db` on Windows.
pub fn default_vault_path() -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    base.join("coffer").join("vault.db")
}

/// The vault path the user asked for: `COFFER_VAULT` if set, else the default.
pub fn vault_path_from_env() -> PathBuf {
    match std::env::var_os("COFFER_VAULT") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => default_vault_path(),
    }
}

//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "coffer",
    version,
    about = "Coffer: your cards, savings and CDs in an encrypted vault on this machine"
)]
pub struct Cli {
    /// The vault file (default: the OS data directory; or set COFFER_VAULT).
    #[arg(long, global = true, env = "COFFER_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    #[command(flatten)]
    pub passphrase: PassphraseArgs,

    /// Print JSON instead of text for people.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the vault passphrase comes from. Never from an argument: arguments are visible to
/// every user of the machine.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct PassphraseArgs {
    /// Read the vault passphrase from the first line of standard input.
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
    /// Read the vault passphrase from the first line of a file.
    #[arg(long, global = true, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the vault passphrase from the named environment variable.
    #[arg(long, global = true, value_name = "NAME")]
    pub passphrase_env: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault (keychain key by default; a passphrase if one is given).
    Init,
    /// Show the vault's path, schema version, key source, row counts and integrity.
    Status,
    /// Change the passphrase, or move between keychain and passphrase protection.
    Rekey(RekeyArgs),
    /// Write an encrypted, portable copy of the vault, protected by a backup passphrase.
    Backup(BackupArgs),
    /// Create a new vault from a backup.
    Restore(RestoreArgs),
    /// Serve the web UI to a browser on this computer (loopback only); the first line of
    /// stdout is the URL to open, with its per-launch secret.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Protect the vault with a new random key kept in the OS keychain.
    #[arg(long, conflicts_with_all = ["new_passphrase_stdin", "new_passphrase_file"])]
    pub to_keychain: bool,
    /// Read the new passphrase from standard input (the line after the current one, if both).
    #[arg(long)]
    pub new_passphrase_stdin: bool,
    /// Read the new passphrase from a file.
    #[arg(long, value_name = "PATH")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the backup (must not exist).
    pub target: PathBuf,
    /// Read the backup passphrase from standard input (after the vault passphrase, if both).
    #[arg(long)]
    pub backup_passphrase_stdin: bool,
    /// Read the backup passphrase from a file.
    #[arg(long, value_name = "PATH")]
    pub backup_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore from.
    pub backup: PathBuf,
    /// Read the backup passphrase from standard input (before the new vault passphrase, if both).
    #[arg(long)]
    pub backup_passphrase_stdin: bool,
    /// Read the backup passphrase from a file.
    #[arg(long, value_name = "PATH")]
    pub backup_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Loopback address to listen on (127.0.0.0/8 or [::1]; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// The built web UI (default: the nearest ui/dist above the executable, else above the
    /// current directory).
    #[arg(long, env = "COFFER_UI_DIR", value_name = "DIR")]
    pub ui_dir: Option<PathBuf>,
}

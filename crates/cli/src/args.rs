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
    /// The sandbox bank: a synthetic bank on loopback for demos, tests and benchmarks.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Link a new connection to an institution.
    #[command(subcommand)]
    Link(LinkCommand),
    /// Sync every active connection (or one) and show progress.
    Sync(SyncArgs),
    /// List connections with their status, last sync and errors.
    Connections,
    /// Unlink a connection: its secrets are erased at once; --purge deletes its data too.
    Unlink(UnlinkArgs),
    /// List accounts with their latest balances.
    Accounts,
    /// List transactions, newest first.
    Transactions(TransactionsArgs),
    /// Create (or refresh) the demo vault, synced from an in-process sandbox bank.
    Demo,
    /// Import an OFX/QFX or CSV statement file (format detected); re-importing changes nothing.
    Import(ImportArgs),
    /// An analysis: net worth, spending, FICO trend, rewards ledger, CD ladder, recurring payments.
    Report(ReportArgs),
    /// Write a table to CSV: every row matching the filters, formulas neutralized.
    Export(ExportArgs),
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the sandbox bank; prints its base URL as the first line of stdout.
    Serve(SandboxServeArgs),
    /// Print what a full sync of the data set must produce.
    Truth(SandboxDataArgs),
    /// Write an account's statement download (OFX 1.x/2.x, QFX or a Barclaycard CSV layout).
    File(SandboxFileArgs),
}

#[derive(Debug, Args)]
pub struct SandboxFileArgs {
    #[command(flatten)]
    pub data: SandboxDataArgs,
    /// The sandbox account id (see `coffer sandbox truth --json`).
    #[arg(long)]
    pub account: String,
    #[arg(long, value_parser = ["ofx1", "ofx2", "qfx", "csv-short", "csv-category"])]
    pub format: String,
    /// Where to write the file.
    #[arg(long)]
    pub out: PathBuf,
}

/// The sandbox's data set: the same knobs give the same data every time.
#[derive(Debug, Clone, Args)]
pub struct SandboxDataArgs {
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, default_value_t = 4)]
    pub cards: u32,
    #[arg(long, default_value_t = 1)]
    pub savings: u32,
    #[arg(long, default_value_t = 3)]
    pub cds: u32,
    /// Months of history.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Purchases per card per month.
    #[arg(long, default_value_t = 60)]
    pub tx_per_month: u32,
}

#[derive(Debug, Args)]
pub struct SandboxServeArgs {
    /// Loopback address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    #[command(flatten)]
    pub data: SandboxDataArgs,
    /// Faults to inject, e.g. "latency=50ms,5xx=0.1,429=0.05,drop=0.05".
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// The card issuer API: asks for username, password and one-time code (or reads three
    /// lines from stdin when it is not a terminal).
    Issuer(LinkIssuerArgs),
    /// An FDX (Section 1033) data provider: signs in through your browser (OAuth 2.0 with PKCE).
    Fdx(LinkFdxArgs),
    /// A SimpleFIN Bridge: reads the setup token from standard input.
    Simplefin(LinkSimplefinArgs),
    /// OFX Direct Connect: asks for the OFX user id and password (or reads two stdin lines).
    Ofx(LinkOfxArgs),
}

#[derive(Debug, Args)]
pub struct LinkOfxArgs {
    /// The institution's OFX server URL.
    #[arg(long)]
    pub url: String,
    /// An account to download: CREDITCARD:<account> or CHECKING|SAVINGS|MONEYMRKT|CD:<bank id>:<account>.
    #[arg(long = "account", required = true)]
    pub accounts: Vec<String>,
    /// The institution's OFX FI/ORG.
    #[arg(long)]
    pub org: Option<String>,
    /// The institution's OFX FI/FID.
    #[arg(long)]
    pub fid: Option<String>,
    /// Speak OFX 2.2 (XML) instead of 1.0.2 (SGML).
    #[arg(long)]
    pub xml: bool,
    #[arg(long, default_value = "OFX Direct Connect")]
    pub institution: String,
}

#[derive(Debug, Args)]
pub struct LinkFdxArgs {
    /// The FDX API base URL, e.g. https://bank.example/fdx/v6.
    #[arg(long)]
    pub url: String,
    /// The OAuth issuer whose metadata names the authorize and token endpoints (default: the
    /// API URL's origin).
    #[arg(long)]
    pub issuer: Option<String>,
    /// The client id Coffer is registered under at the provider.
    #[arg(long, default_value = "coffer")]
    pub client_id: String,
    #[arg(long, default_value = "FDX provider")]
    pub institution: String,
}

#[derive(Debug, Args)]
pub struct LinkSimplefinArgs {
    #[arg(long, default_value = "SimpleFIN Bridge")]
    pub institution: String,
}

#[derive(Debug, Args)]
pub struct LinkIssuerArgs {
    /// The issuer API's base URL (the sandbox prints its own).
    #[arg(long)]
    pub url: String,
    /// Institution name to show.
    #[arg(long, default_value = "Barclays US")]
    pub institution: String,
    /// Scopes to request (comma-separated); default: all the API offers.
    #[arg(long, value_delimiter = ',')]
    pub scopes: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Sync only this connection.
    #[arg(long)]
    pub connection: Option<i64>,
}

#[derive(Debug, Args)]
pub struct UnlinkArgs {
    pub id: i64,
    /// Also delete every row that came from the connection.
    #[arg(long)]
    pub purge: bool,
}

#[derive(Debug, Args)]
pub struct TransactionsArgs {
    #[arg(long)]
    pub account: Option<i64>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    #[arg(long, value_parser = ["pending", "posted", "superseded", "expired"])]
    pub status: Option<String>,
    /// Full-text search over merchant, description and memo.
    #[arg(long)]
    pub search: Option<String>,
    /// At most this many rows.
    #[arg(long)]
    pub limit: Option<u32>,
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

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import.
    pub file: PathBuf,
    /// The account the rows belong to (CSV files whose preamble does not name one).
    #[arg(long)]
    pub account: Option<i64>,
    /// A saved CSV column mapping to use (or, with --mapping-file, the name to save it under).
    #[arg(long, value_name = "NAME")]
    pub mapping: Option<String>,
    /// A CSV column mapping as JSON (saved under --mapping NAME when given).
    #[arg(long, value_name = "PATH")]
    pub mapping_file: Option<PathBuf>,
    /// Show what would change; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(value_parser = ["networth", "spend", "fico", "rewards", "cds", "recurring"])]
    pub kind: String,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub account: Option<i64>,
    /// The day the report is made for (expiries, maturities); default today.
    #[arg(long)]
    pub today: Option<chrono::NaiveDate>,
    /// Write the chart as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Write the chart as PNG (drawn with a font built into coffer, the same everywhere).
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_parser = ["transactions", "accounts", "statements", "fico", "rewards", "cds", "transfers", "card-events"])]
    pub kind: String,
    /// The CSV file to write.
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    #[arg(long)]
    pub account: Option<i64>,
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// Category name (transactions).
    #[arg(long)]
    pub category: Option<String>,
    /// Transaction status (default: all).
    #[arg(long)]
    pub status: Option<String>,
    /// Text search.
    #[arg(long)]
    pub search: Option<String>,
    /// Columns to write, in order (comma-separated); default all.
    #[arg(long, value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
}
